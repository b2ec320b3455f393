"""What a rule reports, and what the formatters print."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ami_lint.edits import Fix
from ami_lint.records import Record, record
from ami_lint.source import Position, Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    import re


class _SeverityType(type):
    """`Severity`'s class: iterating it gives its levels, lowest first, and
    `Severity["ERROR"]` the level of that name, as `enum` would."""

    _levels: tuple[Severity, ...]

    def __iter__(cls) -> Iterator[Severity]:
        return iter(cls._levels)

    def __len__(cls) -> int:
        return len(cls._levels)

    def __getitem__(cls, name: str) -> Severity:
        for level in cls._levels:
            if level.name == name:
                return level
        raise KeyError(name)


class Severity(int, metaclass=_SeverityType):
    """How serious a finding is: `INFO` < `WARNING` < `ERROR`, the ints 1 to 3.

    What `enum.IntEnum` gave it, and nothing more: making an enum class runs
    enum's metaclass in Python, 0.4M instructions of every run (issue 20;
    `enum` itself is imported by tree-sitter's compiled module). Each level is
    one object: `Severity(3) is Severity.ERROR`, and so after a pickle round
    trip. `str()` and an f-string give the lowercase name; `repr` as enum's
    (tests/test_severity.py compares each use with the enum)."""

    __slots__ = ()
    INFO: Severity
    WARNING: Severity
    ERROR: Severity
    _NAMES = ("INFO", "WARNING", "ERROR")

    def __new__(cls, value: int) -> Severity:
        if type(value) is cls:
            return value  # type: ignore[return-value]
        for level in cls._levels:
            if level == value:
                return level
        raise ValueError(f"{value!r} is not a valid Severity")

    @property
    def name(self) -> str:
        return self._NAMES[int(self) - 1]

    @property
    def value(self) -> int:
        return int(self)

    def __str__(self) -> str:
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"<Severity.{self.name}: {int(self)}>"

    def __reduce__(self) -> tuple[type[Severity], tuple[int]]:
        return Severity, (int(self),)

    def __copy__(self) -> Severity:
        return self

    def __deepcopy__(self, memo: object) -> Severity:
        return self

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


Severity._levels = tuple(int.__new__(Severity, value) for value in (1, 2, 3))
Severity.INFO, Severity.WARNING, Severity.ERROR = Severity._levels


@record(frozen=True, slots=True)
class Finding(metaclass=Record):
    """A rule's report, before configuration gives it a severity."""

    rule: str
    source: Source
    span: Span
    message: str
    hint: str | None = None
    # Set on a finding about a whole request (a missing option or key, its
    # range the whole call or document): which request, for fingerprints that
    # survive edits of its lines (`ami_lint.fingerprints`).
    request: str | None = None
    # What the rule offers to change, in `source`'s coordinates (`ami_lint.edits`).
    fix: Fix | None = None


class _OpenFinding:
    """`Finding`'s layout (its slots, in order) without its refusal of
    assignment: what `finding_of` fills and makes a `Finding`."""

    # The order of `Finding`'s slots.
    __slots__ = ("rule", "source", "span", "message", "hint", "request", "fix")  # noqa: RUF023
    rule: str
    source: Source
    span: Span
    message: str
    hint: str | None
    request: str | None
    fix: Fix | None


def finding_of(
    rule: str, source: Source, span: Span, message: str, hint: str | None = None, fix: Fix | None = None
) -> Finding:
    """`Finding(rule, source, span, message, hint, fix=fix)` made as
    `ami_lint.source.span_of` makes a span: the frozen record's `__init__`
    sets each of seven fields by its slot's setter, through `slot_tp_init`
    (`Rule.report` makes every rule's findings, issue 20).
    tests/test_diagnostics.py compares the two."""
    made = _OpenFinding()
    made.rule = rule
    made.source = source
    made.span = span
    made.message = message
    made.hint = hint
    made.request = None
    made.fix = fix
    made.__class__ = Finding  # type: ignore[assignment]
    return made  # type: ignore[return-value]


