"""Edits of a command line for the rules' fixes (`ami_lint.edits`): removing an
option with its values, adding words at the end of the command.

Both work on the words as the script writes them and give up (None) where
the result would not be the same command less or plus those words: a word
from a variable or a wrapper function, an option continued over lines.
"""

from __future__ import annotations

from ami_lint.edits import Edit
from ami_lint.shell.cmdline import CommandLine, OptionUse
from ami_lint.source import Span

_BLANKS = " \t"


def remove_option(use: OptionUse) -> Edit | None:
    """An edit that removes an option and its values with the blanks before it
    (or, when the option is alone on a continued line, that whole line)."""
    words = (use.word, *(v for v in use.values if v is not use.word))
    source = use.word.source
    if any(w.source is not source or w.resolved for w in words):
        return None
    for i in range(1, len(words)):
        gap = source.text[words[i - 1].span.end : words[i].span.start]
        if not gap or gap.strip(_BLANKS):
            return None
    text = source.text
    start, end = use.word.span.start, words[-1].span.end
    blank_start = len(text[:start].rstrip(_BLANKS))
    if blank_start > 0 and text[blank_start - 1] not in "\r\n":
        return Edit(Span(blank_start, end), "") if blank_start < start else None
    # First on its line: the line goes, with its continuation.
    rest = text[end:]
    tail = len(rest) - len(rest.lstrip(_BLANKS))
    for ending in ("\\\r\n", "\\\n"):
        if rest.startswith(ending, tail):
            return Edit(Span(blank_start, end + tail + len(ending)), "")
    return None


def append_words(line: CommandLine, words: str) -> Edit | None:
    """An edit that writes ` words` after the command's last word."""
    invocation = line.invocation
    if not invocation.words or invocation.borrowed or invocation.syntax_error is not None:
        return None
    last = invocation.words[-1]
    if last.resolved or last.source is not invocation.source or line.has_splice:
        return None
    raw = last.source.slice(last.span)
    return Edit(last.span, f"{raw} {words}")
