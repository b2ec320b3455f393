"""Python expressions as request values: what a boto3 call's arguments hold.

A literal becomes our own node at once (`ami_lint.nodes`), every node placed
where it was written: `True`/`False`/`None`, integers (`1_000`, `0x10`, a
sign), floats, strings with every prefix and escape (an offset map from each
decoded character to the characters written), implicit concatenation,
lists, tuples and dicts. A name is what the straight-line code before the
call assigned it (`Env`, filled by `ami_lint.frontends.python_flow`), placed
at the literal it was assigned. Anything else (a call, an attribute, a
subscript, `a if c else b`) is `Unknown`: its value is only known when the
program runs. An f-string whose every `{…}` is known is known; otherwise,
like `%` and `.format` strings, it is partly known: `Unknown`, with the
parts that made it so remembered for AMI005.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.offsets import OffsetMap
from ami_lint.source import Source, Span

# Containers nested deeper than this are not read (a hostile file): unknown.
MAX_DEPTH = 64
# A name's value, as the code before the call left it; a name absent is unknown.
Env = dict[str, Node]

_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_HEX = frozenset("0123456789abcdefABCDEF")
# Calls that copy their argument: `dict(x)`, `x.copy()`, `copy.deepcopy(x)`.
COPIES = frozenset({"dict", "list", "tuple", "copy", "deepcopy"})


class Values:
    """Reads expressions of one parsed file. `parts` remembers, for each
    partly known `Unknown`, the spans of what is not known in it."""

    def __init__(self, source: Source, data: bytes, chars: Any) -> None:
        self.source = source
        self.data = data
        # Byte offset -> character offset (None: the text is ASCII).
        self._chars = chars
        self.parts: dict[int, list[Span]] = {}

    def span(self, node: Any) -> Span:
        chars = self._chars
        if chars is None:
            return Span(node.start_byte, node.end_byte)
        return Span(chars[node.start_byte], chars[node.end_byte])

    def char(self, byte: int) -> int:
        return byte if self._chars is None else self._chars[byte]

    def raw(self, node: Any) -> str:
        return self.source.slice(self.span(node))

    def unknown(self, node: Any, reason: str, parts: list[Span] | None = None) -> Unknown:
        made = Unknown(self.source, self.span(node), reason)
        if parts:
            self.parts[id(made)] = parts
        return made

    def value(self, node: Any, env: Env, depth: int = 0) -> Node:
        """The value of expression `node` where `env` holds."""
        kind = node.type
        if depth > MAX_DEPTH:
            return self.unknown(node, "computed")
        if kind == "parenthesized_expression":
            inner = [c for c in node.named_children if c.type != "comment"]
            if len(inner) == 1:
                return self.value(inner[0], env, depth + 1)
            return self.unknown(node, "computed")
        if kind == "identifier":
            found = env.get(self.raw(node))
            return found if found is not None else self.unknown(node, "variable")
        if kind in ("true", "false", "none"):
            return Scalar(self.source, self.span(node), {"true": True, "false": False, "none": None}[kind])
        if kind in ("integer", "float"):
            number = _number(self.raw(node), kind)
            if number is None:
                return self.unknown(node, "computed")
            return Scalar(self.source, self.span(node), number, plain=True)
        if kind == "unary_operator":
            return self._signed(node, env, depth)
        if kind in ("string", "concatenated_string"):
            return self.string(node, env, depth)
        if kind in ("list", "tuple", "expression_list"):
            return self._sequence(node, env, depth)
        if kind == "dictionary":
            mapping, open_keys = self.mapping(node, env, depth)
            return mapping if mapping is not None and not open_keys else self.unknown(node, "computed")
        if kind == "call":
            return self._call(node, env, depth)
        if kind == "binary_operator":
            return self._binary(node, env, depth)
        if kind == "conditional_expression":
            return self.unknown(node, "conditional")
        return self.unknown(node, "computed")

    def _signed(self, node: Any, env: Env, depth: int) -> Node:
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is None or argument is None or argument.type not in ("integer", "float"):
            return self.unknown(node, "computed")
        inner = self.value(argument, env, depth + 1)
        if not isinstance(inner, Scalar) or not isinstance(inner.value, (int, float)):
            return self.unknown(node, "computed")
        sign = self.raw(operator)
        if sign not in ("-", "+"):
            return self.unknown(node, "computed")
        number = -inner.value if sign == "-" else inner.value
        return Scalar(self.source, self.span(node), number, plain=True)

    def _sequence(self, node: Any, env: Env, depth: int) -> Node:
        items: list[Node] = []
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type == "list_splat":
                spliced = _first_named(child)
                got = self.value(spliced, env, depth + 1) if spliced is not None else None
                if isinstance(got, Sequence):
                    items.extend(got.items)
                else:  # may add any items
                    end = self.span(node).end
                    items.append(Unknown(self.source, Span(end, end), "splice"))
                continue
            items.append(self.value(child, env, depth + 1))
        return Sequence(self.source, self.span(node), tuple(items))

    def mapping(self, node: Any, env: Env, depth: int = 0) -> tuple[Mapping | None, bool]:
        """A dict display: the mapping and whether it may hold keys not seen
        (a `**x` or a key that is not known); None when it cannot be read."""
        entries: list[Entry] = []
        open_keys = False
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                if key_node is None or value_node is None:
                    open_keys = True
                    continue
                key = self.value(key_node, env, depth + 1)
                if not isinstance(key, Scalar) or not isinstance(key.value, str):
                    open_keys = True
                    continue
                entries.append(Entry(key, self.value(value_node, env, depth + 1)))
            elif child.type == "dictionary_splat":
                open_keys = not self._splice(child, env, depth, entries) or open_keys
            elif child.type != "comment":
                return None, True  # a comprehension
        return Mapping(self.source, self.span(node), tuple(entries)), open_keys

    def keywords(self, arguments: Any, env: Env, depth: int = 0) -> tuple[list[Entry], list[Any]]:
        """The `Key=value` arguments of a call as entries, and its `**x` that are not known."""
        entries: list[Entry] = []
        unknown_splats: list[Any] = []
        for child in arguments.named_children:
            if child.type == "keyword_argument":
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                if name is None or value is None:
                    continue
                key = Scalar(self.source, self.span(name), self.raw(name), plain=True)
                entries.append(Entry(key, self.value(value, env, depth + 1)))
            elif child.type == "dictionary_splat" and not self._splice(child, env, depth, entries):
                unknown_splats.append(child)
        return entries, unknown_splats

    def _splice(self, splat: Any, env: Env, depth: int, entries: list[Entry]) -> bool:
        """The entries of `**x` added to `entries`; False when `x` is not a known dict."""
        spliced = _first_named(splat)
        got = self.value(spliced, env, depth + 1) if spliced is not None else None
        if isinstance(got, Mapping):
            entries.extend(got.entries)
            return True
        return False

    def _call(self, node: Any, env: Env, depth: int) -> Node:
        """`dict(K=v, **x)`, and copies of a known value (`dict(x)`, `x.copy()`)."""
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or arguments.type != "argument_list":
            return self.unknown(node, "computed")
        args = [c for c in arguments.named_children if c.type != "comment"]
        name = self.raw(function)
        if function.type == "attribute":
            attribute = function.child_by_field_name("attribute")
            target = function.child_by_field_name("object")
            if attribute is not None and target is not None and self.raw(attribute) == "copy" and not args:
                copied = self.value(target, env, depth + 1)
                if isinstance(copied, (Mapping, Sequence)):
                    return copied
            if name in ("copy.copy", "copy.deepcopy") and len(args) == 1:
                copied = self.value(args[0], env, depth + 1)
                if isinstance(copied, (Mapping, Sequence)):
                    return copied
            return self.unknown(node, "computed")
        if function.type != "identifier" or name in env or name not in COPIES:
            return self.unknown(node, "computed")
        if name == "dict":
            positional = [a for a in args if a.type not in ("keyword_argument", "dictionary_splat")]
            base: list[Entry] = []
            if len(positional) > 1:
                return self.unknown(node, "computed")
            if positional:
                got = self.value(positional[0], env, depth + 1)
                if not isinstance(got, Mapping):
                    return self.unknown(node, "computed")
                base = list(got.entries)
            entries, splats = self.keywords(arguments, env, depth)
            if splats:
                return self.unknown(node, "computed")
            return Mapping(self.source, self.span(node), (*base, *entries))
        if name in ("list", "tuple") and len(args) == 1:
            got = self.value(args[0], env, depth + 1)
            if isinstance(got, Sequence):
                return got
        return self.unknown(node, "computed")

    def _binary(self, node: Any, env: Env, depth: int) -> Node:
        """`a + b` of two known strings or lists; a `'…' % x` string is partly known."""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return self.unknown(node, "computed")
        sign = self.raw(operator)
        if sign == "%" and left.type in ("string", "concatenated_string"):
            return self.unknown(node, "format", [self.span(right)])
        if sign != "+":
            return self.unknown(node, "computed")
        a, b = self.value(left, env, depth + 1), self.value(right, env, depth + 1)
        if isinstance(a, Sequence) and isinstance(b, Sequence):
            return Sequence(self.source, self.span(node), (*a.items, *b.items))
        if (
            isinstance(a, Scalar)
            and isinstance(b, Scalar)
            and isinstance(a.value, str)
            and isinstance(b.value, str)
        ):
            mapper = OffsetMap(anchor=self.span(node).start)
            for piece in (a, b):
                _append_map(mapper, piece)
            return Scalar(self.source, self.span(node), a.value + b.value, mapper)
        unknown = [self.span(side) for side, got in ((left, a), (right, b)) if isinstance(got, Unknown)]
        return self.unknown(node, "computed", unknown)

    def string(self, node: Any, env: Env, depth: int = 0) -> Node:
        """A string literal, implicitly concatenated or not, with each decoded
        character mapped to where it was written; `Unknown` for bytes, and for
        an f-string with a part that is not known."""
        pieces = [node] if node.type == "string" else [c for c in node.named_children if c.type == "string"]
        text: list[str] = []
        mapper = OffsetMap(anchor=self.span(node).start + 1)
        unknown_parts: list[Span] = []
        for piece in pieces:
            prefix, body = self._string_parts(piece)
            if "b" in prefix:
                return self.unknown(node, "bytes")
            if "t" in prefix:  # a template string is no `str`
                return self.unknown(node, "computed")
            raw, formatted = "r" in prefix, "f" in prefix
            for part in body:
                if isinstance(part, tuple):
                    _decode(self.source.text, part[0], part[1], raw, formatted, text, mapper)
                    continue
                got = self._interpolation(part, env, depth)
                if got is None:
                    unknown_parts.append(self.span(part))
                    continue
                text.append(str(got.value))
                _append_map(mapper, got)
        if unknown_parts:
            return self.unknown(node, "f-string", unknown_parts)
        return Scalar(self.source, self.span(node), "".join(text), mapper)

    def _string_parts(self, piece: Any) -> tuple[str, list[Any]]:
        """The prefix of a string (`rb`, `f`) in lower case, and its body: the
        character ranges of literal text and the `interpolation` nodes."""
        start = end = None
        prefix = ""
        interpolations = []
        for child in piece.children:
            if child.type == "string_start":
                written = self.raw(child)
                prefix = written.rstrip("'\"").lower()
                start = self.span(child).end
            elif child.type == "string_end":
                end = self.span(child).start
            elif child.type == "interpolation":
                interpolations.append(child)
        span = self.span(piece)
        start = span.start if start is None else start
        end = span.end if end is None or end < start else end
        body: list[Any] = []
        at = start
        for part in interpolations:
            where = self.span(part)
            if where.start > at:
                body.append((at, where.start))
            body.append(part)
            at = max(at, where.end)
        if end > at:
            body.append((at, end))
        return prefix, body

    def _interpolation(self, part: Any, env: Env, depth: int) -> Scalar | None:
        """The known value of an f-string's `{x}`, as `str` would write it."""
        named = [c for c in part.named_children if c.type != "comment"]
        if len(named) != 1 or part.child_by_field_name("expression") is None:
            return None  # a conversion (`!r`) or a format spec
        got = self.value(named[0], env, depth + 1)
        if isinstance(got, Scalar) and isinstance(got.value, str):
            return got
        if isinstance(got, Scalar) and type(got.value) is int:
            return Scalar(got.source, got.span, str(got.value), None, True)
        return None


