"""The default rule set: AMI316 is opt-in (issue 14), through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

# A legacy image's build script: everything right, and no `--imds-support`
# because the agent on the image still speaks only IMDSv1.
LEGACY_BUILD = """\
#!/bin/bash
set -euo pipefail
BUILD_ID="${1:?build id}"
SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self \\
  --filters "Name=tag:Build,Values=${BUILD_ID}" --query 'Snapshots[0].SnapshotId' --output text)
IMAGE_ID=$(aws ec2 register-image \\
  --name "legacy-agent-${BUILD_ID}" \\
  --architecture x86_64 \\
  --virtualization-type hvm \\
  --ena-support \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP_ID},VolumeType=gp3}" \\
  --query ImageId --output text)
echo "$IMAGE_ID"
"""


def _located(stdout: str) -> list[str]:
    return [
        f"{d['path']}:{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}"
        for d in json.loads(stdout)["diagnostics"]
    ]


def test_imdsv2_rule_is_off_by_default(tmp_path: Path) -> None:
    (tmp_path / "build.sh").write_text(LEGACY_BUILD)
    result = run_cli("--format", "json", "build.sh", cwd=tmp_path)
    assert (result.returncode, _located(result.stdout), result.stderr) == (0, [], "")


def test_imdsv2_rule_runs_when_selected_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "build.sh").write_text(LEGACY_BUILD)
    for select in ("AMI316", "ALL,AMI316", "imdsv2-not-required"):
        result = run_cli("--format", "json", "--select", select, "build.sh", cwd=tmp_path)
        assert (result.returncode, _located(result.stdout)) == (0, ["build.sh:6:12-13:32 AMI316"]), select
    # A prefix does not turn on a rule that is off by default.
    result = run_cli("--format", "json", "--select", "AMI3", "build.sh", cwd=tmp_path)
    assert _located(result.stdout) == []


def test_imdsv2_rule_runs_when_selected_in_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "build.sh").write_text(LEGACY_BUILD)
    (tmp_path / ".ami-lint.yaml").write_text("select: [ALL, AMI316]\n")
    result = run_cli("--format", "json", "--fail-on", "warning", "build.sh", cwd=tmp_path)
    assert (result.returncode, _located(result.stdout)) == (1, ["build.sh:6:12-13:32 AMI316"])
    # A prefix selects the 3xx rules on by default, not AMI316.
    (tmp_path / ".ami-lint.yaml").write_text("select: [AMI3]\nfail-on: warning\n")
    result = run_cli("--format", "json", "build.sh", cwd=tmp_path)
    assert (result.returncode, _located(result.stdout)) == (0, [])
    (tmp_path / ".ami-lint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.ami-lint]\nselect = ["ALL", "imdsv2-not-required"]\n')
    result = run_cli("--format", "json", "build.sh", cwd=tmp_path)
    assert _located(result.stdout) == ["build.sh:6:12-13:32 AMI316"]


def test_imdsv2_rule_is_listed_and_explained_as_off_by_default() -> None:
    listing = run_cli("--list-rules").stdout.splitlines()
    line = next(x for x in listing if x.startswith("AMI316 "))
    assert line.endswith("(off by default)")
    as_json = {r["id"]: r for r in json.loads(run_cli("--list-rules", "--format", "json").stdout)}
    assert as_json["AMI316"]["default_enabled"] is False
    explained = run_cli("--explain", "AMI316").stdout
    assert "Default severity: warning (off by default)" in explained
    assert "hardening policy" in explained
    assert "ami-lint --select ALL,AMI316" in explained and "select: [ALL, AMI316]" in explained
