"""JSON reader: what the AWS CLI accepts for `--cli-input-json`, as our node tree.

The CLI decodes these documents with `json.loads`, so that function decides
what is valid (NaN, Infinity, big integers included) and where a syntax error
is. Only once it has accepted the text do we parse it again ourselves, to get
the spans and offset maps it does not give. That second parser trusts the text
to be valid and uses an explicit stack, so no nesting depth can exhaust
Python's.
"""

from __future__ import annotations

import json
import re
import sys

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.nodes import QUOTED, Entry, Mapping, Node, Scalar, ScalarValue, Sequence, _Quoted, scalar_of
from ami_lint.offsets import OffsetMap
from ami_lint.readers import ReadResult, read_limits
from ami_lint.source import Source, Span, _OpenSpan, span_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 20)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

SYNTAX_ERROR = rule_ids.JSON_SYNTAX_ERROR
DUPLICATE_KEY = rule_ids.DUPLICATE_JSON_KEY

# `json.loads` on text that still starts with a BOM, which is how the CLI reads
# the file; `Source` has already removed it.
BOM_MESSAGE = "Unexpected UTF-8 BOM (decode using utf-8-sig)"
BOM_HINT = "Save the file as UTF-8 without a byte order mark"

# Roughly where `json.loads` gives up with the default recursion limit; only
# used to choose which bracket to point at.
DEPTH_LIMIT = 1000

# JSON whitespace is exactly these four characters; `\s` would take more.
_WS = re.compile(r"[ \t\n\r]*")
# `_WS` matches everywhere (possibly empty), so its match is never None.
_ws: Callable[[str, int], re.Match[str]] = _WS.match  # type: ignore[assignment]
_WS_CHARS = " \t\n\r"
# ASCII digits only: `\d` would also match digits the C scanner rejects.
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
# One source construct per decoded character. A high/low surrogate escape pair
# decodes to a single code point, so it must be one atom.
_ESCAPE = r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)"
# Strings are skipped whole so that brackets inside them do not count.
_STRUCTURE = r'"(?:[^"\\]|\\.)*"|[\[\]{}]'
# Those two compiled when first needed (a string with an escape, a nesting too
# deep): 1.7M instructions most runs need not pay (issue 20).
_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        compiled = _COMPILED[pattern] = re.compile(pattern, re.DOTALL)
    return compiled


# The C string scanner `json.loads` itself uses (typeshed does not declare it):
# the same value, and the offset after the closing quote, without a slice.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

_LITERALS: dict[str, tuple[str, ScalarValue]] = {
    "t": ("true", True),
    "f": ("false", False),
    "n": ("null", None),
    "N": ("NaN", float("nan")),
    "I": ("Infinity", float("inf")),
}

# The decoder's messages end in " at" because `str(error)` appends the
# position; ours carry the position in the span instead.
_MESSAGES = {
    "Unterminated string starting at": "Unterminated string",
    "Invalid control character at": "Invalid control character in string",
    "Invalid \\uXXXX escape": "Invalid `\\uXXXX` escape",
}
_HINTS = {
    "Expecting property name enclosed in double quotes": (
        "Put the key in double quotes; JSON allows no comma after the last member"
    ),
    "Unterminated string starting at": 'Close the string with `"`',
    "Invalid control character at": "Escape the character (`\\n`, `\\t`) or remove it",
    "Invalid \\escape": (
        'Use `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\uXXXX`; '
        "write a backslash as `\\\\`"
    ),
    "Invalid \\uXXXX escape": "Write exactly four hexadecimal digits after `\\u`",
    "Extra data": "Remove everything after the first JSON value",
}


