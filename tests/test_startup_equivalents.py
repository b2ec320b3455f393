"""Each check that replaced a regex compiled at start-up (issue 20) answers as
the regex does."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ami_lint import cliargs, printable, registry, shorthand
from ami_lint.shell import variables, words

ALPHABET = ["A", "Z", "a", "z", "0", "9", "-", "_", "\n", " ", "é", "Ä", ":", "#", "\x1b", "\U0001f600"]
ALPHABET.append("\u0661")  # an Arabic-Indic digit


def _strings(length: int) -> list[str]:
    return ["".join(chars) for n in range(length + 1) for chars in itertools.product(ALPHABET, repeat=n)]


SHORT = _strings(3)
SAMPLES = [
    *SHORT,
    "AMI208",
    "AMI20",
    "AMI208\n",
    "AMI208\n\n",
    "AMIX208",
    "X1234",
    "ami208",
    "AMI2O8",
    "arm64-requires-uefi",
    "arm64-requires-uefi\n",
    "arm64--requires",
    "-arm64",
    "arm64-",
    "9lives",
    "BlockDeviceMappings",
    "EnaSupport",
    "SriovNetSupport",
    "TpmSupport",
    "ImdsSupport",
    "Ipv6Address",
    "UEFIData",
    "aB1C",
]


def test_rule_ids_and_names_as_the_patterns_say() -> None:
    for text in SAMPLES:
        assert registry.is_rule_id(text) == bool(re.match(registry.ID_PATTERN, text)), text
        assert registry.is_rule_name(text) == bool(re.match(registry.NAME_PATTERN, text)), text


@given(st.text(alphabet="abz09-AZ_\n ", max_size=12))
def test_rule_names_as_the_pattern_says(text: str) -> None:
    assert registry.is_rule_name(text) == bool(re.match(registry.NAME_PATTERN, text)), text
    assert registry.is_rule_id(text) == bool(re.match(registry.ID_PATTERN, text)), text


def test_option_names_as_the_substitution_makes_them() -> None:
    for text in [*SAMPLES, "BlockDeviceMappings", "aBCd", "a1B2c", "İB", "ǅaB", "lUlU", "UlUl"]:
        assert cliargs.option_name(text) == re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text).lower(), text


@settings(max_examples=500)
@given(
    st.text(st.sampled_from([*ALPHABET, "l", "U", "B", "q", "İ", "ǅ"]), max_size=12) | st.text(max_size=12)
)
def test_option_names_as_the_substitution_makes_them_for_any_text(text: str) -> None:
    assert cliargs.option_name(text) == re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text).lower()


LINES = [
    "",
    ":",
    "a:b",
    "  ::x",
    "x\n  ::y",
    "x\n\t::y",
    "x\n é::",
    "file.sh:8:15: error\n   8 | x\n     | ^\n     = hint: y",
    "x\n\x1b[1m",
    "x\n\x7f",
    "x\n~",
    "x\n;",
    "x\n9",
    "\n\n",
    " \n :",
]


def test_command_candidates_as_the_patterns_find_them() -> None:
    for text in LINES + SHORT:
        expected = bool(re.match(printable._FIRST_CANDIDATE, text) or re.search(printable._CANDIDATE, text))
        assert printable._has_candidate(text) == expected, text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINES + SHORT), min_size=1, max_size=40), st.integers(0, 8))
def test_a_long_text_has_a_candidate_as_its_lines_have(lines: list[str], padding: int) -> None:
    # A text over `_LONG` characters is searched with the patterns; the same
    # lines, with as many plain lines as make it long, answer as the step
    # per line answers for them.
    filler = ["file.sh:8:15: error AMI101 x [y]", "   8 | aws ec2 register-image", "     | ^^^"]
    text = "\n".join([*filler * (padding * 300), *lines])
    assert len(text) > printable._LONG or padding == 0
    stepped = any(printable._has_candidate(line) for line in text.split("\n"))
    assert printable._has_candidate(text) == stepped


@pytest.mark.parametrize("excluded", [shorthand._NOT_IN_FIRST_VALUE, shorthand._NOT_IN_LATER_VALUE])
def test_shorthand_runs_as_the_pattern_matches_them(excluded: str) -> None:
    pattern = re.compile(r"(?:\s|[^\x00-\x20\\\U00010000-\U0010ffff" + re.escape(excluded) + "])+")
    run = shorthand._Run(excluded)
    texts = [*_strings(3), "abc\U0001f600def", "\U0001f600", "a b,c", "x=y]z", "é\u3000\U00010000x", "a\\,b"]
    for text in texts:
        for start in range(len(text) + 1):
            match = pattern.match(text, start)
            assert run.end(text, start) == (match.end() if match else None), (text, start)


# --- patterns a typical run no longer compiles (issue 20, item 1) ---------------

# Characters that end or continue the runs below, with chunk boundaries (32,
# 96, 224...) in reach: long runs of one character between them.
_RUN_CHARS = st.sampled_from(
    [
        *"aZ0-_.#/: \t\n\x0b\x1c\x1f\x00\x08\x0e\x1b\x7f\\\"',=]}[{*?$`(",
        "é",
        "\u3000",
        "\u2028",
        "\U0001f600",
        "\ufffd",
    ]
)
_RUN_TEXTS = st.lists(st.tuples(_RUN_CHARS, st.integers(1, 80)), max_size=8).map(
    lambda runs: "".join(char * count for char, count in runs)
)


@settings(max_examples=400, deadline=None)
@given(_RUN_TEXTS, st.one_of(st.integers(0, 40), st.integers(0, 700)))
@example("a" * 32 + "=", 0)  # a stop at a chunk's first character
@example("a" * 97 + ",b", 1)
@example("a" * 32 + "\x00", 0)
@example("a" * 32, 0)
def test_shorthand_runs_and_keys_as_the_patterns_match_them(text: str, start: int) -> None:
    key = re.compile("[" + re.escape("".join(sorted(shorthand._KEY_CHARS))) + "]*")
    match = key.match(text, start)
    assert shorthand._key_end(text, start) == (max(start, match.end()) if match else start)
    for excluded in (shorthand._NOT_IN_FIRST_VALUE, shorthand._NOT_IN_LATER_VALUE):
        pattern = re.compile(r"(?:\s|[^\x00-\x20\\\U00010000-\U0010ffff" + re.escape(excluded) + "])+")
        match = pattern.match(text, start)
        assert shorthand._Run(excluded).end(text, start) == (match.end() if match else None)


@settings(max_examples=400, deadline=None)
@given(_RUN_TEXTS, st.lists(st.integers(0, 700), max_size=6), st.integers(0, 700))
def test_unquoted_stops_as_the_pattern_finds_them(text: str, steps: list[int], end: int) -> None:
    """`_next_stop` over increasing positions of one word, its memory kept, and
    `_stops_unquoted`, as `[\\\\*?]` searches."""
    pattern = re.compile(r"[\\*?]")
    assert words._stops_unquoted(text) == bool(pattern.search(text))
    ahead = [-2] * len(words._UNQUOTED_STOP)
    for i in itertools.accumulate(sorted(steps)):
        match = pattern.search(text, i, end)
        assert words._next_stop(text, i, end, ahead) == (match.start() if match else end)


@settings(max_examples=400, deadline=None)
@given(_RUN_TEXTS, st.integers(0, 700), st.integers(0, 700))
def test_may_hold_as_the_pattern_searches(text: str, start: int, end: int) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assert variables._may_hold(data, start, end) == (
        re.compile(rb"[$`(=]").search(data, start, end) is not None
    )


def test_documented_device_names_as_the_pattern_matches_them() -> None:
    from rules import unusual_device_name

    pattern = re.compile(unusual_device_name.DOCUMENTED)
    parts = [
        "/dev/",
        "/dev/sd",
        "/dev/xvd",
        "xvd",
        "sd",
        "a",
        "z",
        "f",
        "A",
        "é",
        "0",
        "1",
        "9",
        "10",
        "15",
        "16",
        "p1",
        "\n",
        "",
    ]
    for count in range(1, 5):
        for chosen in itertools.product(parts, repeat=count):
            name = "".join(chosen)
            assert unusual_device_name.documented(name) == bool(pattern.fullmatch(name)), name


def test_kinds_as_a_pass_over_the_grammar_finds_them() -> None:
    """`walk.kinds` (one map of the grammar's kind names, made once) gives
    the ids a pass over every kind of the grammar gives, for every name and
    for names it lacks."""
    from ami_lint.shell import walk

    language = walk._bash()
    names = [language.node_kind_for_id(i) for i in range(language.node_kind_count)]
    asked = [(name,) for name in sorted({n for n in names if n is not None})]
    asked += [("ERROR",), ("word", "string", "ERROR"), ("no such kind",), (), ("command", "command")]
    for wanted in asked:
        reference = {i for i, name in enumerate(names) if name in wanted}
        if "ERROR" in wanted:
            reference.add(walk.ERROR_KIND)
        assert walk.kinds(*wanted) == frozenset(reference), wanted


def test_utf8_start_table_marks_the_bytes_that_start_a_character() -> None:
    """`words._STARTS_A_CHARACTER` (a literal, not a loop over 256 bytes at
    import) is 0 exactly for UTF-8 continuation bytes."""
    table = words._STARTS_A_CHARACTER
    assert len(table) == 256
    assert table == bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))
    text = "aé€😀".encode()
    assert sum(text.translate(table)) == len(text.decode())
