#!/usr/bin/env bash
# Release tool: the same request issued through the forms people actually use.
set -uo pipefail

BDM='DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3}'
common=(--architecture x86_64 --virtualization-type hvm --ena-support --imds-support v2.0)

register_plain() {
  if ! id=$(AWS_PAGER="" aws --profile release --region eu-west-1 --output text ec2 register-image \
      --name "release-$1" "${common[@]}" \
      --root-device-name /dev/xvda --block-device-mappings "$BDM" --query ImageId); then
    echo "register failed" >&2
    return 1
  fi
  echo "$id"
}

case "${1:-plain}" in
  plain)
    register_plain "$(date +%s)"
    ;;
  sudo)
    sudo -E command aws ec2 register-image --name release-sudo \
      --architecture arm64 --boot-mode uefi --virtualization-type hvm --ena-support \
      --imds-support v2.0 --root-device-name /dev/xvda --block-device-mappings "$BDM" \
      --output text --query ImageId || exit 1
    ;;
  legacy)
    ID=`/usr/local/bin/aws ec2 register-image --name 'release legacy (x86)' --architecture x86_64 --virtualization-type hvm --ena-support --imds-support v2.0 --root-device-name /dev/xvda --block-device-mappings "$BDM" --output text --query ImageId`
    echo "$ID"
    ;;
esac

# aws ec2 register-image --name commented-out-call
echo "aws ec2 register-image is run above" && \aws ec2 register-image \
  --name $'release-\x61nsi' --architecture x86_64 --virtualization-type hvm \
  --ena-support --imds-support v2.0 --root-device-name /dev/xvda \
  --block-device-mappings "$BDM" --output text --query ImageId
aws ec2 describe-images --owners self --filters Name=name,Values=release-*
