"""docs/security.md section 10b: `--baseline FILE` reads a file that may come
from the linted tree: a regular file only, at most 16 MiB, nested at most 16
levels; anything else is one line and exit 2, before any report."""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path

import pytest

from tests.security.test_reports import run_ami_lint

# The bounds docs/security.md states.
MAX_BASELINE_BYTES = 16 * 1024 * 1024
MAX_BASELINE_DEPTH = 16

REQUEST = '{"Name": "web", "Architecture": "amd64", "RootDeviceName": "/dev/xvda"}\n'
HINT = "(create it with --write-baseline base.json)"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    def memory() -> None:  # a baseline read whole must not take the machine with it
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return run_ami_lint(*args, cwd=cwd, preexec=memory)


@pytest.fixture
def where(tmp_path: Path) -> Path:
    (tmp_path / "a.json").write_text(REQUEST, encoding="utf-8")
    return tmp_path


def _refused(where: Path, line: str) -> None:
    result = _run("--baseline", "base.json", "a.json", cwd=where)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"ami-lint: error: {line}\n")


def test_a_fifo_does_not_hang(where: Path) -> None:
    os.mkfifo(where / "base.json")
    _refused(where, "cannot read baseline base.json: a named pipe, not a regular file")


def test_a_link_to_an_endless_device_is_not_read(where: Path) -> None:
    (where / "base.json").symlink_to("/dev/zero")
    _refused(where, "cannot read baseline base.json: a device, not a regular file")


def test_a_directory(where: Path) -> None:
    (where / "base.json").mkdir()
    _refused(where, "cannot read baseline base.json: a directory, not a regular file")


def test_size_is_capped(where: Path) -> None:
    assert _run("--write-baseline", "base.json", "a.json", cwd=where).returncode == 0
    recorded = (where / "base.json").read_text(encoding="utf-8")
    # Valid JSON, padded with white space: up to the cap it is read...
    padded = recorded + " " * (MAX_BASELINE_BYTES - len(recorded.encode()))
    (where / "base.json").write_text(padded, encoding="utf-8")
    assert os.path.getsize(where / "base.json") == MAX_BASELINE_BYTES
    result = _run("--baseline", "base.json", "a.json", cwd=where)
    assert (result.returncode, result.stderr) == (0, "")
    # ... one byte more is not.
    (where / "base.json").write_text(padded + " ", encoding="utf-8")
    _refused(where, f"cannot read baseline base.json: larger than {MAX_BASELINE_BYTES} bytes")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_nesting_is_bounded(where: Path, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    (where / "base.json").write_text(opening * 100_000 + "1" + closing * 100_000, encoding="utf-8")
    _refused(where, f"baseline base.json: nested deeper than {MAX_BASELINE_DEPTH} levels {HINT}")
    # Brackets inside strings are not nesting; a baseline at the bound is read.
    findings = [{"fingerprint": "[[[[{{{{" * 100, "path": "x]]]]", "rule": "AMI104"}]
    document: object = {"version": 1, "findings": findings}
    for _ in range(MAX_BASELINE_DEPTH - 3):
        document = {"version": 1, "findings": findings, "extra": document}
    (where / "base.json").write_text(json.dumps(document), encoding="utf-8")
    result = _run("--baseline", "base.json", "a.json", cwd=where)
    assert (result.returncode, result.stderr) == (1, "")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("[]", f"baseline base.json: not an ami-lint baseline of version 1 {HINT}"),
        (
            '{"version": 1,',
            "baseline base.json: not JSON "
            f"(Expecting property name enclosed in double quotes at line 1) {HINT}",
        ),
        (
            '{"version": 1, "findings": {"a": 1}}',
            "baseline base.json: `findings` must be a list of objects with a `fingerprint`",
        ),
        (
            '{"version": 1, "findings": [{"fingerprint": 5}]}',
            "baseline base.json: `findings` must be a list of objects with a `fingerprint`",
        ),
        (
            '{"version": 1, "fingerprint": "\\u001b]8;;evil\\u0007secret", "findings": []}',
            "baseline base.json: fingerprints of another kind than 'amiLint/v1', "
            f"the kind this ami-lint makes {HINT}",
        ),
        (
            "\udcff",
            "cannot read baseline base.json: "
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        ),
    ],
)
def test_bad_structure_is_one_line(where: Path, content: str, line: str) -> None:
    (where / "base.json").write_bytes(content.encode("utf-8", "surrogateescape"))  # \udcff: byte 0xff
    _refused(where, line)
