"""Regenerate the README's rule table, docs/rules.md, docs/rules/AMI###.md and the rule index
rules/_index.py from the rule files, ami_lint/data/limits_table.py from ami_lint/data/limits.toml,
and ami_lint/data/schema_table.py from ami_lint/data/register_image.schema.json."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ami_lint.docsgen import rule_pages, rules_markdown, update_readme  # noqa: E402
from ami_lint.limits import read_toml, table_module  # noqa: E402
from ami_lint.registry import builtin_registry, index_module  # noqa: E402
from ami_lint.schema import SCHEMA_RESOURCE, schema_module  # noqa: E402


def main() -> int:
    # The index first: the registry below loads the rules from it when it matches them.
    index = ROOT / "rules" / "_index.py"
    index.write_text(index_module(ROOT / "rules"), encoding="utf-8")
    registry = builtin_registry()
    readme = ROOT / "README.md"
    readme.write_text(update_readme(readme.read_text(encoding="utf-8"), registry), encoding="utf-8")
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(rules_markdown(registry), encoding="utf-8")
    pages = ROOT / "docs" / "rules"
    pages.mkdir(exist_ok=True)
    wanted = rule_pages(registry)
    for stale in pages.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (pages / name).write_text(text, encoding="utf-8")
    table = ROOT / "ami_lint" / "data" / "limits_table.py"
    table.write_text(table_module(read_toml()), encoding="utf-8")
    data = ROOT / "ami_lint" / "data"
    schema = (data / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    (data / "schema_table.py").write_text(schema_module(schema), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
