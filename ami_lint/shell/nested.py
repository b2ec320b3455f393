"""Shell inside a shell command: `bash -c '…'`, `sh -c "…"`, `ssh host '…'`.

The command string of `bash`/`sh`/`zsh`/`dash`/`ksh -c` (behind `sudo`,
`env` and the like), and the command `ssh [options] host command…` runs on
the other host (its words joined with spaces, as ssh joins them), are
scripts too. Their text is the decoded word, and its offset map (through the
outer quotes and escapes) places each character where it was written; the
shell front end parses that text again as an embedded source
(`ami_lint.shell.embedded`), up to `ami_lint.frontends.shell.MAX_DEPTH` levels deep.

A part of the word only the running script knows (`"… --name $NAME"`) is
an unknown value in the inner script too (a marker variable, see
`ami_lint.shell.embedded`); where the inner script would read it as literal
text (inside its single quotes), the call is left out.
"""

from __future__ import annotations

from ami_lint.shell.commands import WordList, skip_wrappers
from ami_lint.shell.embedded import Piece
from ami_lint.shell.words import LiteralPart, ShellWord

SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "ash", "mksh"})
# Options of the shells that take a value (`bash -o pipefail -c …`).
_SHELL_VALUE_OPTIONS = frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"})
# ssh's options that take a value (`ssh -i key.pem -p 22 host …`).
_SSH_VALUE_FLAGS = frozenset("BbcDEeFIiJLlmOoPpQRSWw")


def _runs_nested(word: ShellWord) -> bool:
    text = word.text
    return text is not None and text.rsplit("/", 1)[-1] in SHELLS | {"ssh"}


def command_string(words: WordList) -> Piece | None:
    """The script a `bash -c`/`ssh host` command runs, as a piece of shell
    text mapped into the outer script; None for another command."""
    at = skip_wrappers(words, _runs_nested)
    if at is None:
        return None
    name = (words[at].text or "").rsplit("/", 1)[-1]
    if name == "ssh":
        return _ssh(words, at + 1)
    i = at + 1
    dash_c = False
    while i < len(words):
        text = words[i].text
        if text is None:  # not an option: the command string (or ssh's host)
            break
        if text == "--":
            i += 1
            break
        if not text.startswith(("-", "+")) or text in ("-", "+"):
            break
        if text in _SHELL_VALUE_OPTIONS:
            i += 2
            continue
        if not text.startswith("--") and "c" in text[1:]:
            dash_c = True
        i += 1
    if not dash_c or i >= len(words):
        return None
    return _joined([words[i]])


def _ssh(words: WordList, i: int) -> Piece | None:
    while i < len(words):
        text = words[i].text
        if text is None:  # not an option: the command string (or ssh's host)
            break
        if text == "--":
            i += 1
            break
        if not text.startswith("-") or text == "-":
            break
        # `-i key`, `-ikey`, `-tt`, `-p22`: the last flag letter may take a value.
        letters = text[1:]
        for n, letter in enumerate(letters):
            if letter in _SSH_VALUE_FLAGS:
                if n == len(letters) - 1:
                    i += 1  # its value is the next word
                break
        i += 1
    i += 1  # the host
    if i >= len(words):
        return None
    return _joined([words[k] for k in range(i, len(words))])


def _joined(words: list[ShellWord]) -> Piece | None:
    """The words' text joined with spaces (one word: as it is), unknown parts as markers."""
    piece = Piece(words[0].span.start)
    previous: ShellWord | None = None
    for word in words:
        if previous is not None:
            gap = max(0, word.span.start - previous.span.end)
            piece.atom(" ", previous.span.end, gap)
        for part in word.parts:
            if isinstance(part, LiteralPart):
                _add_literal(piece, part)
            else:
                span = part.span
                written = word.source.text[span.start : span.end]
                hint = written.strip("${}") if part.kind == "variable" else ""
                piece.unknown("outer", hint, span.start, written)
        previous = word
    return piece if len(piece) else None


def _add_literal(piece: Piece, part: LiteralPart) -> None:
    at = 0
    for start, slen, dlen in part.pieces:
        chunk = part.text[at : at + dlen]
        if slen == dlen:
            piece.literal(chunk, start)
        else:
            piece.atom(chunk, start, slen)
        at += dlen
