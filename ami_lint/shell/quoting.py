"""How to quote a word as written so that the shell passes it on whole.

Rules that tell the user to quote a word (brace expansion, word splitting)
write the quoted word in their hint; the two agree on one quoting for a word
both report, and suggest it only when wrapping the text as it is written
keeps every character's meaning.
"""

from __future__ import annotations

from ami_lint.edits import Edit, Fix, fix
from ami_lint.source import Source, Span

# Characters whose meaning changes once the written word is wrapped in quotes
# (quotes and escapes written in it, a line continuation). A leading `~`
# would stop being the home directory.
_DOUBLE_UNSAFE = frozenset("\"'\\\n\r")
_SINGLE_UNSAFE = _DOUBLE_UNSAFE | frozenset("$`")


def double_quoted(raw: str) -> str | None:
    """`raw` (a word as written) in double quotes, which still expand `$…`
    and `` `…` ``; None when that would change what the word says."""
    if not raw or raw.startswith("~") or any(c in _DOUBLE_UNSAFE for c in raw):
        return None
    return f'"{raw}"'


def single_quoted(raw: str) -> str | None:
    """`raw` in single quotes, for a word without expansions; None when that
    would change what the word says."""
    if not raw or raw.startswith("~") or any(c in _SINGLE_UNSAFE for c in raw):
        return None
    return f"'{raw}'"


def holds_expansion(raw: str) -> bool:
    """Whether a word as written expands something (`$X`, `$(…)`, `` `…` ``)."""
    return "$" in raw or "`" in raw


# A quoted word longer than this is not spelled out in a hint: a message
# quotes at most `diagnostics.MAX_QUOTED` characters of a value, and a cut
# suggestion would not be one to copy.
_SPELLED_OUT = 90


def quoting_hint(raw: str) -> str:
    """The hint for quoting a word as written: double quotes when it expands
    something (single quotes would stop `$X` from expanding), else single
    quotes; the quoted word itself when wrapping it is safe and short."""
    expands = holds_expansion(raw)
    quoted = double_quoted(raw) if expands else single_quoted(raw)
    if quoted is not None and len(quoted) <= _SPELLED_OUT and "`" not in quoted:
        kind = "double" if expands else "single"
        return f"Put the value in {kind} quotes: `{quoted}`"
    if expands:
        return "Put the whole value in double quotes, so that its `$` expansions still expand"
    return "Put the whole value in single quotes"


def quoting_fix(source: Source, span: Span) -> Fix | None:
    """The fix that puts the word written at `span` in the quotes
    `quoting_hint` suggests (safe), or None when quoting it as written would
    change what it says."""
    raw = source.slice(span)
    expands = holds_expansion(raw)
    quoted = double_quoted(raw) if expands else single_quoted(raw)
    if quoted is None or "`" in quoted:
        return None
    return fix(f"Put the value in {'double' if expands else 'single'} quotes", [Edit(span, quoted)])
