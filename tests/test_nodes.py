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
    ScalarValue,
    Sequence,
    Unknown,
    _to_python_iterative,
    entry_of,
    scalar_of,
    to_python,
)
from ami_lint.offsets import Linear, linear_of
from ami_lint.records import fields
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


_SOURCE = Source.from_text("x" * 50, "p")
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))


def _state(obj: object, names: tuple[str, ...]) -> tuple[object, ...]:
    return (type(obj), *(getattr(obj, name) for name in names))


@given(st.integers(0, 40), st.integers(0, 10), _VALUES, st.booleans(), st.booleans())
def test_node_makers_are_the_classes(
    start: int, length: int, value: ScalarValue, mapped: bool, plain: bool
) -> None:
    # The readers make scalars, entries and linear maps with these makers,
    # which do not call the classes: every field must be set as the class
    # sets it (a field added to a class and not to its maker fails here).
    span = Span(start, start + length)
    text_map = Linear(start, length) if mapped else None
    made = scalar_of(_SOURCE, span, value, text_map, plain)
    called = Scalar(_SOURCE, span, value, text_map, plain)
    assert _state(made, fields(Scalar)) == _state(called, fields(Scalar))
    assert repr(made) == repr(called)
    assert _state(scalar_of(_SOURCE, span, value), fields(Scalar)) == _state(
        Scalar(_SOURCE, span, value),
        fields(Scalar),
    )
    entry, entry_called = entry_of(made, called), Entry(made, called)
    assert _state(entry, fields(Entry)) == _state(entry_called, fields(Entry))
    assert entry.name == entry_called.name
    linear, linear_called = linear_of(start, length), Linear(start, length)
    assert _state(linear, Linear.__slots__) == _state(linear_called, Linear.__slots__)
    assert len(linear) == len(linear_called)
    for a in range(-1, length + 2):
        for b in range(a - 1, length + 3):
            assert linear.span(a, b) == linear_called.span(a, b)
