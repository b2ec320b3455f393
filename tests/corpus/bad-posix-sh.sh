#!/bin/sh
# POSIX sh, runs in the alpine-based deploy container.
set -eu

SNAP="$1"
NAME="legacy-app-$(date +%s)"

if [ -z "$SNAP" ]; then
  echo "no snapshot" >&2
  exit 2
fi

aws ec2 register-image \
  --name "$NAME" \
  --virtualization-type hvm \
  --ena-support true \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP}" \
  --output text --query ImageId > image-id.txt

echo "registered $(cat image-id.txt)"
