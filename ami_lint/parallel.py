"""Linting many files in worker processes (`--jobs N`).

The parent walks the paths as the one-process loop in `Linter.lint_paths`
does, reading each walked file and skipping by a byte search those that hold
nothing to lint; the others go, with their bytes, to workers that lint them
and send back each file's report, while the walk goes on. The parent puts the
reports together in the order of the items, so the report is the same
whatever the number of workers: same diagnostics, same notes in the same
order, same first error when a file cannot be read.

Workers are forked from the parent as soon as the walk has found enough
files to lint, and inherit its `Linter`s (rules, rule packs, configuration)
as they stand: nothing is pickled or loaded twice. Where `fork` is not
available, everything runs in one process.
"""

from __future__ import annotations

import _signal  # `signal`'s C module, loaded at start: without the enums `signal` makes
import os
import sys
from collections import deque
from collections.abc import Callable, Container, Iterator

from ami_lint.diagnostics import Diagnostic, Severity, diagnostic_of
from ami_lint.edits import Fix, fix_of
from ami_lint.files import InputError, Note, discover_names, display_path
from ami_lint.paths import normal

# At the top, not in each function: an import in a function asks the module
# for `__path__` on every call (an AttributeError made and dropped), and
# these run once per file.
from ami_lint.report import FileError, Kept, Report, keep
from ami_lint.source import source_of, span_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any, NoReturn, Protocol

    from ami_lint.engine import Linter

    class Ahead(Protocol):
        """Findings rendered where they are made (`ami_lint.formatters.text.Ahead`)."""

        def render(self, d: Diagnostic, /) -> tuple[str | None, str]: ...

        def keep(self, d: Diagnostic, url: str | None, block: str | bytes, /) -> None: ...


# Files that need more than a byte search (`read_walked`) for a worker to pay
# for itself: a fork and the first use of what it imports cost about what
# linting a few dozen small requests does.
MIN_FILES_PER_WORKER = 32
# Items per task sent to a worker: large enough to keep the pipe cheap, small
# enough that one slow file does not leave the other workers idle at the end.
MAX_CHUNK = 32

