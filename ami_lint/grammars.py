"""tree-sitter and its grammars, loaded without running their packages.

Start-up (issue 20): `tree_sitter/__init__.py` imports `typing` for one
`Protocol`, and each grammar's `__init__.py` (`tree_sitter_bash`...) imports
`importlib.resources` (with pathlib, tempfile, shutil, urllib...) for query
files ami-lint never reads: more than a third of the start-up of a typical
run, before any of ami-lint's own work. What ami-lint uses of them lives in
their compiled `_binding` modules (`Parser`, `Language`, the trees and nodes;
a grammar's `language()`).

`binding(package)` finds the package as `import` would (each finder of
`sys.meta_path`, in order), and when it is an ordinary folder with a compiled
`_binding` module in it, loads that module alone (the import system's own
loader, under its lock) and registers it under its real name
(`tree_sitter._binding`): a later `import tree_sitter` (a user's rule, a
test) finds it there and does not load the extension again, so `Node`,
`Tree` and `Parser` are the same types either way. Anything else (no such
folder, another layout, a binding without the names ami-lint needs, a
Python without these loaders) is imported the usual way.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

BINDING = "_binding"


def tree_sitter() -> Any:
    """The module holding tree-sitter's `Parser` and `Language` (and its
    `Node`, `Tree`...): the compiled `tree_sitter._binding`, or the package."""
    module = binding("tree_sitter", ("Parser", "Language", "Node", "Tree"))
    if module is None:
        import tree_sitter

        return tree_sitter
    return module


def language(package: str, function: str = "language") -> object:
    """A grammar's compiled language: `package.function()` (`tree_sitter_bash`,
    `language`; `tree_sitter_typescript`, `language_tsx`)."""
    module = binding(package, (function,))
    if module is None:
        from importlib import import_module

        module = import_module(package)
    return getattr(module, function)()


def parser(package: str, function: str = "language") -> Any:
    """A new tree-sitter parser of a grammar."""
    ts = tree_sitter()
    return ts.Parser(ts.Language(language(package, function)))


def binding(package: str, names: tuple[str, ...] = ()) -> ModuleType | None:
    """`package._binding`, loaded without running `package`; None when it
    cannot be (then the caller imports the package), or lacks one of `names`."""
    name = f"{package}.{BINDING}"
    module = sys.modules.get(name)
    if module is None:
        try:
            module = _load(package, name)
        except Exception:  # whatever went wrong, the ordinary import decides
            module = None
    if module is None or not all(hasattr(module, n) for n in names):
        return None
    return module


def _load(package: str, name: str) -> ModuleType | None:
    import _frozen_importlib as bootstrap
    import _frozen_importlib_external as external

    spec = _find(package, None)
    if spec is None or spec.origin is None or not spec.submodule_search_locations:
        return None
    # An ordinary package: a folder whose `__init__.py` (or its bytecode) the
    # file system's finder found. A zip archive, a namespace package or an
    # editable install's own finder go the usual way.
    if type(spec.loader) not in (external.SourceFileLoader, external.SourcelessFileLoader):
        return None
    if not os.path.basename(spec.origin).startswith("__init__."):
        return None
    sub = _find(name, list(spec.submodule_search_locations))
    if sub is None or type(sub.loader) is not external.ExtensionFileLoader:
        return None
    with bootstrap._ModuleLockManager(name):  # type: ignore[attr-defined]
        module = sys.modules.get(name)
        if module is None:
            module = bootstrap._load_unlocked(sub)  # type: ignore[attr-defined]
    parent = sys.modules.get(package)
    if parent is not None and getattr(parent, BINDING, None) is None:
        setattr(parent, BINDING, module)
    return module  # type: ignore[no-any-return]


def _find(name: str, path: list[str] | None) -> Any:
    """The spec `import` would find for `name` (with `path`: a submodule's),
    asking each finder of `sys.meta_path` in turn."""
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        if find_spec is None:
            return None  # a finder of another era: let import ask it
        spec = find_spec(name, path)
        if spec is not None:
            return spec
    return None
