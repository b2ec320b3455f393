"""Values of register-image options, decoded from argv words as the AWS CLI does.

For each option the CLI takes one or more words (list options take several)
and turns them into the request member, following its model:

- a string option takes its word as it is;
- a list of strings (`--billing-products`) takes each word as an item,
  unless the first word is JSON (`[...]`);
- a list of structures (`--block-device-mappings`, `--tag-specifications`)
  is JSON when its first word starts with `[` or `{` after whitespace
  (`[...]` in one word is the whole list, `{...}` words are one item each),
  and shorthand otherwise, one item per word, typed from the model.

Each word carries an offset map back to where it was written, so every node of
the value, and every syntax error inside it, points at the file.
"""

from __future__ import annotations

from collections.abc import Sequence as SequenceABC
from functools import lru_cache

from ami_lint.diagnostics import Finding
from ami_lint.nodes import Mapping, Node, Scalar, Sequence, Unknown, relocate, substitute
from ami_lint.offsets import Mapper, OffsetMap
from ami_lint.records import Record, record
from ami_lint.source import PLACEHOLDER as _PLACEHOLDER
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

    from ami_lint.frontend import Resolver

# Stands in a decoded word for text that cannot be known (a shell `$VAR`).
PLACEHOLDER = _PLACEHOLDER


@record(frozen=True, slots=True)
class Word(metaclass=Record):
    """One argv word as the CLI receives it, and where each character was written."""

    text: str
    source: Source
    mapper: Mapper

    def span(self) -> Span:
        return self.mapper.span(0, len(self.text))


@lru_cache(maxsize=1)
def member_schemas() -> dict[str, dict[str, Any]]:
    from ami_lint.schema import load_schema

    return dict(load_schema()["properties"])


def option_name(member: str) -> str:
    """`BlockDeviceMappings` -> `block-device-mappings`, as the CLI names options."""
    # `re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", member).lower()`, without the
    # compile (start-up: the option table names each member). Each character
    # is classed in C (`l`: a-z or 0-9, `U`: A-Z, any other as it is), and a
    # hyphen goes at each `lU` of the classes (a loop over the characters in
    # Python cost 7,000 bytecodes of a typical run, issue 20).
    classes = member.translate(_CLASSES)
    at = classes.find("lU")
    if at < 0:
        return member.lower()
    parts = []
    start = 0
    while at >= 0:
        parts.append(member[start : at + 1])
        start = at + 1
        at = classes.find("lU", start)
    parts.append(member[start:])
    return "-".join(parts).lower()


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_CLASSES = str.maketrans(_LOWER.upper() + _LOWER + "0123456789", "U" * 26 + "l" * 36)


@lru_cache(maxsize=1)
def value_options() -> dict[str, str]:
    """Options that take a value (not the boolean flags), by CLI name, to member names."""
    return {
        option_name(member): member
        for member, schema in member_schemas().items()
        if schema.get("type") != "boolean"
    }


def member_for_option(name: str) -> str | None:
    """The member of a CLI option written as `--block-device-mappings`,
    `block-device-mappings` or `BlockDeviceMappings`."""
    options = value_options()
    bare = name.strip().lstrip("-")
    if bare in options:
        return options[bare]
    return bare if bare in options.values() else None


def decode_value(
    member: str, words: SequenceABC[Word], resolver: Resolver | None = None
) -> tuple[Node | None, list[Finding]]:
    """The member's value from its words, typed as the CLI types it; `key@=file://…`
    values are read through `resolver` (without one they stay unknown)."""
    schema = member_schemas()[member]
    first = words[0]
    if schema.get("type") != "array":
        return _string(first), []
    span = first.span()
    if len(words) > 1 and words[-1].source is first.source:
        span = span.through(words[-1].span())
    items_schema = schema.get("items", {})
    if first.text.strip().startswith("["):
        return _json(first)
    if items_schema.get("type") != "object":
        return Sequence(first.source, span, tuple(_string(w) for w in words)), []
    nodes: list[Node] = []
    findings: list[Finding] = []
    as_json = first.text.strip().startswith("{")
    for word in words:
        node, found = _json(word) if as_json else _shorthand(word, resolver)
        findings.extend(found)
        if node is not None:
            nodes.append(node)
    if findings and not nodes:
        return None, findings
    value = Sequence(first.source, span, tuple(nodes))
    if as_json:  # JSON is passed on as it was decoded, with no conversion
        return value, findings
    from ami_lint.shorthand_types import convert

    return convert(value, schema), findings


