"""Python programs: each boto3 `register_image(…)` call is a request.

A file whose text holds no `register_image` costs a string search and
nothing more: thousands of unrelated `.py` files of a repository are
near free. Otherwise it is parsed once by tree-sitter-python, which is
error tolerant (a Python 2 `print` statement or an excerpt elsewhere in the
file loses no call) and gives byte positions. Which calls are EC2's is
`ami_lint.frontends.python_calls`; what their keyword arguments and
`**kwargs` hold, `ami_lint.frontends.python_values` and
`ami_lint.frontends.python_flow` (straight-line code only, with the
certainty rules of a script's variables). The request has the API's
defaults, as a CLI skeleton does: there is no command line, so the
command-line rules (4xx) never apply.

A file that talks to a mock (it imports `moto` or `localstack`, or makes a
client with an `endpoint_url` on the local machine) is not checked;
`--verbose` says so. Suppressions are comments: `# ami-lint: disable=…`
after code covers its line (the whole statement when the comment ends it),
on a line of its own the statement that starts on the next code line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
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
from ami_lint.frontends.python_head import is_python_shebang
from ami_lint.source import Source, Span
from ami_lint.vocabulary import ApiValue, PathItem, Vocabulary, member

if TYPE_CHECKING:
    from ami_lint.edits import Edit
    from ami_lint.frontends.python_calls import Calls
    from ami_lint.frontends.python_flow import Flow
    from ami_lint.frontends.python_values import Env, Values
    from ami_lint.nodes import Mapping, Node

NEEDLE = "register_image"
SKIP_NO_CALL = SKIPPED + "no boto3 register_image call"
SKIP_NO_CALL_FOUND = (
    SKIPPED + "mentions register_image, but no boto3 EC2 call of it was recognised "
    "(if it is one, please report how the program calls it)"
)
UNRESOLVED = rule_ids.UNRESOLVED_VALUE


class PythonVocabulary(Vocabulary):
    """Members as a boto3 call writes them: `BlockDeviceMappings[0]["Ebs"]["Iops"]`
    (the keyword, then subscripts), values as Python literals (`True`, `None`, `'gp3'`)."""

    def path(self, items: Sequence[PathItem]) -> str:
        if not items:
            return "request"
        first = items[0]
        text = first if isinstance(first, str) else f"[{first}]"
        for step in items[1:]:
            text += f"[{step}]" if isinstance(step, int) else f"[{json.dumps(step)}]"
        return text

    def value(self, v: ApiValue) -> str:
        if v is None or isinstance(v, bool):
            return repr(v)
        return repr(v) if isinstance(v, str) else str(v)

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """Edits in this SDK's code (`ami_lint.frontends.sdk_fixes`)."""
        from ami_lint.frontends.sdk_fixes import PYTHON, write

        return write(PYTHON, source, edit, within)


PYTHON_VOCABULARY = PythonVocabulary()


class PythonFrontEnd(FrontEnd):
    name = "python"
    kind = "Python"
    suffixes = (".py", ".pyw", ".pyi")
    needles = (NEEDLE.encode(),)
    no_needle = SKIP_NO_CALL
    # A stray byte in a comment (a Latin-1 Python 2 file) does not hide the calls.
    replaces_bad_bytes = True
    vocabulary = PYTHON_VOCABULARY

    def claims_head(self, head: bytes) -> bool:
        return is_python_shebang(head)

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        if not mentions(source.text, NEEDLE):
            return Extraction(skipped=SKIP_NO_CALL)
        from ami_lint.frontends.python_calls import Calls
        from ami_lint.frontends.python_flow import Flow
        from ami_lint.frontends.python_values import Values

        parsed = _parse(source)
        values = Values(source, parsed.data, parsed.chars)
        root = parsed.tree.root_node
        comments = _comments(values, root) if SUPPRESSION_MARKER in source.text else []
        calls = Calls(values, root)
        if calls.mock is not None:
            return Extraction(comments=comments, skipped=f"{SKIPPED}calls against a mock ({calls.mock})")
        candidates = [call for call in calls.calls if _keywords_only(call)]
        chosen = _chosen(calls, Flow(values, root), candidates)
        first = next(chosen, None)
        if first is None:
            return Extraction(comments=comments, skipped=SKIP_NO_CALL_FOUND if calls.calls else SKIP_NO_CALL)
        from itertools import chain

        notes: list[str] = []
        requests = _requests(values, calls, chain((first,), chosen), notes)
        return Extraction(requests, comments=comments, notes=notes)

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        if NEEDLE.encode() in data:
            return Extraction(skipped=NOT_CHECKED + f"larger than {limit} bytes (`--max-file-size`)")
        return super().too_large(data, name, limit, lenient)

    def comments(self, source: Source) -> list[Comment]:
        if SUPPRESSION_MARKER not in source.text:
            return []
        from ami_lint.frontends.python_values import Values

        parsed = _parse(source)
        return _comments(Values(source, parsed.data, parsed.chars), parsed.tree.root_node)


