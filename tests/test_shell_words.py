"""Shell words: decoded text, unknown parts, and spans back into the script."""

from __future__ import annotations

import pytest

from ami_lint.shell.calls import find_invocations
from ami_lint.shell.words import LiteralPart, Offsets, ShellWord, UnknownPart
from ami_lint.source import Source, Span

PREFIX = "aws ec2 register-image --name "


def words(script: str) -> tuple[Source, list[ShellWord]]:
    source = Source.from_text(script, "t.sh")
    (invocation,) = find_invocations(source)
    return source, list(invocation.words)


def word(raw: str, before: str = PREFIX, after: str = "\n") -> tuple[Source, ShellWord]:
    source, found = words(before + raw + after)
    assert found[0].text == "--name"
    return source, found[1]


def char_sources(source: Source, w: ShellWord) -> list[str]:
    """What each decoded character was written as."""
    text = w.text
    assert text is not None
    mapper = w.mapper()
    return [source.slice(mapper.span(i, i + 1)) for i in range(len(text))]


def test_single_quotes() -> None:
    source, w = word("'a b\\'")
    assert w.text == "a b\\"
    assert w.is_quoted_fully
    assert source.slice(w.span) == "'a b\\'"
    assert char_sources(source, w) == ["a", " ", "b", "\\"]
    assert source.slice(w.mapper().span(0, 4)) == "a b\\"


def test_double_quotes_with_escapes_and_variable() -> None:
    source, w = word('"a\\"b\\$c\\x$X d"')
    assert w.text is None
    assert w.known_prefix == 'a"b$c\\x'
    assert w.is_quoted_fully
    lit, unknown, rest = w.parts
    assert isinstance(lit, LiteralPart) and isinstance(unknown, UnknownPart) and isinstance(rest, LiteralPart)
    assert (unknown.kind, source.slice(unknown.span), unknown.quoted, unknown.splice) == (
        "variable",
        "$X",
        True,
        False,
    )
    assert rest.text == " d"
    # `\"` is one decoded character standing for two written ones; `\x` stays two.
    assert [source.slice(w.mapper().span(i, i + 1)) for i in range(7)] == [
        "a",
        '\\"',
        "b",
        "\\$",
        "c",
        "\\",
        "x",
    ]
    assert w.to_word() is None


def test_ansi_c_escapes() -> None:
    source, w = word("$'a\\tb\\x41\\'c\\101\\u00e9\\q'")
    assert w.text == "a\tbA'cAé\\q"
    assert char_sources(source, w) == ["a", "\\t", "b", "\\x41", "\\'", "c", "\\101", "\\u00e9", "\\", "q"]


@pytest.mark.parametrize("raw", ['"ab\\\ncd"', "ab\\\ncd", "'ab'\\\ncd", "ab\\\r\ncd"])
def test_line_continuation_vanishes(raw: str) -> None:
    source, w = word(raw)
    assert w.text == "abcd"
    c = w.mapper().span(2, 3)
    assert source.slice(c) == "c"
    assert (source.position(c.start).line, source.position(c.start).column) == (2, 1)
    assert source.slice(w.span) == raw


def test_continuation_inside_double_quotes_keeps_columns() -> None:
    source, w = word('"Key=a,\\\n   Value=b"')
    assert w.text == "Key=a,   Value=b"
    v = w.mapper().span(9, 14)
    assert source.slice(v) == "Value"
    start = source.position(v.start)
    assert (start.line, start.column) == (2, 4)


def test_tabs_and_non_ascii_before_the_word() -> None:
    script = "echo 'héllo wörld' ; \taws ec2 register-image\t--name\t'ünï cödé'\n"
    source, found = words(script)
    w = found[1]
    assert w.text == "ünï cödé"
    assert source.slice(w.span) == "'ünï cödé'"
    start = source.position(w.mapper().span(0, 1).start)
    # Columns count characters: 53 characters stand before the value.
    assert (start.line, start.column) == (1, script.index("ünï") + 1)
    assert start.column == 54


