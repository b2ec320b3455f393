"""HCL (the native syntax of Terraform, OpenTofu and Packer) read into our own nodes.

tree-sitter-hcl parses the text (byte positions, error-tolerant: a block
that parses is kept when another is broken); this module turns its tree into
`HclFile`: the top-level `Block`s, each with its labels and a `Body` of
`Attribute`s and nested blocks, every value already one of our nodes
(`ami_lint.nodes`) with exact spans. A front end (Terraform, Packer) reads
the blocks it cares about and maps their attributes to the request model.

Values, as far as they can be known without evaluating anything:

- literals (strings, numbers, `true`/`false`, `null`), tuples and objects
  are known: `Scalar`, `Sequence`, `Mapping` (an object key written as an
  expression, `(var.k) = 1`, makes the whole object unknown);
- a quoted string's escapes (`\\n`, `\\"`, `\\u00e9`, `$${`, `%%{`) are decoded,
  with an offset map back to what was written; a heredoc (`<<EOT`, `<<-EOT`,
  indentation of `<<-` removed as Terraform removes it) is a string too;
- references (`var.x`, `local.x`, `data.x.y`, `aws_ebs_snapshot.s.id`),
  function calls, `for` expressions, conditionals and operations are
  `Unknown` (reasons `reference`, `function`, `for`, `expression`);
- a template with interpolations or directives (`"${var.env}-web"`) is
  partly known: `Attribute.raw` holds the string with one `PLACEHOLDER`
  (U+E000) standing for each unknown part, mapped to that part's span, as a
  shell word with `$VAR` in it (`ami_lint.shell.words`); `Attribute.value`,
  what the request model gets, is an `Unknown` (reason `template`), as
  `ami_lint.cliargs.mark_unknown` makes of such a string.

Comments (`#`, `//`, `/* */`) that hold `ami-lint:` become `Comment`s with
the scope of a `disable=` in them: on a line of its own, the next code line
and the whole attribute or block starting there; after code, its line and
the attribute or block ending there. Syntax errors (tree-sitter's `ERROR`
and missing nodes) are `Problem`s with a span and a message; a value that
holds one is `Unknown` (reason `syntax error`). Nothing is evaluated.

tree-sitter-hcl is imported inside `parse_hcl`: a run that meets no HCL
pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ami_lint.frontend import SUPPRESSION_MARKER, Comment, line_span
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.records import Record, record
from ami_lint.shell.walk import children
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.shell.words import Offsets

# Deeper than this, a value or a block is not read (a hostile file nests
# thousands of brackets; a real configuration a handful).
MAX_DEPTH = 100

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@record(frozen=True, eq=False)
class Problem(metaclass=Record):
    """A syntax error: where, and what is wrong, as a message fragment."""

    span: Span
    message: str


@record(frozen=True, eq=False)
class Attribute(metaclass=Record):
    """`name = value`."""

    key: Scalar  # the name, as written
    # The value for the request model: a template with unknown parts is `Unknown`.
    value: Node
    # The value as read: a partly known template is a `Scalar` holding `PLACEHOLDER`s.
    raw: Node
    span: Span  # the whole attribute

    @property
    def name(self) -> str:
        return str(self.key.value)


@record(frozen=True, eq=False)
class Body(metaclass=Record):
    """What a block (or the file) holds, in the order written."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]
    span: Span

    def attribute(self, name: str) -> Attribute | None:
        """The attribute `name` (the last one, if written twice: a `Problem` says so)."""
        found = None
        for attribute in self.attributes:
            if attribute.name == name:
                found = attribute
        return found

    def blocks_of(self, kind: str) -> list[Block]:
        return [block for block in self.blocks if block.kind == kind]


@record(frozen=True, eq=False)
class Block(metaclass=Record):
    """`kind "label" … { body }`."""

    type: Scalar  # `resource`, `ebs_block_device`, as written
    labels: tuple[Scalar, ...]  # decoded (`"aws_ami"` is `aws_ami`)
    body: Body
    span: Span  # the whole block
    # Where its `{` stands, and whether its `}` is missing (the file ends first).
    open_brace: Span
    unclosed: bool = False

    @property
    def kind(self) -> str:
        return str(self.type.value)

    @property
    def label_values(self) -> tuple[str, ...]:
        return tuple(str(label.value) for label in self.labels)

    @property
    def head(self) -> Span:
        """From its type to its last label: where a finding about the whole block goes."""
        end = self.labels[-1].span.end if self.labels else self.type.span.end
        return Span(self.type.span.start, end)


