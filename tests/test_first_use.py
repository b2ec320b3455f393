"""What the first lint of a YAML request, a JSON request and a script
imports (issue 20: their first use, paid once by `--jobs 1` and by the
parent of `--jobs` in its warm-up before it forks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ami_lint import parallel
from tests.test_startup_imports import _probe

# Requests of each format, with a suppression comment (`parallel.WARM_UP`).
FILES = {name: text for name, text in parallel.WARM_UP if name != "warm-up.json" or text.endswith("}\n")}


@pytest.mark.parametrize("name", sorted(FILES))
def test_neither_typing_nor_ruamel(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(FILES[name], encoding="utf-8")
    (tmp_path / "warm-up.json").write_text(FILES["warm-up.json"], encoding="utf-8")
    run, imported = _probe(tmp_path, "--jobs", "1", "--select", "ALL", name)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(m for m in imported if m == "typing" or m.startswith("ruamel")) == []
