from __future__ import annotations

import json
import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.nodes import Mapping, Node, Scalar, Sequence, lookup, to_python, walk
from ami_lint.readers.json_reader import BOM_MESSAGE, _parse, _parse_fast, _Slow, read_json
from ami_lint.source import Position, Source, Span


def read(text: str):
    return read_json(Source.from_text(text, "request.json"))


def document(text: str) -> Node:
    result = read(text)
    assert not result.failed, result.findings
    assert len(result.documents) == 1
    return result.documents[0]


def at(node: Node, *path: str | int) -> Node:
    found, _ = lookup(node, path)
    assert found is not None, path
    return found


def key_of(node: Node, *path: str | int) -> Scalar:
    _, entry = lookup(node, path)
    assert entry is not None, path
    return entry.key


def pos(node: Node) -> tuple[Position, Position]:
    return node.source.position(node.span.start), node.source.position(node.span.end)


def strict_equal(a: object, b: object) -> bool:
    # `1 == 1.0` in Python; the dumped forms tell an int from a float.
    return a == b and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def check_spans(root: Node) -> None:
    """Every node's span holds the raw token, and every string's map its characters."""
    for _, node in walk(root):
        raw = node.text()
        assert strict_equal(json.loads(raw), to_python(node))
        if isinstance(node, Mapping):
            assert raw[0] == "{" and raw[-1] == "}"
            for entry in node.entries:
                assert entry.key.text()[0] == entry.key.text()[-1] == '"'
                assert json.loads(entry.key.text()) == entry.key.value
                check_text_map(entry.key)
        elif isinstance(node, Sequence):
            assert raw[0] == "[" and raw[-1] == "]"
        elif isinstance(node, Scalar):
            if isinstance(node.value, str):
                assert not node.plain
                check_text_map(node)
            else:
                assert node.plain


def check_text_map(scalar: Scalar) -> None:
    value = scalar.value
    assert isinstance(value, str)
    assert scalar.text_map is not None
    assert len(scalar.mapper()) == len(value)  # type: ignore[arg-type]
    for k, char in enumerate(value):
        written = scalar.source.slice(scalar.inner_span(k, k + 1))
        # A literal character maps to itself, an escape to the whole escape.
        assert json.loads(f'"{written}"') == char


# --- tree shape, values and spans -------------------------------------------------


def test_tree_and_spans_of_a_request() -> None:
    text = (
        '{"Name": "my-ami", "EnaSupport": true, "KernelId": null,\n'
        ' "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",\n'
        '   "Ebs": {"VolumeSize": 8, "Iops": 3.0e3, "Throughput": 125.0}}]}'
    )
    root = document(text)
    assert isinstance(root, Mapping)
    assert root.text() == text
    assert root.keys() == ["Name", "EnaSupport", "KernelId", "BlockDeviceMappings"]
    assert key_of(root, "Name").text() == '"Name"'
    assert at(root, "Name").text() == '"my-ami"'
    name = at(root, "Name")
    assert isinstance(name, Scalar) and name.value == "my-ami" and not name.plain
    ena = at(root, "EnaSupport")
    assert isinstance(ena, Scalar) and ena.value is True and ena.plain
    assert at(root, "KernelId").text() == "null"
    mappings = at(root, "BlockDeviceMappings")
    assert isinstance(mappings, Sequence) and len(mappings.items) == 1
    assert mappings.text().startswith("[{") and mappings.text().endswith("}]")
    ebs = at(root, "BlockDeviceMappings", 0, "Ebs")
    assert ebs.text() == '{"VolumeSize": 8, "Iops": 3.0e3, "Throughput": 125.0}'
    size = at(ebs, "VolumeSize")
    iops = at(ebs, "Iops")
    assert isinstance(size, Scalar) and type(size.value) is int and size.value == 8
    assert isinstance(iops, Scalar) and type(iops.value) is float and iops.text() == "3.0e3"
    check_spans(root)
    assert strict_equal(to_python(root), json.loads(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("-0", 0),
        ("1.0", 1.0),
        ("1e3", 1000.0),
        ("1E+2", 100.0),
        ("-1.5e-3", -0.0015),
        ("12345678901234567890123456789", 12345678901234567890123456789),
        ("1e400", math.inf),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("true", True),
        ("false", False),
        ("null", None),
        ('""', ""),
        ('"\\/"', "/"),
        ('"\\ud83d"', "\ud83d"),
        ('"\u2028"', "\u2028"),
        (" \t\r\n[ 1 ,\t2 ]\r\n ", [1, 2]),
        ("{ }", {}),
        ("[\n]", []),
    ],
)
def test_values_are_what_json_loads_gives(text: str, expected: object) -> None:
    root = document(text)
    assert strict_equal(to_python(root), expected)
    assert strict_equal(to_python(root), json.loads(text))
    check_spans(root)


