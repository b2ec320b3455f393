"""Safety of the real command: `file://` references, walked directories,
internal errors, no network and no credentials."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint.cli import main
from tests.conftest import ROOT

TIMEOUT = 120
REQUEST = '{"Name": "web-2024", "BootMode": "uefi"}\n'


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=timeout,
    )


def diagnostics(proc: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return list(json.loads(proc.stdout)["diagnostics"])


# --- file:// references ----------------------------------------------------------


def secret_lines(path: Path) -> list[str]:
    """Lines of a file long enough that finding one in a report is no accident."""
    return [line for line in path.read_text(errors="replace").splitlines() if len(line.strip()) >= 6]


PASSWD = Path("/etc/passwd")


@pytest.mark.skipif(not PASSWD.is_file(), reason="no /etc/passwd")
@pytest.mark.parametrize("cwd_is_root", [False, True])
def test_passwd_is_never_echoed(tmp_path: Path, cwd_is_root: bool) -> None:
    script = tmp_path / "register.sh"
    script.write_text(
        "aws ec2 register-image --cli-input-json file:///etc/passwd\n"
        "aws ec2 register-image --cli-input-yaml file:///etc/passwd --name web-2024\n"
        "aws ec2 register-image --name web-2024 --block-device-mappings file:///etc/passwd\n"
        "aws ec2 register-image --name web-2024 --description file:///etc/passwd\n"
        "aws ec2 register-image --name file:///etc/passwd\n"
        "aws ec2 register-image --name web-2024 --architecture file://../../../../../../../etc/passwd\n"
    )
    # From `/`, every file is inside the working directory: still not shown.
    cwd = Path("/") if cwd_is_root else tmp_path
    lines = secret_lines(PASSWD)
    for fmt in ("text", "json", "sarif", "github", "editor"):
        proc = run("--format", fmt, "--select", "ALL", str(script), cwd=cwd)
        assert proc.returncode == 1, proc.stderr
        for line in lines:
            assert line not in proc.stdout, (fmt, line)
            assert line not in proc.stderr, (fmt, line)
    proc = run("--format", "json", "--select", "AMI004,AMI005", str(script), cwd=cwd)
    found = [(d["line"], d["rule"]) for d in diagnostics(proc)]
    # Outside the script's project it is not read, from `/` too: the working
    # directory does not widen the project. An absolute path names a file of
    # the machine that runs the script (AMI005, not checked); a relative one
    # that leads out of the project is a broken reference (AMI004).
    assert found == [(n, "AMI005") for n in range(1, 6)] + [(6, "AMI004")]
    assert all("outside the script's project" in str(d["message"]) for d in diagnostics(proc))


SECRETS = {
    "secret.env": "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY\nDB_PASSWORD=hunter2hunter2\n",
    "key.json": '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----MIIEvQ"}\n',
    "notes.txt": "first line of a private note\nsecond line of a private note\n",
    ".aws/credentials": "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
    ".env": "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
}


def test_files_that_are_not_requests_are_not_echoed(tmp_path: Path) -> None:
    for name, text in SECRETS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    lines = []
    for name in SECRETS:
        lines.append(f"aws ec2 register-image --cli-input-json file://{name}")
        lines.append(f"aws ec2 register-image --cli-input-yaml file://{name}")
        lines.append(f"aws ec2 register-image --name web-2024 --block-device-mappings file://{name}")
        lines.append(f"aws ec2 register-image --name web-2024 --architecture file://{name}")
    (tmp_path / "register.sh").write_text("\n".join(lines) + "\n")
    for fmt in ("text", "json", "sarif"):
        proc = run("--format", fmt, "--select", "ALL", "register.sh", cwd=tmp_path)
        for name in SECRETS:
            for line in secret_lines(tmp_path / name):
                assert line not in proc.stdout, (fmt, name, line)
    proc = run("--format", "json", "--select", "AMI004,AMI005", "register.sh", cwd=tmp_path)
    found = diagnostics(proc)
    assert [d["line"] for d in found] == list(range(1, len(lines) + 1))
    assert all(d["path"] == "register.sh" for d in found)
    # A place for credentials is not read at all (an error); any other file
    # that is no request is read but neither checked nor shown (information).
    expected = ["AMI004" if name.startswith(".") else "AMI005" for name in SECRETS for _ in range(4)]
    assert [d["rule"] for d in found] == expected


def test_request_files_are_still_followed(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    (tmp_path / "r.yaml").write_text("Name: web-2024\nArchitecture: amd64\n")
    (tmp_path / "bdm.json").write_text('[{"DeviceName": "/dev/xvda",\n  "Ebs": {"VolumeType": "gp4"}}]\n')
    (tmp_path / "bdm.txt").write_text("DeviceName=/dev/xvda,Ebs={VolumeType=gp4}")
    (tmp_path / "register.sh").write_text(
        "aws ec2 register-image --cli-input-json file://r.json\n"
        "aws ec2 register-image --cli-input-yaml file://r.yaml\n"
        "aws ec2 register-image --name web-2024 --block-device-mappings file://bdm.json\n"
        "aws ec2 register-image --name web-2024 --block-device-mappings file://bdm.txt\n"
    )
    proc = run("--format", "json", "--select", "AMI104", "register.sh", cwd=tmp_path)
    found = sorted((d["path"], d["line"]) for d in diagnostics(proc))
    assert found == [("bdm.json", 2), ("bdm.txt", 1), ("r.json", 1), ("r.yaml", 2)]


def test_special_files_are_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "loop1.json").symlink_to("loop2.json")
    (tmp_path / "loop2.json").symlink_to("loop1.json")
    (tmp_path / "big.json").write_text("[" + " " * (2 * 1024 * 1024) + "]")
    (tmp_path / "bad.json").write_bytes(b'{"Name": "\xff"}')
    refs = [
        ("file:///dev/zero", "special file"),
        ("file:///dev/urandom", "special file"),
        ("file:///dev/stdin", "special file"),
        ("file:///proc/self/environ", "special file"),
        ("file://fifo.json", "a named pipe, not a regular file"),
        ("file://dir.json", "a directory, not a regular file"),
        ("file://loop1.json", "too many levels of symbolic links"),
        ("file://missing.json", "no such file"),
        ("file://big.json", "larger than 1 MiB"),
        ("file://bad.json", "not UTF-8 text"),
    ]
    (tmp_path / "register.sh").write_text(
        "".join(f"aws ec2 register-image --name web-2024 --block-device-mappings {ref}\n" for ref, _ in refs)
    )
    # From `/` the special files are inside the working directory.
    for cwd in (tmp_path, Path("/")):
        proc = run(
            "--format",
            "json",
            "--select",
            "AMI004,AMI005",
            str(tmp_path / "register.sh"),
            cwd=cwd,
            timeout=60,
        )
        found = diagnostics(proc)
        assert len(found) == len(refs)
        for d, (ref, problem) in zip(found, refs, strict=True):
            assert ref in str(d["message"])
            if cwd == tmp_path or (ref.startswith("file://") and not ref.startswith("file:///")):
                assert problem in str(d["message"]) or "outside" in str(d["message"]), d["message"]


def test_max_file_size_applies_to_references(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(REQUEST.rstrip("\n") + " " * 200)
    (tmp_path / "register.sh").write_text("aws ec2 register-image --cli-input-json file://r.json\n")
    proc = run(
        "--format", "json", "--select", "AMI004", "--max-file-size", "100", "register.sh", cwd=tmp_path
    )
    (found,) = diagnostics(proc)
    assert "larger than 100 bytes" in str(found["message"])


def test_references_outside_the_project_are_not_followed(tmp_path: Path) -> None:
    # README: only the script's project (git work tree, else folder) is read.
    outside = tmp_path / "elsewhere"
    project = tmp_path / "project"
    outside.mkdir()
    project.mkdir()
    (outside / "r.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    (project / "link.json").symlink_to(outside / "r.json")
    (project / "register.sh").write_text(
        f"aws ec2 register-image --cli-input-json file://{outside / 'r.json'}\n"
        "aws ec2 register-image --cli-input-json file://../elsewhere/r.json\n"
        "aws ec2 register-image --cli-input-json file://link.json\n"
    )
    # Absolute: a file of the machine that runs the script (AMI005); relative: broken (AMI004).
    outside_project = [(1, "AMI005"), (2, "AMI004"), (3, "AMI004")]
    proc = run("--format", "json", "--select", "AMI0,AMI005,AMI104", "register.sh", cwd=project)
    found = diagnostics(proc)
    assert [(d["line"], d["rule"]) for d in found] == outside_project
    assert all("outside the script's project" in str(d["message"]) for d in found)
    # Run from the common parent, they are still outside the script's project
    # (the working directory does not count)...
    proc = run("--format", "json", "--select", "AMI0,AMI005,AMI104", "project/register.sh", cwd=tmp_path)
    assert [(d["line"], d["rule"]) for d in diagnostics(proc)] == outside_project
    # ... but inside it when the common parent is the git work tree holding the script.
    (tmp_path / ".git").mkdir()
    proc = run("--format", "json", "--select", "AMI0,AMI104", "project/register.sh", cwd=tmp_path)
    assert {(d["path"], d["rule"]) for d in diagnostics(proc)} == {
        ("elsewhere/r.json", "AMI104"),
        ("project/link.json", "AMI104"),  # its real path is inside now
    }


# --- directories ---------------------------------------------------------------


def test_walked_directory_problems_are_notes(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    os.mkfifo(sub / "pipe.json")
    os.mkfifo(sub / "pipe-noext")
    (sub / "loop1.json").symlink_to("loop2.json")
    (sub / "loop2.json").symlink_to("loop1.json")
    (sub / "dangling.yaml").symlink_to("missing.yaml")
    (sub / "up").symlink_to("..")  # a directory loop: not followed
    server = socket.socket(socket.AF_UNIX)
    with contextlib.suppress(OSError):
        server.bind(str(sub / "sock.sh"))
    try:
        proc = run("--format", "json", "--verbose", ".", cwd=tmp_path, timeout=60)
    finally:
        server.close()
    assert proc.returncode == 1, proc.stderr
    assert {d["path"] for d in diagnostics(proc)} == {"ok.json"}
    notes = proc.stderr.splitlines()
    assert "sub/pipe.json: skipped: a named pipe, not a regular file" in notes
    assert "sub/loop1.json: skipped: too many levels of symbolic links" in notes
    assert "sub/dangling.yaml: skipped: no such file or directory" in notes
    if (sub / "sock.sh").exists():
        assert "sub/sock.sh: skipped: a socket, not a regular file" in notes


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_in_a_walked_directory_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    locked = tmp_path / "locked.json"
    locked.write_text(REQUEST)
    locked.chmod(0)
    try:
        proc = run("--format", "json", "--verbose", ".", cwd=tmp_path)
        assert proc.returncode == 1
        assert {d["path"] for d in diagnostics(proc)} == {"ok.json"}
        assert "locked.json: skipped: permission denied" in proc.stderr.splitlines()
        proc = run("locked.json", cwd=tmp_path)
        assert (proc.returncode, proc.stderr) == (2, "ami-lint: error: locked.json: permission denied\n")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _deny(path_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make one file unreadable even for root."""
    real_open = Path.open

    def fake_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == path_name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", fake_open)
    real_os_open = os.open

    def fake_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.basename(path) == path_name:  # a walked file is opened as checked
            raise PermissionError(13, "Permission denied", path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_os_open)
    # A named file is opened with `open` (not `Path.open`: no pathlib at start-up).
    import builtins

    import ami_lint.files

    def fake_builtin_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, str) and os.path.basename(file) == path_name:
            raise PermissionError(13, "Permission denied", file)
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(ami_lint.files, "open", fake_builtin_open, raising=False)


