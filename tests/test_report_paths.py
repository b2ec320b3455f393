"""Short-cuts on the path of every finding (issue 20, item 4) give what the
plain computation gives: the end column of a text excerpt's carets, worked
out from the line's bounds, is the column `Diagnostic.end` says; the schema
check's `_root_causes` returns a lone finding as it is; the engine's
remembered messages and hints are those it renders."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint import rule_ids
from ami_lint.diagnostics import Diagnostic, Finding, Severity
from ami_lint.engine import _ONE_LINE, _SAID_KEPT, _SAID_LENGTH, Linter
from ami_lint.formatters.text import _last, render_one
from ami_lint.schema_check import _root_causes
from ami_lint.source import Source, Span
from ami_lint.vocabulary import API, Vocabulary, member, value

TEXTS = st.lists(st.sampled_from([*"ab \t", "\n", "\r\n", "\r", "é", "\u3042"]), max_size=30).map("".join)


@st.composite
def placed(draw: st.DrawFn) -> tuple[Source, Span]:
    text = draw(TEXTS)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Source(text, "f.txt"), Span(start, end)


def _diagnostic(source: Source, span: Span) -> Diagnostic:
    return Diagnostic("AMI105", "length-out-of-range", Severity.ERROR, "m", source, span)


@settings(max_examples=500, deadline=None)
@given(placed())
def test_last_column_is_the_plain_one(case: tuple[Source, Span]) -> None:
    source, span = case
    d = _diagnostic(source, span)
    start, end = d.start, d.end
    line_start, line_end = source.line_bounds(start.line)
    plain = (end.column - 1) if end.line == start.line else line_end - line_start
    assert _last(d, start.line, line_start, line_end) == plain


def test_carets_of_ranges_within_and_past_a_line() -> None:
    source = Source("ab cd\r\nxyz\n", "f.txt")
    assert render_one(_diagnostic(source, Span(3, 5))).splitlines()[2].endswith("   ^^")
    # Through the line break into the next line: up to the end of the first.
    assert render_one(_diagnostic(source, Span(3, 9))).splitlines()[2].endswith("   ^^")
    # Empty at the end of the line: one caret.
    assert render_one(_diagnostic(source, Span(5, 5))).splitlines()[2].endswith("     ^")


def _finding(rule: str, at: int) -> Finding:
    return Finding(rule, Source("x" * 10, "f.json"), Span(at, at + 1), "m")


def test_root_causes_of_one_finding_or_none() -> None:
    assert _root_causes([]) == []
    lone = [_finding(rule_ids.INVALID_ENUM_VALUE, 1)]
    assert _root_causes(lone) == lone
    # With two, a wrong type still hides what else its value breaks.
    hidden = [_finding(rule_ids.INVALID_TYPE, 1), _finding(rule_ids.INVALID_ENUM_VALUE, 1)]
    assert _root_causes(hidden) == hidden[:1]


MESSAGES = st.lists(
    st.sampled_from(
        [*"ab `\t", "\n", "\r", member("Ebs"), member("BlockDeviceMappings", 0), value(True), "\ue010x"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(MESSAGES, max_size=6))
def test_said_messages_and_hints_are_the_plain_ones(texts: list[str]) -> None:
    linter = Linter()
    for text in texts * 2:  # each met again: from the cache
        assert linter._said(API, text, True) == API.render(text).translate(_ONE_LINE)
        assert linter._said(API, text, False) == API.render(text)
        other = Vocabulary()  # not the API's: not remembered
        assert linter._said(other, text, False) == other.render(text)
    assert len(linter._said_api[0]) <= len(set(texts)) and len(linter._said_api[1]) <= len(set(texts))


def test_said_is_bounded() -> None:
    linter = Linter()
    for n in range(_SAID_KEPT + 10):
        linter._said(API, f"message {n}", True)
    linter._said(API, "x" * (_SAID_LENGTH + 1), True)
    assert len(linter._said_api[1]) <= _SAID_KEPT
    assert "x" * (_SAID_LENGTH + 1) not in linter._said_api[1]


def _finished_as_before(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`Report.finish` as it was written before its keys became plain values."""
    kept: dict[tuple[str, str, Span, str], Diagnostic] = {}
    for d in diagnostics:
        key = (d.path, d.rule, d.span, d.message)
        other = kept.get(key)
        if other is None or (other.suppressed and not d.suppressed):
            kept[key] = d
    return sorted(kept.values(), key=Diagnostic.sort_key)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.json", "b.sh", "a.json "]),
            st.integers(0, 3),
            st.integers(0, 2),
            st.sampled_from(["AMI101", "AMI105"]),
            st.sampled_from(["m", "n", "m "]),
            st.sampled_from([None, "inline"]),
        ),
        max_size=25,
    )
)
def test_a_finished_report_keeps_and_orders_as_before(
    rows: list[tuple[str, int, int, str, str, str | None]],
) -> None:
    # The same findings kept (the copy that is not suppressed), the same
    # objects, in the same order, as the former keys (a `Span` hashed in
    # Python, each finding asked for its sort key) gave.
    from ami_lint.report import Report

    sources = {path: Source("x" * 8, path) for path in ("a.json", "b.sh", "a.json ")}
    diagnostics = [
        Diagnostic(rule, "n", Severity.ERROR, message, sources[path], Span(start, start + length), None, why)
        for path, start, length, rule, message, why in rows
    ]
    report = Report(list(diagnostics))
    report.finish()
    expected = _finished_as_before(diagnostics)
    assert [id(d) for d in report.diagnostics] == [id(d) for d in expected]
