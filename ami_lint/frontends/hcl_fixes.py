"""Fixes written in HCL (Terraform's `.tf`, Packer's `.pkr.hcl`) and in the
JSON syntax of those tools (`.tf.json`, `.pkr.json`, legacy Packer templates).

A rule's edit says what it does (`ami_lint.edits.Meaning`); here it is
written as the tool reads it, or withheld:

- a string value's characters (`amd64` to `x86_64`): only inside a quoted
  literal written as it reads (never a template part, a heredoc, nor a
  number or boolean the tool converts to a string);
- a whole value made a boolean or a number: `true`, `8`;
- an entry removed: in HCL, the attribute's whole line, when nothing but
  blanks is beside it on that line (a comment there withholds it); in JSON,
  the API's edit (one comma with it), when it could be made;
- an entry added before the first one: in HCL, `name = "value"` on a line of
  its own, indented as that entry and its `=` aligned with it, when that
  entry is an argument or a block beginning its line; in JSON,
  `"name": "value", ` before a quoted first key (after `{` or `,`);
- a key renamed: never here (the front ends name unknown arguments
  themselves, and write their renames in their own syntax, `OWN`).
"""

from __future__ import annotations

from collections.abc import Callable

from ami_lint.edits import INSERT, LITERAL, OWN, REMOVE, TEXT, Edit, newline_of
from ami_lint.source import Source, Span

_IDENTIFIER = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_BLANK = frozenset(" \t")


def write(source: Source, edit: Edit, name_of: Callable[[str], str | None], json: bool) -> Edit | None:
    """`edit` written in HCL (`json`: in the tool's JSON syntax), `name_of`
    giving the tool's name of a member of the request's top level; None
    when it cannot be written exactly."""
    meaning = edit.meaning
    if meaning is None:
        return None
    kind = meaning.kind
    if kind == OWN:
        return edit
    if kind == TEXT:
        return edit if edit.written and _in_quotes(source.text, edit.span) else None
    if kind == LITERAL:
        return _literal(source, edit)
    if kind == REMOVE and meaning.at is not None:
        if json:
            return edit if edit.written else None
        return remove_line(source, meaning.at)
    if kind == INSERT and meaning.at is not None and isinstance(meaning.value, str):
        name = name_of(meaning.name)
        if name is None or not name or not _IDENTIFIER.issuperset(name):
            return None
        if json:
            return _insert_json(source, meaning.at, name, meaning.value)
        return _insert_line(source, meaning.at, name, meaning.value)
    return None


def _in_quotes(text: str, span: Span) -> bool:
    """Whether `span` is all of a `"…"` literal's characters (the edit being
    exact, no escape is among them)."""
    return 0 < span.start <= span.end < len(text) and text[span.start - 1] == '"' == text[span.end]


def _literal(source: Source, edit: Edit) -> Edit | None:
    """A quoted `"true"` or `"8"` (all of the value) written bare."""
    value = edit.meaning.value if edit.meaning is not None else None
    raw = source.slice(edit.span)
    if not edit.written or len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        return None
    if isinstance(value, bool):
        return Edit(edit.span, "true" if value else "false")
    if isinstance(value, int):
        return Edit(edit.span, str(value))
    return None


def _line_bounds(text: str, at: Span) -> tuple[int, int] | None:
    """The start of the line where `at` starts and the end (past its line
    ending) of the line where it ends, when only blanks stand beside it."""
    start = text.rfind("\n", 0, at.start) + 1
    end = text.find("\n", at.end)
    if end < 0:
        return None
    before, after = text[start : at.start], text[at.end : end].removesuffix("\r")
    if not _BLANK.issuperset(before) or not _BLANK.issuperset(after):
        return None
    return start, end + 1


def remove_line(source: Source, at: Span) -> Edit | None:
    """An HCL attribute written from `at` (its name) to its value's end,
    removed with its line(s), when only blanks stand beside it."""
    bounds = _line_bounds(source.text, at)
    return None if bounds is None else Edit(Span(*bounds), "")


def _insert_line(source: Source, at: Span, name: str, value: str) -> Edit | None:
    """`name = "value"` on a line before the argument or block named at `at`."""
    text = source.text
    raw = source.slice(at)
    if not raw or not _IDENTIFIER.issuperset(raw.lower()):
        return None
    start = text.rfind("\n", 0, at.start) + 1
    indent = text[start : at.start]
    if not _BLANK.issuperset(indent):
        return None
    after = at.end
    while after < len(text) and text[after] in _BLANK:
        after += 1
    follows = text[after : after + 2]
    if follows[:1] == "=" and follows != "==":
        width = after - at.start  # the first argument's name and the blanks to its `=`
    elif follows[:1] == "{":
        width = 0
    else:
        return None
    head = name.ljust(width) if len(name) < width else name + " "
    return Edit(at, f'{head}= "{value}"{newline_of(source, at.end)}{indent}{raw}')


def _insert_json(source: Source, at: Span, name: str, value: str) -> Edit | None:
    """`"name": "value", ` before a quoted first key of an object."""
    text = source.text
    raw = source.slice(at)
    before = text[: at.start].rstrip(" \t\r\n")
    if raw[:1] != '"' or not before.endswith(("{", ",")):
        return None
    return Edit(at, f'"{name}": "{value}", {raw}')
