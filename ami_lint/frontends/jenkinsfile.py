"""Jenkinsfiles: the script of each `sh` step is a shell script.

`Jenkinsfile`, `Jenkinsfile.*`, `*.jenkinsfile` and `*.groovy` files (a
shared library's steps). Groovy's own lexer rules find the steps
(`ami_lint.frontends.groovy`): `sh '…'`, `sh '''…'''`, `sh "…"`,
`sh \"\"\"…\"\"\"`, `sh(script: …, returnStdout: true)`, `sh script: …`.
The string is decoded as Groovy decodes it (`\\\\`, `\\'`, `\\$`, `\\n`, a
`\\` ending a line of a triple-quoted string), and a GString's `${…}` and
`$name` are values only known when the pipeline runs: each is an unknown
part of the script, written where the shell stands (in single quotes too),
so that a `$` of a single-quoted Groovy string still reaches the shell.
Every character of the script points back to where it was written.
"""

from __future__ import annotations

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
    mentions,
    next_code_line,
)
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.frontends.groovy import Step, Token


class JenkinsfileFrontEnd(FrontEnd):
    name = "jenkinsfile"
    kind = "Jenkins"
    suffixes = (".jenkinsfile", ".groovy")
    needles = (b"register-image",)
    no_needle = SKIP_NO_CALL
    names = ("jenkinsfile",)

    def claims_name(self, name: str) -> bool:
        return super().claims_name(name) or name.rsplit("/", 1)[-1].lower().startswith("jenkinsfile.")

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if not mentions(text, "register-image"):
            return Extraction(skipped=SKIP_NO_CALL)
        from ami_lint.frontends.groovy import sh_steps
        from ami_lint.frontends.shell import SHELL

        steps, comment_tokens = sh_steps(text)
        whole = Extraction()
        if SUPPRESSION_MARKER in text:
            whole.comments = _comments(source, steps, comment_tokens)
        parts = []
        for step in steps:
            if not mentions(step.script, "register-image"):
                continue
            piece = Source.embedded(step.script, source, step.map, escapes=step.escapes)
            part = SHELL.extract(piece, resolver, lenient)
            whole.findings += part.findings
            whole.comments += lifted(part.comments, piece)
            if part.skipped is None:
                parts.append((step, part))
        if not parts:
            # The text names register-image, but no `sh` step calls it (an `echo`, a `bat` step).
            whole.skipped = SKIP_NO_CALL_FOUND
            return whole
        whole.comments.sort(key=lambda c: c.span.start)
        whole.requests = _requests(parts, whole.notes)
        return whole


JENKINSFILE = JenkinsfileFrontEnd()


def _requests(parts: list[tuple[Step, Extraction]], notes: list[str]) -> Iterator[Found]:
    """Each step's requests in turn, as the engine asks; the notes of a step
    once its requests are done. A finding that quotes an unknown part names
    it as written (`${env.NAME}`), not as the script had it."""
    from ami_lint.records import replace

    for step, part in parts:
        for found in part.requests:
            if step.written:
                found.findings = [
                    replace(f, message=_as_written(f.message, step.written)) for f in found.findings
                ]
            yield found
        notes.extend(part.notes)


def _as_written(message: str, written: dict[str, str]) -> str:
    for expansion, raw in written.items():
        if expansion in message:
            message = message.replace(f"`{expansion}`", f"`{raw}`")
    return message


def _comments(source: Source, steps: list[Step], tokens: list[Token]) -> list[Comment]:
    """The Groovy comments (`//`, `/* */`) that hold a directive, their text
    after the comment's opening; the scope of one on a line of its own is
    the next line, all of the `sh` step that starts there; after code, its
    line and all of the step that ends there."""
    text = source.text
    firsts = {source.position(s.span.start).line: s for s in steps}
    lasts = {source.position(max(s.span.start, s.span.end - 1)).line: s for s in steps}
    found: list[tuple[Span, int, bool]] = []
    for token in tokens:
        if SUPPRESSION_MARKER not in text[token.start : token.end]:
            continue
        body = Span(token.start + 2, token.end - 2 if text.startswith("/*", token.start) else token.end)
        line = source.position(token.start).line
        own = not text[source.offset_of_line(line) : token.start].strip()
        found.append((body, line, own))
    own_lines = {line for _, line, own in found if own}
    comments = []
    for body, line, own in found:
        if own:
            target = next_code_line(source, line, own_lines)
            if target is None:
                continue
            step = firsts.get(target)
            last = source.position(max(step.span.start, step.span.end - 1)).line if step else target
            scopes = (line_span(source, target, last),)
        else:
            step = lasts.get(line)
            first = source.position(step.span.start).line if step else line
            scopes = (line_span(source, first, line),)
        comments.append(Comment(body, own, scopes))
    return comments
