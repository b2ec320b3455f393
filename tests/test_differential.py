"""Differential test of the AMI1xx rules against botocore's client-side validation.

The oracle is `ParamValidator` from the botocore bundled in `awscli` (what the
CLI runs on a `--cli-input-json` document before it sends anything), applied
to the RegisterImage input shape of the bundled model. Requests are generated
by walking that shape and then mutated: wrong types, typos of real keys,
a missing `Name`, out-of-range lengths. For every generated request:

* every problem botocore reports is reported by ami-lint under the matching
  rule, at the node botocore names (the key, for an unknown parameter; the
  object, for a missing one);
* ami-lint reports no AMI101/AMI102/AMI103 that botocore does not, since
  those are exactly the checks botocore also makes. AMI104-AMI109 may fire
  where botocore is silent: it checks no enums, maximum lengths or patterns.

One deliberate difference (see `_bools_for_integers`): botocore accepts a
JSON boolean where an integer goes, because `isinstance(True, int)`. The
model and the API reference say integer, and the query serializer would send
`True` to EC2, so ami-lint reports it as AMI103; the test expects that
AMI103 instead of counting such requests as accepted.

Another (see `_misspelt`): a required member missing where the same object
has an unknown key whose AMI101 suggestion is that member (`"name"` for
`Name`) is that AMI101 alone. The missing member is a knock-on of the
misspelling (`ami_lint.knockon`), so the test expects no AMI102 for it.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ami_lint.detect import DISTINCTIVE
from ami_lint.engine import Linter, Options
from ami_lint.nodes import Mapping, Node, PathItem, lookup
from ami_lint.readers.json_reader import read_json
from ami_lint.selection import Selection
from ami_lint.source import Source, Span

botocore_session = pytest.importorskip("awscli.botocore.session")
botocore_validate = pytest.importorskip("awscli.botocore.validate")

# The checks botocore makes too: ami-lint must agree with it both ways.
STRUCTURAL = frozenset({"AMI101", "AMI102", "AMI103"})

Expected = set[tuple[str, Span]]


@cache
def input_shape() -> Any:
    model = botocore_session.get_session().get_service_model("ec2")
    return model.operation_model("RegisterImage").input_shape


@cache
def linter() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL",))))


# --- botocore's report, as paths into the document ----------------------------

_REPORT_LINES: list[tuple[str, re.Pattern[str]]] = [
    ("missing", re.compile(r'Missing required parameter in (?P<path>\S+): "(?P<key>.*)"')),
    ("unknown", re.compile(r'Unknown parameter in (?P<path>\S+): "(?P<key>.*)", must be one of: ')),
    ("type", re.compile(r"Invalid type for parameter (?P<path>[^\s,]+), value: ")),
    (
        "length",
        re.compile(r"Invalid length for parameter (?P<path>[^\s,]+), value: \d+, valid min"),
    ),
]
_PATH_STEP = re.compile(r"\[(\d+)\]|\.?([A-Za-z0-9]+)")


def _parse_path(name: str) -> tuple[PathItem, ...]:
    """`BlockDeviceMappings[0].Ebs.Iops` -> ("BlockDeviceMappings", 0, "Ebs", "Iops")."""
    if name == "input":
        return ()
    steps: list[PathItem] = []
    pos = 0
    while pos < len(name):
        match = _PATH_STEP.match(name, pos)
        assert match and match.end() > pos, f"cannot parse botocore path {name!r}"
        steps.append(int(match.group(1)) if match.group(1) is not None else match.group(2))
        pos = match.end()
    return tuple(steps)


def botocore_errors(params: object) -> tuple[str, list[tuple[str, tuple[PathItem, ...], str]]]:
    """botocore's report text and, per error, (kind, path, key).

    Error lines start with one of four fixed phrases; a string value with a
    line break in it continues on lines that start with none of them.
    """
    report = botocore_validate.ParamValidator().validate(params, input_shape())
    text = report.generate_report() if report.has_errors() else ""
    errors = []
    for line in text.split("\n"):
        for kind, pattern in _REPORT_LINES:
            match = pattern.match(line)
            if match:
                key = match.groupdict().get("key") or ""
                errors.append((kind, _parse_path(match.group("path")), key))
                break
    assert bool(errors) == report.has_errors(), f"unparsed botocore report:\n{text}"
    return text, errors


def _bools_for_integers(
    params: object, shape: Any, path: tuple[PathItem, ...] = ()
) -> Iterator[tuple[PathItem, ...]]:
    """Paths where a JSON boolean stands for an integer member.

    botocore lets these through (`isinstance(True, int)` holds); ami-lint
    reports them as AMI103 on purpose: the member is an integer in the model
    and the API reference, and the CLI would send the string `True` to EC2.
    """
    kind = shape.type_name
    if kind == "integer" and isinstance(params, bool):
        yield path
    elif kind == "structure" and isinstance(params, dict):
        for name, value in params.items():
            if name in shape.members:
                yield from _bools_for_integers(value, shape.members[name], (*path, name))
    elif kind == "list" and isinstance(params, list):
        for i, item in enumerate(params):
            yield from _bools_for_integers(item, shape.member, (*path, i))


def expected_findings(text: str, params: object) -> tuple[str, Expected]:
    """botocore's report and the (rule, span) each of its errors must produce in ami-lint."""
    report, errors = botocore_errors(params)
    result = read_json(Source.from_text(text, "request.json"))
    assert not result.failed and len(result.documents) == 1
    root = result.documents[0]
    expected: Expected = set()
    misspelt = _misspelt(errors)
    for kind, path, key in errors:
        node, _ = lookup(root, path)
        assert node is not None, f"botocore path {path} not in the document"
        if kind == "missing" and (path, key) in misspelt:
            continue
        if kind == "missing":
            expected.add(("AMI102", node.span))
        elif kind == "unknown":
            assert isinstance(node, Mapping)
            entry = node.entry(key)
            assert entry is not None, f"unknown key {key!r} not found at {path}"
            expected.add(("AMI101", entry.key.span))
        elif kind == "type":
            expected.add(("AMI103", node.span))
        else:
            expected.add(("AMI105", node.span))
    for path in _bools_for_integers(params, input_shape()):
        node, _ = lookup(root, path)
        assert node is not None
        expected.add(("AMI103", node.span))
    return report, expected


