"""JavaScript and TypeScript expressions as request nodes (`ami_lint.nodes`).

A tree-sitter tree (JavaScript, TypeScript or TSX grammar: their expression
nodes share their names) is read as the AWS SDK sees the value it is given:

- object literals are mappings, keys quoted or not, computed keys (`[k]`) when
  `k` is a known string; a shorthand property (`{ Name }`) is the value of
  the `const` it names; a spread (`...base`) of a known object literal adds its
  entries, any other spread may add any key (`Value.open`);
- arrays are sequences (a spread of an unknown array makes the whole list unknown);
- strings, numbers (`3_000`, `0x10`, `-1`), `true`, `false` and `null` are
  scalars, every decoded character mapped to where it was written (escapes
  included);
- a template literal is known when each `${…}` is a known string or number
  (the text of each part mapped to where it was written); otherwise partly
  known, which is an `Unknown` for the rules, as a shell word with `$VAR`
  in it is;
- an identifier is the value of its `const` (or `let`/`var` never assigned
  again) declared earlier in an enclosing block, or a parameter, or unknown;
  TypeScript's `as`, `satisfies`, `!` and `<T>x` are looked through;
- anything else (`event.name`, `f()`, `a ? b : c`) is unknown.

Each reading is iterative over the tree's depth where the tree is deep
(objects and arrays), so a deeply nested literal costs no stack; identifiers
are followed at most `MAX_HOPS` deep (`const a = b; const b = a` ends).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.offsets import OffsetMap
from ami_lint.shell.words import Offsets
from ami_lint.source import Source, Span

# How many identifiers (`const a = b`) are followed from one value.
MAX_HOPS = 16
# Nesting of object and array literals read into the model; deeper is unknown.
MAX_NESTING = 64

# Members whose mere presence a rule reports (`BillingProducts`, `Encrypted` beside a
# snapshot, `KernelId` on an HVM image, …). The SDK leaves out a member whose value
# is `undefined`, which a property of an event or a parameter may be: with such a
# value, these members are left out rather than taken as given.
PRESENCE_ONLY = frozenset(
    {
        "BillingProducts",
        "Encrypted",
        "KmsKeyId",
        "OutpostArn",
        "AvailabilityZone",
        "AvailabilityZoneId",
        "KernelId",
        "RamdiskId",
        "SriovNetSupport",
        "UefiData",
        "DryRun",
    }
)
# Unknown values that may be `undefined` (a template literal never is).
_MAYBE_UNDEFINED = frozenset({"variable", "expression"})

# Nodes that only wrap the value they hold (TypeScript's type syntax among them).
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
# Nodes whose statements are a scope for `const`/`let`.
_BLOCKS = frozenset({"program", "statement_block", "class_static_block", "switch_case", "switch_default"})
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function",
        "generator_function_declaration",
    }
)
_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unwrap(node: Any) -> Any:
    """The expression inside parentheses and TypeScript's type syntax."""
    while node is not None and node.type in _WRAPPERS:
        children = node.named_children
        # `<T>x` has its type first; `x as T`, `x satisfies T`, `x!` and `(x)` their expression.
        node = (children[-1] if node.type == "type_assertion" else children[0]) if children else None
    return node


