"""Section 3 of docs/security.md: a `file://` reference is read only inside
the script's project (its git work tree, else its folder), whatever the
working directory, and a swap during the run cannot widen that."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ami_lint import files
from ami_lint.paramfile import ParamFileError, read_param_file
from tests.conftest import run_cli

FORMATS = ("text", "json", "sarif", "github", "editor")
TOKEN = "ghp_onelinetokenmarker0123456789"
OUTSIDE = "outside the script's project (its git work tree, else its folder), so not read"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="absolute POSIX paths and symlinks")


def _diagnostics(proc: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return list(json.loads(proc.stdout)["diagnostics"])


def _layout(base: Path) -> tuple[Path, Path]:
    """A one-line secret and a JSON list outside a project; a script in the
    project whose options read them."""
    secrets = base / "secrets"
    secrets.mkdir()
    (secrets / "token").write_text(TOKEN + "\n")
    (secrets / "list.json").write_text(f'["{TOKEN}-list"]\n')
    project = base / "project"
    project.mkdir()
    script = project / "register.sh"
    script.write_text(
        f"aws ec2 register-image --name web-2024 --description file://{secrets / 'token'}\n"
        f"aws ec2 register-image --name web-2024 --architecture file://{secrets / 'token'}\n"
        "aws ec2 register-image --name web-2024 --architecture file://../secrets/token\n"
        "aws ec2 register-image --name web-2024 --block-device-mappings file://../secrets/list.json\n"
    )
    return secrets, script


@pytest.mark.parametrize("cwd_kind", ["root", "home", "project"])
def test_one_line_files_outside_the_project_are_never_echoed(tmp_path: Path, cwd_kind: str) -> None:
    # Before: run from `/` (or a home holding both), the working directory
    # made everything "inside": the token was quoted as an architecture.
    secrets, script = _layout(tmp_path)
    cwd = {"root": Path("/"), "home": tmp_path, "project": script.parent}[cwd_kind]
    for fmt in FORMATS:
        proc = run_cli("--format", fmt, "--select", "ALL", str(script), cwd=cwd)
        assert proc.returncode == 1, proc.stderr
        assert TOKEN not in proc.stdout and TOKEN not in proc.stderr, fmt
    proc = run_cli("--format", "json", "--select", "AMI004,AMI005", str(script), cwd=cwd)
    found = _diagnostics(proc)
    # An absolute path names a file of the machine that runs the script
    # (AMI005: not checked); a relative one leading out is broken (AMI004).
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (1, 54, "AMI005"),
        (2, 55, "AMI005"),
        (3, 55, "AMI004"),
        (4, 64, "AMI004"),
    ]
    assert found[0]["message"] == (
        f"`file://{secrets / 'token'}` names a file on the machine that runs the script, {OUTSIDE}"
    )
    assert found[3]["message"] == f"Cannot read `file://../secrets/list.json`: {OUTSIDE}"


def test_the_project_is_the_git_work_tree(tmp_path: Path) -> None:
    # A `.git` folder (or a `.git` file: a worktree or submodule) above the
    # script makes its whole work tree the project.
    _, script = _layout(tmp_path)
    token = str(tmp_path / "secrets" / "token")
    for make in (Path.mkdir, lambda p: p.write_text("gitdir: /elsewhere\n")):
        make(tmp_path / ".git")
        proc = run_cli("--format", "json", "--select", "AMI104", "register.sh", cwd=script.parent)
        found = _diagnostics(proc)
        # Inside the project: checked, and quoted (lines 2 and 3 read it).
        assert [(d["path"], d["line"], d["rule"]) for d in found] == [
            ("../secrets/token", 1, "AMI104"),
            (token, 1, "AMI104"),
        ]
        assert TOKEN in str(found[0]["message"])
        if (tmp_path / ".git").is_dir():
            (tmp_path / ".git").rmdir()
        else:
            (tmp_path / ".git").unlink()


def test_standard_input_takes_the_project_of_its_name(tmp_path: Path) -> None:
    _, script = _layout(tmp_path)
    text = script.read_text()
    # With --stdin-filename: the project of that name (here its folder).
    proc = run_cli(
        "--format", "json", "--select", "AMI004,AMI005,AMI104", "--stdin-filename", str(script), "-",
        stdin=text, cwd=tmp_path,
    )  # fmt: skip
    assert [(d["line"], d["rule"]) for d in _diagnostics(proc)] == [
        (1, "AMI005"),
        (2, "AMI005"),
        (3, "AMI004"),
        (4, "AMI004"),
    ]
    assert TOKEN not in proc.stdout
    # Without it: the project of the working directory, here the folder
    # holding both (so the script's relative paths, meant for its own folder,
    # are not found there).
    proc = run_cli(
        "--format", "json", "--select", "AMI004,AMI104", "-", stdin="#!/bin/sh\n" + text, cwd=tmp_path
    )  # fmt: skip
    assert [(d["path"], d["line"], d["rule"]) for d in _diagnostics(proc)] == [
        ("-", 4, "AMI004"),
        ("-", 5, "AMI004"),
        ("secrets/token", 1, "AMI104"),
    ]


def test_missing_and_present_files_outside_look_the_same(tmp_path: Path) -> None:
    # Whether a file exists outside the project is not told either.
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "present").write_text("x\n")
    (project / "register.sh").write_text(
        "aws ec2 register-image --name web-2024 --description file://../present\n"
        "aws ec2 register-image --name web-2024 --description file://../absent\n"
    )
    proc = run_cli("--format", "json", "--select", "AMI004", "register.sh", cwd=project)
    assert [str(d["message"]).split(": ", 1)[1] for d in _diagnostics(proc)] == [OUTSIDE, OUTSIDE]


def _swap_folder(project: Path, outside: Path) -> None:
    """`shared/` becomes a symlink to the folder outside."""
    (project / "shared" / "value").unlink()
    (project / "shared").rmdir()
    (project / "shared").symlink_to(outside)


def _swap_file(project: Path, outside: Path) -> None:
    """`shared/value` becomes a symlink to the file outside."""
    (project / "shared" / "value").unlink()
    (project / "shared" / "value").symlink_to(outside / "value")


@pytest.mark.parametrize("swap", [_swap_folder, _swap_file])
def test_a_swap_during_the_read_does_not_widen_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: Callable[[Path, Path], None]
) -> None:
    # The race: `shared/value` is checked inside the project, then swapped
    # for a way outside before the file is opened. The swap is made to happen
    # right after the check, in process.
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "shared").mkdir()
    (project / "shared" / "value").write_text("x86_64\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "value").write_text(TOKEN + "\n")
    script = project / "register.sh"
    script.write_text("")
    files.project_of.cache_clear()
    # Unswapped, the reference is read.
    assert read_param_file("shared/value", str(script)).source.text == "x86_64\n"
    real_realpath = os.path.realpath
    swapped = []

    def resolve_then_swap(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        resolved = real_realpath(path, *args, **kwargs)
        if kwargs.get("strict") and str(path).endswith("value") and not swapped:
            swap(project, outside)
            swapped.append(path)
        return resolved

    monkeypatch.setattr(files.os.path, "realpath", resolve_then_swap)
    with pytest.raises(ParamFileError) as caught:
        read_param_file("shared/value", str(script))
    assert swapped and str(caught.value) == "changed while it was being opened, so not read"
