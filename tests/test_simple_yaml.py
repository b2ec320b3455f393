"""`ami_lint.simple_yaml` reads ami-lint's own data files exactly as ruamel's
YAML 1.2 loader does, and gives up on anything outside its small subset."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ami_lint import simple_yaml

RULES = Path(__file__).resolve().parent.parent / "rules"
DATA_FILES = sorted(RULES.glob("*.yaml"))


def _typed(value: Any) -> Any:
    """The value with its types spelled out: `True == 1` must not pass."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _reference(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_builtin_data_file_is_read_as_ruamel_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = simple_yaml.load(text)
    assert data is not None, f"{path.name} is outside the subset: start-up imports a YAML library"
    assert _typed(data) == _typed(_reference(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: -2\nc: 0.25\nd: 1e3\ne: true\nf: False\ng: text, with (parens) and a:b\n",
        "a:\n  - x\n  - https://example.com/a#b\nb:\n- y\n",
        "# comment\na:  # trailing\n  b: 1  # one\n  c:\n    d: x\n",
        "docs: |\n  ## Title\n\n  body # not a comment\n    indented\n\n\nnext: 1\n",
        "docs: |\n  last\n",
    ],
)
def test_subset_agrees_with_ruamel(text: str) -> None:
    data = simple_yaml.load(text)
    assert data is not None
    assert _typed(data) == _typed(_reference(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: 'quoted'\n",
        'a: "quoted"\n',
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: &x 1\nb: *x\n",
        "a: !tag x\n",
        "a: null\n",
        "a: ~\n",
        "a:\n",
        "a: 0x1F\n",
        "a: 1_000\n",
        "a: .inf\n",
        "a: >\n  folded\n",
        "a: |-\n  strip\n",
        "a: 1\na: 2\n",
        "a:\n  - b: 1\n",
        "\ta: 1\n",
        "- a\n- b\n",
        "a: x\n b: y\n",
        "a: 1\r\n",
        "",
    ],
)
def test_anything_else_is_left_to_a_yaml_loader(text: str) -> None:
    # A top-level list is fine YAML, but not the shape of a data file.
    if text == "- a\n- b\n":
        assert simple_yaml.load(text) == ["a", "b"]
        return
    assert simple_yaml.load(text) is None


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
