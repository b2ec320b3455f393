#!/bin/bash
# Edited on Windows; checked out with CRLF line endings.
set -e

SNAP=snap-0123456789abcdef0

aws ec2 register-image \
  --name graviton-build \
  --architecture arm64 \
  --virtualization-type hvm \
  --boot-mode legacy-bios \
  --ena-support \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP},VolumeType=gp3}" \
  --name graviton-build-2 \
  --output text --query ImageId
