"""Packer's values as Packer decodes them: what it fills in at build time
(`{{user \\`x\\`}}`, `{{timestamp}}`, `${…}`) is unknown, and options are
decoded weakly (mapstructure's `WeaklyTypedInput` for JSON templates, cty's
conversions for HCL2): `"true"` is a boolean, `"3000"` a number."""

from __future__ import annotations

import re

from ami_lint.nodes import Mapping, Node, Scalar, Sequence, Unknown

# What Go's `strconv.ParseBool` reads (mapstructure's weak decoding; "" is false).
_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False", "")
# Template expressions Packer fills in at build time.
_TEMPLATED = ("{{", "${", "%{")


def templated(node: Node | None) -> bool:
    return (
        isinstance(node, Scalar) and isinstance(node.value, str) and any(t in node.value for t in _TEMPLATED)
    )


def _unknown(node: Node, why: str = "template") -> Unknown:
    return Unknown(node.source, node.span, why)


def known(node: Node) -> Node:
    """`node` with every string that Packer fills in at build time unknown."""
    if isinstance(node, Scalar):
        return _unknown(node) if templated(node) else node
    return node


def as_bool(node: Node) -> Node:
    """As Packer decodes a boolean: `"true"`, `"1"`, `1` are true."""
    node = known(node)
    if not isinstance(node, Scalar):
        return node
    value = node.value
    if isinstance(value, bool):
        return node
    if isinstance(value, (int, float)):
        return Scalar(node.source, node.span, value != 0, node.text_map, node.plain)
    if isinstance(value, str) and value in _TRUE + _FALSE:
        return Scalar(node.source, node.span, value in _TRUE, node.text_map, node.plain)
    return node


def as_int(node: Node) -> Node:
    """As Packer decodes an integer: `"3000"` is 3000."""
    node = known(node)
    if not isinstance(node, Scalar):
        return node
    value = node.value
    if isinstance(value, bool):
        return Scalar(node.source, node.span, int(value), node.text_map, node.plain)
    if isinstance(value, float) and value.is_integer():
        return Scalar(node.source, node.span, int(value), node.text_map, node.plain)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?[0-9]+", text):
            return Scalar(node.source, node.span, int(text), node.text_map, node.plain)
    return node


def as_str(node: Node) -> Node:
    """As Packer decodes a string: a number is its text."""
    node = known(node)
    if isinstance(node, Scalar) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return Scalar(node.source, node.span, str(node.value), node.text_map, node.plain)
    return node


def holds(node: Node | None, value: object) -> bool:
    return isinstance(node, Scalar) and node.value == value


def text_of(node: Node | None) -> str | None:
    return node.value if isinstance(node, Scalar) and isinstance(node.value, str) else None


def blocks(node: Node) -> list[Mapping] | None:
    """The blocks of a list option: a JSON list of objects, one object (HCL
    in JSON syntax), or repeated HCL blocks; None when not known."""
    if isinstance(node, Sequence):
        return [item for item in node.items if isinstance(item, Mapping)]
    if isinstance(node, Mapping):
        return [node]
    return None
