"""The YAML reader, checked against ruamel.yaml's safe loader (what the CLI v2 uses)."""

from __future__ import annotations

import io
import math
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ami_lint.nodes import Mapping, Node, Scalar, Sequence, to_python, walk
from ami_lint.readers import ReadResult
from ami_lint.readers.yaml_reader import MAX_DEPTH, read_yaml
from ami_lint.source import Source


def load(text: str) -> object:
    """The oracle: what the AWS CLI v2 gets from `--cli-input-yaml`."""
    return YAML(typ="safe", pure=True).load(text)


def read(text: str, **kwargs: int) -> tuple[Source, ReadResult]:
    source = Source.from_text(text, "request.yaml")
    return source, read_yaml(source, **kwargs)


def only(text: str) -> tuple[Source, Node]:
    source, result = read(text)
    assert result.findings == []
    assert not result.failed
    assert len(result.documents) == 1
    return source, result.documents[0]


def at(node: Node, *path: str | int) -> Node:
    for step in path:
        if isinstance(node, Mapping):
            assert isinstance(step, str)
            found = node.get(step)
            assert found is not None, step
            node = found
        else:
            assert isinstance(node, Sequence) and isinstance(step, int)
            node = node.items[step]
    return node


def key(node: Node, *path: str | int) -> Scalar:
    parent = at(node, *path[:-1])
    assert isinstance(parent, Mapping)
    name = path[-1]
    assert isinstance(name, str)
    entry = parent.entry(name)
    assert entry is not None
    return entry.key


def where(source: Source, offset: int) -> tuple[int, int]:
    position = source.position(offset)
    return position.line, position.column


def located(source: Source, result: ReadResult) -> list[tuple[int, int, str, str]]:
    return [(*where(source, f.span.start), f.rule, f.message) for f in result.findings]


# -- spans -------------------------------------------------------------------------


SPAN_DOC = """\
plain: value here
single: 'it''s'
double: "tab\\there \\u00e9"
flow_map: {a: 1, 'b': [x, "y"]}
flow_seq: [1, [2, 3], {k: v}]
literal: |
  line one
    indented

folded: >-
  folded
  text

multi: first
  second line
   third
block_seq:
  - one
  - two: 2
    three: 3
indentless:
- a
- b
empty:
anchored: &anchor !!str 42
aliased: *anchor
end: last
"""


@pytest.mark.parametrize(
    ("path", "written"),
    [
        (("plain",), "value here"),
        (("single",), "'it''s'"),
        (("double",), '"tab\\there \\u00e9"'),
        (("flow_map",), "{a: 1, 'b': [x, \"y\"]}"),
        (("flow_map", "b"), '[x, "y"]'),
        (("flow_map", "b", 1), '"y"'),
        (("flow_seq",), "[1, [2, 3], {k: v}]"),
        (("flow_seq", 1), "[2, 3]"),
        (("flow_seq", 2), "{k: v}"),
        (("flow_seq", 2, "k"), "v"),
        (("literal",), "|\n  line one\n    indented"),
        (("folded",), ">-\n  folded\n  text"),
        (("multi",), "first\n  second line\n   third"),
        (("block_seq",), "- one\n  - two: 2\n    three: 3"),
        (("block_seq", 1), "two: 2\n    three: 3"),
        (("block_seq", 1, "three"), "3"),
        (("indentless",), "- a\n- b"),
        (("indentless", 1), "b"),
        (("empty",), ""),
        (("anchored",), "42"),
        (("aliased",), "42"),
        (("end",), "last"),
    ],
)
def test_value_span_is_the_token_as_written(path: tuple[str | int, ...], written: str) -> None:
    source, doc = only(SPAN_DOC)
    assert source.slice(at(doc, *path).span) == written


