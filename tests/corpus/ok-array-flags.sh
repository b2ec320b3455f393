#!/usr/bin/env bash
# Builds the register-image flags in an array, depending on the target.
set -euo pipefail

arch="${ARCH:-x86_64}"
snap="${SNAPSHOT_ID:?}"

args=(--name "worker-${arch}-$(date +%Y%m%d)" --virtualization-type hvm)
args+=(--root-device-name /dev/xvda)
args+=(--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${snap},VolumeType=gp3}")

if [[ "$arch" == arm64 ]]; then
  args+=(--architecture arm64 --boot-mode uefi)
else
  args+=(--architecture x86_64)
fi

if [[ "${ENA:-yes}" == yes ]]; then
  args+=(--ena-support)
fi

if [[ -n "${IMDS_V2:-1}" ]]; then
  args+=(--imds-support v2.0)
fi

aws ec2 register-image "${args[@]}" --output text --query ImageId