def _first_named(node: Any) -> Any:
    for child in node.named_children:
        if child.type != "comment":
            return child
    return None


def _append_map(mapper: OffsetMap, scalar: Scalar) -> None:
    """Map the characters of `scalar`'s value to where each was written."""
    length = len(str(scalar.value))
    if length == 0:
        return
    text_map = scalar.text_map
    if text_map is None:  # a number: every character is the whole literal
        mapper.add_atom(scalar.span.start, scalar.span.end - scalar.span.start, length)
        return
    for i in range(length):
        at = text_map.span(i, i + 1)
        if at.end - at.start == 1:
            mapper.add_literal(at.start, 1)
        else:
            mapper.add_atom(at.start, at.end - at.start, 1)


def _number(text: str, kind: str) -> int | float | None:
    written = text.replace("_", "")
    if written[-1:] in ("j", "J"):
        return None  # complex
    try:
        if kind == "integer":
            return int(written, 0)
        return float(written)
    except ValueError:
        return None


def _decode(
    text: str, start: int, end: int, raw: bool, formatted: bool, out: list[str], mapper: OffsetMap
) -> None:
    """Characters `[start, end)` of a string's body as Python decodes them."""
    i = start
    run = start  # the start of the run of characters copied as written
    while i < end:
        c = text[i]
        if formatted and c in "{}" and i + 1 < end and text[i + 1] == c:
            _copy(text, run, i, out, mapper)
            out.append(c)
            mapper.add_atom(i, 2)
            i += 2
            run = i
            continue
        if c != "\\" or raw or i + 1 >= end:
            i += 1
            continue
        _copy(text, run, i, out, mapper)
        decoded, length = _escape(text, i, end)
        if decoded:
            out.append(decoded)
            mapper.add_atom(i, length, len(decoded))
        i += length
        run = i
    _copy(text, run, end, out, mapper)


