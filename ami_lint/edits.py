"""Fixes as data: text edits a finding offers, and where they can be written back.

A rule's fix is one or more non-overlapping `Edit`s (a span of the finding's
source and its replacement) with a title and a safety, in the manner of
ruff's `Fix::safe_edit` / `Fix::unsafe_edit` (astral-sh/ruff,
`crates/ruff_diagnostics/src/fix.rs`): `SAFE` when it cannot change what the
user meant, `UNSAFE` otherwise (applied only with `--unsafe-fixes`).

Edits are written in the finding's source. A rule replaces text as it is
written there (`exact`): an edit is offered only when the text it replaces is
the text the rule read, so an escape (`\\"` in a double-quoted shell word) or
a value put together from a variable makes the rule withhold it.

An embedded source (a script in a Markdown fence or a YAML block) reaches
its host through an offset map; `to_host` carries each edit out through every
layer, and withholds the fix unless it is written back exactly: the span maps
to the same characters in the host (no escape, no joined line, no
placeholder), and the replacement holds none of the characters the host
would write escaped (`Source.escapes`; a host that does not declare them
gets no fixes through it).

Each edit also says what it does (`Meaning`: a key renamed to an API name,
a string's characters, a whole value, an entry removed or added first). An
input that names members in its own notation (Terraform, Packer, SDK code)
writes the edit from that in its own syntax, or withholds it
(`ami_lint.vocabulary.Vocabulary.write`); `written` says whether the
replacement is the edit in the API's notation at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ami_lint.nodes import Entry, Mapping, Node, Scalar
from ami_lint.records import Record, record
from ami_lint.source import Source, Span, span_of

SAFE = "safe"
UNSAFE = "unsafe"


# What an edit does, in the request model's terms (`Meaning.kind`).
RENAME = "rename"  # a key, renamed to the API's member `name`
TEXT = "text"  # the characters of a string value, made `value` (a string)
LITERAL = "literal"  # a whole value, made the API's `value` (a boolean or an integer)
REMOVE = "remove"  # an entry removed: `at` from its key's start to its value's end
INSERT = "insert"  # an entry `name` with the string `value` added before the key at `at`
OWN = "own"  # written by a front end in its input's own syntax


@record(frozen=True, slots=True)
class Meaning(metaclass=Record):
    """What an edit does, for an input that names members and writes values
    in a notation of its own: its `Vocabulary.write` writes the edit from
    this, in its syntax, or withholds it (`ami_lint.vocabulary`)."""

    kind: str
    name: str = ""
    value: str | int | bool | None = None
    at: Span | None = None


OWN_SYNTAX = Meaning(OWN)


@record(frozen=True, slots=True)
class Edit(metaclass=Record):
    """Replace the text of `span` with `replacement` (an empty span inserts).
    `meaning`: what it does, for a notation of its own; `written`: False when
    `replacement` is not the edit in the API's notation (no JSON, YAML or
    shorthand can write it there), and only `meaning` says what it is."""

    span: Span
    replacement: str
    meaning: Meaning | None = None
    written: bool = True


@record(frozen=True, slots=True)
class Fix(metaclass=Record):
    """What a finding offers to change: its edits, sorted and non-overlapping,
    a short imperative title, and `SAFE` or `UNSAFE`."""

    title: str
    edits: tuple[Edit, ...]
    safety: str = SAFE

    def __post_init__(self) -> None:
        if self.safety not in (SAFE, UNSAFE):
            raise ValueError(f"bad fix safety {self.safety!r}")
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        edits = tuple(sorted(self.edits, key=lambda e: (e.span.start, e.span.end)))
        for i in range(1, len(edits)):
            if _touch(edits[i - 1].span, edits[i].span):
                raise ValueError("the edits of a fix overlap")
        object.__setattr__(self, "edits", edits)

    @property
    def safe(self) -> bool:
        return self.safety == SAFE

    @property
    def span(self) -> Span:
        """From the first edit's start to the last one's end."""
        return Span(self.edits[0].span.start, self.edits[-1].span.end)


class _OpenEdit:
    """`Edit`'s layout (its slots, in order) without its refusal of assignment."""

    __slots__ = ("span", "replacement", "meaning", "written")  # noqa: RUF023 -- `Edit`'s order
    span: Span
    replacement: str
    meaning: Meaning | None
    written: bool


