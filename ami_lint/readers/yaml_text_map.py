"""Where each character of a YAML scalar's value was written: the offset map
of a plain, quoted or block scalar, for findings inside a value."""

from __future__ import annotations

import re

from ami_lint.offsets import Linear, OffsetMap

# Whitespace and line breaks the scanner folds, strips or keeps between the
# characters of a scalar.
_LAYOUT = " \t\r\n\x85\u2028\u2029"
_LINE_BREAKS = "\r\n\x85\u2028\u2029"


def _text_map(text: str, start: int, end: int, style: str | None, value: str) -> OffsetMap | Linear | None:
    """Map a scalar's decoded text back to the characters it was written with.

    Every written character (escapes and `''` as one unit each) maps exactly.
    Whitespace the scanner folds, strips or keeps (line breaks, indentation,
    trailing spaces) maps as one atom per run: a single-line scalar is exact,
    a multi-line or block scalar is exact except inside those runs.
    """
    if style in ("'", '"'):
        lo, hi = start + 1, end - 1
    elif style in ("|", ">"):
        # Skip the header line (`|-`, `>2`, a comment).
        lo = end
        for i in range(start, end):
            if text[i] in _LINE_BREAKS:
                lo = i + 2 if text.startswith("\r\n", i) else i + 1
                break
        hi = end
    else:
        lo, hi = start, end
    if (
        style not in ("|", ">")
        and hi - lo == len(value)
        and text.startswith(value, lo)
        and _verbatim(value, style)
    ):
        if value and _SPACE_RUN.search(value, 1) is None:
            return Linear(lo, len(value))  # `_verbatim_map`'s one segment, without its lists
        return _verbatim_map(lo, value)
    result = OffsetMap()
    decoded = 0  # characters of `value` mapped so far
    run = lo  # start of the whitespace run before the next unit
    p = lo
    while p < hi:
        ch = text[p]
        if ch in _LAYOUT:
            p += 1
            continue
        if style == '"' and ch == "\\":
            from ruamel.yaml.scanner import Scanner  # only for an escape: not at start-up

            nxt = text[p + 1 : p + 2]
            if nxt and nxt in _LINE_BREAKS:
                p += 1  # an escaped line break: layout, like the break itself
                continue
            length = 2 + Scanner.ESCAPE_CODES.get(nxt, 0)
            if nxt in Scanner.ESCAPE_CODES:
                try:
                    out = chr(int(text[p + 2 : p + length], 16))
                except ValueError:
                    return None
            elif nxt in Scanner.ESCAPE_REPLACEMENTS:
                out = Scanner.ESCAPE_REPLACEMENTS[nxt]
            else:
                return None
        elif style == "'" and ch == "'" and text.startswith("''", p):
            out, length = "'", 2
        else:
            out, length = ch, 1
        # Decoded characters before this unit came from the whitespace run.
        at = decoded
        while not value.startswith(out, at):
            if at < len(value) and value[at] in _LAYOUT:
                at += 1
            else:
                return None
        if at > decoded:
            if p == run:
                return None
            result.add_atom(run, p - run, at - decoded)
        if length == 1:
            result.add_literal(p, 1)
        else:
            result.add_atom(p, length, len(out))
        decoded = at + len(out)
        p += length
        run = p
    rest = value[decoded:]
    if rest.strip(_LAYOUT):
        return None
    if rest:
        result.add_atom(run, hi - run, len(rest))
    return result if len(result) == len(value) else None


def _verbatim(value: str, style: str | None) -> bool:
    """Whether a one-line scalar written as `value` decodes to `value` itself:
    nothing folded, no escape or `''` (most scalars of a request)."""
    if _has_break(value):
        return False
    if style == "'":
        return "'" not in value
    return style != '"' or ("\\" not in value and '"' not in value)


def _verbatim_map(lo: int, value: str) -> OffsetMap:
    """What `_text_map` builds, character by character, for a verbatim scalar:
    one segment from the start, and one from each inner whitespace run on."""
    result = OffsetMap()
    piece = 0
    for run in _SPACE_RUN.finditer(value, 1):
        if run.start() > piece:
            result.add_atom(lo + piece, run.start() - piece, run.start() - piece)
            piece = run.start()
    result.add_atom(lo + piece, len(value) - piece, len(value) - piece)
    return result


def _has_break(value: str) -> bool:
    """Whether `value` holds a line break of `_LINE_BREAKS` (tested with
    `in`: a pattern of these characters costs about 2.4M instructions to
    compile, issue 20)."""
    for ch in _LINE_BREAKS:  # noqa: SIM110  # a loop, not `any` over a generator
        if ch in value:
            return True
    return False


_SPACE_RUN = re.compile("(?<![ \t])[ \t]")