def test_key_spans_and_plain_flags() -> None:
    source, doc = only(SPAN_DOC)
    for name in ("plain", "single", "literal", "block_seq", "end"):
        k = key(doc, name)
        assert source.slice(k.span) == name
        assert k.plain
    assert source.slice(key(doc, "flow_map", "b").span) == "'b'"
    assert not key(doc, "flow_map", "b").plain
    assert at(doc, "plain").plain is True  # type: ignore[attr-defined]
    assert at(doc, "single").plain is False  # type: ignore[attr-defined]
    assert at(doc, "literal").plain is False  # type: ignore[attr-defined]
    assert at(doc, "empty").plain is True  # type: ignore[attr-defined]


def test_quoted_keys() -> None:
    source, doc = only("'single key': 1\n\"double\\tkey\": 2\n? explicit\n: 3\n")
    assert isinstance(doc, Mapping)
    assert [source.slice(e.key.span) for e in doc.entries] == [
        "'single key'",
        '"double\\tkey"',
        "explicit",
    ]
    assert doc.keys() == ["single key", "double\tkey", "explicit"]


def test_root_spans_exclude_trailing_comments_and_blank_lines() -> None:
    source, doc = only("# head\na: 1\nb:\n  - x\n  # trailing comment\n\n")
    assert source.slice(doc.span) == "a: 1\nb:\n  - x"
    assert source.slice(at(doc, "b").span) == "- x"


def test_empty_value_sits_after_its_indicator() -> None:
    source, doc = only("a:\nb: [x, ]\nc:\n- \n- y\n")
    assert doc.span.start == 0
    assert where(source, at(doc, "a").span.start) == (1, 3)
    assert where(source, at(doc, "c", 0).span.start) == (4, 2)
    assert at(doc, "a").span.start == at(doc, "a").span.end


def test_whole_collection_spans_with_properties() -> None:
    source, doc = only("a: &m\n  k: v\nb: !!seq\n- 1\nc: &f [1]\n")
    assert source.slice(at(doc, "a").span) == "k: v"
    assert source.slice(at(doc, "b").span) == "- 1"
    assert source.slice(at(doc, "c").span) == "[1]"


# -- offset maps inside scalars ----------------------------------------------------


def written_chars(source: Source, scalar: Scalar) -> list[str]:
    assert isinstance(scalar.value, str)
    return [source.slice(scalar.inner_span(i, i + 1)) for i in range(len(scalar.value))]


def test_text_map_single_quoted() -> None:
    source, doc = only("a: 'it''s ok'\n")
    scalar = at(doc, "a")
    assert isinstance(scalar, Scalar)
    assert scalar.value == "it's ok"
    assert written_chars(source, scalar) == ["i", "t", "''", "s", " ", "o", "k"]
    assert source.slice(scalar.inner_span(3, 7)) == "s ok"


def test_text_map_double_quoted_escapes_are_atoms() -> None:
    source, doc = only('a: "x\\ty\\u00e9\\\\z\\x41\\U0001F600!"\n')
    scalar = at(doc, "a")
    assert isinstance(scalar, Scalar)
    assert scalar.value == "x\ty\u00e9\\zA\U0001f600!"
    assert written_chars(source, scalar) == [
        "x",
        "\\t",
        "y",
        "\\u00e9",
        "\\\\",
        "z",
        "\\x41",
        "\\U0001F600",
        "!",
    ]


def test_text_map_plain_single_line_is_linear() -> None:
    source, doc = only("name: my image (v2)\n")
    scalar = at(doc, "name")
    assert isinstance(scalar, Scalar)
    assert written_chars(source, scalar) == list("my image (v2)")


def test_text_map_multi_line_scalars_map_every_written_character() -> None:
    text = (
        "plain: one\n  two\n\n  three\n"
        'quoted: "a\n  b \\\n  c"\n'
        "literal: |\n  l1\n    l2\n"
        "folded: >\n  f1\n  f2\n\n  f3\n"
    )
    source, doc = only(text)
    for name in ("plain", "quoted", "literal", "folded"):
        scalar = at(doc, name)
        assert isinstance(scalar, Scalar) and isinstance(scalar.value, str)
        assert scalar.text_map is not None
        for i, ch in enumerate(scalar.value):
            written = source.slice(scalar.inner_span(i, i + 1))
            if ch.strip():
                assert written == ch, (name, i)
            else:
                # Folded whitespace maps to the run it came from.
                assert written.strip(" \t\r\n\\") == "", (name, i, written)


