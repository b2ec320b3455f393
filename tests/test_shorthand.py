"""The shorthand parser, checked against the AWS CLI's own parser as the oracle."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from awscli.shorthand import (
    BackCompatVisitor,
    DuplicateKeyInObjectError,
    ShorthandParser,
    ShorthandParseSyntaxError,
)
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ami_lint import shorthand
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, to_python, walk
from ami_lint.offsets import OffsetMap
from ami_lint.schema import load_schema
from ami_lint.shorthand import MAX_NESTING, parse_shorthand, read_shorthand
from ami_lint.shorthand_types import convert
from ami_lint.source import Source

REFERENCE = Path("/work/shared/reference/register-image-cli-reference.txt")
if not REFERENCE.exists():
    REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / REFERENCE.name

ORACLE_EXAMPLES = int(os.environ.get("AMI_LINT_SHORTHAND_EXAMPLES", "3000"))


def _printable(actual: str) -> str:
    # ami-lint writes a non-printable received character escaped, not raw.
    if len(actual) == 1 and not actual.isprintable():
        return repr(actual)[1:-1]
    return actual


def cli(text: str) -> tuple[str, object, object]:
    """What the CLI makes of `text`: ("ok", value, None) or ("error", index, message)."""
    try:
        return ("ok", ShorthandParser().parse(text), None)
    except DuplicateKeyInObjectError as err:
        return ("error", err.index, f"Second instance of key `{err.key}` encountered")
    except ShorthandParseSyntaxError as err:
        message = f"Expected: '{err.expected}', received: '{_printable(err.actual)}'"
        return ("error", err.index, message)


def ours(text: str) -> tuple[str, object, object]:
    node, findings = parse_shorthand(text, Source(text, "<value>"), OffsetMap.linear(0, len(text)))
    if node is None:
        assert len(findings) == 1
        finding = findings[0]
        assert finding.rule == "AMI003"
        return ("error", finding.span.start, finding.message)
    assert findings == []
    return ("ok", to_python(node), None)


def assert_agrees(text: str) -> None:
    assert ours(text) == cli(text), text


def parsed(text: str) -> tuple[Node, Source]:
    source = Source(text, "<value>")
    node, findings = parse_shorthand(text, source, OffsetMap.linear(0, len(text)))
    assert node is not None, findings
    return node, source


def entries(node: Node) -> list[Entry]:
    found: list[Entry] = []
    for _, current in walk(node):
        if isinstance(current, Mapping):
            found.extend(current.entries)
    return found


def assert_spans_round_trip(node: Node, source: Source) -> None:
    """Keys and unquoted values read back as written; quoted ones include their quotes."""
    for entry in entries(node):
        assert source.slice(entry.key.span) == entry.key.value
    for _, current in walk(node):
        if not isinstance(current, Scalar):
            continue
        assert isinstance(current.value, str)
        raw = source.slice(current.span)
        if current.plain:
            assert raw.replace("\\,", ",") == current.value
            assert raw == raw.rstrip()
        else:
            assert raw[0] == raw[-1] and raw[0] in "'\"" and len(raw) >= 2
        for k, char in enumerate(current.value):
            written = source.slice(current.inner_span(k, k + 1))
            assert written in (char, "\\" + char), (current.value, k, written)


def reference_examples() -> list[str]:
    """Every shorthand value in the CLI reference: syntax templates and examples."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    values: list[str] = []
    for i, line in enumerate(lines):
        if line.strip() == "Shorthand Syntax:":
            values += [w for w in shlex.split(lines[i + 1]) if w != "..."]
        for option in ("--block-device-mappings", "--tag-specifications"):
            if line.startswith(option + " "):
                values += shlex.split(line)[1:]
    return values


def test_reference_has_examples() -> None:
    assert len(reference_examples()) >= 3