def _copy(text: str, start: int, end: int, out: list[str], mapper: OffsetMap) -> None:
    if end > start:
        out.append(text[start:end])
        mapper.add_literal(start, end - start)


def _escape(text: str, i: int, end: int) -> tuple[str, int]:
    """The decoded text of the escape at `i` (a backslash), and its length."""
    c = text[i + 1]
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], 2
    if c == "\n":
        return "", 2
    if c == "\r":
        return "", 3 if text.startswith("\r\n", i + 1) else 2
    if c in "01234567":
        j = i + 1
        while j < min(end, i + 4) and text[j] in "01234567":
            j += 1
        return chr(int(text[i + 1 : j], 8)), j - i
    width = {"x": 2, "u": 4, "U": 8}.get(c)
    if width is not None:
        digits = text[i + 2 : i + 2 + width]
        if len(digits) == width and _HEX.issuperset(digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return chr(code), 2 + width
        return "\\" + c, 2
    if c == "N" and text.startswith("{", i + 2):
        close = text.find("}", i + 3, end)
        if close > 0:
            try:
                return unicodedata.lookup(text[i + 3 : close]), close + 1 - i
            except KeyError:
                pass
    return "\\" + c, 2  # not an escape: the backslash stays


def iter_named(node: Any) -> Iterator[Any]:
    """The named children of `node`, comments left out."""
    for child in node.named_children:
        if child.type != "comment":
            yield child


def needles(data: bytes, words: tuple[bytes, ...], limit: int = 100_000) -> list[int]:
    """The byte offsets where each of `words` occurs in `data`, sorted (at most `limit`)."""
    found: list[int] = []
    for word in words:
        at = data.find(word)
        while at >= 0 and len(found) < limit:
            found.append(at)
            at = data.find(word, at + 1)
    found.sort()
    return found


def near(root: Any, offsets: list[int]) -> Iterator[tuple[Any, list[Any]]]:
    """Each node whose bytes hold one of `offsets` (sorted), with the way
    down to it from `root` (itself last): a walk of a large file that only
    goes where the words looked for are, not through every node."""
    from bisect import bisect_left

    from ami_lint.shell.walk import children

    if not offsets:
        return
    path: list[Any] = []
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        del path[depth:]
        path.append(node)
        yield node, path
        start, end = node.start_byte, node.end_byte
        first = bisect_left(offsets, start)
        if first == len(offsets) or offsets[first] >= end or not node.child_count:
            continue
        # Not `node.children`: it would stay on `node`, as long as a path holding it.
        for child in reversed(list(children(node))):
            i = bisect_left(offsets, child.start_byte)
            if i < len(offsets) and offsets[i] < child.end_byte:
                stack.append((child, depth + 1))
