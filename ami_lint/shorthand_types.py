"""Types for parsed shorthand, given as the AWS CLI gives them from its model.

The shorthand parser yields only strings, lists and maps. The CLI then walks
the value beside the operation's model and, where the model says so:

- turns a string into an `int` with Python's `int()` (so `-5`, ` 8 ` and
  `1_000` pass) or a `float` with `float()`;
- turns `true` / `false`, in any case, into a boolean, and leaves any other
  string as it is;
- wraps a value that is not a list, where a list is expected, in a list, and
  does not look inside that value any further.

Members the model does not know are left alone, and so is anything the CLI
cannot convert (`abc` for an integer, a map for a boolean): the CLI fails on
those, and the schema check reports them (AMI103) with the value as written.
The JSON Schema of the request stands in for the model here.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC

from ami_lint.nodes import Mapping, Node, Scalar, Sequence, entry_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any


def convert(node: Node, schema: MappingABC[str, Any]) -> Node:
    """`node` with the types `schema` gives it; the input tree is not changed.

    Recursion follows the schema, not the value, so its depth is bounded by
    the schema's.
    """
    kind = schema.get("type")
    if kind == "object":
        return _convert_object(node, schema)
    if kind == "array":
        if not isinstance(node, Sequence):
            return Sequence(node.source, node.span, (node,))
        items = schema.get("items")
        if not isinstance(items, MappingABC):
            return node
        return Sequence(node.source, node.span, tuple(convert(item, items) for item in node.items))
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        return node
    value: object = node.value
    if kind == "integer":
        try:
            value = int(node.value)
        except ValueError:
            return node
    elif kind == "number":
        try:
            value = float(node.value)
        except ValueError:
            return node
    elif kind == "boolean":
        lowered = node.value.lower()
        if lowered not in ("true", "false"):
            return node
        value = lowered == "true"
    else:
        return node
    assert isinstance(value, (int, float, bool))
    return Scalar(node.source, node.span, value, None, plain=True)


def _convert_object(node: Node, schema: MappingABC[str, Any]) -> Node:
    if not isinstance(node, Mapping):
        return node
    properties = schema.get("properties")
    if not isinstance(properties, MappingABC):
        return node
    entries = []
    for entry in node.entries:
        member = properties.get(entry.name)
        if isinstance(member, MappingABC):
            entry = entry_of(entry.key, convert(entry.value, member))
        entries.append(entry)
    return Mapping(node.source, node.span, tuple(entries))
