"""LSP positions (`ami_lint.lsp_text.LineMap`) against a plain count of each
character's code units: an ASCII text's positions are counted without
looking at its characters (issue 20, item 5), the same as the plain count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ami_lint.lsp_text import UTF8, UTF16, LineMap

# ASCII mostly, line breaks of each kind, characters of two, three and four
# UTF-8 bytes, one past the Basic Multilingual Plane, and a lone surrogate.
CHARACTERS = st.sampled_from(["a", " ", "\t", "\n", "\r", "\r\n", "é", "€", "🚀", "\u2028", "\ud800"])
texts = st.lists(CHARACTERS, max_size=30).map("".join)


def _plain_units(text: str, encoding: str) -> int:
    if encoding == UTF8:
        return sum(len(c.encode("utf-8", errors="surrogatepass")) for c in text)
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def _plain_offset(lines: LineMap, line: int, character: int) -> int:
    if line < 0:
        return 0
    if line >= len(lines.starts):
        return len(lines.text)
    start = lines.starts[line]
    end = start + len(lines.line_text(line))
    units = 0
    for i in range(start, end):
        if units >= character:
            return i
        units += _plain_units(lines.text[i], lines.encoding)
    return end


@given(texts, st.sampled_from([UTF8, UTF16]), st.data())
def test_positions_and_offsets_are_the_plain_counts(text: str, encoding: str, data: st.DataObject) -> None:
    lines = LineMap(text, encoding)
    assert lines.ascii == text.isascii()
    for offset in range(len(text) + 1):
        line, character = lines.position(offset)
        start = lines.starts[line]
        assert start <= offset and character == _plain_units(text[start:offset], encoding)
    line = data.draw(st.integers(min_value=-1, max_value=len(lines.starts)))
    character = data.draw(st.integers(min_value=-2, max_value=40))
    assert lines.offset(line, character) == _plain_offset(lines, line, character)