def test_nan() -> None:
    root = document('{"Iops": NaN}')
    iops = at(root, "Iops")
    assert isinstance(iops, Scalar) and isinstance(iops.value, float)
    assert math.isnan(iops.value) and iops.plain and iops.text() == "NaN"


@pytest.mark.parametrize(
    "text",
    [
        "01",
        "1.",
        ".5",
        "+1",
        "nan",
        "infinity",
        "True",
        "[1,]",
        '{"a":1,}',
        "\u00a0[1]",  # not JSON whitespace
        "\f[1]",
        '"\\U0041"',
        "'single'",
        "[1] [2]",
        "\ufeff[1]",  # a BOM still in the text, as the CLI reads it
        "\u0661",  # a non-ASCII digit
    ],
)
def test_rejects_what_json_loads_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    # Not `from_text`, which would take the leading BOM off the second-BOM case.
    result = read_json(Source(text, "request.json"))
    assert result.failed and result.documents == []
    assert [f.rule for f in result.findings] == ["AMI001"]


# --- positions ----------------------------------------------------------------------


def test_positions_with_crlf_tabs_and_non_ascii() -> None:
    text = (
        '{\r\n\t"Description": "héllo 😀 日本語",\r\n'
        '\t"Name":\t"ami-é😀",\r\n'
        '\t"Tags": [\r\n\t\t"x"\r\n\t]\r\n}\r\n'
    )
    root = document(text)
    assert pos(key_of(root, "Description")) == (Position(2, 2), Position(2, 15))
    assert pos(at(root, "Description")) == (Position(2, 17), Position(2, 30))
    assert pos(key_of(root, "Name")) == (Position(3, 2), Position(3, 8))
    name = at(root, "Name")
    assert pos(name) == (Position(3, 10), Position(3, 18))
    assert isinstance(name, Scalar)
    # The emoji is one code point, one column.
    emoji = name.inner_span(5, 6)
    assert root.source.slice(emoji) == "😀"
    assert root.source.position(emoji.start) == Position(3, 16)
    assert pos(at(root, "Tags")) == (Position(4, 10), Position(6, 3))
    assert pos(at(root, "Tags", 0)) == (Position(5, 3), Position(5, 6))
    assert pos(root) == (Position(1, 1), Position(7, 2))
    check_spans(root)


def test_bom_is_reported_and_positions_stay_exact() -> None:
    source = Source.from_text('\ufeff{\n  "Name": "x",\n  "Name": "y"\n}\n', "request.json")
    result = read_json(source)
    assert not result.failed
    bom, duplicate = result.findings
    assert bom.rule == "AMI001" and bom.message == BOM_MESSAGE
    assert bom.span == Span(0, 0)
    assert source.position(bom.span.start) == Position(1, 1)
    assert duplicate.rule == "AMI006"
    assert source.position(duplicate.span.start) == Position(3, 3)
    root = result.documents[0]
    assert pos(key_of(root, "Name")) == (Position(3, 3), Position(3, 9))
    assert isinstance(root, Mapping)
    assert at(root, "Name").text() == '"y"'


