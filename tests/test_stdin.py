"""`ami-lint --stdin-filename PATH -` gives exactly the diagnostics of the file on disk.

Editors lint the unsaved buffer through stdin, so everything that depends on
the file's name must follow `--stdin-filename`: format detection, relative
`file://` references (against the named file's directory), inline
suppressions, and the paths in every report format.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """\
#!/bin/bash
set -euo pipefail
# ami-lint: disable=AMI316
IMAGE_ID=$(aws ec2 register-image \\
  --name "web-$(date +%Y%m%d)" \\
  --architecture amd64 \\
  --block-device-mappings file://mappings.json \\
  --cli-input-yaml file://request.yaml \\
  --ena-support true)
"""
MAPPINGS = """\
[
  {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "io2"}}
]
"""
REQUEST_YAML = """\
RootDeviceName: /dev/xvda
VirtualizationType: hvm   # ami-lint: disable=AMI311
BootMode: legacy_bios
"""


def _ami_lint(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "register.sh").write_text(SCRIPT, encoding="utf-8")
    (deploy / "mappings.json").write_text(MAPPINGS, encoding="utf-8")
    (deploy / "request.yaml").write_text(REQUEST_YAML, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "text", "editor", "github", "sarif"])
def test_stdin_matches_the_file_on_disk(project: Path, fmt: str) -> None:
    on_disk = _ami_lint(project, "--format", fmt, "deploy/register.sh")
    data = (project / "deploy/register.sh").read_bytes()
    from_stdin = _ami_lint(
        project, "--format", fmt, "--stdin-filename", "deploy/register.sh", "-", stdin=data
    )
    assert on_disk.returncode == from_stdin.returncode == 1
    assert from_stdin.stdout == on_disk.stdout
    assert from_stdin.stderr == on_disk.stderr == b""


def test_the_references_were_followed(project: Path) -> None:
    data = (project / "deploy/register.sh").read_bytes()
    out = _ami_lint(
        project, "--format", "editor", "--stdin-filename", "deploy/register.sh", "-", stdin=data
    ).stdout.decode()
    paths_and_rules = sorted(
        {(line.split(":")[0], line.split(": ")[2].split()[0]) for line in out.splitlines()}
    )
    # Findings in both referenced files, at their own paths; the suppressed ones are not there.
    assert ("deploy/mappings.json", "AMI208") in paths_and_rules
    assert ("deploy/request.yaml", "AMI104") in paths_and_rules
    assert ("deploy/register.sh", "AMI104") in paths_and_rules
    assert not any(rule in ("AMI316", "AMI311") for _, rule in paths_and_rules)


def test_an_edited_buffer_is_what_is_linted(project: Path) -> None:
    """The buffer, not the file on disk, is linted (with the file's references)."""
    edited = SCRIPT.replace("amd64", "x86_64").encode()
    out = _ami_lint(
        project, "--format", "editor", "--stdin-filename", "deploy/register.sh", "-", stdin=edited
    ).stdout.decode()
    assert "deploy/register.sh:6:" not in out
    assert "deploy/mappings.json:2:" in out
