"""Each check that replaced a regex compiled at start-up (issue 20) answers as
the regex does."""

from __future__ import annotations

import itertools
import re

import pytest

from ami_lint import cliargs, printable, registry, shorthand

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


def test_option_names_as_the_substitution_makes_them() -> None:
    for text in SAMPLES:
        assert cliargs.option_name(text) == re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text).lower(), text


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


@pytest.mark.parametrize("excluded", [shorthand._NOT_IN_FIRST_VALUE, shorthand._NOT_IN_LATER_VALUE])
def test_shorthand_runs_as_the_pattern_matches_them(excluded: str) -> None:
    pattern = re.compile(r"(?:\s|[^\x00-\x20\\\U00010000-\U0010ffff" + re.escape(excluded) + "])+")
    run = shorthand._Run(excluded)
    texts = [*_strings(3), "abc\U0001f600def", "\U0001f600", "a b,c", "x=y]z", "é\u3000\U00010000x", "a\\,b"]
    for text in texts:
        for start in range(len(text) + 1):
            match = pattern.match(text, start)
            assert run.end(text, start) == (match.end() if match else None), (text, start)
