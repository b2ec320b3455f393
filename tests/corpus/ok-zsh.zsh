#!/usr/bin/env zsh
# zsh helper used by the release engineers on their laptops.
emulate -L zsh
setopt err_exit pipe_fail

typeset -A snaps
snaps=(us-east-1 snap-0a1b2c3d4e5f60718 eu-central-1 snap-0f1e2d3c4b5a69788)

for region snap in ${(kv)snaps}; do
  print -P "%F{green}==>%f ${region}"
  aws ec2 register-image --region "$region" \
    --name "bastion-$(date +%Y.%m.%d)" \
    --architecture x86_64 --virtualization-type hvm \
    --ena-support --imds-support v2.0 --boot-mode uefi \
    --root-device-name /dev/xvda \
    --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${snap},VolumeType=gp3}" \
    --output text --query ImageId
done
