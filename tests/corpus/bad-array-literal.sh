#!/usr/bin/env bash
# Flags kept in straight-line arrays at the top, for "readability".
set -euo pipefail

VOLUME='DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=io2,VolumeSize=8,Iops=16000}'
flags=(
  --architecture arm64
  --virtualization-type hvm
  --boot-mode legacy-bios
)
flags+=(--ena-support --imds-support v2.0)

aws ec2 register-image --name "arm-$(date +%s)" "${flags[@]}" \
  --root-device-name /dev/xvda \
  --block-device-mappings "$VOLUME" \
  --output text --query ImageId
