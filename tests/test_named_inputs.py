"""Nothing the user asked for is skipped without a word.

* A file named on the command line is read leniently: a request whose
  distinctive keys are misspelt (`BlockDeviceMapping`, `VirtualisationType`)
  is linted, and AMI101 names the key meant. A directory walk stays strict.
* A named file that still holds no request is said not linted, in one line on
  stderr that quotes nothing of it; the exit code stays 0 (it is no usage or
  I/O error, SPEC §3). `--quiet` (the pre-commit hook, which names every JSON,
  YAML and shell file) says nothing.
* Standard input without `--stdin-filename` is sniffed by its content.
* The summary counts the files linted, and a clean run at a terminal says so.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

# A request written by hand from the API reference, its distinctive keys misspelt.
MISSPELT = """\
{
  "Name": "web-2024-06-01",
  "BlockDeviceMapping": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp3"}}
  ],
  "VirtualisationType": "hvm",
  "RootDeviceNmae": "/dev/xvda"
}
"""
MISSPELT_YAML = """\
# ami-request.yaml: aws ec2 register-image --cli-input-yaml file://ami-request.yaml
Name: web-2024-06-01
blockDeviceMapping:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0123456789abcdef0, VolumeType: gp3}
virtualisationType: hvm
"""
PACKAGE = '{"name": "web", "version": "1.0.0", "description": "the web tier", "scripts": {"test": "jest"}}\n'
SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n  token: c2VjcmV0\n"
BUILD = '#!/bin/sh\nset -e\nmake dist\naws s3 cp dist/ "s3://$BUCKET/web/" --recursive\n'
UNKNOWN = "[unknown-parameter]"
NOTHING_FITS = (
    "standard input is not JSON (no `{` or `[` first), not a shell script (no `#!` line of a shell, "
    "no `aws ec2 register-image` call) and not a YAML mapping; name its kind with --stdin-filename"
)
NOT_A_REQUEST = (
    "not linted: not a register-image request: no key that only RegisterImage uses "
    "(`BlockDeviceMappings`, `RootDeviceName`, …) and fewer than two of its parameters"
)


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _editor(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.split(" — ")[0] for line in result.stdout.splitlines()]


def test_named_request_with_misspelt_keys_is_linted(tmp_path: Path) -> None:
    _write(tmp_path, "images/request.json", MISSPELT)
    result = run_cli("--format", "editor", "--select", "AMI101", "images/request.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert _editor(result) == [
        "images/request.json:3:3:3:23: error: AMI101 Unknown parameter `BlockDeviceMapping` " + UNKNOWN,
        "images/request.json:6:3:6:23: error: AMI101 Unknown parameter `VirtualisationType` " + UNKNOWN,
        "images/request.json:7:3:7:19: error: AMI101 Unknown parameter `RootDeviceNmae` " + UNKNOWN,
    ]
    assert "Did you mean `BlockDeviceMappings`?" in result.stdout
    # Met while walking, a document with only misspelt keys could be anything:
    # skipped, as before (`--verbose` says so).
    walked = run_cli("--verbose", "images", cwd=tmp_path)
    assert (walked.returncode, walked.stdout) == (0, "")
    assert walked.stderr == "images/request.json: skipped: not a register-image request\n"


def test_named_yaml_request_in_another_case_is_linted(tmp_path: Path) -> None:
    _write(tmp_path, "ami-request.yaml", MISSPELT_YAML)
    result = run_cli("--format", "editor", "--select", "AMI101", "ami-request.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert _editor(result) == [
        "ami-request.yaml:3:1:3:19: error: AMI101 Unknown parameter `blockDeviceMapping` [unknown-parameter]",
        "ami-request.yaml:6:1:6:19: error: AMI101 Unknown parameter `virtualisationType` [unknown-parameter]",
    ]


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("package.json", PACKAGE, NOT_A_REQUEST),
        ("k8s/secret.yaml", SECRET, NOT_A_REQUEST),
        ("scripts/build.sh", BUILD, "not linted: no `aws ec2 register-image` call in it"),
        (
            "notes.txt",
            "aws ec2 register-image --name web\n",
            "not linted: not a JSON, YAML, shell, Terraform, Packer, Markdown, make, Jenkins, Docker, "
            "JavaScript/TypeScript, Python or Go file by its name or `#!` line",
        ),
        (
            "broken.json",
            '{"name": "web", "token": "s3cr3t"',
            "not linted: does not parse and does not look like a register-image request",
        ),
    ],
)
def test_a_named_file_that_holds_no_request_is_said_not_linted(
    tmp_path: Path, name: str, text: str, why: str
) -> None:
    _write(tmp_path, name, text)
    result = run_cli(name, cwd=tmp_path)
    # One line, nothing of the file quoted; exit 0: no usage or I/O error.
    assert (result.returncode, result.stdout, result.stderr) == (0, "", f"{name}: {why}\n")
    assert "s3cr3t" not in result.stderr and "c2VjcmV0" not in result.stderr
    quiet = run_cli("--quiet", name, cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_pre_commit_names_every_file_and_hears_only_findings(tmp_path: Path) -> None:
    """As the hook runs it (`--force-exclude --quiet`): findings, and no line per unrelated file."""
    _write(tmp_path, "images/request.json", MISSPELT)
    _write(tmp_path, "package.json", PACKAGE)
    _write(tmp_path, "scripts/build.sh", BUILD)
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "  entry: ami-lint --force-exclude --quiet\n" in hook
    names = ("images/request.json", "package.json", "scripts/build.sh")
    result = run_cli("--force-exclude", "--quiet", "--select", "AMI101", *names, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert [line for line in result.stdout.splitlines() if ": error " in line] == [
        "images/request.json:3:3: error AMI101 Unknown parameter `BlockDeviceMapping` [unknown-parameter]",
        "images/request.json:6:3: error AMI101 Unknown parameter `VirtualisationType` [unknown-parameter]",
        "images/request.json:7:3: error AMI101 Unknown parameter `RootDeviceNmae` [unknown-parameter]",
    ]
    assert "Found" not in result.stdout  # --quiet: the findings only


# --- standard input without a name -------------------------------------------------

SCRIPT_NO_SHEBANG = """\
set -euo pipefail
SNAP_ID=$(jq -r '.snapshot_id' build/manifest.json)
aws ec2 register-image --name "web-$(date +%Y%m%d)" \\
  --architecture amd64 --virtualization-type hvm --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP_ID}"
