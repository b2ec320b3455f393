"""Documentation placeholders: values a runbook leaves for its reader to fill in.

`<snapshot-id>`, `<SNAPSHOT_ID>`, `{{snap}}`, `YOUR_BUCKET`, `MY_ROLE`,
`snap-xxxxxxxx`, `ami-0123456789EXAMPLE`, `snapshot-id`, `...` and `…` in a command or a
document shown in documentation are unknown values, not mistakes. A host of
documentation (the Markdown front end, and any other that shows commands
rather than runs them) copies its piece with `copy`, which puts one
`PLACEHOLDER` character (U+E000) where each placeholder was written, mapped
back to all of it: the shell reads a run of them as an unknown part of its
word (`ami_lint.shell.words`), like `$VAR`, and `mark_unknown` turns a JSON or
YAML string holding one into an `Unknown`. A standalone `...` where options
go becomes `$@`, an unknown that may stand for any options.

The shell would read `<snapshot-id>` as a redirection; the substitution is
made before the shell parser sees the text.
"""

from __future__ import annotations

import re

from ami_lint.cliargs import PLACEHOLDER
from ami_lint.offsets import OffsetMap

PLACEHOLDERS = re.compile(
    r"(?<![<\w$])<[A-Za-z][A-Za-z0-9_.:/-]*>"  # <snapshot-id>, <SNAPSHOT_ID>, <bucket/key>
    r"|\{\{[^{}\n]{1,80}\}\}"  # {{snap}}
    r"|(?<![\w${])(?:YOUR|MY)_[A-Z0-9_]*[A-Z0-9](?![\w=])"  # YOUR_BUCKET (not `$YOUR_X`, not `YOUR_X=`)
    r"|\b[a-z]{2,12}-0?[xX]{4,17}\b"  # snap-xxxxxxxx, ami-XXXXXXXXXXXXXXXXX
    r"|\b[a-z]{2,12}-[0-9a-fA-F]{0,17}(?:EXAMPLE|example)[0-9A-Za-z]{0,17}\b"  # ami-0123456789EXAMPLE
    r"|(?<![-\w./])(?:[a-z]+-)+id(?![-\w])"  # snapshot-id (not the option `--snapshot-id`)
    r"|(?<!\.)\.\.\.(?!\.)|…"  # ... and …
)
# `...` standing alone where words go: any number of options.
SPLICE = "$@"


def copy(
    text: str, start: int, length: int, out: list[str], target: OffsetMap, shell: bool
) -> list[tuple[int, int]]:
    """Append `text[start:start+length]` (a run of the host's text, copied as
    written) to `out` and `target`, each placeholder in it replaced; the
    decoded spans of the replacements (where nothing is reported)."""
    end = start + length
    at = len(target)
    spans: list[tuple[int, int]] = []
    pos = start
    for match in PLACEHOLDERS.finditer(text, start, end):
        a, b = match.span()
        target.add_literal(pos, a - pos)
        out.append(text[pos:a])
        at += a - pos
        filler = PLACEHOLDER
        if shell and match.group() in ("...", "…") and _alone(text, a, b, start, end):
            filler = SPLICE
        target.add_atom(a, b - a, len(filler))
        out.append(filler)
        spans.append((at, at + len(filler)))
        at += len(filler)
        pos = b
    target.add_literal(pos, end - pos)
    out.append(text[pos:end])
    return spans


def _alone(text: str, a: int, b: int, start: int, end: int) -> bool:
    """A whole word, outside single quotes (counted on its line)."""
    before = text[a - 1] if a > start else " "
    after = text[b] if b < end else " "
    return before in " \t" and after in " \t\\" and text.count("'", start, a) % 2 == 0
