"""The libyaml path's tags and values of scalars without ruamel.yaml
(`ami_lint.readers.yaml_scalars`, issue 20) are ruamel's own: its YAML 1.2
resolver's tag, and its safe constructor's value or failure."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import implicit_resolvers

from ami_lint.readers import yaml_scalars
from ami_lint.readers.yaml_libyaml import _fast_candidate
from ami_lint.readers.yaml_scalars import _BY_FIRST, _CORE, _IMPLICIT, _PATTERNS, _WORDS, _convert
from ami_lint.readers.yaml_text_map import _has_break

LOADER = YAML(typ="safe", pure=True)
PLAIN = (True, False)

# Every character some resolver starts with or matches, a few that none
# does, and the line break `$` matches before.
ALPHABET = list("tTrRuUeEfFaAlLsSnN~<=!&*0179-+._xXbBoOiIcC:zZ \t\n")
SHORT = ["".join(c) for n in range(4) for c in itertools.product(ALPHABET, repeat=n)]
SAMPLES = [
    *SHORT,
    "true",
    "True",
    "TRUE",
    "tRUE",
    "true\n",
    "true\n\n",
    "false",
    "FALSE\n",
    "null",
    "Null\n",
    "NULL",
    "nULL",
    "~\n",
    "<<",
    "<<\n",
    "=\n",
    "Name",
    "name",
    "Architecture",
    "x86_64",
    "8",
    "08",
    "0o17",
    "017",
    "0x1F",
    "0b101",
    "1_000",
    "-12",
    "+12",
    "12\n",
    "1.5",
    "1e3",
    "-.inf",
    ".NaN",
    ".5e+3",
    "2024-01-01",
    "2024-01-01\n",
    "2024-1-1 10:00:00",
    "2024-01-01T10:00:00.5Z",
    "2024-13-45",
    "٣",
    "²",
    "1٣",
    "nUll",
    "1" * 120,
    "snap-0123",
    "/dev/xvda",
]


def _ruamel_tag(raw: str, implicit: tuple[bool, bool] = PLAIN) -> str:
    return str(LOADER.resolver.resolve(ScalarNode, raw, implicit))


def _ruamel_convert(tag: str, raw: str, in_key: bool = False, explicit: bool = False) -> object:
    return _convert(LOADER.constructor, tag, raw, in_key, explicit)


def _same(ours: object, theirs: object) -> bool:
    """Equal, and of the same types (`1 == True`, `nan != nan`)."""
    return repr(ours) == repr(theirs) and [type(x) for x in ours] == [type(x) for x in theirs]  # type: ignore[attr-defined]


def test_the_table_is_ruamels_yaml_1_2_resolvers() -> None:
    """The tags tried for each first character, in their order, are those of
    ruamel's YAML 1.2 resolver, and the expressions `_PATTERNS` holds are its
    own (the others are words, `_WORDS`)."""
    resolvers = LOADER.resolver.versioned_resolver
    assert {
        first: tuple(t[len(_CORE) :] for t, _ in entries) for first, entries in resolvers.items()
    } == _BY_FIRST
    for versions, tag, regexp, _first in implicit_resolvers:
        name = tag[len(_CORE) :]
        if (1, 2) in versions:
            assert (name in _PATTERNS and _PATTERNS[name] == regexp.pattern) or name in _WORDS, name
    assert {tag for tag, _ in _IMPLICIT} == set(_PATTERNS) | set(_WORDS)


def test_tags_on_exhaustive_short_and_sample_scalars() -> None:
    for raw in SAMPLES:
        for implicit in (PLAIN, (False, True), (False, False)):
            assert yaml_scalars._resolve_1_2.__wrapped__(raw, implicit) == _ruamel_tag(raw, implicit), (
                raw,
                implicit,
            )


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=[*ALPHABET, "é", "٣", "\x85"], max_size=24))
@example("2001-12-14t21:59:43.10-05:00")
@example("0x_")
def test_tags_on_generated_scalars(raw: str) -> None:
    assert yaml_scalars._resolve_1_2.__wrapped__(raw, PLAIN) == _ruamel_tag(raw), raw


def _values_match(raw: str) -> None:
    tag = _ruamel_tag(raw)
    for in_key, explicit in itertools.product((False, True), repeat=2):
        ours = _convert(None, tag, raw, in_key, explicit)
        theirs = _ruamel_convert(tag, raw, in_key, explicit)
        assert _same(ours, theirs), (raw, in_key, explicit, ours, theirs)
    for name in ("null", "bool", "int"):
        # Explicitly tagged (`!!int 12`): any text, as the constructor takes it.
        ours = _convert(None, _CORE + name, raw, False, True)
        theirs = _ruamel_convert(_CORE + name, raw, False, True)
        assert _same(ours, theirs), (name, raw, ours, theirs)


def test_values_on_exhaustive_short_and_sample_scalars() -> None:
    for raw in SAMPLES:
        _values_match(raw)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=[*ALPHABET, "٣"], max_size=24))
@example("1" * 5000)
def test_values_on_generated_scalars(raw: str) -> None:
    _values_match(raw)


@pytest.mark.parametrize(
    "text", ["Name: x\nCount: 8\nOn: true\nOff: ~\nKey: 'a'\n", "- null\n- False\n- 007\n"]
)
def test_a_request_is_read_without_importing_ruamel(text: str) -> None:
    """Strings, null, booleans and decimal integers: ruamel is not imported
    (a float is: its conversion is ruamel's)."""
    code = (
        "import sys\n"
        "from ami_lint.readers.yaml_reader import read_yaml\n"
        "from ami_lint.source import Source\n"
        f"result = read_yaml(Source.from_text({text!r}, 'x.yaml'))\n"
        "assert not result.findings, result.findings\n"
        "print(sorted(m for m in sys.modules if m.startswith('ruamel')), 'typing' in sys.modules)\n"
        "print(read_yaml(Source.from_text('a: 1.5\\n', 'y.yaml')).documents[0].entries[0].value.value)\n"
        "print(sorted(m for m in sys.modules if m.startswith('ruamel'))[:1])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[] False\n1.5\n['ruamel']\n"


@given(st.text(alphabet=["a", " ", "\t", "\r", "\n", "\x85", "\u2028", "\u2029", "\ufeff", "\x0b", "é"]))
@example("a\u2029")
def test_character_tests_as_the_patterns_they_replaced(text: str) -> None:
    """`_has_break` and `_fast_candidate` test with `in` what a pattern did."""
    assert _has_break(text) == bool(re.search("[\r\n\x85\u2028\u2029]", text))
    assert _fast_candidate(text) == (re.search("[\t\x85\u2028\u2029\ufeff]", text) is None)
