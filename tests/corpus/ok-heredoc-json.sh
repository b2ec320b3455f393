#!/bin/bash
# Registers an image from a fixed snapshot; prints release notes with heredocs.
set -euo pipefail

cat <<EOF
Registering the golden image.
  aws ec2 register-image --name "this line is only text"
EOF

cat > /tmp/notes.md <<'NOTES'
# Release notes
- kernel 6.1
- JSON: {"Ebs": {"VolumeType": "io1"}}
NOTES

aws ec2 register-image \
  --name 'golden-2024.06.01' \
  --architecture x86_64 \
  --virtualization-type hvm \
  --ena-support \
  --imds-support v2.0 \
  --boot-mode uefi \
  --root-device-name /dev/sda1 \
  --block-device-mappings '[
    {"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeSize": 16, "VolumeType": "gp3", "Throughput": 250}},
    {"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 100, "VolumeType": "io2", "Iops": 5000}},
    {"DeviceName": "/dev/sdc", "NoDevice": ""}
  ]' \
  --tag-specifications '[{"ResourceType": "image", "Tags": [{"Key": "release", "Value": "2024.06.01"}]}]' \
  --output text --query ImageId

tee /dev/null <<EOF
done
EOF
