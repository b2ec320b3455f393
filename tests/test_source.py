from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ami_lint.offsets import OffsetMap
from ami_lint.records import FrozenInstanceError
from ami_lint.source import Position, Source, Span, span_of


def test_positions_across_line_endings() -> None:
    s = Source.from_text("ab\r\ncd\ref\ng", "x")
    assert [s.position(i) for i in (0, 2, 4, 6, 7, 9, 10)] == [
        Position(1, 1),
        Position(1, 3),
        Position(2, 1),
        Position(2, 3),
        Position(3, 1),
        Position(3, 3),
        Position(4, 1),
    ]
    assert [s.line_text(n) for n in (1, 2, 3, 4)] == ["ab", "cd", "ef", "g"]


def test_bom_is_not_a_column_and_tabs_and_emoji_are_one() -> None:
    s = Source.from_text("\ufeff\t🚀x", "x")
    assert s.had_bom and s.text == "\t🚀x"
    assert s.position(2) == Position(1, 3)


def test_end_of_text() -> None:
    s = Source.from_text("a\n", "x")
    assert s.position(2) == Position(2, 1)
    assert s.position(99) == Position(2, 1)


@given(st.text(alphabet=st.sampled_from("ab\r\n\té🚀"), max_size=40))
def test_position_matches_splitlines(text: str) -> None:
    s = Source.from_text(text, "x")
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a CRLF line break: not a position anyone reports
        pos = s.position(offset)
        before = text[:offset]
        lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert pos == Position(len(lines), len(lines[-1]) + 1)


