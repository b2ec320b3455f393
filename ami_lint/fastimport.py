"""ami-lint's own modules imported without the import system's search.

Start-up (issue 20): a typical run imports about sixty of ami-lint's modules
when it first needs them, and the import system's finding and loading of
each, in Python (`PathFinder`, `FileFinder`, `SourceFileLoader`: the
finders asked in turn, the spec built, the bytecode's path computed, the
file opened through `io`, its header checked), costs about as much as
running a small module. `install()` (called by `ami_lint.cli.entry`, the
command) puts a finder ahead of the standard ones in `sys.meta_path` that
does the same for a submodule of ami-lint's own regular packages, with fewer
steps:

- it answers only for `ami_lint.…` submodules whose parent is an ordinary
  folder, and only for a plain source file there (`name.py`, with no folder
  `name` and no compiled extension `name.*.so` beside it, which the file
  system's finder would prefer), or for a regular package there (a folder
  `name` holding `__init__.py` and no compiled `__init__` extension); each
  folder is listed once, as that finder lists it;
- its loader is a `SourceFileLoader` (`__file__`, `__cached__`, `__spec__`
  and `__loader__` as an import gives them) whose `get_code` reads the
  bytecode file at once (`io.open_code`, as the import system opens code)
  and uses it when its header is the ordinary one the import system checks
  (this Python's magic number, no flags, the source's modification time and
  size); anything else (no
  bytecode, a stale or hash-based one, an unreadable file) goes through
  `SourceFileLoader.get_code` itself, which compiles, checks and writes as
  always;
- the module it makes is a `Module`, a `types.ModuleType` whose missing
  attributes cost a dictionary lookup, not two formatted error messages;
- while the process has a single thread, an `ami_lint.` module is imported
  without the import system's module lock (`_unlocked_while_alone`).

Any other name, a `sys.pycache_prefix`, `-O`, or a Python without these
loaders: the finder says nothing and the import system does what it does.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import CodeType, ModuleType
    from typing import Any

PREFIX = "ami_lint."


def install() -> bool:
    """The finder put in `sys.meta_path` (once): ahead of the standard
    finders, after any a program put before them; False when it cannot be
    (then imports stay as they are). An `ami_lint.` submodule is neither
    built in nor frozen, so asking `BuiltinImporter` and `FrozenImporter`
    first (each in a lock of the import system) only costs time; the finder
    says nothing of other names."""
    try:
        import _frozen_importlib_external as external
    except ImportError:  # pragma: no cover - CPython has it
        return False
    if sys.implementation.cache_tag is None or sys.pycache_prefix is not None or sys.flags.optimize:
        return False
    if any(isinstance(finder, Finder) for finder in sys.meta_path):
        return True
    if external.PathFinder not in sys.meta_path:
        return False
    bootstrap = external._bootstrap  # type: ignore[attr-defined]
    standard = (bootstrap.BuiltinImporter, bootstrap.FrozenImporter, external.PathFinder)
    for index, finder in enumerate(sys.meta_path):
        if finder in standard:
            sys.meta_path.insert(index, Finder(external))
            _unlocked_while_alone(bootstrap, PREFIX)
            return True
    return False  # pragma: no cover - PathFinder is there


def _unlocked_while_alone(bootstrap: Any, prefix: str) -> None:
    """The import system's `_find_and_load`, which the interpreter calls for
    every module not yet in `sys.modules`, made to skip the module's lock for
    a module named `prefix…` (ami-lint's own) while the process has no
    thread but the main one (when the import starts: no module of ami-lint
    starts a thread as it is imported).
    The lock (`_ModuleLockManager`: a lock object with two locks of its own
    and a weak reference, taken and released in Python) only keeps threads
    from importing one module at once, and was about a fifth of what
    importing each of ami-lint's ~60 modules costs the import system
    (start-up, issue 20); everything else is the import system's own
    (`_find_and_load_unlocked`: the parent, the finders in order, the module
    made, run and set on its parent). With another thread running, or for
    any other name, it is the import system's function as it was."""
    locked = getattr(bootstrap, "_find_and_load", None)
    unlocked = getattr(bootstrap, "_find_and_load_unlocked", None)
    if locked is None or unlocked is None or getattr(locked, "__wrapped__", None) is not None:
        return
    from _thread import _count as threads  # type: ignore[attr-defined]

    def _find_and_load(name: str, import_: Any) -> Any:
        if name.startswith(prefix) and name not in sys.modules and not threads():
            return unlocked(name, import_)
        return locked(name, import_)

    _find_and_load.__wrapped__ = locked  # type: ignore[attr-defined]
    bootstrap._find_and_load = _find_and_load


class Finder:
    """The meta path finder of ami-lint's submodules (see the module's text)."""

    def __init__(self, external: Any, prefix: str = PREFIX) -> None:
        self.prefix = prefix
        # Each folder's listing, read once (as the file system's finder reads it).
        self.listings: dict[str, frozenset[str]] = {}
        self.tag = sys.implementation.cache_tag
        self.extensions = tuple(external.EXTENSION_SUFFIXES)
        self.loader = _loader_class(external)
        # importlib.machinery.ModuleSpec, without importing importlib.
        self.spec = external._bootstrap.ModuleSpec

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> Any:
        # A regular package's `__path__`: a list of one folder. Asked first
        # of every import (`install`): a top-level name (no `path`) is let go
        # in one test.
        if type(path) is not list or len(path) != 1 or target is not None or not name.startswith(self.prefix):
            return None
        folder = path[0]
        if not isinstance(folder, str):
            return None
        listing = self.listings.get(folder)
        if listing is None:
            listing = self.listings[folder] = _listing(folder)
        tail = name.rpartition(".")[2]
        if self._plain(tail, listing):
            return self._spec(name, folder, tail, None)
        if tail in listing and tail.isidentifier():
            package = f"{folder}{os.sep}{tail}"
            inside = self.listings.get(package)
            if inside is None:
                inside = self.listings[package] = _listing(package)
            if self._plain("__init__", inside):
                return self._spec(name, package, "__init__", package)
        return None

    def _spec(self, name: str, folder: str, stem: str, package: str | None) -> Any:
        """The spec of module `name` from `folder/stem.py`; with `package`,
        a regular package's (`stem` is `__init__`, `package` its folder)."""
        origin = f"{folder}{os.sep}{stem}.py"
        loader = self.loader(name, origin)
        loader.bytecode = f"{folder}{os.sep}__pycache__{os.sep}{stem}.{self.tag}.pyc"
        spec = self.spec(name, loader, origin=origin, is_package=package is not None)
        if package is not None:
            spec.submodule_search_locations = [package]
        spec.has_location = True
        spec.cached = loader.bytecode
        return spec

    def _plain(self, stem: str, listing: frozenset[str]) -> bool:
        """Whether the file system's finder would load module `stem` of a
        folder so listed from `stem.py`: not where a folder `stem` or a
        compiled extension `stem.*.so` comes first. Asked of each module
        as it is imported, not of every file of the folder (start-up)."""
        if f"{stem}.py" not in listing or stem in listing or not stem.isidentifier():
            return False
        # A loop, not `all` over a generator (every import asks).
        for suffix in self.extensions:  # noqa: SIM110
            if stem + suffix in listing:
                return False
        return True

    def invalidate_caches(self) -> None:
        """`importlib.invalidate_caches()`: the folders are listed again."""
        self.listings.clear()


def _listing(folder: str) -> frozenset[str]:
    """The names in `folder`; none when it cannot be listed."""
    if not folder:
        return frozenset()
    try:
        return frozenset(os.listdir(folder))
    except (OSError, ValueError):
        return frozenset()


class Module(type(sys)):  # type: ignore[misc]  # types.ModuleType, without importing types
    """The module objects this loader makes: modules in every way, but an
    attribute a module lacks is looked up without the two error messages
    CPython 3.11 formats for it (`object.__getattribute__`, which the
    interpreter then calls directly, is the first half of a module's own
    lookup). Every `from ami_lint.x import name` asks module `x` for a
    `__path__` it does not have, and so does the import system for
    `__file__` and `__cached__` as it loads each: about 1,100 such lookups
    on a typical run, 5M instructions (a module's `__getattr__` hook, which
    none of ami-lint's modules defines, is the only thing this leaves out)."""

    __slots__ = ()
    __getattribute__ = object.__getattribute__


Module.__name__ = Module.__qualname__ = "module"  # as a missing attribute's message names it


def _loader_class(external: Any) -> Any:
    from _imp import _fix_co_filename  # type: ignore[attr-defined]
    from io import open_code
    from marshal import loads

    magic = external.MAGIC_NUMBER + b"\0\0\0\0"  # and no flags: checked by time and size

    class Loader(external.SourceFileLoader):  # type: ignore[misc]
        bytecode = ""

        def create_module(self, spec: Any) -> ModuleType:
            return Module(spec.name)

        def get_code(self, fullname: str) -> CodeType:
            try:
                source = os.stat(self.path)
                # Through `io.open_code`, as the import system opens code: a
                # hook an embedding application sets sees this file too.
                # Closed in `finally`, not by `with` (two calls fewer an import).
                file = open_code(self.bytecode)  # noqa: SIM115
                try:
                    data = file.read()
                finally:
                    file.close()
            except OSError:
                data = b""
            if data[:8] == magic and data[8:16] == (
                (int(source.st_mtime) & 0xFFFFFFFF) | (source.st_size & 0xFFFFFFFF) << 32
            ).to_bytes(8, "little"):
                try:
                    code = loads(memoryview(data)[16:])
                except (EOFError, ValueError, TypeError):
                    code = None
                if type(code) is _CODE:
                    _fix_co_filename(code, self.path)
                    return code  # type: ignore[return-value]
            return super().get_code(fullname)  # type: ignore[no-any-return]

    return Loader


_CODE = type(_loader_class.__code__)