def test_unreadable_walked_file_is_a_note_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    (tmp_path / "locked.json").write_text(REQUEST)
    monkeypatch.chdir(tmp_path)
    _deny("locked.json", monkeypatch)
    assert main(["--format", "json", "--verbose", "--jobs", "1", "."]) == 1
    out, err = capsys.readouterr()
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"ok.json"}
    assert "locked.json: skipped: permission denied" in err.splitlines()
    # Named on the command line, it is an error of the run: one line, exit 2.
    assert main(["ok.json", "locked.json"]) == 2
    out, err = capsys.readouterr()
    assert err == "ami-lint: error: locked.json: permission denied\n"


def test_special_file_named_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "loop.json").symlink_to("loop.json")
    for name, problem in (("dir.json", None), ("loop.json", "too many levels of symbolic links")):
        proc = run(name, cwd=tmp_path)
        assert "Traceback" not in proc.stderr
        if problem:
            assert (proc.returncode, proc.stderr) == (2, f"ami-lint: error: {name}: {problem}\n")
        else:
            assert proc.returncode in (0, 2)


# --- internal errors -------------------------------------------------------------

BROKEN_RULE = '''"""## What it does
Fails.

## Why is this bad?
It is a test.

## Example
```json
{"Name": "web-2024"}
```

## Use instead
```json
{"Name": "web-2024"}
```
"""

from ami_lint.diagnostics import Severity
from ami_lint.rule import Rule


class Broken(Rule):
    id = "TEST901"
    name = "always-crashes"
    summary = "Crashes on a request named `boom`"
    severity = Severity.ERROR

    def check(self, request, ctx):
        name = request.get("Name")
        if name is not None and getattr(name, "value", None) == "boom":
            raise ValueError("the rule broke")
        return []


RULE = Broken()
'''


