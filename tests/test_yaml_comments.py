"""The comment scan of a YAML text by libyaml's scanner (`_libyaml_scan`,
issue 20: no import of ruamel.yaml) gives what ruamel's gives, or leaves the
text to it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ami_lint.readers.yaml_comments import _libyaml_scan, _ruamel_scan
from tests.test_yaml_fastpath import SOUP, broken, documents

ROOT = Path(__file__).parent.parent
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def _same_or_left(text: str) -> bool:
    """True when libyaml scanned `text` (and as ruamel does), False when it left it to ruamel."""
    ours = _libyaml_scan(text)
    if ours is None:
        return False
    assert ours == _ruamel_scan(text), text
    return True


@pytest.mark.parametrize(
    "text",
    [
        # Found by the generated inputs: ruamel scans each differently.
        "-\r\n  - [*a: Name]\r\n",  # `*a:` is an alias name in ruamel
        "- [:Name]\n",  # `:Name` is a plain scalar in YAML 1.2
        ">\n:",  # a top-level block scalar may have unindented text in YAML 1.2
        "a: |#\n  x\n",  # a block scalar header as ruamel rejects it
        "%YAML 1.1\n---\na: 1\n",  # a directive
        "a: 1\n\tb: 2\n",  # a tab
        "a: 'x\n# ami-lint: disable=AMI104\n",  # a scanner error
    ],
)
def test_left_to_ruamel(text: str) -> None:
    assert not _same_or_left(text)


@pytest.mark.parametrize(
    "text",
    [
        "Name: x\n# ami-lint: disable=AMI104\nArchitecture: amd64\nBlockDeviceMappings: []\n",
        'a: "x # not a comment"  # ami-lint: disable=AMI104\nb: |\n  # not one either\n  y\nc: 1 # one\n',
        "- &a x\n- *a\n- !!str y # c\n- {k: [1, 2]}  # c\n",
    ],
)
def test_scanned_by_libyaml(text: str) -> None:
    assert _same_or_left(text)


def test_repository_files() -> None:
    scanned = 0
    for path in sorted(ROOT.glob("**/*.y*ml")):
        if ".venv" in path.parts or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        scanned += _same_or_left(text)
    assert scanned > 20


@FUZZ
@given(documents())
def test_generated_documents(text: str) -> None:
    _same_or_left(text)


@FUZZ
@given(broken())
def test_generated_broken_documents(text: str) -> None:
    _same_or_left(text)


@FUZZ
@given(SOUP)
@example("- a\n-\n  # c\n  - b\n")
def test_generated_soup(text: str) -> None:
    _same_or_left(text)


@FUZZ
@given(st.text(alphabet="ab :-#'\"|>[]{},\n!&*%?", max_size=30))
def test_generated_characters(text: str) -> None:
    _same_or_left(text)


def test_a_suppression_without_importing_ruamel() -> None:
    code = (
        "import sys\n"
        "from ami_lint.readers.yaml_comments import yaml_comments\n"
        "from ami_lint.source import Source\n"
        "text = 'a: \"# x\"\\n# ami-lint: disable=AMI104\\nb: 1  # ami-lint: disable=AMI105\\n'\n"
        "print([(c.span.start, c.own_line) for c in yaml_comments(Source.from_text(text, 'x.yaml'))])\n"
        "print([m for m in sys.modules if m.startswith('ruamel')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[(9, True), (42, False)]\n[]\n"
