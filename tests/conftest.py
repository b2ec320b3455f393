from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter, Options
from ami_lint.selection import Selection

ROOT = Path(__file__).resolve().parent.parent


def bench_typical() -> str:
    """bench/run.py's TYPICAL, the script `bench/startup.py` and
    `bench/server_latency.py` time, read from its source (bench/ is not a
    package the tests import)."""
    import ast

    tree = ast.parse((ROOT / "bench" / "run.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["TYPICAL"]:
            value = ast.literal_eval(node.value)
            assert isinstance(value, str)
            return value
    raise AssertionError("bench/run.py has no TYPICAL")


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL",))))


def lint(
    text: str, name: str, fmt: str, linter: Linter | None = None, option: str | None = None
) -> list[Diagnostic]:
    """Lint a document, or with `fmt="shorthand"` the value of `option`, one word per line."""
    linter = linter or Linter(Options(selection=Selection(select=("ALL",))))
    if fmt == "shorthand":
        from ami_lint.cliargs import member_for_option

        member = member_for_option(option or "")
        assert member is not None, option
        return linter.lint_option(member, text.removesuffix("\n"), name)
    diagnostics, _ = linter.lint_text(text, name, fmt)
    return sorted(diagnostics, key=Diagnostic.sort_key)


def located(d: Diagnostic) -> str:
    """`line:col-end_line:end_col RULE`, the form case files use."""
    s, e = d.start, d.end
    return f"{s.line}:{s.column}-{e.line}:{e.column} {d.rule}"


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None, pythonpath: tuple[Path, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`pythonpath`: folders importable by the run (rule packs), after the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (ROOT, *pythonpath))
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
    )
