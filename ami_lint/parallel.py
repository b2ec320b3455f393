"""Linting many files in worker processes (`--jobs N`).

The parent walks the paths as the one-process loop in `Linter.lint_paths`
does, into a list of work items; workers lint the items and send back each
file's report; the parent puts the reports together in the order of the items.
So the report is the same whatever the number of workers: same diagnostics,
same notes in the same order, same first error when a file cannot be read.

Workers are forked from the parent and inherit its `Linter` (rules, rule packs,
configuration) as it stands: nothing is pickled or loaded twice. Where `fork`
is not available, everything runs in one process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator

from ami_lint.files import InputError, discover_names, display_path
from ami_lint.paths import normal
from ami_lint.records import fields, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

    from ami_lint.engine import Linter
    from ami_lint.report import Report

# Files that need more than a byte search (`_collect`) for a worker to pay
# for itself: a fork and the first use of what it imports cost about what
# linting a few dozen small requests does.
MIN_FILES_PER_WORKER = 32
# Items per task sent to a worker: large enough to keep the pipe cheap, small
# enough that one slow file does not leave the other workers idle at the end.
MAX_CHUNK = 32

# A file to read (index of its linter, path, named on the command line) or
# a document already read (index, stdin's bytes and name).
# Per-file linters (nearest configuration) are chosen in the parent; the
# workers inherit the list and look them up by index.
FileItem = tuple[int, str, bool]
DataItem = tuple[int, bytes, str, None]
Item = FileItem | DataItem


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing  # only here: one file needs no workers, nor this import

    return "fork" in multiprocessing.get_all_start_methods()


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
    linter: Linter, paths: list[str], stdin_data: bytes | None, stdin_name: str, jobs: int | None
) -> Report:
    """`Linter.lint_paths` with `jobs` worker processes (None: one per CPU when
    there are many files); the report is the same whatever the number."""
    from ami_lint.report import Report

    if jobs == 1:
        return linter.lint_paths(paths, stdin_data, stdin_name)
    report = Report()
    lint_in_workers(linter, report, paths, stdin_data, stdin_name, jobs)
    report.finish()
    return report


def lint_in_workers(
    linter: Linter,
    report: Report,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    jobs: int | None,
) -> None:
    """Fill `report` as `Linter.lint_paths` does in one process, with `jobs`
    workers (None: as many as `workers_for` finds useful)."""
    from ami_lint.report import Report

    # The walk's notes (skipped directories, excluded files) and its input
    # errors (missing paths), each shown where the walk met it among the files'.
    walk = Report()
    linters: list[Linter] = []
    ready: dict[int, Report] = {}
    read: dict[int, bytes] = {}
    items, marks = _collect(linter, paths, stdin_data, stdin_name, walk, linters, ready, read)
    notes = errors = 0
    # Workers for the files that need more than a byte search.
    work = Work(linters, items, ready, read)
    parts = _lint_items(work, workers_for(jobs, len(items) - len(ready)))
    for (note_mark, error_mark), part in zip(marks, parts, strict=True):
        report.notes.extend(walk.notes[notes:note_mark])
        report.input_errors.extend(walk.input_errors[errors:error_mark])
        notes, errors = note_mark, error_mark
        _merge(report, part)
    report.notes.extend(walk.notes[notes:])
    report.input_errors.extend(walk.input_errors[errors:])


def _merge(report: Report, part: Report) -> None:
    """Add one file's report to the whole: lists are concatenated, counts added."""
    for name in fields(part):
        value = getattr(part, name)
        if not value:
            continue  # most of a file's report is empty
        if isinstance(value, list):
            getattr(report, name).extend(value)
        elif isinstance(value, int):
            setattr(report, name, getattr(report, name) + value)
        else:
            raise TypeError(f"Report.{name}: cannot merge a {type(value).__name__}")


# At most this many bytes of walked files are kept from the walk for the
# workers (`_collect`); the others are read again where they are linted.
READ_AHEAD = 32 * 1024 * 1024


@record
class Work:
    """The items to lint, the distinct linters they refer to, the reports of
    those done already (by a byte search, `Linter.read_walked`) and the bytes
    of others already read, by item number. Workers inherit it."""

    linters: list[Linter]
    items: list[Item]
    ready: dict[int, Report]
    read: dict[int, bytes]