class _OpenFix:
    """`Fix`'s layout (its slots, in order) without its refusal of assignment."""

    __slots__ = ("title", "edits", "safety")  # noqa: RUF023 -- `Fix`'s order
    title: str
    edits: tuple[Edit, ...]
    safety: str


def fix_of(title: str, edits: list[tuple[int, int, str, Meaning | None, bool]], safety: str) -> Fix:
    """`Fix(title, tuple(Edit(Span(start, end), text, meaning, written) ...),
    safety)` for the parts of a fix already made and checked once (a
    `--jobs` worker's, sent as plain values): each record's slots set as
    `ami_lint.source.span_of` sets a span's, without its checks again.
    tests/test_edits.py compares the two."""
    made = []
    for start, end, text, meaning, written in edits:
        edit = _OpenEdit()
        edit.span = span_of(start, end)
        edit.replacement = text
        edit.meaning = meaning
        edit.written = written
        edit.__class__ = Edit  # type: ignore[assignment]
        made.append(edit)
    whole = _OpenFix()
    whole.title = title
    whole.edits = tuple(made)  # type: ignore[arg-type]
    whole.safety = safety
    whole.__class__ = Fix  # type: ignore[assignment]
    return whole  # type: ignore[return-value]


def fix(title: str, edits: Iterable[Edit | None], safe: bool = True) -> Fix | None:
    """A fix of these edits, or None when any of them is None (it cannot be
    written exactly): a fix is whole or not offered."""
    made = list(edits)
    if not made or any(e is None for e in made):
        return None
    try:
        return Fix(title, tuple(e for e in made if e is not None), SAFE if safe else UNSAFE)
    except ValueError:
        return None


def exact(source: Source, span: Span, written: str, replacement: str) -> Edit | None:
    """An edit of `span` when `source` has `written` there, as the rule read
    it; None when it is written otherwise (escaped, or pieced together)."""
    if source.slice(span) != written:
        return None
    return Edit(span, replacement)


# What a replacement of a value or key may hold to be written the same in
# every string and word it can stand in (a JSON string, a YAML scalar of any
# style, a shorthand value, a quoted or bare shell word): API names and values.
INERT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/-")


def replace_string(node: Node, text: str, kind: str = TEXT) -> Edit | None:
    """An edit that writes `text` for the characters of a string scalar (inside
    its quotes, if any), when they are written as they read and `text` is
    `INERT`; else None. `kind`: `TEXT` for a value, `RENAME` for a key."""
    if not isinstance(node, Scalar) or not isinstance(node.value, str) or not node.value:
        return None
    if not text or not INERT.issuperset(text):
        return None
    value = node.value
    span = node.inner_span(0, len(value)) if node.text_map is not None else node.span
    edit = exact(node.source, span, value, text)
    if edit is None:
        return None
    return Edit(edit.span, text, Meaning(RENAME, name=text) if kind == RENAME else Meaning(TEXT, value=text))


def literal(node: Node, value: bool | int, written: str) -> Edit:
    """An edit that writes the whole of `node` as the API's `value`
    (`written` in the API's notation: `true`, `8`)."""
    return Edit(node.span, written, Meaning(LITERAL, value=value))


def _touch(a: Span, b: Span) -> bool:
    """Whether two spans overlap or meet (two edits at one point have no order)."""
    return a.start <= b.end and b.start <= a.end


def to_host(source: Source, fix: Fix) -> tuple[Source, Fix] | None:
    """The outermost host of `source` and `fix` written in it, or None when an
    edit cannot be written there exactly."""
    edits = fix.edits
    while source.host is not None:
        host, mapper, escapes = source.host, source.mapper, source.escapes
        if mapper is None or escapes is None:
            return None
        moved = []
        for edit in edits:
            start, end = edit.span.start, edit.span.end
            if start == end or "\n" in edit.replacement or "\r" in edit.replacement:
                return None  # an insertion point between two pieces has no one place
            if any(c in escapes for c in edit.replacement):
                return None
            there = mapper.span(start, end)
            if host.slice(there) != source.text[start:end]:
                return None
            moved.append(Edit(there, edit.replacement))
        try:
            fix = Fix(fix.title, tuple(moved), fix.safety)
        except ValueError:
            return None
        edits = fix.edits
        source = host
    return source, fix


