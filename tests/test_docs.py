"""Rule documentation is runnable and the generated docs are in sync."""

from __future__ import annotations

import pytest

from ami_lint.docsgen import rules_markdown, update_readme
from ami_lint.engine import Linter, Options
from ami_lint.registry import builtin_registry
from ami_lint.ruledocs import EXAMPLE_FORMATS
from ami_lint.selection import Selection
from tests.conftest import ROOT, lint

RULES = list(builtin_registry())
FORMATS = {".json": "json", ".yaml": "yaml", ".sh": "shell", ".tf": "terraform"}


def _snippets(kind: str) -> list[tuple[str, str, str, str]]:
    out = []
    for rule in RULES:
        snippets = rule.docs.examples if kind == "example" else rule.docs.use_instead
        for snippet in snippets:
            assert snippet.language in EXAMPLE_FORMATS, f"{rule.id}: example language {snippet.language!r}"
            out.append((rule.id, snippet.language, snippet.info, snippet.code))
    return out


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_documentation(rule) -> None:
    assert rule.docs.missing_sections() == []
    assert rule.docs.examples and rule.docs.use_instead
    assert rule.summary and not rule.summary.endswith(".")
    assert rule.references


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_references_are_written_once(rule) -> None:
    """A built-in rule's references are (title, url) pairs, and its docs'
    References section is made from them, last: the docs never write one."""
    assert all(
        isinstance(ref, tuple) and len(ref) == 2 and ref[1].startswith("https://") for ref in rule.references
    )
    assert "## References" not in rule.docs_text
    assert list(rule.docs.sections)[-1] == "References"
    assert rule.docs.sections["References"] == "\n".join(
        f"- [{title}]({url})" for title, url in rule.references
    )
    assert 0 <= rule.help_reference < len(rule.references)


def _lint_snippet(language: str, code: str, info: str = "", rule: str = "ALL"):
    # The rule by its id too, so that a rule that is off by default runs.
    linter = Linter(Options(selection=Selection(select=("ALL", rule))))
    if language == "shorthand":
        return lint(code, "<example>", "shorthand", linter, option=info)
    suffix = EXAMPLE_FORMATS[language]
    return lint(code, f"example{suffix}", FORMATS[suffix], linter)


@pytest.mark.parametrize(("rule", "language", "info", "code"), _snippets("example"))
def test_example_triggers_its_rule(rule: str, language: str, info: str, code: str) -> None:
    assert rule in {d.rule for d in _lint_snippet(language, code, info, rule)}


@pytest.mark.parametrize(("rule", "language", "info", "code"), _snippets("use_instead"))
def test_use_instead_does_not_trigger_its_rule(rule: str, language: str, info: str, code: str) -> None:
    assert rule not in {d.rule for d in _lint_snippet(language, code, info, rule)}


def test_readme_rule_table_in_sync() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme, builtin_registry()) == readme, "run python scripts/update_docs.py"


def test_docs_rules_md_in_sync() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules_markdown(builtin_registry()) == current, "run python scripts/update_docs.py"


def test_readme_table_lists_every_rule_once() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert readme.count(f"| `{rule.name}` |") == 1
