"""`to_python`: its recursive fast path gives exactly what the iterative
reference gives (issue 20), on any tree, however deep."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.nodes import (
    UNKNOWN,
    Entry,
    Mapping,
    Node,
    Scalar,
    Sequence,
    Unknown,
    _to_python_iterative,
    to_python,
)
from ami_lint.source import Source, Span

SOURCE = Source("x", "t.json")
SPAN = Span(0, 1)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=4)
).map(lambda value: Scalar(SOURCE, SPAN, value))
leaves = st.one_of(
    scalars,
    st.just(None).map(lambda _: Unknown(SOURCE, SPAN)),
    st.just(None).map(lambda _: Node(SOURCE, SPAN)),
)


def _mapping(pairs: list[tuple[str, Node]]) -> Mapping:
    entries = tuple(Entry(Scalar(SOURCE, SPAN, key), value) for key, value in pairs)
    return Mapping(SOURCE, SPAN, entries)


trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        # Few key names: duplicate keys, the last of which wins.
        st.lists(st.tuples(st.sampled_from("abc"), children), max_size=4).map(_mapping),
        st.lists(children, max_size=4).map(lambda items: Sequence(SOURCE, SPAN, tuple(items))),
    ),
    max_leaves=30,
)


def _same(one: object, two: object) -> bool:
    """Equal, and of the same types all the way down (`True` is not `1`)."""
    if type(one) is not type(two):
        return False
    if isinstance(one, dict):
        assert isinstance(two, dict)
        return list(one) == list(two) and all(_same(one[k], two[k]) for k in one)
    if isinstance(one, list):
        assert isinstance(two, list)
        return len(one) == len(two) and all(_same(a, b) for a, b in zip(one, two, strict=True))
    return one is two or one == two


@settings(max_examples=300)
@given(trees)
def test_to_python_is_its_reference(tree: Node) -> None:
    assert _same(to_python(tree), _to_python_iterative(tree))


def test_deep_trees_go_to_the_reference() -> None:
    """Deeper than the recursion goes (and than Python's stack): the same data."""
    for depth in (39, 40, 41, 42, 43, 5000):
        node: Node = Scalar(SOURCE, SPAN, "leaf")
        for level in range(depth):
            node = _mapping([("k", node)]) if level % 2 else Sequence(SOURCE, SPAN, (node,))
        if depth < 100:  # `_same` recurses
            assert _same(to_python(node), _to_python_iterative(node))
    value = to_python(node)
    for level in reversed(range(5000)):
        value = value["k"] if level % 2 else value[0]  # type: ignore[index,call-overload]
    assert value == "leaf"


def test_unknowns_and_duplicates() -> None:
    tree = _mapping(
        [("a", Scalar(SOURCE, SPAN, 1)), ("b", Unknown(SOURCE, SPAN)), ("a", Scalar(SOURCE, SPAN, 2))]
    )
    assert to_python(tree) == {"a": 2, "b": UNKNOWN}
    assert list(to_python(tree)) == ["a", "b"]  # type: ignore[call-overload]
