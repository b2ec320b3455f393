"""A reader of Dockerfiles, made to find what `RUN` gives the shell.

It reads the file as BuildKit's parser does: the parser directives at the
top (`# escape=` makes the backtick the escape character), instructions
continued over lines by the escape character at a line's end (blanks may
follow it), comment lines and empty lines inside a continued instruction
dropped, and here-documents (`RUN <<EOF`, `<<-EOF`, quoted end words) whose
bodies are read as they are. Each instruction's arguments are one logical
text with, for every character, where it was written.

`scripts` makes what each `RUN` gives the shell (the shell form, the
here-documents, an exec-form array written as single-quoted words), with an
offset map into the file. Docker does not substitute `$VAR` in `RUN`: the
shell does (and an exec-form `RUN` has no shell at all).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ami_lint.frontend import mentions
from ami_lint.offsets import OffsetMap
from ami_lint.records import Record, field, record
from ami_lint.source import Span

_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S*)[ \t]*$")
_KNOWN_DIRECTIVES = ("syntax", "escape", "check")
_KEYWORD = re.compile(r"[ \t]*([A-Za-z]*)[ \t]*")
_HEREDOC = re.compile(r"(?<!<)<<(-?)[ \t]*(?:([\"'])([^\"'\s]+)\2|([A-Za-z_][\w.-]*))")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# The instructions that may take here-documents.
HEREDOC_INSTRUCTIONS = frozenset(("RUN", "COPY", "ADD"))


@record(eq=False)
class Heredoc(metaclass=Record):
    name: str
    quoted: bool
    strip: bool  # `<<-`: leading tabs are removed from each line
    marker: Span  # `<<EOF` in the instruction's arguments
    lines: list[Span]  # the body's lines in the file, without their line breaks
    # From the first body line to the end of the end word's line, in the file.
    region: Span
    closed: bool


@record(eq=False)
class Instruction(metaclass=Record):
    keyword: str  # upper case
    span: Span  # from the keyword to the end of its last line (here-documents included)
    args: str  # the arguments, continued lines joined
    # (offset in `args`, offset in the file, length): copied runs.
    segments: list[tuple[int, int, int]]
    first_line: int
    last_line: int  # the last line of the instruction proper (not of its here-documents)
    line_break: Span  # the break ending its last line (empty at the end of the file)
    heredocs: list[Heredoc] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def host(self, at: int) -> int:
        """Where character `at` of `args` was written (`len(args)`: after the last)."""
        if not self.segments:
            return self.span.end
        if not self._starts:
            self._starts.extend(s[0] for s in self.segments)
        k = max(0, bisect_right(self._starts, at) - 1)
        start, host, length = self.segments[k]
        return host + min(at - start, length)

    def copy(self, start: int, end: int, target: OffsetMap) -> None:
        """Map `args[start:end]`, copied as it is, to where it was written."""
        if not self._starts:
            self._starts.extend(s[0] for s in self.segments)
        for a, h, n in self.segments[max(0, bisect_right(self._starts, start) - 1) :]:
            if a >= end:
                break
            lo, hi = max(start, a), min(end, a + n)
            if lo < hi:
                target.add_literal(h + lo - a, hi - lo)

    def atom(self, start: int, end: int, target: OffsetMap, decoded: int) -> None:
        """Map `decoded` characters to what `args[start:end]` was written as."""
        first = self.host(start)
        last = self.host(end - 1) + 1 if end > start else first
        target.add_atom(first, last - first, decoded)


@record(eq=False)
class Dockerfile(metaclass=Record):
    instructions: list[Instruction]
    # Comment lines outside here-documents: (span from `#` to the line's end, line).
    comments: list[tuple[Span, int]]
    escape: str


def read(text: str) -> Dockerfile:
    return Dockerfile(*_read(text))


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end without the line break, end with it) of each line."""
    i, n = 0, len(text)
    while i < n:
        m = _LINE.match(text, i)
        assert m is not None
        end = m.end()
        content = end
        while content > i and text[content - 1] in "\r\n":
            content -= 1
        yield i, content, end
        i = end


def _read(text: str) -> tuple[list[Instruction], list[tuple[Span, int]], str]:
    escape = "\\"
    lines = list(_lines(text))
    instructions: list[Instruction] = []
    comments: list[tuple[Span, int]] = []
    directives = True
    seen: set[str] = set()
    k = 0
    while k < len(lines):
        start, content, _ = lines[k]
        line = text[start:content]
        stripped = line.lstrip(" \t")
        if directives:
            m = _DIRECTIVE.match(line)
            name = m.group(1).lower() if m else ""
            if m and name in _KNOWN_DIRECTIVES and name not in seen:
                seen.add(name)
                if name == "escape" and m.group(2) in ("\\", "`"):
                    escape = m.group(2)
                k += 1
                continue
            directives = False
        if not stripped:
            k += 1
            continue
        if stripped.startswith("#"):
            comments.append((Span(content - len(stripped), content), k + 1))
            k += 1
            continue
        instruction, k = _instruction(text, lines, k, escape, comments)
        instructions.append(instruction)
    return instructions, comments, escape


