"""The `--jobs` workers without multiprocessing (issue 20): forked with
`os.fork`, fed through pipes with length-prefixed pickles, a death seen as
the end of the worker's pipe and told by its exit status."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ami_lint import parallel
from tests.conftest import ROOT
from tests.security import test_workers as workers

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")


def test_can_fork_is_multiprocessings_answer() -> None:
    import multiprocessing

    assert parallel.can_fork() == ("fork" in multiprocessing.get_all_start_methods())


def _close(*fds: int) -> None:
    for fd in fds:
        os.close(fd)


def test_messages_of_any_size_come_back_whole_and_in_order() -> None:
    # Larger than a pipe holds (written while read), at the edge of one
    # read, empty: each comes back as it was sent, one after another.
    sizes = [0, 1, parallel.READ_AT_ONCE - 1, parallel.READ_AT_ONCE, parallel.READ_AT_ONCE + 1, 3_000_000]
    messages = [bytes(range(256)) * (size // 256) + b"x" * (size % 256) for size in sizes]
    read, write = os.pipe()

    def writer() -> None:
        for message in messages:
            parallel._write(write, message)
        os.close(write)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        got = [bytes(parallel._read(read)) for _ in messages]
        with pytest.raises(EOFError):
            parallel._read(read)
    finally:
        thread.join()
        os.close(read)
    assert [len(m) for m in got] == sizes
    assert got == messages


def test_a_message_read_and_written_a_few_bytes_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pipe may take and give a message in parts (a signal, a full pipe):
    # every part is written, and read into its place.
    real_read, real_readv, real_write = os.read, os.readv, os.write
    calls = {"read": 0, "readv": 0, "write": 0, "writev": 0}

    def read(fd: int, n: int) -> bytes:
        calls["read"] += 1
        return real_read(fd, min(n, 5))

    def readv(fd: int, buffers: list[memoryview]) -> int:
        calls["readv"] += 1
        return real_readv(fd, [buffers[0][:7]])

    def write(fd: int, data: memoryview) -> int:
        calls["write"] += 1
        return real_write(fd, data[:11])

    def writev(fd: int, parts: tuple[bytes, bytes]) -> int:
        calls["writev"] += 1
        return real_write(fd, parts[0][:3])

    monkeypatch.setattr(os, "read", read)
    monkeypatch.setattr(os, "readv", readv)
    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "writev", writev)
    message = parallel._dumps({"reports": list(range(100)), "text": "é" * 50})
    read_fd, write_fd = os.pipe()
    try:
        parallel._write(write_fd, message)
        assert parallel._loads(parallel._read(read_fd)) == {"reports": list(range(100)), "text": "é" * 50}
    finally:
        _close(read_fd, write_fd)
    assert calls["writev"] == 1 and calls["write"] > 10
    assert calls["readv"] > 10


@pytest.mark.parametrize("sent", [b"", b"\x05\x00\x00", (10).to_bytes(8, "little") + b"abc"])
def test_the_end_of_the_pipe_is_eof_also_in_a_message(sent: bytes) -> None:
    # Nothing, a length cut short, a message cut short: the writer is gone
    # (a dead worker, a dead parent), never a message made of what came.
    read, write = os.pipe()
    os.write(write, sent)
    os.close(write)
    try:
        with pytest.raises(EOFError):
            parallel._read(read)
    finally:
        os.close(read)


def test_a_pool_sees_a_death_as_the_end_of_the_workers_pipe() -> None:
    # A forked process holding the only write end of a worker's replies:
    # when it ends, the parent's read gives the end of the pipe, and waitpid
    # its exit status, as `_bury` words it.
    order_r, order_w = os.pipe()
    reply_r, reply_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        try:
            os.close(order_w)
            os.close(reply_r)
            parallel._write(reply_w, parallel._dumps([(0, "one")]))
            parallel._read(order_r)  # waits for the parent's word
        finally:
            os._exit(7)
    os.close(order_r)
    os.close(reply_w)
    worker = parallel._Worker(pid, order_w, reply_r, 1)
    try:
        assert worker.recv() == [(0, "one")]
        assert not worker.ended()
        worker.send(parallel._dumps(None))
        with pytest.raises(EOFError):
            worker.recv()
        worker.join(10)
        assert (worker.reaped, worker.exitcode) == (True, 7)
        worker.signal(signal.SIGKILL)  # reaped: its pid is not signalled again
    finally:
        worker.signal(signal.SIGKILL)
        worker.join()
        worker.close()


RULE = '''"""## What it does
Ends the worker linting some requests in ways that print nothing.

