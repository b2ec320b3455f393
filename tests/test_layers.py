"""The layers of docs/architecture.md hold: `lint-imports` (import-linter)
checks the contracts of pyproject.toml: one direction through the layers, no
cycle among the modules of any package, rules kept out of the run."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def _nested_imports(path: Path) -> list[tuple[str, list[str], int]]:
    """The `from ami_lint… import` statements inside functions and `if` blocks
    of one module: (module, names imported, line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body if isinstance(node, ast.ImportFrom)}
    return [
        (node.module, [alias.name for alias in node.names], node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and id(node) not in top
        and node.module
        and node.module.startswith("ami_lint.")
        and node.level == 0
    ]


def test_function_level_imports_are_in_the_checked_graph() -> None:
    """The contracts see the imports inside functions and `TYPE_CHECKING`
    blocks too (about ninety of them), not only those at the top of a module."""
    graph = grimp.build_graph("ami_lint")
    seen = 0
    for path in sorted((ROOT / "ami_lint").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for imported, names, line in _nested_imports(path):
            # `from ami_lint.formatters import sarif` imports the submodule.
            targets = [f"{imported}.{n}" for n in names if f"{imported}.{n}" in graph.modules] or [imported]
            for target in targets:
                details = graph.get_import_details(importer=module, imported=target)
                assert any(d["line_number"] == line for d in details), (module, target, line)
                seen += 1
    assert seen > 50