def _continues(text: str, start: int, content: int, escape: str) -> int:
    """Where the escape character that continues the line stands, or -1."""
    end = content
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end - 1 if end > start and text[end - 1] == escape else -1


def _instruction(
    text: str, lines: list[tuple[int, int, int]], k: int, escape: str, comments: list[tuple[Span, int]]
) -> tuple[Instruction, int]:
    start, content, end = lines[k]
    m = _KEYWORD.match(text, start, content)
    assert m is not None  # the line is not blank and not a comment
    keyword = m.group(1).upper()  # empty for a line that starts with no word
    segments: list[tuple[int, int, int]] = []
    parts: list[str] = []
    length = 0
    first_line = k + 1
    at = m.end()
    while True:
        cut = _continues(text, at, content, escape)
        stop = cut if cut >= 0 else content
        if stop > at:
            segments.append((length, at, stop - at))
            parts.append(text[at:stop])
            length += stop - at
        last_line, line_break = k + 1, Span(content, end)
        k += 1
        if cut < 0:
            break
        # Comment lines and empty lines inside a continued instruction are dropped.
        while k < len(lines):
            s, c, _ = lines[k]
            body = text[s:c].lstrip(" \t")
            if body.startswith("#"):
                comments.append((Span(c - len(body), c), k + 1))
            elif body:
                break
            k += 1
        if k == len(lines):
            break
        at, content, end = lines[k]
    args = "".join(parts)
    instruction = Instruction(
        keyword, Span(m.start(1), line_break.start), args, segments, first_line, last_line, line_break
    )
    if keyword == "ONBUILD":
        inner = _KEYWORD.match(args)
        if inner is not None and inner.group(1).upper() == "RUN":
            instruction = _shifted(instruction, "RUN", inner.end())
    if instruction.keyword in HEREDOC_INSTRUCTIONS and "<<" in args:
        k = _heredocs(text, lines, k, instruction)
    return instruction, k


def _shifted(instruction: Instruction, keyword: str, skip: int) -> Instruction:
    """The instruction whose arguments start `skip` characters later."""
    segments = []
    for a, h, n in instruction.segments:
        lo = max(a, skip)
        if lo < a + n:
            segments.append((lo - skip, h + lo - a, a + n - lo))
    return Instruction(
        keyword, instruction.span, instruction.args[skip:], segments,
        instruction.first_line, instruction.last_line, instruction.line_break,
    )  # fmt: skip


def _heredocs(text: str, lines: list[tuple[int, int, int]], k: int, instruction: Instruction) -> int:
    """Read the bodies of the here-documents the instruction's arguments open,
    from line index `k`; the index of the line after them."""
    quoted = _quoted(instruction.args)
    for m in _HEREDOC.finditer(instruction.args):
        if _in_quotes(quoted, m.start()):
            continue  # `echo "<<EOF"` opens nothing
        name = m.group(3) or m.group(4)
        strip = m.group(1) == "-"
        body: list[Span] = []
        first = lines[k][0] if k < len(lines) else len(text)
        closed = False
        region_end = len(text)
        while k < len(lines):
            s, c, _ = lines[k]
            k += 1
            line = text[s:c]
            if (line.lstrip("\t") if strip else line) == name:
                closed = True
                region_end = c
                break
            body.append(Span(s, c))
        instruction.heredocs.append(
            Heredoc(name, m.group(2) is not None, strip, Span(m.start(), m.end()), body,
                    Span(first, max(first, region_end)), closed)
        )  # fmt: skip
        instruction.span = Span(instruction.span.start, max(instruction.span.end, region_end))
    return k


_QUOTES = re.compile(r"""\\.|'[^']*'?|"(?:\\.|[^"\\])*"?""", re.DOTALL)


