"""Regenerate the README's rule table, docs/rules.md, docs/rules/AMI###.md and the rule index
rules/_index.py (and its second part, rules/_index_more.py) from the rule files,
ami_lint/data/limits_table.py from ami_lint/data/limits.toml,
ami_lint/data/schema_table.py from ami_lint/data/register_image.schema.json,
ami_lint/data/enum_aliases_table.py from ami_lint/data/enum_aliases.yaml, and
ami_lint/data/record_inits.py from the record classes of every module."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ami_lint.docsgen import rule_pages, rules_markdown, update_readme  # noqa: E402
from ami_lint.limits import read_toml, table_module  # noqa: E402
from ami_lint.records import inits_module  # noqa: E402
from ami_lint.registry import builtin_registry  # noqa: E402
from ami_lint.rule_index import index_module, index_more_module  # noqa: E402
from ami_lint.schema import SCHEMA_RESOURCE, schema_module  # noqa: E402
from ami_lint.schema_check import aliases_module  # noqa: E402


def record_specs() -> list[tuple[object, bool]]:
    """Every record class of ami-lint's modules (all imported, the built-in
    rules too): its `__record__` and whether it has `__post_init__`."""
    import importlib
    import pkgutil

    import ami_lint

    for info in pkgutil.walk_packages(ami_lint.__path__, "ami_lint."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an extra that is not installed
            continue
    builtin_registry()
    found: dict[int, type] = {}
    for name, module in sorted(sys.modules.items()):
        if name == "ami_lint" or name.startswith("ami_lint."):
            for value in vars(module).values():
                if isinstance(value, type) and "__record__" in value.__dict__:
                    found[id(value)] = value
    return [(cls.__dict__["__record__"], hasattr(cls, "__post_init__")) for cls in found.values()]


def main() -> int:
    # The index first: the registry below loads the rules from it when it matches them.
    index = ROOT / "rules" / "_index.py"
    index.write_text(index_module(ROOT / "rules"), encoding="utf-8")
    (ROOT / "rules" / "_index_more.py").write_text(index_more_module(ROOT / "rules"), encoding="utf-8")
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
    aliases = (data / "enum_aliases.yaml").read_text(encoding="utf-8")
    (data / "enum_aliases_table.py").write_text(aliases_module(aliases), encoding="utf-8")
    (data / "record_inits.py").write_text(inits_module(record_specs()), encoding="utf-8")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
