"""docs/security.md section 9: reports are complete or absent, never truncated.

Missing paths among others, a full disk (simulated with `RLIMIT_FSIZE`),
devices, FIFOs and symbolic links as targets, closed standard streams and
names too long for the system, each through the real command line.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

REQUEST = '{"Name": "web", "Architecture": "amd64", "RootDeviceName": "/dev/xvda"}\n'
OTHER = '{"Name": "db", "Architecture": "arm65"}\n'
TIMEOUT = 60


def run_ami_lint(
    *args: str,
    cwd: Path,
    preexec: Callable[[], None] | None = None,
    stdout: int | None = subprocess.PIPE,
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.CompletedProcess[str]:
    """`run_cli` with a hand on the process: its limits (`preexec`) and standard streams."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        cwd=cwd,
        env=env,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=preexec,
    )


def _files(tmp_path: Path) -> Path:
    (tmp_path / "a.json").write_text(REQUEST, encoding="utf-8")
    (tmp_path / "b.json").write_text(OTHER, encoding="utf-8")
    return tmp_path


def _paths(out: str) -> list[str]:
    return sorted({d["path"] for d in json.loads(out)["diagnostics"]})


def _left(where: Path) -> list[str]:
    """Temporary files left in a folder."""
    return sorted(p.name for p in where.iterdir() if p.name.startswith(".ami-lint"))


