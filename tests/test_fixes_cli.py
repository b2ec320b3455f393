"""`--fix`, `--unsafe-fixes`, `--diff` and fixes on stdin, through the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

AMI = [sys.executable, "-m", "ami_lint"]

# Two abbreviated options (AMI411, safe fixes), and everything else in order.
SCRIPT = (
    "#!/bin/sh\r\n"
    "aws ec2 register-image --name web --architecture x86_64 --root-device-name /dev/xvda \\\r\n"
    "    --virtualization-type hvm --ena-support --boot-mode uefi --imds-support v2.0 \\\r\n"
    "    --tpm-support v2.0 \\\r\n"
    "    --block-device-mapping 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}' \\\r\n"
    "    --descr 'web server'\r\n"
)
FIXED = SCRIPT.replace("--block-device-mapping ", "--block-device-mappings ").replace(
    "--descr ", "--description "
)


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(
        [*AMI, *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=60, check=False
    )


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "register.sh"
    path.write_bytes(("\ufeff" + SCRIPT).encode())
    return path


def test_fix_writes_exactly_the_edits_and_exits_on_what_remains(script: Path) -> None:
    result = run("--fix", "register.sh", cwd=script.parent)
    # Byte order mark and CRLF line endings kept, only the two names changed.
    assert script.read_bytes() == ("\ufeff" + FIXED).encode()
    assert result.returncode == 0, result.stderr
    assert b"Fixed 2 findings in 1 file" in result.stderr
    again = run("--fix", "register.sh", cwd=script.parent)
    assert again.returncode == 0 and script.read_bytes() == ("\ufeff" + FIXED).encode()
    assert b"Fixed" not in again.stderr


def test_diff_writes_nothing_and_exits_1_when_there_is_a_diff(script: Path) -> None:
    before = script.read_bytes()
    result = run("--diff", "register.sh", cwd=script.parent)
    assert script.read_bytes() == before
    assert result.returncode == 1, result.stderr
    diff = result.stdout.decode()
    assert diff.startswith("--- a/register.sh\n+++ b/register.sh\n")
    assert "\n-    --descr 'web server'\r\n" in diff and "\n+    --description 'web server'\r\n" in diff
    assert b"Would fix 2 findings in 1 file" in result.stderr


def test_diff_exits_0_when_there_is_nothing_to_change(tmp_path: Path) -> None:
    (tmp_path / "r.sh").write_text(FIXED)
    result = run("--diff", "r.sh", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"")


def test_diff_applies_with_patch(script: Path) -> None:
    diff = run("--diff", "register.sh", cwd=script.parent).stdout
    subprocess.run(["patch", "-s", "-p1"], input=diff, cwd=script.parent, check=True)
    assert script.read_bytes() == ("\ufeff" + FIXED).encode()


def test_fix_on_stdin_prints_exactly_the_fixed_text(tmp_path: Path) -> None:
    result = run("--fix", "-", "--stdin-filename", "r.sh", cwd=tmp_path, stdin=SCRIPT.encode())
    assert result.stdout == FIXED.encode()
    assert result.returncode == 0
    # Nothing to fix: the text as it came.
    clean = run("--fix", "-", "--stdin-filename", "r.sh", cwd=tmp_path, stdin=FIXED.encode())
    assert clean.stdout == FIXED.encode() and clean.returncode == 0
    # What remains is reported on stderr.
    left = "aws ec2 register-image --name web --kernel aki-12345678\n"
    result = run("--fix", "-", "--stdin-filename", "r.sh", cwd=tmp_path, stdin=left.encode())
    assert result.stdout == b"aws ec2 register-image --name web --kernel-id aki-12345678\n"
    assert b"AMI305" in result.stderr and result.returncode == 1


def test_text_marks_fixable_findings_counts_them_and_links_the_rule_page(script: Path) -> None:
    out = run("register.sh", cwd=script.parent).stdout.decode()
    assert "warning AMI411 [*] `--block-device-mapping` is an abbreviation" in out
    assert "[*] 2 fixable with `--fix`\n" in out
    assert "     = help: https://github.com/ami-lint/ami-lint/blob/main/docs/rules/AMI411.md\n" in out


def test_json_carries_the_edits(script: Path) -> None:
    report = json.loads(run("--format", "json", "register.sh", cwd=script.parent).stdout)
    fixes = [(d["line"], d["column"], d["fix"]) for d in report["diagnostics"] if d["rule"] == "AMI411"]
    assert fixes[0] == (
        5,
        5,
        {
            "title": "Write `--block-device-mappings`",
            "safety": "safe",
            "edits": [
                {
                    "line": 5,
                    "column": 5,
                    "end_line": 5,
                    "end_column": 27,
                    "replacement": "--block-device-mappings",
                }
            ],
        },
    )
    assert all("fix" not in d for d in report["diagnostics"] if d["rule"] != "AMI411")


def test_sarif_carries_artifact_changes(script: Path) -> None:
    sarif = json.loads(run("--format", "sarif", "register.sh", cwd=script.parent).stdout)
    from tests.test_formatters import _validate

    _validate(sarif)  # SARIF 2.1.0, `fixes` included
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AMI411"]
    change = results[1]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "register.sh", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 12},
            "insertedContent": {"text": "--description"},
        }
    ]


def test_statistics_and_exit_zero(script: Path) -> None:
    result = run("--statistics", "--exit-zero", "register.sh", cwd=script.parent)
    assert result.returncode == 0
    assert result.stdout.decode() == "2  AMI411  [*]  abbreviated-option\n"


def test_a_file_read_through_file_uri_is_not_fixed(tmp_path: Path) -> None:
    """Its findings are about the script's request; only the files linted are written."""
    (tmp_path / "bdm.json").write_text('[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "GP3"}}]\n')
    script = tmp_path / "r.sh"
    script.write_text("aws ec2 register-image --name web --block-device-mapping file://bdm.json\n")
    result = run("--fix", "r.sh", cwd=tmp_path)
    assert (
        tmp_path / "bdm.json"
    ).read_text() == '[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "GP3"}}]\n'
    assert script.read_text() == "aws ec2 register-image --name web --block-device-mappings file://bdm.json\n"
    assert b"AMI104" in result.stdout and result.returncode == 1


def test_fix_a_tree_with_a_link_to_a_file_of_it(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.sh").write_text("aws ec2 register-image --name web --descr y\n")
    (tmp_path / "b.json").write_text('{"Name": "web", "Architecture": "AMD64", "EnaSupport": "true"}\n')
    (tmp_path / "link.json").symlink_to("b.json")
    result = run("--fix", ".", cwd=tmp_path)
    assert (tmp_path / "sub" / "a.sh").read_text() == "aws ec2 register-image --name web --description y\n"
    assert (
        tmp_path / "b.json"
    ).read_text() == '{"Name": "web", "Architecture": "x86_64", "EnaSupport": true}\n'
    assert (tmp_path / "link.json").is_symlink()
    assert result.returncode == 1 and b"Fixed 3 findings in 2 files" in result.stderr
