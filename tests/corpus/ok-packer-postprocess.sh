#!/usr/bin/env bash
# Packer shell-local post-processor: registers the imported snapshot as an AMI.
# Invoked from the template as:
#   post-processor "shell-local" { script = "scripts/ok-packer-postprocess.sh" }
set -euo pipefail

MANIFEST="${PACKER_MANIFEST:-packer-manifest.json}"
REGION="${AWS_REGION:-eu-west-1}"

snapshot_id() {
  # the last build's artifact id looks like "eu-west-1:snap-0123456789abcdef0"
  jq -r '.builds[-1].artifact_id' "$MANIFEST" | cut -d: -f2
}

SNAP_ID="$(snapshot_id)"
BUILD_DATE="$(date -u +%Y%m%d%H%M)"
IMAGE_NAME="base-al2023-x86_64-${BUILD_DATE}"

echo "Registering ${IMAGE_NAME} from ${SNAP_ID} in ${REGION}"

IMAGE_ID=$(aws --region "$REGION" ec2 register-image \
  --name "$IMAGE_NAME" \
  --description "Base image built by Packer on ${BUILD_DATE}" \
  --architecture x86_64 \
  --virtualization-type hvm \
  --boot-mode uefi-preferred \
  --ena-support \
  --imds-support v2.0 \
  --root-device-name /dev/xvda \
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP_ID},VolumeSize=20,VolumeType=gp3,DeleteOnTermination=true}" \
  --tag-specifications 'ResourceType=image,Tags=[{Key=team,Value=platform},{Key=source,Value=packer}]' \
  --query ImageId --output text)

echo "Registered ${IMAGE_ID}"
aws --region "$REGION" ec2 wait image-available --image-ids "$IMAGE_ID"