def _quoted(args: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the quoted strings of `args`, in order."""
    starts, ends = [], []
    for m in _QUOTES.finditer(args):
        if m.group()[0] in "'\"":
            starts.append(m.start())
            ends.append(m.end())
    return starts, ends


def _in_quotes(quoted: tuple[list[int], list[int]], at: int) -> bool:
    """Whether offset `at` is inside one of the `quoted` strings."""
    k = bisect_right(quoted[0], at - 1) - 1
    return k >= 0 and at < quoted[1][k]


# ---------------------------------------------------------------------------
# Exec form: `RUN ["aws", "ec2", …]`, a JSON array of strings.

_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_BLANK = re.compile(r"[ \t\r\n]*")

# One word of the array: its pieces (offset in args, length in args, decoded
# text, copied as written) and the span of the JSON string in args.
Word = tuple[list[tuple[int, int, str, bool]], Span]


def exec_form(args: str, at: int) -> list[Word] | None:
    """The words of a JSON array of strings at `at` of `args` (nothing but
    blanks after it), or None when it is not one (then the shell form)."""
    i = _BLANK.match(args, at).end()  # type: ignore[union-attr]
    if not args.startswith("[", i):
        return None
    i = _BLANK.match(args, i + 1).end()  # type: ignore[union-attr]
    words: list[Word] = []
    if args.startswith("]", i):
        i += 1
    else:
        while True:
            if not args.startswith('"', i):
                return None
            word = _json_string(args, i)
            if word is None:
                return None
            words.append(word)
            i = _BLANK.match(args, word[1].end).end()  # type: ignore[union-attr]
            if args.startswith(",", i):
                i = _BLANK.match(args, i + 1).end()  # type: ignore[union-attr]
                continue
            if args.startswith("]", i):
                i += 1
                break
            return None
    return words if not args[i:].strip() else None


def _json_string(args: str, at: int) -> Word | None:
    pieces: list[tuple[int, int, str, bool]] = []
    i = at + 1
    run = i
    n = len(args)
    while i < n:
        c = args[i]
        if c == '"':
            if i > run:
                pieces.append((run, i - run, args[run:i], True))
            return pieces, Span(at, i + 1)
        if c < " ":
            return None  # a control character: not JSON
        if c != "\\":
            i += 1
            continue
        if i > run:
            pieces.append((run, i - run, args[run:i], True))
        nxt = args[i + 1 : i + 2]
        if nxt in _JSON_ESCAPES:
            pieces.append((i, 2, _JSON_ESCAPES[nxt], False))
            i += 2
        elif nxt == "u" and _HEX4.match(args, i + 2):
            code = int(args[i + 2 : i + 6], 16)
            width = 6
            if 0xD800 <= code < 0xDC00 and args.startswith("\\u", i + 6) and _HEX4.match(args, i + 8):
                low = int(args[i + 8 : i + 12], 16)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
            pieces.append((i, width, chr(code) if not 0xD800 <= code < 0xE000 else "\ufffd", False))
            i += width
        else:
            return None
        run = i
    return None


# ---------------------------------------------------------------------------
# The scripts of `RUN`.

# `RUN --mount=type=cache,target=/root --network=none …`
_FLAGS = re.compile(r"[ \t]*(?:--[A-Za-z][\w-]*(?:=\S*)?[ \t]+)*")
# `ENV A=1 B="two words" C='x'`: values the shell reads as Docker does.
_VALUE = r"""(?:"[^"\\$`]*"|'[^'\\]*'|[^\s"'\\$`;&|<>()#]*)"""
_ENV = re.compile(r"[ \t]*(?:[A-Za-z_]\w*=" + _VALUE + r"(?:[ \t]+|$))+")
_ASSIGNMENT = re.compile(r"([A-Za-z_]\w*)=" + _VALUE)


_ENV_NAMES = re.compile(r"(?:^|(?<=\s))([A-Za-z_]\w*)=")
_EXPANDED = re.compile(r"\$\{?([A-Za-z_]\w*)")


def scripts(dockerfile: Dockerfile, text: str) -> Iterator[tuple[str, OffsetMap, str]]:
    """The script of each `RUN` that a POSIX shell runs (or the shell
    command an exec-form `RUN` stands for), with its offset map and the
    characters a fix may not write into it (`Source.escapes`): in the shell
    form, none (the shell reads the text as written); in the exec form, the
    JSON string's quote and backslash and the `'` its words are quoted with."""
    from ami_lint.shell.shebang import SHELLS, shebang_shell

    # The stage's variables that an `ENV` gave a literal value: the `ENV`
    # and where in it the assignment stands, by name.
    env: dict[str, tuple[int, Instruction, int, int]] = {}
    posix = True
    for index, ins in enumerate(dockerfile.instructions):
        if ins.keyword == "FROM":
            env, posix = {}, True
        elif ins.keyword == "ENV":
            if "=" in ins.args and _ENV.fullmatch(ins.args):
                for m in _ASSIGNMENT.finditer(ins.args):
                    env[m.group(1)] = (index, ins, m.start(), m.end())
            else:
                names = _ENV_NAMES.findall(ins.args) if "=" in ins.args else ins.args.split()[:1]
                for name in names:
                    env.pop(name, None)
        elif ins.keyword == "SHELL":
            words = exec_form(ins.args, 0)
            if words:
                program = "".join(p[2] for p in words[0][0]).rsplit("/", 1)[-1]
                posix = program in SHELLS
        if ins.keyword != "RUN" or (not mentions(ins.args, "register-image") and not ins.heredocs):
            continue
        at = _FLAGS.match(ins.args).end()  # type: ignore[union-attr]
        words = exec_form(ins.args, at) if not ins.heredocs else None
        if words is not None:
            yield (*_exec_script(ins, words), EXEC_ESCAPES)
            continue
        if not posix:
            continue
        rest = ins.args[at:]
        if ins.heredocs and not _HEREDOC_MARKS.sub("", rest).strip():
            # `RUN <<EOF`: each body is a script of its own.
            for doc in ins.heredocs:
                if doc.lines and text.startswith("#!", doc.lines[0].start):
                    head = text[doc.lines[0].start : doc.lines[0].end].encode()
                    if shebang_shell(head) is None:
                        continue  # `#!/usr/bin/env python3`
                lines = "\n".join(text[line.start : line.end] for line in doc.lines)
                body, bmap = _with_env(env, lines, ins.host(at))
                for line in doc.lines:
                    start = line.start
                    if doc.strip:
                        while start < line.end and text[start] == "\t":
                            start += 1
                    body.append(text[start : line.end] + "\n")
                    bmap.add_literal(start, line.end - start)
                    bmap.add_atom(line.end, 1 if line.end < len(text) else 0, 1)
                yield "".join(body), bmap, ""
            continue
        used = (
            rest
            if not ins.heredocs
            else rest + text[ins.heredocs[0].region.start : ins.heredocs[-1].region.end]
        )
        script, omap = _with_env(env, used, ins.host(at))
        script.append(rest)
        ins.copy(at, len(ins.args), omap)
        if ins.heredocs:
            # The command and its here-documents, as the shell reads them.
            brk = ins.line_break
            script.append(text[brk.start : brk.end] or "\n")
            if brk.end > brk.start:
                omap.add_literal(brk.start, brk.end - brk.start)
            else:
                omap.add_atom(brk.start, 0, 1)
            first, last = ins.heredocs[0].region.start, ins.heredocs[-1].region.end
            script.append(text[first:last] + "\n")
            omap.add_literal(first, last - first)
            omap.add_atom(last, 0, 1)
        yield "".join(script), omap, ""


# What a fix may not write into an exec-form `RUN`: see `scripts`.
EXEC_ESCAPES = "\"\\'"
_HEREDOC_MARKS = re.compile(r"(?<!<)<<-?[ \t]*(?:([\"'])[^\"'\s]+\1|[A-Za-z_][\w.-]*)")


def _with_env(
    env: dict[str, tuple[int, Instruction, int, int]], script: str, anchor: int
) -> tuple[list[str], OffsetMap]:
    """A script's start: the `ENV` assignments of the variables it expands,
    one a line (the shell resolves one assignment a line), each mapped to
    where the `ENV` wrote it."""

    lines: list[str] = []
    omap = OffsetMap(anchor)
    if env and "$" in script:
        used = {env[name] for name in _EXPANDED.findall(script) if name in env}
        for _, ins, start, end in sorted(used, key=lambda u: (u[0], u[2])):
            lines.append(ins.args[start:end] + "\n")
            ins.copy(start, end, omap)
            brk = ins.line_break
            omap.add_atom(brk.start, brk.end - brk.start, 1)
    return lines, omap


def _exec_script(ins: Instruction, words: list) -> tuple[str, OffsetMap]:
    """`["aws", "ec2", …]` as the shell words `'aws' 'ec2' …`: each element
    single-quoted (a `'` in it written `'\\''`), each character mapped into
    its JSON string."""

    out: list[str] = []
    omap = OffsetMap(ins.host(words[0][1].start) if words else ins.span.start)
    previous = None
    for pieces, span in words:
        if previous is not None:
            out.append(" ")
            ins.atom(previous, span.start, omap, 1)
        out.append("'")
        ins.atom(span.start, span.start + 1, omap, 1)
        for start, length, decoded, copied in pieces:
            if copied:
                run = start
                for i, c in enumerate(decoded):
                    if c == "'":
                        ins.copy(run, start + i, omap)
                        out.append(decoded[run - start : i] + "'\\''")
                        ins.atom(start + i, start + i + 1, omap, 4)
                        run = start + i + 1
                ins.copy(run, start + length, omap)
                out.append(decoded[run - start :])
            else:
                written = decoded.replace("'", "'\\''")
                out.append(written)
                ins.atom(start, start + length, omap, len(written))
        out.append("'")
        ins.atom(span.end - 1, span.end, omap, 1)
        previous = span.end
    return "".join(out), omap
