"""What a configuration in the tree holds cannot crash or stall the run.

A configuration is read before anything is linted, from any pull request:
nesting deep enough to exhaust the parsers' recursion, aliases standing for
billions of items, and numbers of thousands of digits each end in one line
naming the file and exit 2, quoting at most a short prefix of a value.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REQUEST = '{"Name": "web-1", "Architecture": "amd64"}\n'


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", "r.json"], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def _bomb() -> str:
    """A flow list whose last item, fully expanded, has 10**9 items."""
    items = ["&a0 [x, x, x, x, x, x, x, x, x, x]"]
    items += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "[" + ", ".join(items) + "]"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            ".ami-lint.yaml",
            "select: " + "[" * 20000 + "]" * 20000 + "\n",
            ".ami-lint.yaml: invalid YAML: nested too deeply to be a configuration",
        ),
        (
            ".ami-lint.yaml",
            "".join(" " * depth + f"k{depth}:\n" for depth in range(1200)),
            ".ami-lint.yaml: invalid YAML: nested too deeply to be a configuration",
        ),
        (
            "pyproject.toml",
            "[tool.ami-lint]\nselect = " + "[" * 20000 + "]" * 20000 + "\n",
            "pyproject.toml: invalid TOML: nested too deeply to be a configuration",
        ),
        (
            "pyproject.toml",
            "[tool.ami-lint]\nfail-on = " + "9" * 5000 + "\n",
            "pyproject.toml: invalid TOML: a number too long to read",
        ),
        (
            "pyproject.toml",
            "[tool.ami-lint]\nseverity = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
            "pyproject.toml: invalid TOML: nested too deeply to be a configuration",
        ),
    ],
)
def test_deep_nesting_is_one_line(tmp_path: Path, name: str, text: str, line: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    result = _lint(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"ami-lint: error: {line}\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"fail-on: {_bomb()}", "fail-on: a list is not one of error, warning, info, never"),
        (f"limits: {_bomb()}", "limits: a list is not one of current, legacy"),
        (f"severity: {{AMI101: {_bomb()}}}", "severity: AMI101: a list is not one of error, warning, info"),
        (f"exclude: [[{_bomb()}]]", "exclude: expected a list of strings, not a list"),
        (f"select: {_bomb()}", "select: expected a list of strings, not a list"),
        ("fail-on: " + "9" * 5000, "invalid YAML: a number too long to read"),
        (f"fail-on: {'x' * 5000}", f"fail-on: {'x' * 60 + '…'!r} is not one of error, warning, info, never"),
        (
            f"{'k' * 1000}: 1",
            f"unknown key {'k' * 60 + '…'!r} (valid keys: select, ignore, severity, per-file-ignores, "
            "exclude, rules-dirs, limits, fail-on)",
        ),
    ],
)
def test_values_are_quoted_bounded(tmp_path: Path, text: str, line: str) -> None:
    (tmp_path / ".ami-lint.yaml").write_text(f"{text}\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    result = _lint(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"ami-lint: error: .ami-lint.yaml: {line}\n",
    )