@record(frozen=True, eq=False)
class HclFile(metaclass=Record):
    source: Source
    body: Body
    comments: list[Comment]
    problems: list[Problem]


def parse_hcl(
    source: Source,
    only: tuple[str, ...] | None = None,
    select: Callable[[str, tuple[str, ...]], bool] | None = None,
) -> HclFile:
    """The blocks and attributes of `source`. `only`: top-level blocks of
    other kinds are skipped unread (a large Terraform module is mostly other
    resources); `select(kind, labels)`: so are top-level blocks for which it
    is false (`resource "aws_instance"`). Their syntax errors are still reported.

    A file larger than two `WINDOW`s is read a window at a time (`_windows`):
    tree-sitter's tree of the whole file (about 70 times the text) is never
    held. Where a window holds a syntax error, the whole file is parsed at
    once instead, as a small one is: the result is the same either way."""
    from ami_lint.grammars import parser
    from ami_lint.shell.words import Offsets

    offsets = Offsets(source.text)
    if len(offsets.data) > 2 * WINDOW:
        read = _windows(source, offsets, only, select)
        if read is not None:
            return read
    tree = parser("tree_sitter_hcl").parse(offsets.data)
    reader = _Reader(source, offsets)
    root = tree.root_node
    body_node = next((c for c in children(root) if c.type == "body"), None)
    body = reader.body(body_node, 0, only, select) if body_node is not None else Body((), (), Span(0, 0))
    problems = reader.problems
    if root.has_error:
        problems = _syntax_problems(reader, root) + problems
        problems.sort(key=lambda p: p.span.start)
    comments = _comments(reader, root) if SUPPRESSION_MARKER in source.text else []
    return HclFile(source, body, comments, problems)


# The bytes of text a window of a large file starts with (a whole line more
# when it ends inside one; twice as many when it does not hold three statements).
WINDOW = 16 * 1024


def _windows(
    source: Source,
    offsets: Offsets,
    only: tuple[str, ...] | None,
    select: Callable[[str, tuple[str, ...]], bool] | None,
) -> HclFile | None:
    """`parse_hcl` of a large file, one window of its text at a time, each
    window's tree let go before the next is parsed: the top-level statements
    of a window but its last two (which the window's end may cut) are read,
    and the next window starts on the line after them. None when a statement
    read so, or the last window, holds a syntax error (the whole file is then
    parsed at once: its errors are reported as in a small file).

    What is read does not depend on where the windows fall: a statement is
    read from its own complete text, and the reader's state across statements
    (attributes set twice, problems, comments) is the file's."""
    from ami_lint.grammars import parser as new_parser
    from ami_lint.grammars import tree_sitter

    ts = tree_sitter()
    parser = new_parser("tree_sitter_hcl")
    size = len(offsets.data)
    state = _Windows(_Reader(source, offsets), only, select, SUPPRESSION_MARKER in source.text)
    start, window = 0, WINDOW
    while start < size:
        end = min(size, start + window)
        if end < size:
            newline = offsets.data.find(b"\n", end)
            end = size if newline < 0 else newline + 1
        parser.included_ranges = [ts.Range(ts.Point(0, start), ts.Point(0, end), start, end)]
        boundary = state.read(parser.parse(offsets.data), start, end == size)
        if boundary is None:
            return None
        if boundary == start:
            window *= 2  # fewer than three statements: a larger window
        else:
            start, window = boundary, WINDOW
    return state.file()


