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

from typing import TYPE_CHECKING

from ami_lint.frontend import (
    SKIP_NO_CALL,
    SKIP_NO_CALL_FOUND,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    FrontEnd,
    Resolver,
    chained,
    lifted,
    line_span,
    mentions,
    next_code_line,
)
from ami_lint.source import Source

if TYPE_CHECKING:
    from ami_lint.frontends.docker import Dockerfile


class DockerfileFrontEnd(FrontEnd):
    name = "dockerfile"
    kind = "Docker"
    suffixes = (".dockerfile",)
    needles = (b"register-image",)
    no_needle = SKIP_NO_CALL
    names = ("dockerfile", "containerfile")

    def claims_name(self, name: str) -> bool:
        base = name.rsplit("/", 1)[-1].lower()
        return super().claims_name(name) or base.startswith(("dockerfile.", "containerfile."))

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        if not mentions(text, "register-image"):
            return Extraction(skipped=SKIP_NO_CALL)
        from ami_lint.frontends.docker import read, scripts
        from ami_lint.frontends.shell import SHELL

        dockerfile = read(text)
        whole = Extraction()
        if SUPPRESSION_MARKER in text:
            whole.comments = _comments(source, dockerfile)
        parts = []
        for script, omap, escapes in scripts(dockerfile, text):
            if not mentions(script, "register-image"):
                continue
            piece = Source.embedded(script, source, omap, escapes=escapes)
            part = SHELL.extract(piece, resolver, lenient)
            whole.findings += part.findings
            whole.comments += lifted(part.comments, piece)
            if part.skipped is None:
                parts.append(part)
        if not parts:
            whole.skipped = SKIP_NO_CALL_FOUND
            return whole
        whole.comments.sort(key=lambda c: c.span.start)
        whole.requests = chained(parts, whole.notes)
        return whole


DOCKERFILE = DockerfileFrontEnd()


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
