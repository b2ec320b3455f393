"""JavaScript and TypeScript: each RegisterImage call of the AWS SDK is a request.

`.js`, `.mjs`, `.cjs`, `.jsx` are read with tree-sitter-javascript, `.ts`,
`.mts`, `.cts` with tree-sitter-typescript and `.tsx` with its TSX grammar
(both error-tolerant, with byte positions). A file that does not hold the
text `RegisterImage` or `registerImage` is skipped before anything is parsed:
the thousands of source files of a project (or a `node_modules` folder) cost a
text search each.

The calls (`ami_lint.frontends.js_values` reads their arguments):

- AWS SDK v3: `new RegisterImageCommand({…})` wherever it stands (usually
  `await client.send(new RegisterImageCommand(input))`), also written
  `new ec2.RegisterImageCommand(…)`;
- the v3 aggregated client and SDK v2: `ec2.registerImage({…})`, with
  `.promise()`, a callback or `await` around it; a `registerImage` method of
  something else (an image cache) is told apart by its argument, which must
  hold a RegisterImage parameter, or by a receiver named like `ec2`.

The argument is an object literal, or an identifier naming one declared
earlier in an enclosing block (`const input: RegisterImageCommandInput = {…}`);
`input.Description = "…"` or `Object.assign(input, {…})` written between the
declaration and the call, in the same block, are applied; the same written in
an `if` makes that member unknown; a spread or assignment that cannot be read
makes the request open-ended (rules about a missing member stay silent).

Files that import `aws-sdk-client-mock` or `aws-sdk-mock` are tests against a
mock: their calls are not checked (`--verbose` says so).

Suppressions are comments: `// ami-lint: disable=AMI305` (or `/* … */`) on
its own line covers the whole statement that starts on the next line (all
of a multi-line `new RegisterImageCommand({…})`); after code, its line and
the statement or member that ends there; `disable-file=` anywhere the file.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ami_lint.frontend import (
    NOT_CHECKED,
    SKIPPED,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Resolver,
    line_span,
    mentions,
    next_code_line,
)
from ami_lint.source import Source, Span
from ami_lint.vocabulary import ApiValue, PathItem, Vocabulary

if TYPE_CHECKING:
    from ami_lint.edits import Edit
    from ami_lint.frontends.js_values import Reader
    from ami_lint.nodes import Mapping, Scalar

# The texts a file must hold to be parsed: the v3 command and the v2/aggregated method.
COMMAND = "RegisterImageCommand"
METHOD = "registerImage"
NEEDLES = ("RegisterImage", METHOD)
MOCKS = ("aws-sdk-client-mock", "aws-sdk-mock")

SKIP_NO_SDK_CALL = SKIPPED + "no RegisterImageCommand or registerImage call"
SKIP_NO_SDK_CALL_FOUND = (
    SKIPPED + "mentions RegisterImage, but no SDK call of it was recognised "
    "(if it is one, please report how the code calls the SDK)"
)
SKIP_MOCKED = SKIPPED + "its calls are made against a mock ({}): not checked"

TYPESCRIPT_SUFFIXES = (".ts", ".mts", ".cts")


class JavaScriptVocabulary(Vocabulary):
    """Paths as JavaScript reads them (`BlockDeviceMappings[0].Ebs.Iops`),
    values as it writes them (`true`, `null`, `"hvm"`)."""

    def value(self, v: ApiValue) -> str:
        if isinstance(v, str):
            import json

            return json.dumps(v, ensure_ascii=False)
        return super().value(v)

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """Edits in this SDK's code (`ami_lint.frontends.sdk_fixes`)."""
        from ami_lint.frontends.sdk_fixes import JAVASCRIPT, write

        return write(JAVASCRIPT, source, edit, within)


JAVASCRIPT_NAMES = JavaScriptVocabulary()