@given(st.text(alphabet=st.sampled_from("ab\n\té🚀"), max_size=60))
def test_line_starts_of_text_without_carriage_returns(text: str) -> None:
    """Lines that end at `\\n` only are counted in C (`Source._line_starts`):
    the offset after each line break, as the loop for `\\r` finds them."""
    s = Source.from_text(text, "x")
    assert s._line_starts() == [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    assert s.line_count() == text.count("\n") + 1
    assert [s.line_text(n) for n in range(1, s.line_count() + 1)] == text.split("\n")


def test_offset_map_atoms_and_literals() -> None:
    # source `"a\nb"` decodes to a, newline, b
    m = OffsetMap(anchor=1)
    m.add_literal(1, 1)
    m.add_atom(2, 2)
    m.add_literal(4, 1)
    assert m.span(0, 1) == Span(1, 2)
    assert m.span(1, 2) == Span(2, 4)
    assert m.span(0, 3) == Span(1, 5)
    assert m.span(3, 3) == Span(5, 5)


def test_offset_map_composes() -> None:
    # inner: decoded "xy" from chars 1..3 of an intermediate string,
    # outer: intermediate char k sits at file offset 10 + 2k.
    inner = OffsetMap.linear(1, 2)
    outer = OffsetMap()
    for k in range(4):
        outer.add_atom(10 + 2 * k, 2)
    assert inner.then(outer).span(0, 2) == Span(12, 16)


def test_empty_map_points_at_anchor() -> None:
    assert OffsetMap(anchor=7).span(0, 0) == Span(7, 7)


def _reference_span(m: OffsetMap, start: int, end: int) -> Span:
    """`OffsetMap.span` without its shortcuts: each end looked up on its own."""
    from bisect import bisect_right

    if not m._dec:
        return Span(m._anchor, m._anchor)
    if end <= start:
        at = m.offset(start)
        return Span(at, at)
    first, last = m.offset(start), m._end_of(min(end, len(m)) - 1)
    if last < first:
        k = bisect_right(m._dec, max(start, 0)) - 1
        last = m._src[k] + m._slen[k]
    return Span(first, last)


_PIECES = st.lists(
    st.tuples(st.booleans(), st.integers(0, 40), st.integers(1, 4), st.integers(1, 3)), max_size=6
)


@given(_PIECES, st.integers(-2, 30), st.integers(-2, 30))
def test_offset_map_span_equals_its_reference(
    pieces: list[tuple[bool, int, int, int]], start: int, end: int
) -> None:
    """A range inside one piece copied as written is answered with one search
    (issue 20); every range gives what looking up each end gives, pieces in
    any order of the source (a word with a variable's value in it)."""
    m = OffsetMap(anchor=3)
    for literal, src, slen, dlen in pieces:
        if literal:
            m.add_literal(src, slen)
        else:
            m.add_atom(src, slen, dlen)
    try:
        expected: Span | str = _reference_span(m, start, end)
    except ValueError as exc:
        expected = str(exc)
    try:
        got: Span | str = m.span(start, end)
    except ValueError as exc:
        got = str(exc)
    assert got == expected


@given(st.integers(-3, 50), st.integers(-3, 50))
def test_span_set_through_its_slots_is_still_a_frozen_checked_record(start: int, end: int) -> None:
    """`Span.__init__` sets its slots with their own setters (issue 20): a bad
    range is still refused, a made span still refuses assignment, and it
    compares, hashes and pickles by its two offsets."""
    import pickle

    import pytest

    from ami_lint.records import FrozenInstanceError

    if start < 0 or end < start:
        with pytest.raises(ValueError, match="bad span"):
            Span(start, end)
        return
    span = Span(start, end)
    assert (span.start, span.end) == (start, end)
    assert span == Span(start, end) and hash(span) == hash(Span(start, end))
    assert pickle.loads(pickle.dumps(span)) == span
    with pytest.raises(FrozenInstanceError):
        span.start = start + 1  # type: ignore[misc]
    assert span.start == start


@given(st.integers(0, 10**12), st.integers(0, 10**6))
def test_span_of_is_span(start: int, length: int) -> None:
    # `span_of` is `Span(...)` made without its check: the readers and the
    # shell's word maps make their spans with it.
    made, checked = span_of(start, start + length), Span(start, start + length)
    assert type(made) is Span
    assert made == checked and checked == made and (made != checked) is False
    assert hash(made) == hash(checked)
    assert repr(made) == repr(checked)
    assert (made.start, made.end) == (checked.start, checked.end)
    assert made != Span(start, start + length + 1) and made != Span(start + 1, start + length + 1)
    assert len({made, checked}) == 1
    again = pickle.loads(pickle.dumps(made))
    assert type(again) is Span and again == checked
    assert made.shift(1) == checked.shift(1) and made.through(checked) == checked
    with pytest.raises(FrozenInstanceError):
        made.start = start + 1  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del made.end  # type: ignore[misc]
    assert (made.start, made.end) == (start, start + length)


def test_positions_are_made_as_their_class_makes_them() -> None:
    """`Source.position` makes its `Position` by a slotted twin: the same
    class, equal and hashed alike, still frozen."""
    source = Source.from_text("ab\ncd\n", "x")
    made = source.position(4)
    assert type(made) is Position and made == Position(2, 2) and hash(made) == hash(Position(2, 2))
    assert repr(made) == repr(Position(2, 2)) and pickle.loads(pickle.dumps(made)) == made
    with pytest.raises(FrozenInstanceError):
        made.line = 1  # type: ignore[misc]


def test_source_of_is_the_source_its_class_makes() -> None:
    # `source_of` (the parent of `--jobs` makes each worker's source with it)
    # sets what `Source(...)` sets, in the same order, and nothing else.
    from ami_lint.source import Source, source_of

    for args in (("t\nx", "a.json", False, [0, 2], {"w": True}, None), ("", "b.sh", True, [], {}, "$")):
        text, path, bom, starts, mentions, escapes = args
        made = source_of(*args)
        called = Source(text, path, bom, starts, mentions, None, None, escapes)
        assert type(made) is Source and list(vars(made).items()) == list(vars(called).items())
        assert made.position(len(text)) == called.position(len(text))
