"""The generated rule index (`rules/_index.py`, issue 20): in sync with the rule
files, and the rules it runs are the rule files' own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint.registry import RuleLoadError, _indexed_rules, _Pending
from ami_lint.rule_index import index_module, index_more_module
from tests.conftest import ROOT

RULES = ROOT / "rules"


def test_index_is_in_sync_with_the_rule_files() -> None:
    current = (RULES / "_index.py").read_text(encoding="utf-8")
    assert index_module(RULES) == current, "run python scripts/update_docs.py"
    more = (RULES / "_index_more.py").read_text(encoding="utf-8")
    assert index_more_module(RULES) == more, "run python scripts/update_docs.py"


# Each rule module as a run sees it: every name it binds, what it is, and for
# classes and functions their module and qualified name (what pickling and
# tracebacks use), the values of strings and numbers, and the methods of classes.
DESCRIBE = """
import importlib, json, os, sys
mode = sys.argv[1]
import ami_lint.rules as package
from ami_lint.registry import builtin_registry
folder = os.path.dirname(package.__file__)
stems = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and not f.startswith("_"))
if mode == "files":
    modules = [importlib.import_module("ami_lint.rules." + s) for s in stems]
from ami_lint.registry import METADATA, _Pending
registry = builtin_registry()
# Before any rule's code runs: what a run reads of each rule, from the index.
pending = sum(type(r) is _Pending for r in registry)
metadata = [[repr(getattr(r, key)) for key in METADATA] for r in registry]
ran = [r.docs_text is not None for r in registry]  # the docs: each rule's code has run
modules = [sys.modules["ami_lint.rules." + s] for s in stems]
def describe(value):
    kind = type(value).__name__
    if isinstance(value, (str, int, float, bool)) or value is None:
        return [kind, value]
    if isinstance(value, type):
        methods = sorted(
            [name, getattr(item, "__qualname__", None), getattr(item, "__module__", None)]
            for name, item in vars(value).items() if callable(item)
        )
        return [kind, value.__module__, value.__qualname__, methods]
    return [kind, getattr(value, "__module__", None), getattr(value, "__qualname__", None)]
out = {
    # Run from the index, a rule module has no import spec.
    "index": all(m.__spec__ is None for m in modules),
    "modules": {
        m.__name__: {k: describe(v) for k, v in vars(m).items()
                     if k not in ("__builtins__", "__loader__", "__spec__", "__cached__", "annotations")}
        for m in modules
    },
    "rules": [[r.id, r.name, r.origin, r.docs_text, type(r).__module__] for r in registry],
    "pending": pending,
    "metadata": metadata,
    # One rule object: the registry's is the one its module binds.
    "same": all(m.RULE is registry.get(m.RULE.id) for m in modules),
}
print(json.dumps(out, sort_keys=True))
"""


def _describe(mode: str) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-I", "-c", DESCRIBE, mode], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_rules_from_the_index_are_the_rule_files_own() -> None:
    indexed, imported = _describe("index"), _describe("files")
    # The registry ran the index; imported one by one, it is not used.
    assert (indexed["index"], imported["index"]) == (True, False)
    assert indexed["modules"] == imported["modules"]
    assert indexed["rules"] == imported["rules"]
    # The index's metadata of each rule is what its file's rule has.
    assert indexed["metadata"] == imported["metadata"]
    count = len(list(RULES.glob("[!_]*.py")))
    assert (indexed["pending"], imported["pending"]) == (count, 0)
    assert indexed["same"] is True and imported["same"] is True
    modules = imported["modules"]
    assert isinstance(modules, dict) and len(modules) == count
    arm64 = modules["ami_lint.rules.arm64_requires_uefi"]
    assert arm64["__file__"] == ["str", str(RULES / "arm64_requires_uefi.py")]
    assert arm64["__doc__"][1].startswith("## What it does")


def _pack(tmp_path: Path, name: str, body: str) -> Path:
    """A rules package `name` with one rule file and its index."""
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "only_rule.py").write_text(body, encoding="utf-8")
    (package / "_index.py").write_text(index_module(package), encoding="utf-8")
    return package


RULE = '''"""Its documentation:
   indented text in a string stays as it is.
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import Rule