@pytest.mark.parametrize("text", reference_examples())
def test_reference_examples(text: str) -> None:
    assert cli(text)[0] == "ok"
    assert_agrees(text)
    node, source = parsed(text)
    assert_spans_round_trip(node, source)


def test_documented_example_value() -> None:
    node, _ = parsed("DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}")
    assert to_python(node) == {
        "DeviceName": "/dev/xvda",
        "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"},
    }


QUIRKS = [
    # comma lists and how they give items back to the next key
    "a=b,c,d=e",
    "a=b,c d=e",
    "a=b,c\\,d e=f",
    "a=b,'x,y'=z",
    "a=,b",
    "a=b,,c",
    "a=b,",
    "a=b, ",
    "a=b,c,",
    "a=b,[c]",
    "a=b,c]",
    "a=b,{c}",
    "a=b c, d e",
    # escaped commas and trailing whitespace
    "a=b\\,c\\, ,d",
    "a=\\,",
    "a=b\\",
    "a=\\\\,b",
    # explicit lists and hashes
    "a=[]",
    "a=[,]",
    "a=[,,]",
    "a=[b,]",
    "a=[ b , c ]",
    "a=[b=c]",
    "a=[b c]",
    "a=['x' y]",
    "a=[",
    "a=[b",
    "a={",
    "a={}",
    "a={b}",
    "a={b=}",
    "a={b=},c=d",
    "a={b=}}",
    "a={b=c d=e}",
    "a={b=1,b=2,c=3}",
    "a={b={c=1},b=[2]}",
    "a={b=[1,2,{c=d}],e=}",
    "a={b=c,}",
    "a={ b = c , d = [ e ] }",
    "a=[b] ",
    "a=[b] ,c=d",
    "a=[b]c",
    # keys, `=`, `@=` and whitespace
    "",
    "=",
    "=b",
    " a=b",
    "a = b",
    "a@=b",
    "a @ = b",
    "a@",
    "a@b",
    "a==b",
    "a=b=c",
    "a:b/c#d.e-f_g=h",
    "a!=b",
    "a=b\n,c=d",
    "a=\n",
    # quotes
    "a='x",
    'a="x',
    "a='x\\'y'",
    "a='a\\'",
    "a='a\\'b",
    "a='a\\\\'",
    "a='a\\\\',b='c'",
    'a="x\\"y\\\\z"',
    "a='x\"y'",
    "a='x' y",
    "a='',b=\"\"",
    "a=b,'c'",
    "a=b,'c",
    "a=b,\"c\",'d'",
    # duplicate top-level keys
    "a=b,a=c",
    "a=b , a=c",
    "a=[b] ,a=c",
    "a=b,c=d,a=e",
    "=b,=c",
    # characters outside ASCII and control characters
    "a=\u00a0b\u00a0",
    "a=\u00a0",
    "a=\x1c",
    "a=b\x1c",
    "a=\U0001f600",
    "a=b\U0001f600",
    "a='\U0001f600'",
    "a=é,b=ü",
    "a=\x7f",
]


@pytest.mark.parametrize("text", QUIRKS)
def test_quirk_matches_cli(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a=b,c,d=e", {"a": ["b", "c"], "d": "e"}),
        ("a=b c, d e", {"a": ["b c", "d e"]}),
        ("a={b=1,b=2,c=3}", {"a": {"b": "2", "c": "3"}}),
        ("a=[,]", {"a": [""]}),
        ("a='a\\'", {"a": "a\\"}),
        ("a=\u00a0b\u00a0", {"a": "\u00a0b"}),
        ("=b", {"": "b"}),
        ("a=", {"a": ""}),
    ],
)
def test_quirk_values(text: str, value: object) -> None:
    node, _ = parsed(text)
    assert to_python(node) == value