def test_bom_and_a_syntax_error() -> None:
    source = Source.from_text('\ufeff{"Name": "x",}', "request.json")
    result = read_json(source)
    assert result.failed and result.documents == []
    assert [(f.rule, f.span) for f in result.findings] == [
        ("AMI001", Span(0, 0)),
        ("AMI001", Span(13, 14)),
    ]


# --- escapes and offset maps --------------------------------------------------------


def test_text_map_of_escaped_string() -> None:
    text = '{"Description": "a\\nb\\u00e9\\ud83d\\ude00\\"c\\\\d"}'
    root = document(text)
    desc = at(root, "Description")
    assert isinstance(desc, Scalar)
    assert desc.value == 'a\nbé😀"c\\d'
    written = [root.source.slice(desc.inner_span(k, k + 1)) for k in range(len(desc.value))]
    assert written == ["a", "\\n", "b", "\\u00e9", "\\ud83d\\ude00", '\\"', "c", "\\\\", "d"]
    # A range of decoded characters covers whole escapes.
    assert root.source.slice(desc.inner_span(1, 4)) == "\\nb\\u00e9"
    check_spans(root)


def test_text_map_of_escaped_key() -> None:
    root = document('{"N\\u0061me": 1}')
    key = key_of(root, "Name")
    assert key.text() == '"N\\u0061me"'
    assert root.source.slice(key.inner_span(1, 2)) == "\\u0061"
    assert root.source.slice(key.inner_span(2, 4)) == "me"


def test_lone_surrogate_escapes_are_separate_characters() -> None:
    root = document('"\\ud83d\\u0041\\ude00"')
    assert isinstance(root, Scalar)
    assert root.value == "\ud83dA\ude00"
    check_text_map(root)
    assert root.source.slice(root.inner_span(1, 2)) == "\\u0041"