## Why is this bad?
It is a test.

## Example
```json
{"Name": "exit-3"}
```

## Use instead
```json
{"Name": "x"}
```
"""

from __future__ import annotations

import atexit
import os
import signal

from ami_lint.diagnostics import Severity
from ami_lint.model import scalar_of
from ami_lint.rule import Rule

PARENT = os.getpid()
MARKS = os.environ.get("TEST_MARKS", "")


def _at_exit():
    open(os.path.join(MARKS, f"atexit-{os.getpid()}"), "w").close()


atexit.register(_at_exit)


class Escape(BaseException):
    """Not an Exception: it escapes the worker's loop."""


def _pipes():
    """The pipes this process holds beyond standard input, output and error."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if int(fd) > 2 and target.startswith("pipe:"):
            found.append(target)
    return found


class Ender(Rule):
    id = "END001"
    name = "ender"
    summary = "Ends the worker linting some requests"
    severity = Severity.WARNING

    def check(self, request, ctx):
        name = scalar_of(request.get("Name"))
        if os.getpid() == PARENT or not isinstance(name, str):
            return ()
        if name == "pipes":
            with open(os.path.join(MARKS, f"pipes-{os.getpid()}"), "w") as out:
                out.write("\\n".join(_pipes()))
        elif name.startswith("exit-"):
            os._exit(int(name[5:]))
        elif name == "escape":
            raise Escape("out of the worker's loop")
        elif name == "stop-parent":
            os.kill(PARENT, signal.SIGKILL)
        return ()


RULE = Ender()
'''


def _tree(tmp_path: Path, special: dict[int, str], files: int = 60) -> Path:
    where = workers._tree(tmp_path, special, files)
    (where / "pack" / "ender.py").write_text(RULE, encoding="utf-8")
    return where


def _died(path: str, death: str) -> str:
    return workers._died(path).replace("killed by signal 9", death)


@pytest.mark.parametrize(("name", "death"), [("exit-3", "exit status 3"), ("escape", "exit status 1")])
def test_a_worker_that_exits_or_raises_costs_its_file_and_prints_nothing(
    tmp_path: Path, name: str, death: str
) -> None:
    # A worker ended by `os._exit(3)` (twice: the file is tried again, alone)
    # gives its exit status; one whose loop an exception escapes exits 1,
    # prints no traceback, and runs none of the parent's code on the way
    # out (its `finally` clauses would print a second report; its `atexit`
    # handlers leave a mark).
    where = _tree(tmp_path, {25: name})
    code, out, err = workers._run(where, "--format", "json", "--jobs", "2", "tree")
    assert (code, err) == (2, _died("tree/r25.json", death))
    report = json.loads(out)
    assert report["summary"]["files"] == 60
    paths = {d["path"] for d in report["diagnostics"]}
    assert paths == {f"tree/r{i:02d}.json" for i in range(60)} - {"tree/r25.json"}
    assert not list((where / "marks").glob("atexit-*"))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc")
def test_each_worker_holds_its_own_two_pipes_and_no_other(tmp_path: Path) -> None:
    # Each worker closes the parent's ends it inherits, of its own pipes and
    # of every worker forked before it: it sees the end of its orders when the
    # parent dies (another worker holding them would keep it waiting), and
    # its death is the end of its replies.
    where = _tree(tmp_path, {i: "pipes" for i in range(0, 240, 3)}, files=240)
    code, _, err = workers._run(where, "--format", "json", "--jobs", "3", "tree")
    assert (code, err) == (1, "")
    held = {p.name: p.read_text().split() for p in (where / "marks").glob("pipes-*")}
    assert len(held) >= 2  # more than one worker linted such files
    assert all(len(pipes) == 2 for pipes in held.values()), held
    every = [pipe for pipes in held.values() for pipe in pipes]
    assert len(set(every)) == len(every), held


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_no_worker_outlives_a_parent_killed(tmp_path: Path) -> None:
    # A worker kills the parent (SIGKILL: no `finally` runs there): every
    # worker ends by itself, busy (its replies go nowhere) or idle (the end of
    # its orders). The test's read of the run's output ends only when no
    # process holds it any more.
    where = _tree(tmp_path, {30: "stop-parent"}, files=200)
    proc = workers._start(where, "--format", "json", "--jobs", "2", "tree")
    try:
        try:
            proc.communicate(timeout=workers.TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail("a worker outlived its parent")
        assert proc.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 10
        while workers._group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # a worker being reaped by init
        assert workers._group(proc.pid) == []
    finally:
        workers._kill_group(proc)


def test_a_parallel_run_imports_no_multiprocessing(tmp_path: Path) -> None:
    # `multiprocessing` (and the `socket`, `tempfile`, `subprocess` it
    # imports) was ~12 ms of the serial start of every parallel run: neither
    # the parent nor a worker imports it, and the run does fork workers.
    where = _tree(tmp_path, {}, files=100)
    script = (
        "import sys\n"
        "from ami_lint import parallel\n"
        "from ami_lint.cli import main\n"
        "started = []\n"
        "start = parallel._Pool._start\n"
        "def counted(pool):\n"
        "    worker = start(pool)\n"
        "    started.append(worker)\n"
        "    return worker\n"
        "parallel._Pool._start = counted\n"
        "code = main(['--output', 'report.json', '--format', 'json', '--jobs', '2', 'tree'])\n"
        "print(code, sum(w is not None for w in started), "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('multiprocessing', 'socket')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=workers.TIMEOUT,
    )
    assert done.stdout == "1 2 []\n", done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "ami_lint.parallel" in imported and "_pickle" in imported
    assert not {m for m in imported if m.split(".")[0] in ("multiprocessing", "socket")}
    assert json.loads((where / "report.json").read_text(encoding="utf-8"))["summary"]["files"] == 100


def test_a_fresh_pipe_holds_what_is_sent_ahead() -> None:
    r, w = os.pipe()
    try:
        room = parallel._pipe_room(w)
    finally:
        _close(r, w)
    if sys.platform.startswith("linux"):
        assert room >= parallel.AHEAD_BYTES + parallel._PREFIXES
    else:
        assert room >= 0


@pytest.mark.parametrize("room", [None, 4096])
def test_a_busy_worker_is_sent_ahead_only_what_its_pipe_holds(
    room: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A pipe of one page (Linux, once a user's pipes hold more than
    # pipe-user-pages-soft): a worker busy with a chunk is sent nothing more
    # until it answers, so that the parent never blocks writing to a full
    # pipe while the worker blocks writing its reports. The report is the same.
    from ami_lint.cli import main
    from tests.test_throughput import _requests

    _requests(tmp_path / "tree", 6, 40)
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json", "--jobs", "1", "tree"]) == 1
    one = capsys.readouterr()
    if room is not None:
        monkeypatch.setattr(parallel, "_pipe_room", lambda fd, wanted=0: room)
    ahead: list[int] = []
    give = parallel._Pool._give

    def counted(pool: parallel._Pool, worker: parallel._Worker, chunk: list[int] | None = None) -> None:
        busy = len(worker.pending)
        give(pool, worker, chunk)
        if busy and len(worker.pending) > busy:
            ahead.append(len(worker.pending) - busy)

    monkeypatch.setattr(parallel._Pool, "_give", counted)
    assert main(["--format", "json", "--jobs", "2", "tree"]) == 1
    assert capsys.readouterr() == one
    assert (not ahead) if room is not None else bool(ahead)
