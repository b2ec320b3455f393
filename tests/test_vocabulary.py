"""Names as the input writes them (`ami_lint.vocabulary`).

The whole corpus rendering byte for byte as before (tests/test_snapshots.py,
tests/cases) proves that `API` says what the messages always said. Here: the
marks round-trip, a made-up vocabulary renders every member and value of
every failing case (a rule that names a member by hand fails), and no text,
however broken its marks, makes rendering fail.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from ami_lint import vocabulary
from ami_lint.diagnostics import Diagnostic, Finding
from ami_lint.engine import Linter, Options, _Seen
from ami_lint.registry import builtin_registry
from ami_lint.rule import KIND_INPUT
from ami_lint.selection import Selection
from ami_lint.vocabulary import API, ApiValue, PathItem, Vocabulary, member, value
from tests.conftest import lint
from tests.test_rule_cases import ALL, FRONT_END, SUFFIX

SCHEMA = Path(vocabulary.__file__).parent / "data" / "register_image.schema.json"
MARKS = "\ue010\ue011\ue012\ue013"


def _member_names() -> frozenset[str]:
    """Every member name of the RegisterImage request (the botocore shape, as the schema has it)."""
    names: set[str] = set()
    todo: list[object] = [json.loads(SCHEMA.read_text(encoding="utf-8"))]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if isinstance(item.get("properties"), dict):
                names.update(item["properties"])
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return frozenset(names)


MEMBERS = _member_names()


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class Terraformish(Vocabulary):
    """A stand-in for a later front end: snake_case attributes, a block per
    mapping (`ebs_block_device.iops`), no indexes, Python's booleans."""

    def path(self, items: Sequence[PathItem]) -> str:
        names = []
        for item in items:
            if isinstance(item, int) or item == "Ebs":
                continue
            names.append("ebs_block_device" if item == "BlockDeviceMappings" else _snake(item))
        return ".".join(names) or "aws_ami"

    def value(self, v: ApiValue) -> str:
        return repr(v) if isinstance(v, bool) or v is None else super().value(v)


TERRAFORM = Terraformish()


def test_api_renders_the_names_of_the_api() -> None:
    assert API.render(f"{member('BlockDeviceMappings', 0, 'Ebs', 'VolumeSize')} is `0`") == (
        "`BlockDeviceMappings[0].Ebs.VolumeSize` is `0`"
    )
    assert API.render(f"Lower {member('Iops')} to at most 3000") == "Lower `Iops` to at most 3000"
    assert (
        API.render(f"{value(True)} or {value(False)}, not {value(None)}") == "`true` or `false`, not `null`"
    )
    assert API.render(f"the request {member()}") == "the request `request`"
    assert API.render("no marks: `Iops` as written") == "no marks: `Iops` as written"


def test_other_vocabularies_render_the_same_marks() -> None:
    text = f"{member(['BlockDeviceMappings', 0, 'Ebs', 'Iops'])} is {value(True)}"
    assert TERRAFORM.render(text) == "`ebs_block_device.iops` is `True`"


@pytest.mark.parametrize(
    "path",
    [
        ("BlockDeviceMappings", 0, "Ebs", "VolumeSize"),
        ("0", 0),
        ("",),
        ('a"b\\c', "naïve", "tab\there", "line\nbreak"),
        ("\ue010", "\ue011\ue013", "`"),
        (),
    ],
)
def test_marks_round_trip_any_path(path: tuple[PathItem, ...]) -> None:
    seen: list[Sequence[PathItem]] = []

    class Recording(Vocabulary):
        def path(self, items: Sequence[PathItem]) -> str:
            seen.append(items)
            return "x"

    marked = member(*path)
    assert Recording().render(f"a {marked} b") == "a `x` b"
    assert seen == [list(path)]
    assert member(list(path)) == marked  # a path as one list is the same mark


@pytest.mark.parametrize("v", [True, False, None, 0, -3, 1.5, "gp3", 'quo"te', "\ue012", ""])
def test_marks_round_trip_any_value(v: ApiValue) -> None:
    seen: list[ApiValue] = []

    class Recording(Vocabulary):
        def value(self, v: ApiValue) -> str:
            seen.append(v)
            return "x"

    assert Recording().render(value(v)) == "`x`"
    assert seen == [v] and type(seen[0]) is type(v)


def test_malformed_marks_are_left_as_written() -> None:
    for text in [
        "\ue010",
        "\ue011\ue010",
        "\ue010Iops\ue011",  # not JSON
        "\ue010[1, true]\ue011",  # a boolean is no path item
        '\ue010{"a": 1}\ue011',
        "\ue012[1]\ue013",  # a list is no value
        "\ue012tru\ue013",
        "\ue010" + "[" * 100_000 + "\ue011",  # deeper than json's stack
        '\ue010["a"]\ue013',  # mismatched ends
        '\ue012["a"]\ue011',
    ]:
        assert API.render(text) == text
        assert TERRAFORM.render(text) == text


