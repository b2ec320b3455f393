"""How GNU make reads a Makefile, as far as `ami_lint.frontends.makefile`
needs it: which lines are recipe lines, what shell text each one is once make
has expanded it (with where each character came from), the variables it may
resolve, and make's own comment lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ami_lint.frontend import SUPPRESSION_MARKER, Comment, line_span
from ami_lint.shell.embedded import Piece
from ami_lint.source import Source, Span

_NEEDLE = "register-image"
# `NAME = value`, `export NAME := value`, `override NAME ?= value`: group 2 the
# name, group 3 the operator.
_ASSIGNMENT = re.compile(
    r"[ \t]*((?:export|override|private)[ \t]+)*([^\s:#=$()]+)[ \t]*(:::=|::=|:=|\?=|\+=|!=|=)"
)
_ONESHELL = re.compile(r"^\.ONESHELL[ \t]*:", re.MULTILINE)
_CONDITIONALS = ("ifeq", "ifneq", "ifdef", "ifndef", "else", "endif")
_INCLUDES = ("include", "-include", "sinclude")


class Reader:
    """One pass over a Makefile's lines: its recipe lines and its variables."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Each physical line: (start, end before its line break, start of the next).
        self.lines: list[tuple[int, int, int]] = []
        n = len(text)
        i = 0
        while i < n:
            j = text.find("\n", i)
            nxt = n if j < 0 else j + 1
            end = n if j < 0 else j
            if end > i and text[end - 1] == "\r":
                end -= 1
            self.lines.append((i, end, nxt))
            i = nxt
        # Each variable's plain value, as (start, end) in the text; None once
        # it cannot be resolved (defined twice, appended to, computed).
        self.values: dict[str, tuple[int, int] | None] = {}
        self.includes = False

    def _continued(self, start: int, end: int) -> bool:
        """Whether a line ends with an odd number of backslashes."""
        k = end
        while k > start and self.text[k - 1] == "\\":
            k -= 1
        return (end - k) % 2 == 1

    def recipes(self) -> Iterator[Piece]:
        """The pieces of recipe lines that mention `register-image`, once the
        whole file's variables are known (make reads them all before it runs
        a recipe). With `.ONESHELL:`, a rule's whole recipe is one script."""
        spans = list(self._recipe_spans())
        if not _ONESHELL.search(self.text):
            for _, first, last, start, prefix in spans:
                if self.text.find(_NEEDLE, start, self.lines[last][1]) >= 0:
                    yield self._piece([(first, last, start, prefix)])
            return
        k = 0
        while k < len(spans):
            rule = spans[k][0]
            group = []
            while k < len(spans) and spans[k][0] == rule:
                group.append(spans[k][1:])
                k += 1
            if self.text.find(_NEEDLE, group[0][2], self.lines[group[-1][1]][1]) >= 0:
                yield self._piece(group)

    def _recipe_spans(self) -> Iterator[tuple[int, int, int, int, str]]:
        """Each logical recipe line: which rule's it is, its first and last
        physical line, where its shell text starts, and the recipe prefix in force."""
        text, lines = self.text, self.lines
        prefix = "\t"
        in_rule = False
        rule = 0  # how many rules so far
        depth = 0  # of conditionals
        define = 0  # of `define` blocks
        k = 0
        while k < len(lines):
            start, end, _ = lines[k]
            if define:
                word = text[start:end].strip().split(None, 1)
                if word and word[0] == "endef":
                    define -= 1
                elif word and (word[0] == "define" or word[-1:] == ["define"]):
                    define += 1
                k += 1
                continue
            if in_rule and start < end and text[start] == prefix:
                first = k
                while self._continued(*lines[k][:2]) and k + 1 < len(lines):
                    k += 1
                yield rule, first, k, start + 1, prefix
                k += 1
                continue
            # A make line, with its continuations.
            first = k
            while self._continued(*lines[k][:2]) and k + 1 < len(lines):
                k += 1
            last = k
            k += 1
            line = text[start : lines[last][1]]
            stripped = line.lstrip(" \t")
            if not stripped or stripped.startswith("#"):
                continue
            head = stripped.split(None, 1)[0]
            if head in _CONDITIONALS or head.startswith(("ifeq(", "ifneq(")):
                depth += 1 if head.startswith("if") else -1 if head == "endif" else 0
                depth = max(depth, 0)
                continue
            if head == "define" or (head in ("export", "override", "private") and " define" in stripped):
                define = 1
                in_rule = False
                continue
            if head in _INCLUDES:
                self.includes = True
                in_rule = False
                continue
            assignment = _ASSIGNMENT.match(line)
            if assignment is not None:
                in_rule = False
                name, operator = assignment.group(2), assignment.group(3)
                value_start = start + assignment.end()
                if name == ".RECIPEPREFIX":
                    value = text[value_start : lines[last][1]].lstrip(" \t")
                    prefix = value[0] if value and operator != "+=" else "\t"
                    continue
                self._define(name, operator, value_start, first == last and depth == 0, lines[last][1])
                continue
            colon = _rule_colon(line)
            if colon < 0:
                in_rule = False
                continue
            in_rule = True
            rule += 1
            specific = _ASSIGNMENT.match(line, colon + 1)
            if specific is not None:
                # `target: VAR = value`: the variable differs for that target.
                self.values[specific.group(2)] = None
                continue
            semicolon = _outside_references(line, ";", colon)
            if semicolon >= 0 and line.find("#", colon, semicolon) < 0:
                # `target: prerequisites ; recipe`: the recipe's first line
                # starts after the `;`, and may be continued.
                at = start + semicolon
                while lines[first][2] <= at:
                    first += 1
                yield rule, first, last, at + 1, prefix

    def _define(self, name: str, operator: str, value_start: int, plain: bool, end: int) -> None:
        if name in self.values or not plain or operator not in ("=", ":=", "::=", "?="):
            self.values[name] = None
            return
        text = self.text
        while value_start < end and text[value_start] in " \t":
            value_start += 1
        hash_at = text.find("#", value_start, end)
        value_end = end if hash_at < 0 else hash_at
        value = text[value_start:value_end]
        if "$" in value or "\\" in value or not value.strip():
            self.values[name] = None
            return
        self.values[name] = (value_start, value_end)

    def _piece(self, group: list[tuple[int, int, int, str]]) -> Piece:
        """The shell text of logical recipe lines (several: `.ONESHELL`, one
        line break between them)."""
        text = self.text
        piece: Piece | None = None
        previous = -1
        for first, last, start, prefix in group:
            # The `@`, `-` and `+` prefixes (and blanks among them) are make's.
            end = self.lines[first][1]
            while start < end and text[start] in "@-+ \t":
                start += 1
            if piece is None:
                piece = Piece(start)
            else:
                _, line_end, nxt = self.lines[previous]
                piece.atom("\n", line_end, nxt - line_end)
            for k in range(first, last + 1):
                line_start, line_end, nxt = self.lines[k]
                if k != first:
                    # A continued recipe line loses its first recipe prefix character, only that.
                    start = line_start + (1 if text.startswith(prefix, line_start) else 0)
                self._expand(piece, start, line_end if k == last else nxt)
            previous = last
        assert piece is not None
        return piece

    def _expand(self, piece: Piece, start: int, end: int) -> None:
        """Text `[start, end)` of a recipe with make's references expanded."""
        text = self.text
        i = start
        while True:
            j = text.find("$", i, end)
            if j < 0:
                piece.literal(text[i:end], i)
                return
            piece.literal(text[i:j], i)
            if j + 1 >= end:  # a `$` that ends the line: make drops it
                return
            c = text[j + 1]
            if c == "$":
                piece.atom("$", j, 2)
                i = j + 2
                continue
            if c in "({":
                close = _closing(text, j + 1, end)
                if close < 0:  # unterminated: make stops here
                    piece.unknown("make", "", j, text[j:end])
                    return
                inner = text[j + 2 : close]
                i = close + 1
            else:
                inner = c
                i = j + 2
            self._reference(piece, inner, j, text[j:i])

    def _reference(self, piece: Piece, inner: str, at: int, written: str) -> None:
        value = None if self.includes else self.values.get(inner)
        if value is not None:
            written_value = self.text[value[0] : value[1]]
            if _runs_the_cli(written_value):
                # `$(AWS)` that runs the CLI is the start of a call: what is
                # said of the whole call is said where the recipe calls it.
                piece.atom(written_value, at, len(written))
            else:  # a value: a finding in it is reported where it was written
                piece.literal(written_value, value[0])
            return
        simple = inner and not any(c in inner for c in " \t,:$()={}")
        piece.unknown("make", inner if simple else "", at, written)


