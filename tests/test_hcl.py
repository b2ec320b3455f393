"""The HCL reading layer (ami_lint/frontends/hcl.py): blocks, values and
their spans, comments, syntax errors, hostile input."""

from __future__ import annotations

from ami_lint.cliargs import PLACEHOLDER
from ami_lint.frontends.hcl import parse_hcl, walk_blocks
from ami_lint.nodes import Mapping, Scalar, Sequence, Unknown, to_python
from ami_lint.source import Source

TEXT = """\
# ami-lint: disable=AMI305
resource "aws_ami" "web" {
  name        = "web-\\u00e9\\"x\\""
  description = "${var.env}-web"
  ena_support = true
  size        = -8
  ids         = [1, "a", var.x]
  tags        = { Name = "x", "k" = 2 }
  fn          = file("x")
  loop        = [for s in var.l : s]
  ref         = data.aws_ebs_snapshot.s.id
  text = <<-EOT
    one $${literal}
      two
    EOT
  ebs_block_device { // ami-lint: disable=AMI210
    device_name = "/dev/xvda"
  }
}
"""


def _file(text: str = TEXT):
    return parse_hcl(Source.from_text(text, "main.tf"))


def _attrs():
    block = _file().body.blocks[0]
    return block, {a.name: a for a in block.body.attributes}


def test_blocks_and_labels() -> None:
    parsed = _file()
    block = parsed.body.blocks[0]
    assert (block.kind, block.label_values) == ("resource", ("aws_ami", "web"))
    assert parsed.source.slice(block.head) == 'resource "aws_ami" "web"'
    assert [b.kind for b in walk_blocks(parsed.body)] == ["resource", "ebs_block_device"]
    assert parsed.problems == []


def test_literals_decoded_with_spans() -> None:
    _, attrs = _attrs()
    name = attrs["name"].value
    assert isinstance(name, Scalar) and name.value == 'web-é"x"'
    source = name.source
    assert source.slice(name.span) == '"web-\\u00e9\\"x\\""'
    # `é` points at its escape, `"` at its backslash escape.
    assert source.slice(name.inner_span(4, 5)) == "\\u00e9"
    assert source.slice(name.inner_span(5, 6)) == '\\"'
    assert to_python(attrs["ena_support"].value) is True
    assert to_python(attrs["size"].value) == -8
    assert source.slice(attrs["size"].value.span) == "-8"


def test_collections() -> None:
    _, attrs = _attrs()
    ids = attrs["ids"].value
    assert isinstance(ids, Sequence)
    assert to_python(ids)[:2] == [1, "a"]
    assert isinstance(ids.items[2], Unknown) and ids.items[2].reason == "reference"
    tags = attrs["tags"].value
    assert isinstance(tags, Mapping) and to_python(tags) == {"Name": "x", "k": 2}


def test_unknowns() -> None:
    _, attrs = _attrs()
    reasons = {n: getattr(attrs[n].value, "reason", None) for n in ("fn", "loop", "ref", "description")}
    assert reasons == {"fn": "function", "loop": "for", "ref": "reference", "description": "template"}
    raw = attrs["description"].raw
    assert isinstance(raw, Scalar) and raw.value == PLACEHOLDER + "-web"
    assert raw.source.slice(raw.inner_span(0, 1)) == "${var.env}"


def test_heredoc_indented() -> None:
    _, attrs = _attrs()
    text = attrs["text"].value
    assert isinstance(text, Scalar) and text.value == "one ${literal}\n  two\n"
    assert text.source.slice(text.inner_span(0, 3)) == "one"


def test_comments_and_scopes() -> None:
    parsed = _file()
    source = parsed.source
    assert [source.slice(c.span) for c in parsed.comments] == [
        "# ami-lint: disable=AMI305",
        " ami-lint: disable=AMI210",
    ]
    own, trailing = parsed.comments
    # On its own line: the whole block that starts on the next line.
    assert own.own_line and source.position(own.scopes[0].start).line == 2
    assert source.position(own.scopes[0].end - 1).line == 19
    assert not trailing.own_line and source.position(trailing.scopes[0].start).line == 16


def test_block_comment_span_leaves_out_its_end() -> None:
    parsed = _file("/* ami-lint: disable=AMI305 */\nlocals {}\n")
    assert [parsed.source.slice(c.span) for c in parsed.comments] == [" ami-lint: disable=AMI305"]


def test_hash_in_string_is_no_comment() -> None:
    assert _file('locals { a = "# ami-lint: disable=ALL" }\n').comments == []


def test_syntax_error_keeps_the_blocks_that_parse() -> None:
    parsed = _file(
        'resource "aws_ami" "a" {\n  name = "x"\n  bad bad bad\n}\n'
        'resource "aws_ami" "b" {\n  name = "y"\n}\n'
    )
    # tree-sitter's recovery may nest the next block in the broken one: it is still read.
    labels = [b.label_values for b in walk_blocks(parsed.body)]
    assert ("aws_ami", "b") in labels
    assert parsed.problems


def test_unclosed_block_reported_at_its_brace() -> None:
    parsed = _file('resource "aws_ami" "a" {\n  name = "x"\n')
    block = parsed.body.blocks[0]
    assert block.unclosed
    problem = parsed.problems[0]
    assert parsed.source.position(problem.span.start) == parsed.source.position(block.open_brace.start)
    assert problem.message == "The `{` on line 1 is never closed"


def test_unclosed_string() -> None:
    parsed = _file('resource "aws_ami" "a" {\n  name = "x\n}\n')
    assert any(p.message == "The string is not closed on its line" for p in parsed.problems)


def test_attribute_set_twice() -> None:
    parsed = _file("locals {\n  a = 1\n  a = 2\n}\n")
    assert [p.message for p in parsed.problems] == ["`a` is already set on line 2"]


def test_deep_nesting_ends_cleanly() -> None:
    depth = 5000
    parsed = _file("locals {\n  a = " + "[" * depth + "]" * depth + "\n}\n" + "a {" * depth + "}" * depth)
    value = parsed.body.blocks[0].body.attributes[0].value
    assert isinstance(value, Sequence)


def test_only_reads_the_blocks_asked_for() -> None:
    parsed = parse_hcl(Source.from_text('locals {}\nresource "aws_ami" "a" {}\n', "m.tf"), only=("resource",))
    assert [b.kind for b in parsed.body.blocks] == ["resource"]


def test_non_ascii_offsets() -> None:
    parsed = _file('locals {\n  # é😀\n  a = "😀é"\n}\n')
    value = parsed.body.blocks[0].body.attributes[0].value
    assert isinstance(value, Scalar) and value.value == "😀é"
    assert parsed.source.slice(value.span) == '"😀é"'
