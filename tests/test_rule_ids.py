"""Rule ids that code outside `rules/` names come from `ami_lint.rule_ids`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ami_lint import rule_ids
from ami_lint.registry import builtin_registry

PACKAGE = Path(rule_ids.__file__).resolve().parent
AN_ID = re.compile(r"AMI\d{3}")


def test_each_constant_is_the_registered_rule_of_its_name() -> None:
    registry = builtin_registry()
    constants = {k: v for k, v in vars(rule_ids).items() if k.isupper()}
    assert constants, "no constants found"
    for constant, rule_id in constants.items():
        rule = registry.get(rule_id)
        assert rule is not None, f"{constant} = {rule_id!r} is no built-in rule"
        assert rule.name == constant.lower().replace("_", "-"), (constant, rule.name)


def test_no_other_module_of_the_package_spells_a_rule_id() -> None:
    """A string that is exactly a rule id (`"AMI101"`) anywhere in ami_lint's
    code, docstrings and comments aside, is one that should be a constant."""
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        # schema_table.py is register_image.schema.json as a literal (generated):
        # its `x-rule` values are the JSON's data, as in the JSON itself.
        if path.name == "rule_ids.py" or path == PACKAGE / "data" / "schema_table.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and AN_ID.fullmatch(node.value):
                spelled.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}")
    assert spelled == []
