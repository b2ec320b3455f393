#!/bin/bash
# Register, then pull the id out with jq (the team's jq habit).
set -euo pipefail

SNAP=snap-0123456789abcdef0

IMAGE_ID=$(aws ec2 register-image \
  --name "jq-style-$(date +%F)" \
  --architecture x86_64 \
  --virtualization-type hvm \
  --ena-support \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mapping "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}" \
  --dry-run | jq -r '.ImageId')

echo "$IMAGE_ID"

# second call, for the DR region, uses the image id from the first
DR_ID=$(aws --region us-west-2 ec2 register-image \
  --name "jq-style-dr-$(date +%F)" \
  --architecture x86_64 \
  --virtualization-type hvm \
  --ena-support \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}" \
  | jq -r .ImageId)
echo "$DR_ID"
