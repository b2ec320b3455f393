"""The libyaml fast path of the YAML reader against its ruamel path: for every
input, the same documents, spans, values, findings and failure, or a fallback."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ami_lint.nodes import Mapping, Node, Scalar, Sequence
from ami_lint.readers.yaml_reader import MAX_DEPTH, _Reader
from ami_lint.source import Source
from tests.conftest import ROOT
from tests.test_yaml_reader import YAMLISH

TESTS = Path(__file__).parent


def read(
    text: str,
    *,
    fast: bool,
    max_aliases: int = 1000,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = 10_000,
    direct: bool = True,
) -> tuple[str, object]:
    """Which parser read `text`, and a dump of everything the reader returned.
    `direct`: whether the libyaml path may compose in its event loop
    (`_read_direct`) before composing the events (`_read_libyaml`)."""
    source = Source.from_text(text, "request.yaml")
    reader = _Reader(source, max_aliases, max_depth, fast=fast, max_alias_nodes=max_alias_nodes)
    reader.direct = direct
    result = reader.read()
    seen: dict[int, int] = {}
    findings = [(f.rule, f.source is source, f.span, f.message, f.hint) for f in result.findings]
    return reader.parser, ([_dump(d, source, seen) for d in result.documents], findings, result.failed)


def _dump(node: Node, source: Source, seen: dict[int, int]) -> object:
    """Node kinds, spans, values (with their types), offset maps and which
    nodes are one object (an alias reuses its anchor's node), iteratively."""
    out: list[object] = []
    stack: list[tuple[Node, list[object]]] = [(node, out)]
    while stack:
        current, into = stack.pop()
        assert current.source is source
        if id(current) in seen:
            into.append(("same as", seen[id(current)]))
            continue
        seen[id(current)] = len(seen)
        if isinstance(current, Scalar):
            tm = current.text_map
            text_map = None if tm is None else [getattr(tm, slot) for slot in type(tm).__slots__]  # type: ignore[attr-defined]
            value = (type(current.value).__name__, repr(current.value))
            into.append(("scalar", current.span, value, current.plain, text_map))
        elif isinstance(current, Mapping):
            entries: list[object] = []
            into.append(("mapping", current.span, entries))
            for entry in reversed(entry_list := list(current.entries)):
                pair: list[object] = []
                entries.insert(0, pair)
                stack.append((entry.value, pair))
                stack.append((entry.key, pair))
            del entry_list
        else:
            assert isinstance(current, Sequence)
            items: list[object] = []
            into.append(("sequence", current.span, items))
            for item in reversed(current.items):
                slot: list[object] = []
                items.insert(0, slot)
                stack.append((item, slot))
    return out


def same(text: str, **limits: int) -> str:
    """Assert the paths agree on `text`: the default, libyaml without
    `_read_direct`, and ruamel; which one the default took."""
    parser, fast = read(text, fast=True, **limits)
    events_parser, events = read(text, fast=True, direct=False, **limits)
    slow_parser, slow = read(text, fast=False, **limits)
    assert slow_parser == "ruamel"
    assert events == slow, text
    assert fast == slow, text
    assert parser == events_parser, text
    return parser


# -- inputs from the repository ----------------------------------------------------


def _yaml_files() -> list[Path]:
    return sorted(
        path
        for folder in (TESTS, ROOT / "examples", ROOT / "rules")
        for pattern in ("*.yaml", "*.yml")
        for path in folder.rglob(pattern)
    )


def _case_sources() -> list[str]:
    out = []
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        for case in YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))["cases"]:
            if case["format"] == "yaml":
                out.append(case["source"])
    return out


def _reader_test_strings() -> list[str]:
    """Every string written in the YAML reader's own tests: most are YAML inputs."""
    tree = ast.parse((TESTS / "test_yaml_reader.py").read_text(encoding="utf-8"))
    found = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return sorted(text for text in found if len(text) > 1)


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files(path: Path) -> None:
    same(path.read_text(encoding="utf-8"))


