"""`key@=file://…` inside a shorthand value: the CLI reads the file's text in
place of the value, so it is checked there, with positions in that file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SCRIPT = """#!/bin/bash
aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm --ena-support \\
  --imds-support v2.0 --root-device-name /dev/xvda \\
  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={{SnapshotId@={ref}}}'
"""


def _lint(tmp_path: Path, ref: str, *extra: str) -> list[tuple[str, str, int, int, int, int, str]]:
    (tmp_path / "build").mkdir(exist_ok=True)
    (tmp_path / "build" / "register.sh").write_text(SCRIPT.format(ref=ref), encoding="utf-8")
    result = run_cli("--format", "json", *extra, "build/register.sh", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [
        (d["path"], d["rule"], d["line"], d["column"], d["end_line"], d["end_column"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def test_value_is_read_from_the_file_next_to_the_script(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "snap.txt").write_text("snap-123\n", encoding="utf-8")
    got = _lint(tmp_path, "file://snap.txt")
    # The CLI keeps the file's trailing newline: the id is malformed (shown
    # escaped), and the range is the whole file.
    assert [g[:6] for g in got] == [("build/snap.txt", "AMI107", 1, 1, 2, 1)]
    assert "`snap-123\\n`" in got[0][6]


def test_correct_value_in_the_file_is_clean(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "snap.txt").write_text("snap-0123456789abcdef0", encoding="utf-8")
    assert _lint(tmp_path, "file://snap.txt") == []


def test_missing_file_is_ami004_at_the_value(tmp_path: Path) -> None:
    got = _lint(tmp_path, "file://nope.txt")
    # `  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId@=` is 65 characters.
    assert [g[:6] for g in got] == [("build/register.sh", "AMI004", 4, 66, 4, 81)]


def test_binary_and_run_time_paths_are_not_read(tmp_path: Path) -> None:
    assert _lint(tmp_path, "fileb://snap.bin") == []
    got = _lint(tmp_path, "file://~/snap.txt", "--select", "AMI005")
    assert [g[:6] for g in got] == [("build/register.sh", "AMI005", 4, 66, 4, 83)]


def test_plain_equals_keeps_the_text(tmp_path: Path) -> None:
    """Only `@=` loads a file: with `=`, `file://x` is the value itself."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "register.sh").write_text(
        SCRIPT.format(ref="x").replace("SnapshotId@=x", "SnapshotId=file://snap.txt"), encoding="utf-8"
    )
    result = run_cli("--format", "json", "build/register.sh", cwd=tmp_path)
    rules = [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]
    assert rules == ["AMI107"]


def test_multi_line_text_file_is_not_checked_and_not_an_error(tmp_path: Path) -> None:
    """A description kept in a file is legitimate; being several lines of no
    request, it is neither checked nor shown (AMI005, off by default)."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "desc.txt").write_text("Base image\nbuilt nightly\n", encoding="utf-8")
    script = SCRIPT.format(ref="snap-0123456789abcdef0").rstrip("\n") + " --description file://desc.txt\n"
    (tmp_path / "build" / "register.sh").write_text(script, encoding="utf-8")
    result = run_cli("--format", "json", "build/register.sh", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["diagnostics"] == []
    result = run_cli("--format", "json", "--select", "AMI005", "build/register.sh", cwd=tmp_path)
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("AMI005", 4, 105)
    assert "Base image" not in result.stdout
