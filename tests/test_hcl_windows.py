"""A large HCL file is read a window at a time (ami_lint/frontends/hcl.py,
`_windows`): what is read is the same as from the whole file's tree, and no
more than one window's tree is alive at once (issue 20, item 3)."""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from ami_lint.frontends import hcl
from ami_lint.frontends.hcl import parse_hcl
from ami_lint.nodes import Entry, Node
from ami_lint.offsets import OffsetMap
from ami_lint.records import fields
from ami_lint.source import Source, Span

ROOT = Path(__file__).resolve().parent.parent

# Every kind of statement and comment between and inside blocks, with
# directives before, after and inside them, and text that is not ASCII.
MIXED = """\
# ami-lint: disable=AMI305
top = "é"
top = 2 # ami-lint: disable=AMI101

/* a comment
   over lines: ami-lint: disable=AMI210 */
resource "aws_ami" "a" {
  name = "ünï-${var.x}" // ami-lint: disable=AMI210
  text = <<-EOT
    one $${literal}
    } not a brace {
    EOT
  ebs_block_device {
    device_name = "/dev/xvda"
  }
} # ami-lint: disable=AMI216
locals {
  m = { a = 1, "b" = [1, 2, "x"] }
}

# ami-lint: disable=AMI101
resource "aws_ami" "b" {
  name = "b"
  virtualization_type = "hvm" /* ami-lint: disable=AMI306 */
}
resource "aws_instance" "c" {
  ami = aws_ami.a.id
}
source "amazon-ebs" "x" {
  ami_name = "x-\\u00e9"
}
build {
  sources = ["source.amazon-ebs.x"]
}
# the end: ami-lint: disable=AMI101
"""


def _dump(value: Any) -> Any:
    """Everything a record holds, as plain values (a source by its name)."""
    if isinstance(value, Source):
        return ("source", value.path)
    if isinstance(value, (Span, str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return [(_dump(k), _dump(v)) for k, v in value.items()]
    if isinstance(value, OffsetMap):
        return [_dump(getattr(value, name)) for name in OffsetMap.__slots__]
    if isinstance(value, (Node, Entry)) or hasattr(value, "__record_fields__") or _is_record(value):
        return (type(value).__name__, [(name, _dump(getattr(value, name))) for name in fields(value)])
    return repr(value)


def _is_record(value: Any) -> bool:
    try:
        fields(value)
    except (TypeError, AttributeError):
        return False
    return True


def _whole(text: str, **kw: Any) -> Any:
    saved = hcl.WINDOW
    hcl.WINDOW = 1 << 40
    try:
        return _dump(parse_hcl(Source.from_text(text, "main.tf"), **kw))
    finally:
        hcl.WINDOW = saved


def _windowed(text: str, window: int, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Any:
    monkeypatch.setattr(hcl, "WINDOW", window)
    return _dump(parse_hcl(Source.from_text(text, "main.tf"), **kw))


def _only_ami(kind: str, labels: tuple[str, ...]) -> bool:
    return labels[:1] == ("aws_ami",)


KWARGS = [{}, {"only": ("resource",), "select": _only_ami}, {"only": ()}, {"only": ("source", "build")}]


@pytest.mark.parametrize("window", [8, 40, 100, 300])
@pytest.mark.parametrize("kw", KWARGS)
def test_windows_read_what_the_whole_tree_reads(window: int, kw: dict[str, Any], monkeypatch) -> None:
    text = MIXED * 3
    assert _windowed(text, window, monkeypatch, **kw) == _whole(text, **kw)


def test_a_file_without_errors_is_read_in_windows_wherever_they_fall(monkeypatch) -> None:
    """The window's end cuts a statement (an error there, in the body or
    after it): that is no reason to parse the whole file."""
    from ami_lint.shell.words import Offsets

    text = MIXED * 3
    source = Source.from_text(text, "main.tf")
    for window in range(8, 600, 7):
        monkeypatch.setattr(hcl, "WINDOW", window)
        assert hcl._windows(source, Offsets(text), None, None) is not None, window


def _case_texts() -> list[tuple[str, str]]:
    """The HCL sources of tests/cases (Terraform and Packer)."""
    import yaml

    texts = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if case.get("format") in ("terraform", "packer") and isinstance(case.get("source"), str):
                texts.append((f"{path.name}:{case['name']}", case["source"]))
    return texts


def test_the_cases_read_the_same_in_windows(monkeypatch) -> None:
    texts = _case_texts()
    assert len(texts) > 20
    for name, text in texts:
        for kw in KWARGS:
            expected = _whole(text, **kw)
            for window in (16, 200):
                assert _windowed(text, window, monkeypatch, **kw) == expected, name


@pytest.mark.parametrize(
    "broken",
    [
        'resource "aws_ami" "z" {\n  name = \n}\n',  # a value missing
        'resource "aws_ami" "z" {\n  name = "x\n}\n',  # a string not closed
        'resource "aws_ami" "z" {\n  name = "x"\n',  # a block not closed (at the end)
        "x = <<EOT\nnever closed\n",
        "} stray\n",
    ],
)
def test_a_syntax_error_anywhere_reads_as_the_whole_tree(broken: str, monkeypatch) -> None:
    for text in (broken + MIXED * 2, MIXED + broken + MIXED, MIXED * 2 + broken):
        for kw in KWARGS:
            assert _windowed(text, 50, monkeypatch, **kw) == _whole(text, **kw)


def _unit(i: int) -> str:
    return (
        f'resource "aws_ami" "build_{i}" {{\n'
        f'  name = "build-{i}"\n'
        '  virtualization_type = "hvm"\n'
        "  ebs_block_device {\n"
        f'    snapshot_id = "snap-{i:017x}"\n'
        "  }\n"
        "}\n\n"
    )


def test_no_more_than_one_window_tree_is_alive(monkeypatch) -> None:
    """Each window's tree (and every node of it) is let go before the next
    is parsed: when a window is parsed, only this test holds the earlier ones."""
    import tree_sitter

    trees: list[Any] = []
    held: list[int] = []
    real = tree_sitter.Parser.parse

    def parse(self: Any, *args: Any, **kw: Any) -> Any:
        # One reference is `trees`', one `getrefcount`'s own: any more is a node's or the reader's.
        held.append(sum(1 for i in range(len(trees)) if sys.getrefcount(trees[i]) > 2))
        tree = real(self, *args, **kw)
        trees.append(tree)
        return tree

    monkeypatch.setattr(tree_sitter.Parser, "parse", parse, raising=False)
    monkeypatch.setattr(hcl, "WINDOW", 2048)
    text = "".join(_unit(i) for i in range(400))
    parsed = parse_hcl(Source.from_text(text, "main.tf"), only=("resource",), select=_only_ami)
    assert len(parsed.body.blocks) == 400
    assert len(trees) > 10  # read in windows
    assert held == [0] * len(trees)
    assert all(sys.getrefcount(trees[i]) == 2 for i in range(len(trees)))


def test_memory_is_bounded_by_the_text_not_the_tree() -> None:
    """tracemalloc sees tree-sitter's allocations (py-tree-sitter allocates
    through Python): a whole tree is about 70 times the text; reading in
    windows keeps the peak to what is read from the text, and a window."""
    text = "".join(_unit(i) for i in range(2000))  # about 330 KB
    source = Source.from_text(text, "main.tf")
    gc.collect()
    tracemalloc.start()
    try:
        parsed = parse_hcl(source, only=("locals",))  # nothing read: the trees only
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parsed.body.blocks == ()
    assert peak < 12 * len(text) + 8 * 2**20, peak