NOTE = """first
    second"""


class OnlyRule(Rule):
    id = "X{number}01"
    name = "only-rule"
    summary = "One rule"
    severity = Severity.WARNING


RULE = OnlyRule()
'''


def test_an_index_that_does_not_match_its_files_is_not_used(tmp_path: Path) -> None:
    package = _pack(tmp_path, "index_pack_a", RULE.format(number=1))
    sys.path.insert(0, str(tmp_path))
    try:
        rules = _indexed_rules("index_pack_a", str(package))
        assert rules is not None and [(r.id, r.name, r.origin) for r in rules] == [
            ("X101", "only-rule", str(package / "only_rule.py"))
        ]
        # Its code runs when first needed (its docs here), in its module.
        assert type(rules[0]) is _Pending and "index_pack_a.only_rule" not in sys.modules
        assert rules[0].docs_text.startswith("Its documentation")
        module = sys.modules["index_pack_a.only_rule"]
        assert module.RULE is rules[0] and type(rules[0]).__name__ == "OnlyRule"
        assert module.NOTE == "first\n    second"
        assert module.__doc__ == "Its documentation:\n   indented text in a string stays as it is.\n"
        # The rule file changed after the index was made: the index is not used.
        other = _pack(tmp_path, "index_pack_b", RULE.format(number=1))
        (other / "only_rule.py").write_text(RULE.format(number=22), encoding="utf-8")
        assert _indexed_rules("index_pack_b", str(other)) is None
        # Edited to a text of the same size: not used either (never a stale rule).
        same = _pack(tmp_path, "index_pack_d", RULE.format(number=5))
        (same / "only_rule.py").write_text(RULE.format(number=6), encoding="utf-8")
        assert len(RULE.format(number=5)) == len(RULE.format(number=6))
        assert _indexed_rules("index_pack_d", str(same)) is None
        # A rule file added beside it: not used either.
        third = _pack(tmp_path, "index_pack_c", RULE.format(number=3))
        (third / "another_rule.py").write_text(RULE.format(number=4), encoding="utf-8")
        assert _indexed_rules("index_pack_c", str(third)) is None
        # A folder named as a rule file is not one: the index is used (as
        # with only the rule files beside it)...
        folder = _pack(tmp_path, "index_pack_e", RULE.format(number=9))
        (folder / "not_a_rule.py").mkdir()
        (folder / "notes.txt").write_text("not a rule file\n")
        found = _indexed_rules("index_pack_e", str(folder))
        assert found is not None and [r.id for r in found] == ["X901"]
        # ...and where the index records a rule file, it is not that file.
        (folder / "only_rule.py").unlink()
        (folder / "only_rule.py").mkdir()
        assert _indexed_rules("index_pack_e", str(folder)) is None
        # No index at all.
        assert _indexed_rules("ami_lint", str(tmp_path)) is None
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("index_pack_")]:
            del sys.modules[name]


def test_a_rule_not_yet_run_pickles_and_becomes_its_files_rule(tmp_path: Path) -> None:
    """A `--jobs` worker may receive a rule whose code has not run: it runs
    there when first needed, and the rule is the file's (class, attributes)."""
    import pickle

    package = _pack(tmp_path, "index_pack_p", RULE.format(number=7))
    sys.path.insert(0, str(tmp_path))
    try:
        rules = _indexed_rules("index_pack_p", str(package))
        assert rules is not None and type(rules[0]) is _Pending
        copy = pickle.loads(pickle.dumps(rules[0]))
        assert type(copy) is _Pending and (copy.id, copy.name, copy.severity) == ("X701", "only-rule", 2)
        assert list(copy.check(None, None)) == []  # type: ignore[arg-type]  # Rule.check's: none
        assert type(copy).__name__ == "OnlyRule" and sys.modules["index_pack_p.only_rule"].RULE is copy
        assert rules[0].summary == "One rule" and type(rules[0]) is _Pending
        rules[0].set_docs_text("Other docs")  # runs it: the module's rule is the registry's again
        assert (
            type(rules[0]).__name__ == "OnlyRule" and sys.modules["index_pack_p.only_rule"].RULE is rules[0]
        )
        assert (rules[0].docs_text, copy.docs_text) == ("Other docs", RULE.split('"""')[1])
        assert type(rules[0]) is type(copy)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("index_pack_")]:
            del sys.modules[name]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("from __future__ import annotations\nX = 1\n", "starts with its documentation"),
        ('"""Docs."""\nX = 1\n', "__future__"),
        ('"""Docs."""\nfrom __future__ import annotations\nX: int = 1\n', ":3: not allowed"),
        ('"""Docs."""\nfrom __future__ import annotations\nfrom os import *\n', ":3: not allowed"),
    ],
)
def test_rule_files_the_index_cannot_hold_are_refused(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "a_rule.py").write_text(text, encoding="utf-8")
    with pytest.raises(RuleLoadError, match=problem):
        index_module(tmp_path)


@pytest.mark.parametrize(
    ("rule_id", "name"), [("X1", "only-rule"), ("X801", "Only_Rule"), ("X801", "only--rule")]
)
def test_an_ill_formed_rule_is_not_pending_and_the_registry_refuses_it(
    tmp_path: Path, rule_id: str, name: str
) -> None:
    """The registry does not check a pending rule's id and name again
    (issue 20): the index holds the metadata of well-formed rules only, and
    a rule whose id or name is ill-formed runs at start-up and is refused."""
    from ami_lint.registry import Registry

    body = RULE.format(number=8).replace('"X801"', repr(rule_id)).replace('"only-rule"', repr(name))
    package = _pack(tmp_path, "index_pack_bad", body)
    assert "RULES = {\n}" in (package / "_index.py").read_text(encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        rules = _indexed_rules("index_pack_bad", str(package))
        assert rules is not None and type(rules[0]) is not _Pending
        with pytest.raises(RuleLoadError, match=r"only_rule\.py: rule (id|name) "):
            Registry().add(rules[0])
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m.startswith("index_pack_")]:
            del sys.modules[module]


def test_a_rule_never_checked_runs_from_the_second_part_when_it_matches(tmp_path: Path) -> None:
    """A rule of a kind whose `check` a run never calls has its code in
    `_index_more.py`, used when it was made from the same files; a second
    part that was not is left alone, and the rule file is imported."""
    body = RULE.format(number=3).replace(
        "    severity = Severity.WARNING\n", '    severity = Severity.WARNING\n    kind = "schema"\n'
    )
    package = _pack(tmp_path, "index_pack_m", body)
    assert "def only_rule" not in (package / "_index.py").read_text(encoding="utf-8")
    (package / "_index_more.py").write_text(index_more_module(package), encoding="utf-8")
    stale = _pack(tmp_path, "index_pack_n", body)
    (stale / "_index_more.py").write_text(
        index_more_module(stale).replace("CHECKS = {", "CHECKS = {\n    'gone.py': (1, 2),"), encoding="utf-8"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        for name, from_index in (("index_pack_m", True), ("index_pack_n", False)):
            rules = _indexed_rules(name, str(tmp_path / name))
            assert rules is not None and type(rules[0]) is _Pending and rules[0].kind == "schema"
            assert rules[0].docs_text.startswith("Its documentation")  # its code has run
            module = sys.modules[f"{name}.only_rule"]
            assert module.RULE is rules[0] and type(rules[0]).__name__ == "OnlyRule"
            assert (module.__spec__ is None) is from_index, name  # run from the index, or imported
            assert (f"{name}._index_more" in sys.modules) is True
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("index_pack_")]:
            del sys.modules[name]