# --- syntax errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n  ",
        '{"Name": "x",}',
        '{"Name": "x"\n "Description": "y"}',
        '{\r\n  "Name" "x"\r\n}',
        "{\n\t'Name': 'x'\n}",
        "[1, 2,\n]",
        '{"Name": "abc',
        '{"Name": "a\tb"}',
        '{"Name": "a\\qb"}',
        '{"Name": "\\u12G4"}',
        '{"Name": "é😀日本"} x',
        '{"Name": tru}',
        '{"Name": 01}',
        '{"Name": "x"',
    ],
)
def test_syntax_error_position_matches_json(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    error = caught.value
    result = read(text)
    assert result.failed and result.documents == []
    (finding,) = result.findings
    assert finding.rule == "AMI001"
    assert finding.span.start == error.pos
    assert finding.span.end == min(error.pos + 1, len(text))
    assert finding.source.position(finding.span.start) == Position(error.lineno, error.colno)
    assert finding.message[0].isupper() and not finding.message.endswith(".")


@pytest.mark.parametrize(
    ("text", "message", "start"),
    [
        ("", "Expecting value", 0),
        ("[1 2]", "Expecting ',' delimiter", 3),
        ('{"a" 1}', "Expecting ':' delimiter", 5),
        ('{"a": 1,}', "Expecting property name enclosed in double quotes", 8),
        ('["abc', "Unterminated string", 1),
        ('["a\tb"]', "Invalid control character in string", 3),
        ('["a\\qb"]', "Invalid escape `\\q`", 3),
        ("[1] 2", "Extra data", 4),
    ],
)
def test_syntax_error_messages(text: str, message: str, start: int) -> None:
    (finding,) = read(text).findings
    assert finding.message == message
    assert finding.span.start == start


@pytest.mark.skipif(not getattr(sys, "get_int_max_str_digits", lambda: 0)(), reason="no int digit limit")
def test_integer_too_long_for_the_decoder() -> None:
    digits = sys.get_int_max_str_digits() + 1  # type: ignore[attr-defined]
    text = '{"VolumeSize": 1, "Iops": ' + "9" * digits + "}"
    result = read(text)
    assert result.failed and result.documents == []
    (finding,) = result.findings
    assert finding.rule == "AMI001"
    assert finding.span == Span(26, 26 + digits)
    assert f"{digits} digits" in finding.message


# --- duplicate keys -----------------------------------------------------------------


def test_duplicate_keys() -> None:
    text = (
        '{"Name": "a",\n'
        ' "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8,\n'
        '   "VolumeSize": 10}, "DeviceName": "/dev/xvda"}],\n'
        ' "Name": "b", "Name": "c"}'
    )
    result = read(text)
    assert not result.failed
    source = result.documents[0].source
    found = [
        (f.rule, source.slice(f.span), source.position(f.span.start), f.message, f.hint)
        for f in result.findings
    ]
    assert found == [
        (
            "AMI006",
            '"VolumeSize"',
            Position(3, 4),
            "Duplicate key `VolumeSize`: the CLI keeps only the last value",
            "Remove one of the `VolumeSize` keys",
        ),
        (
            "AMI006",
            '"DeviceName"',
            Position(3, 23),
            "Duplicate key `DeviceName`: the CLI keeps only the last value",
            "Remove one of the `DeviceName` keys",
        ),
        (
            "AMI006",
            '"Name"',
            Position(4, 2),
            "Duplicate key `Name`: the CLI keeps only the last value",
            "Remove one of the `Name` keys",
        ),
        (
            "AMI006",
            '"Name"',
            Position(4, 15),
            "Duplicate key `Name`: the CLI keeps only the last value",
            "Remove one of the `Name` keys",
        ),
    ]
    root = result.documents[0]
    assert isinstance(root, Mapping)
    assert [e.name for e in root.entries] == ["Name", "BlockDeviceMappings", "Name", "Name"]
    # The last of each duplicate is the one that counts, as with `json.loads`.
    assert at(root, "Name").text() == '"c"'
    assert at(root, "BlockDeviceMappings", 0, "DeviceName").text() == '"/dev/xvda"'
    assert at(root, "BlockDeviceMappings", 0, "Ebs", "VolumeSize").text() == "10"


def test_keys_equal_after_decoding_are_duplicates() -> None:
    result = read('{"Name": 1, "N\\u0061me": 2}')
    (finding,) = result.findings
    assert finding.rule == "AMI006"
    assert finding.source.slice(finding.span) == '"N\\u0061me"'


def test_same_key_in_sibling_objects_is_not_a_duplicate() -> None:
    result = read('[{"Name": 1}, {"Name": 2}, {"Ebs": {"Name": 3}, "Name": 4}]')
    assert result.findings == []


# --- depth --------------------------------------------------------------------------


@pytest.mark.parametrize(("open_", "close"), [("[", "]"), ('{"a":', "}")])
def test_very_deep_nesting_does_not_crash(open_: str, close: str) -> None:
    depth = 100_000
    text = open_ * depth + "1" + close * depth
    result = read(text)
    if result.failed:
        (finding,) = result.findings
        assert finding.rule == "AMI001"
        assert text[finding.span.start] in "[{"
    else:
        check_depth(result.documents[0], depth)


@pytest.mark.parametrize(("open_", "close"), [("[", "]"), ('{"a":', "}")])
def test_own_parser_is_not_limited_by_the_stack(open_: str, close: str) -> None:
    # `json.loads` gives up long before this depth, so call our parser directly.
    depth = 100_000
    source = Source.from_text(open_ * depth + "1" + close * depth, "deep.json")
    check_depth(_parse(source, []), depth)


def test_moderate_nesting_is_parsed() -> None:
    depth = 200
    root = document('{"a":' * depth + "[1]" + "}" * depth)
    check_depth(root, depth + 1)


def check_depth(root: Node, depth: int) -> None:
    node = root
    for level in range(depth):
        assert node.span == Span(node.span.start, len(node.source.text) - level)
        if isinstance(node, Mapping):
            node = node.entries[0].value
        else:
            assert isinstance(node, Sequence)
            node = node.items[0]
    assert isinstance(node, Scalar) and node.value == 1


# --- property: agreement with json.loads --------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    value = draw(json_values)
    text = json.dumps(
        value,
        indent=draw(st.sampled_from([None, 0, 1, 4, "\t", " \t "])),
        separators=draw(st.sampled_from([None, (",", ":"), (" , ", " : "), (",\t", ":\n")])),
        ensure_ascii=draw(st.booleans()),
    )
    # `json.dumps` escapes every line break inside strings, so this only
    # touches whitespace between tokens.
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return (
        draw(st.sampled_from(["", " ", "\n", "\r\n\t"]))
        + text
        + draw(st.sampled_from(["", " ", "\n", "\r\n"]))
    )


@settings(max_examples=300, deadline=None)
@given(json_texts())
def test_agrees_with_json_loads(text: str) -> None:
    result = read(text)
    assert not result.failed and result.findings == []
    (root,) = result.documents
    assert strict_equal(to_python(root), json.loads(text))
    assert root.text() == text.strip(" \t\r\n")
    check_spans(root)


def test_map_of_a_string_without_escapes_answers_as_a_linear_offset_map() -> None:
    """`Linear` stands in for `OffsetMap.linear` in plain strings: every span,
    clamped or empty or out of range, is the same."""
    from ami_lint.offsets import Linear as _Linear
    from ami_lint.offsets import OffsetMap

    for start in (0, 1, 9):
        for length in range(5):
            linear, reference = _Linear(start, length), OffsetMap.linear(start, length)
            assert len(linear) == len(reference)
            for first in range(-3, 8):
                for end in range(-3, 8):
                    assert linear.span(first, end) == reference.span(first, end), (start, length, first, end)


def test_plain_data_keeps_first_key_order_and_last_duplicate_value() -> None:
    root = document('{"a": 1, "b": [true, {"x": "y"}, []], "a": {"c": [3, {"d": null}]}, "e": {}}')
    data = to_python(root)
    assert isinstance(data, dict)
    assert list(data) == ["a", "b", "e"]
    assert data == {"a": {"c": [3, {"d": None}]}, "b": [True, {"x": "y"}, []], "e": {}}


# --- the fast parser against the plain one -------------------------------------------


def described(root: Node) -> list[object]:
    """Everything a node tree says: each node's path, class, span, value,
    plainness and text map (its spans, character by character), each key's too."""
    out: list[object] = []

    def scalar(node: Scalar) -> tuple[object, ...]:
        spans = None
        if node.text_map is not None and isinstance(node.value, str):
            spans = [node.inner_span(k, k + 1) for k in range(len(node.value))]
            spans.append(node.inner_span(0, len(node.value)))
            spans.append(node.inner_span(len(node.value), len(node.value)))
        return (json.dumps(node.value), node.plain, type(node.text_map).__name__, spans)

    for path, node in walk(root):
        out.append((path, type(node).__name__, node.span, node.source is root.source))
        if isinstance(node, Scalar):
            out.append(scalar(node))
        elif isinstance(node, Mapping):
            out.append([(entry.key.span, scalar(entry.key)) for entry in node.entries])
            out.append(list(node._index))
    return out


def both(text: str, max_depth: int | None = None) -> None:
    """`_parse_fast` builds what `_parse` builds and makes the same findings,
    or leaves the text to it (`_Slow`)."""
    source = Source.from_text(text, "request.json")
    findings: list[object] = []
    plain = _parse(source, findings, max_depth)  # type: ignore[arg-type]
    fast, duplicates = _parse_fast(source, max_depth)
    assert described(fast) == described(plain)
    assert duplicates == findings


@settings(max_examples=300, deadline=None)
@given(json_texts())
def test_fast_parser_builds_what_the_plain_one_builds(text: str) -> None:
    both(text)


duplicated = st.recursive(
    st.sampled_from(['"a"', "1", "null", '"\\u00e9x"', "[]", "{}"]),
    lambda children: (
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
        | st.lists(
            st.tuples(st.sampled_from(['"a"', '"b"', '"\\u0061"', '"c\\n"']), children), max_size=5
        ).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(duplicated)
def test_fast_parser_reports_duplicate_keys_as_the_plain_one(text: str) -> None:
    """Keys repeated in nested and sibling objects, written with escapes or
    not: the same findings, in the order of the text."""
    json.loads(text)
    both(text)


def test_fast_parser_duplicates_in_the_order_of_the_text() -> None:
    text = '{"a": {"x": 1, "x": 2}, "a": 3, "b": [{"y": 1, "y": 2}], "b": 0}'
    both(text)
    _, duplicates = _parse_fast(Source.from_text(text, "request.json"), None)
    assert [(f.span.start, f.message) for f in duplicates] == [
        (15, "Duplicate key `x`: the CLI keeps only the last value"),
        (24, "Duplicate key `a`: the CLI keeps only the last value"),
        (47, "Duplicate key `y`: the CLI keeps only the last value"),
        (57, "Duplicate key `b`: the CLI keeps only the last value"),
    ]


def test_fast_parser_leaves_the_depth_limit_to_the_plain_one() -> None:
    text = '{"a": [[1]], "b": "x"}'
    both(text, max_depth=3)
    with pytest.raises(_Slow):
        _parse_fast(Source.from_text(text, "request.json"), 2)
    result = read_json(Source.from_text(text, "request.json"), max_depth=2)
    assert result.failed
    assert [(f.span, f.message) for f in result.findings] == [
        (Span(7, 8), "Nesting too deep (more than 2 levels)")
    ]


def test_read_json_takes_the_fast_parser() -> None:
    """The same result through `read_json` whichever parser reads: a request
    with duplicate keys and escapes."""
    text = '{"Name": "a\\u00e9", "Name": "b", "Tags": [{"Key": "k", "Key": "l"}]}'
    result = read(text)
    assert not result.failed
    second_key = text.index('"Key"', text.index('"Key"') + 1)
    assert [f.span.start for f in result.findings] == [text.index('"Name"', 2), second_key]
    both(text)


def test_a_string_without_escapes_maps_through_its_scalar() -> None:
    """Such a string's text map is `QUOTED`, not a map of its own: its
    scalar answers every span as the `Linear` map between its quotes, and
    `mapper()` gives that map (what `relocate` composes)."""
    from ami_lint.nodes import QUOTED
    from ami_lint.offsets import Linear as _Linear

    root = document('{"Name": "web", "Description": "a\\\\tb", "": ""}')
    assert isinstance(root, Mapping)
    for entry in root.entries:
        for scalar in (entry.key, entry.value):
            assert isinstance(scalar, Scalar) and isinstance(scalar.value, str)
            escaped = "\\" in scalar.text()
            assert (scalar.text_map is QUOTED) is not escaped
            if escaped:
                continue
            mapper = scalar.mapper()
            assert isinstance(mapper, _Linear) and len(mapper) == len(scalar.value)
            reference = _Linear(scalar.span.start + 1, len(scalar.value))
            for first in range(-2, len(scalar.value) + 3):
                for end in range(-2, len(scalar.value) + 3):
                    assert scalar.inner_span(first, end) == reference.span(first, end)
                    assert mapper.span(first, end) == reference.span(first, end)
    with pytest.raises(TypeError):
        QUOTED.span(0, 1)