def test_hostile_text_renders_without_error() -> None:
    rng = random.Random(15)
    alphabet = [*MARKS, *'[]{}",:\\ 0aZ-`', "true", '"Iops"', "\ue010[", "]\ue011", "\u0000", "\U0010ffff"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        for vocab in (API, TERRAFORM):
            out = vocab.render(text)
            assert isinstance(out, str)
            # Whatever it renders is a whole mark: no mark character is lost or made.
            assert out.count("\ue010") <= text.count("\ue010")


# Every failing case of every rule, linted by the real linter with the made-up vocabulary.
FAILING = [(rule, case) for rule, case in ALL if not case.get("pass")]


class _SpeakingTerraform(Linter):
    """The real linter, its diagnostics written in `TERRAFORM`."""

    def _diagnostics(
        self,
        findings: list[Finding],
        vocabulary: Vocabulary = API,
        seen: _Seen | None = None,
        roots: dict | None = None,
    ) -> list[Diagnostic]:
        return super()._diagnostics(findings, TERRAFORM, seen, roots)


@functools.cache
def _linter() -> Linter:
    every = tuple(rule.id for rule in builtin_registry())
    return _SpeakingTerraform(Options(selection=Selection(select=every)))


def _api_names(text: str) -> list[str]:
    """The backtick-quoted API member names and paths in `text` (`Iops`,
    `BlockDeviceMappings[0].Ebs`)."""
    found = []
    for quoted in re.findall(r"`([^`]*)`", text):
        parts = [p for p in re.split(r"\.|\[\d+\]", quoted) if p]
        if parts and all(p in MEMBERS for p in parts):
            found.append(quoted)
    return found


@pytest.mark.parametrize(("rule", "case"), FAILING, ids=[f"{r}-{c['name']}" for r, c in FAILING])
def test_every_message_names_members_through_the_vocabulary(rule: str, case: dict) -> None:
    fmt = case["format"]
    name = case.get("path", "case" + SUFFIX[fmt])
    diagnostics = lint(case["source"], name, FRONT_END.get(fmt, fmt), _linter(), case.get("option"))
    assert any(d.rule == rule for d in diagnostics)
    for d in diagnostics:
        # A syntax error is about the text as written, in the input's own syntax.
        about_members = builtin_registry().get(d.rule).kind != KIND_INPUT
        for text in (d.message, d.hint or "", d.fix.title if d.fix is not None else ""):
            assert not set(text) & set(MARKS), f"{d.rule}: unrendered mark in {text!r}"
            if about_members:
                assert _api_names(text) == [], f"{d.rule}: a member named by hand in {text!r}"


HVM_WITHOUT_ENA = json.dumps(
    {
        "Name": "a",
        "Architecture": "x86_64",
        "EnaSupport": False,
        "VirtualizationType": "hvm",
        "RootDeviceName": "/dev/xvda",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}],
    }
)


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ('{"Name": "a", "EnaSupport": "true"}', "Write `True` without quotes"),
        ('{"Name": "a", "EnaSupport": 1}', "`ena_support` is the integer `1` but must be a boolean"),
        (
            '{"Name": "a", "EnaSupport": true, "VirtualizationType": "paravirtual"}',
            "`ena_support` is `True` but",
        ),
        (HVM_WITHOUT_ENA, "`ena_support` is `False` on an `hvm` image"),
        ("Name: a\nEnaSupport: yes\n", "`yes` is a string to the CLI, not a boolean: write `True`"),
        (
            '{"Name": "a", "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"Iopz": 3}}]}',
            "Unknown parameter `iopz` in `ebs_block_device`",
        ),
    ],
)
def test_messages_in_another_vocabulary(source: str, said: str) -> None:
    fmt = "yaml" if source.startswith("Name:") else "json"
    diagnostics = lint(source, f"r.{fmt}", fmt, _linter())
    texts = [f"{d.message} | {d.hint}" for d in diagnostics]
    assert any(said in text for text in texts), texts


@pytest.mark.parametrize(
    "payload",
    ["true", "false", "0", "-0", "01", "1_000", "-5", "12345678901234567890", '"abc"', '""', '"a b"',
     '"x\\"y"', "null", "1.5", '"é"', "", "-", "+1", " 1", "1 ", '"/dev/xvda"', "١٢", '"a', "[1]",
     '["BootMode"]', '["A", 0, "B"]', "[]", "[ ]", '[ "a"]', "[1,2]", '["a", "b c"]', '["a",]', "[", "]",
     '[["a"]]', '["a", null]', "[true, -1]"],
)  # fmt: skip
def test_marks_are_read_as_json_reads_them(payload: str) -> None:
    # `_decoded` reads the forms `_json` writes without json (issue 20): the same values.
    import json

    from ami_lint.vocabulary import _BAD, _decoded

    try:
        expected = json.loads(payload)
    except ValueError:
        expected = _BAD
    got = _decoded(payload)
    assert (type(got), got) == (type(expected), expected)


def test_the_api_renders_each_mark_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API remembers its rendering of a mark: the same few marks are in
    most messages of a run. Another vocabulary renders every time."""
    import ami_lint.vocabulary as vocabulary

    monkeypatch.setattr(vocabulary, "_API_MARKS", {})
    calls: list[str] = []
    rendered = vocabulary.Vocabulary._rendered

    def counting(self: vocabulary.Vocabulary, is_member: bool, payload: str) -> str | None:
        calls.append(payload)
        return rendered(self, is_member, payload)

    monkeypatch.setattr(vocabulary.Vocabulary, "_rendered", counting)
    text = f"{member('BlockDeviceMappings', 0, 'Ebs', 'Iops')} is {value(True)}"
    assert API.render(text) == "`BlockDeviceMappings[0].Ebs.Iops` is `true`"
    assert API.render(text + "!") == "`BlockDeviceMappings[0].Ebs.Iops` is `true`!"
    assert len(calls) == 2
    # A stray mark character is remembered as no mark, and left as written.
    stray = "\ue010oops\ue011"
    assert API.render(stray) == API.render(stray) == stray
    assert calls[2:] == ["oops"]

    class Other(vocabulary.Vocabulary):
        pass

    Other().render(text)
    Other().render(text)
    assert len(calls) == 7
