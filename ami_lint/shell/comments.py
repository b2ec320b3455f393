"""The comments of a script, with the text a `disable=` directive in each
covers (`ami_lint.suppressions` says which), read from the tree the calls
were found in: the script is not parsed again."""

from __future__ import annotations

from ami_lint.frontend import Comment, line_span, next_code_line
from ami_lint.shell.calls import Script
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 20)
if TYPE_CHECKING:
    from typing import Any


def script_comments(script: Script) -> list[Comment]:
    """Every `comment` node of the tree-sitter-bash tree (a `#` in a quoted
    word or a here-document is none), with its scope: after code, that line
    and the statement ending on it; on a line of its own, the next code line
    and the whole statement starting there."""
    source, offsets = script.source, script.offsets

    def span(node: Any) -> Span:
        return Span(offsets.char(node.start_byte), offsets.char(node.end_byte))

    found: list[tuple[Any, Span, bool]] = []
    stack = [script.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            at = span(node)
            while at.end > at.start and source.text[at.end - 1] in "\r\n":  # CRLF: `\r` is in the node
                at = Span(at.start, at.end - 1)
            line_start = source.offset_of_line(_line(source, at.start))
            found.append((node, at, not source.text[line_start : at.start].strip()))
        stack.extend(node.children)
    comment_lines = {_line(source, at.start) for _, at, own in found if own}
    comments = []
    for node, at, own_line in found:
        line = _line(source, at.start)
        if own_line:
            target = next_code_line(source, line, comment_lines)
            if target is None:
                continue
            statement = _sibling(node, "next_named_sibling")
            if statement is not None and _line(source, span(statement).start) == target:
                last = _line(source, max(span(statement).start, span(statement).end - 1))
                scopes = (line_span(source, target, last),)
            else:
                scopes = (line_span(source, target, target),)
        else:
            first = line
            statement = _sibling(node, "prev_named_sibling")
            if statement is not None:
                st = span(statement)
                if _line(source, max(st.start, st.end - 1)) == line:
                    first = _line(source, st.start)
            scopes = (line_span(source, first, line),)
        comments.append(Comment(at, own_line, scopes))
    comments.sort(key=lambda c: c.span.start)
    return comments


def _line(source: Source, offset: int) -> int:
    return source.position(offset).line


def _sibling(node: Any, direction: str) -> Any:
    sibling = getattr(node, direction)
    while sibling is not None and sibling.type == "comment":
        sibling = getattr(sibling, direction)
    return sibling
