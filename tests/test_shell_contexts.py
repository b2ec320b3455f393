"""Every shell case of tests/cases in the places calls stand in real scripts
(issue 4, item 6): inside a function, an `if`, a `$(…)` capture, after a
heredoc that mentions register-image and after non-ASCII text. The findings
are the same, moved down by the lines put before the call."""

from __future__ import annotations

import functools

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.registry import builtin_registry
from ami_lint.selection import Selection
from tests.conftest import lint, located
from tests.test_rule_cases import ALL

# Each context: the lines before the case's commands and the lines after.
CONTEXTS = {
    "function": ("build_image() {\n", "}\nbuild_image\n"),
    "if": ('if [ -n "${RELEASE:-}" ]; then\n', "fi\n"),
    "capture": ("IMAGE_ID=$(\n", ")\n"),
    "heredoc": ("cat <<'EOF' >README.txt\naws ec2 register-image --name x --architecture bad\nEOF\n", ""),
    "non-ascii": ("# Überprüfung des Abbilds — 画像の登録 🚀\n", ""),
    "pipeline-and-list": ("set -e && true\n{ true; } | cat\n", ""),
}
SHELL_CASES = [(rule, case) for rule, case in ALL if case["format"] == "shell" and "path" not in case]
# Rules about the command's place: `$(…)` changes what AMI408 says.
PLACE_RULES = {"AMI408"}


@functools.cache
def _linter(rule: str) -> Linter:
    return Linter(Options(selection=Selection(select=("ALL", rule))))


def _shifted(found: str, lines: int) -> str:
    where, rule = found.split(" ")
    start, end = where.split("-")
    (l1, c1), (l2, c2) = start.split(":"), end.split(":")
    return f"{int(l1) + lines}:{c1}-{int(l2) + lines}:{c2} {rule}"


def _in_context(source: str, before: str, after: str) -> tuple[str, int]:
    """The case's source placed in the context, and how many lines it moved."""
    shebang = ""
    if source.startswith("#!"):
        shebang, source = source.split("\n", 1)
        shebang += "\n"
    if not source.endswith("\n"):
        source += "\n"
    return shebang + before + source + after, before.count("\n")


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize(("rule", "case"), SHELL_CASES, ids=[f"{r}-{c['name']}" for r, c in SHELL_CASES])
def test_case_in_context(rule: str, case: dict, context: str) -> None:
    if context == "capture" and rule in PLACE_RULES:
        pytest.skip("`$(…)` around the call changes what this rule is about")
    before, after = CONTEXTS[context]
    script, moved = _in_context(case["source"], before, after)
    got = [located(d) for d in lint(script, "case.sh", "shell", _linter(rule)) if d.rule == rule]
    expected = [] if case.get("pass") else [_shifted(f, moved) for f in case["expect"]]
    assert got == expected


def test_contexts_cover_every_shell_rule() -> None:
    rules = {rule for rule, case in SHELL_CASES if not case.get("pass")}
    shell_rules = {r.id for r in builtin_registry() if r.id.startswith("AMI4")}
    assert shell_rules <= rules
