"""Per-rule case files (tests/cases/*.yaml): each case gives a source inline and
either `pass: true` or the exact `line:col-end_line:end_col RULE` list of that rule."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ami_lint.engine import Linter, Options
from ami_lint.registry import builtin_registry
from ami_lint.selection import Selection
from tests.conftest import lint, located

CASES = Path(__file__).parent / "cases"
SUFFIX = {
    "json": ".json",
    "yaml": ".yaml",
    "shorthand": "",
    "shell": ".sh",
    "terraform": ".tf",
    "javascript": ".js",
    "typescript": ".ts",
    "python": ".py",
    "packer": ".pkr.hcl",
    "go": ".go",
}
# Formats read by a front end of another name (the file's suffix picks the grammar).
FRONT_END = {"typescript": "javascript"}


def _load() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((data["rule"], case))
    return out


ALL = _load()


@functools.cache
def _selecting(rule: str) -> Linter:
    return Linter(Options(selection=Selection(select=("ALL", rule))))


@pytest.mark.parametrize(("rule", "case"), ALL, ids=[f"{r}-{c['name']}" for r, c in ALL])
def test_case(rule: str, case: dict, linter) -> None:
    fmt = case["format"]
    name = case.get("path", f"case{SUFFIX[fmt]}")
    if not builtin_registry().get(rule).default_enabled:
        linter = _selecting(rule)  # `ALL` leaves out the rules that are off by default
    found = lint(case["source"], name, FRONT_END.get(fmt, fmt), linter, case.get("option"))
    diagnostics = [d for d in found if d.rule == rule]
    got = [located(d) for d in diagnostics]
    if case.get("pass"):
        assert got == []
    else:
        assert got == case["expect"]
    for d, message in zip(diagnostics, case.get("messages", []), strict=False):
        assert d.message == message


def test_every_rule_has_passing_and_failing_cases_per_format() -> None:
    formats: dict[str, dict[str, set[bool]]] = {}
    for rule, case in ALL:
        formats.setdefault(rule, {}).setdefault(case["format"], set()).add(bool(case.get("pass")))
    applicable = {
        "AMI001": {"json", "shorthand"},
        "AMI004": set(),  # needs a referenced file: tests/test_paramfile.py
        "AMI005": {"shell"},  # file:// paths also in tests/test_paramfile.py
        "AMI006": {"json"},
        "AMI007": {"terraform"},
        "AMI002": {"yaml"},
        "AMI003": {"shorthand"},
        "AMI102": {"json", "yaml"},  # a standalone option value is never a whole request
        "AMI221": {"json", "yaml", "shell"},  # needs RootDeviceName: not in a standalone option value
        "AMI301": {"json", "yaml", "shell"},  # 3xx: needs a whole request (AMI318 also shorthand)
        "AMI302": {"json", "yaml", "shell"},
        "AMI303": {"json", "yaml", "shell"},
        "AMI304": {"json", "yaml", "shell"},
        "AMI305": {"json", "yaml", "shell"},
        "AMI306": {"json", "yaml", "shell"},
        "AMI307": {"json", "yaml", "shell"},
        "AMI308": {"json", "yaml", "shell"},
        "AMI309": {"json", "yaml", "shell"},
        "AMI310": {"json", "yaml", "shell"},
        "AMI311": {"json", "yaml", "shell"},
        "AMI312": {"json", "yaml", "shell"},
        "AMI313": {"json", "yaml", "shell"},
        "AMI314": {"json", "yaml", "shell"},
        "AMI315": {"json", "yaml", "shell"},
        "AMI316": {"json", "yaml", "shell"},
        "AMI317": {"json", "yaml", "shell"},
        "AMI401": {"shell"},
        "AMI402": {"shell"},
        "AMI403": {"shell"},
        "AMI404": {"shell"},
        "AMI405": {"shell"},
        "AMI406": {"shell"},
        "AMI407": {"shell"},
        "AMI408": {"shell"},
        "AMI409": {"shell"},
        "AMI410": {"shell"},
        "AMI411": {"shell"},
    }
    for rule in builtin_registry():
        wanted = applicable.get(rule.id, {"json", "yaml", "shorthand"})
        for fmt in wanted:
            assert formats.get(rule.id, {}).get(fmt) == {True, False}, (
                f"{rule.id} needs pass and fail cases in {fmt}"
            )