def test_non_ascii_inside_double_quotes_and_variable_span() -> None:
    source, w = word('"日本$X語"')
    (unknown,) = w.unknowns
    assert source.slice(unknown.span) == "$X"
    assert w.known_prefix == "日本"


def test_byte_offsets_become_character_offsets() -> None:
    offsets = Offsets("aé€😀b")
    # tree-sitter gets U+10000 for characters above U+FFFF (it can crash on
    # them): the same length in UTF-8, so every byte offset is unchanged.
    assert offsets.data == "aé€\U00010000b".encode()
    assert len(offsets.data) == len("aé€😀b".encode())
    assert [offsets.char(b) for b in (0, 1, 3, 6, 10, 11)] == [0, 1, 2, 3, 4, 5]
    ascii_only = Offsets("abc")
    assert ascii_only.char(2) == 2


def test_concatenation_of_quoting_forms() -> None:
    source, w = word("'a'\"b\"c\\ d")
    assert w.text == "abc d"
    assert not w.is_quoted_fully
    assert char_sources(source, w) == ["a", "b", "c", "\\ ", "d"]


def test_empty_quoted_word() -> None:
    _source, w = word('""')
    assert w.text == ""
    assert w.is_quoted_fully
    assert w.to_word() is not None


@pytest.mark.parametrize(
    ("raw", "kind", "splice"),
    [
        ("$X", "variable", True),
        ("${X:-a}", "variable", True),
        ('"$X"', "variable", False),
        ('"${arr[@]}"', "variable", True),
        ('"$@"', "variable", True),
        ("$(date)", "substitution", True),
        ('"$(date)"', "substitution", False),
        ("`date`", "substitution", True),
        ("*.json", "glob", True),
    ],
)
def test_unknown_parts(raw: str, kind: str, splice: bool) -> None:
    _source, w = word(raw)
    assert w.text is None
    first = w.unknowns[0]
    assert first.kind == kind
    assert w.is_splice is splice


def test_unquoted_brackets_stay_literal() -> None:
    _, w = word("Tags=[{Key=a,Value=b}]")
    assert w.text == "Tags=[{Key=a,Value=b}]"


def test_tail_of_option_word() -> None:
    source, found = words('aws ec2 register-image --name="a \\"b"\n')
    w = found[0]
    value = w.tail(len("--name="))
    assert value.text == 'a "b'
    assert source.slice(value.mapper().span(0, 4)) == 'a \\"b'
    assert source.slice(w.prefix_span(6)) == "--name"


def test_line_starting_with_backslash_is_a_new_command() -> None:
    # tree-sitter-bash glues `\aws` on the next line to the command before it.
    source = Source.from_text("echo a\n\\aws ec2 register-image --name x\n", "t.sh")
    (invocation,) = find_invocations(source)
    assert source.slice(invocation.span) == "\\aws ec2 register-image --name x"
    assert [w.text for w in invocation.words] == ["--name", "x"]


def test_words_joined_by_continuation_are_one_word() -> None:
    source, found = words("aws ec2 register-image --name=ab\\\ncd --architecture x86_64\n")
    assert [w.text for w in found] == ["--name=abcd", "--architecture", "x86_64"]
    assert source.slice(found[0].span) == "--name=ab\\\ncd"
    assert found[0].span == Span(23, 36)


def test_an_escaped_blank_between_pieces_stays_in_the_word() -> None:
    # tree-sitter leaves `\ ` between `"a"` and the rest as a gap of the
    # concatenation: escaped, it is part of the word (only an unescaped blank
    # or line break in a gap ends the word, tests/test_shell_written_plain.py).
    _, w = word('"a"\\ ``b')
    assert (w.text or "").startswith("a ")
    assert w.span.end == len(PREFIX) + len('"a"\\ ``b')