def test_nested_duplicate_keeps_last_value_at_first_position() -> None:
    node, _ = parsed("a={b=1,c=2,b=3}")
    inner = node.get("a") if isinstance(node, Mapping) else None
    assert isinstance(inner, Mapping)
    assert [e.name for e in inner.entries] == ["b", "c"]
    entry = inner.entry("b")
    assert entry is not None
    assert entry.key.span.start == 11
    assert isinstance(entry.value, Scalar) and entry.value.value == "3"


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("a=[b", "Expected: ',', received: 'EOF'", "The `[` at 1:3 is never closed: add `]`"),
        ("a=b,", "Expected: '<second>', received: '<none>'", "Remove the trailing `,`"),
        ("a='x", "Expected: '<singled quoted>', received: '<none>'", "The `'` at 1:3 is never closed"),
        ("a=b,a=c", "Second instance of key `a` encountered", "Separate list items"),
        ("a=\n\x1c", "Expected: ',', received: '\\x1c'", "A `,` must come between"),
    ],
)
def test_messages(text: str, message: str, hint: str | None) -> None:
    _, findings = parse_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    (finding,) = findings
    assert finding.message == message
    if hint is None:
        assert finding.hint is None
    else:
        assert finding.hint is not None and finding.hint.startswith(hint)


def test_error_span_is_one_character_or_end() -> None:
    _, findings = parse_shorthand("a=b c]", Source("a=b c]", "v"), OffsetMap.linear(0, 6))
    assert (findings[0].span.start, findings[0].span.end) == (5, 6)
    _, findings = parse_shorthand("a=[b", Source("a=[b", "v"), OffsetMap.linear(0, 4))
    assert (findings[0].span.start, findings[0].span.end) == (4, 4)


def test_word_characters_match_cli_patterns() -> None:
    first = ShorthandParser._FIRST_VALUE.regex
    second = ShorthandParser._SECOND_VALUE.regex
    code_points = [*range(0x3000), *range(0x3000, 0x110000, 97), 0xFFFF, 0x10000, 0x1F600]
    for code in code_points:
        c = chr(code)
        assert shorthand._starts_word(c) == bool(first.fullmatch(c)), hex(code)
        assert shorthand._continues_first(c) == bool(first.fullmatch("a" + c)), hex(code)
        assert shorthand._continues_later(c) == bool(second.fullmatch("a" + c)), hex(code)


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    depth = 100_000
    text = "a=" + "{a=" * depth + "x" + "}" * depth
    with pytest.raises(RecursionError):
        ShorthandParser().parse(text)
    node, findings = parse_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    assert node is None
    (finding,) = findings
    assert finding.message.startswith("Nesting too deep")
    # At the first bracket beyond the limit.
    assert finding.span.start == 2 + 3 * MAX_NESTING


@pytest.mark.parametrize("opening", ["{a=", "["])
def test_nesting_within_the_limit(opening: str) -> None:
    depth = MAX_NESTING
    closing = "}" if opening == "{a=" else "]"
    text = "a=" + opening * depth + "x" + closing * depth
    node, _ = parsed(text)
    value = to_python(node)
    for _ in range(depth + 1):
        value = value["a"] if isinstance(value, dict) else value[0]  # type: ignore[index]
    assert value == "x"
    # The CLI manages this depth from a shallow stack like the test's.
    if sys.getrecursionlimit() >= 1000:
        assert_agrees("a=" + opening * 400 + "x" + closing * 400)


def test_paramfile_values_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("from the file", encoding="utf-8")
    text = f"a@=file://{path},b=file://{path},c@=[{{d=file://{path}}},file://{path}],e@=[fileb://{path}]"
    result = read_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    assert result.node is not None and result.findings == []
    value = to_python(result.node)
    assert value == {
        "a": f"file://{path}",
        "b": f"file://{path}",
        "c": [{"d": f"file://{path}"}, f"file://{path}"],
        "e": [f"fileb://{path}"],
    }
    # Where the CLI reads a file, we have recorded the value.
    expected = ShorthandParser().parse(text)
    assert expected["a"] == "from the file"
    assert expected["b"] == f"file://{path}"
    # The nested key `d` turned the flag off for the rest of the list, as in the CLI.
    assert expected["c"] == [{"d": f"file://{path}"}, f"file://{path}"]
    assert expected["e"] == [b"from the file"]
    recorded = [(s.value, s.span.start) for s in result.paramfile_values]
    assert recorded == [
        (f"file://{path}", 3),
        (f"fileb://{path}", text.index("fileb://")),
    ]