def _collect(
    linter: Linter,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    walk: Report,
    linters: list[Linter],
    ready: dict[int, Report],
    read: dict[int, bytes],
) -> tuple[list[Item], list[tuple[int, int]]]:
    """The work items in report order and, for each, how many walk notes and
    input errors came before it. `linters` receives the distinct linters the
    items refer to. Each walked file is read: `ready` receives the reports of
    those that hold nothing to lint, and `read` the bytes of the others (up
    to `READ_AHEAD` in all)."""
    from ami_lint.engine import path_error

    index: dict[int, int] = {}

    def number(chosen: Linter) -> int:
        if id(chosen) not in index:
            index[id(chosen)] = len(linters)
            linters.append(chosen)
        return index[id(chosen)]

    items: list[Item] = []
    marks: list[tuple[int, int]] = []
    budget = READ_AHEAD
    for raw in paths:
        if raw == "-":
            if stdin_data is None:
                walk.input_errors.append("-: standard input was not read")
                continue
            chosen = linter.linter_for(normal(stdin_name), True, walk)
            if chosen is not None:
                items.append((number(chosen), stdin_data, stdin_name, None))
                marks.append((len(walk.notes), len(walk.input_errors)))
            continue
        try:
            named = normal(raw)
            for path in discover_names([raw], walk.notes):
                explicit = path == named
                chosen = linter.linter_for(path, explicit, walk)
                if chosen is not None:
                    if not explicit:
                        done, data = chosen.read_walked(path)
                        if done is not None:
                            ready[len(items)] = done
                        elif data is not None and len(data) <= budget:
                            read[len(items)] = data
                            budget -= len(data)
                    items.append((number(chosen), path, explicit))
                    marks.append((len(walk.notes), len(walk.input_errors)))
        except (InputError, OSError) as exc:  # this path is lost, not the others
            walk.input_errors.append(path_error(raw, exc))
    return items, marks


def _lint_items(work: Work, jobs: int) -> Iterator[Report]:
    """Each item's report, in the items' order."""
    if jobs <= 1:
        for index in range(len(work.items)):
            done = work.ready.pop(index, None)
            yield done if done is not None else _lint_item(work, index)
        return
    import gc

    _warm_up(work)
    # Objects that exist now are only read by the workers: keep the collector
    # from touching (and so copying) every page of them in each worker.
    gc.freeze()
    try:
        yield from _Pool(work, jobs).reports()
    finally:
        gc.unfreeze()


class _Worker:
    """A worker process, its end of the pipe, and the items sent to it that it
    has not answered yet (the first one is the item it is linting)."""

    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn
        self.pending: deque[int] = deque()


