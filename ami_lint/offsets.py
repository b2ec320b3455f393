"""Offset maps: from a position in a decoded string back to the text it came from.

Every parser that unquotes or unescapes (JSON strings, shorthand quotes, shell
words, YAML block scalars) builds one, so that a span inside the decoded value
still points at the characters the user wrote. Maps compose: a shorthand token
inside a quoted, continued shell word maps to the shell word's decoded text,
which maps to the file.
"""

from __future__ import annotations

from _bisect import bisect_right

from ami_lint.source import Span, _OpenSpan, span_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # only for type checkers: a plain class at run time


class Mapper(Protocol):
    def span(self, start: int, end: int) -> Span: ...


class OffsetMap:
    """Piecewise map from decoded offsets to source offsets.

    A segment is either *linear* (each decoded character is one source
    character, in order) or *atomic* (a run of decoded characters produced by
    one source construct, such as an escape `\\u00e9`; any part of it maps to
    the whole construct).
    """

    __slots__ = ("_anchor", "_dec", "_dlen", "_length", "_slen", "_src")

    def __init__(self, anchor: int = 0) -> None:
        # Where an empty decoded string sits in the source (between its quotes).
        self._anchor = anchor
        self._dec: list[int] = []
        self._src: list[int] = []
        self._dlen: list[int] = []
        self._slen: list[int] = []
        self._length = 0

    @classmethod
    def linear(cls, source_start: int, length: int) -> OffsetMap:
        m = cls(anchor=source_start)
        m.add_literal(source_start, length)
        return m

    def __len__(self) -> int:
        return self._length

    def add_literal(self, source_start: int, length: int) -> None:
        """Append `length` decoded characters copied from `source_start`."""
        if length <= 0:
            return
        if self._dec:
            i = len(self._dec) - 1
            if self._dlen[i] == self._slen[i] and self._src[i] + self._slen[i] == source_start:
                self._dlen[i] += length
                self._slen[i] += length
                self._length += length
                return
        self._append(source_start, length, length)

    def add_atom(self, source_start: int, source_length: int, decoded_length: int = 1) -> None:
        """Append decoded characters produced by one source construct."""
        if decoded_length <= 0:
            return
        self._append(source_start, source_length, decoded_length)

    def _append(self, src: int, slen: int, dlen: int) -> None:
        self._dec.append(self._length)
        self._src.append(src)
        self._dlen.append(dlen)
        self._slen.append(slen)
        self._length += dlen

    def _start_of(self, i: int) -> int:
        """Source offset where decoded character `i` starts."""
        k = bisect_right(self._dec, i) - 1
        if self._dlen[k] == self._slen[k]:
            return self._src[k] + (i - self._dec[k])
        return self._src[k]

    def _end_of(self, i: int) -> int:
        """Source offset just after decoded character `i`."""
        k = bisect_right(self._dec, i) - 1
        if self._dlen[k] == self._slen[k]:
            return self._src[k] + (i - self._dec[k]) + 1
        return self._src[k] + self._slen[k]

    def offset(self, i: int) -> int:
        """Source offset of decoded position `i` (`len` maps past the last character)."""
        if not self._dec:
            return self._anchor
        if i >= self._length:
            return self._end_of(self._length - 1)
        return self._start_of(max(i, 0))

    def span(self, start: int, end: int) -> Span:
        """Source span covering the decoded characters `[start, end)`."""
        if len(self._dec) == 1 and self._dlen[0] == self._slen[0] and 0 <= start < end <= self._length:
            # One run copied as written (most words and keys): no search
            # needed, and `span_of` written out (a call costs ~500 instructions).
            base = self._src[0]
            span = _OpenSpan()
            span.start = base + start
            span.end = base + end
            span.__class__ = Span  # type: ignore[assignment]
            return span  # type: ignore[return-value]
        if not self._dec:
            return Span(self._anchor, self._anchor)
        if 0 <= start < end <= self._length:
            # The range inside one piece copied as written: one search.
            k = bisect_right(self._dec, start) - 1
            base = self._dec[k]
            if self._dlen[k] == self._slen[k] and end <= base + self._dlen[k]:
                return span_of(self._src[k] + start - base, self._src[k] + end - base)
        if end <= start:
            at = self.offset(start)
            return Span(at, at)
        first, last = self.offset(start), self._end_of(min(end, self._length) - 1)
        if last < first:
            # Pieces from different places (a shell word with a variable's
            # value in it): the run of source text where the range starts.
            k = bisect_right(self._dec, max(start, 0)) - 1
            last = self._src[k] + self._slen[k]
        return Span(first, last)

    def then(self, outer: Mapper) -> Composed:
        """This map followed by `outer` (which maps our source into its source)."""
        return Composed(self, outer)


class Linear:
    """The offset map of a string written as it reads (a JSON string without
    escapes, a one-line YAML scalar): decoded character `i` is source
    character `start + i`. It answers as `OffsetMap.linear(start, length)`
    does, without that map's four lists: most strings of a request are
    written so, and a request has dozens of strings."""

    __slots__ = ("length", "start")

    def __init__(self, start: int, length: int) -> None:
        self.start = start
        self.length = length

    def __len__(self) -> int:
        return self.length

    def span(self, start: int, end: int) -> Span:
        """Source span of the decoded characters `[start, end)`, clamped to the string."""
        base, length = self.start, self.length
        first = base + min(max(start, 0), length)
        if end <= start or not length:
            return span_of(first, first)
        last = base + min(end, length)
        # As `OffsetMap.span`: a range wholly before the string runs to its end.
        return span_of(first, last if last >= first else base + length)


_new = object.__new__


def linear_of(start: int, length: int) -> Linear:
    """`Linear(start, length)`, made without calling the class: the readers
    make one for nearly every string (some 46,000 in the bench tree), and a
    call of a class with a Python `__init__` (`slot_tp_init`) costs a fifth
    more than `object.__new__` and two attribute stores. tests/test_nodes.py
    compares the two."""
    made = _new(Linear)
    made.start = start
    made.length = length
    return made


class LinearThen:
    """`Composed(Linear(start, length), outer)` as one object: a string
    copied as written out of a text that `outer` maps (a shorthand key or
    word inside a shell word). It answers as that pair does; made by
    `linear_then`, without calling a class, once for each key and value of
    a shorthand value (issue 20). tests/test_shorthand_maps.py compares the two."""

    __slots__ = ("length", "outer", "start")

    def __init__(self, start: int, length: int, outer: Mapper) -> None:
        self.start = start
        self.length = length
        self.outer = outer

    def span(self, start: int, end: int) -> Span:
        # `Linear.span`, its span then mapped by `outer` (`Composed.span`).
        base, length = self.start, self.length
        first = base + min(max(start, 0), length)
        if end <= start or not length:
            return self.outer.span(first, first)
        last = base + min(end, length)
        return self.outer.span(first, last if last >= first else base + length)

    def then(self, outer: Mapper) -> Composed:
        return Composed(self, outer)


def linear_then(start: int, length: int, outer: Mapper) -> LinearThen:
    """`LinearThen(start, length, outer)`, made as `linear_of` makes a `Linear`."""
    made = _new(LinearThen)
    made.start = start
    made.length = length
    made.outer = outer
    return made


class Composed:
    __slots__ = ("inner", "outer")

    def __init__(self, inner: Mapper, outer: Mapper) -> None:
        self.inner = inner
        self.outer = outer

    def span(self, start: int, end: int) -> Span:
        mid = self.inner.span(start, end)
        return self.outer.span(mid.start, mid.end)

    def then(self, outer: Mapper) -> Composed:
        return Composed(self, outer)
