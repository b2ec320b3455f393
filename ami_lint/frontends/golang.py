"""Go programs that register images through aws-sdk-go (v1) or aws-sdk-go-v2.

A request is an `ec2.RegisterImageInput{…}` composite literal (`&` or not),
its type from the ec2 package of either SDK under whatever name the file
imports it (`github.com/aws/aws-sdk-go/service/ec2`,
`github.com/aws/aws-sdk-go-v2/service/ec2`; a file without the import, such
as an excerpt in a Markdown fence, is read as if it imported it as `ec2`).
`var input ec2.RegisterImageInput` is an empty one. The values written in it
are read by `ami_lint.frontends.go_values`.

When the literal is held in a variable, the assignments to its fields later
in the same function, up to the `RegisterImage(…)` /
`RegisterImageWithContext(…)` call that sends it, are part of the request:

- `input.VirtualizationType = aws.String("hvm")` (or v1's setter
  `input.SetVirtualizationType("hvm")`) in the same block as the literal
  replaces the field (and `= nil` removes it);
- one inside an `if`, a loop, a `switch` or a closure may or may not happen:
  the field is unknown;
- a field below the top (`input.BlockDeviceMappings[0].Ebs.Iops = …`) is
  set where the literal wrote that place, else the top field is unknown.

A request whose literal or variable goes anywhere else before the call
(returned, passed to another function, stored in another value, assigned
anew) may be completed there: it is open-ended, so rules about a missing
field stay silent, while every value written is still checked. Logging it
(`log.Printf("%v", input)`) is not such a use.

The file is parsed by tree-sitter-go, error-tolerant: a literal with a
syntax error inside is checked up to the error. Detection is a plain search
for `RegisterImage` before any parsing: a Go file without it costs its
decoding and one search. `_test.go` files met while walking a tree are not
linted (a test builds requests to see them fail); named on the command line
they are.

Suppressions are Go comments: `// ami-lint: disable=AMI305` (or `/* … */`)
after code covers its line and the element or statement that ends there; on
a line of its own, the next line and all of the element or statement that
starts there (a whole `input := &ec2.RegisterImageInput{…}`, a whole
`BlockDeviceMappings: …` field).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ami_lint.frontend import (
    SKIPPED,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Resolver,
    line_span,
    next_code_line,
)
from ami_lint.source import Source, Span
from ami_lint.vocabulary import ApiValue, PathItem, Vocabulary

if TYPE_CHECKING:
    from ami_lint.edits import Edit

SKIP_NO_INPUT = SKIPPED + "no ec2.RegisterImageInput in it"
SKIP_TEST_FILE = SKIPPED + "a Go test file (name it on the command line to lint it)"

# The ec2 packages of the two SDKs, and aws-sdk-go-v2's package of its types.
EC2_PACKAGES = frozenset(
    {"github.com/aws/aws-sdk-go/service/ec2", "github.com/aws/aws-sdk-go-v2/service/ec2"}
)
TYPES_PACKAGE = "github.com/aws/aws-sdk-go-v2/service/ec2/types"
_INPUT = b"RegisterImageInput"
# The methods that send a RegisterImageInput.
SENDS = frozenset({"RegisterImage", "RegisterImageWithContext", "RegisterImageRequest"})
# What logs a value without changing it: `log.Printf`, `logger.Debugf`, `fmt.Println`.
_LOGGING_PACKAGES = frozenset({"fmt", "log", "logrus", "klog", "spew", "slog", "zap"})
_LOGGING_PREFIXES = ("Print", "Debug", "Info", "Warn", "Error", "Fatal", "Trace", "Log", "Sprint", "Fprint",
                     "Panic", "Dump", "Sdump")  # fmt: skip
# A field path longer than this (`input.A.B.C…`) makes its top field unknown.
MAX_PATH = 8
# Nodes a directive's scope does not grow into: it covers one statement or element.
_SCOPE_STOPS = frozenset(
    {"statement_list", "block", "source_file", "literal_value", "ERROR", "argument_list"}
)
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


class GoVocabulary(Vocabulary):
    """Members as Go writes the fields (`BlockDeviceMappings[0].Ebs.Iops`),
    booleans as the SDKs' fields take them (`aws.Bool(true)`: a `*bool` in
    both), `nil`, and Go string literals."""

    def path(self, items: Sequence[PathItem]) -> str:
        return super().path(items) if items else "RegisterImageInput"

    def value(self, v: ApiValue) -> str:
        if isinstance(v, bool):
            return f"aws.Bool({'true' if v else 'false'})"
        if v is None:
            return "nil"
        if isinstance(v, str):
            import json

            return json.dumps(v)  # a JSON string is a Go string literal
        return super().value(v)

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """Edits in this SDK's code (`ami_lint.frontends.sdk_fixes`)."""
        from ami_lint.frontends.sdk_fixes import GO, write

        return write(GO, source, edit, within)