class JavaScriptFrontEnd(FrontEnd):
    name = "javascript"
    kind = "JavaScript/TypeScript"
    suffixes = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
    needles = tuple(needle.encode() for needle in NEEDLES)
    no_needle = SKIP_NO_SDK_CALL
    # A stray byte in a comment does not hide the calls.
    replaces_bad_bytes = True
    vocabulary = JAVASCRIPT_NAMES

    def __init__(self, dialect: str | None = None) -> None:
        # `javascript`, `typescript` or `tsx`; None: by the file's name.
        self.dialect = dialect

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if not any(mentions(text, needle) for needle in NEEDLES):
            return Extraction(skipped=SKIP_NO_SDK_CALL)
        mock = next((name for name in MOCKS if name in text), None)
        from ami_lint.frontends.js_values import Reader
        from ami_lint.shell.words import Offsets

        offsets = Offsets(text)
        tree = _parser(self.dialect or _dialect(source.path)).parse(offsets.data)
        reader = Reader(source, offsets)
        comments = _comments(reader, tree) if SUPPRESSION_MARKER in text else []
        calls = list(_calls(reader, tree))
        if not calls:
            return Extraction(comments=comments, skipped=SKIP_NO_SDK_CALL_FOUND)
        if mock is not None:
            return Extraction(comments=comments, skipped=SKIP_MOCKED.format(f"`{mock}`"))
        notes: list[str] = []
        found = [f for f in (_found(reader, call, notes) for call in calls) if f is not None]
        if not found:
            return Extraction(
                comments=comments, notes=notes, skipped=notes[0] if notes else SKIP_NO_SDK_CALL_FOUND
            )
        return Extraction(found, comments=comments, notes=notes)

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        # A call as usually written: the SDK's own bundles only define the command.
        if any(call in data for call in (b"new " + COMMAND.encode(), b"." + METHOD.encode() + b"(")):
            return Extraction(skipped=NOT_CHECKED + f"larger than {limit} bytes (`--max-file-size`)")
        return super().too_large(data, name, limit, lenient)

    def comments(self, source: Source) -> list[Comment]:
        if SUPPRESSION_MARKER not in source.text:
            return []
        from ami_lint.frontends.js_values import Reader
        from ami_lint.shell.words import Offsets

        offsets = Offsets(source.text)
        tree = _parser(self.dialect or _dialect(source.path)).parse(offsets.data)
        return _comments(Reader(source, offsets), tree)


JAVASCRIPT = JavaScriptFrontEnd()
# For pieces of another document (a Markdown fence), whose name says nothing.
JAVASCRIPT_PIECES = JavaScriptFrontEnd("javascript")
TYPESCRIPT_PIECES = JavaScriptFrontEnd("typescript")
TSX_PIECES = JavaScriptFrontEnd("tsx")


