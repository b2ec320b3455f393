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

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ami_lint.files import InputError, discover
from ami_lint.records import fields

if TYPE_CHECKING:
    from ami_lint.engine import Linter, Report

# Below this many files per CPU, starting workers costs more than it saves.
MIN_FILES_PER_WORKER = 16
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

_linters: list[Linter] = []


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
    """How many processes lint `files` files: `jobs` when given, else one per
    CPU when there are enough files to keep them busy; never more than files."""
    if jobs is None:
        jobs = cpu_count() if files >= 2 * MIN_FILES_PER_WORKER else 1
    jobs = min(jobs, files)
    return jobs if jobs > 1 and can_fork() else 1


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
    from ami_lint.engine import Report

    walk = Report()  # the notes of the walk: skipped directories, excluded files
    linters: list[Linter] = []
    items, marks, error = _collect(linter, paths, stdin_data, stdin_name, walk, linters)
    shown = 0
    parts = _lint_items(linters, items, workers_for(jobs, len(items)))
    for mark, part in zip(marks, parts, strict=True):
        # The walk's notes stand where the walk met them, among the files' notes.
        report.notes.extend(walk.notes[shown:mark])
        shown = mark
        _merge(report, part)
    if error is not None:
        raise error
    report.notes.extend(walk.notes[shown:])


def _merge(report: Report, part: Report) -> None:
    """Add one file's report to the whole: lists are concatenated, counts added."""
    for name in fields(part):
        value = getattr(part, name)
        if isinstance(value, list):
            getattr(report, name).extend(value)
        elif isinstance(value, int):
            setattr(report, name, getattr(report, name) + value)
        else:
            raise TypeError(f"Report.{name}: cannot merge a {type(value).__name__}")


def _collect(
    linter: Linter,
    paths: list[str],
    stdin_data: bytes | None,
    stdin_name: str,
    walk: Report,
    linters: list[Linter],
) -> tuple[list[Item], list[int], InputError | None]:
    """The work items in report order; for each, how many walk notes came
    before it; and the error that stops the walk (raised after the items
    before it are linted, as in one process). `linters` receives the
    distinct linters the items refer to."""
    index: dict[int, int] = {}

    def number(chosen: Linter) -> int:
        if id(chosen) not in index:
            index[id(chosen)] = len(linters)
            linters.append(chosen)
        return index[id(chosen)]

    items: list[Item] = []
    marks: list[int] = []
    for raw in paths:
        if raw == "-":
            if stdin_data is None:
                return items, marks, InputError("-: standard input was not read")
            chosen = linter.linter_for(Path(stdin_name), True, walk)
            if chosen is not None:
                items.append((number(chosen), stdin_data, stdin_name, None))
                marks.append(len(walk.notes))
            continue
        try:
            named = Path(raw)
            for path in discover([raw], walk.notes):
                explicit = path == named
                chosen = linter.linter_for(path, explicit, walk)
                if chosen is not None:
                    items.append((number(chosen), str(path), explicit))
                    marks.append(len(walk.notes))
        except InputError as exc:
            return items, marks, exc
    return items, marks, None


def _lint_items(linters: list[Linter], items: list[Item], jobs: int) -> Iterator[Report]:
    """Each item's report, in the items' order. An item that raises (a file
    that cannot be read) raises here, at its turn."""
    if jobs <= 1:
        for item in items:
            yield _lint_item(linters, item)
        return
    import gc
    import multiprocessing

    global _linters
    _linters = linters
    _warm_up(linters[0], items)
    # Objects that exist now are only read by the workers: keep the collector
    # from touching (and so copying) every page of them in each worker.
    gc.freeze()
    chunk = max(1, min(MAX_CHUNK, len(items) // (jobs * 4)))
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs)
    except OSError:  # no more processes to be had: this one does it all
        gc.unfreeze()
        _linters = []
        for item in items:
            yield _lint_item(linters, item)
        return
    try:
        yield from pool.imap(_lint_in_worker, items, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _linters = []


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


def _warm_up(linter: Linter, items: list[Item]) -> None:
    """Lint a tiny request of each format the items hold, in the parent: the
    workers then inherit its parsers, imports and caches through `fork`
    instead of each paying for them again. Nothing of it is reported."""
    from ami_lint.files import file_format

    formats = {file_format(item[2] if len(item) == 4 else item[1]) or "shell" for item in items}
    for fmt in sorted(formats & WARM_UP.keys()):
        name, text = WARM_UP[fmt]
        # Only a head start: a failure here shows again when a real file fails.
        with contextlib.suppress(Exception):
            linter.lint_text(text, name, fmt)


def _lint_in_worker(item: Item) -> Report:
    return _lint_item(_linters, item)


def _lint_item(linters: list[Linter], item: Item) -> Report:
    from ami_lint.engine import Report

    report = Report()
    linter = linters[item[0]]
    if len(item) == 4:
        _, data, name, _ = item
        linter._lint_into(report, data, name)
    else:
        _, path, explicit = item
        linter.lint_file(report, Path(path), explicit)
    return report