# -- positions ---------------------------------------------------------------------


def test_positions_with_crlf() -> None:
    source, doc = only("Name: img\r\nDescription: |\r\n  two\r\n  lines\r\nArchitecture: x86_64\r\n")
    assert where(source, at(doc, "Architecture").span.start) == (5, 15)
    literal = at(doc, "Description")
    assert isinstance(literal, Scalar)
    assert literal.value == "two\nlines\n"
    assert source.slice(literal.span) == "|\r\n  two\r\n  lines"
    assert where(source, literal.inner_span(4, 9).start) == (4, 3)


def test_positions_with_tabs_in_flow_context() -> None:
    source, doc = only("Tags: {Key:\tName,\tValue: [a,\tb]}\n")
    assert where(source, at(doc, "Tags", "Value", 1).span.start) == (1, 30)
    assert where(source, key(doc, "Tags", "Value").span.start) == (1, 19)


def test_positions_after_non_ascii_text() -> None:
    source, doc = only('Description: "d\u00e9j\u00e0 vu \U0001f600"\nName: x\u00e9\nImageLocation: here\n')
    assert where(source, at(doc, "ImageLocation").span.start) == (3, 16)
    name = at(doc, "Name")
    assert isinstance(name, Scalar)
    assert where(source, name.inner_span(1, 2).start) == (2, 8)
    description = at(doc, "Description")
    assert isinstance(description, Scalar)
    assert where(source, description.inner_span(8, 9).start) == (1, 23)


def test_positions_after_a_bom() -> None:
    source, doc = only("\ufeffName: x\nArchitecture: arm64\n")
    assert source.had_bom
    assert where(source, at(doc, "Architecture").span.start) == (2, 15)
    assert where(source, key(doc, "Name").span.start) == (1, 1)


# -- values ------------------------------------------------------------------------


VALUE_DOCS = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: ON\n",
    "a: true\nb: false\nc: True\nd: FALSE\ne: TRUE\n",
    "a: 0o17\nb: 0x1F\nc: 017\nd: 1_000\ne: 0b101\nf: -0\ng: +12\nh: 09\ni: 0o8\n",
    "a: .inf\nb: -.Inf\nc: 1e3\nd: 1.5\ne: 0.\nf: 1_0.5\ng: 6.02e+23\n",
    "a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: ''\n",
    "a: 1:20\nb: 2024-1-1x\nc: 12:30:45\n",
    "a: !!str 12\nb: !!int '12'\nc: !!float 3\nd: !!bool yes\ne: !!null ''\nf: ! 12\n",
    "a: !<tag:yaml.org,2002:str> 1\n",
    "%YAML 1.1\n---\na: yes\nb: 017\nc: 1:20\nd: on\n",
    "base: &b {x: 1, y: 2}\nover: &o {y: 3, z: 4}\nm:\n  <<: [*b, *o]\n  x: 9\nn: {<<: *b, y: 7}\n",
    "<<: {x: 1}\na: 1\na: 2\n",
    "a: &a [1, {b: &b two}]\nc: *a\nd: [*b, *b]\n",
    "- 'single ''quoted'''\n- \"double \\\"quoted\\\" \\x41\"\n- plain # comment\n",
    "a: >\n  folded\n  text\n\n  para\n    more indented\nb: |+\n  keep\n\nc: |-\n  strip\n",
    "a: \"multi\n  line \\\n  esc\"\nb: 'multi\n\n  line'\nc: plain\n  multi  \n  line\n",
    "=: 1\n'<<': 2\n",
    "? explicit key\n: value\n? empty\n",
    "{flow: [1, 2, {x: y}], other: {}}\n",
    "[]\n",
    "plain scalar document\n",
    "--- |\n  literal document\n",
]


