"""Text of one input and the only place where offsets become lines and columns."""

from __future__ import annotations

from _bisect import bisect_right
from itertools import accumulate

from ami_lint.records import Record, field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # only for type checkers: a plain class at run time

BOM = "\ufeff"
# Stands in a decoded text for what cannot be known (a shell `$VAR`) or what a
# host of documentation left to its reader (`<snapshot-id>`): a private-use
# character, which the shorthand grammar reads as an ordinary value character
# and nobody writes in a request. `ami_lint.cliargs` uses it as its own.
PLACEHOLDER = "\ue000"
_one_more = (1).__add__


# The UTF-8 bytes each text being linted was decoded from, by the text's
# `id` (with the text, so that the id is that text's): the engine puts a
# file's bytes here while its front end reads it (`ami_lint.engine`), and a
# parser that needs the text's UTF-8 (`ami_lint.shell.words.Offsets`) takes
# them rather than encoding the text again (issue 20: a 1 MiB text was held
# three times, as read, as `str` and as encoded again).
_UTF8: dict[int, tuple[str, bytes]] = {}


def utf8(text: str) -> bytes:
    """`text.encode("utf-8")`: the bytes it was decoded from when the
    engine gave them (`decoded_from`)."""
    known = _UTF8.get(id(text))
    if known is not None and known[0] is text:
        return known[1]
    return text.encode("utf-8")


class decoded_from:
    """While in this context, `utf8(text)` is `data`, the bytes `text` was
    decoded from (strictly, as UTF-8, whole)."""

    __slots__ = ("_key", "_pair")

    def __init__(self, text: str, data: bytes) -> None:
        self._key = id(text)
        self._pair = (text, data)

    def __enter__(self) -> None:
        _UTF8[self._key] = self._pair

    def __exit__(self, *exc: object) -> None:
        if _UTF8.get(self._key) is self._pair:
            del _UTF8[self._key]


@record(frozen=True, slots=True)
class Span(metaclass=Record):
    """A half-open range of character offsets into a `Source`'s text."""

    start: int
    end: int

    # Written out rather than made by `record`: every node, word and finding
    # makes spans, and sets and dicts hash them (issue 20).
    def __init__(self, start: int, end: int) -> None:
        if start < 0 or end < start:
            raise ValueError(f"bad span {start}..{end}")
        # Each slot's own setter: a third of `object.__setattr__`'s cost
        # (the class refuses assignment; the slots themselves do not).
        _set_start(self, start)
        _set_end(self, end)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.start == other.start and self.end == other.end  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def through(self, last: Span) -> Span:
        """From this span to the end of `last`; this span alone when `last`
        was written before it (a value put together from a shell variable)."""
        # Both valid and `last` ending at or after this start: no check
        # needed (`span_of`, written out).
        if last.end < self.start:
            return self
        span = _OpenSpan()
        span.start = self.start
        span.end = last.end
        span.__class__ = Span  # type: ignore[assignment]
        return span  # type: ignore[return-value]


# The setters of `Span`'s slots, bound once (`Span.__init__`).
_set_start = vars(Span)["start"].__set__
_set_end = vars(Span)["end"].__set__


class _OpenSpan:
    """`Span`'s layout (its slots, in order) without its refusal of
    assignment: what `span_of` fills and makes a `Span`."""

    __slots__ = ("start", "end")  # noqa: RUF023 -- the order of `Span`'s slots
    start: int
    end: int


def span_of(start: int, end: int) -> Span:
    """`Span(start, end)` for offsets known to make one (`0 <= start <= end`),
    unchecked: the readers and the shell's word maps make a span for every
    key, value and word (some 90,000 in the bench tree). `Span(...)` runs a
    Python `__init__` through the slow `slot_tp_init`; here a plain slotted
    object's slots are set (the specialised attribute store) and it becomes
    a `Span` by `__class__` assignment (same slots, so CPython allows it),
    at about two-thirds of the cost. tests/test_source.py compares the two."""
    span = _OpenSpan()
    span.start = start
    span.end = end
    span.__class__ = Span  # type: ignore[assignment]
    return span  # type: ignore[return-value]


@record(frozen=True, slots=True)
class Position(metaclass=Record):
    """A 1-based line and column."""

    line: int
    column: int


class _OpenPosition:
    """`Position`'s layout without its refusal of assignment (`Source.position`)."""

    __slots__ = ("line", "column")  # noqa: RUF023 -- the order of `Position`'s slots
    line: int
    column: int


class SpanMap(Protocol):
    """From offsets of one text to offsets of the text it was taken from
    (`ami_lint.offsets.OffsetMap`)."""

    def span(self, start: int, end: int) -> Span: ...