GO_NOTATION = GoVocabulary()


@lru_cache(maxsize=1)
def _parser() -> Any:
    from ami_lint.grammars import parser

    return parser("tree_sitter_go")


class GoFrontEnd(FrontEnd):
    name = "go"
    kind = "Go"
    suffixes = (".go",)
    needles = (b"RegisterImage",)
    no_needle = SKIP_NO_INPUT
    vocabulary = GO_NOTATION

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if "RegisterImage" not in text:
            return Extraction(skipped=SKIP_NO_INPUT)
        if not lenient and source.path.endswith("_test.go"):
            return Extraction(skipped=SKIP_TEST_FILE)
        from ami_lint.shell.words import Offsets

        offsets = Offsets(text)
        offsets.data = _new_as_call(offsets.data)
        tree = _parser().parse(offsets.data)
        file = GoFile(source, offsets, tree.root_node)
        comments = file.comments() if SUPPRESSION_MARKER in text else []
        requests = list(file.requests())
        if not requests:
            return Extraction(comments=comments, skipped=SKIP_NO_INPUT)
        return Extraction(requests, comments=comments)


GO = GoFrontEnd()


class GoFile:
    """One parsed Go file and the requests written in it."""

    def __init__(self, source: Source, offsets: Any, root: Any) -> None:
        from ami_lint.frontends.go_values import Converter

        self.source = source
        self.offsets = offsets
        self.data: bytes = offsets.data
        self.root = root
        self.inputs, constants = self._packages()
        self.values = Converter(source, offsets, constants)
        self._uses: dict[tuple[int, str], list[int]] = {}

    def text(self, node: Any) -> str:
        return self.source.slice(self.offsets.span(node))

    def _packages(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names the file gives the ec2 package (of `RegisterImageInput`),
        and those that hold its enum constants (ec2 for v1, its `types` for v2)."""
        ec2: set[str] = set()
        types: set[str] = set()
        names: set[str] = set()
        for declaration in self.root.named_children:
            if declaration.type != "import_declaration":
                continue
            specs = [c for c in declaration.named_children if c.type == "import_spec"]
            for group in declaration.named_children:
                if group.type == "import_spec_list":
                    specs += [c for c in group.named_children if c.type == "import_spec"]
            for spec in specs:
                path_node, alias = spec.child_by_field_name("path"), spec.child_by_field_name("name")
                if path_node is None:
                    continue
                path = self.text(path_node).strip('"`')
                name = self.text(alias) if alias is not None else path.rsplit("/", 1)[-1]
                names.add(name)
                if path in EC2_PACKAGES:
                    ec2.add(name)
                elif path == TYPES_PACKAGE:
                    types.add(name)
        if not ec2 and "ec2" not in names:
            # An excerpt without its imports: the names the SDKs' examples use.
            ec2.add("ec2")
            types.update(("types", "ec2types") if not types else ())
        return frozenset(ec2), frozenset(ec2 | types)

    # Requests.

    def requests(self) -> Iterator[Found]:
        from ami_lint.model import Request
        from ami_lint.nodes import Mapping

        index = 0
        at = self.data.find(_INPUT)
        while at >= 0:
            literal = self._literal_at(at)
            at = self.data.find(_INPUT, at + len(_INPUT))
            if literal is None:
                continue
            if literal.type == "qualified_type":
                yield self._broken(literal, index)
                index += 1
                continue
            if literal.type == "var_spec":
                root = Mapping(self.source, self.offsets.span(literal), ())
            else:
                root = self.values.structure(literal, ())
            root, open_ended = self._completed(literal, root)
            cut = self._first_error(literal)
            request = Request(root, open_ended=open_ended)
            yield Found(request, key=f"RegisterImageInput {index}", cut=cut, vocabulary=GO_NOTATION)
            index += 1

    def _literal_at(self, at: int) -> Any:
        """The composite literal (or `var x ec2.RegisterImageInput`) whose type is at byte `at`."""
        node = self.root.descendant_for_byte_range(at, at + len(_INPUT))
        if node is None or node.type != "type_identifier" or node.start_byte != at:
            return None
        qualified = node.parent
        if qualified is None or qualified.type != "qualified_type":
            return None
        package = qualified.child_by_field_name("package")
        if package is None or self.text(package) not in self.inputs:
            return None
        holder = qualified.parent
        if holder is None:
            return None
        if holder.type == "composite_literal" and holder.child_by_field_name("type") == qualified:
            return holder
        if holder.type == "var_spec" and holder.child_by_field_name("value") is None:
            return holder
        if holder.type == "ERROR" and _next_named(qualified) is not None:
            return qualified  # a literal a syntax error broke up: its fields follow the type
        return None

    def _broken(self, qualified: Any, index: int) -> Found:
        """The fields written after the type of a literal that a syntax error
        broke up, up to the first that is not a `Field: value`; the request
        is cut there (its missing fields may be the error's doing)."""
        from ami_lint.model import Request

        elements = []
        sibling = _next_named(qualified)
        while sibling is not None and sibling.type in ("keyed_element", "comment"):
            if sibling.type == "keyed_element":
                elements.append(sibling)
            sibling = _next_named(sibling)
        start = self.offsets.span(qualified).start
        end = self.offsets.span(qualified.parent).end
        root = self.values.fields(elements, Span(start, end), ())
        cut = self.offsets.span(elements[-1]).end if elements else start
        return Found(Request(root, open_ended=True), key=f"RegisterImageInput {index}", cut=cut,
                     vocabulary=GO_NOTATION)  # fmt: skip

    def _first_error(self, literal: Any) -> int | None:
        """Where the first syntax error inside the literal is, as a character offset."""
        if not literal.has_error:
            return None
        first: int | None = None
        todo = [literal]
        while todo:
            node = todo.pop()
            if node.is_error or node.is_missing:
                first = node.start_byte if first is None else min(first, node.start_byte)
                continue
            todo.extend(c for c in node.children if c.has_error or c.is_missing)
        return None if first is None else int(self.offsets.char(first))

    def _completed(self, literal: Any, root: Any) -> tuple[Any, bool]:
        """The request with the later assignments to its variable's fields,
        and whether it may be completed somewhere else (open-ended)."""
        name, statement = self._binding(literal)
        if name is None or statement is None:
            up = literal.parent
            while up is not None and up.type in ("unary_expression", "parenthesized_expression"):
                up = up.parent
            direct = up is not None and up.type == "argument_list" and _sends(self, up.parent)
            return root, not direct
        # Outside a function: an excerpt's statements (a Markdown fence).
        body = _function_body(statement) or self.root
        open_ended = False
        for use in self._uses_of(name, statement.end_byte, body):
            verdict = self._use(use, statement)
            if verdict == "sent":
                break
            if verdict == "open":
                open_ended = True
                break
            if isinstance(verdict, list):
                for assignment in verdict:
                    root = self._assigned(root, *assignment)
        return root, open_ended

    def _binding(self, literal: Any) -> tuple[str | None, Any]:
        """The variable a literal is given to, and the statement that does it."""
        if literal.type == "var_spec":
            names = literal.children_by_field_name("name")
            return (self.text(names[0]) if len(names) == 1 else None), literal
        up = literal
        parent = up.parent
        if parent is not None and parent.type == "unary_expression":
            up, parent = parent, parent.parent
        if parent is None or parent.type != "expression_list":
            return None, None
        statement = parent.parent
        if statement is None:
            return None, None
        if statement.type in ("short_var_declaration", "assignment_statement"):
            if statement.child_by_field_name("right") != parent:
                return None, None
            left = statement.child_by_field_name("left")
            targets = [c for c in left.named_children if c.type != "comment"] if left is not None else []
        elif statement.type == "var_spec":
            targets = statement.children_by_field_name("name")
        else:
            return None, None
        values = [c for c in parent.named_children if c.type != "comment"]
        position = next((i for i, v in enumerate(values) if v == up), -1)
        if position < 0 or position >= len(targets) or targets[position].type != "identifier":
            return None, None
        return self.text(targets[position]), statement

    def _uses_of(self, name: str, after: int, body: Any) -> Iterator[Any]:
        """The identifiers `name` in `body` after byte `after`, in order."""
        key = (body.start_byte, name)
        found = self._uses.get(key)
        if found is None:
            found = []
            needle = name.encode("utf-8")
            data = self.data
            at = data.find(needle, body.start_byte, body.end_byte)
            while at >= 0:
                end = at + len(needle)
                if (at == 0 or data[at - 1] not in _IDENTIFIER_BYTES) and (
                    end >= len(data) or data[end] not in _IDENTIFIER_BYTES
                ):
                    found.append(at)
                at = data.find(needle, end, body.end_byte)
            self._uses[key] = found
        from bisect import bisect_left

        for at in found[bisect_left(found, after) :]:
            node = self.root.descendant_for_byte_range(at, at + len(name.encode("utf-8")))
            if node is not None and node.type == "identifier" and node.start_byte == at:
                yield node

    def _use(self, identifier: Any, statement: Any) -> str | list[tuple[Any, ...]] | None:
        """What one use of the variable does: `sent` (the call), `open`
        (somewhere the request may change), the assignments it makes (each
        path, key nodes, value node, conditional), or None (a read)."""
        parent = identifier.parent
        if parent is None:
            return None
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == identifier:
            return self._field_use(parent, statement)
        use = identifier
        while use.parent is not None and use.parent.type in ("unary_expression", "parenthesized_expression"):
            use = use.parent
        holder = use.parent
        if holder is not None and holder.type == "argument_list":
            call = holder.parent
            if _sends(self, call):
                return "sent"
            if _logs(self, call):
                return None
        return "open"

    def _field_use(self, top: Any, statement: Any) -> list[tuple[Any, ...]] | None:
        """The assignments a use of the variable's field makes (`input.X = …`,
        v1's setters `input.SetX(…)`, chained), or None for a read."""
        path: list[str | int | None] = []
        keys: list[Any] = []
        while True:
            if top.type == "selector_expression":
                field = top.child_by_field_name("field")
                path.append(self.text(field) if field is not None else None)
                keys.append(field)
            else:  # index_expression
                index = top.child_by_field_name("index")
                number = self.text(index) if index is not None else ""
                path.append(int(number) if number.isdigit() else None)
                keys.append(index)
            parent = top.parent
            if parent is None or len(path) > MAX_PATH:
                return None
            if parent.type not in ("selector_expression", "index_expression"):
                break
            if parent.child_by_field_name("operand") != top:
                break
            top = parent
        left = top.parent
        if (
            left is not None
            and left.type == "call_expression"
            and left.child_by_field_name("function") == top
        ):
            return self._setters(left, path, keys, statement)
        assignment = left.parent if left is not None else None
        if (
            left is None
            or assignment is None
            or left.type != "expression_list"
            or assignment.type != "assignment_statement"
            or assignment.child_by_field_name("left") != left
        ):
            return None  # a read: `*input.Name`
        operator = assignment.child_by_field_name("operator")
        targets = [c for c in left.named_children if c.type != "comment"]
        right = assignment.child_by_field_name("right")
        values = [c for c in right.named_children if c.type != "comment"] if right is not None else []
        position = next((i for i, t in enumerate(targets) if t == top), -1)
        value = values[position] if len(values) == len(targets) and position >= 0 else None
        if operator is None or self.text(operator) != "=":
            value = None
        conditional = _conditional(assignment, statement)
        return [(path, keys, value if value is not None else assignment, conditional)]

    def _setters(
        self, call: Any, path: list[Any], keys: list[Any], statement: Any
    ) -> list[tuple[Any, ...]] | None:
        """aws-sdk-go v1's setters, `input.SetArchitecture("x86_64")`, and
        those chained after it (`.SetName(…)`), as assignments. Its other
        methods (`Validate`, `String`) only read."""
        found: list[tuple[Any, ...]] = []
        while True:
            name = path[-1]
            if not (isinstance(name, str) and name.startswith("Set") and name[3:4].isupper()):
                return found or None
            arguments = call.child_by_field_name("arguments")
            args = (
                [c for c in arguments.named_children if c.type != "comment"] if arguments is not None else []
            )
            value = args[0] if len(args) == 1 else call
            found.append(([*path[:-1], name[3:]], keys, value, _conditional(call, statement)))
            after = call.parent
            if (
                after is None
                or after.type != "selector_expression"
                or after.child_by_field_name("operand") != call
            ):
                return found
            field = after.child_by_field_name("field")
            call = after.parent
            if field is None or call is None or call.type != "call_expression":
                return found
            path, keys = [self.text(field)], [field]

    def _assigned(self, root: Any, path: list[Any], keys: list[Any], value: Any, conditional: bool) -> Any:
        """`root` with the assignment of `value` (an expression, or the whole
        assignment when its value is not one's own) to the field at `path`."""
        from ami_lint.frontends.go_values import ITEMS
        from ami_lint.nodes import Entry, Mapping, Scalar, Unknown

        top = path[0]
        if not isinstance(top, str) or keys[0] is None or keys[-1] is None:
            return root
        assigned_value = value.type != "assignment_statement"
        model = tuple(ITEMS if isinstance(step, int) else str(step) for step in path)
        if conditional or not assigned_value or None in path:
            node: Any = Unknown(self.source, self.offsets.span(value), "assigned")
        else:
            node = self.values.value(value, model)
        key_scalar = Scalar(self.source, self.offsets.span(keys[0]), top)
        if len(path) == 1:
            return _with(root, key_scalar, node)
        leaf = (
            Scalar(self.source, self.offsets.span(keys[-1]), path[-1]) if isinstance(path[-1], str) else None
        )
        placed = _placed(root.get(top), path[1:], node, leaf)
        if placed is None:
            placed = Unknown(self.source, self.offsets.span(value), "assigned")
        existing = root.entry(top)
        entries = [Entry(existing.key if existing else key_scalar, placed) if e is existing else e
                   for e in root.entries]  # fmt: skip
        if existing is None:
            entries.append(Entry(key_scalar, placed))
        return Mapping(root.source, root.span, tuple(entries))

    # Comments.

    def comments(self) -> list[Comment]:
        """The Go comments that hold a directive, with what each covers."""
        source, text, data = self.source, self.source.text, self.data
        marker = SUPPRESSION_MARKER.encode()
        seen: set[int] = set()
        found: list[tuple[Any, Span, int, bool]] = []
        at = data.find(marker)
        while at >= 0:
            node = self.root.descendant_for_byte_range(at, at + len(marker))
            at = data.find(marker, at + len(marker))
            if node is None or node.type != "comment" or node.start_byte in seen:
                continue
            seen.add(node.start_byte)
            span = self.offsets.span(node)
            block = text.startswith("/*", span.start)
            body = Span(span.start + 2, max(span.start + 2, span.end - 2 if block else span.end))
            line = source.position(span.start).line
            own = not text[source.offset_of_line(line) : span.start].strip()
            found.append((node, body, line, own))
        own_lines = {line for _, _, line, own in found if own}
        out = []
        for node, body, line, own in found:
            if own:
                target = next_code_line(source, line, own_lines)
                if target is None:
                    continue
                scopes = (line_span(source, target, self._last_line_of_statement_at(target)),)
            else:
                scopes = (line_span(source, self._first_line_of_statement_before(node, line), line),)
            out.append(Comment(body, own, scopes))
        return out

    def _last_line_of_statement_at(self, line: int) -> int:
        """The last line of the outermost statement or element that starts on `line`."""
        written = self.source.line_text(line)
        indent = len(written) - len(written.lstrip())
        if indent == len(written):
            return line
        point = (line - 1, len(written[:indent].encode("utf-8")))
        node = self.root.descendant_for_point_range(point, point)
        if node is None:
            return line
        while (
            node.parent is not None
            and node.parent.start_byte == node.start_byte
            and node.parent.type not in _SCOPE_STOPS
        ):
            node = node.parent
        end = int(self.offsets.char(node.end_byte))
        return max(line, self.source.position(max(0, end - 1)).line)

    def _first_line_of_statement_before(self, comment: Any, line: int) -> int:
        """The first line of the outermost statement or element that ends before a comment on `line`."""
        written = self.source.line_text(line)
        column = len(self.source.text[self.source.offset_of_line(line) : self.offsets.span(comment).start])
        code = written[:column].rstrip().rstrip(",").rstrip()
        if not code:
            return line
        point = (line - 1, len(code[:-1].encode("utf-8")))
        node = self.root.descendant_for_point_range(point, point)
        if node is None:
            return line
        while (
            node.parent is not None
            and node.parent.end_byte <= comment.start_byte
            and node.parent.type not in _SCOPE_STOPS
        ):
            node = node.parent
        return min(line, self.source.position(int(self.offsets.char(node.start_byte))).line)


def _next_named(node: Any) -> Any:
    return node.next_named_sibling


def _new_as_call(data: bytes) -> bytes:
    """`data` with each `new(` written `NEW(` for tree-sitter: Go 1.26 lets
    `new` take a value (`new("/dev/xvda")`, `new(true)`), which
    tree-sitter-go 0.25 does not parse; a call of `NEW` parses like
    `aws.String(…)`, and `ami_lint.frontends.go_values` reads `new` (the
    text is unchanged) as the pointer helper it is. Same length: every
    offset stays."""
    at = data.find(b"new(")
    if at < 0:
        return data
    out = bytearray(data)
    while at >= 0:
        if at == 0 or (data[at - 1] not in _IDENTIFIER_BYTES and data[at - 1] != 0x2E):  # not `x.new(`
            out[at : at + 3] = b"NEW"
        at = data.find(b"new(", at + 4)
    return bytes(out)


def _function_body(node: Any) -> Any:
    """The body of the function (or function literal) that holds `node`."""
    up = node.parent
    while up is not None:
        if up.type in ("function_declaration", "method_declaration", "func_literal"):
            return up.child_by_field_name("body")
        up = up.parent
    return None


def _conditional(node: Any, statement: Any) -> bool:
    """Whether `node` may not run when the declaration `statement` has: it
    stands in another block (an `if`, a loop, a `switch`, a closure)."""
    while node.parent is not None and node.parent.type not in ("statement_list", "block", "source_file"):
        node = node.parent
    if node.parent == statement.parent:
        return False
    return not (statement.type == "var_spec" and node.parent == _declaration_parent(statement))


def _declaration_parent(spec: Any) -> Any:
    """The statement list a `var` declaration stands in."""
    up = spec.parent
    while up is not None and up.type in ("var_spec_list", "var_declaration"):
        up = up.parent
    return up


def _method(file: GoFile, call: Any) -> tuple[str, str] | None:
    """`(receiver, method)` of a call `x.Method(…)` (the receiver "" when it
    is not a plain name), else None."""
    if call is None or call.type != "call_expression":
        return None
    function = call.child_by_field_name("function")
    if function is None or function.type != "selector_expression":
        return None
    operand, field = function.child_by_field_name("operand"), function.child_by_field_name("field")
    if field is None:
        return None
    receiver = file.text(operand) if operand is not None and operand.type == "identifier" else ""
    return receiver, file.text(field)


def _sends(file: GoFile, call: Any) -> bool:
    """A call of `RegisterImage`, `RegisterImageWithContext` or `RegisterImageRequest`."""
    method = _method(file, call)
    return method is not None and method[1] in SENDS


def _logs(file: GoFile, call: Any) -> bool:
    method = _method(file, call)
    return method is not None and (method[0] in _LOGGING_PACKAGES or method[1].startswith(_LOGGING_PREFIXES))


def _with(root: Any, key: Any, node: Any) -> Any:
    """`root` with its entry `key` set to `node` (removed when `node` is `nil`)."""
    from ami_lint.frontends.go_values import NIL
    from ami_lint.nodes import Entry, Mapping

    name = key.value
    existing = root.entry(name)
    entries = [e for e in root.entries if e is not existing]
    if node is not NIL:
        entry = Entry(key, node)
        if existing is not None:
            entries.insert(list(root.entries).index(existing), entry)
        else:
            entries.append(entry)
    return Mapping(root.source, root.span, tuple(entries))


def _placed(node: Any, steps: list[Any], value: Any, leaf: Any) -> Any:
    """`node` with `value` at `steps` below it; None when the place was not
    written in the literal (then the top field is unknown)."""
    from ami_lint.frontends.go_values import NIL
    from ami_lint.nodes import Mapping, Sequence

    if node is None:
        return None
    step, rest = steps[0], steps[1:]
    if isinstance(node, Mapping) and isinstance(step, str):
        if not rest:
            existing = node.entry(step)
            key = existing.key if existing is not None else leaf
            return _with(node, key, value) if key is not None else None
        child = _placed(node.get(step), rest, value, leaf)
        if child is None:
            return None
        existing = node.entry(step)
        assert existing is not None
        return _with(node, existing.key, child)
    if isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
        child = _placed(node.items[step], rest, value, leaf) if rest else value
        if child is NIL:
            return None
        if child is None:
            return None
        items = list(node.items)
        items[step] = child
        return Sequence(node.source, node.span, tuple(items))
    return None