class _Windows:
    """What `_windows` has read so far. Each window's tree is only held by
    `read` (and let go when it returns)."""

    def __init__(
        self,
        reader: _Reader,
        only: tuple[str, ...] | None,
        select: Callable[[str, tuple[str, ...]], bool] | None,
        marked: bool,
    ) -> None:
        self.reader = reader
        self.only, self.select, self.marked = only, select, marked
        self.members = _Members()
        self.found: dict[int, Comment] = {}
        self.body_start: int | None = None
        self.body_end = 0
        self.trees = 0  # windows parsed

    def read(self, tree: Any, start: int, last: bool) -> int | None:
        """Read the statements of the window `tree` (from `start`; `last`:
        to the end of the file) that no later text can change; where the next
        window starts (`start` again when it must be larger), or None when
        the file must be parsed whole."""
        self.trees += 1
        data = self.reader.offsets.data
        root = tree.root_node
        body = None
        kids: list[Any] = []
        outside = len(data)  # where the first thing outside the body starts (an error)
        for child in children(root):
            if child.type == "body" and body is None:
                body = child
                kids = list(children(child))
            elif child.type != "comment":
                outside = min(outside, child.start_byte)
        statements = [c for c in kids if c.type != "comment"]
        if last:
            if root.has_error:
                return None
            boundary, kept = len(data), len(statements)
        else:
            kept = len(statements) - 2
            if kept <= 0:
                return start
            if any(s.has_error or s.is_missing for s in statements[:kept]):
                return None
            newline = data.find(b"\n", statements[kept - 1].end_byte)
            if newline < 0 or newline >= statements[kept].start_byte:
                return None  # the next statement starts on the same line
            boundary = newline + 1
            if any(k.start_byte < boundary < k.end_byte for k in kids):
                return None  # a comment goes on past the line
            if outside < boundary:
                return None  # an error outside the body, before the window's end
        if kept and body is not None:
            if self.body_start is None:
                self.body_start = statements[0].start_byte
            self.body_end = body.end_byte if last else statements[kept - 1].end_byte
            for node in statements[:kept]:
                self.members.add(self.reader, node, 0, self.only, self.select)
        if self.marked:
            self.comments(root, start, boundary)
        return boundary

    def comments(self, root: Any, start: int, end: int) -> None:
        """The comments holding `ami-lint:` between `start` and `end` (`_comments`)."""
        data = self.reader.offsets.data
        marker = SUPPRESSION_MARKER.encode()
        at = data.find(marker, start, end)
        while at >= 0:
            node = root.descendant_for_byte_range(at, at + 1)
            if node is not None and node.type == "comment" and node.start_byte not in self.found:
                comment = _comment(self.reader, node)
                if comment is not None:
                    self.found[node.start_byte] = comment
            at = data.find(marker, at + 1, end)

    def file(self) -> HclFile | None:
        if self.body_start is None:
            return None
        chars = self.reader.offsets.chars
        start, end = self.body_start, self.body_end
        span = Span(start, end) if chars is None else Span(chars[start], chars[end])
        body = Body(tuple(self.members.attributes), tuple(self.members.blocks), span)
        comments = sorted(self.found.values(), key=lambda c: c.span.start)
        return HclFile(self.reader.source, body, comments, self.reader.problems)


class _Members:
    """The attributes and blocks of a body, as they are read one by one."""

    def __init__(self) -> None:
        self.attributes: list[Attribute] = []
        self.blocks: list[Block] = []
        self.seen: dict[str, Attribute] = {}

    def add(
        self,
        reader: _Reader,
        child: Any,
        depth: int,
        only: tuple[str, ...] | None = None,
        select: Callable[[str, tuple[str, ...]], bool] | None = None,
    ) -> None:
        if child.type == "attribute":
            attribute = reader.attribute(child, depth)
            if attribute is None:
                return
            earlier = self.seen.get(attribute.name)
            if earlier is not None:
                line = reader.source.host_position(earlier.key.span.start).line
                reader.problems.append(
                    Problem(attribute.key.span, f"`{attribute.name}` is already set on line {line}")
                )
            self.seen[attribute.name] = attribute
            self.attributes.append(attribute)
        elif child.type == "block" and depth < MAX_DEPTH:
            block = reader.block(child, depth + 1, only, select)
            if block is not None:
                self.blocks.append(block)