def _misspelt(errors: list[tuple[str, tuple[PathItem, ...], str]]) -> set[tuple[tuple[PathItem, ...], str]]:
    """(object path, member) for each member an unknown key of that object
    probably meant: the member AMI101 suggests for it."""
    from ami_lint.suggest import suggest

    meant = set()
    for kind, path, key in errors:
        if kind == "unknown":
            guess = suggest(key, sorted(_shape_at(path).members))
            if guess is not None:
                meant.add((path, guess))
    return meant


def _shape_at(path: tuple[PathItem, ...]) -> Any:
    shape = input_shape()
    for step in path:
        shape = shape.member if isinstance(step, int) else shape.members[step]
    return shape


def ami_lint_findings(text: str) -> Expected:
    diagnostics, note = linter().lint_text(text, "request.json", "json")
    assert note is None, note
    return {(d.rule, d.span) for d in diagnostics if d.rule.startswith("AMI1")}


def check(text: str) -> tuple[str, Expected, Expected]:
    """Compare the two on one JSON text; return botocore's report and both sides."""
    params = json.loads(text)  # as the CLI reads --cli-input-json
    report, expected = expected_findings(text, params)
    actual = ami_lint_findings(text)
    source = Source.from_text(text, "request.json")

    def show(findings: Expected) -> list[str]:
        return sorted(_located(source, span, rule) for rule, span in findings)

    context = f"\n--- request\n{text}\n--- botocore\n{report or '(accepted)'}"
    missing = expected - actual
    assert not missing, f"ami-lint misses {show(missing)}; it reported {show(actual)}{context}"
    extra = {f for f in actual if f[0] in STRUCTURAL} - expected
    assert not extra, f"ami-lint reports {show(extra)}, which botocore does not{context}"
    return report, expected, actual


