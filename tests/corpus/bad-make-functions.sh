#!/usr/bin/env bash
# Called from the Makefile:
#   register: ; ./scripts/bad-make-functions.sh $(ROOT_SNAP) $(DATA_SNAP)
set -euo pipefail
IFS=$'\n\t'

readonly ROOT_SNAP="${1:?usage: $0 ROOT_SNAP DATA_SNAP}"
readonly DATA_SNAP="${2:?usage: $0 ROOT_SNAP DATA_SNAP}"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

register_db_image() {
  local name="$1"
  log "registering ${name}"
  aws ec2 register-image \
    --name "${name}" \
    --architecture x86_64 \
    --virtualization-type hvm \
    --ena-support \
    --imds-support v2.0 \
    --root-device-name /dev/sda1 \
    --block-device-mappings \
      "DeviceName=/dev/sda1,Ebs={SnapshotId=${ROOT_SNAP},VolumeType=gp3,Iops=100}" \
      "DeviceName=/dev/sdf,Ebs={SnapshotId=${DATA_SNAP},VolumeType=io1,VolumeSize=500}" \
    --query ImageId --output text
}

main() {
  local id
  id="$(register_db_image "postgres-16-$(date +%Y%m%d)")"
  log "done: ${id}"
}

main "$@"