class _Reader:
    def __init__(self, source: Source, offsets: Offsets) -> None:
        self.source = source
        self.offsets = offsets
        self.problems: list[Problem] = []

    def span(self, node: Any) -> Span:
        return self.offsets.span(node)

    def body(
        self,
        node: Any,
        depth: int,
        only: tuple[str, ...] | None = None,
        select: Callable[[str, tuple[str, ...]], bool] | None = None,
    ) -> Body:
        members = _Members()
        for child in children(node):
            members.add(self, child, depth, only, select)
        return Body(tuple(members.attributes), tuple(members.blocks), self.span(node))

    def block(
        self,
        node: Any,
        depth: int,
        only: tuple[str, ...] | None = None,
        select: Callable[[str, tuple[str, ...]], bool] | None = None,
    ) -> Block | None:
        kind: Scalar | None = None
        labels: list[Scalar] = []
        body: Body | None = None
        open_brace: Span | None = None
        unclosed = False
        for child in children(node):
            if child.type == "identifier":
                if kind is None:
                    kind = self.name(child)
                    if only is not None and kind.value not in only:
                        return None
                else:
                    labels.append(self.name(child))
            elif child.type == "string_lit" and kind is not None and open_brace is None:
                label = self.expression(child, depth)
                labels.append(label if isinstance(label, Scalar) else Scalar(self.source, label.span, ""))
            elif child.type == "block_start":
                open_brace = self.span(child)
                wanted = (
                    kind is None
                    or select is None
                    or select(str(kind.value), tuple(str(x.value) for x in labels))
                )
                if not wanted:
                    return None
            elif child.type == "body":
                body = self.body(child, depth)
            elif child.type == "block_end" and (child.is_missing or child.start_byte == child.end_byte):
                unclosed = True
        if kind is None or open_brace is None:
            return None
        span = self.span(node)
        if body is None:
            body = Body((), (), Span(open_brace.end, open_brace.end))
        return Block(kind, tuple(labels), body, span, open_brace, unclosed)

    def name(self, node: Any) -> Scalar:
        span = self.span(node)
        return Scalar(self.source, span, self.source.slice(span), plain=True)

    def attribute(self, node: Any, depth: int) -> Attribute | None:
        key = next((c for c in children(node) if c.type == "identifier"), None)
        value = next((c for c in children(node) if c.type == "expression"), None)
        if key is None:
            return None
        span = self.span(node)
        if value is None:
            at = span.end
            raw: Node = Unknown(self.source, Span(at, at), "syntax error")
        else:
            raw = self.expression(value, depth)
        return Attribute(self.name(key), model_value(raw), raw, span)

    def expression(self, node: Any, depth: int) -> Node:
        """Our node for an expression (iterating through single wrappers)."""
        span = self.span(node)
        if depth > MAX_DEPTH:
            return Unknown(self.source, span, "too deep")
        if node.has_error or node.is_missing:
            return Unknown(self.source, span, "syntax error")
        kind = node.type
        while kind in ("expression", "literal_value", "collection_value", "template_expr") or (
            kind == "operation" and node.named_child_count == 1
        ):
            named = [c for c in children(node) if c.type != "comment"]
            if kind == "expression" and len(named) != 1:
                # `var.x`, `a[0]`, `a.*.b`: a variable with attribute or index steps.
                break
            node = named[0]
            kind = node.type
        span = self.span(node)
        if kind == "string_lit" or kind == "quoted_template":
            return self.template(node, heredoc=False)
        if kind == "heredoc_template":
            return self.template(node, heredoc=True)
        if kind == "numeric_lit":
            return self.number(span, self.source.slice(span))
        if kind == "bool_lit":
            return Scalar(self.source, span, self.source.slice(span) == "true", plain=True)
        if kind == "null_lit":
            return Scalar(self.source, span, None, plain=True)
        if kind == "tuple":
            items = [c for c in children(node) if c.type == "expression"]
            return Sequence(self.source, span, tuple(self.expression(i, depth + 1) for i in items))
        if kind == "object":
            return self.object(node, span, depth)
        if kind == "unary_operation":
            return self.negative(node, span, depth)
        if kind == "function_call":
            return Unknown(self.source, span, "function")
        if kind in ("for_expr", "for_tuple_expr", "for_object_expr"):
            return Unknown(self.source, span, "for")
        if kind in ("expression", "variable_expr"):
            return Unknown(self.source, span, "reference")
        return Unknown(self.source, span, "expression")

    def number(self, span: Span, text: str) -> Scalar:
        value: int | float
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                return Scalar(self.source, span, text, plain=True)
        return Scalar(self.source, span, value, plain=True)

    def negative(self, node: Any, span: Span, depth: int) -> Node:
        """`-5`: a negative number; any other unary operation is unknown."""
        children = node.children
        if len(children) == 2 and children[0].type == "-":
            inner = self.expression(children[1], depth + 1)
            if isinstance(inner, Scalar) and isinstance(inner.value, (int, float)) and inner.plain:
                return Scalar(self.source, span, -inner.value, plain=True)
        return Unknown(self.source, span, "expression")

    def object(self, node: Any, span: Span, depth: int) -> Node:
        from ami_lint.cliargs import PLACEHOLDER

        entries: list[Entry] = []
        for elem in children(node):
            if elem.type != "object_elem":
                continue
            key_node = elem.child_by_field_name("key")
            value_node = elem.child_by_field_name("val")
            if key_node is None or value_node is None:
                continue
            key = self.object_key(key_node, depth)
            if key is None:
                # A key computed at run time: any member may be meant.
                key = Scalar(self.source, self.span(key_node), PLACEHOLDER)
            entries.append(Entry(key, self.expression(value_node, depth + 1)))
        return Mapping(self.source, span, tuple(entries))

    def object_key(self, node: Any, depth: int) -> Scalar | None:
        """An object key: a bare name (`Name = …`) or a string; else None."""
        inner = node
        while inner.type in ("expression", "literal_value", "template_expr") and inner.named_child_count == 1:
            inner = inner.named_children[0]
        if inner.type == "variable_expr":
            return self.name(inner)
        if inner.type in ("string_lit", "quoted_template"):
            key = self.template(inner, heredoc=False)
            if isinstance(key, Scalar):
                return key
        return None

    def template(self, node: Any, heredoc: bool) -> Node:
        """A quoted string or heredoc: a `Scalar`, with `PLACEHOLDER`s for the
        parts only known at run time, and the offset map of its characters."""
        from ami_lint.cliargs import PLACEHOLDER
        from ami_lint.offsets import OffsetMap

        text = self.source.text
        span = self.span(node)
        kids = list(children(node))
        strip = 0
        if heredoc:
            idents = [c for c in kids if c.type == "heredoc_identifier"]
            if len(idents) < 2:
                return Unknown(self.source, span, "syntax error")
            first_end = self.span(idents[0]).end
            newline = text.find("\n", first_end)
            start = newline + 1 if 0 <= newline < span.end else first_end
            closing = self.span(idents[-1]).start
            end = text.rfind("\n", start, closing) + 1 or start
            start = min(start, end)
            if any(c.type == "heredoc_start" and self.source.slice(self.span(c)) == "<<-" for c in kids):
                strip = _indent(text, start, end)
            parts = [c for c in kids if c.type in ("template_interpolation", "template_directive")]
        else:
            inner = [c for c in kids if c.type not in ("quoted_template_start", "quoted_template_end")]
            open_ = next((c for c in kids if c.type == "quoted_template_start"), None)
            close = next((c for c in kids if c.type == "quoted_template_end"), None)
            if open_ is None or close is None:
                return Unknown(self.source, span, "syntax error")
            start, end = self.span(open_).end, self.span(close).start
            newline = text.find("\n", start, end)
            if newline >= 0 and not any(
                self.span(p).start <= newline < self.span(p).end
                for p in inner
                if p.type != "template_literal"
            ):
                # A quoted string ends on its line: the quote was not closed.
                at = self.span(open_).start
                self.problems.append(Problem(Span(at, newline), "The string is not closed on its line"))
                return Unknown(self.source, span, "syntax error")
            parts = [c for c in inner if c.type in ("template_interpolation", "template_directive")]
        out: list[str] = []
        target = OffsetMap(anchor=start)
        pos = start
        for part in parts:
            part_span = self.span(part)
            if part_span.start < pos or part_span.end > end:
                continue
            _decode(text, pos, part_span.start, out, target, heredoc, strip)
            target.add_atom(part_span.start, part_span.end - part_span.start, 1)
            out.append(PLACEHOLDER)
            pos = part_span.end
        _decode(text, pos, end, out, target, heredoc, strip)
        return Scalar(self.source, span, "".join(out), target)