def test_case_sources() -> None:
    sources = _case_sources()
    assert len(sources) > 50
    for text in sources:
        same(text)


def test_reader_test_strings() -> None:
    for text in _reader_test_strings():
        same(text)
        same(text, max_aliases=3, max_depth=3)


REQUEST = """\
# Registered by the nightly build.
Name: "web-2024-06-01"
Description: 'Web server, built by CI — café ☕ 😀'
Architecture: arm64
RootDeviceName: /dev/xvda
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      SnapshotId: snap-0123456789abcdef0
      VolumeSize: 8
      VolumeType: gp3
      DeleteOnTermination: yes
  - {DeviceName: /dev/sdb, VirtualName: ephemeral0}
  - DeviceName: /dev/sdc
    NoDevice: ""
TagSpecifications:
- ResourceType: image
  Tags:
  - Key: team
    Value: >-
      platform
      web
"""


@pytest.mark.parametrize(
    "text",
    [
        REQUEST,
        REQUEST.replace("\n", "\r\n"),
        "---\n" + REQUEST + "...\n---\nName: second\n",
        (ROOT / "examples" / "register-x86.yaml").read_text(encoding="utf-8"),
        "Name: x\nBlockDeviceMappings:\n- DeviceName:\n  Ebs: {VolumeSize: , Iops: 3000}\n",
        "base: &base {VolumeType: gp3}\nmapping:\n  <<: *base\n  VolumeSize: !!int 8\n",
        "Name: a\nName: b\n",
        "Name: 0x1F\nIops: 1_000\nSize: 2024-01-01\nX: .inf\n",
    ],
)
def test_fast_path_taken(text: str) -> None:
    """Plain request files go through libyaml (else it would silently never run)."""
    assert same(text) == "libyaml"


@pytest.mark.parametrize(
    "text",
    [
        REQUEST,
        REQUEST.replace("\n", "\r\n"),
        "---\n" + REQUEST + "...\n---\nName: second\n",
        "Name: a\nName: b\nC: {x: 1, x: 2, 'x': 3}\n1: a\ntrue: b\n'1': c\n",
        "Name: 0x1F\nIops: 1_000\nSize: 2024-01-01\nX: .inf\nY: null\nZ: ~\n",
        'A: [plain, \'single\', "double", 1, true, null, 1.5, "1", \'<<\', "="]\n',
        "A: {'k': \"v\", \"k2\": v 2, k3: 'v''3'}\nB: \u00e9t\u00e9 \U0001f600\n",
        "A:\n- x\n- [y, {z: 1}]\n-   - deep\n    - er\nB: two\n  lines\nC: 'a\n\n  b'\n",
        "[a, b]\n",
        "a: |\n  x\n\n\nb: >-\n  y\n  z\n",
        "plain\n",
        "{}\n",
    ],
)
def test_read_in_the_event_loop(text: str) -> None:
    """Request-like streams are composed in libyaml's event loop
    (`_read_direct`), as the composer of events composes them (`same`)."""
    assert same(text) == "libyaml"
    source = Source.from_text(text, "request.yaml")
    reader = _Reader(source, 1000, MAX_DEPTH)
    reader.read()
    assert reader.read_directly


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a:\n",
        "|\n  x\n",
        "a: |#\n x\n",
        "<<: {a: 1}\n",
        "? [a]\n: 1\n",
        "[a: 1]\n",
        "a: 2024-02-30\n",
    ],
)
def test_read_by_the_composer_of_events(text: str) -> None:
    """What `_read_direct` leaves to `_read_libyaml` (or ruamel)."""
    same(text)
    source = Source.from_text(text, "request.yaml")
    reader = _Reader(source, 1000, MAX_DEPTH)
    reader.read()
    assert not reader.read_directly


