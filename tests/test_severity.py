"""`Severity` behaves as the `enum.IntEnum` it replaced (issue 20, item 1) in
every use the code, the formatters, the configuration and plugin rules make
of it."""

from __future__ import annotations

import copy
import enum
import pickle

import pytest

from ami_lint.diagnostics import Severity


class OldSeverity(enum.IntEnum):
    """The class `Severity` was, word for word."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> OldSeverity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


PAIRS = [
    (Severity.INFO, OldSeverity.INFO),
    (Severity.WARNING, OldSeverity.WARNING),
    (Severity.ERROR, OldSeverity.ERROR),
]


def test_the_levels_in_order_with_their_names_and_values() -> None:
    assert [(level.name, level.value, int(level)) for level in Severity] == [
        (level.name, level.value, int(level)) for level in OldSeverity
    ]
    assert len(Severity) == len(OldSeverity) == 3
    assert all(isinstance(level, Severity) and isinstance(level, int) for level in Severity)


@pytest.mark.parametrize(("new", "old"), PAIRS)
def test_each_level_prints_and_formats_as_before(new: Severity, old: OldSeverity) -> None:
    assert str(new) == str(old)
    assert f"{new}" == f"{old}"
    assert f"{new!s:<7}|" == f"{old!s:<7}|"  # --list-rules
    assert "%s %d" % (new, new) == "%s %d" % (old, old)  # noqa: UP031
    assert repr(new) == repr(old).replace("OldSeverity", "Severity")


@pytest.mark.parametrize(("new", "old"), PAIRS)
def test_each_level_compares_and_hashes_as_its_int(new: Severity, old: OldSeverity) -> None:
    for other_new, other_old in PAIRS:
        assert (new >= other_new) == (old >= other_old)
        assert (new < other_new) == (old < other_old)
        assert (new == other_new) == (old == other_old)
    assert new == int(old) and hash(new) == hash(old)
    assert {int(old): "x"}[new] == "x"  # the formatters' tables (LEVELS, COMMANDS...)
    assert {new: "x"}[int(old)] == "x"
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]


@pytest.mark.parametrize(("new", "old"), PAIRS)
def test_each_level_is_one_object(new: Severity, old: OldSeverity) -> None:
    assert Severity(int(old)) is new
    assert Severity(new) is new
    assert Severity[old.name] is new
    assert pickle.loads(pickle.dumps(new)) is new  # --jobs: reports cross processes
    assert copy.copy(new) is new and copy.deepcopy(new) is new


@pytest.mark.parametrize("text", ["error", "warning", "info", "ERROR", "Warning", "iNfO"])
def test_configuration_words_parse_as_before(text: str) -> None:
    assert int(Severity.parse(text)) == int(OldSeverity.parse(text))
    assert Severity.parse(text) is Severity[text.upper()]


@pytest.mark.parametrize("text", ["", "never", "fatal", "err", "errors", "1"])
def test_unknown_words_fail_as_before(text: str) -> None:
    with pytest.raises(ValueError) as new:
        Severity.parse(text)
    with pytest.raises(ValueError) as old:
        OldSeverity.parse(text)
    assert str(new.value) == str(old.value)


@pytest.mark.parametrize("value", [0, 4, -1, "error", 2.5, None])
def test_an_unknown_value_or_name_fails_as_before(value: object) -> None:
    with pytest.raises(ValueError):
        Severity(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OldSeverity(value)
    with pytest.raises(KeyError):
        Severity[str(value)]
    with pytest.raises(KeyError):
        OldSeverity[str(value)]