def _decode(text: str, start: int, end: int, out: list[str], target: Any, heredoc: bool, strip: int) -> None:
    """The literal text `text[start:end]` of a template, decoded: `$${` and
    `%%{` are `${` and `%{`; in a quoted string, backslash escapes; in a
    `<<-` heredoc, the first `strip` blanks of each line are left out."""
    if start >= end:
        return
    chunk = text[start:end]
    if "$${" not in chunk and "%%{" not in chunk and not strip and (heredoc or "\\" not in chunk):
        target.add_literal(start, end - start)
        out.append(chunk)
        return
    i = start
    at_line_start = strip and (start == 0 or text[start - 1] == "\n")
    while i < end:
        if at_line_start:
            skip = 0
            while skip < strip and i + skip < end and text[i + skip] in " \t":
                skip += 1
            i += skip
            at_line_start = False
            continue
        c = text[i]
        if c in "$%" and text.startswith(c + c + "{", i):
            target.add_atom(i, 3, 2)
            out.append(c + "{")
            i += 3
            continue
        if c == "\\" and not heredoc and i + 1 < end:
            n = text[i + 1]
            if n in _ESCAPES:
                target.add_atom(i, 2, 1)
                out.append(_ESCAPES[n])
                i += 2
                continue
            width = 4 if n == "u" else 8 if n == "U" else 0
            digits = text[i + 2 : i + 2 + width]
            if width and len(digits) == width and all(d in "0123456789abcdefABCDEF" for d in digits):
                code = int(digits, 16)
                if code <= 0x10FFFF:
                    target.add_atom(i, 2 + width, 1)
                    out.append(chr(code))
                    i += 2 + width
                    continue
        target.add_literal(i, 1)
        out.append(c)
        if c == "\n" and strip:
            at_line_start = True
        i += 1