class Reader:
    """Reads the expressions of one parsed file as request nodes."""

    def __init__(self, source: Source, offsets: Offsets) -> None:
        self.source = source
        self.offsets = offsets
        # Where a syntax error stands inside a value read (the first one).
        self.error_at: int | None = None
        # The writes to variables of each block read (`javascript._writes_in`), by its byte range.
        self.writes: dict[tuple[int, int], dict[str, Any]] = {}
        self._declared: dict[tuple[int, int], dict[str, list[tuple[int, Any]]]] = {}
        self._assigned_names: dict[tuple[int, int], set[str]] = {}

    def span(self, node: Any) -> Span:
        return self.offsets.span(node)

    def text(self, node: Any) -> str:
        return self.source.slice(self.span(node))

    # Values.

    def value(self, node: Any, hops: int = 0) -> tuple[Node, bool]:
        """The node for the expression `node`, and whether it may hold keys
        not seen (an unknown spread in it, at its top level)."""
        top, open_top = self._value(node, hops, 0)
        return top, open_top

    def _value(self, node: Any, hops: int, depth: int) -> tuple[Node, bool]:
        """Objects and arrays are built bottom-up with an explicit stack."""
        # Each frame: (expression node, hops, depth, parts gathered or None).
        results: list[tuple[Node, bool]] = []
        stack: list[tuple[Any, int, int, list[Any] | None]] = [(node, hops, depth, None)]
        while stack:
            current, h, d, plan = stack.pop()
            if plan is None:
                expr, h = self._followed(current, h)
                if isinstance(expr, Node):  # resolved to a leaf, or unknown
                    results.append((expr, False))
                    continue
                if expr.type in ("object", "array") and d >= MAX_NESTING:
                    results.append((Unknown(self.source, self.span(expr), "too deep"), False))
                    continue
                if expr.type == "object":
                    parts = self._object_parts(expr, h)
                elif expr.type == "array":
                    parts = self._array_parts(expr, h)
                else:
                    results.append((self._leaf(expr, h), False))
                    continue
                stack.append((expr, h, d, parts))
                for part in reversed(parts):
                    if part[0] == "value":
                        stack.append((part[1], part[2], d + 1, None))
                continue
            # The children's values are the last results, in order.
            wanted = sum(1 for part in plan if part[0] == "value")
            children = results[len(results) - wanted :] if wanted else []
            del results[len(results) - wanted :]
            if current.type == "object":
                results.append(self._object(current, plan, children))
            else:
                results.append((self._array(current, plan, children), False))
        return results[0]

    def _followed(self, node: Any, hops: int) -> tuple[Any, int]:
        """The expression an identifier stands for (through `const`s), or a
        node when it stays unknown."""
        seen = 0
        while True:
            node = unwrap(node)
            if node is None:
                return Unknown(self.source, Span(0, 0), "expression"), hops
            if node.type not in ("identifier", "shorthand_property_identifier"):
                return node, hops
            if self.text(node) == "undefined":
                return node, hops
            if hops >= MAX_HOPS or seen >= MAX_HOPS:
                return Unknown(self.source, self.span(node), "variable"), hops
            declared = self.declared_value(node)
            if declared is None:
                return Unknown(self.source, self.span(node), "variable"), hops
            node, hops, seen = declared, hops + 1, seen + 1

    def _leaf(self, node: Any, hops: int) -> Node:
        kind = node.type
        span = self.span(node)
        if kind == "string":
            return self.string(node)
        if kind == "template_string":
            return self._template(node, hops)
        if kind == "number":
            number = _number(self.text(node))
            if number is None:
                return Unknown(self.source, span, "expression")
            return Scalar(self.source, span, number, plain=True)
        if kind in ("true", "false"):
            return Scalar(self.source, span, kind == "true", plain=True)
        if kind == "null":
            return Scalar(self.source, span, None, plain=True)
        if kind == "unary_expression" and node.child_count == 2 and node.children[0].type in ("-", "+"):
            operand, _ = self._followed(node.children[1], hops)
            if not isinstance(operand, Node) and operand.type == "number":
                number = _number(self.text(operand))
                if number is not None:
                    sign = -1 if node.children[0].type == "-" else 1
                    return Scalar(self.source, span, sign * number, plain=True)
        if kind == "binary_expression" and node.child_count == 3 and node.children[1].type == "+":
            joined = self._joined(node, hops)
            if joined is not None:
                return joined
        if kind == "ERROR":
            self._error(node)
        return Unknown(self.source, span, "expression")

    def _error_in(self, node: Any) -> None:
        """Records the first syntax error inside `node`."""
        while node is not None and node.type != "ERROR" and not node.is_missing:
            node = next((child for child in node.children if child.has_error or child.is_missing), None)
        if node is not None:
            self._error(node)

    def _error(self, node: Any) -> None:
        at = self.span(node).start
        if self.error_at is None or at < self.error_at:
            self.error_at = at

    def string(self, node: Any) -> Scalar:
        span = self.span(node)
        out: list[str] = []
        target = OffsetMap(anchor=span.start + 1)
        for child in node.children:
            if child.type in ('"', "'"):
                continue
            at = self.span(child)
            raw = self.source.slice(at)
            if child.type == "escape_sequence":
                decoded = _escape(raw)
                target.add_atom(at.start, at.end - at.start, len(decoded))
                out.append(decoded)
            else:
                target.add_literal(at.start, at.end - at.start)
                out.append(raw)
        return Scalar(self.source, span, "".join(out), target)

    def _template(self, node: Any, hops: int) -> Node:
        """Known when each `${…}` is a known string or number."""
        span = self.span(node)
        if hops >= MAX_HOPS:
            return Unknown(self.source, span, "template")
        out: list[str] = []
        target = OffsetMap(anchor=span.start + 1)
        known = True
        for child in node.children:
            kind = child.type
            if kind == "`":
                continue
            at = self.span(child)
            if kind == "template_substitution":
                inner = child.named_children[0] if child.named_children else None
                part = self._leaf_of(inner, hops + 1) if inner is not None else None
                if not isinstance(part, Scalar) or isinstance(part.value, bool) or part.value is None:
                    known = False
                    continue
                piece = str(part.value)
                if isinstance(part.value, str) and part.text_map is not None and piece:
                    mapped = part.text_map.span(0, len(piece))
                    # Where the value was written, when it reads as it is there.
                    if self.source.slice(mapped) == piece:
                        target.add_literal(mapped.start, len(piece))
                    else:
                        target.add_atom(at.start, at.end - at.start, len(piece))
                else:
                    target.add_atom(at.start, at.end - at.start, len(piece))
                out.append(piece)
            elif kind == "escape_sequence":
                raw = self.source.slice(at)
                decoded = _escape(raw)
                target.add_atom(at.start, at.end - at.start, len(decoded))
                out.append(decoded)
            else:
                target.add_literal(at.start, at.end - at.start)
                out.append(self.source.slice(at))
        if not known:
            return Unknown(self.source, span, "template")
        return Scalar(self.source, span, "".join(out), target)

    def _leaf_of(self, node: Any, hops: int) -> Node:
        expr, hops = self._followed(node, hops)
        if isinstance(expr, Node):
            return expr
        if expr.type in ("object", "array"):
            return Unknown(self.source, self.span(expr), "expression")
        return self._leaf(expr, hops)

    def _joined(self, node: Any, hops: int) -> Node | None:
        """`"web-" + version`: a known string when both sides are; the text
        of each side mapped to where it was written."""
        if hops >= MAX_HOPS:
            return None  # a long chain of `+`: left unknown rather than followed
        left = self._leaf_of(node.children[0], hops + 1)
        right = self._leaf_of(node.children[2], hops + 1)
        if not (isinstance(left, Scalar) and isinstance(right, Scalar)):
            return None
        if not (isinstance(left.value, str) or isinstance(right.value, str)):
            return None  # arithmetic: left unknown rather than computed
        target = OffsetMap(anchor=self.span(node).start)
        pieces = []
        for side in (left, right):
            if isinstance(side.value, bool) or side.value is None:
                return None
            piece = str(side.value)
            pieces.append(piece)
            if isinstance(side.value, str) and side.text_map is not None and piece:
                for i in range(len(piece)):
                    at = side.text_map.span(i, i + 1)
                    target.add_atom(at.start, at.end - at.start, 1)
            else:
                target.add_atom(side.span.start, side.span.end - side.span.start, len(piece))
        return Scalar(self.source, self.span(node), "".join(pieces), target)

    # Containers.

    def _object_parts(self, node: Any, hops: int) -> list[Any]:
        """What an object literal is made of, in order: ("value", expr, hops,
        key) for each member whose value is read, and the rest as they are."""
        parts: list[Any] = []
        for child in node.named_children:
            kind = child.type
            if child.has_error and kind != "ERROR":
                self._error_in(child)
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                key = self._key(key_node, hops) if key_node is not None else None
                if key is None or value_node is None:
                    parts.append(("open", child))
                    continue
                if _is_undefined(unwrap(value_node), self):
                    continue  # not sent
                parts.append(("value", value_node, hops, key))
            elif kind == "shorthand_property_identifier":
                name = self.text(child)
                if "\ue000" in name:  # a placeholder of documentation (`...`) where members go
                    parts.append(("open", child))
                    continue
                key = Scalar(
                    self.source, self.span(child), name, OffsetMap.linear(self.span(child).start, len(name))
                )
                parts.append(("value", child, hops, key))
            elif kind == "spread_element":
                inner = child.named_children[0] if child.named_children else None
                expr, h = self._followed(inner, hops) if inner is not None else (None, hops)
                if expr is None or isinstance(expr, Node) or expr.type != "object":
                    parts.append(("open", child))
                else:
                    parts.extend(self._object_parts(expr, h + 1))
            elif kind == "method_definition":
                name_node = child.child_by_field_name("name")
                key = self._key(name_node, hops) if name_node is not None else None
                if key is None:
                    parts.append(("open", child))
                else:
                    parts.append(("method", child, key))
            elif kind == "ERROR":
                self._error(child)
                parts.append(("open", child))
            elif kind != "comment":
                parts.append(("open", child))
        if node.has_error:
            for child in node.children:
                if child.is_missing:
                    self._error(child)
        return parts

    def _key(self, node: Any, hops: int) -> Scalar | None:
        kind = node.type
        span = self.span(node)
        if kind in ("property_identifier", "identifier", "private_property_identifier"):
            name = self.source.slice(span)
            return Scalar(self.source, span, name, OffsetMap.linear(span.start, len(name)))
        if kind == "string":
            return self.string(node)
        if kind == "number":
            number = _number(self.text(node))
            return Scalar(self.source, span, str(number), plain=True) if number is not None else None
        if kind == "computed_property_name":
            inner = node.named_children[0] if node.named_children else None
            computed = self._leaf_of(inner, hops + 1) if inner is not None else None
            if isinstance(computed, Scalar) and isinstance(computed.value, str):
                return Scalar(self.source, span, computed.value, computed.text_map)
        return None

    def _object(self, node: Any, plan: list[Any], children: list[tuple[Node, bool]]) -> tuple[Node, bool]:
        entries: dict[str, Entry] = {}
        open_ended = False
        values = iter(children)
        for part in plan:
            if part[0] == "value":
                child, _ = next(values)
                key = part[3]
                if (
                    isinstance(child, Unknown)
                    and child.reason in _MAYBE_UNDEFINED
                    and key.value in PRESENCE_ONLY
                ):
                    continue
                entries.pop(str(key.value), None)  # a later member replaces it (a spread's, too)
                entries[str(key.value)] = Entry(key, child)
            elif part[0] == "method":
                key = part[2]
                entries.pop(str(key.value), None)
                entries[str(key.value)] = Entry(key, Unknown(self.source, self.span(part[1]), "expression"))
            else:
                open_ended = True
        return Mapping(self.source, self.span(node), tuple(entries.values())), open_ended

    def _array_parts(self, node: Any, hops: int) -> list[Any]:
        parts: list[Any] = []
        for child in node.named_children:
            kind = child.type
            if kind == "comment":
                continue
            if child.has_error and kind != "ERROR":
                self._error_in(child)
            if kind == "spread_element":
                inner = child.named_children[0] if child.named_children else None
                expr, h = self._followed(inner, hops) if inner is not None else (None, hops)
                if expr is None or isinstance(expr, Node) or expr.type != "array":
                    parts.append(("open", child))
                else:
                    parts.extend(self._array_parts(expr, h + 1))
            elif kind == "ERROR":
                self._error(child)
                parts.append(("open", child))
            else:
                parts.append(("value", child, hops, None))
        return parts

    def _array(self, node: Any, plan: list[Any], children: list[tuple[Node, bool]]) -> Node:
        span = self.span(node)
        if any(part[0] == "open" for part in plan):
            # Items not seen: which is which, and how many, is unknown.
            return Unknown(self.source, span, "spread")
        items = []
        for child, open_ended in children:
            if open_ended:
                # A member holding keys not seen: what rules say of it could be wrong.
                child = Unknown(self.source, child.span, "spread")
            items.append(child)
        return Sequence(self.source, span, tuple(items))

    # Scopes.

    def declared_value(self, use: Any) -> Any:
        """The expression a `const` (or a `let`/`var` never assigned again)
        named by the identifier `use` was declared with, in the innermost
        enclosing block that declares it; None for a parameter or an unknown name."""
        found = self.declaration(use, self.text(use))
        return found[2] if found is not None else None

    def declaration(self, use: Any, name: str) -> tuple[Any, Any, Any] | None:
        """(the block, the declarator, its value) of `name` as seen at `use`."""
        node = use
        crossed = False  # past a function: its body runs later, so the whole block is seen
        while node.parent is not None:
            parent = node.parent
            if parent.type in _FUNCTIONS:
                if self._is_parameter(parent, name):
                    return None
                crossed = True
            elif parent.type in _BLOCKS:
                declarator = self._declared_in(parent, name, None if crossed else node)
                if declarator is not None:
                    value = declarator.child_by_field_name("value")
                    if value is None:
                        return None
                    keyword = declarator.parent.children[0].type if declarator.parent is not None else ""
                    if keyword != "const" and self._assigned(parent, name):
                        return None
                    return parent, declarator, value
            node = parent
        return None

    def _declared_in(self, block: Any, name: str, before: Any) -> Any:
        """The last declarator of `name` among the statements of `block` (those before `before`)."""
        declared = self._declarations(block).get(name)
        if not declared:
            return None
        if before is None:
            return declared[-1][1]
        at = bisect_left(declared, before.start_byte, key=lambda item: item[0])
        return declared[at - 1][1] if at else None

    def _declarations(self, block: Any) -> dict[str, list[tuple[int, Any]]]:
        """The declarators of each name among the statements of `block`, in
        order; read once per block (a file of many calls looks names up often)."""
        key = (block.start_byte, block.end_byte)
        cached = self._declared.get(key)
        if cached is not None:
            return cached
        found: dict[str, list[tuple[int, Any]]] = {}
        for statement in block.named_children:
            start = statement.start_byte
            if statement.type == "export_statement":
                statement = statement.child_by_field_name("declaration") or statement
            if statement.type not in _DECLARATIONS:
                continue
            for declarator in statement.named_children:
                if declarator.type != "variable_declarator":
                    continue
                target = declarator.child_by_field_name("name")
                if target is not None and target.type == "identifier":
                    found.setdefault(self.text(target), []).append((start, declarator))
        self._declared[key] = found
        return found

    def _is_parameter(self, function: Any, name: str) -> bool:
        params = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
        if params is None:
            return False
        stack = [params]
        while stack:
            node = stack.pop()
            if (
                node.type in ("identifier", "shorthand_property_identifier_pattern")
                and self.text(node) == name
            ):
                return True
            if node.type in ("type_annotation", "default_value"):
                continue
            stack.extend(node.named_children)
        return False

    def _assigned(self, block: Any, name: str) -> bool:
        """Whether `name` is assigned anywhere in `block` (a `let` that changes)."""
        key = (block.start_byte, block.end_byte)
        names = self._assigned_names.get(key)
        if names is None:
            names = set()
            stack = [block]
            while stack:
                node = stack.pop()
                kind = node.type
                target = None
                if kind in ("assignment_expression", "augmented_assignment_expression"):
                    target = unwrap(node.child_by_field_name("left"))
                elif kind == "update_expression":
                    target = unwrap(node.child_by_field_name("argument"))
                if target is not None and target.type == "identifier":
                    names.add(self.text(target))
                stack.extend(node.named_children)
            self._assigned_names[key] = names
        return name in names


