"""Our own tree of parsed values. No parser library's types get past a reader."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ami_lint.offsets import Composed, Linear, Mapper
from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span

ScalarValue = str | int | float | bool | None
PathItem = str | int

# The node classes are slotted records that are not `frozen`: a frozen
# record sets each field through `object.__setattr__` (about 1,300
# instructions a field, callgrind), a plain one with a store the interpreter
# specialises, and the readers make a node for every key and value (a JSON
# string's `Scalar` took 7,800 instructions, now 2,400; issue 20). Nothing
# assigns to a node once made: they are compared and hashed by identity
# (`eq=False`), and `relocate`/`substitute` build new trees.


@record(eq=False, slots=True)
class Node(metaclass=Record):
    """A parsed value and where it was written."""

    source: Source
    span: Span

    def text(self) -> str:
        """The node as written in its source."""
        return self.source.slice(self.span)


@record(eq=False, slots=True)
class Scalar(Node, metaclass=Record):
    """A string, number, boolean or null."""

    value: ScalarValue
    # For strings: decoded index -> offset in `source`, so a finding can point
    # at one character inside a quoted or escaped value.
    text_map: Mapper | None = None
    # Written without quotes (a YAML plain scalar or a JSON literal).
    plain: bool = False

    def inner_span(self, start: int, end: int) -> Span:
        """Source span of characters `[start, end)` of the decoded string."""
        text_map = self.text_map
        if text_map is None:
            return self.span
        if text_map is QUOTED:
            span = self.span
            return Linear(span.start + 1, span.end - span.start - 2).span(start, end)
        return text_map.span(start, end)

    def mapper(self) -> Mapper | None:
        """The text map, `QUOTED` made the `Linear` map it stands for."""
        text_map = self.text_map
        if text_map is QUOTED:
            span = self.span
            return Linear(span.start + 1, span.end - span.start - 2)
        return text_map


class _Quoted:
    """The text map of a string written between two one-character quotes
    exactly as it reads (a JSON string without escapes): decoded character
    `i` is source character `span.start + 1 + i`. The JSON reader gives it
    to such strings (most of a request's) rather than make a `Linear` map
    for each (~1,100 instructions, and few are ever asked: issue 20). It
    maps through its scalar: `Scalar.inner_span`, or `Scalar.mapper()`
    for the map itself."""

    __slots__ = ()

    def span(self, start: int, end: int) -> Span:
        raise TypeError("QUOTED maps through its scalar: Scalar.inner_span or Scalar.mapper()")

    def __repr__(self) -> str:
        return "QUOTED"


QUOTED = _Quoted()


@record(eq=False, slots=True)
class Unknown(Node, metaclass=Record):
    """A value that cannot be known without running something (`$VAR`, `$(...)`)."""

    reason: str = "unknown"


@record(eq=False, slots=True)
class Entry(metaclass=Record):
    """A key and its value in a mapping."""

    key: Scalar
    value: Node

    @property
    def name(self) -> str:
        return str(self.key.value)


@record(eq=False, slots=True)
class Mapping(Node, metaclass=Record):
    """An object, structure or mapping, keys in source order."""

    entries: tuple[Entry, ...] = ()
    # Later entries win, as with the CLI's loaders.
    _index: dict[str, Entry] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # `entry.name` inlined: every mapping of every document comes here.
        index = self._index
        for entry in self.entries:
            index[str(entry.key.value)] = entry

    def entry(self, key: str) -> Entry | None:
        return self._index.get(key)

    def get(self, key: str) -> Node | None:
        found = self._index.get(key)
        return found.value if found else None

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def keys(self) -> list[str]:
        return list(self._index)


@record(eq=False, slots=True)
class Sequence(Node, metaclass=Record):
    """A list."""

    items: tuple[Node, ...] = ()


_new = object.__new__


# The readers make a `Scalar` for every key and value and an `Entry` for
# every member (some 52,000 and 32,000 in the bench tree); calling a record
# class runs its Python `__init__` through `slot_tp_init`, which costs more
# than `object.__new__` and the attribute stores themselves. These set every
# field as the class's `__init__` does; tests/test_nodes.py compares them.
def scalar_of(
    source: Source, span: Span, value: ScalarValue, text_map: Mapper | None = None, plain: bool = False
) -> Scalar:
    """`Scalar(source, span, value, text_map, plain)`, made without calling the class."""
    made = _new(Scalar)
    made.source = source
    made.span = span
    made.value = value
    made.text_map = text_map
    made.plain = plain
    return made


def entry_of(key: Scalar, value: Node) -> Entry:
    """`Entry(key, value)`, made without calling the class."""
    made = _new(Entry)
    made.key = key
    made.value = value
    return made


class _UnknownValue:
    """Stands in for an `Unknown` node in plain Python data."""

    _instance: _UnknownValue | None = None

    def __new__(cls) -> _UnknownValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _UnknownValue()


def to_python(node: Node) -> object:
    """Plain Python data for a node tree: `Unknown` (and a bare `Node`) as
    `UNKNOWN`, the last of duplicate keys winning. Depth is not limited by
    the stack: a tree deeper than `_SHALLOW` is done by `_to_python_iterative`."""
    try:
        return _plain(node, 0)
    except _Deep:
        return _to_python_iterative(node)


class _Deep(Exception):
    """`_plain` met a tree deeper than it goes, or a class it does not know."""


# How deep `_plain` recurses (a request is a few levels deep) before the
# iterative reference takes the tree.
_SHALLOW = 40


def _plain(node: Node, depth: int) -> object:
    """`to_python` of a shallow tree, recursively: about half the
    instructions of the iterative reference, which every checked request
    paid (issue 20). tests/test_nodes.py compares the two."""
    cls = node.__class__
    if cls is Scalar:
        return node.value  # type: ignore[attr-defined]
    if depth > _SHALLOW:
        raise _Deep
    if cls is Mapping:
        out: dict[str, object] = {}
        for name, entry in node._index.items():  # type: ignore[attr-defined]
            child = entry.value
            out[name] = child.value if child.__class__ is Scalar else _plain(child, depth + 1)
        return out
    if cls is Sequence:
        return [
            item.value if item.__class__ is Scalar else _plain(item, depth + 1)
            for item in node.items  # type: ignore[attr-defined]
        ]
    if cls is Unknown or cls is Node:
        return UNKNOWN
    raise _Deep  # a subclass: the reference's `isinstance` tests decide


def _to_python_iterative(node: Node) -> object:
    """`to_python`'s reference: iterative, so depth is not limited by the stack."""
    result: list[object] = []
    # Each frame: node, container to fill, key/index to fill it at.
    stack: list[tuple[Node, object, object]] = [(node, result, 0)]
    result.append(None)
    while stack:
        current, parent, slot = stack.pop()
        value: object
        if isinstance(current, Mapping):
            # `_index` has the keys in the order first written, each with its
            # last value: the last of duplicate keys wins, as in the CLI's loaders.
            mapping: dict[str, object] = dict.fromkeys(current._index)
            for name, entry in current._index.items():
                child = entry.value
                if isinstance(child, Scalar):  # most values: no trip through the stack
                    mapping[name] = child.value
                else:
                    stack.append((child, mapping, name))
            value = mapping
        elif isinstance(current, Sequence):
            items: list[object] = [None] * len(current.items)
            for i, item in enumerate(current.items):
                if isinstance(item, Scalar):
                    items[i] = item.value
                else:
                    stack.append((item, items, i))
            value = items
        elif isinstance(current, Scalar):
            value = current.value
        else:
            value = UNKNOWN
        parent[slot] = value  # type: ignore[index]
    return result[0]


def walk(node: Node) -> Iterator[tuple[tuple[PathItem, ...], Node]]:
    """Every node with its path from `node`, parents before children."""
    stack: list[tuple[tuple[PathItem, ...], Node]] = [((), node)]
    while stack:
        path, current = stack.pop()
        yield path, current
        if isinstance(current, Mapping):
            for entry in reversed(current.entries):
                stack.append(((*path, entry.name), entry.value))
        elif isinstance(current, Sequence):
            for i in range(len(current.items) - 1, -1, -1):
                stack.append(((*path, i), current.items[i]))


def lookup(root: Node, path: tuple[PathItem, ...] | list[PathItem]) -> tuple[Node | None, Entry | None]:
    """The node at `path` and, when its last step is a key, that key's entry."""
    node: Node | None = root
    entry: Entry | None = None
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str):
            entry = node.entry(step)
            node = entry.value if entry else None
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            entry = None
            node = node.items[step]
        else:
            return None, None
    return node, entry