def _indent(text: str, start: int, end: int) -> int:
    """The smallest indentation of the non-blank lines of `text[start:end]`."""
    smallest: int | None = None
    for line in text[start:end].split("\n"):
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip(" \t"))
        smallest = width if smallest is None else min(smallest, width)
    return smallest or 0


def model_value(node: Node) -> Node:
    """`node` as the request model takes it: a string holding a `PLACEHOLDER`
    is `Unknown`, and so is an object with a key computed at run time."""
    from ami_lint.cliargs import PLACEHOLDER, mark_unknown

    if isinstance(node, Scalar):
        if isinstance(node.value, str) and PLACEHOLDER in node.value:
            return Unknown(node.source, node.span, "template")
        return node
    if not isinstance(node, (Mapping, Sequence)):
        return node
    marked = mark_unknown(node)
    if marked is None:
        return Unknown(node.source, node.span, "expression")
    return _reason(marked)


def _reason(node: Node) -> Node:
    """`mark_unknown` calls an unknown string `variable`: here it is a template."""
    from ami_lint.nodes import substitute, walk

    swaps: dict[int, Node] = {
        id(n): Unknown(n.source, n.span, "template")
        for _, n in walk(node)
        if isinstance(n, Unknown) and n.reason == "variable"
    }
    return substitute(node, swaps) if swaps else node


def _syntax_problems(reader: _Reader, root: Any) -> list[Problem]:
    """Each `ERROR` node and missing token, descending only where there are errors."""
    problems: list[Problem] = []
    source = reader.source
    stack = [root]
    while stack and len(problems) < 100:
        node = stack.pop()
        if node.is_missing:
            at = reader.span(node).start
            token = node.type
            opener = _opener(reader, node)
            if token == "}" and opener is not None:
                line = source.host_position(opener.start).line
                problems.append(Problem(opener, f"The `{{` on line {line} is never closed"))
            elif token in ('"', "quoted_template_end") and node.parent is not None:
                quote = node.parent.child(0)
                start = reader.span(quote).start if quote is not None else at
                line_end = source.text.find("\n", start)
                end = line_end if line_end >= 0 else len(source.text)
                problems.append(Problem(Span(start, max(start, end)), "The string is not closed on its line"))
            elif token == "{" and node.parent is not None and node.parent.type == "object_start":
                # `name =` with nothing after it: the grammar guesses an object.
                problems.append(Problem(_after_equals(reader, node, at), "A value is missing"))
            else:
                problems.append(Problem(Span(at, at), f"Missing `{token}`"))
            continue
        if node.type == "ERROR":
            span = reader.span(node)
            # The first line of it: an error that runs to the end of the file is not all underlined.
            line_end = source.text.find("\n", span.start, span.end)
            if line_end > span.start:
                span = Span(span.start, line_end)
            shown = source.slice(span).strip()[:40]
            problems.append(Problem(span, f"Unexpected `{shown}`" if shown else "Unexpected text"))
            continue
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return problems