"""


def test_stdin_is_sniffed() -> None:
    cases = [
        # No `#!` line: the register-image call makes it a script.
        (SCRIPT_NO_SHEBANG, "-:4:18:4:23: error: AMI104"),
        ("#!/usr/bin/env bash\n" + SCRIPT_NO_SHEBANG, "-:5:18:5:23: error: AMI104"),
        (
            '\n  {"Name": "web-1", "Architecture": "amd64", "ImageLocation": "b/web.manifest.xml"}\n',
            "-:2:37:2:44: error: AMI104",
        ),
        (
            "Name: web-1\nArchitecture: amd64\nImageLocation: b/web.manifest.xml\n",
            "-:2:15:2:20: error: AMI104",
        ),
    ]
    for text, expected in cases:
        result = run_cli("--format", "editor", "--select", "AMI104", "-", stdin=text)
        assert (result.returncode, result.stderr) == (1, ""), text
        assert [line.split(" `")[0] for line in result.stdout.splitlines()] == [expected]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "standard input is empty"),
        (
            "- name: web\n  image: nginx\n",
            NOTHING_FITS,
        ),
        (
            "#!/usr/bin/env python3\nimport boto3\n",
            NOTHING_FITS,
        ),
    ],
)
def test_stdin_that_nothing_fits_says_why(text: str, why: str) -> None:
    result = run_cli("-", stdin=text)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", f"-: not linted: {why}\n")


def test_stdin_json_that_is_no_request_is_said(tmp_path: Path) -> None:
    result = run_cli("-", stdin=PACKAGE)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", f"-: {NOT_A_REQUEST}\n")


# --- the summary and a clean run ------------------------------------------------------


def test_the_summary_counts_linted_files(tmp_path: Path) -> None:
    # `Name` and `Architecture`: a request even to the strict walk.
    _write(
        tmp_path,
        "repo/images/request.json",
        MISSPELT.replace('"hvm",', '"hvm",\n  "Architecture": "x86_64",'),
    )
    _write(tmp_path, "repo/package.json", PACKAGE)
    _write(tmp_path, "repo/scripts/build.sh", BUILD)
    _write(tmp_path, "repo/k8s/secret.yaml", SECRET)
    text = run_cli("--select", "AMI101", "repo", cwd=tmp_path)
    # The last lines: the count, then what `--fix` would fix (renames: unsafe).
    assert text.stdout.splitlines()[-2:] == [
        "Found 3 problems (3 errors, 0 warnings, 0 infos) in 1 file",
        "3 fixable with `--fix --unsafe-fixes`",
    ]
    assert text.stderr == ""
    report = json.loads(run_cli("--format", "json", "--select", "AMI101", "repo", cwd=tmp_path).stdout)
    assert report["summary"] == {"files": 1, "errors": 3, "warnings": 0, "infos": 0}


def _at_a_terminal(cwd: Path, *args: str) -> tuple[int, str]:
    """Run with standard output a pseudo-terminal; the exit code and stderr."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ami_lint", *args],
            stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE,
            cwd=cwd, env=env, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    return done.returncode, done.stderr


CLEAN = """\
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
  "VirtualizationType": "hvm",
  "EnaSupport": true,
  "ImdsSupport": "v2.0",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp3"}}
  ]
}
"""


def test_a_clean_run_at_a_terminal_says_so(tmp_path: Path) -> None:
    _write(tmp_path, "repo/images/request.json", CLEAN)
    _write(
        tmp_path,
        "repo/images/arm.json",
        CLEAN.replace("x86_64", "arm64").replace('"hvm",', '"hvm", "BootMode": "uefi",'),
    )
    _write(tmp_path, "repo/package.json", PACKAGE)
    assert _at_a_terminal(tmp_path, "repo") == (0, "No problems found in 2 files\n")
    assert _at_a_terminal(tmp_path, "repo/images/request.json") == (0, "No problems found in 1 file\n")
    assert _at_a_terminal(tmp_path, "repo/package.json") == (
        0,
        f"repo/package.json: {NOT_A_REQUEST}\nNo register-image request found: nothing was linted\n",
    )
    assert _at_a_terminal(tmp_path, "--quiet", "repo") == (0, "")
    # Piped, a clean run prints nothing at all.
    piped = run_cli("repo", cwd=tmp_path)
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, "", "")