class _Pool:
    """Worker processes forked from this one, fed chunks of item numbers (the
    items themselves they inherit), answering with the items' reports.

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

    def __init__(self, work: Work, jobs: int) -> None:
        import multiprocessing

        self.context = multiprocessing.get_context("fork")
        self.work = work
        self.items = items = work.items
        self.jobs = jobs
        self.queue: deque[int] = deque(i for i in range(len(items)) if i not in work.ready)
        self.chunk = max(1, min(MAX_CHUNK, len(self.queue) // (jobs * 4)))
        self.results: dict[int, Report] = dict(work.ready)
        work.ready.clear()
        self.retried: set[int] = set()
        self.workers: list[_Worker] = []  # those with items pending
        self.idle: list[_Worker] = []  # told to stop, to be joined
        # Each worker that dies without taking an item with it costs one of
        # these: a system that kills every new process cannot loop us forever.
        self.starts = jobs + 2 * len(items)
        # Reports come back a chunk at a time (one message, not one per
        # file) until a worker dies (`_bury`).
        self.batch = True

    def reports(self) -> Iterator[Report]:
        import signal

        # SIGTERM to ami-lint alone (`timeout`, a CI runner): stop the workers
        # too, or one busy on a file that never ends would outlive the run.
        try:
            previous = signal.signal(signal.SIGTERM, _terminated)
        except ValueError:  # not the main thread: its owner handles signals
            previous = None
        try:
            for _ in range(self.jobs):
                worker = self._start()
                if worker is None:
                    break
                self._give(worker)
            done = 0
            while done < len(self.items):
                if done in self.results:
                    yield self.results.pop(done)
                    done += 1
                elif self.workers:
                    self._step()
                elif not self.queue:  # a bug: fail rather than wait forever
                    raise RuntimeError(f"the report of {_name(self.items[done])} was lost")
                else:  # no worker can be started: the rest is linted here
                    while self.queue:
                        index = self.queue.popleft()
                        self.results[index] = _lint_guarded(self.work, index)
        finally:
            self._close()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def _start(self) -> _Worker | None:
        if self.starts <= 0:
            return None
        self.starts -= 1
        mine, theirs = self.context.Pipe()
        # The worker closes the parent's ends it inherits, its own included: it
        # sees the end of its pipe when the parent dies, and never outlives it idle.
        others = [mine] + [w.conn for w in self.workers + self.idle]
        process = self.context.Process(target=_serve, args=(self.work, theirs, others), daemon=True)
        try:
            process.start()
        except OSError:  # no more processes to be had
            mine.close()
            theirs.close()
            return None
        theirs.close()
        worker = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def _give(self, worker: _Worker, chunk: list[int] | None = None) -> None:
        """Send the worker its next chunk, or tell it to stop when none is left."""
        if chunk is None:
            chunk = [self.queue.popleft() for _ in range(min(self.chunk, len(self.queue)))]
        if not chunk:
            self.workers.remove(worker)
            self.idle.append(worker)
            import contextlib  # not at start-up (issue 20)

            with contextlib.suppress(OSError):
                worker.conn.send(None)
            return
        worker.pending.extend(chunk)
        try:
            worker.conn.send((chunk, self.batch))
        except OSError:  # it died before it could be given anything
            self.queue.extendleft(reversed(worker.pending))
            worker.pending.clear()
            self._bury(worker)

    def _step(self) -> None:
        """Wait until a worker answers or dies, and deal with it."""
        from multiprocessing.connection import wait

        waiting = {w.conn: w for w in self.workers}
        waiting.update({w.process.sentinel: w for w in self.workers})
        ready = {waiting[r] for r in wait(list(waiting))}
        for worker in [w for w in self.workers if w in ready]:
            if self._receive(worker):
                if not worker.pending:
                    self._give(worker)
            else:
                self._bury(worker)

    def _receive(self, worker: _Worker) -> bool:
        """Take the reports the worker has sent; False when it is dead."""
        try:
            while worker.pending and worker.conn.poll():
                for index, packed in worker.conn.recv():
                    worker.pending.remove(index)
                    self.results[index] = _unpacked(packed)
        except Exception:  # end of file, a message cut short, a reply that does not unpickle
            return False
        return worker.process.is_alive()

    def _bury(self, worker: _Worker) -> None:
        """A worker died: its item in progress is tried once more in a new
        worker, or becomes an internal error; the others go back to the queue."""
        self.workers.remove(worker)
        worker.conn.close()
        # The first item it had not answered is taken for the one it died
        # on: from now on each report is sent as soon as it is made.
        self.batch = False
        process = worker.process
        process.join(1)
        if process.exitcode is None:  # alive, but its replies are broken
            process.kill()
            process.join()
            death = "stopped answering"
        elif process.exitcode < 0:
            death = f"killed by signal {-process.exitcode}"
        else:
            death = f"exit status {process.exitcode}"
        retry = None
        if worker.pending:
            culprit = worker.pending.popleft()
            self.queue.extendleft(reversed(worker.pending))
            if culprit in self.retried:
                self.results[culprit] = _died(self.items[culprit], death)
            else:
                self.retried.add(culprit)
                retry = culprit
        if retry is None and not self.queue:
            return
        fresh = self._start()
        if fresh is None:
            if retry is not None:
                self.results[retry] = _died(self.items[retry], death)
            return
        self._give(fresh, [retry] if retry is not None else None)

    def _close(self) -> None:
        """Stop every worker: those told to stop end by themselves; the others
        (Ctrl-C, an error) are terminated. None is left behind."""
        for worker in self.workers:
            import contextlib  # not at start-up (issue 20)

            with contextlib.suppress(OSError):
                worker.process.terminate()
        for worker in self.idle + self.workers:
            worker.process.join(2)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers, self.idle = [], []


def _terminated(signum: int, frame: object) -> None:
    """Exit as a process killed by the signal would (128 + its number), once
    the `finally` clauses on the way have stopped the workers."""
    raise SystemExit(128 + signum)


def _serve(work: Work, conn: Any, others: list[Any]) -> None:
    """A worker: lint the items of each chunk received and send their
    reports, all of the chunk's in one message (`batch`), else each as soon
    as it is made; stop at the end of the pipe or when told."""
    import signal

    # Ctrl-C is the parent's: it stops the workers (a worker would print a traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
    for other in others:
        other.close()
    while True:
        try:
            order = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if order is None:
            return
        chunk, batch = order
        done: list[tuple[int, Report | Packed]] = []
        for index in chunk:
            done.append((index, _packed(_lint_guarded(work, index))))
            if not batch and not _send(conn, done, work.items):
                return
        if done and not _send(conn, done, work.items):
            return


def _send(conn: Any, done: list[tuple[int, Report | Packed]], items: list[Item]) -> bool:
    """Send the reports `done` (emptied); False when the parent is gone."""
    try:
        try:
            conn.send(done)
        except (EOFError, OSError):
            raise
        except Exception:  # a report that does not pickle: each on its own
            for index, packed in done:
                try:
                    conn.send([(index, packed)])
                except (EOFError, OSError):
                    raise
                except Exception as exc:
                    conn.send([(index, _failed(items[index], exc))])
    except (EOFError, OSError):
        return False
    done.clear()
    return True


# What a worker sends for a file that only has notes (most files of a
# repository are skipped): its count and notes as plain tuples, which cost
# the parent a tenth of unpickling a `Report`.
Packed = tuple[int, list[tuple[str, str]]]


def _packed(report: Report) -> Report | Packed:
    for name in fields(report):
        if name not in ("files", "notes") and getattr(report, name):
            return report
    return report.files, [(note.path, note.text) for note in report.notes]


def _unpacked(packed: Report | Packed) -> Report:
    from ami_lint.files import Note
    from ami_lint.report import Report

    if isinstance(packed, Report):
        return packed
    files, notes = packed
    return Report(files=files, notes=[Note(path, text) for path, text in notes])


def _lint_guarded(work: Work, index: int) -> Report:
    """`_lint_item`, with a failure of ami-lint itself as the file's internal error."""
    try:
        return _lint_item(work, index)
    except Exception as exc:
        return _failed(work.items[index], exc)