def test_paramfile_dropped_when_list_item_is_given_back() -> None:
    # `file://p` turns out to be the next key, so the CLI never reads it as a value.
    text = "a@=x,file://p=y"
    result = read_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    assert result.node is not None and to_python(result.node) == {"a": "x", "file://p": "y"}
    assert result.paramfile_values == ()
    text = "a@=x,file://p,b=y"
    result = read_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    assert [s.value for s in result.paramfile_values] == ["file://p"]


def test_spans_of_keys_and_values() -> None:
    text = "DeviceName = /dev/xvda  ,Ebs={SnapshotId='snap-1' , VolumeSize= 8 },X=[a\\,b ,'c\\'d']"
    node, source = parsed(text)
    assert_spans_round_trip(node, source)
    got = {path: source.slice(n.span) for path, n in walk(node) if isinstance(n, Scalar) and path}
    assert got == {
        ("DeviceName",): "/dev/xvda",
        ("Ebs", "SnapshotId"): "'snap-1'",
        ("Ebs", "VolumeSize"): "8",
        ("X", 0): "a\\,b",
        ("X", 1): "'c\\'d'",
    }
    assert source.slice(node.span) == text
    ebs = node.get("Ebs") if isinstance(node, Mapping) else None
    assert ebs is not None and source.slice(ebs.span) == text[text.index("{") : text.index("}") + 1]
    x = node.get("X") if isinstance(node, Mapping) else None
    assert isinstance(x, Scalar | Sequence) and source.slice(x.span) == "[a\\,b ,'c\\'d']"


def test_span_of_comma_list() -> None:
    node, source = parsed("a= b , 'c' ,d ,e=f")
    value = node.get("a") if isinstance(node, Mapping) else None
    assert isinstance(value, Sequence)
    assert source.slice(value.span) == "b , 'c' ,d"


def test_empty_values_have_a_position() -> None:
    node, _ = parsed("a=,b=[ ,x],d= ")
    assert isinstance(node, Mapping)
    spans = [n.span for _, n in walk(node) if isinstance(n, Scalar) and n.value == ""]
    assert [(s.start, s.end) for s in spans] == [(2, 2), (7, 7), (14, 14)]
    for _, n in walk(node):
        if isinstance(n, Scalar) and n.value == "":
            assert n.inner_span(0, 0) == n.span


def test_inner_span_through_escapes() -> None:
    text = "a='x\\'y\\\\z',b=p\\,q"
    node, source = parsed(text)
    a = node.get("a") if isinstance(node, Mapping) else None
    assert isinstance(a, Scalar) and a.value == "x'y\\z"
    assert source.slice(a.inner_span(1, 2)) == "\\'"
    assert source.slice(a.inner_span(3, 4)) == "\\\\"
    assert source.slice(a.inner_span(0, 5)) == "x\\'y\\\\z"
    b = node.get("b") if isinstance(node, Mapping) else None
    assert isinstance(b, Scalar) and b.value == "p,q"
    assert source.slice(b.inner_span(1, 3)) == "\\,q"


def _double_quoted_word(text: str, start: int) -> tuple[str, OffsetMap, int]:
    """Decode a shell `"..."` word at `start`: what the shell lexer will hand us."""
    assert text[start] == '"'
    decoded: list[str] = []
    mapping = OffsetMap()
    i = start + 1
    while text[i] != '"':
        if text[i] == "\\" and text[i + 1] == "\n":
            i += 2
        elif text[i] == "\\" and text[i + 1] in '"\\$`':
            decoded.append(text[i + 1])
            mapping.add_atom(i, 2)
            i += 2
        else:
            decoded.append(text[i])
            mapping.add_literal(i, 1)
            i += 1
    return "".join(decoded), mapping, i + 1