# --- missing paths -------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_paths_do_not_cost_the_others(tmp_path: Path, jobs: str) -> None:
    where = _files(tmp_path)
    (where / "dangling.json").symlink_to(where / "gone.json")
    result = run_ami_lint(
        "--format", "json", "--jobs", jobs, "nope.json", "a.json", "dangling.json", "b.json", cwd=where
    )
    assert result.returncode == 2
    assert _paths(result.stdout) == ["a.json", "b.json"]
    assert result.stderr == (
        "ami-lint: error: nope.json: no such file or directory\n"
        "ami-lint: error: dangling.json: no such file or directory\n"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_too_long_are_one_line_each(tmp_path: Path, jobs: str) -> None:
    where = _files(tmp_path)
    component = "x" * 300 + ".json"  # over the 255 bytes of a name
    deep = "d/" * 2100 + "r.json"  # over the 4096 bytes of a path
    result = run_ami_lint("--format", "json", "--jobs", jobs, "a.json", component, deep, "b.json", cwd=where)
    assert result.returncode == 2
    assert _paths(result.stdout) == ["a.json", "b.json"]
    assert result.stderr == (
        f"ami-lint: error: {component}: file name too long\nami-lint: error: {deep}: file name too long\n"
    )


def test_output_name_too_long(tmp_path: Path) -> None:
    where = _files(tmp_path)
    name = "r" * 300 + ".sarif"
    result = run_ami_lint("--output", name, "a.json", cwd=where)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"ami-lint: error: cannot write {name}: file name too long\n"


# --- a full disk -----------------------------------------------------------------


def _small_disk(limit: int) -> Callable[[], None]:
    """A file size limit: writing past it fails with EFBIG, as a full disk fails."""

    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


OLD = '{"old": "report, whole"}\n'


@pytest.mark.parametrize("old", [True, False])
def test_full_disk_keeps_the_old_report_or_none(tmp_path: Path, old: bool) -> None:
    where = _files(tmp_path)
    if old:
        (where / "r.sarif").write_text(OLD, encoding="utf-8")
    result = run_ami_lint(
        "--format", "sarif", "--output", "r.sarif", "a.json", "b.json", cwd=where, preexec=_small_disk(2000)
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "ami-lint: error: cannot write r.sarif: file too large\n"
    if old:
        assert (where / "r.sarif").read_text(encoding="utf-8") == OLD
    else:
        assert not (where / "r.sarif").exists()
    assert _left(where) == []
    # With room enough, the same run writes the whole report.
    assert (
        run_ami_lint("--format", "sarif", "--output", "r.sarif", "a.json", "b.json", cwd=where).returncode
        == 1
    )
    assert json.loads((where / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_full_disk_keeps_the_old_baseline(tmp_path: Path) -> None:
    where = _files(tmp_path)
    assert run_ami_lint("--write-baseline", "base.json", "a.json", cwd=where).returncode == 0
    before = (where / "base.json").read_bytes()
    result = run_ami_lint(
        "--write-baseline", "base.json", "a.json", "b.json", cwd=where, preexec=_small_disk(len(before) + 10)
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "ami-lint: error: cannot write baseline base.json: file too large\n"
    assert (where / "base.json").read_bytes() == before
    assert _left(where) == []


def test_full_disk_on_standard_output(tmp_path: Path) -> None:
    where = _files(tmp_path)
    with open(where / "out.txt", "w") as out:
        result = run_ami_lint(
            "--format", "sarif", "a.json", cwd=where, stdout=out.fileno(), preexec=_small_disk(1000)
        )
    assert result.returncode == 2
    assert result.stderr == "ami-lint: error: cannot write the report to standard output: file too large\n"


# --- what is not a regular file ----------------------------------------------------


def _device(where: Path, name: str, minor: int) -> Path:
    """A character device of our own (1, minor: 3 null, 7 full): never the real /dev one."""
    node = where / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    return node


def test_a_baseline_never_replaces_a_device(tmp_path: Path) -> None:
    where = _files(tmp_path)
    full = _device(where, "full", 7)
    result = run_ami_lint("--write-baseline", "full", "a.json", cwd=where)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "ami-lint: error: cannot write baseline full: a device, not a regular file\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert _left(where) == []


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_directory_is_never_replaced(tmp_path: Path, option: str) -> None:
    where = _files(tmp_path)
    (where / "out").mkdir()
    result = run_ami_lint(option, "out", "a.json", cwd=where)
    what = "baseline " if option == "--write-baseline" else ""
    assert result.stderr == f"ami-lint: error: cannot write {what}out: a directory, not a regular file\n"
    assert (result.returncode, result.stdout) == (2, "")
    assert (where / "out").is_dir() and list((where / "out").iterdir()) == []


def test_a_baseline_never_replaces_a_fifo(tmp_path: Path) -> None:
    where = _files(tmp_path)
    os.mkfifo(where / "fifo.json")
    result = run_ami_lint("--write-baseline", "fifo.json", "a.json", cwd=where)
    assert (
        result.stderr
        == "ami-lint: error: cannot write baseline fifo.json: a named pipe, not a regular file\n"
    )
    assert result.returncode == 2
    assert stat.S_ISFIFO(os.lstat(where / "fifo.json").st_mode)


def test_output_writes_into_a_device_named_directly(tmp_path: Path) -> None:
    where = _files(tmp_path)
    null = _device(where, "null", 3)
    assert run_ami_lint("--output", "null", "a.json", cwd=where).returncode == 1
    full = _device(where, "full", 7)
    result = run_ami_lint("--output", "full", "a.json", cwd=where)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "ami-lint: error: cannot write full: no space left on device\n"
    assert stat.S_ISCHR(os.lstat(null).st_mode) and stat.S_ISCHR(os.lstat(full).st_mode)
    assert _left(where) == []


def test_output_writes_into_a_fifo(tmp_path: Path) -> None:
    where = _files(tmp_path)
    fifo = where / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_ami_lint("--format", "json", "--output", "report.fifo", "a.json", cwd=where)
    reader.join(TIMEOUT)
    assert (result.returncode, result.stderr) == (1, "")
    assert _paths(received[0].decode()) == ["a.json"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_full_device_on_standard_output(tmp_path: Path) -> None:
    where = _files(tmp_path)
    full = _device(where, "full", 7)
    with open(full, "w") as out:
        result = run_ami_lint("a.json", cwd=where, stdout=out.fileno())
    assert result.returncode == 2
    assert (
        result.stderr
        == "ami-lint: error: cannot write the report to standard output: no space left on device\n"
    )


def test_a_link_in_a_folder_above_is_followed(tmp_path: Path) -> None:
    # Only the last component is the target; folders are looked up as the system does.
    where = _files(tmp_path)
    (tmp_path / "reports").mkdir()
    (where / "out").symlink_to(tmp_path / "reports")
    assert run_ami_lint("--format", "json", "--output", "out/r.json", "a.json", cwd=where).returncode == 1
    assert _paths((tmp_path / "reports" / "r.json").read_text(encoding="utf-8")) == ["a.json"]


def test_output_to_dev_stdout_is_standard_output(tmp_path: Path) -> None:
    where = _files(tmp_path)
    plain = run_ami_lint("--format", "json", "a.json", "b.json", cwd=where)
    through = run_ami_lint("--format", "json", "--output", "/dev/stdout", "a.json", "b.json", cwd=where)
    assert (through.returncode, through.stdout, through.stderr) == (1, plain.stdout, "")
    with open(where / "captured.json", "w") as out:  # standard output is a regular file
        again = run_ami_lint(
            "--format", "json", "--output", "/dev/stdout", "a.json", "b.json", cwd=where, stdout=out.fileno()
        )
    assert again.returncode == 1
    assert (where / "captured.json").read_text(encoding="utf-8") == plain.stdout


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_symbolic_link_in_the_tree_is_never_followed(tmp_path: Path, option: str) -> None:
    # A pull request commits `ami-lint.sarif -> ~/.bashrc`; CI runs
    # `ami-lint --output ami-lint.sarif` in the checkout.
    home = tmp_path / "home"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    (tmp_path / "tree").mkdir()
    where = _files(tmp_path / "tree")
    (where / "ami-lint.sarif").symlink_to(bashrc)
    (where / "dangling.sarif").symlink_to(home / "new-file")
    for name in ("ami-lint.sarif", "dangling.sarif"):
        result = run_ami_lint(option, name, "a.json", cwd=where)
        what = "baseline " if option == "--write-baseline" else ""
        assert result.stderr == (
            f"ami-lint: error: cannot write {what}{name}: a symbolic link, not followed "
            "(remove it, or name the file it leads to)\n"
        )
        assert (result.returncode, result.stdout) == (2, "")
        assert os.path.islink(where / name)
    assert bashrc.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]
    assert _left(where) == []


def test_replacing_keeps_the_permissions_and_breaks_hard_links(tmp_path: Path) -> None:
    where = _files(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n", encoding="utf-8")
    os.link(outside, where / "r.json")  # a hard link in the tree to a file outside it
    os.chmod(where / "r.json", 0o640)
    assert run_ami_lint("--format", "json", "--output", "r.json", "a.json", cwd=where).returncode == 1
    assert outside.read_text(encoding="utf-8") == "mine\n"
    assert _paths((where / "r.json").read_text(encoding="utf-8")) == ["a.json"]
    assert stat.S_IMODE(os.stat(where / "r.json").st_mode) == 0o640


# --- closed standard streams ----------------------------------------------------------


def _closing(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


def test_closed_stdin(tmp_path: Path) -> None:
    where = _files(tmp_path)
    result = run_ami_lint("-", cwd=where, preexec=_closing(0))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "ami-lint: error: -: standard input is closed\n"


def test_closed_stdout(tmp_path: Path) -> None:
    where = _files(tmp_path)
    result = run_ami_lint("a.json", cwd=where, preexec=_closing(1), stdout=None)
    assert result.returncode == 2
    assert result.stderr == "ami-lint: error: cannot write the report: standard output is closed\n"
    # Standard output is not needed for a report written to a file.
    result = run_ami_lint(
        "--format", "json", "--output", "r.json", "a.json", cwd=where, preexec=_closing(1), stdout=None
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert _paths((where / "r.json").read_text(encoding="utf-8")) == ["a.json"]


def test_closed_stderr_keeps_messages_out_of_the_report(tmp_path: Path) -> None:
    where = _files(tmp_path)
    result = run_ami_lint("--format", "json", "a.json", "nope.json", cwd=where, preexec=_closing(2))
    assert result.returncode == 2
    assert _paths(result.stdout) == ["a.json"]  # and nothing else: no error line in the JSON
