"""The shorthand parser's light offset maps (issue 20, item 4) answer as the
plain ones did: a word copied as written, and every key, gets a `Linear` map
where a per-character `OffsetMap` was built before. The plain way is kept
here (`_plain_word`, the parser's word before the change) and both are run
on the same generated values: every node, its span and the span of every
range of every string's characters agree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ami_lint import shorthand
from ami_lint.nodes import Mapping, Node, Scalar, Sequence
from ami_lint.offsets import OffsetMap
from ami_lint.shorthand import read_shorthand
from ami_lint.source import Source
from tests.test_shorthand import CLEAN, RANDOM, STRUCTURED, mutated


def _plain_word(
    self: shorthand._Parser, continues: Callable[[str], bool], run: shorthand._Run
) -> Scalar | None:
    """`_Parser.word` as it was: one piece per decoded character."""
    text, n = self.text, self.n
    start = i = self.i
    chars: list[str] = []
    pieces: list[tuple[int, int]] = []
    first = True
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] == ",":
            chars.append(",")
            pieces.append((i, 2))
            i += 2
        elif _starts(c) if first else continues(c):
            chars.append(c)
            pieces.append((i, 1))
            i += 1
        else:
            break
        first = False
    if first:
        return None
    self.i = i
    while chars and chars[-1].isspace():
        chars.pop()
        pieces.pop()
    if not pieces:
        return self.empty(start)
    end = pieces[-1][0] + pieces[-1][1]
    return self.string("".join(chars), start, end, pieces, plain=True)


def _starts(c: str) -> bool:
    return shorthand._starts_word(c)


# The pattern the key scanner was before it was written with str methods.
_KEY_RUN = re.compile("[" + re.escape("".join(sorted(shorthand._KEY_CHARS))) + "]*")


def _plain_key(self: shorthand._Parser) -> Scalar:
    """`_Parser.key` as it was: an `OffsetMap` for each key."""
    text = self.text
    start = self.i
    match = _KEY_RUN.match(text, start)
    i = self.i = max(start, match.end()) if match else start
    if i == start:
        return self.empty()
    return Scalar(
        self.source,
        self.mapper.span(start, i),
        text[start:i],
        OffsetMap.linear(start, i - start).then(self.mapper),
        True,
    )


def _nodes(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Mapping):
            for entry in current.entries:
                stack.extend((entry.key, entry.value))
        elif isinstance(current, Sequence):
            stack.extend(current.items)


def _described(text: str, offset: int) -> list[object]:
    """Every node of the parse of `text` (written at `offset` of its source)
    with its span, and each string's map over every range of its characters."""
    source = Source(" " * offset + text, "v")
    result = read_shorthand(text, source, OffsetMap.linear(offset, len(text)))
    out: list[object] = [
        [(f.span, f.message) for f in result.findings],
        [s.span for s in result.paramfile_values],
    ]
    for node in _nodes(result.node):
        out.append((type(node).__name__, node.span, getattr(node, "value", None)))
        if isinstance(node, Scalar) and node.text_map is not None:
            size = len(node.value) if isinstance(node.value, str) else 0
            out.append([node.text_map.span(a, b) for a in range(-1, size + 2) for b in range(-1, size + 2)])
    return out


def _plainly(text: str, offset: int, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    with monkeypatch.context() as patch:
        patch.setattr(shorthand._Parser, "word", _plain_word)
        patch.setattr(shorthand._Parser, "key", _plain_key)
        return _described(text, offset)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.one_of(CLEAN, STRUCTURED, mutated(), RANDOM), offset=st.integers(0, 3))
def test_light_maps_answer_as_the_plain_ones(text: str, offset: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _described(text, offset) == _plainly(text, offset, monkeypatch), text


@pytest.mark.parametrize(
    "text",
    [
        "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-1,VolumeType=gp3,Iops=100}",
        "a=b\\,c  ,d=x  \t",
        "a=b \\,\\, ,c=[x\\,y , z\u00a0 ]",
        "a=\\,",
        "a= \u00a0x\u2003 ",
        "a=x\U0001f600y",
    ],
)
def test_examples_answer_as_the_plain_ones(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _described(text, 2) == _plainly(text, 2, monkeypatch)


def test_a_linear_map_then_another_in_one_object_answers_as_the_pair() -> None:
    """`linear_then` (a shorthand key's or copied word's map) answers every
    span, clamped, empty or out of range, as `Composed(Linear(...), outer)`."""
    from ami_lint.offsets import Composed, Linear, LinearThen, OffsetMap, linear_then

    outer = OffsetMap(anchor=3)
    outer.add_literal(3, 4)
    outer.add_atom(9, 6)
    outer.add_literal(20, 5)
    for start in (0, 1, 4, 9):
        for length in range(6):
            made = linear_then(start, length, outer)
            assert type(made) is LinearThen
            pair, called = Composed(Linear(start, length), outer), LinearThen(start, length, outer)
            for first in range(-3, 12):
                for end in range(-3, 12):
                    assert made.span(first, end) == pair.span(first, end) == called.span(first, end)