def _located(source: Source, span: Span, rule: str) -> str:
    s, e = source.position(span.start), source.position(span.end)
    return f"{s.line}:{s.column}-{e.line}:{e.column} {rule}"


# --- generated requests ----------------------------------------------------------

MUTATE = 10  # percent of values replaced by a value of the wrong type
UNKNOWN_KEY = 12  # percent of objects given an extra, unknown key
DROP_NAME = 20  # percent of requests without Name

IMAGE_NAME_CHARS = string.ascii_letters + string.digits + "()[] ./'@_-"
_DRAW = Callable[[st.SearchStrategy[Any]], Any]

# Any JSON scalar, including the NaN and Infinity that json.loads accepts.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _chance(draw: _DRAW, percent: int) -> bool:
    """True `percent` times in 100; False in the minimal example (so it shrinks to no mutation)."""
    return bool(draw(st.integers(0, 99)) >= 100 - percent)


def _typo(draw: _DRAW, word: str) -> str:
    """A near miss of a real key: swapped, dropped, doubled, changed or recased letters."""
    i = draw(st.integers(0, len(word) - 1))
    how = draw(st.sampled_from(["swap", "drop", "double", "change", "lower", "upper", "space"]))
    if how == "swap" and len(word) > 1:
        j = min(i, len(word) - 2)
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if how == "drop" and len(word) > 1:
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "change":
        return word[:i] + draw(st.sampled_from(string.ascii_letters)) + word[i + 1 :]
    if how == "lower":
        return word[0].lower() + word[1:]
    if how == "upper":
        return word.upper()
    return word + " "


def _wrong(draw: _DRAW, shape: Any) -> Any:
    """A value botocore (and the model) would not take for `shape`."""
    kind = shape.type_name
    near: list[st.SearchStrategy[Any]]
    if kind == "integer":
        near = [
            st.integers().map(str),  # "8"
            st.integers(-(2**53), 2**53).map(float),  # 8.0
            st.floats(),
            st.booleans(),  # accepted by botocore; AMI103 for ami-lint
        ]
    elif kind == "boolean":
        near = [
            st.sampled_from(["true", "false", "True", "yes"]),
            st.integers(0, 1),
            st.floats(0, 1),
        ]
    elif kind == "string":
        near = [st.integers(), st.floats(), st.booleans()]
    elif kind == "list":
        near = [st.deferred(lambda: _valid(shape.member)), st.text(max_size=8)]
    else:  # structure
        near = [st.deferred(lambda: _valid(shape)).map(lambda v: [v]), st.text(max_size=8)]
    options = [*near, st.none(), _json]
    value = draw(options[draw(st.integers(0, len(options) - 1))])  # each kind equally often
    if _is_valid_type(value, kind):
        return None  # `_json` can hit the right type by chance; null never is
    return value


def _is_valid_type(value: object, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {"boolean": bool, "string": str, "list": list, "structure": dict}[kind])


def _string(draw: _DRAW, shape: Any, name: str) -> str:
    if shape.enum and draw(st.integers(0, 3)):
        return draw(st.sampled_from(shape.enum))
    if name == "Name":
        size = draw(st.sampled_from([(3, 30), (3, 30), (3, 30), (0, 2), (127, 130)]))
        chars = draw(st.sampled_from([st.sampled_from(IMAGE_NAME_CHARS), st.characters()]))
        return draw(st.text(alphabet=chars, min_size=size[0], max_size=size[1]))
    limits = {"Description": 255, "Key": 127, "Value": 256, "UefiData": 64000}
    if name in limits and _chance(draw, 20):
        return "x" * draw(st.sampled_from([limits[name], limits[name] + 1]))
    if name == "SnapshotId" and draw(st.booleans()):
        return "snap-" + draw(st.text("0123456789abcdef", min_size=8, max_size=8))
    return draw(st.text(max_size=20))