def _runs_the_cli(value: str) -> bool:
    """A value whose first word is `aws` or a path to it (`/usr/local/bin/aws`)."""
    first = value.split(None, 1)[0] if value.strip() else ""
    return first == "aws" or first.endswith("/aws")


def _closing(text: str, open_at: int, end: int) -> int:
    """Where the reference opened at `open_at` (`(` or `{`) closes: make counts
    nested delimiters of the same kind only."""
    opener = text[open_at]
    closer = ")" if opener == "(" else "}"
    depth = 0
    for i in range(open_at, end):
        c = text[i]
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _outside_references(line: str, char: str, start: int = 0) -> int:
    """The first `char` of `line` from `start` that is not inside `$(…)`/`${…}`."""
    depth = 0
    i = start
    n = len(line)
    while i < n:
        c = line[i]
        if c == "$" and i + 1 < n and line[i + 1] in "({":
            depth += 1
            i += 2
            continue
        if depth and c in ")}":
            depth -= 1
        elif not depth and c == char:
            return i
        i += 1
    return -1


def _rule_colon(line: str) -> int:
    """The `:` that makes `line` a rule (`target: prerequisites`), else -1;
    a `#` before it makes it a comment."""
    colon = _outside_references(line, ":")
    if colon < 0:
        return -1
    hash_at = line.find("#")
    if 0 <= hash_at < colon:
        return -1
    return colon


def make_comments(source: Source) -> list[Comment]:
    """Make's own comment lines (`# ami-lint: disable=…` before a target or a
    recipe line): each covers the next line that is not a comment, with its
    continuations. Comments inside recipe lines are the shell's."""
    text = source.text
    found: list[tuple[int, Span]] = []
    for line, raw in enumerate(text.splitlines(keepends=True), 1):
        stripped = raw.lstrip(" \t")
        if stripped.startswith("#") and not raw.startswith("\t"):
            start = source.offset_of_line(line) + len(raw) - len(stripped)
            found.append((line, Span(start, start + len(stripped.rstrip("\r\n")))))
    lines = {n for n, _ in found}
    comments = []
    for n, span in found:
        if SUPPRESSION_MARKER not in text[span.start : span.end]:
            continue
        target = n + 1
        while target in lines:
            target += 1
        if target > source.line_count():
            continue
        last = target
        while last < source.line_count() and source.line_text(last).endswith("\\"):
            last += 1
        comments.append(Comment(span, True, (line_span(source, target, last),)))
    return comments
