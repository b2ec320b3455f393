"""Command-line rules (AMI4xx) on whole scripts, and what the shell front end
records for them: the script's shell, where a call's output goes, and a
value given to a flag."""

from __future__ import annotations

import pytest

from ami_lint.diagnostics import Severity
from ami_lint.engine import Linter
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.registry import builtin_registry
from ami_lint.shell.calls import find_invocations, script_shell
from ami_lint.shell.cmdline import read_command_line
from ami_lint.source import Source, Span
from tests.conftest import lint

BUILD = """#!/usr/bin/env bash
# Build and register the web AMIs.
set -euo pipefail

REGION="${AWS_REGION:-eu-west-1}"
TAGS=(--tag-specifications 'ResourceType=image,Tags=[{Key=team,Value=web}]')

cat > notes.txt <<NOTES
aws ec2 register-image --dry-run true --name in-a-heredoc
NOTES

register_root() {
\tlocal image
\timage=$(aws --region "$REGION" ec2 register-image \\
\t\t--name "web-$(date +%F)" \\
\t\t--architecture x86_64 --virtualization-type hvm \\
\t\t--root-device-name /dev/xvda --ena-support true \\
\t\t--block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeType=gp3} \\
\t\t--query ImageId)
\techo "$image"
}

# Données : le second disque, pour les journaux — « data »
DATA_ID=$(aws ec2 register-image --name web-data --kernel aki-12345678 \\
    --description $DESCRIPTION --dry-run \\
    --name web-data-2 --root-device-name)

if [ -n "$DATA_ID" ]; then
    aws ec2 register-image --cli-input-json '{"Name": "web", "Architecture": "arm64"}' \\
        --architecture x86_64 "${TAGS[@]}" production | jq -r .ImageId
fi
"""

BUILD_FINDINGS = [
    ("AMI408", 14, 2),  # `image=$(…)` with --query but no --output text
    ("AMI402", 17, 46),  # --ena-support true
    ("AMI401", 18, 52),  # Ebs={…,…} unquoted
    ("AMI408", 24, 1),  # DATA_ID=$(…) without --query/--output
    ("AMI411", 24, 50),  # --kernel
    ("AMI409", 25, 32),  # --dry-run
    ("AMI404", 26, 5),  # the second --name
    ("AMI403", 26, 23),  # --root-device-name at the end
    ("AMI406", 30, 9),  # --architecture over the document's Architecture
]

CLEAN = """#!/bin/bash
set -euo pipefail
snapshot_id=$(aws ec2 describe-snapshots --filters Name=tag:build,Values="$BUILD" \\
    --query 'Snapshots[0].SnapshotId' --output text)

register() {
\tlocal name="$1"
\t# Résumé : un disque racine gp3
\taws --region "${REGION}" ec2 register-image \\
\t\t--name "$name" \\
\t\t--description "Web server ${name}" \\
\t\t--architecture x86_64 --virtualization-type hvm --boot-mode uefi \\
\t\t--ena-support --imds-support v2.0 \\
\t\t--root-device-name /dev/xvda \\
\t\t--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${snapshot_id},VolumeType=gp3}" \\
\t\t--tag-specifications 'ResourceType=image,Tags=[{Key=team,Value=web}]' \\
\t\t--query ImageId --output text
}

IMAGE_ID=$(register "web-$(date +%F)")
DATA_ID=$(aws ec2 register-image --name "data-$(date +%F)" --architecture arm64 \\
    --virtualization-type hvm --ena-support --imds-support v2.0 --root-device-name /dev/sda1 \\
    --block-device-mappings 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0db2cf683925d191f}' \\
    | jq -r .ImageId)
echo "$IMAGE_ID $DATA_ID"
"""

SPLICED = """#!/bin/bash
args=(--name "web-$(date +%F)" --architecture x86_64 --virtualization-type hvm)
args+=(--root-device-name /dev/xvda --imds-support v2.0 --ena-support)
if [ -n "${SNAPSHOT_ID:-}" ]; then
  args+=(--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAPSHOT_ID}")
fi
aws ec2 register-image "${args[@]}"
aws ec2 register-image $extra_flags
"""


