"""The `check` of a data rule: a JSON Schema the request must satisfy, and the
message reported at each place where it does not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ami_lint.diagnostics import Finding
from ami_lint.model import Request
from ami_lint.nodes import UNKNOWN, Node, PathItem, lookup, to_python
from ami_lint.records import Record, record

CHECK_KEYS = {"schema", "message", "hint"}
DEEP_MESSAGE = "Nesting too deep for this rule's check: not checked"
DEEP_HINT = "Nest less deeply"


def _is_integer(checker: object, instance: object) -> bool:
    # As in the request schema: `true` and `1.0` are not integers to the AWS CLI.
    return isinstance(instance, int) and not isinstance(instance, bool)


@record(frozen=True)
class SchemaCheck(metaclass=Record):
    """The condition of a data rule, with its message and hint."""

    schema: dict[str, Any]
    message: str
    hint: str | None
    validator: Any

    @classmethod
    def parse(cls, data: object) -> SchemaCheck:
        """A check from a rule file's `check` mapping; ValueError names what is wrong."""
        import jsonschema
        import jsonschema.validators
        from jsonschema import Draft202012Validator

        if not isinstance(data, dict):
            raise ValueError("`check` is a mapping with `schema`, `message` and optional `hint`")
        unknown = sorted(set(data) - CHECK_KEYS)
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r} in `check`")
        schema, message, hint = data.get("schema"), data.get("message"), data.get("hint")
        if not isinstance(schema, dict):
            raise ValueError("`check.schema` must be a JSON Schema object")
        if not isinstance(message, str) or not message.strip():
            raise ValueError("`check.message` must be a non-empty string")
        if hint is not None and not isinstance(hint, str):
            raise ValueError("`check.hint` must be a string")
        from referencing import Registry

        types = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
        validator_class = jsonschema.validators.extend(Draft202012Validator, type_checker=types)
        try:
            validator_class.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise ValueError(f"`check.schema` is not a valid JSON Schema: {exc.message}") from None
        for ref in _references(schema):
            if not ref.startswith("#"):
                raise ValueError(
                    f"`check.schema` refers to {ref!r}: only `#...` references within it are read"
                )
        # An empty registry: nothing is ever fetched (jsonschema's default would
        # fetch `http` references).
        return cls(schema, message, hint, validator_class(schema, registry=Registry()))

    def failures(self, request: Request) -> Iterator[tuple[Node, str, str | None]]:
        """The node, message and hint of each place the request breaks the schema."""
        instance = to_python(request.root)
        try:
            errors = list(self.validator.iter_errors(instance))
        except RecursionError:
            # jsonschema recurses with the value (its messages spell the value
            # out, `$ref` descends): a value nested deeper than the stack allows
            # cannot be checked by this rule, and says so. A shallow value
            # means the schema itself recursed (`$ref: "#"`): the rule is
            # broken, which its caller reports once.
            if not _deeper_than(instance, DEEP_VALUE):
                raise
            yield request.root, DEEP_MESSAGE, DEEP_HINT
            return
        seen: set[int] = set()
        for error in errors:
            if _holds_unknown(error.instance):
                continue  # nothing about a value we cannot see is guessed
            if error.validator == "required" and request.open_ended:
                continue  # the missing key may come from an unexpanded `$flags`
            path = list(error.absolute_path)
            node = _nearest(request.root, path)
            if id(node) in seen:
                continue
            seen.add(id(node))
            fields = {"path": _dotted(path), "value": _shown(error.instance)}
            yield node, _fill(self.message, fields), _fill(self.hint, fields) if self.hint else None

    def findings(self, rule_id: str, request: Request) -> Iterator[Finding]:
        for node, message, hint in self.failures(request):
            yield Finding(rule_id, node.source, node.span, message, hint)


def _references(schema: object) -> list[str]:
    found: list[str] = []
    stack = [schema]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                    found.append(value)
                else:
                    stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _nearest(root: Node, path: list[PathItem]) -> Node:
    while path:
        node, _ = lookup(root, path)
        if node is not None:
            return node
        path = path[:-1]
    return root


def _holds_unknown(value: object) -> bool:
    stack = [value]
    while stack:
        current = stack.pop()
        if current is UNKNOWN:
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def _dotted(path: list[PathItem]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "request"


def _shown(value: object) -> str:
    if isinstance(value, str):
        return value
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except RecursionError:  # a value nested deeper than the stack allows
        return "[...]" if isinstance(value, list) else "{...}"
    return text if len(text) <= 60 else text[:57] + "..."


# A value nested deeper than this can exhaust the stack of a schema check on
# its own; a real request is about five levels deep.
DEEP_VALUE = 100


def _deeper_than(value: object, limit: int) -> bool:
    """Whether lists and dicts nest more than `limit` levels in `value` (iteratively)."""
    todo: list[tuple[object, int]] = [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            todo.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            todo.extend((child, depth + 1) for child in item)
    return False


def _fill(template: str, fields: dict[str, str]) -> str:
    # Only the two documented placeholders: a brace elsewhere stays as written.
    return template.replace("{path}", fields["path"]).replace("{value}", fields["value"])
