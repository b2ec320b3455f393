"""A script parsed again after an edit, reusing its last tree: tree-sitter's
incremental parse, for the language server (`ami_lint.server`), which lints
an editor buffer again on every pause in typing (issue 20, item 5).

The buffer arrives whole (full synchronisation): the edit is worked out as
the bytes between what the old and new texts start and end with alike. The
tree reused is a copy of the last one (`Tree.copy`), edited and given to the
parser; the last tree itself is never changed, whatever still holds it.

Tree-sitter's incremental parse is meant to give the tree a fresh parse
gives, but near a syntax error its recovery may take another path (a
missing node here rather than an `ERROR` there). So the reused tree is
kept only when neither it nor the tree it came from has an error; otherwise
the text is parsed afresh. tests/test_server_reparse.py checks the trees
and every diagnostic against a fresh parse over generated edits.
"""

from __future__ import annotations

from ami_lint.shell.calls import REPARSE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any


class Reparse:
    """The last parse of one buffer's script: its bytes and its tree.

    `with reparse:` the first script parsed in the block (the buffer's own:
    a piece embedded in it is not taken) is parsed with it."""

    __slots__ = ("data", "reused", "tree")

    def __init__(self) -> None:
        self.data: bytes | None = None
        self.tree: Any = None
        # How many parses reused the last tree (for tests).
        self.reused = 0

    def __enter__(self) -> Reparse:
        REPARSE[0] = self  # taken by `ami_lint.shell.calls.parse_script`
        return self

    def __exit__(self, *exc: object) -> None:
        REPARSE[0] = None

    def parse(self, parser: Any, data: bytes) -> Any:
        """The tree of `data`, as `parser.parse(data)` gives it."""
        old, last = self.data, self.tree
        tree = None
        if old is not None and last is not None and not last.root_node.has_error:
            if old == data:
                tree = last  # trees are not changed once made: the same tree serves
            else:
                start, old_end, new_end = changed(old, data)
                edited = last.copy()
                edited.edit(
                    start,
                    old_end,
                    new_end,
                    point(old, start),
                    point(old, old_end),
                    point(data, new_end),
                )
                tree = parser.parse(data, edited)
                if tree.root_node.has_error:
                    tree = None  # where recovery may differ: parsed afresh
            if tree is not None:
                self.reused += 1
        if tree is None:
            tree = parser.parse(data)
        self.data, self.tree = data, tree
        return tree


def changed(old: bytes, new: bytes) -> tuple[int, int, int]:
    """Where `old` and `new` differ: the offset of the first byte that
    differs, and the end of the differing bytes in each (what both end with
    alike, not overlapping what both start with, left out)."""
    limit = min(len(old), len(new))
    # The longest common start and end, by halving: each comparison is one
    # `memcmp` of a slice, not a Python loop over bytes.
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = lo
    lo, hi = 0, limit - start
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid :] == new[len(new) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return start, len(old) - lo, len(new) - lo


def point(data: bytes, at: int) -> tuple[int, int]:
    """Tree-sitter's point of byte `at`: its row (lines end at `\\n`, as
    tree-sitter counts them) and its byte column."""
    return data.count(b"\n", 0, at), at - (data.rfind(b"\n", 0, at) + 1)
