"""Shell text put together by another program before a shell reads it: a
Makefile recipe (make expands `$(VAR)` and turns `$$` into `$` first), the
command string of `bash -c '…'` or `ssh host '…'` (the outer shell decodes
its quotes first).

A `Piece` is that text as the inner shell reads it, with an `OffsetMap` from
each of its characters to where it was written. A part that only the running
program knows (`$(VAR)` of make, `$NAME` of the outer shell) is written in the
piece as a shell expansion of a marker variable, `${__make_VAR}` or
`${__outer_1}`: the inner shell front end then takes it for what it is, a
value not known (unquoted, it may be any number of words; quoted, one word),
and the marker maps back to the whole part as written (an atom). Two things
keep this honest:

- the shell's findings quote the marker (`\\`${__make_VAR}\\` is only known
  when the script runs`); the message is given back the text as written
  (`$(VAR)`);
- inside single quotes (or a quoted here-document) the inner shell would
  take the marker for literal text, where the real text is still unknown: a
  request whose words hold a marker as literal text is left out, silently.

A marker variable whose name holds `aws` (`$(AWS)` becomes `${__make_AWS}`)
is taken for the CLI by `ami_lint.shell.aws_wrappers`, as `${AWS}` would be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.frontend import Found
from ami_lint.offsets import OffsetMap
from ami_lint.records import replace

# Every marker variable's name starts with this.
MARKER = "__"
_MARKER_TAGS = ("${__make_", "${__outer_")


class Piece:
    """Shell text being put together, with where each character came from."""

    __slots__ = ("_counter", "_text", "map", "markers")

    def __init__(self, anchor: int) -> None:
        self._text: list[str] = []
        self.map = OffsetMap(anchor=anchor)
        # Marker text -> the text it stands for, as written.
        self.markers: dict[str, str] = {}
        self._counter = 0

    def literal(self, text: str, start: int) -> None:
        """`text`, copied from `start` of the host."""
        if text:
            self._text.append(text)
            self.map.add_literal(start, len(text))

    def atom(self, text: str, start: int, length: int) -> None:
        """`text`, made from the `length` host characters at `start` (`$$` for `$`)."""
        if text:
            self._text.append(text)
            self.map.add_atom(start, length, len(text))

    def unknown(self, tag: str, hint: str, start: int, written: str) -> None:
        """A value not known, written as `written` at `start`: a marker
        `${__<tag>_<hint>}` (`hint` made a shell name; numbered when empty)."""
        name = "".join(c if c.isalnum() or c == "_" else "_" for c in hint)
        if not name or not name.isascii():
            self._counter += 1
            name = str(self._counter)
        marker = "${" + MARKER + tag + "_" + name + "}"
        previous = self.markers.setdefault(marker, written)
        if previous != written:
            self._counter += 1
            marker = "${" + MARKER + tag + "_" + name + "_" + str(self._counter) + "}"
            self.markers[marker] = written
        self.atom(marker, start, len(written))

    @property
    def text(self) -> str:
        return "".join(self._text)

    def __len__(self) -> int:
        return len(self.map)


def unmarked(requests: Iterable[Found], markers: dict[str, str]) -> Iterator[Found]:
    """The requests of a piece, their findings given back the text each
    marker stands for; a request where a marker is literal text is left out."""
    for found in requests:
        if _marker_is_literal(found):
            continue
        for i, finding in enumerate(found.findings):
            message = finding.message
            if MARKER in message:
                for marker, written in markers.items():
                    message = message.replace(marker, written)
                found.findings[i] = replace(finding, message=message)
        yield found


def _marker_is_literal(found: Found) -> bool:
    """Whether a word of the call holds a marker as literal text (inside single quotes)."""
    line = found.request.command
    if line is None:
        return False
    invocation = line.invocation
    words = [*invocation.words, *(g.word for g in invocation.global_options)]
    words += [g.value for g in invocation.global_options if g.value is not None]
    for word in words:
        for part in word.parts:
            text = getattr(part, "text", None)
            if text and MARKER in text and any(tag in text for tag in _MARKER_TAGS):
                return True
    return False


def has_marker_text(text: str) -> bool:
    return any(tag in text for tag in _MARKER_TAGS)