@st.composite
def _value(draw: _DRAW, shape: Any, name: str = "", top: bool = False) -> Any:
    """A value for `shape`, sometimes mutated."""
    if not top and _chance(draw, MUTATE):
        return _wrong(draw, shape)
    kind = shape.type_name
    if kind == "structure":
        return _structure(draw, shape, top)
    if kind == "list":
        return [draw(_value(shape.member, name)) for _ in range(draw(st.integers(0, 3)))]
    if kind == "integer":
        if _chance(draw, 8):
            return draw(st.booleans())  # botocore accepts it; see _bools_for_integers
        return draw(st.integers(0, 70000) | st.integers())
    if kind == "boolean":
        return draw(st.booleans())
    assert kind == "string", kind
    return _string(draw, shape, name)


def _valid(shape: Any) -> st.SearchStrategy[Any]:
    return _value(shape)


def _structure(draw: _DRAW, shape: Any, top: bool) -> dict[str, Any]:
    members = list(shape.members)
    out: dict[str, Any] = {}
    if top:
        # A document is only linted when it looks like a request: one key
        # only RegisterImage uses always stays (its value may still be wrong).
        anchor = draw(st.sampled_from(["BlockDeviceMappings"] * 5 + sorted(DISTINCTIVE)))
        out[anchor] = draw(_value(shape.members[anchor], anchor))
        if not _chance(draw, DROP_NAME):
            out["Name"] = draw(_value(shape.members["Name"], "Name"))
    for name in members:
        if name not in out and not (top and name == "Name") and _chance(draw, 35 if top else 50):
            out[name] = draw(_value(shape.members[name], name))
    while _chance(draw, UNKNOWN_KEY):
        if draw(st.integers(0, 4)):
            key = _typo(draw, draw(st.sampled_from(members)))
        else:
            key = draw(st.text(min_size=1, max_size=10).filter(lambda k: "\n" not in k and "\r" not in k))
        if top and key in DISTINCTIVE:
            continue  # never replace the anchor
        out[key] = draw(_json)
    return out


@st.composite
def request_texts(draw: _DRAW) -> str:
    params = draw(_value(input_shape(), top=True))
    indent = draw(st.sampled_from([None, None, 0, 1, 2, 4, "\t"]))
    return json.dumps(params, indent=indent, ensure_ascii=draw(st.booleans()), sort_keys=draw(st.booleans()))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request_texts())
def test_ami1xx_agree_with_botocore(text: str) -> None:
    check(text)


# --- the same comparison on explicit examples ----------------------------------

