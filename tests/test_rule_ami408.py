"""Issue 14, item 5: AMI408 (image-id-not-extracted) only when the captured
JSON lands where an image id is expected: not when the script parses the
variable (`jq … <<< "$resp"`, `echo "$resp" | jq …`, a heredoc to `jq`,
`python -c`, `${resp//\\"/}`), still when it uses the variable as the id.

Each script goes through the real CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


def report(tmp_path: Path, script: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "publish-ami.sh"
    path.write_text(script, encoding="utf-8")
    proc = run_cli("--format", "json", "--select", "AMI408", str(path))
    assert proc.returncode == 0, proc.stderr  # a warning: exit 0 at the default --fail-on
    assert proc.stderr == ""
    return [
        (f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}", d["message"], d["hint"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]


REGISTER = """#!/bin/bash
set -euo pipefail
SNAPSHOT_ID=$(aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[0].SnapshotId' --output text)
{capture}=$(aws ec2 register-image {options}\\
  --name "base-$(date +%Y%m%d%H%M)" --architecture x86_64 --virtualization-type hvm \\
  --ena-support --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId=$SNAPSHOT_ID,VolumeType=gp3}}")
{use}
"""


@pytest.mark.parametrize(
    ("options", "use"),
    [
        ("--output json ", 'AMI_ID=$(jq -r .ImageId <<< "$RESPONSE")'),
        ("--output json ", 'AMI_ID=$(echo "$RESPONSE" | jq -r .ImageId)'),
        ("", "printf '%s\\n' \"$RESPONSE\" | jq -r .ImageId > ami-id.txt"),
        ("", "AMI_ID=$(jq -r .ImageId <<EOF\n$RESPONSE\nEOF\n)"),
        (
            "",
            'AMI_ID=$(python3 -c \'import json,sys; print(json.loads(sys.argv[1])["ImageId"])\' "$RESPONSE")',
        ),
        ("--query ImageId ", 'AMI_ID=${RESPONSE//\\"/}'),
        ("", 'echo "$RESPONSE" > register-response.json'),
    ],
    ids=["herestring", "pipe", "pipe-to-file", "heredoc", "python", "strip-quotes", "json-file"],
)
def test_json_the_script_parses_is_not_reported(tmp_path: Path, options: str, use: str) -> None:
    script = REGISTER.format(capture="RESPONSE", options=options, use=use)
    # Before: AMI408 at `RESPONSE` on line 4 in each.
    assert report(tmp_path, script) == []


def test_json_used_as_the_id_is_reported(tmp_path: Path) -> None:
    use = 'aws ec2 wait image-available --image-ids "$AMI_ID"\necho "Registered $AMI_ID" | tee -a build.log'
    script = REGISTER.format(capture="AMI_ID", options="", use=use)
    assert report(tmp_path, script) == [
        (
            "4:1-4:7 AMI408",
            "`AMI_ID` receives the JSON output of `register-image`, not a bare image id",
            "Add `--query ImageId --output text`",
        )
    ]


def test_query_without_output_text_is_still_a_quoted_string(tmp_path: Path) -> None:
    script = REGISTER.format(
        capture="AMI_ID", options="--query ImageId ", use='echo "ami_id=$AMI_ID" >> "$GITHUB_OUTPUT"'
    )
    assert report(tmp_path, script) == [
        (
            "4:1-4:7 AMI408",
            "`AMI_ID` receives the image id as a quoted JSON string, not a bare id",
            "Add `--output text`",
        )
    ]


@pytest.mark.parametrize(
    ("before", "options"),
    [
        ("", "--query ImageId --output text "),
        ("", "--output=text "),
        ("export AWS_DEFAULT_OUTPUT=text\n", ""),
        ('AWS_FLAGS="--region eu-west-1 --output text"\n', ""),
    ],
    ids=["output-text", "output-equals-text", "default-output-exported", "output-in-known-flags"],
)
def test_text_output_is_not_reported(tmp_path: Path, before: str, options: str) -> None:
    script = REGISTER.format(capture="AMI_ID", options=options, use='echo "$AMI_ID"')
    script = script.replace("set -euo pipefail\n", "set -euo pipefail\n" + before)
    if before.startswith("AWS_FLAGS"):
        # Split into words, the flags give `--output text` to `aws` itself.
        script = script.replace("$(aws ec2 register-image", "$(aws $AWS_FLAGS ec2 register-image")
    assert report(tmp_path, script) == []
