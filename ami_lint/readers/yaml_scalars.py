"""YAML 1.2 scalars as the CLI v2's safe loader reads them: the tag of an
untagged scalar by ruamel's resolver, and the value of a scalar of a standard
tag by ruamel's own `SafeConstructor` methods (nothing is constructed from
any other tag), with the problem the loader would fail on.

ruamel.yaml itself is imported only when a scalar needs it (issue 20: about
a fifth of what a process pays to read its first YAML request): the tags of
`_IMPLICIT` are ruamel's YAML 1.2 implicit resolvers, in its order, and the
commonest scalars of a request (strings, `null`, `true`, a decimal integer)
are read here exactly as ruamel reads them; tests/test_yaml_scalars.py
compares both with ruamel's on exhaustive and generated inputs."""

from __future__ import annotations

import functools
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from ruamel.yaml import YAML

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({"null", "bool", "int", "float", "str", "timestamp", "binary"})
_SEQUENCE_TAGS = frozenset({"seq", "omap", "pairs"})
_MAPPING_TAGS = frozenset({"map", "set"})
_STR = _CORE + "str"
_INT = _CORE + "int"

# ruamel's YAML 1.2 implicit resolvers (`ruamel.yaml.resolver.implicit_resolvers`,
# the entries for version (1, 2), in its order): the tag, and the characters a
# plain scalar of that tag can start with (`""`: the empty scalar). ruamel
# tries the resolvers of a scalar's first character in this order, the first
# whose regular expression matches gives the tag, and `str` when none does.
_IMPLICIT = (
    ("bool", "tTfF"),
    ("float", "-+0123456789."),
    ("int", "-+0123456789"),
    ("merge", "<"),
    ("null", "~nN"),
    ("null", ""),
    ("timestamp", "0123456789"),
    ("value", "="),
    ("yaml", "!&*"),
)
# Those of a fixed set of words, as their expressions (`^(?:true|True|…)$`)
# match: a word, or a word and a final line break (where `$` also matches).
_WORDS = {
    "bool": frozenset(("true", "True", "TRUE", "false", "False", "FALSE")),
    "null": frozenset(("~", "null", "Null", "NULL", "")),
    "merge": frozenset(("<<",)),
    "value": frozenset(("=",)),
    "yaml": frozenset(("!", "&", "*")),
}
# The others' expressions, as ruamel writes them (`re.X`), compiled when first
# needed (the float's alone costs about 4M instructions).
_PATTERNS = {
    "float": """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
    "int": """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    "timestamp": """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
}
# A scalar's first character -> the tags tried, in ruamel's order.
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _tag, _firsts in _IMPLICIT:
    for _first in _firsts or ("",):
        _BY_FIRST[_first] = (*_BY_FIRST.get(_first, ()), _tag)
del _tag, _firsts, _first
_COMPILED: dict[str, re.Pattern[str]] = {}

_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@functools.cache
def _fast_loader() -> YAML:
    """ruamel's resolver and constructor for the libyaml path. They keep no
    state between scalars, and without a `%YAML` directive (which the libyaml
    path never reads) they always resolve YAML 1.2, so one serves every file."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True)


@functools.lru_cache(maxsize=4096)
def _resolve_1_2(raw: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar, as ruamel's YAML 1.2 resolver gives
    it (a scalar that is not plain, `implicit[0]` false, is a `str`): the same
    few keys and values recur in every request file, so it is worth caching."""
    if not implicit[0]:
        return _STR
    tags = _BY_FIRST.get(raw[:1])
    if tags is None:
        return _STR  # most keys and values: no resolver for their first character
    if raw.isdigit() and raw.isascii():
        return _INT  # `[0-9]+`: not a float (no `.` or exponent), an int
    for tag in tags:
        words = _WORDS.get(tag)
        if words is not None:
            if raw in words or (raw[-1:] == "\n" and raw[:-1] in words):
                return _CORE + tag
            continue
        pattern = _COMPILED.get(tag)
        if pattern is None:
            pattern = _COMPILED[tag] = re.compile(_PATTERNS[tag], re.X)
        if pattern.match(raw):
            return _CORE + tag
    return _STR


def _convert(
    constructor: Any, tag: str, raw: str, in_key: bool, explicit: bool
) -> tuple[Any, object, str | None, str | None]:
    """Our value, the safe loader's value (for key comparison), a problem and
    its hint. `constructor`: ruamel's `SafeConstructor` whose methods convert
    the scalar, or None for `_fast_loader`'s (YAML 1.2), made if the scalar
    needs it: the commonest scalars are converted here, as it converts them."""
    suffix = tag[len(_CORE) :] if tag.startswith(_CORE) else None
    if suffix == "str":
        return raw, raw, None, None
    if constructor is None:
        # The commonest, as `_fast_loader`'s constructor (YAML 1.2) converts them.
        if suffix == "null":
            return None, None, None, None  # `construct_yaml_null`, whatever the text
        if suffix == "bool" and raw in _BOOLS:
            value = _BOOLS[raw]  # `construct_yaml_bool`: `bool_values[raw.lower()]`
            return value, value, None, None
        if suffix == "int" and raw.isdigit() and raw.isascii() and len(raw) < 100:
            number = int(raw)  # `construct_yaml_int` of decimal digits (no octal in YAML 1.2)
            return number, number, None, None
    if suffix in ("merge", "value") and in_key:
        # The loader takes `<<` as a merge and a `=` key as a string.
        return raw, raw, None, None
    if suffix == "merge":
        return raw, raw, "`<<` is a merge key and cannot be a value", "Quote it: `'<<'`"
    if suffix == "value":
        return raw, raw, "`=` is the YAML value key and cannot be a value", "Quote it: `'='`"
    if suffix in _MAPPING_TAGS or suffix in _SEQUENCE_TAGS:
        return raw, raw, f"Tag `{_short(tag)}` cannot be applied to a scalar", None
    if suffix not in _SCALAR_TAGS:
        return raw, raw, _not_allowed(tag), None
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import ScalarNode

    if constructor is None:
        constructor = _fast_loader().constructor
    node = ScalarNode(tag, raw)
    try:
        loaded = getattr(constructor, f"construct_yaml_{suffix}")(node)
        hash(loaded)
    except (YAMLError, ValueError, KeyError, TypeError, OverflowError, IndexError):
        if explicit:
            problem = f"`{raw}` is not a valid `{_short(tag)}`: the CLI's YAML loader fails on it"
            return raw, raw, problem, None
        problem = f"`{raw}` looks like a {suffix} but is not one: the CLI's YAML loader fails on it"
        return raw, raw, problem, "Quote it to keep it a string"
    if suffix in ("timestamp", "binary"):
        return raw, loaded, None, None
    return loaded, loaded, None, None


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _not_allowed(tag: str) -> str:
    return f"Tag `{_short(tag)}` is not allowed: the CLI's safe loader rejects it"