# A file to read (index of its linter, path, named on the command line), a
# document already read (index, stdin's bytes and name), or a walked file
# read and searched (index, path, False, and what `Linter.read_walked` found
# of it: its display path and the name of its front end).
# Per-file linters (nearest configuration) are chosen in the parent; the
# workers inherit the list and look them up by index.
FileItem = tuple[int, str, bool]
DataItem = tuple[int, bytes, str, None]
ReadItem = tuple[int, str, bool, str, str]
Item = FileItem | DataItem | ReadItem


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked: what `multiprocessing` offers its "fork"
    start method on (`os.fork`, any system but Windows), asked without
    importing it (about 12 ms of the serial start of a run, issue 20)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def workers_for(jobs: int | None, files: int) -> int:
    """How many processes lint `files` files (those a byte search did not
    settle): `jobs` when given, else one per `MIN_FILES_PER_WORKER` files, at
    most one per CPU; never more than files. Not fewer on a busy machine:
    beside other busy processes, N workers get about N shares of the CPUs
    where one process gets one (bench/throughput.py measures it with a CPU
    hog per core)."""
    if jobs is None:
        jobs = max(1, min(cpu_count(), files // MIN_FILES_PER_WORKER))
    jobs = min(jobs, files)
    return jobs if jobs > 1 and can_fork() else 1


def lint_paths(
    linter: Linter,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    jobs: int | None,
    ahead: Ahead | None = None,
) -> Report:
    """`Linter.lint_paths` with `jobs` worker processes (None: one per CPU when
    there are many files); the report is the same whatever the number.
    `ahead`, when given, renders each finding a worker makes, in the worker,
    and keeps the block for the report (the parent then prints it as it is)."""
    if jobs == 1:
        return linter.lint_paths(paths, stdin_data, stdin_name)
    report = Report()
    kept: Kept = {}
    lint_in_workers(linter, report, paths, stdin_data, stdin_name, jobs, ahead, kept)
    report.finish(kept)
    return report


def lint_in_workers(
    linter: Linter,
    report: Report,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    jobs: int | None,
    ahead: Ahead | None = None,
    kept: Kept | None = None,
) -> None:
    """Fill `report` as `Linter.lint_paths` does in one process, with `jobs`
    workers (None: as many as `workers_for` finds useful); its diagnostics
    go through `keep` into `kept` too, when given, as they come (what
    `Report.finish` would do after the last one)."""
    # The walk's notes (skipped directories, excluded files) and its input
    # errors (missing paths), each shown where the walk met it among the files'.
    walk = Report()
    linters: list[Linter] = []
    marks: list[tuple[int, int]] = []
    found = _walk_items(linter, paths, stdin_data, stdin_name, walk, linters, marks)
    notes = errors = 0
    for index, part in _Pool(linters, jobs, found, ahead, (linter, walk, marks)).reports():
        note_mark, error_mark = marks[index]
        if note_mark > notes:
            report.notes.extend(walk.notes[notes:note_mark])
            notes = note_mark
        if error_mark > errors:
            report.input_errors.extend(walk.input_errors[errors:error_mark])
            errors = error_mark
        if isinstance(part, tuple):  # nearly every file: as a worker packed it
            made = _add(report, part, ahead)
        elif isinstance(part, Note):
            report.notes.append(part)
            continue
        else:
            _merge(report, part)
            made = part.diagnostics
        if made and kept is not None:
            keep(kept, made)
    report.notes.extend(walk.notes[notes:])
    report.input_errors.extend(walk.input_errors[errors:])


# The fields of a `Report`, each merged by `_merge` (a test holds it to
# `fields(Report)`: a field added to `Report` is added here).
MERGED = ("diagnostics", "files", "notes", "errors", "input_errors", "suppression_warnings")


def _merge(report: Report, part: Report) -> None:
    """Add one file's report to the whole: lists are concatenated, counts
    added; each field by name, not through `fields` (a loop of `getattr`
    for each file, issue 20)."""
    if part.diagnostics:
        report.diagnostics.extend(part.diagnostics)
    report.files += part.files
    if part.notes:
        report.notes.extend(part.notes)
    if part.errors:
        report.errors.extend(part.errors)
    if part.input_errors:
        report.input_errors.extend(part.input_errors)
    if part.suppression_warnings:
        report.suppression_warnings.extend(part.suppression_warnings)


# At most this many bytes of walked files read ahead wait for a worker: the
# walk waits for the workers beyond it.
READ_AHEAD = 32 * 1024 * 1024
# At most about this many bytes of files in one message to a worker.
CHUNK_BYTES = 4 * 1024 * 1024
# A worker busy with its chunk is sent its next one while it works (so that
# it never waits for the parent between two chunks) when the messages it may
# not have read yet stay under this many bytes: no more than a pipe holds
# unread (64 KiB on Linux), so that the parent never blocks on a full pipe
# while the worker blocks sending it its reports (the worker has read the
# chunk it works on: the one sent ahead, with its length, is all its pipe
# holds then). A larger chunk waits until the worker has answered the last one.
# A pipe that holds less (Linux gives new pipes one page once a user's pipes
# hold more than /proc/sys/fs/pipe-user-pages-soft; other systems do not
# say) is made larger, or its worker is sent nothing ahead (`_pipe_room`).
AHEAD_BYTES = 64 * 1024
# The two length prefixes of the messages a pipe may hold unread.
_PREFIXES = 16
# Files the walk takes between two looks at the workers.
WALK_STEP = 16
# The walker's pipe is made this large where the system allows (Linux's
# default most for a user): it holds what the walker finds while the parent
# warms up and reads nothing (a tree of small files: most of it).
WALKER_PIPE_BYTES = 1024 * 1024
# The walker sends a batch once it holds this many items, or this many bytes.
WALKER_BATCH = 32
WALKER_BATCH_BYTES = 64 * 1024
# Called with the `_Pool` after each step of its walk, when set (a test
# watches the workers answer while the walk goes on).
WALK_HOOK: Callable[[_Pool], None] | None = None

# What the walk gives for each item: the item, the note of a file a byte
# search skipped (the item is done), the bytes of a walked file read.
Walked = tuple[Item, Note | None, bytes | None]


def _walk_items(
    linter: Linter,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    walk: Report,
    linters: list[Linter],
    marks: list[tuple[int, int]],
) -> Iterator[Walked]:
    """The work items in report order, as the walk finds them; `marks`
    receives, for each, how many walk notes and input errors came before it,
    and `linters` the distinct linters the items refer to. Each walked file
    is read: a file that holds nothing to lint comes with its note, another
    with its bytes."""
    from ami_lint.engine import path_error

    index: dict[int, int] = {}

    def number(chosen: Linter) -> int:
        key = id(chosen)
        if key not in index:
            index[key] = len(linters)
            linters.append(chosen)
        return index[key]

    notes, errors = walk.notes, walk.input_errors
    for raw in paths:
        if raw == "-":
            if stdin_data is None:
                errors.append("-: standard input was not read")
                continue
            chosen = linter.linter_for(normal(stdin_name), True, walk)
            if chosen is not None:
                marks.append((len(notes), len(errors)))
                yield (number(chosen), stdin_data, stdin_name, None), None, None
            continue
        try:
            named = normal(raw)
            # The linter of the file before, and its number (most files of a
            # walk have the one of the file before).
            last: Linter | None = None
            last_number = 0
            for path in discover_names([raw], notes):
                explicit = path == named
                chosen = linter.linter_for(path, explicit, walk)
                if chosen is None:
                    continue
                marks.append((len(notes), len(errors)))
                if chosen is not last:
                    last, last_number = chosen, number(chosen)
                if explicit:
                    yield (last_number, path, explicit), None, None
                    continue
                note, read, claim = chosen.read_walked(path)
                if claim is None:
                    yield (last_number, path, explicit), note, read
                else:
                    yield (last_number, path, explicit, *claim), note, read
        except (InputError, OSError) as exc:  # this path is lost, not the others
            errors.append(path_error(raw, exc))


def _pipe_room(fd: int, wanted: int = 2 * AHEAD_BYTES) -> int:
    """How many bytes pipe `fd` holds unread before a write to it blocks:
    its size on Linux, made `wanted` when it is less and the system allows;
    0 where the system does not say (nothing is then sent ahead)."""
    try:
        import fcntl

        get, set_ = fcntl.F_GETPIPE_SZ, fcntl.F_SETPIPE_SZ  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return 0
    try:
        room = fcntl.fcntl(fd, get)
        if room < wanted:
            room = fcntl.fcntl(fd, set_, wanted)
    except OSError:  # over the user's limit: the pipe stays as it is
        try:
            return int(fcntl.fcntl(fd, get))
        except OSError:
            return 0
    return int(room)


class _Process:
    """A process forked by the pool (`pid`), until it is reaped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        # Its exit code once reaped (as `os.waitstatus_to_exitcode` gives it:
        # minus the signal that killed it). `reaped` also when its status was
        # lost (reaped by the system, SIGCHLD ignored): either way its pid may
        # be another process's now, never to be signalled.
        self.exitcode: int | None = None
        self.reaped = False

    def ended(self) -> bool:
        """Whether it has ended (and then it is reaped)."""
        if not self.reaped:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.reaped = True
            else:
                if pid:
                    self.exitcode = os.waitstatus_to_exitcode(status)
                    self.reaped = True
        return self.reaped

    def join(self, timeout: float | None = None) -> None:
        """Wait until it has ended, at most `timeout` seconds (None: as long as
        it takes)."""
        if self.ended():
            return
        if timeout is None:
            try:
                status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                pass
            else:
                self.exitcode = os.waitstatus_to_exitcode(status)
            self.reaped = True
            return
        # Woken when it ends (a pidfd, Linux 5.3 and later), else asked again
        # after short sleeps.
        try:
            pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            pidfd = -1
        if pidfd >= 0:
            import select

            try:
                waiter = select.poll()
                waiter.register(pidfd, select.POLLIN)
                waiter.poll(timeout * 1000)
            finally:
                os.close(pidfd)
            self.ended()
            return
        import time

        deadline = time.monotonic() + timeout
        pause = 0.0005
        while not self.ended():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.05)

    def signal(self, signum: int) -> None:
        """Send it `signum`, unless it is reaped (its pid free for another)."""
        import contextlib  # not at start-up (issue 20)

        if not self.reaped:
            with contextlib.suppress(OSError):  # ended, and reaped by the system
                os.kill(self.pid, signum)


class _Worker(_Process):
    """A worker process (`pid`), the parent's ends of its two pipes (`orders`
    to it; `replies` from it, whose only write end the worker holds: their
    end of file is its death), and the items sent to it that it has not
    answered yet (the first one is the item it is linting); `known`: how many
    of the run's linters it inherited."""

    def __init__(self, pid: int, orders: int, replies: int, known: int) -> None:
        super().__init__(pid)
        self.orders = orders
        self.replies = replies
        self.known = known
        # Whether its orders' pipe holds what may be sent ahead (`AHEAD_BYTES`).
        self.ahead = _pipe_room(orders) >= AHEAD_BYTES + _PREFIXES
        # Whether its pipe holds a message (or its end), asked of the system
        # directly, with a poll object kept for the worker (issue 20).
        import select

        self.readable = select.poll()
        self.readable.register(replies, select.POLLIN)
        self.pending: deque[int] = deque()
        # The chunks sent and not wholly answered, in order: [items not
        # answered yet, bytes of the message].
        self.chunks: deque[list[int]] = deque()

    def send(self, message: bytes) -> None:
        """Send a pickled message (OSError when the worker is gone)."""
        _write(self.orders, message)

    def recv(self) -> Any:
        """Its next message (EOFError when it died, also in the middle of one)."""
        return _loads(_read(self.replies))

    def close(self) -> None:
        """Close the parent's ends of its pipes (the worker sees the end of its orders)."""
        import contextlib  # not at start-up (issue 20)

        for fd in (self.orders, self.replies):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.orders = self.replies = -1  # a number closed is given to the next fd opened

    def answered(self, index: int) -> None:
        """The report of item `index`, the first one pending, came back."""
        self.pending.remove(index)
        chunk = self.chunks[0]
        chunk[0] -= 1
        if not chunk[0]:
            self.chunks.popleft()


class _Walker(_Process):
    """The process walking the rest of the paths (`_walker`), forked as the
    first worker is about to be: the read end of its pipe (`fd`), what the
    walk had found when it was forked (`base`: the pool's items, the walk's
    notes and input errors, its marks), how many items it has sent (`sent`),
    and the number here of each linter it numbered."""

    def __init__(self, pid: int, fd: int, base: tuple[int, int, int, int], known: int) -> None:
        super().__init__(pid)
        self.fd = fd
        self.base = base
        self.sent = 0
        # The linters this process had when it was forked are the same, by number.
        self.known = known
        self.numbers: dict[int, int] = {}
        import select

        self.readable = select.poll()
        self.readable.register(fd, select.POLLIN)

    def stop(self, kill: bool = False) -> None:
        """Close the pipe and reap it: once it has sent its last batch, it
        ends by itself; else (`kill`: Ctrl-C, an error) it is killed first,
        as it is when it has not ended a second after its pipe was closed."""
        import contextlib  # not at start-up (issue 20)

        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if kill:
            self.signal(_signal.SIGKILL)
        self.join(1)
        if not self.reaped:
            self.signal(_signal.SIGKILL)
            self.join()


class _Pool:
    """Worker processes forked from this one as the walk finds files that
    need more than a byte search, fed chunks of those items (with the bytes
    read) while the walk goes on, answering with the items' reports.

    Workers start as soon as the walk has found enough such files for
    `workers_for` to want them (before, then, the walk ends), and inherit the
    linters made so far; an item of a linter made since (a configuration
    met later in the walk) goes to a worker forked after it.

    A worker may die (the OOM killer, a rule pack that crashes the
    interpreter): the item it was linting is tried once more, alone, in a new
    worker, and when that one dies too the item becomes an internal error of
    its file. The items of its chunk it had not started go to other workers.
    So a dead worker costs at most the one file it died on; the run ends and
    the report is complete. The retry is there because the OOM killer takes
    the largest process, which may be a worker that was only unlucky.

    Until a worker dies, a chunk's reports come back in one message; the
    reports a dead worker had made but not sent are lost with it, and the
    first of those items is taken for the culprit: it is linted again alone,
    and passes. From the first death on, each report is sent as soon as it
    is made, so that the next death names its file."""

    def __init__(
        self,
        linters: list[Linter],
        jobs: int | None,
        found: Iterator[Walked],
        ahead: Ahead | None = None,
        walk: tuple[Linter, Report, list[tuple[int, int]]] | None = None,
    ) -> None:
        self.linters = linters
        self.ahead = ahead
        self.jobs = jobs
        self.found = found
        self.walking = True
        # The walk's first linter, notes and input errors, and marks (see
        # `lint_in_workers`): with them, the rest of the walk is handed to a
        # process of its own when the first worker starts (`_fork_walker`).
        self.walk = walk
        self.walker: _Walker | None = None
        self.prepared = False  # the walker forked and the warm-up done (`_prepare`)
        # The formats (front ends' names) of the items to lint found so far;
        # None for one whose format is not known (`_warm_up_for_walk`).
        self.formats: set[str | None] = set()
        self.cpus = cpu_count() if jobs is None else 0
        self.forkable: bool | None = None
        self.items: list[Item] = []
        # The bytes read of the items not answered yet, and their total.
        self.data: dict[int, bytes] = {}
        self.held = 0
        self.queue: deque[int] = deque()
        self.needing = 0  # items that need more than a byte search
        self.results: dict[int, Report | Note | Packed] = {}
        self.retried: set[int] = set()
        self.workers: list[_Worker] = []  # alive, not told to stop
        self.idle: list[_Worker] = []  # told to stop, to be joined
        self.grown = 0  # workers started for the files found (not to replace one)
        # Each worker that dies without taking an item with it costs one of
        # these (two more for each item to lint): a system that kills every
        # new process cannot loop us forever.
        self.starts = jobs or self.cpus
        # Reports come back a chunk at a time (one message, not one per
        # file) until a worker dies (`_bury`).
        self.batch = True
        self.frozen = False
        self.answered = 0  # reports received from workers
        # Called with the pool after each step of the walk (a test's look).
        self.on_step = WALK_HOOK
        # Waits for the workers in `workers`: for their replies, whose end is
        # their death (each fd to its worker). One poll object kept for the
        # run (`multiprocessing.connection.wait` made a selector in Python for
        # each wait, issue 20).
        self.poller: Any = None
        self.watched: dict[int, _Worker] = {}
        # What `poll` says of a pipe whose write end is closed: the worker is dead.
        self.hangup = 0

    def reports(self) -> Iterator[tuple[int, Report | Note | Packed]]:
        """Each item's number and report (or only note, or a report as a
        worker packed it), in the items' order."""
        # SIGTERM to ami-lint alone (`timeout`, a CI runner): stop the workers
        # too, or one busy on a file that never ends would outlive the run.
        try:
            previous = _signal.signal(_signal.SIGTERM, _terminated)
        except ValueError:  # not the main thread: its owner handles signals
            previous = None
        try:
            done = 0
            results = self.results
            while True:
                while done in results:
                    yield done, results.pop(done)
                    done += 1
                if self.walking and (self.held <= READ_AHEAD or not self.queue):
                    took = self._walk_step()
                    self._grow()
                    if self.workers:
                        self._feed()
                        # Nothing from the walker yet: wait for it or a worker.
                        self._step(0 if took else None, self.walker)
                    continue
                if done >= len(self.items):
                    break
                if self.workers:
                    self._feed()
                    self._step(None)
                elif not self.queue:  # a bug: fail rather than wait forever
                    raise RuntimeError(f"the report of {_name(self.items[done])} was lost")
                else:  # no workers (few files), or none can be started: linted here
                    index = self.queue.popleft()
                    results[index] = self._lint_here(index)
        finally:
            self._close()
            if previous is not None:
                _signal.signal(_signal.SIGTERM, previous)
            if self.frozen:
                import gc

                gc.unfreeze()

    def _walk_step(self) -> bool:
        """Take the next files of the walk; False when the walker has sent
        none yet (and there are workers to wait for with it)."""
        if self.walker is not None:
            if not self._walked():
                return False
        else:
            # A file skipped by the byte search (most files of most trees)
            # costs two appends here: the rest is `_queue_item`'s.
            items, results, queue_item = self.items, self.results, self._queue_item
            for item, note, read in self.found:
                index = len(items)
                items.append(item)
                if note is not None:
                    results[index] = note
                else:
                    queue_item(index, item, read)
                if index % WALK_STEP == WALK_STEP - 1:
                    break
            else:
                self.walking = False
        if self.on_step is not None:
            self.on_step(self)
        return True

    def _queue_item(self, index: int, item: Item, read: bytes | None) -> None:
        """Queue item `index` of the walk (added to `items`), a file to lint."""
        # Its format: what the walk's search found, else its name's (a file
        # named on the command line), else not known (standard input).
        if len(item) == 5:
            self.formats.add(item[4])  # type: ignore[misc]
        else:
            self.formats.add(_format_of(item[1]) if len(item) == 3 else None)  # type: ignore[arg-type]
        self.queue.append(index)
        self.needing += 1
        self.starts += 2
        if read is not None:
            self.data[index] = read
            self.held += len(read)

    def _warm_up_for_walk(self) -> None:
        """`_warm_up`, one format of `WARM_UP` at a time, taking between two
        all the walker has sent meanwhile (so that it does not wait on a full
        pipe while this process warms up): first the formats of the files
        found so far; then, while the walk goes on (a large tree: its folders
        often hold one kind of file each, and the walker may not have reached
        the others), the others too; once it is over, none it did not find.
        Every format when a file's is not known (standard input)."""
        formats = _warm_formats()
        warmed: set[str] = set()
        while None not in self.formats:
            found = [f for f in formats if f in self.formats and f not in warmed]
            if not found and self.walking:
                found = [f for f in formats if f not in warmed]
            if not found:
                return
            _warm_up(self.linters, self.ahead, (found[0],))
            warmed.add(found[0])
            walker = self.walker
            while walker is not None and walker.readable.poll(0) and self.held <= READ_AHEAD:
                self._walked()
                walker = self.walker
        _warm_up(self.linters, self.ahead, [f for f in formats if f not in warmed])

    def _fork_walker(self) -> None:
        """Hand the rest of the walk to a process of its own, which walks,
        reads and searches the files while this one warms up (`_warm_up`,
        when a core would else be idle), then beside the workers; it sends
        what it finds in batches (`_walker`). Only where the walk runs
        changes: the same items, notes, marks and linters, in order."""
        assert self.walk is not None
        _, walk, marks = self.walk
        base = (len(self.items), len(walk.notes), len(walk.input_errors), len(marks))
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        _pipe_room(write_end, WALKER_PIPE_BYTES)
        mask = getattr(_signal, "pthread_sigmask", None)
        if mask is not None:
            mask(_signal.SIG_BLOCK, _STOPS)
        try:
            if not _flush_standard_streams():
                pid = -1
            else:
                try:
                    pid = os.fork()
                except OSError:
                    pid = -1
            if pid == 0:  # the walker: never returns
                os.close(read_end)
                _walker(self.found, write_end, walk, marks, mask is not None)
            os.close(write_end)
            if pid < 0:
                os.close(read_end)
            else:
                self.walker = _Walker(pid, read_end, base, len(self.linters))
        finally:
            if mask is not None:
                mask(_signal.SIG_UNBLOCK, _STOPS)

    def _walked(self) -> bool:
        """Take the walker's next batch, if it has sent one (or wait for it,
        with no worker to wait for); False when it has not."""
        walker = self.walker
        assert walker is not None and self.walk is not None
        if self.workers and not walker.readable.poll(0):
            return False
        try:
            batch, notes, errors, end = _loads(_read(walker.fd))
        except Exception:  # it died (end of file, a batch cut short): the rest is walked here
            self._walk_again()
            return True
        _, walk, marks = self.walk
        if notes:
            walk.notes.extend([Note(path, text) for path, text in notes])
        if errors:
            walk.input_errors.extend(errors)
        numbers, known = walker.numbers, walker.known
        items, results, queue_item = self.items, self.results, self._queue_item
        for item, note, read, mark in batch:
            marks.append(mark)
            number = item[0]
            if number >= known:  # a linter it made: its number here
                mine = numbers.get(number)
                if mine is None:
                    mine = numbers[number] = self._linter_number(item)
                if mine != number:
                    item = (mine, *item[1:])
            index = len(items)
            items.append(item)
            if note is not None:
                results[index] = Note(*note)
            else:
                queue_item(index, item, read)
        walker.sent += len(batch)
        if end:
            self.walker = None
            self.walking = False
            walker.stop()
        return True

    def _linter_number(self, item: Item) -> int:
        """The number here of the linter the walker chose for `item` (made
        after it was forked: a configuration further down the tree), chosen
        here for the same path as the walk would have. What choosing it says
        on stderr, the walker has said."""
        assert self.walk is not None
        import io

        path, explicit = (normal(item[2]), True) if len(item) == 4 else (item[1], item[2])
        saved = sys.stderr
        sys.stderr = io.StringIO()
        try:
            chosen = self.walk[0].linter_for(path, bool(explicit), Report())  # type: ignore[arg-type]
        finally:
            sys.stderr = saved
        if chosen is None:  # excluded here and not there: its configuration changed since
            chosen = self.walk[0]
        for number, known in enumerate(self.linters):
            if known is chosen:
                return number
        self.linters.append(chosen)
        return len(self.linters) - 1

    def _walk_again(self) -> None:
        """The walker died: walk here from where it was forked, passing over
        the items it had sent (their notes and marks are made again, the same)."""
        walker = self.walker
        assert walker is not None and self.walk is not None
        self.walker = None
        walker.stop(kill=True)
        items, notes, errors, marks = walker.base
        _, walk, found_marks = self.walk
        del walk.notes[notes:], walk.input_errors[errors:], found_marks[marks:]
        for n in range(walker.sent):
            walked = next(self.found, None)
            if walked is None or walked[0][1] != self.items[items + n][1]:
                raise RuntimeError("the walker died, and the tree changed before it was walked again")

    def _prepare(self) -> None:
        """What the first worker is forked after: the walker (while the walk
        goes on) and the warm-up beside it. (Forked earlier, from 16 files to
        lint on, the walker and a warm-up made trees of 40 to 100 files 6 ms
        slower than in one process: the warm-up of formats the walk had not
        reached yet, which such a tree does not hold.)"""
        self.prepared = True
        # The messages' pickler, imported once here, not in each worker.
        import _pickle  # noqa: F401

        if self.walking and self.walk is not None:
            self._fork_walker()
        self._warm_up_for_walk()

    def _wanted(self) -> int:
        """How many workers the files found so far call for (`workers_for`)."""
        if self.jobs is None:
            wanted = min(self.cpus, self.needing // MIN_FILES_PER_WORKER)
        else:
            wanted = min(self.jobs, self.needing)
        if wanted < 2:
            return 1
        if self.forkable is None:
            self.forkable = can_fork()
        return wanted if self.forkable else 1

    def _grow(self) -> None:
        """Start the workers the files found so far call for."""
        wanted = self._wanted()
        if wanted < 2:
            return
        while self.grown < wanted:
            self.grown += 1
            if self._start() is None:
                self.grown = wanted  # no more processes to be had: the rest is linted here
                break

    def _lint_here(self, index: int) -> Report | Note:
        data = self.data.pop(index, None)
        if data is not None:
            self.held -= len(data)
        return _lint_guarded(self.linters, self.items[index], data)

    def _start(self) -> _Worker | None:
        if self.starts <= 0:
            return None
        self.starts -= 1
        if not self.prepared:
            self._prepare()
        if not self.frozen:
            import gc

            # What the parent made before the fork is only read by the
            # workers, in the main: keep the collector from touching (and so
            # copying) every page of it in each worker.
            gc.freeze()
            self.frozen = True
        if not _flush_standard_streams():
            return None
        # Two pipes: orders to the worker, its replies. It inherits the
        # parent's ends of every other worker's pipes, and closes them (and
        # the parent's ends of its own): it sees the end of its orders when
        # the parent dies, and never outlives it idle; and it holds the only
        # write end of its replies, whose end of file is then its death.
        try:
            order_r, order_w = os.pipe()
        except OSError:
            return None
        try:
            reply_r, reply_w = os.pipe()
        except OSError:
            os.close(order_r)
            os.close(order_w)
            return None
        others = [order_w, reply_r]
        for other in self.workers + self.idle:
            others += (other.orders, other.replies)
        if self.walker is not None:  # the walker sees the end of its pipe when this process dies
            others.append(self.walker.fd)
        # Ctrl-C and SIGTERM wait until both sides are set: the child ignores
        # the first and dies of the second, and never runs the parent's
        # handlers; the parent knows the worker, to stop it, before either.
        mask = getattr(_signal, "pthread_sigmask", None)
        if mask is not None:
            mask(_signal.SIG_BLOCK, _STOPS)
        try:
            try:
                pid = os.fork()
            except OSError:  # no more processes to be had
                for fd in (order_r, order_w, reply_r, reply_w):
                    os.close(fd)
                return None
            if pid == 0:  # the worker: never returns
                _child(self.linters, order_r, reply_w, others, self.ahead, mask is not None)
            os.close(order_r)
            os.close(reply_w)
            worker = _Worker(pid, order_w, reply_r, len(self.linters))
            self.workers.append(worker)
            self._watch(worker)
        finally:
            if mask is not None:
                mask(_signal.SIG_UNBLOCK, _STOPS)
        return worker

    def _feed(self) -> None:
        """Give each worker without work, or with only one chunk left, its
        next chunk; once the walk is over and nothing is left, tell it to stop."""
        for worker in list(self.workers):
            if self._wants(worker):
                self._give(worker)

    def _wants(self, worker: _Worker) -> bool:
        """Whether `worker` is to be sent its next chunk (or told to stop) now."""
        if not worker.pending:
            return bool(self.queue) or not self.walking
        return (
            worker.ahead
            and bool(self.queue)
            and len(worker.chunks) < 2
            and worker.chunks[0][1] < AHEAD_BYTES // 2
        )

    def _take(self, worker: _Worker) -> list[int]:
        """The next chunk of items for `worker`: those of the linters it knows."""
        queue = self.queue
        size = max(1, min(MAX_CHUNK, len(queue) // (len(self.workers) * 4)))
        chunk: list[int] = []
        skipped: list[int] = []
        held = 0
        fits = worker.known >= len(self.linters)
        # A chunk sent ahead (`AHEAD_BYTES`) stays small.
        most = AHEAD_BYTES // 4 if worker.pending else CHUNK_BYTES
        while queue and len(chunk) < size and held < most:
            index = queue.popleft()
            if fits or self.items[index][0] < worker.known:
                chunk.append(index)
                held += len(self.data.get(index, b""))
            else:
                skipped.append(index)
        queue.extendleft(reversed(skipped))
        return chunk

    def _give(self, worker: _Worker, chunk: list[int] | None = None) -> None:
        """Send the worker its next chunk, or tell it to stop when none is
        left; a worker older than the linters the items left need makes way
        for a new one."""
        if chunk is None:
            chunk = self._take(worker)
        if not chunk and worker.pending:  # busy: stopped once it has answered
            return
        if not chunk:
            self.workers.remove(worker)
            self._unwatch(worker)
            self.idle.append(worker)
            import contextlib  # not at start-up (issue 20)

            with contextlib.suppress(OSError):  # dead already: joined with the others
                worker.send(_dumps(None))
            if self.queue:  # items of a linter it does not know
                fresh = self._start()
                if fresh is not None:
                    self._give(fresh)
            return
        items, data = self.items, self.data
        message = _dumps(([(i, items[i], data.get(i)) for i in chunk], self.batch))
        if worker.pending and (not worker.ahead or worker.chunks[0][1] + len(message) > AHEAD_BYTES):
            self.queue.extendleft(reversed(chunk))  # too large to send ahead: later
            return
        worker.pending.extend(chunk)
        worker.chunks.append([len(chunk), len(message)])
        try:
            worker.send(message)
        except OSError:  # it died before it could be given this chunk
            for _ in chunk:
                worker.pending.pop()
            worker.chunks.pop()
            self.queue.extendleft(reversed(chunk))
            self._bury(worker)

    def _watch(self, worker: _Worker) -> None:
        import select

        if self.poller is None:
            self.poller = select.poll()
            self.hangup = select.POLLHUP | select.POLLERR | select.POLLNVAL
        # Not the default's POLLOUT: always ready.
        self.poller.register(worker.replies, select.POLLIN)
        self.watched[worker.replies] = worker

    def _unwatch(self, worker: _Worker) -> None:
        """No more waits for `worker` (before its pipe is closed: the number
        of a closed fd is given to the next one opened)."""
        if self.watched.pop(worker.replies, None) is not None:
            self.poller.unregister(worker.replies)

    def _step(self, timeout: float | None, walker: _Walker | None = None) -> None:
        """Wait until a worker answers or dies (at most `timeout` seconds),
        and deal with it; or, with the `walker`, until it has sent a batch
        (taken by the next `_walk_step`)."""
        poller = self.poller
        if walker is not None:
            import select

            poller.register(walker.fd, select.POLLIN)
        try:
            events = poller.poll(None if timeout is None else timeout * 1000)
        finally:
            if walker is not None:
                poller.unregister(walker.fd)
        watched = self.watched
        hangup = self.hangup
        ready: dict[_Worker, bool] = {}
        for fd, mask in events:
            worker = watched.get(fd)
            if worker is not None:
                ready[worker] = bool(mask & hangup)
        for worker in [w for w in self.workers if w in ready]:
            if self._receive(worker, ready[worker]):
                if self._wants(worker):
                    self._give(worker)
            else:
                self._bury(worker)

    def _receive(self, worker: _Worker, ended: bool = True) -> bool:
        """Take the reports the worker has sent; False when it is dead: the
        end of its pipe (`ended`: poll saw it hung up; else met reading a
        report it owes; when it dies later, the end wakes a later step)."""
        data = self.data
        readable = worker.readable.poll
        try:
            while worker.pending and readable(0):
                for index, packed in worker.recv():
                    worker.answered(index)
                    self.results[index] = packed  # unpacked as it is merged (`_add`)
                    self.answered += 1
                    read = data.pop(index, None)
                    if read is not None:
                        self.held -= len(read)
        except Exception:  # end of file, a message cut short, a reply that does not unpickle
            return False
        return not ended

    def _bury(self, worker: _Worker) -> None:
        """A worker died: its item in progress is tried once more in a new
        worker, or becomes an internal error; the others go back to the queue."""
        self.workers.remove(worker)
        self._unwatch(worker)
        worker.close()
        # The first item it had not answered is taken for the one it died
        # on: from now on each report is sent as soon as it is made.
        self.batch = False
        worker.join(1)
        if worker.exitcode is None:  # alive, but its replies are broken (or its status lost)
            if not worker.reaped:
                worker.signal(_signal.SIGKILL)
                worker.join()
            death = "stopped answering"
        elif worker.exitcode < 0:
            death = f"killed by signal {-worker.exitcode}"
        else:
            death = f"exit status {worker.exitcode}"
        retry = None
        worker.chunks.clear()
        if worker.pending:
            culprit = worker.pending.popleft()
            self.queue.extendleft(reversed(worker.pending))
            if culprit in self.retried:
                self._died(culprit, death)
            else:
                self.retried.add(culprit)
                retry = culprit
        if retry is None and not self.queue and not self.walking:
            return
        fresh = self._start()
        if fresh is None:
            if retry is not None:
                self._died(retry, death)
            return
        if retry is not None:
            self._give(fresh, [retry])
        elif self.queue:
            self._give(fresh)

    def _died(self, index: int, death: str) -> None:
        read = self.data.pop(index, None)
        if read is not None:
            self.held -= len(read)
        self.results[index] = _died(self.items[index], death)

    def _close(self) -> None:
        """Stop every worker: those told to stop end by themselves; the others
        (Ctrl-C, an error) are terminated. None is left behind, nor the walker."""
        if self.walker is not None:
            self.walker.stop(kill=True)
            self.walker = None
        for worker in self.workers:
            worker.signal(_signal.SIGTERM)
        for worker in self.idle + self.workers:
            worker.join(2)
            if not worker.reaped:
                worker.signal(_signal.SIGKILL)
                worker.join()
            worker.close()
        self.workers, self.idle = [], []


def _dumps(message: object) -> bytes:
    """`message` pickled, by `_pickle` (C's pickle: `pickle` itself imports
    more at start-up, issue 20)."""
    from _pickle import dumps

    return dumps(message, -1)  # the highest protocol


def _loads(data: bytes | bytearray) -> Any:
    from _pickle import loads

    return loads(data)


# A message through a pipe: its length in `HEADER` bytes (little-endian),
# then its pickle.
HEADER = 8
# A message longer than this is read into a buffer made for it, not by one
# `os.read` (which would allocate its length, then shrink to what a pipe
# gives at once).
READ_AT_ONCE = 64 * 1024


def _write(fd: int, message: bytes) -> None:
    """Write `message` to the pipe `fd` with its length before it, whole (a
    pipe takes a large one in parts, and a signal may cut a write short)."""
    header = len(message).to_bytes(HEADER, "little")
    written = os.writev(fd, (header, message))
    if written < HEADER:
        _write_all(fd, memoryview(header)[written:])
        written = HEADER
    if written - HEADER < len(message):
        _write_all(fd, memoryview(message)[written - HEADER :])


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        written = os.write(fd, view)
        if written <= 0:  # not for a pipe: never loop on it
            raise OSError(f"nothing written to fd {fd}")
        view = view[written:]


def _read(fd: int) -> bytes | bytearray:
    """The next message from the pipe `fd` (waiting for all of it);
    EOFError at the end of the pipe, also in the middle of a message."""
    return _read_exactly(fd, int.from_bytes(_read_exactly(fd, HEADER), "little"))


def _read_exactly(fd: int, size: int) -> bytes | bytearray:
    got = b""
    if size <= READ_AT_ONCE:
        got = os.read(fd, size)
        if len(got) == size:
            return got
        if not got:
            raise EOFError("end of the pipe")
    buffer = bytearray(size)
    buffer[: len(got)] = got
    view = memoryview(buffer)
    done = len(got)
    while done < size:
        read = os.readv(fd, [view[done:]])
        if not read:
            raise EOFError("a message cut short")
        done += read
    view.release()
    return buffer


def _terminated(signum: int, frame: object) -> None:
    """Exit as a process killed by the signal would (128 + its number), once
    the `finally` clauses on the way have stopped the workers."""
    raise SystemExit(128 + signum)


# What the parent blocks while it forks a worker (`_Pool._start`).
_STOPS = (_signal.SIGINT, _signal.SIGTERM)


def _child(
    linters: list[Linter], orders: int, replies: int, others: list[int], ahead: Ahead | None, masked: bool
) -> NoReturn:
    """A forked worker, from its start to its end (`_forked`): `_serve`,
    with exit status 1 for an exception, which prints nothing: the parent
    reports the file it died on."""
    _forked(lambda: _serve(linters, orders, replies, others, ahead), masked)


def _forked(run: Callable[[], None], masked: bool) -> NoReturn:
    """A process forked by the pool (a worker, the walker), from its start to
    its end: `run`, then `os._exit` with its exit status (0, 1 for an
    exception, a `SystemExit`'s code), after flushing what it printed. It
    never returns into the parent's code (its `finally` clauses, the
    generators it was in, `atexit`), whatever happens."""
    code = 1
    try:
        # Ctrl-C is the parent's: it stops the workers and the walker (they
        # would print a traceback). SIGTERM ends one, not through the
        # parent's handler.
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
        _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
        if masked:
            _signal.pthread_sigmask(_signal.SIG_UNBLOCK, _STOPS)
        _null_stdin()
        run()
        code = 0
    except SystemExit as exc:  # as multiprocessing gives it
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except BaseException:
        code = 1
    finally:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except BaseException:
            pass
        os._exit(code)


def _flush_standard_streams() -> bool:
    """What multiprocessing's `Process.start` does before it forks: what
    this process has buffered is written, not written again by the child.
    False when it cannot be written (no process is to be forked then)."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (AttributeError, ValueError):
        pass
    except OSError:
        return False
    return True


def _walker(
    found: Iterator[Walked], fd: int, walk: Report, marks: list[tuple[int, int]], masked: bool
) -> NoReturn:
    """The forked walker, from its start to its end (`_Pool._fork_walker`,
    `_forked`): the rest of the walk, sent to pipe `fd` in batches of
    (items, the notes and input errors the walk made since the last batch,
    whether this is the last one); each item with its note (path, text),
    bytes read and mark. Exit status 0 once the last batch is sent; 1 when
    it failed (the parent walks the rest again and meets what it met) or the
    parent is gone."""
    _forked(lambda: _walk_rest(found, fd, walk, marks), masked)


def _walk_rest(found: Iterator[Walked], fd: int, walk: Report, marks: list[tuple[int, int]]) -> None:
    notes, errors = walk.notes, walk.input_errors
    said, erred = len(notes), len(errors)
    batch: list[tuple[Item, tuple[str, str] | None, bytes | None, tuple[int, int]]] = []
    size = 0
    for item, note, read in found:
        batch.append((item, None if note is None else (note.path, note.text), read, marks[-1]))
        if read is not None:
            size += len(read)
        if len(batch) >= WALKER_BATCH or size >= WALKER_BATCH_BYTES:
            _write(fd, _dumps((batch, [(n.path, n.text) for n in notes[said:]], errors[erred:], False)))
            said, erred = len(notes), len(errors)
            batch, size = [], 0
    _write(fd, _dumps((batch, [(n.path, n.text) for n in notes[said:]], errors[erred:], True)))


def _null_stdin() -> None:
    """Standard input from /dev/null, as multiprocessing's bootstrap gives a
    worker (`sys.stdin` only: file descriptor 0 may be one of its pipes when
    ami-lint was started without one): the parent's is not the worker's to
    read."""
    try:
        if sys.stdin is not None:
            sys.stdin.close()
        null = os.open(os.devnull, os.O_RDONLY)
        try:
            sys.stdin = open(null, encoding="utf-8", closefd=False)  # noqa: SIM115
        except BaseException:
            os.close(null)
            raise
    except (OSError, ValueError):
        pass


def _serve(linters: list[Linter], orders: int, replies: int, others: list[int], ahead: Ahead | None) -> None:
    """A worker: lint the items of each chunk received and send their
    reports (with their findings rendered by `ahead`, when given), all of the
    chunk's in one message (`batch`), else each as soon as it is made; stop
    at the end of the pipe or when told."""
    for other in others:
        os.close(other)
    while True:
        try:
            order = _loads(_read(orders))
        except (EOFError, OSError):  # the parent is gone
            return
        if order is None:
            return
        chunk, batch = order
        done: list[tuple[int, Report | Packed]] = []
        items = {index: item for index, item, _ in chunk}
        for index, item, data in chunk:
            done.append((index, _packed(_lint_guarded(linters, item, data), ahead)))
            if not batch and not _send(replies, done, items):
                return
        if done and not _send(replies, done, items):
            return


def _send(replies: int, done: list[tuple[int, Report | Packed]], items: dict[int, Item]) -> bool:
    """Send the reports `done` (emptied) to the pipe `replies`; False when
    the parent is gone."""
    try:
        try:
            message = _dumps(done)
        except Exception:  # a report that does not pickle: each on its own
            for index, packed in done:
                try:
                    one = _dumps([(index, packed)])
                except Exception as exc:
                    one = _dumps([(index, _failed(items[index], exc))])
                _write(replies, one)
        else:
            _write(replies, message)
    except OSError:
        return False
    done.clear()
    return True


# What a worker sends for a file whose report holds only a count, notes and
# diagnostics (nearly every file): plain values, which pickle in C, where a
# `Report`'s records each call their `__reduce__` (and `Severity` its own)
# in Python. Its count; its notes (path, text); the sources its diagnostics
# point into, each once (text, path, had_bom, line starts, mentions,
# escapes; with an `Ahead`, None for those two caches, worked out again in
# the parent if ever needed); each diagnostic (rule, name, severity, message, its source's
# index, span start and end, hint, suppressed, request, fix); and, with an
# `Ahead`, each diagnostic's block and the page it names (None for a
# suppressed one, or one whose rendering failed: the parent renders it).
if TYPE_CHECKING:
    Packed = tuple[
        int,
        list[tuple[str, str]],
        list[tuple[Any, ...]],
        list[tuple[Any, ...]],
        list[tuple[str | None, bytes] | None] | None,
    ]
# The fields of a report that `Packed` carries (of `MERGED`); a report with
# anything in the others is sent as it is.
PACKED = ("diagnostics", "files", "notes")


def _packed(report: Report, ahead: Ahead | None = None) -> Report | Packed:
    if report.errors or report.input_errors or report.suppression_warnings:
        return report  # an internal error, a directive's warning: as it is
    notes = [(note.path, note.text) for note in report.notes]
    if not report.diagnostics:
        return report.files, notes, [], [], None
    index: dict[int, int] = {}
    sources: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for d in report.diagnostics:
        source = d.source
        key = id(source)
        number = index.get(key)
        if number is None:
            if source.host is not None or source.mapper is not None:
                return report  # a diagnostic placed in an embedded text (not made so today)
            number = index[key] = len(sources)
            if ahead is None:
                # Where its lines start, worked out here beside the other
                # workers rather than by the parent as it prints the report.
                source._line_starts()
                sources.append(
                    (
                        source.text,
                        source.path,
                        source.had_bom,
                        source._starts,
                        source._mentions,
                        source.escapes,
                    )
                )
            else:
                # The parent prints the blocks rendered here: its sources'
                # caches (line starts, words looked for) are not sent, only
                # worked out again should it need them (issue 20).
                sources.append((source.text, source.path, source.had_bom, None, None, source.escapes))
        span = d.span
        fix: Fix | tuple[Any, ...] | None = d.fix
        if type(fix) is Fix:
            # Plain values: its records would each call their `__reduce__`.
            edits = [(e.span.start, e.span.end, e.replacement, e.meaning, e.written) for e in fix.edits]
            fix = (fix.title, fix.safety, edits)
        row = (d.rule, d.name, int(d.severity), d.message, number, span.start, span.end)
        rows.append((*row, d.hint, d.suppressed, d.request, fix))
    blocks = None
    if ahead is not None:
        blocks = [None if d.suppressed else _rendered(ahead, d) for d in report.diagnostics]
    return report.files, notes, sources, rows, blocks


def _rendered(ahead: Ahead, d: Diagnostic) -> tuple[str | None, bytes] | None:
    """`d` rendered by `ahead`, in UTF-8 (the parent writes it as it is,
    `formatters.text.render_encoded`), or None when that fails: the parent
    then renders it as it would have (and fails there as it would have)."""
    try:
        url, block = ahead.render(d)
        return url, block.encode("utf-8")
    except Exception:
        return None


def _unpacked(packed: Report | Packed, ahead: Ahead | None = None) -> Report | Note:
    """A worker's answer as a report, or the one note of a file that holds
    nothing to lint; the blocks rendered with it go to `ahead`."""
    if isinstance(packed, Report):
        return packed
    files, notes, _, rows, _ = packed
    if not rows and not files and len(notes) == 1:
        return Note(*notes[0])
    report = Report()
    _add(report, packed, ahead)
    return report


def _add(report: Report, packed: Packed, ahead: Ahead | None = None) -> list[Diagnostic]:
    """Add a file's report as a worker packed it to the whole (`_merge`),
    and give its diagnostics; the blocks rendered with it go to `ahead`."""
    files, notes, sources, rows, blocks = packed
    report.files += files
    if notes:
        report.notes.extend([Note(path, text) for path, text in notes])
    if not rows:
        return []
    made = [
        source_of(text, path, had_bom, starts or [], mentions or {}, escapes)
        for text, path, had_bom, starts, mentions, escapes in sources
    ]
    severity = _SEVERITIES
    # Spans made unchecked (`span_of`): their offsets are those of a worker's
    # spans; diagnostics as the engine makes them (`diagnostic_of`).
    diagnostics = [
        diagnostic_of(
            rule,
            name,
            severity[level],
            message,
            made[number],
            span_of(start, end),
            hint,
            request,
            _fix(fix) if type(fix) is tuple else fix,
            suppressed,
        )
        for rule, name, level, message, number, start, end, hint, suppressed, request, fix in rows
    ]
    report.diagnostics.extend(diagnostics)
    if ahead is not None and blocks is not None:
        hold = ahead.keep
        for d, block in zip(diagnostics, blocks, strict=True):
            if block is not None:
                hold(d, *block)
    return diagnostics


_SEVERITIES = {int(level): level for level in Severity}


def _fix(packed: tuple[str, str, list[tuple[Any, ...]]]) -> Fix:
    """A fix as `_packed` sent it (made and checked in the worker)."""
    title, safety, edits = packed
    return fix_of(title, edits, safety)


def _lint_guarded(linters: list[Linter], item: Item, data: bytes | None) -> Report:
    """`_lint_item`, with a failure of ami-lint itself as the file's internal error."""
    try:
        return _lint_item(linters, item, data)
    except Exception as exc:
        return _failed(item, exc)


def _failed(item: Item, exc: Exception) -> Report:
    import traceback

    error = FileError(_name(item), f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return Report(files=1, errors=[error])


def _died(item: Item, death: str) -> Report:
    """The report of a file whose worker died twice on it."""
    name = _name(item)
    detail = (
        f"The worker process linting {name} died ({death}), and so did a new one that linted "
        f"it alone: a dead process leaves no traceback. Lint the file alone with --jobs 1 "
        f"to see it fail in one process.\n"
    )
    return Report(files=1, errors=[FileError(name, f"the worker linting it died ({death})", detail)])


def _name(item: Item) -> str:
    if len(item) == 4:
        return item[2]
    if len(item) == 5:
        return item[3]
    return display_path(normal(item[1]))


def _format_of(name: str) -> str | None:
    """The name of the front end that claims a file by its name, or None."""
    from ami_lint.frontends import claim

    front = claim(name)
    return None if front is None else front.name


# Small files of each input format the bench tree and most repositories
# hold, linted once in the parent before the first worker is forked (see
# `_warm_up`), with what real trees often hold: a value written as an alias
# (`amd64`), an `ami-lint:` directive, a `file://` value (that the CLI
# expands at run time: nothing is read), a shorthand value, text that does
# not parse.
WARM_UP = [
    ("warm-up.json", '{"Name": "x", "Architecture": "amd64", "RootDeviceName": "/dev/xvda"}\n'),
    ("warm-up.json", '{"Name": "x", "Architecture": \n'),
    ("warm-up.yaml", "Name: x\n# ami-lint: disable=AMI104\nArchitecture: amd64\nBlockDeviceMappings: []\n"),
    (
        "warm-up.sh",
        "#!/bin/sh\n# ami-lint: disable=AMI105\n"
        "aws ec2 register-image --name x --cli-input-json file://~/warm-up.json"
        ' --block-device-mappings "DeviceName=/dev/xvda,Ebs={VolumeSize=8}"\n',
    ),
]


def _warm_up(
    linters: list[Linter], ahead: Ahead | None = None, formats: Container[str] | None = None
) -> None:
    """Lint the small requests of `WARM_UP` (those of `formats`, the names
    of their front ends, when given) in the parent before the first worker
    is forked, as a worker lints a walked file, and render their findings
    with `ahead` as a worker does: the workers inherit its parsers, imports
    and caches through `fork` instead of each paying for them again.
    Nothing of it is reported. (A first worker forked before it, linting cold
    beside the warm-up, costs more than it saves: on the bench tree its first
    uses cost about 300M instructions more, the warm-up 230M.)

    `_Pool._warm_up_for_walk` chooses the formats: those of the files the
    walk and the walker have found by then (a tree's folders often hold one
    kind of file each, and the walker goes on meanwhile); a format met only
    later costs its first use in every worker, and one never met costs
    nothing (a tree of JSON requests does not pay for YAML and scripts)."""
    import contextlib  # not at start-up (issue 20)

    for name, text in WARM_UP:
        if formats is not None and _format_of(name) not in formats:
            continue
        report = Report()
        # Only a head start: a failure here shows again when a real file fails.
        with contextlib.suppress(Exception):
            linters[0].lint_read(report, name, text.encode())
            if ahead is not None:
                for d in report.diagnostics:
                    ahead.render(d)


def _lint_item(linters: list[Linter], item: Item, data: bytes | None) -> Report:
    """One item's report: standard input, a walked file already read
    (`data`), or a file to read."""
    report = Report()
    linter = linters[item[0]]
    if len(item) == 4:
        _, stdin, name, _ = item
        linter.lint_stdin(report, stdin, name)
    elif data is None:
        linter.lint_file(report, item[1], item[2])
    elif len(item) == 5:
        linter.lint_read(report, item[1], data, (item[3], item[4]))
    else:
        linter.lint_read(report, item[1], data)
    return report


def _warm_formats() -> list[str]:
    """The formats `WARM_UP` warms, in its order."""
    return list(dict.fromkeys(f for f in (_format_of(name) for name, _ in WARM_UP) if f is not None))