# How much of its input a message repeats. Rules quote values in backticks
# (`Name` is `...`); a value read from the input can be as long as the input,
# and a finding per repeated value would repeat it each time (issue 13, item 5).
MAX_QUOTED = 100  # characters of one backtick-quoted value, `…` included
MAX_MESSAGE = 500  # characters of a whole message or hint, `…` included
ELLIPSIS = "…"
# A finding's source excerpt is a window of its line: about `WINDOW`
# characters, the range's start `CONTEXT` characters from the window's left
# edge when the line is longer.
WINDOW = 120
CONTEXT = 40

# A report lists a file's findings while their size (estimated by
# `listed_size`) stays under `REPORT_BYTES_PER_CHAR` bytes for each character
# of the file and of its name, plus `REPORT_FREE_BYTES`: a file built to raise
# a finding every other character (`[1,1,1,…]`, `q q q …` after a command), or
# with a name of thousands of characters repeated in each finding, would
# otherwise print hundreds of bytes for each byte read. No file written by hand
# comes near (the examples' reports are 5 to 10 bytes per character).
REPORT_BYTES_PER_CHAR = 16
REPORT_FREE_BYTES = 8192
# What a finding prints besides its path, message and hint: the excerpt, its
# carets and the punctuation around them (text format, the largest but SARIF).
_FIXED_SIZE = 2 * WINDOW + 60

# Backticks pair up from the left, as Markdown reads them. (Compiled, and
# cached by `re`, when first used: not at start-up.)
_QUOTE = r"`([^`]*)`"


def _shorter_quote(match: re.Match[str]) -> str:
    value = match.group(1)
    return match.group() if len(value) <= MAX_QUOTED else f"`{value[: MAX_QUOTED - 1]}{ELLIPSIS}`"


def bounded(text: str) -> str:
    """`text` with each backtick-quoted value longer than `MAX_QUOTED` cut to
    that length (ending in `…`), and the whole cut to `MAX_MESSAGE`. Applying it
    twice changes nothing."""
    if len(text) <= MAX_QUOTED:
        return text
    import re

    text = re.sub(_QUOTE, _shorter_quote, text)
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1] + ELLIPSIS
    return text


def window(length: int, first: int, last: int) -> tuple[int, int]:
    """The part `[start, end)` of a line of `length` characters to show for a
    range `[first, last)` of it: the whole line when it is at most `WINDOW`
    long, else `WINDOW` characters holding `first` (and `last` when the range
    fits), cut where the line goes on (the formats mark such a cut with `…`)."""
    if length <= WINDOW:
        return 0, length
    start = max(0, min(first - CONTEXT, length - WINDOW))
    if last - first <= WINDOW < last - start:
        start = last - WINDOW  # a range that fits is shown whole
    return start, start + WINDOW


@record(frozen=True, slots=True)
class Diagnostic(metaclass=Record):
    """A finding placed in its file, ready for a formatter."""

    rule: str
    name: str
    severity: Severity
    message: str
    source: Source
    span: Span
    hint: str | None = None
    # Why it is suppressed (the inline directive, or `baseline: FILE`), else None:
    # reported in SARIF only, and it counts for nothing.
    suppressed: str | None = None
    # `Finding.request`: the whole request this diagnostic is about, if so.
    request: str | None = None
    # The finding's fix written in `source` (the outermost host), if it can be.
    fix: Fix | None = None

    def __post_init__(self) -> None:
        # The one place where every message becomes a report's: bounded here,
        # it is bounded in every format, the baseline and the fingerprints.
        if len(self.message) > MAX_QUOTED:
            object.__setattr__(self, "message", bounded(self.message))
        if self.hint is not None and len(self.hint) > MAX_QUOTED:
            object.__setattr__(self, "hint", bounded(self.hint))

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def start(self) -> Position:
        return self.source.position(self.span.start)

    @property
    def end(self) -> Position:
        return self.source.position(self.span.end)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.start, self.span.end, self.rule, self.message)


