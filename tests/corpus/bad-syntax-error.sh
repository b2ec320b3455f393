#!/bin/bash
# Someone forgot to close a quote after the call.
set -euo pipefail

aws ec2 register-image \
  --name "broken-$(date +%s)" \
  --architecture x86_64 \
  --virtualization-type hvm \
  --ena-support \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=io1}" \
  --output text --query ImageId

echo "registered: $(date)
aws ec2 describe-images --owners self
echo done
