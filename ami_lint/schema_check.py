"""Validation against the RegisterImage schema, each failure routed to its rule.

The schema (`ami_lint/data/register_image.schema.json`, generated from the
botocore model) marks every constraint it adds with `x-rule`; the structural
keywords map to rules by name. Messages are built here, once per keyword.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ami_lint import edits, rule_ids
from ami_lint.diagnostics import Finding, finding_of
from ami_lint.edits import Fix, literal, replace_string
from ami_lint.model import Request
from ami_lint.nodes import UNKNOWN, Entry, Mapping, Node, PathItem, Scalar, lookup
from ami_lint.vocabulary import member
from ami_lint.vocabulary import value as api_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from ami_lint.knockon import Meant

SCHEMA_RULES = frozenset(f"AMI10{n}" for n in range(1, 10))

# What a well-formed identifier looks like, for messages.
ID_SHAPES = {
    "SnapshotId": "`snap-` followed by 8 or 17 hexadecimal digits",
    "KernelId": "`aki-` followed by 8 or 17 hexadecimal digits",
    "RamdiskId": "`ari-` followed by 8 or 17 hexadecimal digits",
    "OutpostArn": "an Outpost ARN (`arn:aws:outposts:<region>:<account>:outpost/op-<17 hex digits>`)",
}
TYPE_NAMES = {
    "integer": "an integer",
    "boolean": "a boolean",
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "number": "a number",
}
# Plain YAML scalars that YAML 1.1 tools read as booleans and YAML 1.2 does not.
YAML11_BOOLEANS = {"yes": "true", "no": "false", "on": "true", "off": "false", "y": "true", "n": "false"}
MAX_LISTED_CHOICES = 8
# The keywords whose failures are about a list or object itself.
_CONTAINER_KEYWORDS = frozenset({"additionalProperties", "required", "type"})


def check_schema(
    request: Request, wanted: set[str] | frozenset[str], meant: list[Meant] | None = None
) -> list[Finding]:
    """The schema's findings; each unknown key with a close known key of its
    object goes to `meant` (the request as probably meant: `ami_lint.knockon`)."""
    if wanted.isdisjoint(SCHEMA_RULES):
        return []
    if _schema is None:
        _import_schema()
    assert _schema is not None and _ebs is not None
    load_validator, rule_for, SNOW_VOLUME_TYPES = (
        _schema.load_validator,
        _schema.rule_for,
        _ebs.SNOW_VOLUME_TYPES,
    )
    validator = load_validator()
    if validator.is_valid_node(request.root):
        return []  # most requests: no error, and no plain data to make
    findings: list[Finding] = []
    # On the nodes: only what an error is about is made plain data.
    for error in validator.node_errors(request.root, invalid=True):
        schema = error.schema if isinstance(error.schema, dict) else {}
        rule = rule_for(error)
        if rule is None or rule not in wanted or error.instance is UNKNOWN:
            continue
        if rule == rule_ids.MISSING_REQUIRED_PARAMETER and request.open_ended:
            continue
        if (
            rule == rule_ids.INVALID_ENUM_VALUE
            and error.instance in SNOW_VOLUME_TYPES
            and _member(error) == "VolumeType"
        ):
            continue  # a Snow device's volume type: `ami_lint.ebs.is_snow_request`
        path = list(error.absolute_path)
        node, entry = lookup(request.root, path)
        if node is None:
            continue
        findings.extend(_build(rule, error, schema, node, entry, path, meant))
    return _root_causes(findings)


# `ami_lint.schema` and `ami_lint.ebs`, imported when a request is first
# checked, then without an import statement for each request (one run
# again costs about 8,000 instructions).
_schema: ModuleType | None = None
_ebs: ModuleType | None = None


def _import_schema() -> None:
    global _schema, _ebs
    from ami_lint import ebs, schema

    _schema, _ebs = schema, ebs


def _member(error: Any) -> object:
    """The key (or index) of the value an error is about."""
    return error.absolute_path[-1] if error.absolute_path else None


def _root_causes(findings: list[Finding]) -> list[Finding]:
    """One finding per value: a wrong type hides the value's other constraints,
    and a value outside the enum is not also "not `image`"."""
    if len(findings) < 2:
        return findings  # a finding hides only another one
    wrong_type = {(f.source.path, f.span) for f in findings if f.rule == rule_ids.INVALID_TYPE}
    bad_enum = {(f.source.path, f.span) for f in findings if f.rule == rule_ids.INVALID_ENUM_VALUE}
    kept = []
    for f in findings:
        where = (f.source.path, f.span)
        if f.rule != rule_ids.INVALID_TYPE and where in wrong_type:
            continue
        if f.rule == rule_ids.TAG_RESOURCE_TYPE and where in bad_enum:
            continue
        kept.append(f)
    return kept


def _build(
    rule: str,
    error: Any,
    schema: dict[str, Any],
    node: Node,
    entry: Entry | None,
    path: list[PathItem],
    meant: list[Meant] | None = None,
) -> Iterator[Finding]:
    name = member(path)
    value = error.instance
    keyword = error.validator
    if isinstance(value, (list, dict)) and keyword not in _CONTAINER_KEYWORDS:
        # A constraint on a scalar (`enum`, `const`, `not`) failed by a list or
        # object, which is also a type error that hides this one
        # (`_root_causes`). Never spelt out: it is as large and as deep as written.
        yield Finding(rule, node.source, node.span, f"{name} is {_describe(value)}")
        return
    if keyword == "additionalProperties" and isinstance(node, Mapping):
        allowed = sorted(schema.get("properties", {}))
        for item in node.entries:
            if item.name not in allowed:
                from ami_lint.suggest import suggest  # only for a misspelt key

                hint = suggest(item.name, allowed)
                if hint and meant is not None and hint not in node:
                    from ami_lint.knockon import meant_key

                    meant.append(meant_key(path, item, hint))
                from ami_lint.messages import unknown_parameter  # only for an unknown name

                message, fix = unknown_parameter(item.name, path, hint, allowed)
                rename = None
                if hint and hint not in node:
                    rename = edits.fix(
                        f"Rename to {member(hint)}",
                        [replace_string(item.key, hint, edits.RENAME)],
                        safe=False,
                    )
                yield Finding(rule, item.key.source, item.key.span, message, fix, fix=rename)
    elif keyword == "required":
        missing = [key for key in error.validator_value if key not in value]
        where = f" in {name}" if path else ""
        for key in missing:
            yield Finding(
                rule,
                node.source,
                node.span,
                f"Missing required parameter {member(key)}{where}",
                f"Add {member(key)}",
            )
    elif keyword == "type":
        expected = error.validator_value
        yield Finding(
            rule,
            node.source,
            node.span,
            f"{name} is {_describe(value)} but must be {TYPE_NAMES.get(expected, expected)}",
            _type_hint(expected, value, node),
            fix=_type_fix(expected, value, node),
        )
    elif keyword == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = enum_hint(str(path[-1]) if path else "", str(value), choices)
        chosen = enum_choice(str(path[-1]) if path else "", str(value), choices)
        offered = None
        if chosen is not None:
            offered = edits.fix(f"Write `{chosen[0]}`", [replace_string(node, chosen[0])], safe=chosen[1])
        if len(choices) == 1:
            message = f"{name} is `{value}` but must be `{choices[0]}`"
            hint = hint or f"Use `{choices[0]}`"
        elif len(choices) > MAX_LISTED_CHOICES:
            message = f"{name} is `{value}`, which is not a valid value"
        else:
            message = f"{name} is `{value}` but must be one of {_listing(choices)}"
        yield finding_of(rule, node.source, node.span, message, hint, offered)
    elif keyword in ("minLength", "maxLength"):
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        bounds = (
            f"{low}–{high}"  # noqa: RUF001 (an en dash for a range, as in the docs)
            if high is not None and low
            else f"at most {high}"
            if high
            else f"at least {low}"
        )
        count = len(value)
        fix = "Shorten" if keyword == "maxLength" else "Lengthen"
        yield finding_of(
            rule,
            node.source,
            node.span,
            f"{name} is {count} character{'s' if count != 1 else ''} long but must be {bounds}",
            f"{fix} {name} to {bounds} characters",
        )
    elif keyword == "pattern" and rule == rule_ids.INVALID_IMAGE_NAME:
        yield _bad_character(rule, name, str(value), error.validator_value, node)
    elif keyword == "pattern":
        shape = ID_SHAPES.get(str(path[-1]) if path else "", f"`{error.validator_value}`")
        yield Finding(
            rule,
            node.source,
            node.span,
            f"{name} is `{value}`, which is not {shape}",
            f"Check that this is a {_words(str(path[-1]))}" if path else None,
        )
    elif keyword == "not":
        yield Finding(
            rule,
            node.source,
            node.span,
            f"Tag key `{value}` uses the reserved prefix `aws:`",
            "Choose a key that does not begin with `aws:`",
        )
    elif keyword == "const":
        expected = error.validator_value
        yield Finding(
            rule,
            node.source,
            node.span,
            f"{name} is `{value}` but RegisterImage can only tag `{expected}`",
            f"Use `{expected}`",
        )
    else:  # a constraint without a message of its own: still a precise finding
        yield Finding(rule, node.source, node.span, f"{name}: {error.message}")


def _bad_character(rule: str, name: str, value: str, pattern: str, node: Node) -> Finding:
    # The Name pattern is one character class repeated; test each character
    # against it to point at the first one that is not allowed.
    import re

    match = re.fullmatch(r"\^(\[.*\])[+*](?:\{.*\})?\$", pattern)
    if match and isinstance(node, Scalar):
        char_class = re.compile(match.group(1))
        for i, char in enumerate(value):
            if not char_class.fullmatch(char):
                return Finding(
                    rule,
                    node.source,
                    node.inner_span(i, i + 1),
                    f"{name} contains `{char}`, which is not allowed in an image name",
                    "Use only letters, digits and ( ) [ ] space . / - ' @ _",
                )
    return Finding(rule, node.source, node.span, f"{name} does not match `{pattern}`")


def _words(identifier: str) -> str:
    import re

    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", identifier).lower().replace(" id", " ID")


def enum_hint(member: str, value: str, choices: list[str]) -> str | None:
    """The fix for `value`, not one of `member`'s `choices`, only when it is
    sure: a known alias (`amd64`: `ami_lint/data/enum_aliases.yaml`), the value in
    another case (`HVM`) or punctuation (`legacy_bios`), else one value a
    single typo away (two in a long value). A far guess is no hint
    (`amd64` is not `arm64`)."""
    alias = enum_aliases().get(member, {}).get(value.lower())
    if alias is not None and alias["value"] in choices:
        return f"Write `{alias['value']}`: `{value}` is {alias['note']}"
    same = [c for c in choices if c.lower() == value.lower()]
    if len(same) == 1:
        return f"Write `{same[0]}`: values are case sensitive"
    from ami_lint.suggest import normalise

    same = [c for c in choices if normalise(c) == normalise(value)]
    if len(same) == 1:
        return f"Did you mean `{same[0]}`?"
    allowed = 1 if len(value) <= 6 else 2
    close = [c for c in choices if _typos(value.lower(), c.lower(), allowed) <= allowed]
    return f"Did you mean `{close[0]}`?" if len(close) == 1 else None


def enum_choice(member: str, value: str, choices: list[str]) -> tuple[str, bool] | None:
    """The value `enum_hint` suggests, and whether it is sure (a known alias,
    another case or punctuation: a safe fix) or a near spelling (unsafe)."""
    alias = enum_aliases().get(member, {}).get(value.lower())
    if alias is not None and alias["value"] in choices:
        return alias["value"], True
    same = [c for c in choices if c.lower() == value.lower()]
    if len(same) == 1:
        return same[0], True
    from ami_lint.suggest import normalise

    same = [c for c in choices if normalise(c) == normalise(value)]
    if len(same) == 1:
        return same[0], True
    allowed = 1 if len(value) <= 6 else 2
    close = [c for c in choices if _typos(value.lower(), c.lower(), allowed) <= allowed]
    return (close[0], False) if len(close) == 1 else None


@lru_cache(maxsize=1)
def enum_aliases() -> dict[str, dict[str, dict[str, str]]]:
    """`ami_lint/data/enum_aliases.yaml`: member -> alias (lower case) -> value and note.

    From `ami_lint/data/enum_aliases_table.py`, the same table as a Python
    literal (`aliases_module`), when it was made from the same bytes (size
    and CRC-32): no YAML library to import when a value is wrong (1.5 MiB
    of a run's memory, issue 20, and pathlib's 0.6 MiB); else from the YAML."""
    import os

    import ami_lint.data as package

    path = os.path.join(os.path.dirname(package.__file__ or ""), "enum_aliases.yaml")
    try:
        from ami_lint.data import content_check, enum_aliases_table

        if content_check(path) == getattr(enum_aliases_table, "CHECK", None):
            made: dict[str, dict[str, dict[str, str]]] = enum_aliases_table.aliases()
            return made
    except (ImportError, OSError):
        pass
    with open(path, encoding="utf-8") as handle:
        return _aliases(_load_data(handle.read()))


def _aliases(data: Any) -> dict[str, dict[str, dict[str, str]]]:
    return {member: {str(alias): entry for alias, entry in table.items()} for member, table in data.items()}


def aliases_module(text: str) -> str:
    """The text of `ami_lint/data/enum_aliases_table.py` for the YAML `text`."""
    from ami_lint.data import bytes_check
    from ami_lint.schema import _literal

    return (
        '"""`enum_aliases.yaml` as a Python literal, for `ami_lint.schema_check.enum_aliases`:\n'
        'generated by `python scripts/update_docs.py`; edit the YAML, not this file."""\n\n'
        f"CHECK = {bytes_check(text.encode('utf-8'))!r}  # size and CRC-32 of the YAML it was made from\n\n\n"
        "def aliases():\n"
        f"    return {_literal(_aliases(_load_data(text)), 1)}\n"
    )