PYTHON = PythonFrontEnd()


class _Parsed:
    def __init__(self, data: bytes, chars: Any, tree: Any) -> None:
        self.data, self.chars, self.tree = data, chars, tree


def _parse(source: Source) -> _Parsed:
    from ami_lint.shell.words import Offsets

    offsets = Offsets(source.text)
    tree = _parser().parse(offsets.data)
    return _Parsed(offsets.data, offsets.chars, tree)


_PARSER: list[Any] = []


def _parser() -> Any:
    if not _PARSER:
        from ami_lint.grammars import parser

        _PARSER.append(parser("tree_sitter_python"))
    return _PARSER[0]


def _keywords_only(call: Any) -> bool:
    """boto3's methods take keywords only: a call with a positional argument is another's."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return False
    return all(
        a.type in ("keyword_argument", "dictionary_splat", "comment", "ERROR")
        for a in arguments.named_children
    )


def _is_ec2(calls: Calls, call: Any, env: dict[str, Node]) -> bool:
    from ami_lint.nodes import Mapping

    arguments = call.child_by_field_name("arguments")
    keywords: list[str] = []
    splat_keys: list[str] = []
    for argument in arguments.named_children:
        if argument.type == "keyword_argument":
            name = argument.child_by_field_name("name")
            if name is not None:
                keywords.append(calls.raw(name))
        elif argument.type == "dictionary_splat" and argument.named_children:
            got = calls.values.value(argument.named_children[0], env)
            if isinstance(got, Mapping):
                splat_keys.extend(got.keys())
    service, ec2_named = calls.receiver(call)
    if service is not None and service not in ("", "ec2"):
        return False
    if service == "ec2":
        return True
    if any(k[:1].isupper() for k in keywords):
        return True
    lower = any(k[:1].islower() for k in keywords)
    if any(k[:1].isupper() for k in splat_keys):
        return not lower
    return ec2_named and not lower


def _chosen(calls: Calls, flow: Flow, candidates: list[Any]) -> Iterator[tuple[Any, Env]]:
    """Each call of `candidates` that is EC2's, in order, with the names
    known at it. The names of a scope's calls are worked out when its first
    call comes, and each call's let go once it is given: a program of
    thousands of functions never holds the names of all of them."""
    by_scope = flow.scopes(candidates, calls.paths)
    scope_of = {call.id: key for key, (_, group) in by_scope.items() for call in group}
    pending: dict[int, Env] = {}
    for call in candidates:
        scope = by_scope.pop(scope_of[call.id], None)
        if scope is not None:
            pending.update(flow.environments(scope[1], calls.paths))
        env = pending.pop(call.id, {})
        if _is_ec2(calls, call, env):
            yield call, env


def _requests(
    values: Values, calls: Calls, chosen: Iterable[tuple[Any, Env]], notes: list[str]
) -> Iterator[Found]:
    """The request of each chosen call, built as the engine asks for it."""
    for call, env in chosen:
        yield _request(values, calls, call, env, notes)


def _request(values: Values, calls: Calls, call: Any, env: dict[str, Node], notes: list[str]) -> Found:
    from ami_lint.model import Request
    from ami_lint.nodes import Mapping

    source = values.source
    arguments = call.child_by_field_name("arguments")
    function = call.child_by_field_name("function")
    attribute = function.child_by_field_name("attribute")
    entries, splats = values.keywords(arguments, env)
    span = Span(values.span(attribute).start, values.span(call).end)
    root = Mapping(source, span, tuple(entries))
    findings = _unresolved(values, root, splats)
    cut = None
    if call.has_error:
        error = getattr(call, "cut_byte", None)
        if error is None:
            first = _first_error(call)
            error = first.start_byte if first is not None else None
        if error is not None:
            cut = values.char(error)
            at, start = source.host_position(cut), source.host_position(span.start)
            notes.append(
                f"Python syntax error at {at.line}:{at.column} cuts the call at "
                f"{start.line}:{start.column}: checked up to the error"
            )
    request = Request(
        root, open_ended=bool(splats) or cut is not None, endpoint=calls.receiver_endpoint(call)
    )
    # Named as Python names them, in a host of another notation too (a
    # Markdown fence); with its vocabulary, the engine makes the request's
    # diagnostics at once, and lets its findings go.
    return Found(request, findings, cut=cut, vocabulary=PYTHON_VOCABULARY)


def _first_error(node: Any) -> Any:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return current
        if current.has_error:
            stack.extend(reversed(current.children))
    return None


def _unresolved(values: Values, root: Mapping, splats: list[Any]) -> list[Finding]:
    """AMI005 (off by default) for each value, or part of one, known only when the program runs."""
    from ami_lint.nodes import Unknown, walk

    findings = []
    for path, node in walk(root):
        if not isinstance(node, Unknown) or node.reason == "splice":
            continue
        parts = values.parts.get(id(node))
        what = "this part of the value" if parts else "the value"
        for span in parts or [node.span]:
            findings.append(
                Finding(
                    UNRESOLVED,
                    values.source,
                    span,
                    f"`{_shown(values.source.slice(span))}` is only known when the program runs: "
                    f"{what} of {member(path)} was not checked",
                    "Write the value out, or assign it a literal earlier in the same function, "
                    "to have it checked",
                )
            )
    for splat in splats:
        span = values.span(splat)
        findings.append(
            Finding(
                UNRESOLVED,
                values.source,
                span,
                f"`{_shown(values.source.slice(span))}` may hold any parameters when the program runs: "
                "they were not checked, and no parameter is reported missing from this call",
                "Build the dict in the same function, from literals, to have it checked",
            )
        )
    return findings


def _shown(text: str) -> str:
    """An expression as a message quotes it: its first line, at most 60 characters."""
    line = text.split("\n", 1)[0].rstrip()
    cut = line if len(line) <= 60 else line[:59] + "…"
    return cut + (" …" if "\n" in text and cut == line else "")


def _comments(values: Values, root: Any) -> list[Comment]:
    """The `comment` nodes (a `#` in a string is none), with their scopes."""
    source = values.source
    from ami_lint.frontends.python_values import near, needles

    found: list[tuple[Any, Span, bool]] = []
    for node, _ in near(root, needles(values.data, (SUPPRESSION_MARKER.encode(),))):
        if node.type == "comment":
            at = values.span(node)
            line_start = source.offset_of_line(source.position(at.start).line)
            found.append((node, at, not source.text[line_start : at.start].strip()))
    own_lines = {source.position(at.start).line for _, at, own in found if own}
    comments = []
    for node, at, own in found:
        line = source.position(at.start).line
        if own:
            target = next_code_line(source, line, own_lines)
            if target is None:
                continue
            statement = _statement_at(values, root, target)
            last = target
            if statement is not None:
                last = source.position(max(values.span(statement).start, values.span(statement).end - 1)).line
            scopes: tuple[Span, ...] = (line_span(source, target, max(target, last)),)
        else:
            first = line
            before = node.prev_named_sibling
            while before is not None and before.type == "comment":
                before = before.prev_named_sibling
            if before is not None:
                where = values.span(before)
                if source.position(max(where.start, where.end - 1)).line == line:
                    first = source.position(where.start).line
            scopes = (line_span(source, first, line),)
        comments.append(Comment(at, own, scopes))
    comments.sort(key=lambda c: c.span.start)
    return comments


def _statement_at(values: Values, root: Any, line: int) -> Any:
    """The outermost statement that starts on `line`, if any."""
    source = values.source
    node = root
    while True:
        following = None
        for child in node.named_children:
            where = values.span(child)
            start = source.position(where.start).line
            end = source.position(max(where.start, where.end - 1)).line
            if start == line and child.type != "comment":
                return child
            if (start <= line <= end and child.type in ("block", "module")) or (
                start < line <= end and child.type.endswith(("statement", "definition", "clause"))
            ):
                following = child
                break
        if following is None:
            return None
        node = following
