"""Every fix offered on a failing case of tests/cases, applied and linted again.

For each finding of a case's rule that offers a fix: applying it changes
nothing outside its edits, the finding is gone (one finding of its rule
fewer), no syntax error comes of it, and fixing the case to
the end (rounds, as `--fix --unsafe-fixes` does) stops with nothing left to
apply: applying again changes nothing.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from ami_lint.diagnostics import Diagnostic
from ami_lint.edits import applicable, apply_edits
from ami_lint.engine import Linter, Options
from ami_lint.fixing import MAX_ROUNDS
from ami_lint.selection import Selection
from tests.conftest import lint
from tests.test_rule_cases import ALL, FRONT_END, SUFFIX

# The rules whose fixes the cases must exercise, and each one's safety.
EXPECTED = {
    "AMI101": {"unsafe"},
    "AMI103": {"safe"},
    "AMI104": {"safe", "unsafe"},
    "AMI216": {"unsafe"},
    "AMI316": {"unsafe"},
    "AMI401": {"safe"},
    "AMI402": {"safe"},
    "AMI404": {"unsafe"},
    "AMI408": {"unsafe"},
    "AMI409": {"unsafe"},
    "AMI411": {"safe"},
}
# The failing cases of those rules (the others offer no fix: nothing to apply).
FAILING = [(rule, case) for rule, case in ALL if not case.get("pass") and rule in EXPECTED]


@functools.cache
def _linter() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL", "AMI005", "AMI316"))))


def _lint(text: str, case: dict) -> list[Diagnostic]:
    name = case.get("path", f"case{SUFFIX[case['format']]}")
    return lint(text, name, FRONT_END.get(case["format"], case["format"]), _linter(), case.get("option"))


def _text(case: dict) -> str:
    text = case["source"]
    return text.removesuffix("\n") if case["format"] == "shorthand" else text


def _fixable(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.fix is not None and d.source.host is None and not d.suppressed]


@pytest.mark.parametrize(("rule", "case"), FAILING, ids=[f"{r}-{c['name']}" for r, c in FAILING])
def test_fix_of_case(rule: str, case: dict) -> None:
    text = _text(case)
    found = _lint(text, case)
    offered = [d for d in _fixable(found) if d.rule == rule]
    if not offered:
        pytest.skip("no fix offered")
    before = Counter(d.rule for d in found)
    for d in offered:
        assert d.fix is not None
        assert d.source.text == text
        fixed = apply_edits(text, d.fix.edits)
        first, last = d.fix.edits[0].span, d.fix.edits[-1].span
        # Nothing outside the edits changes.
        assert fixed[: first.start] == text[: first.start]
        assert fixed[len(fixed) - (len(text) - last.end) :] == text[last.end :]
        after = Counter(x.rule for x in _lint(fixed, case))
        assert after[rule] < before[rule], (d.fix, fixed)
        # The text still reads: no syntax error or unreadable input comes of it.
        # (Other findings may: `HVM` -> `hvm` lets the rules that read the
        # virtualization type see it.)
        grown = {r for r in after if after[r] > before[r] and r.startswith("AMI0")}
        assert not grown, (d.fix, fixed, grown)
    # To the end, in rounds: the last round finds nothing to apply.
    for _ in range(MAX_ROUNDS):
        fixes = [d.fix for d in _fixable(_lint(text, case)) if d.fix is not None]
        if not fixes:
            break
        changed = apply_edits(text, [e for f in applicable(fixes) for e in f.edits])
        assert changed != text
        text = changed
    else:
        pytest.fail(f"still fixing after {MAX_ROUNDS} rounds: {text!r}")


def test_every_listed_fix_is_exercised_by_a_case() -> None:
    seen: dict[str, set[str]] = {}
    for rule, case in FAILING:
        for d in _fixable(_lint(_text(case), case)):
            if d.rule == rule and d.fix is not None:
                seen.setdefault(rule, set()).add(d.fix.safety)
    assert {r: seen.get(r, set()) for r in EXPECTED} == EXPECTED
    assert set(seen) <= set(EXPECTED) | {"AMI101", "AMI104"}