SCRIPT = (
    "#!/bin/sh\n"
    "aws ec2 register-image --name x \\\n"
    '  --block-device-mappings "DeviceName=/dev/sda1,\\\n'
    "Ebs={Snapshot\\\n"
    'Id=snap-1,VolumeSize=8,Tag=\\"q\\\\\\"r\\"}" \\\n'
    "  --root-device-name /dev/sda1\n"
)


def test_value_inside_continued_shell_word() -> None:
    source = Source(SCRIPT, "register.sh")
    word, outer, _ = _double_quoted_word(SCRIPT, SCRIPT.index('"'))
    assert word == 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-1,VolumeSize=8,Tag="q\\"r"}'
    node, findings = parse_shorthand(word, source, outer)
    assert findings == []
    assert node is not None
    assert to_python(node) == ShorthandParser().parse(word)
    nodes = dict(walk(node))

    def at(path: tuple[str, ...]) -> tuple[int, int, str]:
        found = nodes[path]
        pos = source.position(found.span.start)
        return pos.line, pos.column, source.slice(found.span)

    assert at(("DeviceName",)) == (3, 39, "/dev/sda1")
    assert at(("Ebs", "VolumeSize")) == (5, 22, "8")
    assert at(("Ebs", "Tag")) == (5, 28, '\\"q\\\\\\"r\\"')
    ebs = node.entry("Ebs") if isinstance(node, Mapping) else None
    assert ebs is not None
    assert (source.position(ebs.key.span.start).line, source.slice(ebs.key.span)) == (4, "Ebs")
    snapshot = nodes[("Ebs",)]
    assert isinstance(snapshot, Mapping)
    key = snapshot.entries[0].key
    # A key continued over two lines covers both, and each character maps home.
    assert source.slice(key.span) == "Snapshot\\\nId"
    assert source.position(key.inner_span(8, 9).start) == source.position(SCRIPT.index("Id="))
    # One decoded character of the quoted value, through both layers of escaping.
    tag = nodes[("Ebs", "Tag")]
    assert isinstance(tag, Scalar) and tag.value == 'q"r'
    assert source.slice(tag.inner_span(1, 2)) == '\\\\\\"'


def test_error_inside_continued_shell_word() -> None:
    script = 'aws ec2 register-image --block-device-mappings "DeviceName=a,\\\n  Ebs={X=1" \n'
    source = Source(script, "register.sh")
    word, outer, _ = _double_quoted_word(script, script.index('"'))
    node, findings = parse_shorthand(word, source, outer)
    assert node is None
    (finding,) = findings
    assert finding.message == "Expected: ',', received: 'EOF'"
    assert cli(word)[1] == len(word)
    # The end of the value: just after the `1`, on the second line.
    pos = source.position(finding.span.start)
    assert (pos.line, pos.column) == (2, 11)
    assert source.slice(finding.span) == ""


def test_duplicate_key_inside_shell_word_points_past_the_comma() -> None:
    script = "x  'a=b,\ta=c'"
    source = Source(script, "s")
    word = script[4:-1]
    node, findings = parse_shorthand(word, source, OffsetMap.linear(4, len(word)))
    assert node is None
    assert findings[0].span.start == 4 + cli(word)[1]  # type: ignore[operator]
    assert source.slice(findings[0].span) == "\t"