class _Invalid(Exception):
    """A value `json.loads` rejects with a plain `ValueError` (no position)."""

    def __init__(self, span: Span, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.span = span
        self.message = message
        self.hint = hint


class _Frame:
    """An array or object whose closing bracket has not been reached yet."""

    __slots__ = ("children", "entries", "is_object", "key", "seen", "start")

    def __init__(self, is_object: bool, start: int) -> None:
        self.is_object = is_object
        self.start = start
        self.children: list[Node] = []
        self.entries: list[Entry] = []
        self.key: Scalar | None = None
        self.seen: set[str] = set()


def read_json(source: Source, *, max_depth: int | None = None) -> ReadResult:
    """Parse `source` as the AWS CLI would, keeping every token's position.

    Nesting deeper than `max_depth` (default: the `--max-depth` in force) is
    reported as a syntax error, even where the decoder would go on."""
    if max_depth is None:
        max_depth = read_limits().max_depth
    result = ReadResult()
    if source.had_bom:
        # The CLI stops here, but the rest is still worth checking, and the
        # BOM is not part of `source.text`, so positions below stay exact.
        result.findings.append(Finding(SYNTAX_ERROR, source, Span(0, 0), BOM_MESSAGE, BOM_HINT))
    try:
        json.loads(source.text)
    except json.JSONDecodeError as error:
        result.findings.append(_syntax_finding(source, error))
        result.failed = True
        return result
    except RecursionError:
        result.findings.append(_depth_finding(source))
        result.failed = True
        return result
    except ValueError:
        # An integer too long for `int()`: our parser converts numbers in the
        # same order as the decoder, so it stops at the same one, and knows where.
        pass
    else:
        try:
            document, duplicates = _parse_fast(source, max_depth)
        except _Slow:
            pass
        else:
            result.findings.extend(duplicates)
            result.documents.append(document)
            return result
    try:
        document = _parse(source, result.findings, max_depth)
    except _Invalid as invalid:
        result.findings.append(Finding(SYNTAX_ERROR, source, invalid.span, invalid.message, invalid.hint))
        result.failed = True
        return result
    result.documents.append(document)
    return result


def _syntax_finding(source: Source, error: json.JSONDecodeError) -> Finding:
    length = len(source.text)
    start = min(error.pos, length)
    message = _MESSAGES.get(error.msg, error.msg)
    if error.msg == "Invalid \\escape":
        message = f"Invalid escape `{source.text[start : start + 2]}`"
    return Finding(
        SYNTAX_ERROR,
        source,
        Span(start, min(start + 1, length)),
        message,
        _HINTS.get(error.msg),
    )


def _depth_finding(source: Source) -> Finding:
    """Point at the bracket where the nesting became too deep for the decoder."""
    text = source.text
    depth = 0
    deepest = 0
    deepest_at = 0
    for match in _compiled(_STRUCTURE).finditer(text):
        char = match.group()
        if char == "[" or char == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
                deepest_at = match.start()
                if depth == DEPTH_LIMIT:
                    break
        elif char == "]" or char == "}":
            depth -= 1
    return Finding(
        SYNTAX_ERROR,
        source,
        Span(deepest_at, min(deepest_at + 1, len(text))),
        "Nesting too deep for the JSON decoder",
        f"Nest arrays and objects fewer than {DEPTH_LIMIT} levels deep",
    )


class _Slow(Exception):
    """`_parse_fast` met what only `_parse` reports exactly (nesting deeper
    than the limit, a value `json.loads` rejects): the plain parser reads the
    text again."""


_new = object.__new__

# After a key: the whitespace around its colon.
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_colon: Callable[[str, int], re.Match[str]] = _COLON.match  # type: ignore[assignment]


def _parse_fast(source: Source, max_depth: int | None) -> tuple[Node, list[Finding]]:
    """What `_parse` builds, and the duplicate-key findings it makes, in
    about half the time: strings without escapes read inline, the comma
    after a value and the `": "` after a key without a regex, a key after a
    comma found by its quote, containers as plain lists, duplicate keys
    found once per object from its index (`Mapping._index` holds fewer
    names than entries). Raises `_Slow` where `_parse` alone is exact.
    tests/test_json_reader.py compares the two.

    Each string's span, scalar and entry, and each container, are made here
    as `span_of`, `scalar_of` and `entry_of` make them, without calling them: a call
    costs about 500 instructions more (callgrind), and a request has dozens
    of strings (issue 20); its text map is `QUOTED`, not a map of its own."""
    text = source.text
    find = text.find
    colon = _colon
    new = _new
    opened, span_class, scalar_class, entry_class = _OpenSpan, Span, Scalar, Entry
    mapping_class, sequence_class = Mapping, Sequence
    quoted = QUOTED
    # Each open container: [is_object, start, items, pending key].
    stack: list[list[Any]] = []
    duplicates: list[Mapping] = []
    pos = _ws(text, 0).end()
    node: Node
    # An `_OpenSpan` until its class is set (`span_of`).
    span: Any
    want_key = False
    while True:
        if want_key:
            # `pos` is at the quote of a member's key.
            close = find('"', pos + 1)
            if find("\\", pos + 1, close) < 0:
                end = close + 1
                span = opened()
                span.start = pos
                span.end = end
                span.__class__ = span_class
                key = new(scalar_class)
                key.source = source
                key.span = span
                key.value = text[pos + 1 : close]
                key.text_map = quoted
                key.plain = False
            else:
                value, end = _scanstring(text, pos + 1)
                key = Scalar(source, Span(pos, end), value, _escaped_map(text, pos + 1, end - 1))
            # Most keys are followed by `": "` and the value: no regex.
            if text.startswith(": ", end) and text[end + 2] not in _WS_CHARS:
                pos = end + 2
            else:
                pos = colon(text, end).end()
            stack[-1][3] = key
            want_key = False
        start = pos
        char = text[pos]
        if char == '"':
            close = find('"', pos + 1)
            if find("\\", pos + 1, close) < 0:
                pos = close + 1
                span = opened()
                span.start = start
                span.end = pos
                span.__class__ = span_class
                node = new(scalar_class)
                node.source = source
                node.span = span
                node.value = text[start + 1 : close]
                node.text_map = quoted
                node.plain = False
            else:
                value, pos = _scanstring(text, pos + 1)
                node = Scalar(source, Span(start, pos), value, _escaped_map(text, start + 1, pos - 1))
        elif char == "{" or char == "[":
            pos = _ws(text, pos + 1).end()
            if text[pos] == ("}" if char == "{" else "]"):
                pos += 1
                node = (
                    Mapping(source, Span(start, pos)) if char == "{" else Sequence(source, Span(start, pos))
                )
            else:
                if max_depth is not None and len(stack) >= max_depth:
                    raise _Slow
                want_key = char == "{"
                stack.append([want_key, start, [], None])
                continue
        else:
            try:
                node, pos = _atom(source, text, pos)
            except _Invalid:
                raise _Slow from None
        # Hand the value to its container, and close every container that
        # ends right after it.
        while stack:
            frame = stack[-1]
            items = frame[2]
            if frame[0]:
                entry = new(entry_class)
                entry.key = frame[3]
                entry.value = node
                items.append(entry)
            else:
                items.append(node)
            # Most values are followed by their comma: no regex.
            char = text[pos]
            if char in _WS_CHARS:
                pos = _ws(text, pos).end()
                char = text[pos]
            if char == ",":
                if frame[0]:
                    # Only whitespace comes before the next key's quote.
                    pos = find('"', pos + 1)
                    want_key = True
                else:
                    pos += 1
                    if text[pos] in _WS_CHARS:
                        pos = _ws(text, pos).end()
                break
            stack.pop()
            pos += 1
            span = opened()
            span.start = frame[1]
            span.end = pos
            span.__class__ = span_class
            # `Mapping(...)` and `Sequence(...)` made as `scalar_of` makes a
            # scalar, the mapping's index as its `__post_init__` makes it (a
            # JSON key is a string): no `__init__` through `slot_tp_init`.
            if frame[0]:
                index = {}
                for entry in items:
                    index[entry.key.value] = entry
                node = new(mapping_class)
                node.source = source
                node.span = span
                node.entries = tuple(items)
                node._index = index
                if len(index) < len(items):
                    duplicates.append(node)
            else:
                node = new(sequence_class)
                node.source = source
                node.span = span
                node.items = tuple(items)
        else:
            return node, _duplicate_keys(duplicates) if duplicates else []


def _duplicate_keys(mappings: list[Mapping]) -> list[Finding]:
    """The findings `_parse` makes of these objects' duplicate keys, in the order of the text."""
    keys = []
    for mapping in mappings:
        seen: set[str] = set()
        for entry in mapping.entries:
            name = str(entry.key.value)
            if name in seen:
                keys.append(entry.key)
            seen.add(name)
    keys.sort(key=lambda key: key.span.start)
    return [_duplicate(key.source, key, str(key.value)) for key in keys]


def _duplicate(source: Source, key: Scalar, name: str) -> Finding:
    return Finding(
        DUPLICATE_KEY,
        source,
        key.span,
        f"Duplicate key `{name}`: the CLI keeps only the last value",
        f"Remove one of the `{name}` keys",
    )


def _parse(source: Source, findings: list[Finding], max_depth: int | None = None) -> Node:
    """Build the node tree of text that `json.loads` has accepted."""
    text = source.text
    ws = _ws
    stack: list[_Frame] = []
    pos = ws(text, 0).end()
    node: Node
    while True:
        # Parse the value at `pos`. A non-empty container pushes a frame and
        # goes straight on to its first child.
        start = pos
        char = text[pos]
        if char == "{" or char == "[":
            pos = ws(text, pos + 1).end()
            if text[pos] == ("}" if char == "{" else "]"):
                pos += 1
                if char == "{":
                    node = Mapping(source, Span(start, pos))
                else:
                    node = Sequence(source, Span(start, pos))
            else:
                if max_depth is not None and len(stack) >= max_depth:
                    raise _Invalid(
                        Span(start, start + 1),
                        f"Nesting too deep (more than {max_depth} levels)",
                        "Nest arrays and objects less deeply, or raise `--max-depth`",
                    )
                frame = _Frame(char == "{", start)
                stack.append(frame)
                if frame.is_object:
                    pos = _key(source, text, pos, frame, findings)
                continue
        elif char == '"':
            node, pos = _string(source, text, pos)
        else:
            node, pos = _atom(source, text, pos)

        # Hand the finished value to its container, and close every container
        # that ends right after it.
        while stack:
            frame = stack[-1]
            if frame.is_object:
                assert frame.key is not None
                frame.entries.append(Entry(frame.key, node))
            else:
                frame.children.append(node)
            if text[pos] in _WS_CHARS:
                pos = ws(text, pos).end()
            char = text[pos]
            pos += 1
            if char == ",":
                pos = ws(text, pos).end()
                if frame.is_object:
                    pos = _key(source, text, pos, frame, findings)
                break
            stack.pop()
            span = Span(frame.start, pos)
            if frame.is_object:
                node = Mapping(source, span, tuple(frame.entries))
            else:
                node = Sequence(source, span, tuple(frame.children))
        else:
            return node


def _key(source: Source, text: str, pos: int, frame: _Frame, findings: list[Finding]) -> int:
    """Read a member's key and its colon; return where the value starts."""
    key, pos = _string(source, text, pos)
    name = str(key.value)
    if name in frame.seen:
        findings.append(_duplicate(source, key, name))
    else:
        frame.seen.add(name)
    frame.key = key
    # Valid text has only whitespace and the colon between key and value;
    # most often it is `": "`, which needs no regex.
    if text[pos] != ":":
        pos = _ws(text, pos).end()
    pos += 1
    if text[pos] in _WS_CHARS:
        pos = _ws(text, pos).end()
    return pos


def _string(source: Source, text: str, pos: int) -> tuple[Scalar, int]:
    """The string token starting at the quote at `pos`, and the offset after it."""
    close = text.find('"', pos + 1)
    if text.find("\\", pos + 1, close) < 0:
        # Most strings have no escapes: slicing is both the value and the map.
        end = close + 1
        value = text[pos + 1 : close]
        text_map: _Quoted | OffsetMap = QUOTED
    else:
        value, end = _scanstring(text, pos + 1)
        text_map = _escaped_map(text, pos + 1, end - 1)
    return Scalar(source, Span(pos, end), value, text_map), end


def _escaped_map(text: str, start: int, end: int) -> OffsetMap:
    """Offset map of a string body `text[start:end]` that contains escapes."""
    text_map = OffsetMap(anchor=start)
    literal = start
    for escape in _compiled(_ESCAPE).finditer(text, start, end):
        text_map.add_literal(literal, escape.start() - literal)
        text_map.add_atom(escape.start(), escape.end() - escape.start())
        literal = escape.end()
    text_map.add_literal(literal, end - literal)
    return text_map


def _atom(source: Source, text: str, pos: int) -> tuple[Scalar, int]:
    """A number or a bare literal (`true`, `NaN`, `-Infinity`, ...) at `pos`."""
    value: ScalarValue
    literal = _LITERALS.get(text[pos])
    if literal is not None:
        word, value = literal
        end = pos + len(word)
    elif text.startswith("-Infinity", pos):
        value = float("-inf")
        end = pos + len("-Infinity")
    else:
        match = _NUMBER.match(text, pos)
        if match is None:
            raise _Invalid(Span(pos, pos + 1), "Expecting value")
        end = match.end()
        token = match.group()
        if match.group(1) is not None or match.group(2) is not None:
            # As `json` does: a fraction or exponent makes a float, even `1e3`.
            value = float(token)
        else:
            try:
                value = int(token)
            except ValueError:
                limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
                raise _Invalid(
                    Span(pos, end),
                    f"Integer with {len(token.lstrip('-'))} digits: the JSON decoder accepts at most {limit}",
                    "Shorten the number",
                ) from None
    return scalar_of(source, span_of(pos, end), value, plain=True), end
