"""What the parent of `--jobs` does with the workers' reports (issue 20: the
cost of parallelism): each report merged field by field, waits that wake only
for a report or a death, and the same report as one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ami_lint import parallel
from ami_lint.cli import main
from ami_lint.diagnostics import (
    REPORT_BYTES_PER_CHAR,
    REPORT_FREE_BYTES,
    Diagnostic,
    Severity,
    listed_size,
    shown,
)
from ami_lint.files import Note
from ami_lint.records import fields
from ami_lint.report import FileError, Report
from ami_lint.source import Source, Span
from tests.test_throughput import _requests


def test_every_field_of_a_report_is_merged() -> None:
    # `_merge` names each field: a field added to `Report` must be added to
    # it (and to `MERGED`), or a worker's report would lose it.
    assert set(fields(Report)) == set(parallel.MERGED)
    assert set(parallel.PACKED) < set(parallel.MERGED)
    whole = Report(files=1, notes=[Note("a", "x")], input_errors=["a: gone"])
    error = FileError("b", "TypeError: x", "tb")
    part = Report(files=2, notes=[Note("b", "y")], errors=[error], input_errors=["b: gone"])
    part.suppression_warnings = ["w"]  # type: ignore[list-item]
    parallel._merge(whole, part)
    assert whole.files == 3
    assert whole.notes == [Note("a", "x"), Note("b", "y")]
    assert whole.errors == [error]
    assert whole.input_errors == ["a: gone", "b: gone"]
    assert whole.suppression_warnings == ["w"]


@pytest.mark.parametrize("name", ["errors", "input_errors", "suppression_warnings"])
def test_a_report_with_more_than_findings_and_notes_is_sent_as_it_is(name: str) -> None:
    report = Report(files=1)
    getattr(report, name).append("something")
    assert parallel._packed(report) is report
    packed = parallel._packed(Report(files=1, notes=[Note("a", "x")]))
    assert packed == (1, [("a", "x")], [], [], None)


@pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")
@pytest.mark.parametrize("jobs", [["--jobs", "2"], ["--jobs", "3"], []])
def test_a_wait_for_the_workers_ends_with_a_report_or_a_death(
    jobs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The parent waits for the workers (and, while the walk goes on, for
    # the walker): each wait ends because a worker answered or died or the
    # walker sent what it found, never on a pipe that is only ready to be
    # written (a loop that would spin a core beside the workers).
    _requests(tmp_path / "tree", 6, 20)
    monkeypatch.chdir(tmp_path)
    one = main(["--verbose", "--jobs", "1", "tree"]), capsys.readouterr()
    step = parallel._Pool._step
    idle: list[int] = []
    waits: list[int] = []

    def counted(pool: parallel._Pool, timeout: float | None, walker: parallel._Walker | None = None) -> None:
        before = (pool.answered, len(pool.workers), len(pool.idle))
        step(pool, timeout, walker)
        if timeout is None:
            waits.append(1)
            sent = walker is not None and bool(walker.readable.poll(0))
            if (pool.answered, len(pool.workers), len(pool.idle)) == before and not sent:
                idle.append(1)

    monkeypatch.setattr(parallel._Pool, "_step", counted)
    assert (main(["--verbose", *jobs, "tree"]), capsys.readouterr()) == one
    assert waits and not idle


def test_records_pickle_through_their_fields_in_order() -> None:
    # `_reduce` gives a record's fields in one call when all are `__init__`
    # parameters (a fix, its edits and their meanings), else one by one.
    import pickle

    from ami_lint.edits import UNSAFE, Edit, Fix, Meaning
    from ami_lint.records import record
    from ami_lint.source import Span

    meaning = Meaning("set", "Name", 3, Span(1, 2))
    fix = Fix("Do", (Edit(Span(5, 6), "b", None, False), Edit(Span(0, 1), "a", meaning)), UNSAFE)
    back = pickle.loads(pickle.dumps(fix, pickle.HIGHEST_PROTOCOL))
    assert back == fix and back.edits[0].meaning == meaning and not back.safe
    assert fix.__reduce__() == (Fix, ("Do", fix.edits, UNSAFE))
    assert meaning.__reduce__() == (Meaning, ("set", "Name", 3, Span(1, 2)))
    assert Span(3, 4).__reduce__() == (Span, (3, 4))
    one = Note.__reduce__(Note("p", "t"))
    assert one == (Note, ("p", "t"))

    @record(frozen=True)
    class Single:
        value: int

    assert Single(7).__reduce__() == (Single, (7,))


def _shown_by_listed_size(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], dict[str, int]]:
    """`shown` as docs/security.md §5 words it, a finding at a time."""
    kept: list[Diagnostic] = []
    spent: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for d in diagnostics:
        budget = REPORT_FREE_BYTES + REPORT_BYTES_PER_CHAR * (len(d.source.text) + len(d.path))
        size = spent.get(d.path, 0) + listed_size(d)
        if d.path not in left_out and size <= budget:
            kept.append(d)
            spent[d.path] = size
        else:
            left_out[d.path] = left_out.get(d.path, 0) + 1
    return kept, left_out


def test_shown_counts_each_finding_as_listed_size_does() -> None:
    # `shown` works out a source's budget and its path's size once: the
    # findings it lists and leaves out are those `listed_size` gives, for
    # findings near the budget, with hints or not, unprintable paths,
    # messages and hints, and two sources of one path.
    big = Source("x" * 400, "dir/" + "\x1b" * 100 + "big.sh")
    small = Source("y" * 10, "small.json")
    other = Source("z" * 5000, "small.json")
    diagnostics = []
    for i in range(600):
        source = (big, small, other)[i % 3]
        hint = None if i % 4 else f"hint \x07 {i}" * (i % 7)
        message = f"message {i} " + "\u202e" * (i % 5) + "m" * (i % 90)
        diagnostics.append(Diagnostic("AMI1", "n", Severity.ERROR, message, source, Span(i, i), hint))
    got = shown(diagnostics)
    assert got == _shown_by_listed_size(diagnostics)
    assert got[1] and len(got[0]) > 40  # some left out, many listed
    # As a report gives them: a file's findings one after another.
    ordered = sorted(diagnostics, key=lambda d: (d.path, id(d.source)))
    got = shown(ordered)
    assert got == _shown_by_listed_size(ordered)
    assert got[1] and len(got[0]) > 40


def test_findings_kept_as_they_come_are_those_finish_keeps() -> None:
    # The parent of `--jobs` puts each file's findings through `keep` as
    # they arrive; `finish` with them sorts what `finish` alone would keep:
    # one copy of each finding, a copy that is not suppressed over one that is.
    from ami_lint.report import keep

    a, b = Source("{}", "a.json"), Source("{}", "b.json")

    def made(source: Source, start: int, suppressed: str | None = None) -> Diagnostic:
        return Diagnostic("AMI1", "n", Severity.ERROR, "m", source, Span(start, start), None, suppressed)

    parts = [
        [made(a, 1, "inline"), made(a, 0)],
        [made(b, 2), made(a, 1), made(b, 2, "baseline")],
        [made(a, 1, "again"), made(b, 0)],
    ]
    whole = Report([d for part in parts for d in part])
    whole.finish()
    kept: dict = {}  # type: ignore[type-arg]
    for part in parts:
        keep(kept, part)
    pieces = Report([d for part in parts for d in part])
    pieces.finish(kept)
    assert pieces.diagnostics == whole.diagnostics
    assert [d.suppressed for d in whole.diagnostics] == [None] * 4
    assert pieces.diagnostics[1] is parts[1][1]  # (a.json, 1): not suppressed, met second


def test_a_report_packed_with_its_blocks_is_the_report_a_worker_made() -> None:
    # With an `Ahead` (text reports), a worker sends its findings' blocks
    # and not its sources' caches: the parent's findings still place, print
    # and compare as the worker's, and the blocks are those it would render.
    import pickle

    from ami_lint.engine import Linter, Options
    from ami_lint.formatters.text import Ahead, render_one
    from ami_lint.selection import Selection
    from tests.conftest import ROOT

    linters = [Linter(Options(selection=Selection(select=("ALL",))))]
    found = 0
    for path in sorted(p for p in (ROOT / "tests" / "corpus").rglob("*") if p.is_file()):
        report = parallel._lint_guarded(linters, (0, str(path), False), None)
        sent = pickle.loads(pickle.dumps(parallel._packed(report, Ahead(False, False))))
        ahead = Ahead(False, False)
        got = parallel._unpacked(sent, ahead)
        if isinstance(got, Note) or isinstance(sent, Report):
            continue
        assert (got.files, got.notes) == (report.files, report.notes)
        assert all(d.source._starts == [] for d in got.diagnostics)  # not sent: worked out when asked
        for mine, theirs in zip(got.diagnostics, report.diagnostics, strict=True):
            assert _placed(mine) == _placed(theirs)
            url = ahead.blocks[id(mine)][1] if id(mine) in ahead.blocks else None
            assert ahead.block(mine, url) == render_one(theirs, url=url)
            found += id(mine) in ahead.blocks
    assert found > 10


def _placed(d: Diagnostic) -> tuple[object, ...]:
    """What a report can say of `d` (its source's caches aside)."""
    s = d.source
    fields = (d.rule, d.name, d.severity, d.message, d.hint, d.suppressed, d.request, d.fix, d.span)
    return (*fields, d.start, d.end, d.path, s.text, s.had_bom, s.escapes, s.host, s.mapper)
