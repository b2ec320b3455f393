"""`python -m ami_lint` run from the root of a linted tree imports nothing from it.

`python -m` puts the working directory first on `sys.path`; ami-lint imports
its parsers lazily, so a module of the same name committed at the root of the
tree (or a `*.dist-info` folder declaring an `ami_lint.rules` entry point)
would be imported, that is, run, in the middle of a lint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = "#!/bin/bash\naws ec2 register-image --name web-1 --architecture x86_64\n"
REQUEST = '{"Name": "web-1", "Architecture": "amd64"}\n'


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )  # fmt: skip


def _plant(tree: Path, module: str, marker: Path) -> None:
    (tree / f"{module}.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n", encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("module", "name", "text"),
    [
        ("tree_sitter", "build.sh", SCRIPT),
        ("tree_sitter_bash", "build.sh", SCRIPT),
        ("ruamel", "request.yaml", "Name: web-1\nArchitecture: amd64\n"),
        ("yaml", "request.yaml", "Name: web-1\nArchitecture: amd64\n"),
        ("difflib", "request.json", REQUEST),
        ("json", "request.json", REQUEST),
    ],
)
def test_modules_in_the_tree_are_not_imported(tmp_path: Path, module: str, name: str, text: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    marker = tmp_path / "ran"
    _plant(tree, module, marker)
    (tree / name).write_text(text, encoding="utf-8")
    result = _run(tree, "--format", "json", ".")
    assert not marker.exists(), f"{module}.py from the linted tree was imported"
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""


def test_entry_points_declared_in_the_tree_are_not_loaded(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    info = tree / "evil-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[ami_lint.rules]\nevil = evil_rules:RULE\n", encoding="utf-8")
    marker = tmp_path / "ran"
    _plant(tree, "evil_rules", marker)
    (tree / "request.json").write_text(REQUEST, encoding="utf-8")
    for args in (["--list-rules"], ["--format", "json", "."]):
        result = _run(tree, *args)
        assert not marker.exists(), f"an entry point declared in the tree was loaded by {args}"
        assert result.returncode in (0, 1), result.stderr
        assert "evil" not in result.stdout