def test_internal_error_costs_one_file(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "broken.py").write_text(BROKEN_RULE)
    (tmp_path / "a.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    (tmp_path / "b.json").write_text('{"Name": "boom", "Architecture": "amd64"}\n')
    (tmp_path / "c.json").write_text('{"Name": "y", "Architecture": "amd64"}\n')
    args = ("--rules-dir", "rules", "--format", "json", "a.json", "b.json", "c.json")
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "ami-lint: b.json: internal error: ValueError: the rule broke; rerun with --debug for a traceback\n"
    )
    assert {d["path"] for d in diagnostics(proc)} == {"a.json", "c.json"}
    # The same from worker processes.
    parallel = run("--jobs", "2", *args, cwd=tmp_path)
    assert (parallel.returncode, parallel.stderr, parallel.stdout) == (2, proc.stderr, proc.stdout)
    proc = run("--debug", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr and 'raise ValueError("the rule broke")' in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("ami-lint: b.json: internal error: ValueError")


def test_internal_error_in_a_reader_costs_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ami_lint.readers import json_reader

    real = json_reader.read_json

    def flaky(source, **kwargs):  # type: ignore[no-untyped-def]
        if source.path.endswith("b.json"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(source, **kwargs)

    monkeypatch.setattr(json_reader, "read_json", flaky)
    monkeypatch.chdir(tmp_path)
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_text('{"Name": "x", "Architecture": "amd64"}\n')
    assert main(["--format", "json", "--jobs", "1", "."]) == 2
    out, err = capsys.readouterr()
    assert [d["path"] for d in json.loads(out)["diagnostics"]].count("b.json") == 0
    assert {d["path"] for d in json.loads(out)["diagnostics"]} == {"a.json", "c.json"}
    assert err == (
        "ami-lint: b.json: internal error: RecursionError: maximum recursion depth exceeded; "
        "rerun with --debug for a traceback\n"
    )


# --- no network, no credentials ------------------------------------------------------

SITECUSTOMIZE = """
import os
import socket
import sys

_LOG = os.environ["AMI_LINT_AUDIT_LOG"]
_WATCHED = tuple(p for p in os.environ["AMI_LINT_AUDIT_WATCH"].split(os.pathsep) if p)
_events = []
_busy = False


def _record(*fields):
    _events.append("\\t".join(str(f) for f in fields))


def _hook(event, args):
    global _busy
    if _busy:
        return
    _busy = True
    try:
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.fsdecode(args[0])
            if any(path.startswith(w) or w in path for w in _WATCHED):
                _record("open", path)
        elif event == "socket.__new__":
            if len(args) > 1 and args[1] not in (-1, getattr(socket, "AF_UNIX", None)):
                _record(event, args[1])
        elif event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.")):
            _record(event, args)
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            _record(event, args)
    finally:
        _busy = False


class _NoNetwork(socket.socket):
    def __init__(self, family=-1, *args, **kwargs):
        if family not in (-1, getattr(socket, "AF_UNIX", None)):
            _record("socket", family)
            raise OSError("network disabled in this test")
        super().__init__(family, *args, **kwargs)


def _no_connection(*args, **kwargs):
    _record("create_connection", args)
    raise OSError("network disabled in this test")


def _no_lookup(*args, **kwargs):
    _record("getaddrinfo", args)
    raise OSError("network disabled in this test")


socket.socket = _NoNetwork
socket.create_connection = _no_connection
socket.getaddrinfo = _no_lookup


def _flush():
    global _busy
    _busy = True
    with open(_LOG, "a") as out:
        for line in _events:
            out.write(line + "\\n")


import atexit

atexit.register(_flush)
sys.addaudithook(_hook)
"""


def test_no_network_and_no_credentials_over_the_whole_corpus(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    home = tmp_path / "home"
    aws = home / ".aws"
    aws.mkdir(parents=True)
    (aws / "credentials").write_text("[default]\naws_access_key_id = AKIASENTINEL\n")
    (aws / "config").write_text("[default]\nregion = sentinel-1\n")
    log = tmp_path / "audit.log"
    log.write_text("")
    env = {
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "HOME": str(home),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials"),
        "AWS_CONFIG_FILE": str(aws / "config"),
        "AMI_LINT_AUDIT_LOG": str(log),
        "AMI_LINT_AUDIT_WATCH": os.pathsep.join([str(aws), "/.aws/", "credentials"]),
    }
    paths = [str(ROOT / p) for p in ("tests/corpus", "tests/cases", "examples")]
    for extra in ((), ("--jobs", "2"), ("--format", "sarif")):
        proc = run("--select", "ALL", "--verbose", *extra, *paths, cwd=ROOT, env=env)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    # The hook itself works: a deliberate attempt is recorded.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import socket\ntry:\n socket.create_connection(('192.0.2.1', 9))\nexcept OSError:\n pass",
        ],
        env={**os.environ, **env},
        timeout=TIMEOUT,
    )
    assert probe.returncode == 0
    events = log.read_text().splitlines()
    assert [e for e in events if e.startswith("create_connection")], "the audit hook recorded nothing"
    assert [e for e in events if not e.startswith("create_connection")] == []
