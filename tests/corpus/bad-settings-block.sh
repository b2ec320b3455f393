#!/usr/bin/env bash
# Same shape as the release script, with mistakes kept in the settings.
set -euo pipefail

REGION="us-east-1"
NAME="legacy-web-$(date +%Y%m%d)"
ROOT="/dev/sda1"
# io2 at 20,000 IOPS on 10 GiB: more than 1,000 IOPS per GiB.
DISK="DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0abc1234def567890,VolumeType=io2,VolumeSize=10,Iops=20000}"
flags=(--architecture x86_64 --virtualization-type hvm --ena-support)
flags+=(--imds-support v2.0 --boot-mode legacy-bios --tpm-support v2.0)

if [[ "${DRY_RUN:-no}" == yes ]]; then
  echo "would register ${NAME}"
else
  IMAGE_ID=$(aws ec2 register-image --region "$REGION" --name "$NAME" "${flags[@]}" \
    --root-device-name "$ROOT" \
    --block-device-mappings "$DISK" \
    --query ImageId --output text)
  echo "registered ${IMAGE_ID}"
fi