def _failed(item: Item, exc: Exception) -> Report:
    import traceback

    from ami_lint.report import FileError, Report

    error = FileError(_name(item), f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return Report(files=1, errors=[error])


def _died(item: Item, death: str) -> Report:
    """The report of a file whose worker died twice on it."""
    from ami_lint.report import FileError, Report

    name = _name(item)
    detail = (
        f"The worker process linting {name} died ({death}), and so did a new one that linted "
        f"it alone: a dead process leaves no traceback. Lint the file alone with --jobs 1 "
        f"to see it fail in one process.\n"
    )
    return Report(files=1, errors=[FileError(name, f"the worker linting it died ({death})", detail)])


def _name(item: Item) -> str:
    return item[2] if len(item) == 4 else display_path(normal(item[1]))


# One small request of each input format, linted once in the parent before
# the workers start (see `_warm_up`).
WARM_UP = {
    "json": ("warm-up.json", '{"Name": "x", "Architecture": "x86_64", "BlockDeviceMappings": []}\n'),
    "yaml": ("warm-up.yaml", "Name: x\nArchitecture: x86_64\nBlockDeviceMappings: []\n"),
    "shell": (
        "warm-up.sh",
        'aws ec2 register-image --name x --block-device-mappings "DeviceName=/dev/xvda,Ebs={VolumeSize=8}"\n',
    ),
}


def _warm_up(work: Work) -> None:
    """Lint a tiny request of each format the items hold, in the parent: the
    workers then inherit its parsers, imports and caches through `fork`
    instead of each paying for them again. Nothing of it is reported."""
    from ami_lint.files import file_format

    # One name of each ending stands for the others (a walk meets thousands of `.json`).
    names: dict[str, str] = {}
    for index, item in enumerate(work.items):
        if index in work.ready:
            continue
        name = item[2] if len(item) == 4 else item[1]
        names.setdefault(name[name.rfind(".") :].lower() if "." in name else name, name)
    formats = {file_format(name) or "shell" for name in names.values()}
    for fmt in sorted(formats & WARM_UP.keys()):
        name, text = WARM_UP[fmt]
        # Only a head start: a failure here shows again when a real file fails.
        import contextlib  # not at start-up (issue 20)

        with contextlib.suppress(Exception):
            work.linters[0].lint_text(text, name, fmt)


def _lint_item(work: Work, index: int) -> Report:
    from ami_lint.report import Report

    report = Report()
    item = work.items[index]
    linter = work.linters[item[0]]
    if len(item) == 4:
        _, data, name, _ = item
        linter.lint_stdin(report, data, name)
        return report
    _, path, explicit = item
    read = work.read.pop(index, None)
    if read is not None:
        linter.lint_read(report, path, read)
    else:
        linter.lint_file(report, path, explicit)
    return report