def test_value_at_an_offset() -> None:
    prefix = "--tag-specifications "
    value = "ResourceType=image,Tags=[{Key=Name,Value='my image'}]"
    source = Source(prefix + value + "\n", "cmd")
    node, findings = parse_shorthand(value, source, OffsetMap.linear(len(prefix), len(value)))
    assert findings == []
    assert node is not None
    assert_spans_round_trip(node, source)
    tags = dict(walk(node))[("Tags", 0, "Value")]
    assert source.slice(tags.span) == "'my image'"
    assert tags.span.start == len(prefix) + value.index("'")


KEYS = st.sampled_from(["a", "b", "Key", "Ebs", "", "x-y", "d.e", "#/:", "ab_"])
SPACE = st.sampled_from(["", "", "", "", " ", "  ", "\t", "\n", "\u00a0", " \n "])
ASSIGN = st.sampled_from(["=", "=", "=", "=", "=", " = ", "@=", " @ =", "@"])
TRAILING = st.sampled_from(["", "", ","])
SEPARATOR = st.sampled_from([",", ",", ", ", " ,", ",\n"])
SAFE_PIECES = [*"abcXYZ019-_./: ", "snap-0123", "/dev/xvda", "gp3", "é"]
ODD_PIECES = [*"!#$%&()*+;<>?@^`|~]}[{=", "\\", "\\,", "\t", "\u00a0", "\x1c", "\U0001f600"]
QUOTED_PIECES = [*"ab ,=[]{}é\n\"'", "\\", "\\\\", "\\'", '\\"', "xyz", "\U0001f600", "\\\\'"]


