"""A reader for the small part of YAML that ami-lint's own data files use
(built-in rule files, `rules/_limits.yaml`), so that starting up does not
import a YAML library.

It reads block mappings and block sequences of plain scalars, `|` literal
blocks and comments, and gives up (returns None) on anything else: quotes,
flow collections, anchors, tags, tabs, a scalar YAML 1.2 would resolve to
something other than a string, integer, float or boolean. The caller then
uses a real YAML loader. A test proves that it reads every built-in data file
exactly as ruamel's YAML 1.2 loader does.
"""

from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
# Plain scalars YAML 1.2 (core schema) resolves to something other than a string.
_SPECIAL = re.compile(r"null|Null|NULL|~|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+")
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


class _Unsupported(Exception):
    pass


def load(text: str) -> Any | None:
    """The data of `text`, or None when it uses YAML this reader does not know."""
    if "\t" in text or "\r" in text or text.startswith("\ufeff"):
        return None
    lines = text.split("\n")
    try:
        reader = _Reader(lines)
        value = reader.block(0)
        if reader.next_content() is not None:
            return None
        return value
    except _Unsupported:
        return None


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0

    def next_content(self) -> int | None:
        """Index of the next line that is not blank or a comment."""
        while self.i < len(self.lines):
            stripped = self.lines[self.i].strip()
            if stripped and not stripped.startswith("#"):
                return self.i
            self.i += 1
        return None

    def block(self, indent: int) -> Any:
        at = self.next_content()
        if at is None:
            raise _Unsupported("empty document")
        line = self.lines[at]
        column = len(line) - len(line.lstrip(" "))
        if column != indent:
            raise _Unsupported("unexpected indentation")
        if line[column:].startswith("- ") or line[column:] == "-":
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while (at := self.next_content()) is not None:
            line = self.lines[at]
            column = len(line) - len(line.lstrip(" "))
            if column < indent:
                break
            if column > indent:
                raise _Unsupported("unexpected indentation")
            key, sep, rest = line[column:].partition(":")
            if not sep or not key or key != key.strip() or key in out or key[0] in _INDICATORS:
                raise _Unsupported("not a simple key")
            if rest and not rest.startswith(" "):
                raise _Unsupported("not a simple key")
            rest = _strip_comment(rest.strip())
            self.i += 1
            if rest == "|":
                out[key] = self.literal(indent)
            elif rest:
                out[key] = _scalar(rest)
            else:
                nxt = self.next_content()
                if nxt is None:
                    raise _Unsupported("null value")
                inner = self.lines[nxt]
                inner_column = len(inner) - len(inner.lstrip(" "))
                if inner_column > indent:
                    out[key] = self.block(inner_column)
                elif inner_column == indent and inner[indent:].startswith("- "):
                    out[key] = self.sequence(indent)
                else:
                    raise _Unsupported("null value")
        return out

    def sequence(self, indent: int) -> list[Any]:
        out: list[Any] = []
        while (at := self.next_content()) is not None:
            line = self.lines[at]
            column = len(line) - len(line.lstrip(" "))
            if column != indent or not line[column:].startswith("- "):
                break
            item = _strip_comment(line[column + 2 :].strip())
            if not item or item.startswith(("- ", "|")) or ": " in item or item.endswith(":"):
                raise _Unsupported("nested collection in a sequence")
            out.append(_scalar(item))
            self.i += 1
        return out

    def literal(self, parent_indent: int) -> str:
        """A `|` block scalar (clip chomping) after its key's line."""
        lines: list[str] = []
        indent: int | None = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip():
                lines.append("")
                self.i += 1
                continue
            column = len(line) - len(line.lstrip(" "))
            if indent is None:
                if column <= parent_indent:
                    break
                indent = column
            if column < indent:
                break
            lines.append(line[indent:])
            self.i += 1
        if indent is None:
            raise _Unsupported("empty literal block")
        # Trailing blank lines belong to no one: step back so they stay unread
        # content (blank), and clip to one final newline.
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n"


def _strip_comment(value: str) -> str:
    if value.startswith("#"):
        return ""
    at = value.find(" #")
    return value[:at].rstrip() if at >= 0 else value


def _scalar(text: str) -> Any:
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text[0] in _INDICATORS or ": " in text or text.endswith(":"):
        raise _Unsupported("not a plain scalar")
    if _SPECIAL.fullmatch(text):
        raise _Unsupported("special scalar")
    if text[0] in "0123456789+-.":
        raise _Unsupported("a number in a form left to the YAML loader")
    return text
