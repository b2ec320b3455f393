"""Hostile input for the real command: whatever the file, ami-lint finishes
in bounded time with findings (exit 0/1) or one clear line (exit 2), never a
traceback, and never runs anything it reads."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint.cli import main
from tests.conftest import ROOT

# Generous: a hang is what these tests look for, not a slow machine.
TIMEOUT = 120

REQUEST = '{"Name": "web-2024", "BootMode": "uefi"'


def run(
    *args: str, cwd: Path, stdin: bytes | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def assert_handled(proc: subprocess.CompletedProcess[str]) -> None:
    """Findings or nothing (0/1), or exactly one clear line on stderr (2)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr
    if proc.returncode == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ami-lint: "), proc.stderr
    else:
        assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)


def lint_json(path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    """The command, in-process (faster), from the file's directory."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--format", "json", "--jobs", "1", *args, path.name])
    finally:
        os.chdir(cwd)
    assert_handled(subprocess.CompletedProcess([], code, out.getvalue(), err.getvalue()))
    return code, json.loads(out.getvalue())["diagnostics"] if out.getvalue() else []


def rules(diagnostics: list[dict[str, object]]) -> set[object]:
    return {d["rule"] for d in diagnostics}


def _junk(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


# name -> content. Every one goes through the command alone and in one run together.
CASES: dict[str, bytes] = {
    "empty.json": b"",
    "empty.yaml": b"",
    "empty.sh": b"",
    "blank.yaml": b"\n\n   \n",
    "junk.json": _junk(4096, 1),
    "junk.yaml": _junk(4096, 2),
    "junk.sh": _junk(4096, 3),
    "junk-request.json": b'{"Name": "x", "BootMode": ' + _junk(2048, 4),
    "junk-request.yaml": b"Name: x\nBootMode: " + _junk(2048, 5),
    "bad-utf8.json": (REQUEST + ', "Description": "a\xff\xfeb"}').encode("latin-1"),
    "bad-utf8.yaml": "Name: web-2024\nBootMode: uefi\nDescription: a\xff\xc3\n".encode("latin-1"),
    "bad-utf8.sh": b"aws ec2 register-image --name web-\xff\xfe --boot-mode uefi\n",
    "overlong-utf8.json": (REQUEST + ', "Description": "').encode() + b"\xc0\xaf\xed\xa0\x80" + b'"}',
    "utf16.json": (REQUEST + "}").encode("utf-16"),
    "utf16-be.yaml": b"\xfe\xff" + "Name: web-2024\nBootMode: uefi\n".encode("utf-16-be"),
    "utf16.sh": "aws ec2 register-image --name web-2024\n".encode("utf-16"),
    "utf32.json": (REQUEST + "}").encode("utf-32"),
    "nul.json": (REQUEST + ', "Description": "a\0b"}').encode(),
    "nul-outside.json": (REQUEST + "}\0").encode(),
    "nul.yaml": b"Name: web-2024\nBootMode: uefi\nDescription: a\0b\n",
    "nul.sh": b"aws ec2 register-image --name 'a\0b' --boot-mode uefi\n\0\0\0\n",
    "nul-only.json": b"\0" * 1000,
    "controls.yaml": b"Name: web-2024\nBootMode: uefi\nDescription: \x1b[31m\x07\x08\n",
    "bidi.json": (REQUEST + ', "Description": "\u202eevil\u2066"}').encode(),
    "surrogate-escape.json": (REQUEST + ', "Description": "\\ud800\\udfff\\ud800"}').encode(),
    "crlf-cr.yaml": b"Name: web-2024\r\rBootMode: uefi\r",
    "long-word.json": (REQUEST + ', "Description": "' + "d" * 200_000 + '"}').encode(),
    "long-key.json": (REQUEST + ', "' + "K" * 200_000 + '": 1}').encode(),
    "long-number.json": (
        REQUEST + ', "BlockDeviceMappings": [{"Ebs": {"VolumeSize": ' + "9" * 50_000 + "}}]}"
    ).encode(),
    "long-word.yaml": ("Name: web-2024\nBootMode: uefi\nDescription: " + "d" * 100_000 + "\n").encode(),
    "long-word.sh": ("aws ec2 register-image --boot-mode uefi --name " + "n" * 200_000 + "\n").encode(),
    "long-shorthand.sh": (
        "aws ec2 register-image --name web-2024 --block-device-mappings "
        + "DeviceName=/dev/sda1,Ebs={VolumeSize=8}," * 2
        + "x" * 100_000
        + "\n"
    ).encode(),
    "many-lines.sh": b"aws ec2 register-image --name web-2024 \\\n"
    + b"  --boot-mode uefi \\\n" * 2_000
    + b"\n",
    "deep.json": (REQUEST + ', "Description": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
    "deep-objects.json": (REQUEST + ', "X": ' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "}").encode(),
    "deep-unclosed.json": (REQUEST + ', "X": ' + "[" * 200_000).encode(),
    "deep-flow.yaml": ("Name: web-2024\nBootMode: uefi\nX: " + "[" * 2_000 + "]" * 2_000 + "\n").encode(),
    "deep-block.yaml": (
        "Name: web-2024\nBootMode: uefi\nX:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 600)) + "\n"
    ).encode(),
    "deep-seq.yaml": ("Name: web-2024\nBootMode: uefi\nX:\n  " + "- " * 2_000 + "x\n").encode(),
    "deep-shorthand.sh": (
        "aws ec2 register-image --name web-2024 --block-device-mappings 'Ebs="
        + "{a=" * 20_000
        + "}" * 20_000
        + "'\n"
    ).encode(),
    "deep-shorthand-list.sh": (
        "aws ec2 register-image --name web-2024 --tag-specifications 'Tags=" + "[" * 20_000 + "'\n"
    ).encode(),
    "deep-subst.sh": ("aws ec2 register-image --name " + '"$(' * 2_000 + "x" + ')"' * 2_000 + "\n").encode(),
    "deep-blocks.sh": (
        "if true; then " * 2_000 + "aws ec2 register-image --name web-2024" + "; fi" * 2_000 + "\n"
    ).encode(),
    "deep-parens.sh": ("(" * 5_000 + "aws ec2 register-image --name web-2024" + ")" * 5_000 + "\n").encode(),
    "deep-braces.sh": (
        "{ " * 3_000 + "aws ec2 register-image --name web-2024;" + " }" * 3_000 + "\n"
    ).encode(),
    "deep-json-word.sh": (
        "aws ec2 register-image --name web-2024 --block-device-mappings '" + "[" * 50_000 + "'\n"
    ).encode(),
    "alias-bomb.yaml": (
        "Name: web-2024\nBootMode: uefi\n"
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ).encode(),
    "alias-keys.yaml": (
        "Name: web-2024\nBootMode: uefi\n"
        "a: &a {x: 1}\n"
        + "".join(
            f"k{i}: &k{i} {{<<: [*{'a' if i == 0 else f'k{i - 1}'}, *a], y{i}: 2}}\n" for i in range(40)
        )
    ).encode(),
    "alias-self.yaml": b"Name: web-2024\nBootMode: uefi\nX: &x [*x, *x]\n",
    "alias-undefined.yaml": b"Name: web-2024\nBootMode: uefi\nX: *nowhere\n",
    "many-docs.yaml": b"Name: web-2024\nBootMode: uefi\n" + b"---\nName: x\n" * 1_000,
    "unterminated-double.sh": b'aws ec2 register-image --name "web-2024 --boot-mode uefi\n',
    "unterminated-single.sh": b"aws ec2 register-image --name 'web-2024 --boot-mode uefi\n",
    "unterminated-dollar.sh": b"aws ec2 register-image --name $'web\\'-2024 --boot-mode uefi\n",
    "unterminated-backtick.sh": b"x=`aws ec2 register-image --name web-2024\n",
    "unterminated-subst.sh": b'x="$(aws ec2 register-image --name web-2024 --block-device-mappings "Ebs={\n',
    "unterminated-heredoc.sh": b"cat <<EOF\naws ec2 register-image --name web-2024\n",
    "unterminated-shorthand.sh": (
        b"aws ec2 register-image --name web-2024 --block-device-mappings "
        b'"DeviceName=/dev/sda1,Ebs={VolumeSize=8"\n'
    ),
    "unterminated-json.json": (REQUEST + ', "Description": "never closed').encode(),
    "unterminated.yaml": b'Name: "web-2024\nBootMode: uefi\n',
    "continuation-at-eof.sh": b"aws ec2 register-image --name web-2024 \\",
    "garbage-shebang": b"#!/bin/bash\n" + _junk(4096, 6),
    "only-shebang": b"#!/usr/bin/env -S bash -e",
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name, data in CASES.items():
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_handled(
    hostile_dir: Path, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process for speed (the real command runs them all below). Text: the
    # format that prints source lines.
    monkeypatch.chdir(hostile_dir)
    code = main(["--select", "ALL", "--jobs", "1", name])
    out, err = capsys.readouterr()
    assert_handled(subprocess.CompletedProcess([], code, out, err))
    assert code != 2, err


def test_all_hostile_files_at_once(hostile_dir: Path) -> None:
    proc = run("--format", "sarif", "--verbose", ".", cwd=hostile_dir)
    assert_handled(proc)
    assert proc.returncode == 1
    json.loads(proc.stdout)


def test_hostile_bytes_on_stdin(hostile_dir: Path) -> None:
    for name in ("junk.json", "bad-utf8.yaml", "utf16.json", "nul.sh", "deep.json", "alias-bomb.yaml"):
        proc = run("--stdin-filename", name, "-", cwd=hostile_dir, stdin=CASES[name])
        assert_handled(proc)


def test_hostile_bytes_as_standalone_value(hostile_dir: Path) -> None:
    for data in (_junk(2048, 7), b"\xff\xfe", b"\0\0", b"Ebs={" * 5000, b"[" * 50_000):
        proc = run("--shorthand", "block-device-mappings", "-", cwd=hostile_dir, stdin=data)
        assert_handled(proc)


@pytest.mark.parametrize(
    ("name", "rule", "message"),
    [
        ("bad-utf8.json", "AMI001", "Not valid UTF-8 text"),
        ("bad-utf8.yaml", "AMI002", "Not valid UTF-8 text"),
        ("utf16.json", "AMI001", "UTF-16"),
        ("utf16-be.yaml", "AMI002", "UTF-16"),
        ("nul.json", "AMI001", "Invalid control character"),
        ("nul.yaml", "AMI002", "#x0000"),
        ("deep.json", "AMI001", "Nesting too deep"),
        ("deep-objects.json", "AMI001", "Nesting too deep"),
        ("deep-flow.yaml", "AMI002", "Nesting too deep"),
        ("deep-block.yaml", "AMI002", "Nesting too deep"),
        ("deep-seq.yaml", "AMI002", "Nesting too deep"),
        ("deep-shorthand.sh", "AMI003", "Nesting too deep"),
        ("alias-bomb.yaml", "AMI002", "Too many aliases"),
        ("alias-undefined.yaml", "AMI002", "undefined alias"),
        ("unterminated-json.json", "AMI001", "Unterminated string"),
        ("unterminated-shorthand.sh", "AMI003", "Expected:"),
    ],
)
def test_hostile_file_gets_the_finding(hostile_dir: Path, name: str, rule: str, message: str) -> None:
    code, diagnostics = lint_json(hostile_dir / name, "--select", "AMI0")
    assert code == 1
    assert any(d["rule"] == rule and message in str(d["message"]) for d in diagnostics), diagnostics


def test_unterminated_quotes_still_find_the_call(hostile_dir: Path) -> None:
    # The shell would fail on these scripts; whatever is read, nothing crashes
    # and the call before the broken quote is still seen.
    for name in ("unterminated-double.sh", "unterminated-single.sh", "unterminated-dollar.sh"):
        code, diagnostics = lint_json(hostile_dir / name)
        assert code in (0, 1)
        assert all(d["path"] == name for d in diagnostics)


def test_alias_bomb_is_bounded_and_limit_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_bytes(CASES["alias-bomb.yaml"])
    _, diagnostics = lint_json(path, "--select", "AMI002")
    assert [d["message"] for d in diagnostics] == ["Too many aliases (more than 1000)"]
    small = tmp_path / "small.yaml"
    small.write_text("Name: web-2024\nBootMode: uefi\na: &a x\nb: [*a, *a, *a]\n")
    assert lint_json(small, "--select", "AMI002") == (0, [])
    code, diagnostics = lint_json(small, "--select", "AMI002", "--max-aliases", "2")
    assert code == 1
    assert [d["message"] for d in diagnostics] == ["Too many aliases (more than 2)"]
    assert (diagnostics[0]["line"], diagnostics[0]["column"]) == (4, 13)


def test_yaml_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    text = (
        "Name: web-2024\nBootMode: uefi\n"
        f'A: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'B: !!python/object/new:os.system ["touch {marker}"]\n'
        f"C: !!python/object/apply:subprocess.check_call [[touch, {marker}]]\n"
        "D: !!python/name:os.system\n"
        "E: !!python/module:os\n"
        f"F: !!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]\n"
        "G: !custom {a: 1}\n"
        "H: !<tag:yaml.org,2002:python/object/apply:os.system> [id]\n"
        f"? !!python/object/apply:os.system [touch {marker}]\n: key\n"
    )
    (tmp_path / "tags.yaml").write_text(text)
    code, diagnostics = lint_json(tmp_path / "tags.yaml", "--select", "AMI002")
    assert not marker.exists()
    assert code == 1
    tagged = [d for d in diagnostics if "is not allowed" in str(d["message"])]
    assert {d["line"] for d in tagged} >= {3, 4, 5, 6, 7, 8, 9, 10}
    # As a `--cli-input-yaml` document too.
    (tmp_path / "r.sh").write_text("aws ec2 register-image --cli-input-yaml file://tags.yaml\n")
    lint_json(tmp_path / "r.sh")
    assert not marker.exists()


def test_nothing_in_a_script_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "RAN"
    (tmp_path / "evil.sh").write_text(
        f"touch {marker}\n"
        f'aws ec2 register-image --name "$(touch {marker})" --description `touch {marker}` '
        f"--block-device-mappings file://<(touch {marker})\n"
        f"eval 'touch {marker}'\n"
    )
    lint_json(tmp_path / "evil.sh")
    assert not marker.exists()


# --- size ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    size = 30 * 1024 * 1024
    with open(root / "big.json", "wb") as out:
        out.write(b'{"Name": "web-2024", "BootMode": "uefi", "Description": "')
        out.write(b"d" * size)
        out.write(b'"}')
    with open(root / "big.yaml", "wb") as out:
        out.write(b"Name: web-2024\nBootMode: uefi\nX:\n")
        out.write(b"  - item\n" * (size // 9))
    with open(root / "big.sh", "wb") as out:
        out.write(b"#!/bin/sh\naws ec2 register-image --name web-2024\nexit 0\n")
        out.write(_junk(size, 8))  # a self-extracting archive's payload
    with open(root / "data.json", "wb") as out:  # big, and not a request
        out.write(b'{"rows": [' + b'{"a": 1},' * (size // 9) + b"{}]}")
    return root


def test_files_over_the_size_limit_are_not_parsed(big_dir: Path) -> None:
    proc = run("--format", "json", "--verbose", ".", cwd=big_dir, timeout=60)
    assert_handled(proc)
    assert proc.returncode == 1
    found = {(d["path"], d["rule"], d["line"], d["column"]) for d in json.loads(proc.stdout)["diagnostics"]}
    assert found == {("big.json", "AMI001", 1, 1), ("big.yaml", "AMI002", 1, 1)}
    notes = proc.stderr.splitlines()
    # The script holds a call: that it was not checked is said even without `--verbose`.
    assert "big.sh: not checked: larger than 1048576 bytes (`--max-file-size`)" in notes
    quiet = run("--format", "json", ".", cwd=big_dir, timeout=60)
    assert quiet.stderr.splitlines() == ["big.sh: not checked: larger than 1048576 bytes (`--max-file-size`)"]
    assert "data.json: skipped: larger than 1048576 bytes (`--max-file-size`)" in notes
    # Worker processes apply the same limits.
    parallel = run("--format", "json", "--verbose", "--jobs", "2", ".", cwd=big_dir, timeout=60)
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (1, proc.stdout, proc.stderr)


def test_max_file_size_option(big_dir: Path, tmp_path: Path) -> None:
    code, diagnostics = lint_json(big_dir / "big.json", "--max-file-size", str(64 * 1024 * 1024))
    assert code == 1
    # Read whole: the real findings, and the long Description among them.
    assert "AMI105" in rules(diagnostics)
    assert "AMI001" not in rules(diagnostics)
    small = tmp_path / "r.json"
    small.write_text(REQUEST + "}")
    _, diagnostics = lint_json(small, "--max-file-size", "10", "--select", "AMI0")
    assert [(d["rule"], d["message"]) for d in diagnostics] == [
        ("AMI001", "File larger than 10 bytes: not checked")
    ]
    for bad in ("0", "-1", "ten"):
        proc = run("--max-file-size", bad, "r.json", cwd=tmp_path)
        assert_handled(proc)
        assert proc.returncode == 2


def test_endless_stdin_is_bounded(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [sys.executable, "-m", "ami_lint", "--stdin-filename", "x.json", "--verbose", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=TIMEOUT,
        )
    assert_handled(proc)
    assert proc.returncode == 0
    # Named (stdin with its name): said without --verbose too.
    assert "x.json: not linted: larger than 1048576 bytes" in proc.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_file_named_on_the_command_line_is_bounded(tmp_path: Path) -> None:
    proc = run("--verbose", "/dev/zero", "/dev/urandom", cwd=tmp_path)
    assert_handled(proc)
    assert proc.returncode == 0


# --- depth ---------------------------------------------------------------------


def test_max_depth_option(tmp_path: Path) -> None:
    nested = ', "X": ' + "[" * 30 + "]" * 30 + "}"
    (tmp_path / "r.json").write_text(REQUEST + nested)
    (tmp_path / "r.yaml").write_text("Name: web-2024\nBootMode: uefi\nX: " + "[" * 30 + "]" * 30 + "\n")
    (tmp_path / "r.sh").write_text(
        "aws ec2 register-image --name web-2024 --block-device-mappings 'Ebs=" + "{a=" * 30 + "}" * 30 + "'\n"
    )
    for name in ("r.json", "r.yaml", "r.sh"):
        assert "Nesting" not in json.dumps(lint_json(tmp_path / name, "--select", "AMI0")[1])
    expected = {
        "r.json": ("AMI001", 1, 56),
        "r.yaml": ("AMI002", 3, 13),
        "r.sh": ("AMI003", 1, 99),
    }
    for name, (rule, line, column) in expected.items():
        code, diagnostics = lint_json(tmp_path / name, "--select", "AMI0", "--max-depth", "10")
        assert code == 1
        assert [(d["rule"], d["line"], d["column"]) for d in diagnostics] == [(rule, line, column)], name
        assert "more than 10 levels" in str(diagnostics[0]["message"])
        assert "--max-depth" in str(diagnostics[0]["hint"])
