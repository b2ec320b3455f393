"""Each rule's own page (docs/rules/AMI###.md), and the links to it from the
text output and SARIF's `helpUri`, with the base url of pyproject's `project.urls`."""

from __future__ import annotations

import sys
from pathlib import Path

from ami_lint.docsgen import rule_pages
from ami_lint.formatters import sarif
from ami_lint.registry import builtin_registry
from ami_lint.ruledocs import REPOSITORY, RULE_PAGES, rule_page

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_pages_in_sync_one_per_rule() -> None:
    wanted = rule_pages(builtin_registry())
    folder = ROOT / "docs" / "rules"
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(wanted), "run scripts/update_docs.py"
    for name, text in wanted.items():
        assert (folder / name).read_text(encoding="utf-8") == text, f"{name}: run scripts/update_docs.py"
    page = wanted["AMI402.md"]
    assert page.startswith("# AMI402 boolean-flag-with-value\n")
    assert "\n## Fix safety\n" in page and "\n## References\n" in page


def test_base_url_is_pyprojects() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Rules"] == RULE_PAGES
    assert urls["Repository"] == REPOSITORY == sarif.INFORMATION_URI
    assert f"{REPOSITORY}/blob/main/docs/rules/" == RULE_PAGES
    assert rule_page("AMI401") == f"{REPOSITORY}/blob/main/docs/rules/AMI401.md"
    # Relative to the repository, each url is the generated page.
    for rule in builtin_registry():
        assert (ROOT / rule_page(rule.id).removeprefix(f"{REPOSITORY}/blob/main/")).is_file()


def test_readme_table_links_each_rule_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in builtin_registry():
        assert f"| [{rule.id}](docs/rules/{rule.id}.md) |" in readme


def test_rules_with_fixes_say_why_they_are_safe_or_not() -> None:
    from tests.test_fix_cases import EXPECTED

    for rule_id in EXPECTED:
        rule = builtin_registry().get(rule_id)
        assert rule is not None and rule.docs.sections.get("Fix safety"), rule_id