def _load_data(text: str) -> Any:
    """A YAML data file of ami-lint's own, only when a value is wrong (not at
    start-up): with libyaml (PyYAML's C loader, half a millisecond) where it
    is built, else ruamel's pure-Python loader (twenty: it was most of the
    `--jobs` warm-up, serial time). The file holds only mappings and plain
    words, which YAML 1.1 and 1.2 read alike (tests/test_enum_hints.py
    checks that both loaders agree on it)."""
    try:
        from yaml import CSafeLoader, load
    except ImportError:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(text)
    return load(text, Loader=CSafeLoader)


def _typos(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from `a` to `b`;
    anything over `limit` is `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _listing(choices: list[str]) -> str:
    return ", ".join(f"`{c}`" for c in choices)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {api_value(value)}"
    if isinstance(value, int):
        return f"the integer `{value}`"
    if isinstance(value, float):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f'the string `"{value}"`' if len(value) <= 40 else "a string"
    if value is None:
        return api_value(None)
    if isinstance(value, list):
        return "a list"
    return "an object"


def _type_fix(expected: str, value: object, node: Node) -> Fix | None:
    """AMI103's safe fixes: a YAML 1.1 boolean (`yes`) written as one, and a
    quoted boolean or integer (`"true"`, `"8"`) without its quotes; only
    where the text is written as it reads."""
    if not isinstance(node, Scalar) or not isinstance(value, str):
        return None
    raw = node.text()
    if expected == "boolean":
        if node.plain and value.lower() in YAML11_BOOLEANS and raw == value:
            fixed = YAML11_BOOLEANS[value.lower()]
            return edits.fix(f"Write {api_value(fixed == 'true')}", [literal(node, fixed == "true", fixed)])
        if value.lower() in ("true", "false") and _quoted(raw, value):
            meant = value.lower() == "true"
            return edits.fix(
                f"Write {api_value(meant)} without quotes", [literal(node, meant, value.lower())]
            )
    integer = value.isascii() and value.isdigit() and str(int(value)) == value
    if expected == "integer" and integer and _quoted(raw, value):
        return edits.fix(f"Write {api_value(int(value))} without quotes", [literal(node, int(value), value)])
    return None


def _quoted(raw: str, value: str) -> bool:
    """Whether `raw` is `value` in plain double or single quotes."""
    return len(raw) == len(value) + 2 and raw[0] == raw[-1] and raw[0] in "\"'" and raw[1:-1] == value


def _type_hint(expected: str, value: object, node: Node) -> str | None:
    plain = isinstance(node, Scalar) and node.plain
    if expected == "boolean" and isinstance(value, str):
        if plain and value.lower() in YAML11_BOOLEANS:
            fixed = YAML11_BOOLEANS[value.lower()]
            # YAML 1.1 tools read these as booleans; the CLI (YAML 1.2, JSON,
            # shorthand) never does.
            return f"`{value}` is a string to the CLI, not a boolean: write {api_value(fixed == 'true')}"
        if value.lower() in ("true", "false"):
            return f"Write {api_value(value.lower() == 'true')} without quotes"
    if expected == "integer":
        if isinstance(value, str):
            try:
                return f"Write `{int(value)}` without quotes"
            except ValueError:
                return None
        if isinstance(value, float) and value.is_integer():
            return f"Write `{int(value)}`"
    if expected == "array" and not isinstance(value, list):
        return "Put the value in a list"
    if expected == "string" and not isinstance(value, (list, dict)):
        return "Quote the value"
    return None
