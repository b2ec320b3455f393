"""Every front end, in the order they claim a file (`ami_lint.frontend`).

A new input is one module with a `FrontEnd` subclass and one entry here; the
engine does not change. Front-end modules import what they parse with inside
`extract`, so that listing them here costs nothing at start-up.
"""

from __future__ import annotations

import codecs

from ami_lint.frontend import SKIPPED, FrontEnd
from ami_lint.frontends.dockerfile import DOCKERFILE
from ami_lint.frontends.documents import JSON, YAML
from ami_lint.frontends.jenkinsfile import JENKINSFILE
from ami_lint.frontends.makefile import MAKEFILE
from ami_lint.frontends.markdown import MARKDOWN
from ami_lint.frontends.shell import SHELL
from ami_lint.frontends.workflows import WORKFLOWS
from ami_lint.shell.shebang import SHEBANG_BYTES

# CI workflows are claimed by their path before YAML claims every `.yml`.
FRONT_ENDS: tuple[FrontEnd, ...] = (WORKFLOWS, JSON, YAML, SHELL, MARKDOWN, MAKEFILE, JENKINSFILE, DOCKERFILE)
BY_NAME = {front.name: front for front in FRONT_ENDS}


def _kinds() -> str:
    """`JSON, YAML or shell`: the kinds of file the front ends read."""
    kinds = [front.kind for front in FRONT_ENDS if front.kind]
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


# A file no front end claims: the note for `--verbose`, and what is said of
# a file named on the command line.
UNCLAIMED = f"{SKIPPED}not a {_kinds()} file"
UNCLAIMED_NAMED = f"not a {_kinds()} file by its name or `#!` line"


def claim(name: str, head: bytes | None = None, named: bool = False) -> FrontEnd | None:
    """The front end of a file by its name, else by its first bytes `head`.
    `named`: the file was named on the command line, so one without a
    suffix is taken for a script."""
    for front in FRONT_ENDS:
        if front.claims_name(name):
            return front
    if head is not None:
        for front in FRONT_ENDS:
            if front.claims_head(head):
                return front
    if named and "." not in name.rsplit("/", 1)[-1]:
        return SHELL
    return None


def sniff(data: bytes) -> tuple[FrontEnd | None, str]:
    """The front end of standard input given without `--stdin-filename`, from
    its content: a shell `#!` line or an `aws … register-image` call is a
    script, a first non-blank `{` or `[` JSON, a text that reads as a YAML
    mapping (or a broken one that looks like a request) YAML. Else None, and why."""
    from ami_lint.readers import read_limits
    from ami_lint.source import Source

    if SHELL.claims_head(data[:SHEBANG_BYTES]):
        return SHELL, ""
    stripped = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not stripped:
        return None, "standard input is empty"
    if stripped[:1] in (b"{", b"["):
        return JSON, ""
    text = data.decode("utf-8", errors="replace")
    small = len(data) <= read_limits().max_file_size
    if b"register-image" in data:
        # Too large to parse: taken for a script, which is then not checked, and said so.
        if not small:
            return SHELL, ""
        from ami_lint.shell.calls import find_invocations, parse_script

        source = Source.from_text(text, "-")
        # Kept for the lint that follows, which then does not parse it again.
        if find_invocations(source, parse_script(source, keep=True)):
            return SHELL, ""
    if small:
        from ami_lint.detect import looks_like_request
        from ami_lint.nodes import Mapping

        result = YAML.read(Source.from_text(text, "-"))
        if any(isinstance(doc, Mapping) for doc in result.documents) or (
            result.failed and looks_like_request(text, lenient=True)
        ):
            return YAML, ""
    return None, (
        "standard input is not JSON (no `{` or `[` first), not a shell script (no `#!` line of a "
        "shell, no `aws ec2 register-image` call) and not a YAML mapping; "
        "name its kind with --stdin-filename"
    )