@pytest.mark.parametrize("text", VALUE_DOCS)
def test_values_equal_the_safe_loader(text: str) -> None:
    _, doc = only(text)
    assert to_python(doc) == load(text)


def test_yaml_1_1_booleans_are_strings() -> None:
    _, doc = only("EnaSupport: yes\nSriovNetSupport: on\nA: y\nB: off\n")
    assert to_python(doc) == {"EnaSupport": "yes", "SriovNetSupport": "on", "A": "y", "B": "off"}


def test_special_floats() -> None:
    _, doc = only("a: .nan\nb: .inf\nc: -.INF\n")
    value = to_python(doc)
    assert isinstance(value, dict)
    assert math.isnan(value["a"])
    assert value["b"] == math.inf and value["c"] == -math.inf


def test_timestamps_stay_strings() -> None:
    # The loader makes a date; the request model wants what was written.
    text = "a: 2024-01-01\nb: 2001-12-14t21:59:43.10-05:00\nc: !!timestamp 2024-02-03\n"
    loaded = load(text)
    assert isinstance(loaded, dict)
    assert [type(v).__name__ for v in loaded.values()] == ["date", "datetime", "date"]
    _, doc = only(text)
    assert to_python(doc) == {
        "a": "2024-01-01",
        "b": "2001-12-14t21:59:43.10-05:00",
        "c": "2024-02-03",
    }


def test_impossible_date_fails_as_in_the_loader() -> None:
    text = "a: 2024-13-45\n"
    with pytest.raises(ValueError):
        load(text)
    source, result = read(text)
    assert located(source, result) == [
        (
            1,
            4,
            "AMI002",
            "`2024-13-45` looks like a timestamp but is not one: the CLI's YAML loader fails on it",
        )
    ]


def test_explicit_tag_with_bad_value() -> None:
    source, result = read("a: !!int x\nb: !!bool maybe\n")
    assert [(line, col) for line, col, _, _ in located(source, result)] == [(1, 4), (2, 4)]
    assert result.findings[0].message == "`x` is not a valid `!!int`: the CLI's YAML loader fails on it"


def test_merge_key_values_keep_their_written_spans() -> None:
    source, doc = only("base: &b\n  Iops: 3000\nm:\n  <<: *b\n  Size: 8\n")
    assert to_python(doc) == {"base": {"Iops": 3000}, "m": {"Iops": 3000, "Size": 8}}
    assert where(source, at(doc, "m", "Iops").span.start) == (2, 9)
    assert at(doc, "m", "Iops") is at(doc, "base", "Iops")


def test_duplicate_merge_key_and_bad_merge_values() -> None:
    source, result = read("a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\nc:\n  <<: 1\nd:\n  <<: [1]\n")
    assert [(line, col) for line, col, _, _ in located(source, result)] == [(4, 3), (6, 7), (8, 8)]


def test_aliases_reuse_the_anchored_node() -> None:
    source, doc = only("a: &x {k: v}\nb: *x\nc: &s text\nd: *s\n")
    assert at(doc, "b") is at(doc, "a")
    assert at(doc, "d") is at(doc, "c")
    assert source.slice(at(doc, "d").span) == "text"


def test_values_are_our_types_only() -> None:
    _, doc = only(SPAN_DOC + "t: 2024-01-01\nb: !!binary aGVsbG8=\nf: 1.5\n")
    for _, node in walk(doc):
        assert type(node) in (Mapping, Sequence, Scalar)
        if isinstance(node, Scalar):
            assert type(node.value) in (str, int, float, bool, type(None))
        if isinstance(node, Mapping):
            for entry in node.entries:
                assert type(entry.key) is Scalar


def test_empty_and_comment_only_files() -> None:
    for text in ("", "# just a comment\n", "\n\n   \n", "\ufeff# bom and comment\n"):
        _, result = read(text)
        assert result.documents == []
        assert result.findings == []
        assert not result.failed


