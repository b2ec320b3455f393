"""YAML 1.2 scalars as the CLI v2's safe loader reads them: the tag of an
untagged scalar by ruamel's resolver, and the value of a scalar of a standard
tag by ruamel's own `SafeConstructor` methods (nothing is constructed from
any other tag), with the problem the loader would fail on."""

from __future__ import annotations

import functools
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({"null", "bool", "int", "float", "str", "timestamp", "binary"})
_SEQUENCE_TAGS = frozenset({"seq", "omap", "pairs"})
_MAPPING_TAGS = frozenset({"map", "set"})


@functools.cache
def _fast_loader() -> YAML:
    """ruamel's resolver and constructor for the libyaml path. They keep no
    state between scalars, and without a `%YAML` directive (which the libyaml
    path never reads) they always resolve YAML 1.2, so one serves every file."""
    return YAML(typ="safe", pure=True)


@functools.lru_cache(maxsize=4096)
def _resolve_1_2(raw: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar, by ruamel's YAML 1.2 resolver: the same
    few keys and values recur in every request file, so it is worth caching."""
    return str(_fast_loader().resolver.resolve(ScalarNode, raw, implicit))


def _convert(
    constructor: Any, tag: str, raw: str, in_key: bool, explicit: bool
) -> tuple[Any, object, str | None, str | None]:
    """Our value, the safe loader's value (for key comparison), a problem and its hint."""
    suffix = tag[len(_CORE) :] if tag.startswith(_CORE) else None
    if suffix == "str":
        return raw, raw, None, None
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