def _after_equals(reader: _Reader, node: Any, at: int) -> Span:
    """Just after the `=` of the attribute `node` is the missing value of."""
    attribute = node.parent
    while attribute is not None and attribute.type != "attribute":
        attribute = attribute.parent
    equals = next((c for c in attribute.children if c.type == "="), None) if attribute is not None else None
    end = reader.span(equals).end if equals is not None else at
    return Span(end, end)


def _opener(reader: _Reader, node: Any) -> Span | None:
    """The `{` that a missing `}` would close (a block's or an object's)."""
    parent = node.parent
    while parent is not None and parent.type in ("block_end", "object_end"):
        parent = parent.parent
    if parent is None:
        return None
    start = next((c for c in parent.children if c.type in ("block_start", "object_start")), None)
    if start is None or start.is_missing or start.start_byte == start.end_byte:
        return None
    return reader.span(start)


def _comments(reader: _Reader, root: Any) -> list[Comment]:
    """The comments holding `ami-lint:`, found through the tree from each
    occurrence of the marker (a `#` in a string is no comment)."""
    source = reader.source
    text = source.text
    found: dict[int, Comment] = {}
    at = text.find(SUPPRESSION_MARKER)
    byte, counted = 0, 0  # the UTF-8 length of text[:counted], counted on as `at` grows
    while at >= 0:
        if reader.offsets.chars is None:
            byte = at
        else:
            byte += len(text[counted:at].encode("utf-8"))
            counted = at
        node = root.descendant_for_byte_range(byte, byte + 1)
        if node is not None and node.type == "comment" and node.start_byte not in found:
            comment = _comment(reader, node)
            if comment is not None:
                found[node.start_byte] = comment
        at = text.find(SUPPRESSION_MARKER, at + 1)
    return sorted(found.values(), key=lambda c: c.span.start)


def _comment(reader: _Reader, node: Any) -> Comment | None:
    source = reader.source
    text = source.text
    whole = reader.span(node)
    written = source.slice(whole)
    end = whole.end - 2 if written.startswith("/*") and written.endswith("*/") else whole.end
    while end > whole.start and text[end - 1] in "\r\n \t":
        end -= 1
    # `//` and `/*` are left out of the directive's text, as in a Jenkinsfile; `#` stays.
    start = whole.start + 2 if written.startswith(("//", "/*")) else whole.start
    span = Span(start, max(start, end))
    line = source.position(whole.start).line
    line_start = source.offset_of_line(line)
    own_line = not text[line_start : whole.start].strip()
    if own_line:
        target = _next_code_line(source, line)
        if target is None:
            return None
        statement = _statement_at(reader, node, target)
        last = target
        if statement is not None:
            stmt = reader.span(statement)
            last = max(target, source.position(max(stmt.start, stmt.end - 1)).line)
        return Comment(span, True, (line_span(source, target, last),))
    first = line
    previous = node.prev_named_sibling
    while previous is not None and previous.type == "comment":
        previous = previous.prev_named_sibling
    if previous is not None:
        prev_span = reader.span(previous)
        if source.position(max(prev_span.start, prev_span.end - 1)).line == line:
            first = source.position(prev_span.start).line
    return Comment(span, False, (line_span(source, first, line),))


def _next_code_line(source: Source, line: int) -> int | None:
    """The next line after `line` that holds something other than a comment."""
    count = source.line_count()
    line += 1
    while line <= count:
        stripped = source.line_text(line).strip()
        if stripped and not stripped.startswith(("#", "//")):
            return line
        if not stripped:
            return None
        line += 1
    return None


def _statement_at(reader: _Reader, comment: Any, line: int) -> Any:
    """The attribute or block after `comment` that starts on `line`."""
    sibling = comment.next_named_sibling
    while sibling is not None and sibling.type == "comment":
        sibling = sibling.next_named_sibling
    if sibling is None:
        return None
    if sibling.type == "body":
        sibling = sibling.named_children[0] if sibling.named_child_count else None
    if sibling is None or sibling.type not in ("attribute", "block"):
        return None
    if reader.source.position(reader.span(sibling).start).line != line:
        return None
    return sibling


def walk_blocks(body: Body) -> Iterator[Block]:
    """Every block of `body`, nested ones too, outer ones first."""
    stack = list(reversed(body.blocks))
    while stack:
        block = stack.pop()
        yield block
        stack.extend(reversed(block.body.blocks))