def _rule_4xx(script: str, linter: Linter) -> list[tuple[str, int, int]]:
    diagnostics = lint(script, "build.sh", "shell", linter)
    return [(d.rule, d.start.line, d.start.column) for d in diagnostics if d.rule.startswith("AMI4")]


def test_build_script_findings(linter: Linter) -> None:
    assert _rule_4xx(BUILD, linter) == BUILD_FINDINGS


def test_build_script_stray_after_splice_is_not_reported(linter: Linter) -> None:
    # `production` follows `"${TAGS[@]}"`, which may end in a list option.
    assert ("AMI410", 30, 44) not in _rule_4xx(BUILD, linter)


def test_correct_script_is_clean(linter: Linter) -> None:
    diagnostics = lint(CLEAN, "build.sh", "shell", linter)
    assert [(d.rule, d.start.line, d.message) for d in diagnostics if d.severity >= Severity.WARNING] == []


def test_flags_built_in_an_array_are_not_missing(linter: Linter) -> None:
    diagnostics = lint(SPLICED, "build.sh", "shell", linter)
    assert [(d.rule, d.start.line, d.message) for d in diagnostics if d.severity >= Severity.WARNING] == []


def test_command_rules_are_silent_without_a_command_line() -> None:
    source = Source.from_text('{"Name": "web", "DryRun": true}', "r.json")
    request = Request(Mapping(source, Span(0, len(source.text))))
    for rule in builtin_registry():
        if rule.id.startswith("AMI4"):
            assert list(rule.check(request, Linter().context)) == []


@pytest.mark.parametrize(
    ("path", "text", "shell"),
    [
        ("a.sh", "#!/bin/bash\n", "bash"),
        ("a.sh", "#!/usr/bin/env -S dash -e\n", "dash"),
        ("a", "#!/bin/sh\n", "sh"),
        ("a.zsh", "echo\n", "zsh"),
        ("a.ksh", "echo\n", "ksh"),
        ("a.sh", "echo\n", None),
    ],
)
def test_script_shell(path: str, text: str, shell: str | None) -> None:
    assert script_shell(Source.from_text(text, path)) == shell


CAPTURES = {
    "X=$(aws ec2 register-image --name a)": "X",
    'local Y="$(aws ec2 register-image --name a 2>/dev/null)"': "Y",
    "export V=`aws ec2 register-image --name a`": "V",
    "A=$(cd /tmp && aws ec2 register-image --name a)": "A",
    "B=$(aws ec2 register-image --name a 2>&1)": "B",
    "C=$(echo x | aws ec2 register-image --name a)": "C",
    "Z=$(aws ec2 register-image --name a | jq -r .ImageId)": None,
    "W=$(aws ec2 register-image --name a > image.json)": None,
    "E=$(aws ec2 register-image --name a >&2)": None,
    "F=($(aws ec2 register-image --name a))": None,
    'echo "$(aws ec2 register-image --name a)"': None,
    "aws ec2 register-image --name a": None,
}


@pytest.mark.parametrize("script", sorted(CAPTURES))
def test_capture(script: str) -> None:
    source = Source.from_text(script + "\n", "t.sh")
    (invocation,) = find_invocations(source)
    capture = invocation.capture
    assert (capture.name if capture else None) == CAPTURES[script]
    if capture is not None:
        assert source.slice(capture.span) == capture.name


def test_value_after_flag_is_recorded() -> None:
    source = Source.from_text("aws ec2 register-image --ena-support true --name web x --dry-run\n", "t.sh")
    line = read_command_line(find_invocations(source)[0])
    flags = [(s.word.text, s.after_flag.spec.name if s.after_flag else None) for s in line.strays]
    assert flags == [("true", "--ena-support"), ("x", None)]
