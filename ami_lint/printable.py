"""What ami-lint prints of its input, made safe to print.

Everything read from the linted tree (file names, values, source lines,
comments) is untrusted. Printed as it is, it could move a terminal's cursor or
set its title (`ESC ]0;…`), reorder what a reviewer sees (bidirectional
overrides such as U+202E), start a new line that a CI runner reads as a
workflow command (`\\r::add-mask::…`), or not be encodable at all (a lone
surrogate from a JSON `"\\ud800"`, a file name that is not UTF-8).

- `printable(text)` is the display form used by every human-facing format and
  on stderr: each character that is not printable (C0 and C1 controls, DEL,
  format characters such as the bidirectional controls, zero-width characters
  and the byte order mark, line and paragraph separators, other non-space
  separators, unassigned and private-use code points, surrogates) is shown as an
  escape: `\\t`, `\\n`, `\\r`, `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN`. A surrogate
  U+DC80..U+DCFF is how Python carries an undecodable byte of a file name, so
  it is shown as that byte, `\\xNN`. A backslash is left as it is.
- `no_commands(text)` makes sure no line of a report can be read as a GitHub
  Actions workflow command that ami-lint did not write (see below).
- `json_safe(text)` does the same for a JSON document (`json.dumps` output),
  where the escapes are JSON escapes, so a parser still gets the exact value
  back; only what no JSON string can carry (a lone surrogate) becomes text.

The GitHub Actions runner reads its output one line at a time, a line ending
at `\\n`, `\\r` or `\\r\\n`, and takes a line as a command when, once leading
white space is trimmed, it starts with `::` followed by a known command name,
or when it holds the legacy form `##[name…]` anywhere. Its comparisons may
follow the culture's collation rules, which ignore some invisible characters,
so the guards below let such characters (anything that is neither a letter or
digit nor printable ASCII) stand between the two colons or the two hashes.
"""

from __future__ import annotations

# `re` is imported where a pattern is used: none is on a typical run's path.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    import re

# Patterns are strings compiled (and cached by `re`) when first used: most
# runs need few of them, and none at start-up. The slow path of `printable`
# looks at each character outside printable ASCII.
_NOT_PRINTABLE_ASCII = r"[^\x20-\x7e]"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (PEP 383)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _display(match: re.Match[str]) -> str:
    char = match.group()
    # A space (U+0020) is printable; other separators (U+00A0, U+3000…) are not
    # to Python and are escaped too: they look like a space but are not one.
    return char if char.isprintable() else _escape(char)


def printable(text: str) -> str:
    """`text` with every character that is not printable shown as an escape."""
    if text.isprintable():  # most text: nothing to escape
        return text
    import re

    return re.sub(_NOT_PRINTABLE_ASCII, _display, text)


def printable_lines(text: str) -> str:
    """Each line of `text` made printable, the line breaks (`\\n`) kept."""
    if text.replace("\n", "").isprintable():
        return text
    return "\n".join(printable(line) for line in text.split("\n"))


# Between the two characters of a command marker, a runner comparing by
# collation could skip what is neither a word character nor printable ASCII.
_SKIPPED = r"[^\w!-~]*"
# `##[` anywhere: the second hash is shown escaped.
_V1 = rf"(#{_SKIPPED})#(?={_SKIPPED}\[)"
# What a runner takes for a line break besides `\n`.
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A line (after `\n`) that starts, past spaces, with `:` or with anything but
# printable ASCII (an empty line aside): only such a line can be a command.
_CANDIDATE = r"\n *[^\n -9;-~]"
_FIRST_CANDIDATE = r" *[^\n -9;-~]"
_V2 = rf"((?:\A|[\n{_OTHER_BREAKS}]){_SKIPPED}):(?={_SKIPPED}:)"


def no_commands(text: str) -> str:
    """`text` (one or more lines that ami-lint prints, none of them a command
    it writes) with no line that a GitHub Actions runner would take as a
    workflow command: a `:` starting a line and the second `#` of `##[` are
    written `\\x3a` and `\\x23`."""
    # The full pattern only for a text with a line that could be one (most
    # reports have none): `::` past white space and skipped characters, after
    # any line break a runner knows, has its first colon escaped.
    import re

    if ":" in text and (_has_candidate(text) or any(b in text for b in _OTHER_BREAKS)):
        text = re.sub(_V2, r"\1\\x3a", text)
    if "#" in text:
        text = re.sub(_V1, r"\1\\x23", text)
    return text


# Longer than this, a text is searched with the patterns (`_has_candidate`).
_LONG = 16 * 1024

# What `no_commands` looks for, in UTF-8: each character of `_OTHER_BREAKS`.
_OTHER_BREAKS_UTF8 = tuple(b.encode() for b in _OTHER_BREAKS)


def commands_unchanged(data: bytes) -> bool:
    """Whether `no_commands` leaves the UTF-8 text `data` as it is, seen
    from its bytes (the text report of `--jobs`, whose blocks the workers
    sent encoded, is then written without being decoded): no `#`, and no
    `:` or no line that could start a command. UTF-8 writes each ASCII
    character as itself and any other with a first byte past 0x7F, which
    `_CANDIDATE`'s class holds: the patterns find on the bytes what they
    find on the text. False when it cannot tell (the text is then checked)."""
    if data.find(b"#") >= 0:
        return False
    if data.find(b":") < 0:
        return True
    for other in _OTHER_BREAKS_UTF8:
        # Its last byte first, alone (`memchr`): a search of two or three
        # bytes is ten times slower over a report full of dashes.
        if data.find(other[-1:]) >= 0 and data.find(other) >= 0:
            return False
    import re

    return not (re.match(_FIRST_CANDIDATE.encode(), data) or re.search(_CANDIDATE.encode(), data))


def _has_candidate(text: str) -> bool:
    """`re.match(_FIRST_CANDIDATE, text) or re.search(_CANDIDATE, text)`,
    without compiling them (most reports have a `:`): a line that starts,
    past spaces, with a character of `[^\\n -9;-~]`."""
    if len(text) > _LONG:
        # A report of many files (the text report of a tree is a megabyte):
        # the patterns themselves, a search in C, rather than a step in
        # Python per line; their compiling is then a small part.
        import re

        return bool(re.match(_FIRST_CANDIDATE, text) or re.search(_CANDIDATE, text))
    for each in text.split("\n"):
        first = each.lstrip(" ")[:1]
        if first and not (" " <= first <= "9" or ";" <= first <= "~"):
            return True
    return False


def line(text: str) -> str:
    """One line for a terminal or a CI log (stderr): printable, never a command."""
    return no_commands(printable(text))


# `json.dumps` escapes C0 controls in strings: a raw line break is the document's own.
_JSON_UNSAFE = r"[^\n\x20-\x7e]"


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():
        return char
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        # No JSON string carries a lone surrogate that every parser accepts:
        # it becomes the text of its escape (`\\ud800`, or `\\xff` for a byte
        # of a file name), a backslash written `\\\\` in JSON.
        return "\\" + _escape(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters past U+FFFF
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(document: str) -> str:
    """A JSON document (`json.dumps(..., ensure_ascii=False)` output) with the
    characters that are not printable written as `\\uNNNN` escapes (the parsed
    value is unchanged, the raw text is safe on a terminal and in a CI log), no
    `##[` in the raw text (`#\\u0023[`), and no lone surrogate."""
    import re

    if not document.isascii() or "\x7f" in document:
        document = re.sub(_JSON_UNSAFE, _json_escape, document)
    if "#" in document:
        document = re.sub(_V1, r"\1\\u0023", document)
    return document