def test_every_document_is_returned() -> None:
    source, result = read("--- {Name: a}\n--- [b]\n...\n---\n")
    assert result.findings == []
    assert [to_python(d) for d in result.documents] == [{"Name": "a"}, ["b"], None]
    assert source.slice(result.documents[1].span) == "[b]"


def test_anchors_do_not_cross_documents() -> None:
    source, result = read("--- &a x\n--- *a\n")
    assert result.failed
    assert located(source, result) == [(2, 5, "AMI002", "Found undefined alias `a`")]


# -- hypothesis: whatever ruamel dumps, we read as ruamel loads --------------------


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=json_like,
    flow=st.sampled_from([True, False, None]),
    style=st.sampled_from([None, None, '"', "'", "|", ">"]),
    width=st.sampled_from([20, 80, 4096]),
    unicode=st.booleans(),
    explicit_start=st.booleans(),
)
def test_reads_what_ruamel_dumps(
    data: object,
    flow: bool | None,
    style: str | None,
    width: int,
    unicode: bool,
    explicit_start: bool,
) -> None:
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.default_style = style  # type: ignore[assignment]
    dumper.width = width
    dumper.allow_unicode = unicode
    dumper.explicit_start = explicit_start
    stream = io.StringIO()
    try:
        dumper.dump(data, stream)
    except YAMLError:
        # ruamel's emitter refuses some of what it is asked (a control
        # character in a folded scalar): there is nothing to read.
        reject()
    text = stream.getvalue()
    source, result = read(text)
    try:
        expected = load(text)
    except YAMLError:
        # ruamel writes some control characters raw in block scalars, then cannot read them.
        assert result.failed
        assert len(result.findings) == 1
        return
    assert result.findings == [], text
    assert len(result.documents) == 1
    assert to_python(result.documents[0]) == expected
    for _, node in walk(result.documents[0]):
        written = source.slice(node.span)
        assert written == written.strip(" \t\r\n") or isinstance(node, Scalar)
        if isinstance(node, Scalar) and isinstance(node.value, str):
            check_scalar_round_trip(source, node)


def check_scalar_round_trip(source: Source, scalar: Scalar) -> None:
    """The text at a scalar's span is the scalar: loading it alone gives its value."""
    assert isinstance(scalar.value, str)
    written = source.slice(scalar.span)
    if written[:1] in ("|", ">"):
        if scalar.value.rstrip("\n")[-1:] in (" ", "\t", ""):
            return  # a block's span ends at its last non-blank character
        if any(c.isdigit() for c in written.split("\n", 1)[0]):
            return  # `|2-` counts from the parent's indentation: not loadable alone
        alone = load(written + "\n")
        assert isinstance(alone, str)
        assert alone.rstrip("\n") == scalar.value.rstrip("\n")
    elif written:
        assert load(written) == scalar.value
    if scalar.text_map is not None:
        for i, ch in enumerate(scalar.value):
            piece = source.slice(scalar.inner_span(i, i + 1))
            if ch.strip() and piece != ch:
                # An escape or a doubled quote stands for the character.
                assert piece[:1] in ("\\", "'"), (i, ch, piece)
                assert load(f'"{piece}"' if piece[0] == "\\" else f"'{piece}'") == ch


# -- hypothesis: arbitrary YAML-ish text --------------------------------------------


