#!/bin/bash
# Body of a GitHub Actions step:
#   - name: Register AMI
#     shell: bash
#     run: ./ci/ok-gha-run.sh
#     env:
#       SNAPSHOT_ID: ${{ steps.import.outputs.snapshot_id }}
set -eo pipefail

: "${SNAPSHOT_ID:?SNAPSHOT_ID must be set}"
: "${GITHUB_SHA:=local}"

name="ci-runner-arm64-${GITHUB_RUN_NUMBER:-0}-${GITHUB_SHA:0:7}"

echo "::group::register-image"
image_id="$(
  aws ec2 register-image \
    --region us-east-1 \
    --name "${name}" \
    --architecture arm64 \
    --boot-mode uefi \
    --virtualization-type hvm \
    --ena-support \
    --imds-support v2.0 \
    --tpm-support v2.0 \
    --root-device-name /dev/xvda \
    --block-device-mappings '[{"DeviceName":"/dev/xvda","Ebs":{"SnapshotId":"'"${SNAPSHOT_ID}"'","VolumeSize":30,"VolumeType":"gp3","Iops":3000,"Throughput":125,"DeleteOnTermination":true}}]' \
    --output text --query ImageId
)"
echo "::endgroup::"

echo "image_id=${image_id}" >> "$GITHUB_OUTPUT"
echo "### Registered \`${image_id}\`" >> "$GITHUB_STEP_SUMMARY"
