"""AMI003 keeps the AWS CLI's message and says in words what is wrong (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

SNAP = "snap-0db2cf683925d191f"


def _found(*args: str, cwd: Path | None = None) -> list[tuple[str, str, str | None]]:
    result = run_cli("--format", "json", *args, cwd=cwd)
    assert result.stderr == "" and result.returncode == 1, result.stderr
    return [
        (f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}", d["message"], d["hint"])
        for d in json.loads(result.stdout)["diagnostics"]
        if d["rule"] == "AMI003"
    ]


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        pytest.param(
            "block-device-mappings",
            f"DeviceName=/dev/xvda,Ebs={{SnapshotId={SNAP},VolumeSize=8",
            (
                "1:73-1:73 AMI003",
                "Expected: ',', received: 'EOF'",
                "The `{` at 1:26 is never closed: add `}`",
            ),
            id="missing-brace",
        ),
        pytest.param(
            "tag-specifications",
            "ResourceType=image,Tags=[{Key=team,Value=web}",
            (
                "1:46-1:46 AMI003",
                "Expected: ',', received: 'EOF'",
                "The `[` at 1:25 is never closed: add `]`",
            ),
            id="missing-bracket",
        ),
        pytest.param(
            "tag-specifications",
            "ResourceType=image,Tags=[{Key=team,Value=web",
            (
                "1:45-1:45 AMI003",
                "Expected: ',', received: 'EOF'",
                "The `[` at 1:25 and the `{` at 1:26 are never closed: add `}]`",
            ),
            id="missing-brace-and-bracket",
        ),
        pytest.param(
            "tag-specifications",
            "ResourceType=image,Tags=[{Key=team,Value}]",
            (
                "1:41-1:42 AMI003",
                "Expected: '=', received: '}'",
                "`Value` has no `=`: write `Value=` and its value",
            ),
            id="missing-equals",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName=/dev/xvda,Ebs={VolumeSize=8},",
            ("1:41-1:41 AMI003", "Expected: '=', received: 'EOF'", "Nothing follows the last `,`: remove it"),
            id="trailing-comma-after-brace",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName=/dev/sdb,",
            (
                "1:21-1:21 AMI003",
                "Expected: '<second>', received: '<none>'",
                "Remove the trailing `,` or add the missing value",
            ),
            id="trailing-comma-after-value",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName='/dev/xvda,Ebs={VolumeSize=8}",
            (
                "1:12-1:13 AMI003",
                "Expected: '<singled quoted>', received: '<none>'",
                "The `'` at 1:12 is never closed: add the closing `'`",
            ),
            id="unclosed-quote",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName=/dev/xvda,Ebs={VolumeSize=8]",
            (
                "1:39-1:40 AMI003",
                "Expected: ',', received: ']'",
                "This `]` cannot close the `{` at 1:26: write `}`",
            ),
            id="wrong-closer",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName=/dev/xvda,Ebs={VolumeSize=8}}",
            (
                "1:40-1:41 AMI003",
                "Expected: ',', received: '}'",
                "This `}` closes nothing: no `{` is open here",
            ),
            id="extra-brace",
        ),
        pytest.param(
            "block-device-mappings",
            "DeviceName=/dev/xvda Ebs={VolumeSize=8}",
            (
                "1:39-1:40 AMI003",
                "Expected: ',', received: '}'",
                "This `}` closes nothing: the `{` at 1:26 was read as part of a value (a `,` missing?)",
            ),
            id="missing-comma-before-key",
        ),
        pytest.param(
            "tag-specifications",
            "ResourceType=image,Tags=[{Key=team,Value=web}{Key=env,Value=prod}]",
            (
                "1:46-1:47 AMI003",
                "Expected: ',', received: '{'",
                "After an item of the `[` at 1:25 comes `,` or `]`",
            ),
            id="missing-comma-between-items",
        ),
    ],
)
def test_malformed_value_on_its_own(option: str, value: str, expected: tuple[str, str, str]) -> None:
    assert _found("--shorthand", option, value) == [expected]


def test_malformed_values_in_a_build_script(tmp_path: Path) -> None:
    """The hint's positions are the script's, even across a line continuation."""
    (tmp_path / "register.sh").write_text(
        "#!/bin/bash\n"
        "set -euo pipefail\n"
        "ROOT_SNAPSHOT=$(aws ec2 describe-snapshots --owner-ids self \\\n"
        "  --query 'Snapshots[0].SnapshotId' --output text)\n"
        'aws ec2 register-image --name "web-$(date +%F)" --architecture x86_64 \\\n'
        "  --virtualization-type hvm --ena-support --root-device-name /dev/xvda \\\n"
        f'  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId={SNAP},\\\n'
        'VolumeType=gp3" \\\n'
        "  --tag-specifications 'ResourceType=image,Tags=[{Key=team,Value}]'\n",
        encoding="utf-8",
    )
    assert _found("register.sh", cwd=tmp_path) == [
        ("8:15-8:15 AMI003", "Expected: ',', received: 'EOF'", "The `{` at 7:53 is never closed: add `}`"),
        (
            "9:65-9:66 AMI003",
            "Expected: '=', received: '}'",
            "`Value` has no `=`: write `Value=` and its value",
        ),
    ]
