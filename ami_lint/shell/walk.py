"""Walking a tree-sitter tree without keeping a Python copy of it.

`node.children` makes a Python object of each child and keeps the list on
`node`: a walk that asks every node for its children builds a copy of the
whole tree in Python objects (about as large as tree-sitter's own tree),
and it lives as long as any node on the way up does (the root, held by
whatever keeps a command's ancestors). A tree cursor makes one object per
node it stops at and keeps none: each is freed once the walker and its
caller let it go.
"""

from __future__ import annotations

from collections.abc import Iterator

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any


# What `kinds` answers, per tuple of names asked.
_KINDS: dict[tuple[str, ...], frozenset[int]] = {}
# tree-sitter's own kind of an `ERROR` node (`ts_builtin_sym_error`, -1 as 16 bits).
ERROR_KIND = 0xFFFF


def kinds(*names: str) -> frozenset[int]:
    """The `kind_id`s of tree-sitter-bash's nodes of the types `names` (a
    type may have several ids: the grammar's aliases). `node.kind_id in
    kinds(...)` answers `node.type in names` without making a string per node."""
    found = _KINDS.get(names)
    if found is None:
        by_name = _IDS or _kind_ids()
        ids = [i for name in names for i in by_name.get(name, ())]
        if "ERROR" in names:
            ids.append(ERROR_KIND)
        found = _KINDS[names] = frozenset(ids)
    return found


def _kind_ids() -> dict[str, list[int]]:
    """Every kind name of the grammar with its ids, in one pass over the
    grammar's kinds when a kind is first asked for (a pass per `kinds` call
    cost a typical run about 0.3M instructions, issue 20)."""
    language = _bash()
    for i, name in enumerate(map(language.node_kind_for_id, range(language.node_kind_count))):
        ids = _IDS.get(name)
        if ids is None:
            _IDS[name] = [i]
        else:
            ids.append(i)
    return _IDS


# Each node kind name of the grammar with its ids (filled by `_kind_ids`).
_IDS: dict[str, list[int]] = {}


def field_ids(*names: str) -> frozenset[int]:
    """The ids of tree-sitter-bash's fields `names` (`cursor.field_id`)."""
    found = _FIELDS.get(names)
    if found is None:
        language = _bash()
        ids = (language.field_id_for_name(name) for name in names)
        found = _FIELDS[names] = frozenset(i for i in ids if i is not None)
    return found


_FIELDS: dict[tuple[str, ...], frozenset[int]] = {}


def _bash() -> Any:
    """The grammar, loaded when a kind is first asked for: importing the
    shell modules loads no grammar (a run over unrelated files loads none)."""
    from ami_lint.grammars import language, tree_sitter

    return tree_sitter().Language(language("tree_sitter_bash"))


def preorder(root: Any) -> Iterator[tuple[Any, int]]:
    """Every node under `root` (itself first), parents before children,
    children in text order, each with its depth below `root`."""
    cursor = root.walk()
    depth = 0
    while True:
        yield cursor.node, depth
        if cursor.goto_first_child():
            depth += 1
            continue
        while depth > 0 and not cursor.goto_next_sibling():
            cursor.goto_parent()
            depth -= 1
        if depth == 0:
            return


def preorder_with_path(root: Any) -> Iterator[list[Any]]:
    """`preorder`, as the path from `root` down to each node (the node last).
    The same list is given each time, changed in place: copy what is kept."""
    path: list[Any] = []
    for node, depth in preorder(root):
        del path[depth:]
        path.append(node)
        yield path


def children(node: Any) -> Iterator[Any]:
    """The children of `node`, in order, without keeping them on `node` (as
    `node.children` does, for as long as `node` lives)."""
    cursor = node.walk()
    if not cursor.goto_first_child():
        return
    yield cursor.node
    while cursor.goto_next_sibling():
        yield cursor.node


def named_children(node: Any) -> Iterator[Any]:
    """`children`, the named ones only (as `node.named_children`)."""
    return (child for child in children(node) if child.is_named)
