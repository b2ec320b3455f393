#!/bin/bash
# Script de publication — vérifié par l'équipe
# イメージ登録スクリプト (日本)
set -eu

# étape 1 : enregistrer l'image
	aws ec2 register-image \
		--name "cafe-build" \
		--architecture x86_64 \
		--virtualization-type hvm \
		--ena-support \
		--imds-support v2.0 \
		--root-device-name /dev/xvda \
		--description "Café 日本 ✓" --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3} \
		--output text --query ImageId

# étape 2 — 日本リージョン
	aws --region ap-northeast-1 ec2 register-image \
		--name "tokyo-image" --description Tokyo build \
		--architecture x86_64 \
		--virtualization-type hvm \
		--ena-support \
		--imds-support v2.0 \
		--root-device-name /dev/xvda \
		--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3}" \
		--output text --query ImageId