def relocate(node: Node, source: Source, mapper: Mapper) -> Node:
    """The same tree placed in `source`: every span goes through `mapper`.

    For a value parsed from decoded text (JSON inside a shell word) whose
    offsets must point into the file the word was written in. Iterative, so
    depth is not limited by the stack.
    """

    def place(current: Node) -> tuple[Source, Span]:
        return source, mapper.span(current.span.start, current.span.end)

    def leaf(current: Node) -> Node:
        _, span = place(current)
        if isinstance(current, Scalar):
            inner = current.mapper()
            text_map = Composed(inner, mapper) if inner is not None else None
            return Scalar(source, span, current.value, text_map, current.plain)
        if isinstance(current, Unknown):
            return Unknown(source, span, current.reason)
        return Node(source, span)

    return _rebuild(node, place, leaf)


def substitute(node: Node, replacements: dict[int, Node]) -> Node:
    """The same tree with each leaf whose `id` is in `replacements` replaced."""
    return _rebuild(node, lambda c: (c.source, c.span), lambda c: replacements.get(id(c), c))


def _rebuild(node: Node, place: Callable[[Node], tuple[Source, Span]], leaf: Callable[[Node], Node]) -> Node:
    """A copy of the tree with containers placed by `place` and leaves made by
    `leaf`, built bottom-up without recursion."""
    done: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if not expanded and id(current) in done:
            continue  # a YAML alias: its node was copied once, and is shared as written
        if not expanded and isinstance(current, (Mapping, Sequence)):
            stack.append((current, True))
            children = (
                [e.value for e in current.entries] + [e.key for e in current.entries]
                if isinstance(current, Mapping)
                else list(current.items)
            )
            stack.extend((child, False) for child in children)
            continue
        new: Node
        if isinstance(current, Mapping):
            entries = tuple(
                Entry(done[id(e.key)], done[id(e.value)])  # type: ignore[arg-type]
                for e in current.entries
            )
            new = Mapping(*place(current), entries)
        elif isinstance(current, Sequence):
            new = Sequence(*place(current), tuple(done[id(i)] for i in current.items))
        else:
            new = leaf(current)
        done[id(current)] = new
    return done[id(node)]
