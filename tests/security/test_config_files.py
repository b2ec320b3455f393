"""Sections 2 and 10a of docs/security.md: a configuration file found in the
tree is read only as a regular file, or a symlink to one inside its project,
of at most 1 MiB; anything else is ignored with one line on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import run_cli

REQUEST = '{"Name": "web-2024", "Architecture": "amd64"}\n'
SELECT_NOTHING = "select: []\n"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs")


def _rules(proc: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return [d["rule"] for d in json.loads(proc.stdout)["diagnostics"]]


def _unconfigured(proc: subprocess.CompletedProcess[str]) -> str:
    """The stderr of a run that no configuration turned off (`web.json` found)."""
    assert proc.returncode == 1 and "AMI104" in _rules(proc)
    return proc.stderr


def test_symlinked_configuration_outside_its_project_is_ignored_and_said(tmp_path: Path) -> None:
    # A committed `.ami-lint.yaml -> /elsewhere/...` configured the run from a
    # file outside the project (here one that turns every rule off).
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "config.yaml").write_text(SELECT_NOTHING)
    (outside / "pyproject.toml").write_text("[tool.ami-lint]\nselect = []\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "web.json").write_text(REQUEST)
    (project / ".ami-lint.yaml").symlink_to(outside / "config.yaml")
    proc = run_cli("--format", "json", "--select", "AMI104", ".", cwd=project)
    assert proc.returncode == 1 and _rules(proc) == ["AMI104"]
    proc = run_cli("--format", "json", ".", cwd=project)
    assert proc.returncode == 1 and "AMI104" in _rules(proc)
    assert (
        proc.stderr == "ami-lint: warning: .ami-lint.yaml: a symbolic link to outside its project; ignored\n"
    )
    (project / ".ami-lint.yaml").unlink()
    (project / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    proc = run_cli("--format", "json", ".", cwd=project)
    assert proc.returncode == 1 and "AMI104" in _rules(proc)
    assert (
        proc.stderr == "ami-lint: warning: pyproject.toml: a symbolic link to outside its project; ignored\n"
    )
    # Inside the project, into a place for credentials: ignored too.
    (project / "pyproject.toml").unlink()
    (project / ".aws").mkdir()
    (project / ".aws" / "config.yaml").write_text(SELECT_NOTHING)
    (project / ".ami-lint.yaml").symlink_to(project / ".aws" / "config.yaml")
    proc = run_cli("--format", "json", "web.json", cwd=project)
    assert _unconfigured(proc) == (
        "ami-lint: warning: .ami-lint.yaml: a symbolic link to a place for credentials or secrets; ignored\n"
    )
    # Named by `--config`, the same file is trusted.
    proc = run_cli("--format", "json", "--config", str(outside / "config.yaml"), ".", cwd=project)
    assert (proc.returncode, _rules(proc), proc.stderr) == (0, [], "")


def test_symlinked_configuration_inside_its_project_is_used(tmp_path: Path) -> None:
    # A monorepo shares one configuration: `sub/.ami-lint.yaml -> ../shared.yaml`.
    (tmp_path / ".git").mkdir()
    (tmp_path / "shared.yaml").write_text(SELECT_NOTHING)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "web.json").write_text(REQUEST)
    (tmp_path / "sub" / ".ami-lint.yaml").symlink_to("../shared.yaml")
    proc = run_cli("--format", "json", "sub", cwd=tmp_path)
    assert (proc.returncode, _rules(proc), proc.stderr) == (0, [], "")
    # Without the `.git` folder, the project of `sub/` is `sub/` alone.
    (tmp_path / ".git").rmdir()
    proc = run_cli("--format", "json", "sub", cwd=tmp_path)
    assert _unconfigured(proc) == (
        "ami-lint: warning: sub/.ami-lint.yaml: a symbolic link to outside its project; ignored\n"
    )


def test_configuration_that_is_not_a_regular_file_is_said(tmp_path: Path) -> None:
    # A FIFO must not hang the run; a configuration ignored must not be silent.
    (tmp_path / "web.json").write_text(REQUEST)
    os.mkfifo(tmp_path / ".ami-lint.yaml")
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert (
        _unconfigured(proc)
        == "ami-lint: warning: .ami-lint.yaml: a named pipe, not a regular file; ignored\n"
    )
    os.unlink(tmp_path / ".ami-lint.yaml")
    (tmp_path / ".ami-lint.yaml").mkdir()
    (tmp_path / "pyproject.toml").symlink_to("/dev/zero")
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert _unconfigured(proc).splitlines() == [
        "ami-lint: warning: .ami-lint.yaml: a directory, not a regular file; ignored",
        "ami-lint: warning: pyproject.toml: a symbolic link to outside its project; ignored",
    ]


def test_oversized_configuration_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "web.json").write_text(REQUEST)
    big = SELECT_NOTHING + "#" * (1024 * 1024) + "\n"
    (tmp_path / ".ami-lint.yaml").write_text(big)
    expected = (
        f"ami-lint: error: .ami-lint.yaml: larger than 1 MiB ({len(big)} bytes), "
        "the most a configuration file may hold\n"
    )
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", expected)
    proc = run_cli("--format", "json", "--config", ".ami-lint.yaml", "web.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", expected)
    # A pyproject.toml that large: whether it configures ami-lint is not
    # known, so it is said.
    (tmp_path / ".ami-lint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.ami-lint]\nselect = []\n" + "#" * (1024 * 1024) + "\n")
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert _unconfigured(proc) == (
        "ami-lint: warning: pyproject.toml: larger than 1 MiB, so not read for [tool.ami-lint]; ignored\n"
    )


def test_configuration_swapped_for_a_fifo_after_it_was_found(tmp_path: Path) -> None:
    # The race: checked as a regular file, a FIFO when read. In process, to
    # order the steps; the read must neither block nor read the FIFO.
    from ami_lint.config import ConfigError, find_config, load_config

    (tmp_path / ".ami-lint.yaml").write_text(SELECT_NOTHING)
    found = find_config(tmp_path)
    assert found == tmp_path / ".ami-lint.yaml"
    found.unlink()
    os.mkfifo(found)
    # A writer holds the FIFO open, so a blocking reader would wait for it:
    # released as soon as the read returns, or after 10 s if it blocked.
    writer = os.open(found, os.O_RDWR | os.O_NONBLOCK)
    os.write(writer, SELECT_NOTHING.encode())
    done = threading.Event()

    def release() -> None:
        done.wait(10)
        os.close(writer)

    helper = threading.Thread(target=release)
    helper.start()
    try:
        with pytest.raises(ConfigError) as caught:
            load_config(found)
    finally:
        done.set()
        helper.join()
    assert str(caught.value).endswith(".ami-lint.yaml: cannot read: a named pipe, not a regular file")