def json_like_value(value: object) -> bool:
    """Loaded data our tree represents exactly (no dates, bytes, sets or non-string keys)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            if not all(isinstance(k, str) for k in current):
                return False
            stack.extend(current.values())
        elif isinstance(current, float):
            if math.isnan(current):
                return False
        elif not (current is None or isinstance(current, (bool, int, str))):
            return False
    return True


YAMLISH = st.lists(
    st.sampled_from(
        [
            "a",
            "b",
            ": ",
            ":",
            "- ",
            "-",
            "\n",
            "  ",
            " ",
            "\t",
            "[",
            "]",
            "{",
            "}",
            ",",
            "'",
            '"',
            "\\",
            "#",
            "&x ",
            "*x",
            "!!str ",
            "? ",
            "|",
            ">",
            "|-",
            "yes",
            "1",
            "0x1",
            "~",
            "---\n",
            "...\n",
            "<<: ",
            "\u00e9",
            "\r\n",
            "!foo ",
        ]
    ),
    max_size=30,
).map("".join)


# The oracle warns about reused anchors; that is not what is tested here.
@pytest.mark.filterwarnings("ignore")
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=YAMLISH)
def test_arbitrary_text_reads_like_the_loader(text: str) -> None:
    source, result = read(text)
    try:
        documents = list(YAML(typ="safe", pure=True).load_all(text))
    except MarkedYAMLError as error:
        assert result.findings, text
        if type(error).__name__ in ("ScannerError", "ParserError"):
            assert result.failed
            mark = error.problem_mark or error.context_mark
            assert mark is not None
            assert where(source, result.findings[-1].span.start) == (mark.line + 1, mark.column + 1)
        return
    except (ValueError, KeyError, TypeError):
        # `!!int x`, `!!bool maybe`, a key holding a mapping: the loader crashes.
        assert result.findings, text
        return
    for _, node in (item for doc in result.documents for item in walk(doc)):
        assert 0 <= node.span.start <= node.span.end <= len(source.text)
    if all(json_like_value(doc) for doc in documents):
        assert result.findings == [], text
        assert [to_python(doc) for doc in result.documents] == documents


# -- errors ------------------------------------------------------------------------


SYNTAX_ERRORS = [
    "a:\n  b: 1\n c: 2\n",  # bad indentation
    "a: [1, 2\n",  # unclosed flow sequence
    "a: {x: 1\nb: 2\n",  # unclosed flow mapping
    "a: 'unterminated\n",
    'a: "bad \\q escape"\n',
    "a:\n\t- tab indented\n",
    "a: b: c\n",
    "- a\nb: c\n",
    "a: @reserved\n",
    "--- a\nb: c\n",
    "a:\n  b: 1\n  d: [x, {y: 2]\n",  # a brace closed by a bracket
]


@pytest.mark.parametrize("text", SYNTAX_ERRORS)
def test_syntax_errors_are_where_the_loader_says(text: str) -> None:
    with pytest.raises(MarkedYAMLError) as raised:
        load(text)
    error = raised.value
    mark = error.problem_mark or error.context_mark
    assert mark is not None and error.problem is not None
    source, result = read(text)
    assert result.failed
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.rule == "AMI002"
    assert where(source, finding.span.start) == (mark.line + 1, mark.column + 1)
    assert finding.message == error.problem[0].upper() + error.problem[1:].rstrip(".")


def test_syntax_error_position_after_bom_and_crlf() -> None:
    source, result = read("\ufeffa: 1\r\nb: [x,\r\n")
    assert result.failed
    assert [(line, col) for line, col, _, _ in located(source, result)] == [(3, 1)]


def test_unacceptable_character() -> None:
    source, result = read("a: b\nc: \x01\n")
    assert result.failed
    assert located(source, result) == [
        (2, 4, "AMI002", "Unacceptable character #x0001: special characters are not allowed")
    ]


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    text = "Name: first\nArchitecture: x86_64\nName: second\n"
    with pytest.raises(MarkedYAMLError):
        load(text)
    source, result = read(text)
    assert not result.failed
    assert located(source, result) == [
        (3, 1, "AMI002", "Duplicate key `Name`: the CLI's YAML loader rejects it")
    ]
    assert source.slice(result.findings[0].span) == "Name"
    doc = result.documents[0]
    assert isinstance(doc, Mapping)
    assert [e.name for e in doc.entries] == ["Name", "Architecture", "Name"]


def test_duplicate_keys_compare_as_loaded_values() -> None:
    source, result = read("{1: a, 0x1: b, '1': c}\n")
    assert [(line, col) for line, col, _, _ in located(source, result)] == [(1, 8)]


def test_unsafe_tag_is_reported_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\nb: !foo bar\n'
    source, result = read(text)
    assert not marker.exists()
    assert located(source, result) == [
        (
            1,
            4,
            "AMI002",
            "Tag `!!python/object/apply:os.system` is not allowed: the CLI's safe loader rejects it",
        ),
        (2, 4, "AMI002", "Tag `!foo` is not allowed: the CLI's safe loader rejects it"),
    ]
    assert to_python(result.documents[0]) == {"a": [f"touch {marker}"], "b": "bar"}


def test_complex_keys_are_reported() -> None:
    source, result = read("{a: 1}: x\n? [b]\n: y\nok: z\n")
    assert [(line, col, msg) for line, col, _, msg in located(source, result)] == [
        (1, 1, "Complex keys are not supported"),
        (2, 3, "Complex keys are not supported"),
    ]
    assert to_python(result.documents[0]) == {"ok": "z"}


def test_recursive_alias_is_reported() -> None:
    source, result = read("a: &a [1, *a]\n")
    assert located(source, result) == [(1, 11, "AMI002", "Alias `*a` is inside the node it refers to")]


def billion_laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_stops_quickly() -> None:
    text = billion_laughs(9)
    started = time.monotonic()
    source, result = read(text)
    assert time.monotonic() - started < 2
    assert result.failed
    assert [(f.rule, f.message) for f in result.findings] == [("AMI002", "Too many aliases (more than 1000)")]
    # 9 + 9*10 + 9*91 = 828 alias uses in l0..l3; the first alias of l4 passes 1000.
    assert where(source, result.findings[0].span.start) == (5, 10)
    assert source.slice(result.findings[0].span) == "*l3"


def test_alias_limit_counts_expanded_uses() -> None:
    text = billion_laughs(2)  # 9 + 9 * 10 = 99 uses
    assert not read(text, max_aliases=99)[1].failed
    assert read(text, max_aliases=98)[1].failed


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10000 + "]" * 10000,
        "".join("  " * i + "k:\n" for i in range(2000)),
        "- " * 10000 + "x\n",
    ],
    ids=["flow", "block-mapping", "block-sequence"],
)
def test_deep_nesting_is_reported_not_a_crash(text: str) -> None:
    _, result = read(text)
    assert result.failed
    assert [(f.rule, f.message) for f in result.findings] == [
        ("AMI002", f"Nesting too deep (more than {MAX_DEPTH} levels)")
    ]


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    _, doc = only(text)
    assert to_python(doc) == load(text)


def test_merge_keys_are_not_confused_by_reused_object_ids() -> None:
    # Regression: dropped `<<` key nodes freed their id() for a later key,
    # which was then taken for a merge key (seen after other documents were read).
    for _ in range(50):
        read_yaml(Source("services:\n  web:\n    image: nginx\n", "x"))
        text = "base: &b {x: 1, y: 2}\nm: {<<: *b, x: 9}\nn: {<<: *b, y: 7}\nq: 1\n"
        _, doc = only(text)
        assert to_python(doc) == load(text)


def test_a_one_line_scalar_without_spaces_maps_as_its_verbatim_map() -> None:
    """Such a scalar (most of a request) gets the light `Linear` map, which
    answers every span as the map `_verbatim_map` builds."""
    from ami_lint.offsets import Linear
    from ami_lint.readers.yaml_text_map import _text_map, _verbatim_map

    for text, style in (("a: snap-0123\n", None), ('a: "gp3"\n', '"'), ("a: 'x'\n", "'")):
        value = text[3:-1].strip("'\"")
        start, end = 3, len(text) - 1
        made = _text_map(text, start, end, style, value)
        assert isinstance(made, Linear)
        reference = _verbatim_map(made.start, value)
        for first in range(-2, len(value) + 3):
            for last in range(-2, len(value) + 3):
                assert made.span(first, last) == reference.span(first, last), (text, first, last)
    # With a space inside, or empty: the full map, as before.
    assert not isinstance(_text_map("a: my image\n", 3, 11, None, "my image"), Linear)
    assert not isinstance(_text_map("a: ''\n", 3, 5, "'", ""), Linear)