# (request, botocore's report, ami-lint's AMI1xx diagnostics as line:col-line:col RULE)
EXAMPLES = [
    pytest.param(
        '{"Name": "ab", "Architecture": "x86_64"}',
        "Invalid length for parameter Name, value: 2, valid min length: 3",
        ["1:10-1:14 AMI105"],
        id="name-too-short",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": [{"Ebs": {"VolumeSzie": 8}}]}',
        'Unknown parameter in BlockDeviceMappings[0].Ebs: "VolumeSzie", must be one of: ',
        ["1:50-1:62 AMI101"],
        id="unknown-nested-key",
    ),
    pytest.param(
        '{"Architecture": "arm64", "RootDeviceName": "/dev/xvda"}',
        'Missing required parameter in input: "Name"',
        ["1:1-1:57 AMI102"],
        id="missing-name",
    ),
    pytest.param(
        '{"name": "web", "RootDeviceName": "/dev/xvda"}',
        'Missing required parameter in input: "Name"\nUnknown parameter in input: "name"',
        ["1:2-1:8 AMI101"],  # `name` probably meant `Name`: no AMI102 as well
        id="lowercase-name",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": "8"}}]}',
        "Invalid type for parameter BlockDeviceMappings[0].Ebs.VolumeSize, value: 8, type: <class 'str'>",
        ["1:64-1:67 AMI103"],
        id="string-for-integer",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": [{"Ebs": {"Iops": 3000.0}}]}',
        "Invalid type for parameter BlockDeviceMappings[0].Ebs.Iops, value: 3000.0, type: <class 'float'>",
        ["1:58-1:64 AMI103"],
        id="float-for-integer",
    ),
    pytest.param(
        '{"Name": "web", "EnaSupport": 1}',
        "Invalid type for parameter EnaSupport, value: 1, type: <class 'int'>",
        ["1:31-1:32 AMI103"],
        id="integer-for-boolean",
    ),
    pytest.param(
        '{"Name": "web", "DryRun": "true"}',
        "Invalid type for parameter DryRun, value: true, type: <class 'str'>",
        ["1:27-1:33 AMI103"],
        id="string-for-boolean",
    ),
    pytest.param(
        '{"Name": null, "RootDeviceName": "/dev/xvda"}',
        "Invalid type for parameter Name, value: None, type: <class 'NoneType'>",
        ["1:10-1:14 AMI103"],
        id="null-name",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": {"DeviceName": "/dev/xvda"}}',
        "Invalid type for parameter BlockDeviceMappings, value: {'DeviceName': '/dev/xvda'}, ",
        ["1:40-1:67 AMI103"],
        id="object-for-list",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": [{"Ebs": "snap-0123abcd"}]}',
        "Invalid type for parameter BlockDeviceMappings[0].Ebs, value: snap-0123abcd, ",
        ["1:49-1:64 AMI103"],
        id="string-for-structure",
    ),
    pytest.param(
        '{"Name": "web", "BillingProducts": ["bp-1", 2]}',
        "Invalid type for parameter BillingProducts[1], value: 2, type: <class 'int'>",
        ["1:45-1:46 AMI103"],
        id="integer-in-string-list",
    ),
    pytest.param(
        '{"Name": "web", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": true}}]}',
        "",  # botocore: isinstance(True, int); ami-lint: the model says integer
        ["1:64-1:68 AMI103"],
        id="boolean-for-integer-accepted-by-botocore",
    ),
    pytest.param(
        '{"Name": "' + "a" * 129 + '", "Architecture": "x86_64"}',
        "",  # botocore checks no maximum length
        ["1:10-1:141 AMI105"],
        id="name-too-long-accepted-by-botocore",
    ),
    pytest.param(
        '{"Name": "web", "Architecture": "x86-64", "RootDeviceName": "/dev/xvda"}',
        "",  # botocore checks no enum
        ["1:33-1:41 AMI104"],
        id="bad-enum-accepted-by-botocore",
    ),
    pytest.param(
        json.dumps(
            {
                "Name": "web-2024-06-01",
                "Architecture": "arm64",
                "RootDeviceName": "/dev/xvda",
                "BlockDeviceMappings": [
                    {
                        "DeviceName": "/dev/xvda",
                        "Ebs": {"SnapshotId": "snap-0123abcd", "VolumeSize": 8},
                    }
                ],
                "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "team", "Value": "web"}]}],
            },
            indent=2,
        ),
        "",
        [],
        id="valid-request",
    ),
]


@pytest.mark.parametrize(("text", "report", "diagnostics"), EXAMPLES)
def test_example(text: str, report: str, diagnostics: list[str]) -> None:
    actual_report, _, actual = check(text)
    if report:
        for line in report.split("\n"):
            assert line in actual_report
    else:
        assert actual_report == ""
    source = Source.from_text(text, "request.json")
    assert sorted(_located(source, span, rule) for rule, span in actual) == sorted(diagnostics)


def _node(text: str, path: tuple[PathItem, ...]) -> Node:
    node, _ = lookup(read_json(Source.from_text(text, "request.json")).documents[0], path)
    assert node is not None
    return node


def test_report_paths_parse() -> None:
    assert _parse_path("input") == ()
    assert _parse_path("BlockDeviceMappings[0].Ebs.VolumeSize") == (
        "BlockDeviceMappings",
        0,
        "Ebs",
        "VolumeSize",
    )
    assert _parse_path("TagSpecifications[2].Tags[10]") == ("TagSpecifications", 2, "Tags", 10)
    text = '{"Name": "web", "TagSpecifications": [{"Tags": [{"Key": 1}]}]}'
    _, errors = botocore_errors(json.loads(text))
    assert errors == [("type", ("TagSpecifications", 0, "Tags", 0, "Key"), "")]
    assert _node(text, errors[0][1]).text() == "1"
