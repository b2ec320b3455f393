"""Dockerfiles: what each `RUN` gives the shell is a shell script.

`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`
(`ami_lint.frontends.docker` reads them as BuildKit does):

- shell form, `RUN aws ec2 register-image … \\` continued over lines (the
  escape character and the line break vanish, comment lines between are
  dropped), `--mount=…`-style flags left out;
- here-documents: `RUN <<EOF` alone runs the body as the script; with a
  command (`RUN bash <<EOF`, `RUN cat <<'EOF' > req.json`) the command and
  its here-documents go to the shell as written;
- exec form, `RUN ["aws", "ec2", "register-image", …]`: no shell, each
  element one argument word, positions inside the JSON strings;
- `ENV NAME=value` earlier in the stage, with a literal value, is an
  assignment the script starts with (the value is checked where the `ENV`
  wrote it); an `ARG` may be overridden with `--build-arg`, and is unknown.

A `SHELL ["pwsh", …]` that is no POSIX shell leaves the stage's shell-form
`RUN`s out. Docker's `$VAR` substitution does not apply to `RUN`: the shell
expands what it expands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ami_lint.frontend import (
    SKIP_NO_CALL,
    SKIP_NO_CALL_FOUND,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Resolver,
    lifted,
    line_span,
    next_code_line,
)
from ami_lint.source import Source

if TYPE_CHECKING:
    from ami_lint.frontends.docker import Dockerfile, Instruction
    from ami_lint.offsets import OffsetMap

# `RUN --mount=type=cache,target=/root --network=none …`
_FLAGS = re.compile(r"[ \t]*(?:--[A-Za-z][\w-]*(?:=\S*)?[ \t]+)*")
# `ENV A=1 B="two words" C='x'`: values the shell reads as Docker does.
_ENV = re.compile(r"""[ \t]*(?:[A-Za-z_]\w*=(?:"[^"\\$`]*"|'[^'\\]*'|[^\s"'\\$`;&|<>()#]*)(?:[ \t]+|$))+""")


_ENV_NAMES = re.compile(r"(?:^|(?<=\s))([A-Za-z_]\w*)=")
_EXPANDED = re.compile(r"\$\{?([A-Za-z_]\w*)")


class DockerfileFrontEnd(FrontEnd):
    name = "dockerfile"
    suffixes = (".dockerfile",)
    names = ("dockerfile", "containerfile")

    def claims_name(self, name: str) -> bool:
        base = name.rsplit("/", 1)[-1].lower()
        return super().claims_name(name) or base.startswith(("dockerfile.", "containerfile."))

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if "register-image" not in text:
            return Extraction(skipped=SKIP_NO_CALL)
        from ami_lint.frontends.docker import read
        from ami_lint.frontends.shell import SHELL

        dockerfile = read(text)
        whole = Extraction()
        if SUPPRESSION_MARKER in text:
            whole.comments = _comments(source, dockerfile)
        parts = []
        for script, omap in _scripts(dockerfile, text):
            if "register-image" not in script:
                continue
            piece = Source.embedded(script, source, omap)
            part = SHELL.extract(piece, resolver, lenient)
            whole.findings += part.findings
            whole.comments += lifted(part.comments, piece)
            if part.skipped is None:
                parts.append(part)
        if not parts:
            whole.skipped = SKIP_NO_CALL_FOUND
            return whole
        whole.comments.sort(key=lambda c: c.span.start)
        whole.requests = _requests(parts, whole.notes)
        return whole


DOCKERFILE = DockerfileFrontEnd()


def _requests(parts: list[Extraction], notes: list[str]) -> Iterator[Found]:
    for part in parts:
        yield from part.requests
        notes.extend(part.notes)


def _scripts(dockerfile: Dockerfile, text: str) -> Iterator[tuple[str, OffsetMap]]:
    """The script of each `RUN` that a POSIX shell runs (or the shell
    command an exec-form `RUN` stands for), with its offset map."""
    from ami_lint.frontends.docker import exec_form
    from ami_lint.shell.shebang import SHELLS, shebang_shell

    # The stage's variables that an `ENV` gave a literal value: the `ENV`, by name.
    env: dict[str, tuple[int, Instruction]] = {}
    posix = True
    for index, ins in enumerate(dockerfile.instructions):
        if ins.keyword == "FROM":
            env, posix = {}, True
        elif ins.keyword == "ENV":
            literal = "=" in ins.args and _ENV.fullmatch(ins.args) is not None
            names = _ENV_NAMES.findall(ins.args) if "=" in ins.args else ins.args.split()[:1]
            for name in names:
                if literal:
                    env[name] = (index, ins)
                else:
                    env.pop(name, None)
        elif ins.keyword == "SHELL":
            words = exec_form(ins.args, 0)
            if words:
                program = "".join(p[2] for p in words[0][0]).rsplit("/", 1)[-1]
                posix = program in SHELLS
        if ins.keyword != "RUN" or ("register-image" not in ins.args and not ins.heredocs):
            continue
        at = _FLAGS.match(ins.args).end()  # type: ignore[union-attr]
        words = exec_form(ins.args, at) if not ins.heredocs else None
        if words is not None:
            yield _exec_script(ins, words)
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
                yield "".join(body), bmap
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
        yield "".join(script), omap


_HEREDOC_MARKS = re.compile(r"(?<!<)<<-?[ \t]*(?:([\"'])[^\"'\s]+\1|[A-Za-z_][\w.-]*)")


def _with_env(
    env: dict[str, tuple[int, Instruction]], script: str, anchor: int
) -> tuple[list[str], OffsetMap]:
    """A script's start: the `ENV` assignments of the variables it expands,
    one a line, each mapped to where the `ENV` wrote it."""
    from ami_lint.offsets import OffsetMap

    lines: list[str] = []
    omap = OffsetMap(anchor)
    if env and "$" in script:
        used = {env[name] for name in _EXPANDED.findall(script) if name in env}
        for _, assignment in sorted(used, key=lambda u: u[0]):
            lines.append(assignment.args + "\n")
            assignment.copy(0, len(assignment.args), omap)
            brk = assignment.line_break
            omap.add_atom(brk.start, brk.end - brk.start, 1)
    return lines, omap


def _exec_script(ins: Instruction, words: list) -> tuple[str, OffsetMap]:
    """`["aws", "ec2", …]` as the shell words `'aws' 'ec2' …`: each element
    single-quoted (a `'` in it written `'\\''`), each character mapped into
    its JSON string."""
    from ami_lint.offsets import OffsetMap

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


def _comments(source: Source, dockerfile: Dockerfile) -> list[Comment]:
    """The Dockerfile's comment lines that hold a directive: one covers the
    next line that is not a comment, all of the instruction that starts
    there (its continued lines and here-documents)."""
    starts = {ins.first_line: ins for ins in dockerfile.instructions}
    lines = {line for _, line in dockerfile.comments}
    comments = []
    for span, line in dockerfile.comments:
        if SUPPRESSION_MARKER not in source.slice(span):
            continue
        target = next_code_line(source, line, lines)
        if target is None:
            continue
        ins = starts.get(target)
        last = source.position(max(ins.span.start, ins.span.end - 1)).line if ins else target
        comments.append(Comment(span, True, (line_span(source, target, last),)))
    return comments
