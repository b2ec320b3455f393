"""Section 2 of docs/security.md: walking a directory has the protections of
`file://` (symlinks, special files, places for secrets), and section 10c: any
depth of directories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ami_lint.files import InputError, Note, discover, read_input
from tests.conftest import run_cli

FORMATS = ("text", "json", "sarif", "github", "editor")
REQUEST = '{"Name": "web-2024", "Architecture": "amd64"}\n'
# In the environment of every run below: it must never be printed.
MARKER = "hunter2-env-marker-7f3a"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and /proc")


def _clean(proc: subprocess.CompletedProcess[str], *secrets: str) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    for secret in secrets:
        assert secret not in proc.stdout
        assert secret not in proc.stderr


def _paths(proc: subprocess.CompletedProcess[str]) -> set[str]:
    return {d["path"] for d in json.loads(proc.stdout)["diagnostics"]}


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc")
def test_symlink_to_the_process_environment_is_not_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A committed `env.json -> /proc/self/environ`; a variable that makes the
    # environment look like a request (a branch name in CI can hold anything)
    # got the whole environment quoted as the excerpt of an AMI001.
    monkeypatch.setenv("AMI_LINT_TEST_SECRET", MARKER)
    monkeypatch.setenv("AMI_LINT_TEST_BAIT", '"BootMode": "uefi", "Name": 1')
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "env.json").symlink_to("/proc/self/environ")
    (tree / "env.yaml").symlink_to("/proc/self/environ")
    (tree / "ok.json").write_text(REQUEST)
    for fmt in FORMATS:
        for jobs in ("1", "2"):
            proc = run_cli("--format", fmt, "--select", "ALL", "--verbose", "--jobs", jobs, str(tree))
            assert proc.returncode == 1, proc.stderr
            _clean(proc, MARKER)
    proc = run_cli("--format", "json", "--select", "ALL", "--verbose", "tree", cwd=tmp_path)
    assert _paths(proc) == {"tree/ok.json"}
    notes = proc.stderr.splitlines()
    assert "tree/env.json: skipped: a symbolic link to outside the linted directory" in notes
    assert "tree/env.yaml: skipped: a symbolic link to outside the linted directory" in notes
    # Walking `/proc` itself finds nothing to read either.
    proc = run_cli("--format", "json", "--verbose", "/proc/self", cwd=tmp_path)
    _clean(proc, MARKER)
    assert "/proc/self/fd: skipped directory: a special file system" in proc.stderr.splitlines()
    assert proc.returncode == 0 and _paths(proc) == set()


def test_symlink_to_credentials_is_not_opened(tmp_path: Path) -> None:
    secret = "AKIA-credentials-marker-51d2"
    # Credentials written so that they would parse as a request and be quoted.
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text(f'{{"Name": "x", "Architecture": "{secret}"}}\n')
    (home / ".docker").mkdir()
    (home / ".docker" / "config.json").write_text(f'{{"Name": "x", "Architecture": "{secret}"}}\n')
    tree = home / "project"
    tree.mkdir()
    (tree / "creds.json").symlink_to(home / ".aws" / "credentials")
    (tree / "docker.json").symlink_to(home / ".docker" / "config.json")
    (tree / "ok.json").write_text(REQUEST)
    # The same places inside the walked tree: not read either.
    (tree / ".aws").mkdir()
    (tree / ".aws" / "request.json").write_text(f'{{"Name": "x", "Architecture": "{secret}"}}\n')
    (tree / "inner.json").symlink_to(tree / ".aws" / "request.json")
    gcloud = tree / ".config" / "gcloud"
    gcloud.mkdir(parents=True)
    (gcloud / "application_default_credentials.json").write_text(
        f'{{"Name": "x", "Architecture": "{secret}"}}\n'
    )
    (tree / ".env.json").write_text(f'{{"Name": "x", "Architecture": "{secret}"}}\n')
    (tree / ".SSH").mkdir()  # the same place on a case-insensitive file system
    (tree / ".SSH" / "id.json").write_text(f'{{"Name": "x", "Architecture": "{secret}"}}\n')
    for fmt in FORMATS:
        proc = run_cli("--format", fmt, "--select", "ALL", "--verbose", str(tree))
        assert proc.returncode == 1, proc.stderr
        _clean(proc, secret)
    proc = run_cli("--format", "json", "--verbose", ".", cwd=tree)
    assert _paths(proc) == {"ok.json"}
    notes = proc.stderr.splitlines()
    assert "creds.json: skipped: a symbolic link to outside the linted directory" in notes
    assert "docker.json: skipped: a symbolic link to outside the linted directory" in notes
    assert "inner.json: skipped: a symbolic link to a place for credentials or secrets" in notes
    assert ".aws: skipped directory: a place for credentials or secrets" in notes
    assert ".config/gcloud: skipped directory: a place for credentials or secrets" in notes
    assert ".env.json: skipped: a place for credentials or secrets" in notes
    assert ".SSH: skipped directory: a place for credentials or secrets" in notes
    # Walking the home itself: the link targets are inside the tree now, but
    # in places for credentials.
    proc = run_cli("--format", "json", "--verbose", "--select", "ALL", ".", cwd=home)
    _clean(proc, secret)
    assert _paths(proc) == {"project/ok.json"}
    notes = proc.stderr.splitlines()
    assert "project/creds.json: skipped: a symbolic link to a place for credentials or secrets" in notes
    assert ".aws: skipped directory: a place for credentials or secrets" in notes
    assert ".docker: skipped directory: a place for credentials or secrets" in notes


def test_symlinks_inside_the_tree_are_linted_under_their_name(tmp_path: Path) -> None:
    (tmp_path / "requests").mkdir()
    (tmp_path / "requests" / "web.json").write_text(REQUEST)
    (tmp_path / "link.json").symlink_to("requests/web.json")
    os.mkfifo(tmp_path / "requests" / "pipe")
    (tmp_path / "pipe.json").symlink_to("requests/pipe")
    (tmp_path / "dev.json").symlink_to("/dev/zero")
    (tmp_path / "alias").symlink_to("requests")  # a symlinked directory: not followed
    proc = run_cli("--format", "json", "--verbose", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _paths(proc) == {"link.json", "requests/web.json"}
    notes = proc.stderr.splitlines()
    assert "pipe.json: skipped: a named pipe, not a regular file" in notes
    assert "dev.json: skipped: a symbolic link to outside the linted directory" in notes


def test_extensionless_symlink_outside_is_not_opened(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = "extensionless-secret-marker-99e1"
    (outside / "deploy").write_text(
        f"#!/bin/bash\naws ec2 register-image --name web --architecture {secret}\n"
    )
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "deploy").symlink_to(outside / "deploy")
    proc = run_cli("--format", "json", "--verbose", "--select", "ALL", ".", cwd=tree)
    _clean(proc, secret)
    assert (proc.returncode, _paths(proc)) == (0, set())
    assert "deploy: skipped: a symbolic link to outside the linted directory" in proc.stderr.splitlines()


def test_named_files_are_trusted_named_directories_are_walked_with_the_protections(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "web.json").write_text(REQUEST)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.json").symlink_to(outside / "web.json")
    # Named on the command line, the link is read wherever it leads.
    proc = run_cli("--format", "json", "link.json", cwd=tree)
    assert (proc.returncode, _paths(proc)) == (1, {"link.json"})
    # A symlinked directory named on the command line is walked; what it
    # holds is judged against its resolved path.
    (tmp_path / "alias").symlink_to(tree)
    proc = run_cli("--format", "json", "--verbose", "alias", cwd=tmp_path)
    assert (proc.returncode, _paths(proc)) == (0, set())
    assert "alias/link.json: skipped: a symbolic link to outside the linted directory" in proc.stderr
    (tree / "inside.json").symlink_to(tree / "sub.json")
    (tree / "sub.json").write_text(REQUEST)
    proc = run_cli("--format", "json", "alias", cwd=tmp_path)
    assert _paths(proc) == {"alias/inside.json", "alias/sub.json"}


def test_a_swap_after_the_walk_does_not_widen_it(tmp_path: Path) -> None:
    # A race: the walk checked `tree/sub/web.json`; before it is read, `sub`
    # becomes a symlink to a folder outside. In process, to order the steps.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "web.json").write_text('{"Name": "outside-secret"}\n')
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "web.json").write_text(REQUEST)
    (tree / "link.json").write_text(REQUEST)
    notes: list[Note] = []
    found = list(discover([str(tree)], notes))
    assert [p.name for p in found] == ["link.json", "web.json"]
    (tree / "sub" / "web.json").unlink()
    (tree / "sub").rmdir()
    (tree / "sub").symlink_to(outside)
    # The file itself replaced by a symlink to the outside file.
    (tree / "link.json").unlink()
    (tree / "link.json").symlink_to(outside / "web.json")
    for path in found:
        with pytest.raises(InputError) as caught:
            read_input(path, 1024 * 1024, regular_only=True)
        assert caught.value.reason == "changed while it was being opened, so not read"
        assert "outside-secret" not in str(caught.value)


def test_a_thousand_nested_directories(tmp_path: Path) -> None:
    # `os.walk` recursed once per level: RecursionError near 1,000 levels.
    deep = tmp_path
    for level in range(1000):
        deep = deep / "d"
        deep.mkdir()
        if level == 500:
            (deep / ".ami-lint.yaml").write_text("ignore: [AMI301]\n")
    (deep / "web.json").write_text(REQUEST)
    (deep / "link.json").symlink_to("web.json")
    try:
        shown = "/".join(["d"] * 1000)
        for fmt in FORMATS:
            proc = run_cli("--format", fmt, "d", cwd=tmp_path)
            assert proc.returncode == 1, proc.stderr[-2000:]
            assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr
            assert f"{shown}/web.json" in proc.stdout
        proc = run_cli("--format", "json", "--jobs", "2", "d", cwd=tmp_path)
        found = {(d["path"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]}
        # The link is linted, and the configuration 500 levels up applies (AMI301 ignored).
        assert {(f"{shown}/link.json", "AMI104"), (f"{shown}/web.json", "AMI104")} <= found
        assert not [rule for _, rule in found if rule == "AMI301"]
    finally:
        _remove_chain(tmp_path / "d", deep)


def _remove_chain(top: Path, deepest: Path) -> None:
    """Remove a chain of nested folders bottom-up, by a loop: `shutil.rmtree`
    (pytest's clean-up of old temporary folders) recurses once per level."""
    folder = deepest
    while True:
        for entry in folder.iterdir():
            entry.unlink()
        folder.rmdir()
        if folder == top:
            break
        folder = folder.parent