class _OpenDiagnostic:
    """`Diagnostic`'s layout (its slots, in order) without its refusal of
    assignment: what `diagnostic_of` fills and makes a `Diagnostic`."""

    # The order of `Diagnostic`'s slots.
    __slots__ = (  # noqa: RUF023
        "rule",
        "name",
        "severity",
        "message",
        "source",
        "span",
        "hint",
        "suppressed",
        "request",
        "fix",
    )
    rule: str
    name: str
    severity: Severity
    message: str
    source: Source
    span: Span
    hint: str | None
    suppressed: str | None
    request: str | None
    fix: Fix | None


def diagnostic_of(
    rule: str,
    name: str,
    severity: Severity,
    message: str,
    source: Source,
    span: Span,
    hint: str | None,
    request: str | None,
    fix: Fix | None,
    suppressed: str | None = None,
) -> Diagnostic:
    """`Diagnostic(rule, name, severity, message, source, span, hint,
    suppressed, request, fix)`, its message and hint bounded as its
    `__post_init__` bounds them, made as `ami_lint.source.span_of` makes a
    span: the frozen record's `__init__` sets each of ten fields by its
    slot's setter, through `slot_tp_init` (the engine makes one for every
    finding reported, issue 20). tests/test_diagnostics.py compares the two."""
    made = _OpenDiagnostic()
    made.rule = rule
    made.name = name
    made.severity = severity
    made.message = bounded(message) if len(message) > MAX_QUOTED else message
    made.source = source
    made.span = span
    made.hint = bounded(hint) if hint is not None and len(hint) > MAX_QUOTED else hint
    made.suppressed = suppressed
    made.request = request
    made.fix = fix
    made.__class__ = Diagnostic  # type: ignore[assignment]
    return made  # type: ignore[return-value]


# `ami_lint.printable.printable`, imported when first needed, then without an
# import statement for each diagnostic (one run again: about 8,000 instructions).
_printable: Callable[[str], str] | None = None


def _import_printable() -> Callable[[str], str]:
    global _printable
    from ami_lint.printable import printable

    _printable = printable
    return printable


def listed_size(d: Diagnostic) -> int:
    """About what a finding prints (in text, as displayed); `shown` counts
    the same."""
    printable = _printable or _import_printable()
    return len(printable(d.path)) + len(printable(d.message)) + len(printable(d.hint or "")) + _FIXED_SIZE


def shown(diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], dict[str, int]]:
    """The diagnostics a report lists, in the order given: a file's while
    their `listed_size` stays within its budget (`REPORT_BYTES_PER_CHAR`,
    `REPORT_FREE_BYTES`); and how many each file had left out."""
    kept: list[Diagnostic] = []
    spent: dict[str, int] = {}
    left_out: dict[str, int] = {}
    printable = _printable or _import_printable()
    # A report's findings come a file at a time (sorted by path): each
    # source's budget and what `listed_size` counts for its path are worked
    # out once, as it comes, and its path's size is kept in locals until
    # the next source's findings (the report's last step, issue 20).
    source = None
    path = ""
    budget = base = total = 0
    out = False
    for d in diagnostics:
        if d.source is not source:
            if source is not None:
                spent[path] = total
            source = d.source
            path = source.path
            budget = REPORT_FREE_BYTES + REPORT_BYTES_PER_CHAR * (len(source.text) + len(path))
            base = len(path if path.isprintable() else printable(path)) + _FIXED_SIZE
            total = spent.get(path, 0)
            out = path in left_out
        message, hint = d.message, d.hint
        size = total + base + len(message if message.isprintable() else printable(message))
        if hint:
            size += len(hint if hint.isprintable() else printable(hint))
        if not out and size <= budget:
            kept.append(d)
            total = size
        else:
            left_out[path] = left_out.get(path, 0) + 1
            out = True
    return kept, left_out