@pytest.mark.parametrize(
    "text",
    [
        "Name: plain value\nB: 'it''s'\nC: \"tab\\there\"\nD: 'two  spaces'\nE: \"q\\\"q\"\n",
        "A: x  y\nB: 'x'\nC: \"\"\nD: ''\nE: \"x y\"\nF: 'a b  c'\n'G': \"H\"\n",
        'A: [plain, \'single\', "double", 1, true, null, 1.5, "1", \'<<\', "="]\n',
        "A: {'k': \"v\", \"k2\": v 2, k3: 'v''3'}\nB: \u00e9t\u00e9 \U0001f600\n",
    ],
)
def test_one_line_strings_read_inline_as_by_ruamel(text: str) -> None:
    """The libyaml path reads one-line strings without properties inline
    (`_LibyamlEvents._libyaml_scalar`): the same nodes and text maps as ruamel's."""
    assert same(text) == "libyaml"


def test_without_libyaml_ruamel_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PyYAML built without libyaml has no `yaml._yaml`: ruamel reads the file."""
    text = "Name: x\nArchitecture: arm64\n"
    _, expected = read(text, fast=False)
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # importing it raises ImportError
    assert read(text, fast=True) == ("ruamel", expected)


def test_sample_files_take_the_fast_path() -> None:
    sources = [text for text in _case_sources() if "%" not in text and "\t" not in text]
    taken = sum(read(text, fast=True)[0] == "libyaml" for text in sources)
    assert taken >= len(sources) * 3 // 4


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.2\n---\na: 1\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        "a: 1\x85b: 2\n",
        "a: 1\u2028b: 2\n",
        "a:\tb\n",
        "a: 1\n\ufeffb: 2\n",
        "a: [1, 2\n",
        "a: &x:y 1\nb: *x:y\n",
        "a: !<tag:yaml.org,2002:str> 1\n",
        "a: \ud800\n",
        "a: *nowhere\n",
    ],
)
def test_fallback_agrees(text: str) -> None:
    """Inputs libyaml could read differently go to ruamel, with its findings."""
    assert same(text) == "ruamel"


@pytest.mark.parametrize(
    "text",
    [
        # Found by the generated tests below: places where libyaml and ruamel differ.
        "{d: , e}\n",
        "? \n? y\n",
        "--- # doc\n...\n",
        '- !x\n  &a "a"\n- !!int &b\n  x\n- !!str &d [a]\n',
        "- !\n",
        "a: |#\n x\n",
        "a: 1\n...\n...\n",
        "a\n... # c\n...",
        "|\r\n#",
        '["a":1]',
        "- |\n \n  b\n",
    ],
)
def test_differences_found(text: str) -> None:
    same(text)


def test_limits_agree() -> None:
    laughs = "a: &a [x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    same(laughs, max_aliases=50)
    # The nodes aliases stand for: the libyaml path stops, ruamel reads again
    # and stops at the same alias (and both agree just under the limit).
    for limit in (5, 6, 100, 1533, 1534):
        same(laughs, max_alias_nodes=limit)
    tags = "t: &t [" + ", ".join(f"{{Key: k{i}, Value: v}}" for i in range(50)) + "]\nu: [*t, *t, *t]\n"
    for limit in (251, 502, 752, 753):
        same(tags, max_alias_nodes=limit)
    same("[" * 30 + "]" * 30, max_depth=10)
    # An alias inside its own anchor's node, used as a key.
    same("&a {*a : 1}\n")
    same("a:\n" + "".join(f"{' ' * (i + 1)}b{i}:\n" for i in range(20)), max_depth=5)


# -- generated inputs ------------------------------------------------------------

WORDS = [
    "Name", "Ebs", "VolumeSize", "DeviceName", "x", "/dev/xvda", "snap-0123456789abcdef0", "8",
    "-1", "0o17", "0x1F", "017", "1_000", "1e3", ".5", ".inf", "-.Inf", ".NaN", "~", "null", "Null",
    "true", "False", "yes", "on", "2024-01-01", "2024-01-01T10:00:00Z", "<<", "=", "café", "😀",
    "a b", "a#b", "a:b", "-x", "?x", "x-", "é😀x", "ü:", "\\", "'", '"',
]  # fmt: skip
QUOTED = [
    '""', "''", '"a\\nb"', '"\\u00e9\\U0001F600\\x41"', '"\\/"', '"\\t\\"\\\\"', '"a\n  b"', "'it''s'",
    "'a\n\n  b'", '"é 😀"', '"\\N\\_\\L\\P"', '"a\\\n  b"', '"\\q"',
]  # fmt: skip
BLOCKS = [
    "|\n{i}a\n{i}b\n",
    ">-\n{i}a\n{i} b\n\n{i}c\n",
    "|+\n{i}x\n\n",
    ">2\n{i}  x\n",
    "| # c\n{i}é\n",
    "|\n",
    "|\n \n{i}a\n",
    ">\n{i}\n{i} b\n",
]
PROPS = ["", "", "", "&a ", "&b ", "!!str ", "!!int ", "!x ", "&a !!str ", "!!binary ", "!!timestamp "]
COMMENTS = ["", "", "", " # c", " #é", "  # ☕"]


def _scalar(draw: st.DrawFn, indent: int, flow: bool) -> str:
    kind = draw(st.integers(0, 9))
    if kind < 5:
        text = draw(st.sampled_from(WORDS))
    elif kind < 7:
        text = draw(st.sampled_from(QUOTED))
    elif kind < 8 and not flow:
        text = draw(st.sampled_from(BLOCKS)).format(i=" " * (indent + 2))
    elif kind < 9:
        text = draw(st.sampled_from(["*a", "*b", ""]))
        return text
    else:
        text = ""
    return draw(st.sampled_from(PROPS)) + text


def _flow(draw: st.DrawFn, depth: int) -> str:
    if depth > 2 or draw(st.integers(0, 2)) == 0:
        return _scalar(draw, 0, True)
    n = draw(st.integers(0, 3))
    sep = draw(st.sampled_from([", ", ",", " ,\n  ", ", # c\n  "]))
    if draw(st.booleans()):
        inner = [_pair(draw, depth) for _ in range(n)]
        return draw(st.sampled_from(PROPS)) + "{" + sep.join(inner) + "}"
    inner = [_pair(draw, depth) if draw(st.integers(0, 4)) == 0 else _flow(draw, depth + 1) for _ in range(n)]
    return draw(st.sampled_from(PROPS)) + "[" + sep.join(inner) + "]"


def _pair(draw: st.DrawFn, depth: int) -> str:
    # `"a":1` (JSON-like, no space) is YAML 1.2 only after a quoted key.
    colon = draw(st.sampled_from([": ", ": ", ":", " : ", ":\n  "]))
    return f"{_scalar(draw, 0, True)}{colon}{_flow(draw, depth + 1)}"


def _block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    pad = " " * indent
    lines = []
    mapping = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        comment = draw(st.sampled_from(COMMENTS))
        head = pad + (f"{draw(st.sampled_from(WORDS + QUOTED[:3]))}:" if mapping else "-")
        if draw(st.sampled_from(["<<", "", "", "", ""])) and mapping:
            head = pad + "<<:"
        choice = draw(st.integers(0, 5)) if depth < 3 else 0
        if choice <= 2:
            value = _scalar(draw, indent, False)
            lines.append(f"{head} {value}{comment}" if value else head + comment)
        elif choice == 3:
            lines.append(f"{head} {_flow(draw, 0)}{comment}")
        else:
            props = draw(st.sampled_from(PROPS)).rstrip()
            lines.append(f"{head} {props}{comment}".rstrip())
            step = draw(st.sampled_from([2, 2, 4, 0 if mapping else 2]))
            lines.extend(_block(draw, indent + step, depth + 1))
        if not draw(st.integers(0, 7)):
            lines.append(pad + draw(st.sampled_from(["", "# note", "  # ☕"])))
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = []
    for i in range(draw(st.integers(1, 3))):
        body = "\n".join(_block(draw, 0, 0)) + "\n"
        start = draw(st.sampled_from(["", "---\n", "--- # doc\n"])) if i == 0 else "---\n"
        end = draw(st.sampled_from(["", "", "...\n"]))
        parts.append(start + body + end)
    text = "".join(parts)
    if draw(st.integers(0, 3)) == 0:
        text = text.replace("\n", "\r\n")
    return text


MUTATIONS = [
    ":", ": ", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "'", '"', "|", ">", "#",
    "\n", "\r", "\t", "  ", "---\n", "...\n", "%YAML 1.2\n", "\x85", "\u2028", "\ufeff", "é", "😀",
    "\\", "@", "`", "%", "\x00", "\x7f", "|#", "#",
]  # fmt: skip


@st.composite
def broken(draw: st.DrawFn) -> str:
    text = draw(documents())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(MUTATIONS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
    return text


SOUP = st.lists(st.sampled_from(MUTATIONS + WORDS + QUOTED) | st.text(max_size=3), max_size=40).map("".join)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(documents())
def test_generated_documents(text: str) -> None:
    same(text)


@FUZZ
@given(broken())
def test_broken_documents(text: str) -> None:
    same(text)


@FUZZ
@given(SOUP)
def test_token_soup(text: str) -> None:
    same(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(YAMLISH)
def test_yamlish(text: str) -> None:
    same(text)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(), st.integers(1, 6), st.integers(1, 4), st.integers(1, 20))
@example("- []\r\n\r\n", 1, 1, 1)
def test_generated_under_limits(text: str, max_aliases: int, max_depth: int, max_alias_nodes: int) -> None:
    same(text, max_aliases=max_aliases, max_depth=max_depth, max_alias_nodes=max_alias_nodes)


# An item's own levels of nesting: `- item` is one more.
_INNER_LEVELS = {"[]": 1, "{}": 1, "[x]": 1, "{a: 1}": 1, "- []": 2, "- {}": 2, "[[]]": 2, "[{}]": 2}


@pytest.mark.parametrize("max_depth", [0, 1, 2])
@pytest.mark.parametrize("inner", list(_INNER_LEVELS))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_collection_one_past_max_depth(max_depth: int, inner: str, newline: str) -> None:
    # Found by test_generated_under_limits (`- []\r\n\r\n`, max_depth 1):
    # `_read_direct` counted the open collections without the innermost one,
    # so a collection one level past `max_depth` was read, not refused (AMI002).
    texts = [f"- {inner}{newline}", f"- {inner}{newline}{newline}", f"[{inner}]{newline}"]
    if not inner.startswith("- "):
        texts.append(f"a: {inner}{newline}")
    for text in texts:
        parser = same(text, max_depth=max_depth)
        assert (parser == "ruamel") == (1 + _INNER_LEVELS[inner] > max_depth), (text, parser)


@pytest.mark.parametrize("text", ["? \r\n- ", "? \n- ", "? [a]\n: 1\nName: x\n", "{? {a: 1} : 2}\n"])
def test_complex_keys_read_by_ruamel(text: str) -> None:
    # Found by test_yamlish: after a complex key libyaml's mapping ended one
    # character later than ruamel's on `\r\n`.
    assert same(text) == "ruamel"


@given(st.text(alphabet=st.sampled_from(["a", "-", " ", "\t", "\r", "\n", "\x85", "\u2028", "\u2029", "é"])))
def test_scalar_shortcut_means_neither_pattern_matches(raw: str) -> None:
    """`_libyaml_scalar` skips its two searches for a value that is printable
    and holds no space (issue 20): neither of them could then match."""
    from ami_lint.readers.yaml_text_map import _SPACE_RUN, _has_break

    if raw.isprintable() and " " not in raw:
        assert not _has_break(raw)
        assert _SPACE_RUN.search(raw, 1) is None
