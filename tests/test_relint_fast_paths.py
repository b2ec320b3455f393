"""Issue 20, item 5: the shortcuts taken on the way of a re-lint in the
editor give exactly what the general ways give.

Each shortcut is turned off (monkeypatched to decline) and the same input
read again: the results are compared whole, every node's span and the
span its offset map gives for every range of its text included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint import shorthand
from ami_lint.nodes import Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.offsets import OffsetMap
from ami_lint.shell import cmdline
from ami_lint.shell.calls import parse_script, scan
from ami_lint.shell.cmdline import read_command_line
from ami_lint.shell.commands import logical_commands
from ami_lint.shell.walk import preorder
from ami_lint.shell.words import ShellWord, WordDecoder
from ami_lint.source import Source

ROOT = Path(__file__).parent.parent
SCRIPTS = sorted(p for folder in ("tests/corpus", "examples") for p in (ROOT / folder).rglob("*.sh"))


def _node(node: Node | None) -> object:
    """A node as plain data: its kind, span, value, and what its map gives."""
    if node is None:
        return None
    if isinstance(node, Mapping):
        return ("map", node.span, [(_node(e.key), _node(e.value)) for e in node.entries])
    if isinstance(node, Sequence):
        return ("seq", node.span, [_node(i) for i in node.items])
    if isinstance(node, Unknown):
        return ("unknown", node.span, node.reason)
    assert isinstance(node, Scalar)
    mapped = None
    if node.text_map is not None and isinstance(node.value, str):
        n = len(node.value)
        mapped = [node.text_map.span(a, b) for a in range(-1, n + 2) for b in range(a - 1, n + 2)]
    return ("scalar", node.span, node.value, node.plain, mapped)


def _shorthand(text: str, mapper: object) -> object:
    source = Source(text, "t")
    result = shorthand.read_shorthand(text, source, mapper)  # type: ignore[arg-type]
    findings = [(f.rule, f.span, f.message, f.hint) for f in result.findings]
    return _node(result.node), findings, [_node(v) for v in result.paramfile_values]


def _both_ways(text: str, mapper: object, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _shorthand(text, mapper)
    with monkeypatch.context() as patched:
        patched.setattr(shorthand, "_plain_word_end", lambda *args: None)
        plain = _shorthand(text, mapper)
    assert fast == plain


# Characters that matter to the shorthand's reader, and a few that do not.
ALPHABET = [*"ab=,{}[]'\"\\@ \t\n.:/-_#", "\u00e9", "\u2003", "\U0001f600", "\x00", "\x85"]

VALUES = [
    "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-1,VolumeType=gp3,Iops=100}",
    "DeviceName=/dev/xvda,Ebs={SnapshotId=\ue000,VolumeSize=8},NoDevice=",
    "Key=a,Values=b,c,d",
    "a=b\\,c,d=e ",
    "a=[x, y ,z,],b={c=d,c=e}",
    "a=b\u2003,c='q\\'x',d=\"\\\\\"",
    "a=\U0001f600,b=c\U0001f600",
    "a=b\\",
    "a@=file://x,b=fileb://y",
]


def test_plain_words_read_as_the_loop_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in VALUES:
        _both_ways(text, OffsetMap.linear(3, len(text)), monkeypatch)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
def test_generated_values_read_as_the_loop_reads_them(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(text, OffsetMap.linear(0, len(text)), monkeypatch)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Key=", "a", "b,", "{", "}", "[", "]", "=", ",", " ", "\\,", "'x'", "c=d"]),
        max_size=12,
    ).map("".join),
    st.integers(0, 5),
)
def test_generated_values_through_a_map_of_pieces_read_the_same(text: str, cut: int) -> None:
    # A map of several pieces, as a word with a variable's value in it has.
    mapper = OffsetMap(anchor=10)
    mapper.add_literal(10, min(cut, len(text)))
    if len(text) > cut:
        mapper.add_atom(40, 6)
        mapper.add_literal(60, len(text) - cut - 1)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(text, mapper, monkeypatch)


def _word(word: ShellWord) -> object:
    return (word.span, word.parts, word.resolved)


def _decoded(text: str) -> list[object]:
    source = Source(text, "t.sh")
    script = parse_script(source)
    decoder = WordDecoder(source, script.offsets)
    out: list[object] = []
    for node, _ in preorder(script.tree.root_node):
        if node.type == "command":
            for _, groups in logical_commands(node, decoder):
                for group in groups:
                    plain = decoder._plain(group[0]) if len(group) == 1 else None
                    built, written = decoder._build(group, None, False, split=False)
                    if plain is not None:  # the shortcut's word is the general one's
                        assert plain.span == written
                        assert plain.parts == tuple(built.parts) and not built.resolved
                    out.append(_word(decoder.decode(group)))
    return out


WORDS = [
    "aws ec2 register-image --name 'x' \"y\" z --a=b $V \"$V\" ~/x a\\ b 'é' \"é\" x*y $'a' \"\" ''",
    'echo "a\\"b" `x` "$(y)" a"b"c é=ü --é',
    "aws ec2 register-image \\\n  --name n\\\n-x --block-device-mappings "
    '"DeviceName=/dev/xvda,Ebs={SnapshotId=${S}}"',
]


def test_plain_words_decode_as_the_general_way() -> None:
    for text in WORDS + [p.read_text(encoding="utf-8", errors="replace") for p in SCRIPTS]:
        _decoded(text)


def _use(u: cmdline.OptionUse) -> tuple[object, ...]:
    values = [_word(v) for v in u.values]
    return (u.spec, _word(u.word), u.name_span, u.written, values, u.explicit, u.missing_value, u.open_list)


def _line(text: str) -> list[object]:
    source = Source(text, "t.sh")
    out: list[object] = []
    for invocation in scan(source).take():
        line = read_command_line(invocation)
        out.append(
            (
                [_use(u) for u in line.options],
                [(_word(s.word), s.reason, s.candidates, s.after_flag is not None) for s in line.strays],
                [_word(w) for w in line.splices],
                [_word(w) for w in line.globals_after],
            )
        )
    return out


OPTION_WORDS = [
    "--name",
    "--name=x",
    "--na",
    "--n",
    "--no-ena-support",
    "--ena-support",
    "--block-device-mappings",
    "--region",
    "--region=x",
    "--debug",
    "--",
    "-",
    "-1",
    "--nme",
    "x",
    '"$V"',
    "$V",
    '"--name"',
    "'--architecture'",
    "--cli-input-json",
    "--generate-cli-skeleton",
    "--architecture",
    "arm64",
    "--tag-specifications",
    "a b",
    "--billing-products",
]


def _line_each_word_alone(text: str) -> list[object]:
    """`_line(text)` with every word classified by `_classify` alone (the
    reference of `_classify_all`)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(
            cmdline,
            "_classify_all",
            lambda ws: ([cmdline._classify(w) for w in ws], [w.text for w in ws]),
        )
        return _line(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(OPTION_WORDS), max_size=10))
def test_command_lines_read_as_each_word_classified_alone(words: list[str]) -> None:
    text = "aws ec2 register-image " + " ".join(words) + "\n"
    assert _line(text) == _line_each_word_alone(text)


def test_the_corpus_command_lines_read_the_same() -> None:
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _line(text) == _line_each_word_alone(text), path