# Strategies are built once, at import: hypothesis is slow to build them per example.
def _grammar(
    word_pieces: list[str],
    quoted_pieces: list[str],
    space: st.SearchStrategy[str],
    assign: st.SearchStrategy[str],
    keys: st.SearchStrategy[str],
) -> st.SearchStrategy[str]:
    """Shorthand strings shaped like the CLI's grammar, from the pieces given."""
    words = st.lists(st.sampled_from(word_pieces), max_size=6).map("".join)
    quoted = st.tuples(
        st.sampled_from("'\""),
        st.lists(st.sampled_from(quoted_pieces), max_size=6).map("".join),
        st.sampled_from([True, True, True, True, False] if "\\" in quoted_pieces else [True]),
    ).map(lambda t: t[0] + t[1] + (t[0] if t[2] else ""))
    strings = st.one_of(words, words, quoted)

    def spaced(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(space, inner, space).map("".join)

    def bracketed(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        a_list = st.tuples(space, st.lists(spaced(children), max_size=4), TRAILING).map(
            lambda t: "[" + t[0] + ",".join(t[1]) + t[2] + "]"
        )
        pair = st.tuples(keys, assign, children, space).map("".join)
        a_hash = st.tuples(space, st.lists(pair, max_size=4), TRAILING).map(
            lambda t: "{" + t[0] + ",".join(t[1]) + t[2] + "}"
        )
        return st.one_of(a_list, a_hash)

    nested = st.recursive(strings, bracketed, max_leaves=8)
    comma_list = st.lists(spaced(strings), min_size=2, max_size=4).map(",".join)
    top_values = st.one_of(nested, comma_list, comma_list, strings)
    return st.lists(
        st.tuples(SEPARATOR, st.tuples(keys, assign, top_values).map("".join)),
        min_size=1,
        max_size=4,
    ).map(lambda items: items[0][1] + "".join(sep + pair for sep, pair in items[1:]))


# Anything the grammar allows and much it does not: odd characters, open quotes.
STRUCTURED = _grammar(SAFE_PIECES * 5 + ODD_PIECES, QUOTED_PIECES, SPACE, ASSIGN, KEYS)
# Mostly valid: for comparing values rather than errors.
CLEAN = _grammar(
    [*SAFE_PIECES, "\\,", "=", "]"],
    [*'ab ,=[]{}é"', "\\'"],
    st.sampled_from(["", "", " ", "\n"]),
    st.sampled_from(["=", "=", "@="]),
    st.sampled_from(["a", "b", "c", "Key", "Value", "Ebs", "d.e", "/:#"]),
)
MUTATION_CHARS = st.sampled_from([*"=,{}[]'\"\\ @", "\t", "\n", "a", "\u00a0"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.one_of(CLEAN, STRUCTURED))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if text and draw(st.booleans()):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(MUTATION_CHARS) + text[at:]
    return text


RANDOM = st.text(alphabet=st.sampled_from([*"ab=,{}[]'\"\\ @\t\n:é"]), max_size=14)


def _no_files(text: str) -> bool:
    # A `@=` value that starts with file:// makes the CLI open a file.
    return "file" not in text


@settings(
    max_examples=ORACLE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.one_of(CLEAN, STRUCTURED, mutated(), mutated(), RANDOM))
def test_agrees_with_cli(text: str) -> None:
    assume(_no_files(text))
    expected = cli(text)
    event("accepted" if expected[0] == "ok" else "rejected")
    assert ours(text) == expected, text
    if expected[0] == "ok":
        node, source = parsed(text)
        assert_spans_round_trip(node, source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(CLEAN, STRUCTURED), st.integers(0, 5), st.sampled_from(["", "x = ", "\n\n"]))
def test_spans_at_an_offset(text: str, pad: int, prefix: str) -> None:
    assume(_no_files(text))
    head = prefix + " " * pad
    source = Source(head + text + "\n", "embedded")
    node, findings = parse_shorthand(text, source, OffsetMap.linear(len(head), len(text)))
    expected = cli(text)
    if expected[0] == "ok":
        assert node is not None
        assert_spans_round_trip(node, source)
    else:
        assert findings[0].span.start == len(head) + expected[1]  # type: ignore[operator]


@settings(max_examples=200, deadline=None)
@given(STRUCTURED)
def test_errors_point_into_the_text(text: str) -> None:
    assume(_no_files(text))
    _, findings = parse_shorthand(text, Source(text, "v"), OffsetMap.linear(0, len(text)))
    for finding in findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
        assert re.fullmatch(r"[^\n]+", finding.message)


SCHEMA = load_schema()
MAPPINGS = SCHEMA["properties"]["BlockDeviceMappings"]


_SHAPE_TYPES = {"object": "structure", "array": "list"}


class _Shape:
    """Enough of a botocore shape for the CLI's `BackCompatVisitor`, built from our schema."""

    def __init__(self, schema: dict[str, object]) -> None:
        kind = str(schema["type"])
        self.type_name = _SHAPE_TYPES.get(kind, kind)
        properties = schema.get("properties", {})
        assert isinstance(properties, dict)
        self.members = {name: _Shape(sub) for name, sub in properties.items()}
        items = schema.get("items")
        self.member = _Shape(items) if isinstance(items, dict) else None


def cli_typed(words: list[str], schema: dict[str, object]) -> object:
    parsed = [ShorthandParser().parse(word) for word in words]
    BackCompatVisitor().visit(parsed, _Shape(schema))
    return parsed


def ours_typed(words: list[str], schema: dict[str, object]) -> Node:
    nodes: list[Node] = []
    for word in words:
        node, findings = parse_shorthand(word, Source(word, "w"), OffsetMap.linear(0, len(word)))
        assert node is not None, findings
        nodes.append(node)
    source = nodes[0].source
    return convert(Sequence(source, nodes[0].span, tuple(nodes)), schema)


def _mistyped(value: object, schema: dict[str, object]) -> bool:
    """Whether a value holds something the schema check reports as AMI103."""
    kind = schema.get("type")
    if kind == "integer":
        return not isinstance(value, int) or isinstance(value, bool)
    if kind == "boolean":
        return not isinstance(value, bool)
    if kind == "object" and isinstance(value, dict):
        properties = schema["properties"]
        assert isinstance(properties, dict)
        return any(_mistyped(v, properties[k]) for k, v in value.items() if k in properties)
    if kind == "array" and isinstance(value, list):
        items = schema["items"]
        assert isinstance(items, dict)
        return any(_mistyped(v, items) for v in value)
    return False


@pytest.mark.parametrize(
    ("word", "ebs"),
    [
        (
            "Ebs={VolumeSize=8,Iops=-5,Throughput= 125 }",
            {"VolumeSize": 8, "Iops": -5, "Throughput": 125},
        ),
        ("Ebs={VolumeSize=1_000}", {"VolumeSize": 1000}),
        (
            "Ebs={Encrypted=TRUE,DeleteOnTermination=False}",
            {"Encrypted": True, "DeleteOnTermination": False},
        ),
        ("Ebs={Encrypted=yes}", {"Encrypted": "yes"}),
        (
            "Ebs={VolumeSize=1.5,Iops=0x10,Throughput=abc}",
            {"VolumeSize": "1.5", "Iops": "0x10", "Throughput": "abc"},
        ),
        ("Ebs={VolumeSize=[8]}", {"VolumeSize": ["8"]}),
        ("Ebs={Bogus=8,VolumeSize='8'}", {"Bogus": "8", "VolumeSize": 8}),
    ],
)
def test_types(word: str, ebs: dict[str, object]) -> None:
    typed = to_python(ours_typed([word], MAPPINGS))
    assert typed == [{"Ebs": ebs}]


def test_scalar_promoted_to_list_is_not_typed() -> None:
    schema = SCHEMA["properties"]["TagSpecifications"]
    word = "ResourceType=image,Tags={Key=a,Value=b}"
    assert to_python(ours_typed([word], schema)) == cli_typed([word], schema)
    node = ours_typed([word], schema)
    tags = dict(walk(node))[(0, "Tags")]
    assert isinstance(tags, Sequence) and tags.span == tags.items[0].span


def test_typed_values_keep_their_spans() -> None:
    word = "DeviceName=/dev/sda1,Ebs={VolumeSize= 8 ,Encrypted='true'}"
    node = ours_typed([word], MAPPINGS)
    size = dict(walk(node))[(0, "Ebs", "VolumeSize")]
    encrypted = dict(walk(node))[(0, "Ebs", "Encrypted")]
    assert isinstance(size, Scalar) and size.value == 8
    assert word[size.span.start : size.span.end] == "8"
    assert isinstance(encrypted, Scalar) and encrypted.value is True
    assert word[encrypted.span.start : encrypted.span.end] == "'true'"


TYPED_VALUES = st.sampled_from(
    [
        "8",
        " 8 ",
        "-5",
        "+3",
        "1_000",
        "1.5",
        "0x10",
        "abc",
        "''",
        "true",
        "TRUE",
        "False",
        "yes",
        "[1,2]",
        "{a=b}",
        "'7'",
        "٣",
        "1e3",
        "nan",
        "2 3",
    ]
)
EBS_KEYS = st.sampled_from(["VolumeSize", "Iops", "Encrypted", "DeleteOnTermination", "SnapshotId", "X"])
BDM_WORDS = st.lists(
    st.tuples(EBS_KEYS, TYPED_VALUES).map(lambda kv: kv[0] + "=" + kv[1]),
    min_size=1,
    max_size=4,
    unique_by=lambda s: s.split("=")[0],
).map(lambda pairs: "DeviceName=/dev/xvda,Ebs={" + ",".join(pairs) + "}")


@settings(max_examples=300, deadline=None)
@given(st.lists(BDM_WORDS, min_size=1, max_size=3))
def test_types_agree_with_cli(words: list[str]) -> None:
    typed = to_python(ours_typed(words, MAPPINGS))
    try:
        expected = cli_typed(words, MAPPINGS)
    except (ValueError, TypeError, AttributeError):
        # The CLI gives up on the value; we leave it for the schema check.
        assert _mistyped(typed, MAPPINGS)
        return
    assert typed == expected
