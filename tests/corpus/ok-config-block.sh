#!/usr/bin/env bash
# Release script: settings at the top, one function per step.
set -euo pipefail

readonly REGION="eu-central-1"
readonly ARCH="arm64"
ROOT_DEVICE="/dev/xvda"
VOLUME_TYPE="gp3"
IMAGE_PREFIX="platform-base"
common_flags=(
  --architecture "$ARCH"
  --virtualization-type hvm
  --boot-mode uefi
  --ena-support
  --imds-support v2.0
  --root-device-name "$ROOT_DEVICE"
)
common_flags+=(--tpm-support v2.0)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

latest_snapshot() {
  aws ec2 describe-snapshots --region "$REGION" --owner-ids self \
    --filters "Name=tag:Role,Values=${IMAGE_PREFIX}" \
    --query 'sort_by(Snapshots,&StartTime)[-1].SnapshotId' --output text
}

register() {
  local snapshot="$1"
  local name="${IMAGE_PREFIX}-$(date -u +%Y%m%d%H%M)"
  local mapping="DeviceName=${ROOT_DEVICE},Ebs={SnapshotId=${snapshot},VolumeType=${VOLUME_TYPE},DeleteOnTermination=true}"
  log "registering ${name}"
  aws ec2 register-image --region "$REGION" \
    --name "$name" \
    "${common_flags[@]}" \
    --block-device-mappings "$mapping" \
    --output text --query ImageId
}

main() {
  local snap
  snap="$(latest_snapshot)"
  if [[ -z "$snap" || "$snap" == "None" ]]; then
    log "no snapshot found"
    exit 1
  fi
  register "$snap"
}

main "$@"