def _is_undefined(node: Any, reader: Reader) -> bool:
    return node is not None and (
        node.type == "undefined" or (node.type == "identifier" and reader.text(node) == "undefined")
    )


def _escape(raw: str) -> str:
    """The text of a JavaScript escape sequence (`\\n`, `\\x41`, `\\u00e9`, `\\u{1F600}`)."""
    body = raw[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # a line continuation
    first = body[0]
    if first in _SIMPLE_ESCAPES and not (first == "0" and len(body) > 1):
        return _SIMPLE_ESCAPES[first]
    try:
        if first == "x" and len(body) == 3:
            return chr(int(body[1:], 16))
        if first == "u":
            digits = body[2:-1] if body.startswith("u{") else body[1:]
            code = int(digits, 16)
            if 0xD800 <= code <= 0xDFFF:
                return "\ufffd"  # half of a UTF-16 pair: no character of its own
            return chr(code) if code <= 0x10FFFF else raw
    except ValueError:
        return raw
    return body


def _number(text: str) -> int | float | None:
    """A numeric literal's value (`3_000`, `0x10`, `1e3`, `8.0`); None for a BigInt."""
    text = text.replace("_", "")
    if text.endswith("n"):
        return None
    try:
        lower = text.lower()
        if lower.startswith(("0x", "0o", "0b")):
            return int(lower, 0)
        if lower.startswith("0") and len(lower) > 1 and lower.isdigit():
            return int(lower, 8) if all(c in "01234567" for c in lower) else int(lower)
        if any(c in lower for c in ".e"):
            return float(lower)
        return int(lower)
    except ValueError:
        return None
