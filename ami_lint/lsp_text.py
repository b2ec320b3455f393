"""Text positions as the Language Server Protocol counts them, and what an
editor buffer is linted as (`ami_lint.server`; kept apart from pygls, so that
it is tested without it).

LSP 3.17 places a position at a zero-based line and a character offset in the
code units of the negotiated `positionEncoding`: UTF-16 unless the client
offers another, and ami-lint accepts UTF-8 when the client offers it first.
Lines end at `\\n`, `\\r\\n` or a lone `\\r` (as `ami_lint.source.Source`
counts them, and unlike `str.splitlines`, which also breaks at form feeds and
U+2028). A character past the end of its line means the end of the line.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable

UTF8 = "utf-8"
UTF16 = "utf-16"
ENCODINGS = (UTF8, UTF16)


def choose_encoding(offered: Iterable[str] | None) -> str:
    """The position encoding to use: the first of the client's that ami-lint
    speaks (UTF-8 or UTF-16), else UTF-16, which every client must accept."""
    for encoding in offered or ():
        if encoding in ENCODINGS:
            return encoding
    return UTF16


def _units(text: str, encoding: str) -> int:
    """How many code units `text` takes in `encoding`."""
    if text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    # A character past the Basic Multilingual Plane is a surrogate pair in
    # UTF-16 (two bytes a unit; a lone surrogate is one unit, as it is kept).
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


class LineMap:
    """Offsets (code points of `text`) to and from LSP positions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        # Each code point one code unit, whatever the encoding.
        self.ascii = text.isascii()
        starts = [0]
        if "\r" not in text:  # the usual text: its line breaks found by `str.find`, not char by char
            find = text.find
            at = find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self.starts = starts
            return
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\n":
                starts.append(i + 1)
            elif c == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        self.starts = starts

    def _line_end(self, line: int) -> int:
        """The offset where `line`'s text ends (before its line break)."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if self.ascii:
            return line, offset - start
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; past the end of its line
        is the end of the line, past the last line the end of the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        if self.ascii:
            return min(start + max(character, 0), end)
        units = 0
        for i in range(start, end):
            if units >= character:
                return i
            units += _units(self.text[i], self.encoding)
        return end

    def line_text(self, line: int) -> str:
        if not 0 <= line < len(self.starts):
            return ""
        return self.text[self.starts[line] : self._line_end(line)]

    def line_break(self) -> str:
        """The text's own line break (`\\n` when it has none)."""
        for i, c in enumerate(self.text):
            if c == "\r":
                return "\r\n" if self.text.startswith("\r\n", i) else "\r"
            if c == "\n":
                return "\n"
        return "\n"


# What each usual language id of an editor is linted as, when the file's name
# does not say (an unsaved buffer, a script without a suffix): a name of that
# kind, which the front ends claim as they claim files (`ami_lint.frontends.claim`).
LANGUAGE_NAMES = {
    "shellscript": "script.sh",
    "sh": "script.sh",
    "bash": "script.sh",
    "json": "request.json",
    "jsonc": "request.json",
    "yaml": "request.yaml",
    "markdown": "README.md",
    "terraform": "main.tf",
    "terraform-vars": "main.tf",
    "hcl": "template.pkr.hcl",
    "python": "register.py",
    "go": "register.go",
    "javascript": "register.js",
    "javascriptreact": "register.jsx",
    "typescript": "register.ts",
    "typescriptreact": "register.tsx",
    "makefile": "Makefile",
    "make": "Makefile",
    "dockerfile": "Dockerfile",
    "groovy": "Jenkinsfile",
    "jenkinsfile": "Jenkinsfile",
    "github-actions-workflow": ".github/workflows/workflow.yml",
}

# How a line comment is written, by front-end name, for the "disable" action:
# `#` unless listed here. JSON has none.
LINE_COMMENTS = {
    "markdown": ("<!-- ", " -->"),
    "jenkinsfile": ("// ", ""),
    "go": ("// ", ""),
    "javascript": ("// ", ""),
    "typescript": ("// ", ""),
    "json": None,
}


def comment_syntax(front_name: str) -> tuple[str, str] | None:
    """The opening and closing of a line comment in the input a front end
    reads, or None when it has no comments."""
    if "json" in front_name:
        return None
    return LINE_COMMENTS.get(front_name, ("# ", ""))


def buffer_name(fs_path: str | None, uri: str, root: str | None) -> str:
    """The path a buffer is linted under: its file's, else (an unsaved
    buffer) a name of the same last part in the workspace's folder."""
    if fs_path:
        return os.path.abspath(fs_path)
    last = uri.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "untitled"
    return os.path.join(os.path.abspath(root or os.getcwd()), last)