@record(eq=False)
class Source:
    """One decoded input document.

    `text` never holds a leading UTF-8 byte order mark (`had_bom` says whether
    one was there): editors do not count it as a column, so neither do we.
    Lines end at `\\n`, `\\r\\n` or a lone `\\r`; columns count code points,
    so a tab or an emoji is one column.
    """

    text: str
    path: str
    had_bom: bool = False
    _starts: list[int] = field(default_factory=list, repr=False)
    # `mentions`: whether the text holds each word asked about.
    _mentions: dict[str, bool] = field(default_factory=dict, repr=False)
    # An embedded input (a script in a Markdown fence, a YAML `run:` block) is
    # a text of its own inside its host's: `mapper` takes its offsets to the
    # host's, and findings are reported in the host (`in_host`).
    host: Source | None = None
    mapper: SpanMap | None = None
    # The characters the host writes escaped where this text sits in it (`$`
    # in a Makefile recipe, `$$`): a fix whose replacement holds one is not
    # offered; None when the host does not say (no fix is written through it).
    escapes: str | None = None

    @classmethod
    def from_text(cls, text: str, path: str) -> Source:
        if text.startswith(BOM):
            return cls(text[1:], path, had_bom=True)
        return cls(text, path)

    @classmethod
    def embedded(cls, text: str, host: Source, mapper: SpanMap, escapes: str | None = None) -> Source:
        """A piece of `host`'s text given to another front end: `mapper` takes
        each offset of `text` to where it was written in `host`. `escapes`:
        the characters the host would write escaped there ("" when it copies
        the text as it is), for fixes (`ami_lint.edits`)."""
        return cls(text, host.path, host=host, mapper=mapper, escapes=escapes)

    def in_host(self, span: Span) -> tuple[Source, Span]:
        """The outermost host of this text and where `span` was written in it,
        through every layer of embedding."""
        source = self
        while source.host is not None and source.mapper is not None:
            span = source.mapper.span(span.start, span.end)
            source = source.host
        return source, span

    def host_position(self, offset: int) -> Position:
        """Line and column of `offset` in the outermost host: what a message
        says of a place (a script in a Jenkinsfile counts the Jenkinsfile's lines)."""
        source, span = self.in_host(Span(offset, offset))
        return source.position(span.start)

    def _line_starts(self) -> list[int]:
        if not self._starts:
            text = self.text
            if "\r" not in text:
                # Lines end at `\n` only (most files): the starts summed in C,
                # not found one line at a time (issue 20).
                self._starts.extend(accumulate(map(_one_more, map(len, text.split("\n")[:-1])), initial=0))
                return self._starts
            starts = [0]
            i = 0
            n = len(text)
            while True:
                j = text.find("\n", i)
                k = text.find("\r", i, j if j >= 0 else n)
                if k >= 0:
                    nxt = k + 2 if text.startswith("\r\n", k) else k + 1
                elif j >= 0:
                    nxt = j + 1
                else:
                    break
                starts.append(nxt)
                i = nxt
            self._starts.extend(starts)
        return self._starts

    def position(self, offset: int) -> Position:
        """1-based line and column of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        starts = self._line_starts()
        index = bisect_right(starts, offset) - 1
        # `Position(index + 1, offset - starts[index] + 1)`, made as `span_of` makes a span.
        position = _OpenPosition()
        position.line = index + 1
        position.column = offset - starts[index] + 1
        position.__class__ = Position  # type: ignore[assignment]
        return position  # type: ignore[return-value]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        starts = self._line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Offsets of the first character of a 1-based line and of its end
        (before its line break): a window of a long line is cut out of the
        text without copying the whole line."""
        starts = self._line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        text = self.text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def offset_of_line(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._line_starts()[line - 1]

    def line_count(self) -> int:
        return len(self._line_starts())

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def mentions(self, needle: str) -> bool:
        """Whether `needle` is anywhere in the text. The text is searched
        once per needle: a rule asking it of each of a file's requests must
        not search the whole file each time (quadratic in a long script)."""
        found = self._mentions.get(needle)
        if found is None:
            found = self._mentions[needle] = needle in self.text
        return found

    def shown(self, span: Span) -> str:
        """The text of `span` as a message quotes it: as `slice`, but where an
        embedded text holds a `PLACEHOLDER` its host put for a placeholder of
        documentation (`<snapshot-id>`), what the host wrote there."""
        text = self.slice(span)
        if PLACEHOLDER not in text or self.host is None or self.mapper is None:
            return text
        out = []
        for i, char in enumerate(text, span.start):
            if char == PLACEHOLDER:
                char = self.host.shown(self.mapper.span(i, i + 1))
            out.append(char)
        return "".join(out)


def source_of(
    text: str, path: str, had_bom: bool, starts: list[int], mentions: dict[str, bool], escapes: str | None
) -> Source:
    """`Source(text, path, had_bom, starts, mentions, None, None, escapes)`,
    its attributes set as its `__init__` sets them, without the call through
    `slot_tp_init`: the parent of `--jobs` makes one for every file a worker
    found something in (issue 20). tests/test_source.py compares the two."""
    made = _new_source(Source)
    made.text = text
    made.path = path
    made.had_bom = had_bom
    made._starts = starts
    made._mentions = mentions
    made.host = None
    made.mapper = None
    made.escapes = escapes
    return made


_new_source = object.__new__
