"""docs/security.md section 7: a dead `--jobs` worker never hangs the run.

A rule pack given with `--rules-dir` (trusted: the command line names it)
plays the OOM killer: its rule kills the worker process linting a request
with a given `Name`. Every run is in its own session with a timeout; a run
that does not end is killed with all its processes, and the test fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ami_lint.parallel import can_fork
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not can_fork(), reason="--jobs needs fork")

TIMEOUT = 60

RULE = '''"""## What it does
Plays the OOM killer on some requests.

## Why is this bad?
It is a test.

## Example
```json
{"Name": "kill-me"}
```

## Use instead
```json
{"Name": "x"}
```
"""

from __future__ import annotations

import os
import signal
import time

from ami_lint.diagnostics import Severity
from ami_lint.model import scalar_of
from ami_lint.rule import Rule

# The rule pack is loaded in the parent, before the workers are forked.
PARENT = os.getpid()
MARKS = os.environ.get("TEST_MARKS", "")


class Killer(Rule):
    id = "KIL001"
    name = "killer"
    summary = "Kills the worker linting some requests"
    severity = Severity.WARNING

    def check(self, request, ctx):
        name = scalar_of(request.get("Name"))
        if not isinstance(name, str) or not name.startswith(("kill-", "hang-")):
            return ()
        if os.getpid() == PARENT:  # in one process, an ordinary internal error
            raise RuntimeError("not in a worker")
        if name.startswith("kill-once"):
            mark = os.path.join(MARKS, name)
            if os.path.exists(mark):
                return ()
            open(mark, "w").close()
        if name.startswith("hang-"):
            with open(os.path.join(MARKS, f"{os.getpid()}.pid"), "w") as out:
                out.write(name)
            while True:
                time.sleep(1)
        os.kill(os.getpid(), signal.SIGKILL)
        return ()


RULE = Killer()
'''


def _request(name: str, i: int) -> str:
    arch = ["x86_64", "arm64", "amd64"][i % 3]
    return json.dumps({"Name": name, "Architecture": arch, "RootDeviceName": "/dev/xvda"}) + "\n"


def _tree(tmp_path: Path, special: dict[int, str], files: int = 60) -> Path:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "killer.py").write_text(RULE, encoding="utf-8")
    (tmp_path / "marks").mkdir()
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(files):
        (tree / f"r{i:02d}.json").write_text(_request(special.get(i, f"image-{i}"), i), encoding="utf-8")
    return tmp_path


def _start(where: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    env["TEST_MARKS"] = str(where / "marks")
    return subprocess.Popen(
        [sys.executable, "-m", "ami_lint", "--rules-dir", "pack", *args],
        cwd=where,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the run and its workers: one process group to kill
        # As from a terminal: a suite started in the background of a shell
        # without job control inherits SIGINT ignored, and so would ami-lint.
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _run(where: Path, *args: str) -> tuple[int, str, str]:
    proc = _start(where, *args)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        pytest.fail(f"the run did not end within {TIMEOUT} s")
    finally:
        _kill_group(proc)  # no worker outlives the test
    return proc.returncode, out, err


def _died(path: str) -> str:
    return (
        f"ami-lint: {path}: internal error: the worker linting it died (killed by signal 9); "
        "rerun with --debug for a traceback\n"
    )


def _in_one_process(path: str) -> str:
    return (
        f"ami-lint: {path}: internal error: RuntimeError: not in a worker; "
        "rerun with --debug for a traceback\n"
    )


def test_a_killed_worker_costs_its_file_and_the_run_ends(tmp_path: Path) -> None:
    where = _tree(tmp_path, {17: "kill-me"})
    code, out, err = _run(where, "--format", "json", "--jobs", "2", "tree")
    assert (code, err) == (2, _died("tree/r17.json"))
    # Every other file's findings, as one process reports them (where the rule
    # raises an ordinary error on the same file instead of killing itself).
    one = _run(where, "--format", "json", "--jobs", "1", "tree")
    assert one == (2, out, _in_one_process("tree/r17.json"))
    report = json.loads(out)
    assert report["summary"]["files"] == 60
    paths = {d["path"] for d in report["diagnostics"]}
    assert len(paths) == 59 and "tree/r17.json" not in paths


def test_the_report_is_written_with_output(tmp_path: Path) -> None:
    where = _tree(tmp_path, {3: "kill-me"})
    code, out, err = _run(where, "--format", "sarif", "--output", "r.sarif", "--jobs", "2", "tree")
    assert (code, out, err) == (2, "", _died("tree/r03.json"))
    sarif = json.loads((where / "r.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    }
    assert len(uris) == 59 and "tree/r03.json" not in uris


def test_files_that_kill_every_worker_take_nothing_else(tmp_path: Path) -> None:
    # Neighbours (one chunk), the first and the last file: each kills the
    # worker it meets and the new one that tries it again.
    killers = {0: "kill-a", 20: "kill-b", 21: "kill-c", 59: "kill-d"}
    where = _tree(tmp_path, killers)
    code, out, err = _run(where, "--format", "json", "--jobs", "3", "tree")
    paths = [f"tree/r{i:02d}.json" for i in sorted(killers)]
    assert (code, err) == (2, "".join(_died(p) for p in paths))
    one = _run(where, "--format", "json", "--jobs", "1", "tree")
    assert one == (2, out, "".join(_in_one_process(p) for p in paths))


def test_a_worker_killed_once_is_retried_in_a_new_one(tmp_path: Path) -> None:
    # The OOM killer takes the largest process, which may be a worker that was
    # only unlucky: the file it was linting is tried again, alone, and passes.
    where = _tree(tmp_path, {30: "kill-once"})
    code, out, err = _run(where, "--format", "json", "--jobs", "2", "tree")
    assert (tmp_path / "marks" / "kill-once").exists()  # a worker did die on it
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["summary"]["files"] == 60
    assert "tree/r30.json" in {d["path"] for d in report["diagnostics"]}


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    ("target", "code"), [("parent", 130), ("group", 130), ("terminate", 128 + signal.SIGTERM)]
)
def test_ctrl_c_ends_the_run_and_its_workers(tmp_path: Path, target: str, code: int) -> None:
    # One worker hangs forever on a file; Ctrl-C (SIGINT to ami-lint, or to
    # its whole process group as a terminal sends it) ends everything, and so
    # does SIGTERM to ami-lint alone (as `timeout` sends it).
    where = _tree(tmp_path, {10: "hang-me"})
    proc = _start(where, "--format", "json", "--jobs", "2", "tree")
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (hung := list((where / "marks").glob("*.pid"))):
            assert proc.poll() is None and time.monotonic() < deadline, "the worker never hung"
            time.sleep(0.05)
        worker = int(hung[0].stem)
        assert proc.pid in _group(proc.pid) and worker in _group(proc.pid)
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT if target == "parent" else signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail("Ctrl-C did not end the run")
        assert (proc.returncode, out, err) == (code, "", "")
        deadline = time.monotonic() + 10
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # a worker being reaped by init
        assert _group(proc.pid) == []
    finally:
        _kill_group(proc)
        proc.communicate()
