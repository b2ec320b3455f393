from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint.registry import (
    Registry,
    RuleLoadError,
    builtin_registry,
    load_rules_dir,
    rule_files,
)
from ami_lint.rule import KIND_INPUT, KIND_SCHEMA
from tests.conftest import ROOT


def test_builtin_rules_are_python_files() -> None:
    """Every built-in rule, the readers' and schema's too, is a Python rule
    file: no data file to parse at start-up."""
    assert {path.suffix for path in rule_files(ROOT / "rules")} == {".py"}
    kinds = {rule.id: rule.kind for rule in builtin_registry()}
    assert kinds["AMI002"] == KIND_INPUT and kinds["AMI101"] == KIND_SCHEMA


def test_start_up_imports_no_yaml_library() -> None:
    code = (
        "import sys\n"
        "from ami_lint.registry import builtin_registry\n"
        "from ami_lint.limits import load_limits\n"
        "builtin_registry(); load_limits('current')\n"
        "print(sorted(m for m in ('yaml', 'ruamel.yaml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_users_data_rule_is_read_by_ruamel(tmp_path: Path) -> None:
    _rule_file(tmp_path, "a.yaml", "ACME001", "acme-one")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ami_lint.registry import read_rules_dir\n"
        f"print([r.id for r in read_rules_dir(Path({str(tmp_path)!r}))], 'ruamel.yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ACME001'] True"


def test_builtin_rules_have_unique_ids_and_names() -> None:
    rules = list(builtin_registry())
    assert len({r.id for r in rules}) == len({r.name for r in rules}) == len(rules)


def test_catalog_ids_and_names_match_spec() -> None:
    # The ids, names and default severities are a contract (SPEC §4).
    expected = {
        "AMI001": ("json-syntax-error", "error"),
        "AMI002": ("yaml-syntax-error", "error"),
        "AMI006": ("duplicate-json-key", "warning"),
        "AMI101": ("unknown-parameter", "error"),
        "AMI102": ("missing-required-parameter", "error"),
        "AMI103": ("invalid-type", "error"),
        "AMI104": ("invalid-enum-value", "error"),
        "AMI105": ("length-out-of-range", "error"),
        "AMI106": ("invalid-image-name", "error"),
        "AMI107": ("malformed-resource-id", "error"),
        "AMI108": ("reserved-tag-key", "error"),
        "AMI109": ("tag-resource-type", "error"),
    }
    got = {r.id: (r.name, str(r.severity)) for r in builtin_registry() if r.id in expected}
    assert got == expected


def _rule_file(directory: Path, name: str, rule_id: str, rule_name: str) -> None:
    (directory / name).write_text(
        f"id: {rule_id}\nname: {rule_name}\nsummary: x\ncheck: {{schema: {{}}, message: x}}\n",
        encoding="utf-8",
    )


def test_duplicate_id_fails_loudly(tmp_path: Path) -> None:
    _rule_file(tmp_path, "a.yaml", "AMI104", "something-else")
    registry = builtin_registry().copy()
    with pytest.raises(RuleLoadError, match="duplicate rule id AMI104"):
        load_rules_dir(registry, tmp_path)


def test_duplicate_name_fails_loudly(tmp_path: Path) -> None:
    _rule_file(tmp_path, "a.yaml", "ACME001", "invalid-type")
    with pytest.raises(RuleLoadError, match="duplicate rule name invalid-type"):
        load_rules_dir(builtin_registry().copy(), tmp_path)


def test_bad_rule_files_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: ACME001\nname: x\nkind: schema\n", encoding="utf-8")
    with pytest.raises(RuleLoadError, match=r"bad\.yaml: a data rule needs a `check`"):
        load_rules_dir(Registry(), tmp_path)
    (tmp_path / "bad.yaml").unlink()
    (tmp_path / "broken.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    with pytest.raises(RuleLoadError, match=r"broken\.py: cannot import rule: boom"):
        load_rules_dir(Registry(), tmp_path)
