#!/usr/bin/env bash
# Registers the nightly image from the root volume's snapshot.
# Every command below has a mistake that ami-lint points at.
set -euo pipefail

SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self \
  --filters Name=tag:build,Values=nightly --query 'Snapshots[0].SnapshotId' --output text)

IMAGE_ID=$(aws --region eu-west-1 ec2 register-image \
  --name "nightly-$(date +%Y%m%d)" \
  --architecture arm64 \
  --boot-mode legacy-bios \
  --virtualization-type hvm \
  --ena-support true \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP_ID},VolumeType=gp3,Iops=100}" \
    DeviceName=/dev/xvdb,Ebs={VolumeSize=100,VolumeType=io1} \
  --query ImageId --output text)

echo "registered ${IMAGE_ID}"
