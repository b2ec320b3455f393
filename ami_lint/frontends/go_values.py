"""Go expressions of a RegisterImage request, as our nodes.

`Converter.value` turns the expression written for a member of the request
(a field of `ec2.RegisterImageInput{…}`, or of a nested `BlockDeviceMapping`
or `EbsBlockDevice`) into a node, led by the member's place in the model:

- string literals (`"…"` with Go's escapes, `` `…` `` raw) and string
  literals joined with `+`, numbers, `true`/`false`; `nil` is no value at all
  (the SDK leaves the member out);
- the SDKs' pointer helpers and any helper of that shape (`aws.String`,
  `aws.Bool`, `aws.Int64`, `aws.Int32`, `ptr.P`, `pointer.To`, …), and type
  conversions (`string(…)`, `int32(…)`, `types.ArchitectureValues("x86_64")`),
  are the value they wrap;
- an enum constant of the ec2 package (v1) or its `types` package (v2),
  `ec2.ArchitectureValuesX8664`, is the API value it stands for
  (`ami_lint.frontends.go_enums`);
- composite literals (`[]types.BlockDeviceMapping{…}`, `&types.EbsBlockDevice{…}`,
  and the elided `{…}` of a slice's elements) are lists and structures;
- anything else (a variable, a field of another value, a function's result)
  is unknown: rules that need it stay silent.

Every node keeps the span of what was written, and a string's characters
map back to the characters of its literal (an escape is one atom).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ami_lint.frontends.go_enums import SHAPES, constant_value
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.offsets import OffsetMap
from ami_lint.source import Source, Span

# Where the model says what a member holds: `("BlockDeviceMappings", "[]", "Ebs")`.
ModelPath = tuple[str, ...]
ITEMS = "[]"

# Helpers that return a pointer to their one argument (or convert it), whatever
# package they come from: aws-sdk-go's and aws-sdk-go-v2's `aws` package,
# smithy-go's `ptr`, k8s.io/utils' `pointer`/`ptr`, samber/lo, and the like.
POINTER_HELPERS = frozenset(
    {
        "String", "Bool", "Int", "Int8", "Int16", "Int32", "Int64", "Uint", "Uint8", "Uint16",
        "Uint32", "Uint64", "Float32", "Float64", "StringPtr", "BoolPtr", "IntPtr", "Int32Ptr",
        "Int64Ptr", "P", "Ptr", "To", "ToPtr", "Of", "Pointer", "PtrTo",
    }
)  # fmt: skip
# Local helpers of that shape, Go's own conversions of a basic value, and Go
# 1.26's `new(value)` (which `ami_lint.frontends.golang` has tree-sitter read as a call).
LOCAL_HELPERS = frozenset(
    {
        "new", "ptr", "toPtr", "pointer", "strPtr", "stringPtr", "boolPtr", "intPtr", "int32Ptr", "int64Ptr",
        "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
        "uint64", "float32", "float64",
    }
)  # fmt: skip
# Wrappers unwrapped one inside another before a value is given up as unknown.
MAX_WRAPPERS = 64
# Strings joined with `+` in one value.
MAX_JOINED = 256

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


class Nil:
    """`nil`: the member is not sent."""


NIL = Nil()


def model_shapes() -> dict[ModelPath, dict[str, Any]]:
    """The schema of every member of the request, by its model path."""
    from ami_lint.schema import load_schema

    out: dict[ModelPath, dict[str, Any]] = {}
    todo: list[tuple[ModelPath, dict[str, Any]]] = [((), load_schema())]
    while todo:
        path, schema = todo.pop()
        out[path] = schema
        for name, child in (schema.get("properties") or {}).items():
            todo.append(((*path, name), child))
        if isinstance(schema.get("items"), dict):
            todo.append(((*path, ITEMS), schema["items"]))
    return out


def enum_values(schema: dict[str, Any]) -> tuple[str, ...]:
    """The values of an enum member (written directly or under `allOf`)."""
    if "enum" in schema:
        return tuple(schema["enum"])
    for part in schema.get("allOf", ()):
        if isinstance(part, dict) and "enum" in part:
            return tuple(part["enum"])
    return ()


class Converter:
    """Go expressions of one file as nodes (`source`, tree-sitter nodes whose
    byte offsets `offsets` turns into characters of `source`)."""

    def __init__(self, source: Source, offsets: Any, sdk_packages: frozenset[str]) -> None:
        self.source = source
        self.offsets = offsets
        # The names the file gives the ec2 package and its `types` package.
        self.sdk_packages = sdk_packages
        self.shapes = model_shapes()

    def span(self, node: Any) -> Span:
        return self.offsets.span(node)

    def unknown(self, node: Any, reason: str = "variable") -> Unknown:
        return Unknown(self.source, self.span(node), reason)

    def text(self, node: Any) -> str:
        return self.source.slice(self.span(node))

    # Structures and lists.

    def structure(self, literal: Any, path: ModelPath) -> Mapping:
        """A composite literal (or an elided `{…}`) of a structure of the model."""
        body = literal if literal.type == "literal_value" else literal.child_by_field_name("body")
        return self.fields(_elements(body), self.span(literal), path)

    def fields(self, elements: Iterable[Any], span: Span, path: ModelPath) -> Mapping:
        """The structure of the `Field: value` elements `elements`, written at `span`."""
        entries: list[Entry] = []
        for element in elements:
            if element.type != "keyed_element":
                continue  # an unkeyed field: the SDK's structures cannot be written so
            parts = [c for c in element.named_children if c.type != "comment"]
            if len(parts) != 2:
                continue
            key = _only(parts[0])
            if key is None or key.type not in ("identifier", "field_identifier"):
                continue
            name = self.text(key)
            value = self.value(_only(parts[1]) or parts[1], (*path, name))
            if value is NIL:
                continue
            assert isinstance(value, Node)
            entries.append(Entry(Scalar(self.source, self.span(key), name), value))
        return Mapping(self.source, span, tuple(entries))

    def sequence(self, literal: Any, path: ModelPath) -> Sequence:
        body = literal if literal.type == "literal_value" else literal.child_by_field_name("body")
        items: list[Node] = []
        for element in _elements(body):
            if element.type == "keyed_element":  # `[]T{2: x}`: where it goes is not plain
                return Sequence(self.source, self.span(literal), ())
            inner = _only(element) or element
            value = self.value(inner, (*path, ITEMS))
            items.append(self.unknown(inner, "nil") if value is NIL else value)  # type: ignore[arg-type]
        return Sequence(self.source, self.span(literal), tuple(items))

    # Values.

    def value(self, node: Any, path: ModelPath) -> Node | Nil:
        """The node of the expression `node` written for the member at `path`."""
        schema = self.shapes.get(path)
        for _ in range(MAX_WRAPPERS):
            inner = self._unwrapped(node)
            if inner is None:
                break
            node = inner
        else:
            return self.unknown(node, "expression")
        kind = node.type
        if kind in ("composite_literal", "literal_value"):
            return self._composite(node, path, schema)
        if schema is not None and schema.get("type") in ("object", "array"):
            return self.unknown(node)
        if kind in ("interpreted_string_literal", "raw_string_literal", "binary_expression"):
            return self.string(node)
        if kind == "int_literal":
            return self._number(node, _go_int(self.text(node)))
        if kind == "float_literal":
            return self._number(node, _go_float(self.text(node)))
        if kind in ("true", "false"):
            return Scalar(self.source, self.span(node), kind == "true", plain=True)
        if kind == "nil":
            return NIL
        if kind == "unary_expression":
            return self._negative(node)
        if kind == "selector_expression":
            return self._constant(node, path, schema)
        return self.unknown(node)

    def _unwrapped(self, node: Any) -> Any:
        """What a pointer helper, a conversion, `&` or parentheses wrap, else None."""
        kind = node.type
        if kind == "parenthesized_expression":
            return _only(node)
        if kind == "unary_expression":
            operand = node.child_by_field_name("operand")
            operator = node.child_by_field_name("operator")
            is_address = operator is not None and operator.type == "&"
            if is_address and operand is not None and operand.type == "composite_literal":
                return operand
            return None
        if kind != "call_expression":
            return None
        arguments = node.child_by_field_name("arguments")
        function = node.child_by_field_name("function")
        if arguments is None or function is None:
            return None
        args = [c for c in arguments.named_children if c.type != "comment"]
        if len(args) != 1 or args[0].type == "variadic_argument":
            return None
        if function.type == "identifier" and self.text(function) in LOCAL_HELPERS:
            return args[0]
        if function.type == "selector_expression":
            field = function.child_by_field_name("field")
            operand = function.child_by_field_name("operand")
            if field is None or operand is None or operand.type != "identifier":
                return None
            name = self.text(field)
            if name in POINTER_HELPERS:
                return args[0]
            if self.text(operand) in self.sdk_packages and name in _ENUM_TYPES:
                return args[0]  # `types.ArchitectureValues("x86_64")`
        return None

    def _composite(self, node: Any, path: ModelPath, schema: dict[str, Any] | None) -> Node:
        kind = schema.get("type") if schema is not None else None
        if kind == "object":
            return self.structure(node, path)
        if kind == "array":
            return self.sequence(node, path)
        if schema is not None:
            # A structure where the model wants a scalar: its type is wrong.
            return Mapping(self.source, self.span(node), ())
        # A member the model does not know (AMI101 names its key): not looked into.
        return self.unknown(node, "unknown member")

    def _number(self, node: Any, number: int | float | None) -> Node:
        if number is None:
            return self.unknown(node, "number")
        return Scalar(self.source, self.span(node), number, plain=True)

    def _negative(self, node: Any) -> Node:
        operator = node.child_by_field_name("operator")
        operand = node.child_by_field_name("operand")
        if operator is None or operand is None or operator.type != "-":
            return self.unknown(node, "expression")
        text = self.text(operand)
        number: int | float | None = _go_int(text) if operand.type == "int_literal" else None
        if operand.type == "float_literal":
            number = _go_float(text)
        if number is None:
            return self.unknown(node, "expression")
        return Scalar(self.source, self.span(node), -number, plain=True)

    def _constant(self, node: Any, path: ModelPath, schema: dict[str, Any] | None) -> Node:
        """`ec2.ArchitectureValuesX8664` / `types.VolumeTypeGp3`: its API value."""
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier" or schema is None:
            return self.unknown(node)
        if self.text(operand) not in self.sdk_packages:
            return self.unknown(node)
        values = enum_values(schema)
        found = constant_value(self.text(field), path[-1], values) if values else None
        if found is None:
            return self.unknown(node, "constant")
        span = self.span(node)
        text_map = OffsetMap(anchor=span.start)
        text_map.add_atom(span.start, span.end - span.start, len(found))
        return Scalar(self.source, span, found, text_map)

    def string(self, node: Any) -> Node:
        """A string literal, or string literals joined with `+`."""
        parts: list[Any] = []
        todo = [node]
        while todo:
            current = todo.pop()
            if current.type == "parenthesized_expression" and _only(current) is not None:
                todo.append(_only(current))
            elif current.type == "binary_expression":
                operator = current.child_by_field_name("operator")
                left, right = current.child_by_field_name("left"), current.child_by_field_name("right")
                if operator is None or operator.type != "+" or left is None or right is None:
                    return self.unknown(node, "expression")
                todo += [right, left]
            elif current.type in ("interpreted_string_literal", "raw_string_literal"):
                parts.append(current)
            else:
                return self.unknown(node)
            if len(parts) + len(todo) > MAX_JOINED:
                return self.unknown(node, "expression")
        span = self.span(node)
        text_map = OffsetMap(anchor=self.span(parts[0]).start + 1 if parts else span.start)
        decoded: list[str] = []
        for part in parts:
            decoded.extend(self._decoded(part, text_map))
        return Scalar(self.source, span, "".join(decoded), text_map)

    def _decoded(self, literal: Any, text_map: OffsetMap) -> Iterator[str]:
        """The characters of one string literal, each placed in `text_map`."""
        raw = literal.type == "raw_string_literal"
        for child in literal.children:
            kind = child.type
            if kind in ('"', "`"):
                continue
            span = self.span(child)
            written = self.source.slice(span)
            if kind == "escape_sequence":
                char = _unescape(written)
                text_map.add_atom(span.start, span.end - span.start, len(char))
                yield char
            elif raw and "\r" in written:  # Go drops carriage returns from raw strings
                for i, char in enumerate(written):
                    if char != "\r":
                        text_map.add_literal(span.start + i, 1)
                        yield char
            else:
                text_map.add_literal(span.start, len(written))
                yield written


_ENUM_TYPES = frozenset(shape for shapes in SHAPES.values() for shape in shapes)


def _elements(body: Any) -> Iterator[Any]:
    if body is None:
        return
    for child in body.named_children:
        if child.type != "comment":
            yield child


def _only(node: Any) -> Any:
    """The one named child (not a comment) of a wrapper node, or None."""
    children = [c for c in node.named_children if c.type != "comment"]
    return children[0] if len(children) == 1 else None


def _go_int(text: str) -> int | None:
    digits = text.replace("_", "")
    try:
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return int(digits, 8)  # `0755`
        return int(digits, 0)
    except ValueError:
        return None


def _go_float(text: str) -> float | None:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return None  # a hexadecimal float


def _unescape(escape: str) -> str:
    """The character of a Go escape (`\\n`, `\\x41`, `\\u00e9`, `\\101`)."""
    body = escape[1:]
    if body[:1] in _ESCAPES:
        return _ESCAPES[body[:1]]
    try:
        if body[:1] in ("x", "u", "U"):
            code = int(body[1:], 16)
        elif body[:1].isdigit():
            code = int(body, 8)
        else:
            return body[:1]  # `\\`, `\'`, `\"`
        if body[:1] in ("x",) or body[:1].isdigit():
            return chr(code) if code < 0x80 else "\ufffd"  # a byte of UTF-8: not a character alone
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    except ValueError:
        return "\ufffd"