def _dialect(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith(TYPESCRIPT_SUFFIXES):
        return "typescript"
    return "javascript"


@lru_cache(maxsize=3)
def _parser(dialect: str) -> Any:
    from ami_lint.grammars import parser

    if dialect == "javascript":
        return parser("tree_sitter_javascript")
    return parser("tree_sitter_typescript", "language_tsx" if dialect == "tsx" else "language_typescript")


class Call:
    """A RegisterImage call: the call expression, what it is called, and its first argument."""

    def __init__(self, node: Any, callee: str, argument: Any, receiver: str | None) -> None:
        self.node = node
        self.callee = callee
        self.argument = argument
        self.receiver = receiver


def _calls(reader: Reader, tree: Any) -> Iterator[Call]:
    """Each call, found from where its name is written (a text search over
    the bytes, then the tree at that place): never a walk of the whole tree."""
    data = reader.offsets.data
    root = tree.root_node
    seen: set[int] = set()
    hits: list[tuple[int, bytes]] = []
    for needle in (COMMAND.encode(), METHOD.encode()):
        at = data.find(needle)
        while at >= 0:
            hits.append((at, needle))
            at = data.find(needle, at + len(needle))
    hits.sort()
    for at, needle in hits:
        node = root.named_descendant_for_byte_range(at, at + len(needle))
        if node is None or node.end_byte - node.start_byte != len(needle):
            continue
        call = _call_at(node, needle.decode(), reader)
        if call is not None and call.node.start_byte not in seen:
            seen.add(call.node.start_byte)
            yield call


def _call_at(node: Any, name: str, reader: Reader) -> Call | None:
    parent = node.parent
    if parent is None:
        return None
    if name == COMMAND and node.type in ("identifier", "property_identifier"):
        if parent.type == "member_expression" and parent.child_by_field_name("property") == node:
            node, parent = parent, parent.parent
        if (
            parent is None
            or parent.type != "new_expression"
            or parent.child_by_field_name("constructor") != node
        ):
            return None
        return Call(parent, COMMAND, _first_argument(parent), None)
    if name == METHOD and node.type == "property_identifier" and parent.type == "member_expression":
        call = parent.parent
        if call is None or call.type != "call_expression" or call.child_by_field_name("function") != parent:
            return None
        receiver = parent.child_by_field_name("object")
        return Call(
            call, METHOD, _first_argument(call), reader.text(receiver) if receiver is not None else None
        )
    return None


def _first_argument(call: Any) -> Any:
    arguments = call.child_by_field_name("arguments")
    if arguments is None:
        return None
    for child in arguments.named_children:
        if child.type != "comment":
            return child
    return None


def _found(reader: Reader, call: Call, notes: list[str]) -> Found | None:
    """The request of one call; None (and a note) when its argument cannot be read."""
    from ami_lint.detect import MEMBERS
    from ami_lint.model import Request
    from ami_lint.nodes import Mapping

    source = reader.source
    where = source.host_position(reader.span(call.node).start)
    written = f"new {COMMAND}(…)" if call.callee == COMMAND else f"{METHOD}(…)"
    if call.argument is None:
        notes.append(f"`{written}` at {where.line}:{where.column} has no argument: not checked")
        return None
    reader.error_at = None
    root, open_ended = reader.value(call.argument)
    if not isinstance(root, Mapping):
        notes.append(
            f"`{written}` at {where.line}:{where.column}: its input is not an object written "
            "in this file: not checked"
        )
        return None
    root, changed_open = _mutations(reader, call, root)
    open_ended = open_ended or changed_open
    if call.callee == METHOD and not _looks_like_ec2(call.receiver, root, MEMBERS):
        notes.append(
            f"`{call.receiver}.{METHOD}(…)` at {where.line}:{where.column} has no RegisterImage "
            "parameter and is not called on an EC2 client: not checked"
        )
        return None
    cut = reader.error_at
    if cut is not None:
        at = source.host_position(cut)
        notes.append(
            f"syntax error at {at.line}:{at.column} in the input of the call at {where.line}:{where.column}: "
            "checked up to it"
        )
        open_ended = True
    return Found(Request(root, open_ended), cut=cut)


def _looks_like_ec2(receiver: str | None, root: Mapping, members: frozenset[str]) -> bool:
    if receiver is not None and "ec2" in receiver.lower():
        return True
    return any(entry.name in members for entry in root.entries)


def _mutations(reader: Reader, call: Call, root: Mapping) -> tuple[Mapping, bool]:
    """`root` with what the code does to the input variable between its
    declaration and the call: `input.Key = value` and `Object.assign(input,
    {…})` in the same block are applied; the same written in an `if`, a loop
    or a function, or deeper (`input.Key.Sub = …`), makes that member unknown;
    a key that cannot be read makes the request open-ended. For each member
    the last write before the call decides."""
    from ami_lint.frontends.js_values import unwrap
    from ami_lint.nodes import Entry, Mapping, Unknown

    argument = unwrap(call.argument)
    if argument is None or argument.type != "identifier":
        return root, False
    name = reader.text(argument)
    found = reader.declaration(argument, name)
    if found is None:
        return root, False
    block, declarator, _ = found
    writes = _writes_in(reader, block).get(name)
    if writes is None:
        return root, False
    low, high = declarator.end_byte, call.node.start_byte

    def within(positions: list[int]) -> range:
        return range(bisect_left(positions, low), bisect_left(positions, high))

    open_ended = bool(within(writes.computed))
    decided: dict[str, tuple[int, Entry]] = {}
    for key_name, (positions, records) in writes.keyed.items():
        last = within(positions)
        if not last:
            continue
        node, key_node, decisive = records[last[-1]]
        right = node.child_by_field_name("right")
        key = _key_scalar(reader, key_node, key_name)
        if decisive and right is not None:
            value, _ = reader.value(right)
        else:
            value = Unknown(reader.source, reader.span(right if right is not None else node), "variable")
        decided[key_name] = (positions[last[-1]], Entry(key, value))
    assign_positions = [position for position, _, _ in writes.assigns]
    for index in within(assign_positions):
        position, node, direct = writes.assigns[index]
        arguments = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
        for extra in arguments[1:]:
            value, extra_open = reader.value(extra)
            if not isinstance(value, Mapping):
                open_ended = True
                continue
            open_ended = open_ended or extra_open or not direct
            for entry in value.entries:
                if entry.name in decided and decided[entry.name][0] > position:
                    continue
                kept = (
                    entry
                    if direct
                    else Entry(entry.key, Unknown(reader.source, entry.value.span, "variable"))
                )
                decided[entry.name] = (position, kept)
    if not decided:
        return root, open_ended
    entries = {entry.name: entry for entry in root.entries}
    for key_name, (_, entry) in decided.items():
        entries[key_name] = entry
    return Mapping(root.source, root.span, tuple(entries.values())), open_ended


class Writes:
    """What a block writes to one variable: by member (`x.K = …`, positions
    in order, and for each the assignment, its key and whether it decides the
    value: one step deep and a statement of the block itself), the writes
    whose key cannot be read, and the `Object.assign(x, …)` calls."""

    def __init__(self) -> None:
        self.keyed: dict[str, tuple[list[int], list[tuple[Any, Any, bool]]]] = {}
        self.computed: list[int] = []
        self.assigns: list[tuple[int, Any, bool]] = []


def _writes_in(reader: Reader, block: Any) -> dict[str, Writes]:
    """The writes of `block` to each variable, found once per block (a file
    of many calls on one input walks its block once). Parents are carried
    down the walk: asking tree-sitter for a node's parent walks from the root."""
    from ami_lint.frontends.js_values import unwrap

    key = (block.start_byte, block.end_byte)
    cached = reader.writes.get(key)
    if cached is not None:
        return cached
    found: dict[str, Writes] = {}
    stack: list[tuple[Any, Any, Any]] = [(block, None, None)]
    while stack:
        node, parent, grandparent = stack.pop()
        direct = parent is not None and parent.type == "expression_statement" and grandparent is block
        if node.type == "assignment_expression":
            left = unwrap(node.child_by_field_name("left"))
            base = left
            while base is not None and base.type in ("member_expression", "subscript_expression"):
                base = unwrap(base.child_by_field_name("object"))
            if base is not None and base.type == "identifier" and base is not left:
                name = reader.text(base)
                path = _member_path(reader, left, name) or []
                writes = found.setdefault(name, Writes())
                if not path or not isinstance(path[0][0], str):
                    writes.computed.append(node.start_byte)
                else:
                    positions, records = writes.keyed.setdefault(path[0][0], ([], []))
                    positions.append(node.start_byte)
                    records.append((node, path[0][1], direct and len(path) == 1))
        elif node.type == "call_expression":
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is not None and arguments is not None and reader.text(function) == "Object.assign":
                first = unwrap(next((c for c in arguments.named_children if c.type != "comment"), None))
                if first is not None and first.type == "identifier":
                    found.setdefault(reader.text(first), Writes()).assigns.append(
                        (node.start_byte, node, direct)
                    )
        for child in node.named_children:
            stack.append((child, node, parent))
    for writes in found.values():
        writes.computed.sort()
        writes.assigns.sort(key=lambda item: item[0])
        for positions, records in writes.keyed.values():
            order = sorted(range(len(positions)), key=positions.__getitem__)
            positions[:] = [positions[i] for i in order]
            records[:] = [records[i] for i in order]
    reader.writes[key] = found
    return found


def _key_scalar(reader: Reader, node: Any, name: str) -> Scalar:
    from ami_lint.nodes import Scalar

    return Scalar(reader.source, reader.span(node), name)


def _member_path(reader: Reader, node: Any, name: str) -> list[tuple[PathItem | None, Any]] | None:
    """The steps of `name.A["B"][0]` as written ((key, node) each; None for a
    computed key not known), or None when `node` is not a member of `name`."""
    from ami_lint.frontends.js_values import unwrap

    steps: list[tuple[PathItem | None, Any]] = []
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            steps.append((reader.text(prop) if prop is not None else None, prop))
        else:
            index = unwrap(node.child_by_field_name("index"))
            step: PathItem | None = None
            if index is not None and index.type == "string":
                got = reader.string(index)
                step = got.value if isinstance(got.value, str) else None
            elif index is not None and index.type == "number" and reader.text(index).isdigit():
                step = int(reader.text(index))
            steps.append((step, index))
        node = unwrap(node.child_by_field_name("object"))
    if node is None or node.type != "identifier" or reader.text(node) != name:
        return None
    steps.reverse()
    return steps


def _comments(reader: Reader, tree: Any) -> list[Comment]:
    """The comments holding `ami-lint:`, found from the text (then the tree
    at that place), with what a `disable=` in each covers."""
    source = reader.source
    text = source.text
    data = reader.offsets.data
    root = tree.root_node
    found: list[tuple[Any, Span, bool]] = []
    marker = SUPPRESSION_MARKER.encode()
    at = data.find(marker)
    last_end = -1
    while at >= 0:
        node = root.descendant_for_byte_range(at, at + len(marker))
        at = data.find(marker, at + len(marker))
        if node is None or node.type != "comment" or node.start_byte < last_end:
            continue
        last_end = node.end_byte
        whole = reader.span(node)
        start = text.find(SUPPRESSION_MARKER, whole.start, whole.end)
        end = whole.end
        if text.startswith("/*", whole.start) and text.endswith("*/", whole.start, whole.end):
            end -= 2
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        line_start = source.offset_of_line(source.position(whole.start).line)
        found.append((node, Span(start, max(start, end)), not text[line_start : whole.start].strip()))
    comment_lines = {source.position(span.start).line for _, span, own in found if own}
    comments = []
    for node, span, own_line in found:
        line = source.position(reader.span(node).start).line
        if own_line:
            target = next_code_line(source, line, comment_lines)
            if target is None:
                continue
            statement = _sibling(node, "next_named_sibling")
            last = target
            if statement is not None:
                st = reader.span(statement)
                if source.position(st.start).line == target:
                    last = source.position(max(st.start, st.end - 1)).line
            scopes = (line_span(source, target, last),)
        else:
            first = line
            statement = _sibling(node, "prev_named_sibling")
            if statement is not None:
                st = reader.span(statement)
                if source.position(max(st.start, st.end - 1)).line == line:
                    first = source.position(st.start).line
            scopes = (line_span(source, first, line),)
        comments.append(Comment(span, own_line, scopes))
    return comments


def _sibling(node: Any, direction: str) -> Any:
    sibling = getattr(node, direction)
    while sibling is not None and sibling.type == "comment":
        sibling = getattr(sibling, direction)
    return sibling