def _string(word: Word) -> Scalar:
    return Scalar(word.source, word.span(), word.text, word.mapper)


def _shorthand(word: Word, resolver: Resolver | None) -> tuple[Node | None, list[Finding]]:
    from ami_lint.shorthand import read_shorthand

    result = read_shorthand(word.text, word.source, word.mapper)
    if result.node is None or not result.paramfile_values:
        return result.node, result.findings
    return _load_paramfile_values(result.node, result.paramfile_values, result.findings, resolver)


def _load_paramfile_values(
    node: Node, values: tuple[Scalar, ...], findings: list[Finding], resolver: Resolver | None
) -> tuple[Node, list[Finding]]:
    """`key@=file://…`: the CLI puts the file's text in place of the value.
    Each is read like a `file://` option value, with positions in its file;
    one that is not read (`fileb://`, a path only known at run time, an
    unreadable file) is unknown."""
    from ami_lint.filerefs import BINARY_PREFIX
    from ami_lint.frontend import NoFiles

    files = resolver or NoFiles()

    replacements: dict[int, Node] = {}
    findings = list(findings)
    for scalar in values:
        text = str(scalar.value)
        file_source, found = (
            (None, []) if text.startswith(BINARY_PREFIX) else files.load(text, scalar.source, scalar.span)
        )
        findings.extend(found)
        if file_source is None:
            replacements[id(scalar)] = Unknown(scalar.source, scalar.span, "file")
        else:
            length = len(file_source.text)
            replacements[id(scalar)] = Scalar(
                file_source, Span(0, length), file_source.text, OffsetMap.linear(0, length)
            )
    return substitute(node, replacements), findings


def _json(word: Word) -> tuple[Node | None, list[Finding]]:
    from ami_lint.readers.json_reader import read_json

    inner = Source(word.text, word.source.path)
    result = read_json(inner)
    findings = [
        Finding(f.rule, word.source, word.mapper.span(f.span.start, f.span.end), f.message, f.hint)
        for f in result.findings
    ]
    if result.failed or not result.documents:
        return None, findings
    return relocate(result.documents[0], word.source, word.mapper), findings


def standalone_words(source: Source) -> list[Word]:
    """The words of a standalone value: one per line (for `--shorthand`)."""
    words = []
    for line in range(1, source.line_count() + 1):
        text = source.line_text(line)
        start = source.offset_of_line(line)
        if text or line < source.line_count():
            words.append(Word(text, source, OffsetMap.linear(start, len(text))))
    return [w for w in words if w.text.strip()] or words[:1]


def standalone_request(
    member: str, source: Source, resolver: Resolver | None = None
) -> tuple[Mapping | None, list[Finding]]:
    """A request holding only `member`, its value read from `source`."""
    from ami_lint.nodes import Entry

    words = standalone_words(source)
    if not words:
        words = [Word("", source, OffsetMap(anchor=0))]
    value, findings = decode_value(member, words, resolver)
    if value is None:
        return None, findings
    key = Scalar(source, Span(0, 0), member)
    return Mapping(source, value.span, (Entry(key, value),)), findings


def mark_unknown(node: Node) -> Node | None:
    """`node` with every string holding a `PLACEHOLDER` turned into an `Unknown`;
    None when a key holds one (then not even the shape of the value is known)."""
    from ami_lint.nodes import Entry, Unknown

    done: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if not expanded and isinstance(current, (Mapping, Sequence)):
            stack.append((current, True))
            children = [e.value for e in current.entries] if isinstance(current, Mapping) else current.items
            stack.extend((child, False) for child in children)
            continue
        new: Node = current
        if isinstance(current, Mapping):
            if any(PLACEHOLDER in e.name for e in current.entries):
                return None
            new = Mapping(
                current.source, current.span, tuple(Entry(e.key, done[id(e.value)]) for e in current.entries)
            )
        elif isinstance(current, Sequence):
            new = Sequence(current.source, current.span, tuple(done[id(i)] for i in current.items))
        elif isinstance(current, Scalar) and isinstance(current.value, str) and PLACEHOLDER in current.value:
            new = Unknown(current.source, current.span, "variable")
        done[id(current)] = new
    return done[id(node)]
