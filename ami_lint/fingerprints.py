"""Fingerprints of diagnostics that survive edits elsewhere in a file.

SARIF's `partialFingerprints` (so code scanning keeps tracking an alert when
lines are inserted above it) and `--baseline` (so a recorded finding is still
recognised after such an edit) use the same value.

A finding about a value is known by its rule, its path, its text and the text
of its line. A finding about a whole request (a missing option or key, its
range the whole call or document: `Diagnostic.request`) is known by its rule,
its path and the request: a JSON or YAML document by its index in the file, a
shell call by its text without blanks and `\\` line continuations. Editing the
line of a request's first key, a blank line above it, or the call laid out on
other lines leave it the same finding.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence

from ami_lint.diagnostics import Diagnostic

VERSION = "amiLint/v1"


def fingerprints(
    diagnostics: Sequence[Diagnostic], path: Callable[[Diagnostic], str] | None = None
) -> list[str]:
    """A fingerprint for each diagnostic, in the order given: a hash of the rule,
    the path (as `path` gives it, by default as reported), the text at the span,
    the text of its line(s) without surrounding whitespace, and how many
    identical tuples come before it in the file. No line or column goes in."""
    path_of = path or (lambda d: d.path)
    seen: Counter[tuple[str, ...]] = Counter()
    numbered: dict[int, str] = {}
    lines: dict[tuple[int, int, int], str] = {}  # each (source, first, last line) once
    for i in sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].sort_key()):
        d = diagnostics[i]
        key: tuple[str, ...]
        if d.request is not None:
            # Five items where the others have four: never the same payload.
            key = (REQUEST, d.rule, path_of(d), d.request, _call_key(d) if d.request == "call" else "")
        else:
            where = (id(d.source), *line_range(d))
            text = lines.get(where)
            if text is None:
                text = lines[where] = _line_key(d)
            key = (d.rule, path_of(d), _long(d.source.slice(d.span)), text)
        occurrence = seen[key]
        seen[key] += 1
        payload = json.dumps([*key, occurrence], ensure_ascii=False)
        numbered[i] = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
    return [numbered[i] for i in range(len(diagnostics))]


def line_range(d: Diagnostic) -> tuple[int, int]:
    """The lines a span touches; a span ending right after a line break does not
    touch the next line."""
    start, end = d.start, d.end
    last = end.line - 1 if end.line > start.line and end.column == 1 else end.line
    return start.line, last


# Text longer than this goes into a fingerprint as its hash: a finding on a line
# of a megabyte (a one-line JSON document) must not cost hashing that line
# again for each of its thousands of findings. Real lines are far shorter, so
# their fingerprints (and the baselines that record them) are unchanged.
LONG_TEXT = 1000


REQUEST = "request"


def _call_key(d: Diagnostic) -> str:
    """A shell call's text without blanks and line continuations: the same
    call however it is laid out, and wherever it moves in the script."""
    text = d.source.slice(d.span)
    return _long("".join(text.replace("\\\r\n", "").replace("\\\n", "").split()))


def _line_key(d: Diagnostic) -> str:
    first, last = line_range(d)
    return _long("\n".join(d.source.line_text(n).strip() for n in range(first, last + 1)))


def _long(text: str) -> str:
    if len(text) <= LONG_TEXT:
        return text
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