def applicable(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply together: in order of where they start, each one
    whose edits touch none of those already taken (the others wait for the
    next round)."""
    taken: list[Fix] = []
    spans: list[Span] = []
    for candidate in sorted(fixes, key=lambda f: (f.span.start, f.span.end, f.title)):
        if any(_touch(e.span, s) for e in candidate.edits for s in spans):
            continue
        taken.append(candidate)
        spans.extend(e.span for e in candidate.edits)
    return taken


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with non-overlapping `edits` applied; nothing else changes."""
    out: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if edit.span.start < at or edit.span.end > len(text):
            raise ValueError("overlapping or out-of-range edits")
        out.append(text[at : edit.span.start])
        out.append(edit.replacement)
        at = edit.span.end
    out.append(text[at:])
    return "".join(out)


def remove_entry(mapping: Mapping, entry: Entry) -> Edit | None:
    """An edit that removes `entry` from `mapping` with one separator (JSON,
    YAML in either style, shorthand): up to the next key, or after the last
    one from the end of the value before it. When only the entry is there,
    or anything but blanks and commas stands between (a comment, an escape,
    a line continuation), the edit is not `written` (only its `REMOVE`
    meaning is there, for a notation that removes it its own way); None
    when its key and value are not in one text."""
    entries = mapping.entries
    index = next((i for i, e in enumerate(entries) if e is entry), None)
    source = entry.key.source
    if index is None or entry.value.source is not source or entry.value.span.end <= entry.key.span.start:
        return None
    whole = Span(entry.key.span.start, entry.value.span.end)
    meaning = Meaning(REMOVE, at=whole)
    unwritten = Edit(whole, "", meaning, written=False)
    if len(entries) < 2:
        return unwritten
    if any(e.key.source is not source or e.value.source is not source for e in entries):
        return unwritten
    if index + 1 < len(entries):
        start, end = entry.key.span.start, entries[index + 1].key.span.start
        gap = source.text[entry.value.span.end : end]
    else:
        start, end = entries[index - 1].value.span.end, entry.value.span.end
        gap = source.text[start : entry.key.span.start]
    if end <= start or gap.strip(" \t\r\n,") or gap.count(",") > 1:
        return unwritten
    return Edit(Span(start, end), "", meaning)


def add_first_entry(mapping: Mapping, key: str, value: str) -> Edit | None:
    """An edit that writes `key` with the string `value` (both `INERT`) before
    the first entry of `mapping`: `"Key": "value", ` in braces (JSON, YAML
    flow), `Key: value` on a line of its own in a YAML block; not `written`
    (only its `INSERT` meaning) when the first key is not written plainly;
    None when the mapping is empty."""
    if not mapping.entries or not INERT.issuperset(key + value):
        return None
    first = mapping.entries[0].key
    source = first.source
    raw = source.slice(first.span)
    meaning = Meaning(INSERT, name=key, value=value, at=first.span)
    if source.slice(mapping.span).startswith("{"):
        if raw[:1] != '"' and raw != first.value:
            return Edit(first.span, raw, meaning, written=False)
        return Edit(first.span, f'"{key}": "{value}", {raw}', meaning)
    line_start = source.offset_of_line(source.position(first.span.start).line)
    indent = source.text[line_start : first.span.start]
    if indent.strip(" ") or raw != first.value:
        return Edit(first.span, raw, meaning, written=False)
    return Edit(first.span, f"{key}: {value}{newline_of(source, first.span.end)}{indent}{raw}", meaning)


def newline_of(source: Source, at: int) -> str:
    """The line ending of the line holding `at`: `\\r\\n` or `\\n`."""
    return "\r\n" if source.text[at:].split("\n", 1)[0].endswith("\r") else "\n"
