"""`ami_lint.fastimport`: ami-lint's submodules found and loaded as the
import system finds and loads them, with fewer steps (start-up, issue 20).

Each test builds a package in a temporary folder and compares what the
finder gives with what `PathFinder` and `SourceFileLoader` give."""

from __future__ import annotations

import _frozen_importlib_external as external
import importlib.machinery
import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint import fastimport
from tests.conftest import ROOT

PACKAGE = "fastimport_probe_pkg"


def _package(tmp_path: Path, modules: dict[str, str], compiled: bool = True) -> Path:
    folder = tmp_path / PACKAGE
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for name, text in modules.items():
        path = folder / f"{name}.py"
        path.write_text(text)
        if compiled:
            py_compile.compile(str(path), doraise=True)
    return folder


def _finder() -> fastimport.Finder:
    return fastimport.Finder(external, prefix=f"{PACKAGE}.")


def _usual(name: str, folder: Path) -> importlib.machinery.ModuleSpec | None:
    return importlib.machinery.PathFinder.find_spec(name, [str(folder)])


def _placed(spec: importlib.machinery.ModuleSpec) -> tuple[object, ...]:
    """What a module spec says of where its module is."""
    return (spec.name, spec.origin, spec.cached, spec.has_location, spec.parent)


def test_spec_is_the_import_systems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _package(tmp_path, {"plain": "X = 1\n", "other": "def f():\n    return 2\n"})
    finder = _finder()
    for tail in ("plain", "other"):
        name = f"{PACKAGE}.{tail}"
        spec = finder.find_spec(name, [str(folder)])
        usual = _usual(name, folder)
        assert spec is not None and usual is not None
        assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
        assert isinstance(usual.loader, importlib.machinery.SourceFileLoader)
        assert _placed(spec) == _placed(usual)
        assert spec.submodule_search_locations is None
        code = usual.loader.get_code(name)  # type: ignore[union-attr]
        with monkeypatch.context() as patched:  # the bytecode is read without the usual way
            patched.setattr(external.SourceFileLoader, "get_code", None)
            assert spec.loader.get_code(name) == code  # type: ignore[union-attr]
        assert spec.loader.get_filename(name) == usual.loader.get_filename(name)  # type: ignore[union-attr]


def test_what_the_file_system_finder_prefers_is_left_to_it(tmp_path: Path) -> None:
    folder = _package(tmp_path, {"both": "X = 1\n", "ext": "X = 1\n", "alone": "X = 1\n"})
    (folder / "both").mkdir()  # a folder of the same name comes first
    (folder / f"ext{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"")  # so does an extension
    finder = _finder()
    assert finder.find_spec(f"{PACKAGE}.both", [str(folder)]) is None
    assert finder.find_spec(f"{PACKAGE}.ext", [str(folder)]) is None
    assert finder.find_spec(f"{PACKAGE}.missing", [str(folder)]) is None
    assert finder.find_spec(f"{PACKAGE}.alone", None) is None  # a top-level name
    assert finder.find_spec(f"{PACKAGE}.alone", [str(folder), str(tmp_path)]) is None  # a namespace
    assert finder.find_spec(f"{PACKAGE}.alone", (str(folder),)) is None  # not a package's list
    assert finder.find_spec("json.decoder", [str(folder)]) is None  # another package's
    assert finder.find_spec(f"{PACKAGE}.alone", [str(folder)]) is not None


def test_stale_or_missing_bytecode_goes_the_usual_way(tmp_path: Path) -> None:
    folder = _package(tmp_path, {"stale": "X = 1\n", "fresh": "X = 1\n"})
    finder = _finder()
    name = f"{PACKAGE}.stale"
    spec = finder.find_spec(name, [str(folder)])
    assert spec is not None and spec.loader is not None
    source = folder / "stale.py"
    stamp = source.stat()
    source.write_text("X = 22\n")  # another size: the bytecode's header no longer matches
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    code = spec.loader.get_code(name)  # type: ignore[attr-defined]
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["X"] == 22
    # No bytecode at all.
    os.remove(importlib.util.cache_from_source(str(folder / "fresh.py")))
    fresh = finder.find_spec(f"{PACKAGE}.fresh", [str(folder)])
    assert fresh is not None and fresh.loader is not None
    assert fresh.loader.get_code(fresh.name) == compile(  # type: ignore[attr-defined]
        "X = 1\n", str(folder / "fresh.py"), "exec", dont_inherit=True
    )


def test_hash_based_bytecode_goes_the_usual_way(tmp_path: Path) -> None:
    folder = _package(tmp_path, {"hashed": "X = 1\n"}, compiled=False)
    source = folder / "hashed.py"
    py_compile.compile(
        str(source), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH
    )
    source.write_text("X = 333\n")  # the hash no longer matches: the source is compiled
    spec = _finder().find_spec(f"{PACKAGE}.hashed", [str(folder)])
    assert spec is not None and spec.loader is not None
    namespace: dict[str, object] = {}
    exec(spec.loader.get_code(spec.name), namespace)  # type: ignore[attr-defined]
    assert namespace["X"] == 333


def test_install_is_once_and_before_the_standard_finders() -> None:
    """Ahead of `BuiltinImporter`, `FrozenImporter` and `PathFinder`, and
    after a finder a program put before them."""
    probe = (
        "import sys\n"
        "import _frozen_importlib_external as e\n"
        "from ami_lint import fastimport\n"
        "class Early:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        return None\n"
        "early = Early()\n"
        "sys.meta_path.insert(0, early)\n"
        "assert fastimport.install() and fastimport.install()\n"
        "ours = [i for i, f in enumerate(sys.meta_path) if isinstance(f, fastimport.Finder)]\n"
        "standard = (e._bootstrap.BuiltinImporter, e._bootstrap.FrozenImporter, e.PathFinder)\n"
        "assert len(ours) == 1 and sys.meta_path[ours[0] + 1] is standard[0], sys.meta_path\n"
        "assert early in sys.meta_path[: ours[0]], sys.meta_path\n"
        "assert not any(f in standard for f in sys.meta_path[: ours[0]]), sys.meta_path\n"
        "import ami_lint.engine, ami_lint.shell.calls\n"
        "for name in ('ami_lint.engine', 'ami_lint.shell.calls'):\n"
        "    module = sys.modules[name]\n"
        "    print(type(module.__loader__).__module__, module.__file__ == module.__spec__.origin,\n"
        "          module.__cached__ == module.__spec__.cached, module.__package__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split("\n")
    assert out[:2] == [
        "ami_lint.fastimport True True ami_lint",
        "ami_lint.fastimport True True ami_lint.shell",
    ]


@pytest.mark.parametrize("setting", [["-O"], ["-X", "pycache_prefix=/nonexistent"]])
def test_not_installed_where_bytecode_lives_elsewhere(setting: list[str]) -> None:
    probe = "from ami_lint import fastimport\nprint(fastimport.install())\n"
    out = subprocess.run(
        [sys.executable, *setting, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout == "False\n"


def test_bytecode_is_opened_as_the_import_system_opens_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through `io.open_code`: a hook an embedding application sets sees it."""
    import io
    import typing

    folder = _package(tmp_path, {"hooked": "X = 1\n"})
    opened: list[str] = []
    real = io.open_code

    def open_code(path: str) -> typing.IO[bytes]:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(io, "open_code", open_code)
    spec = _finder().find_spec(f"{PACKAGE}.hooked", [str(folder)])
    assert spec is not None and spec.loader is not None
    spec.loader.get_code(spec.name)  # type: ignore[attr-defined]
    assert opened == [spec.cached]


def test_modules_made_are_modules_whose_missing_names_cost_no_message(tmp_path: Path) -> None:
    """The loader's `Module`: everything a module does, with its attributes,
    `from … import`, `hasattr` and the error for a name it lacks as a
    `types.ModuleType` gives them (the message names the type `module`)."""
    import types

    folder = _package(tmp_path, {"made": "X = 1\ndef f():\n    return X + 1\n"})
    name = f"{PACKAGE}.made"
    spec = _finder().find_spec(name, [str(folder)])
    usual = _usual(name, folder)
    assert spec is not None and spec.loader is not None and usual is not None and usual.loader is not None
    ours = importlib.util.module_from_spec(spec)
    plain = importlib.util.module_from_spec(usual)
    assert type(ours) is fastimport.Module and type(plain) is types.ModuleType
    assert isinstance(ours, types.ModuleType)
    spec.loader.exec_module(ours)
    usual.loader.exec_module(plain)
    for module in (ours, plain):
        assert (module.X, module.f(), module.__name__, module.__file__) == (
            1,
            2,
            name,
            str(folder / "made.py"),
        )
        assert not hasattr(module, "__path__") and getattr(module, "__cached__", None) == spec.cached
        assert getattr(module, "missing", "default") == "default"
        with pytest.raises(AttributeError) as raised:
            module.missing  # noqa: B018
        assert raised.value.args == (
            "'module' object has no attribute 'missing'"
            if module is ours
            else f"module '{name}' has no attribute 'missing'",
        )
    assert sorted(vars(ours)) == sorted(vars(plain))
    assert repr(ours) == repr(plain)
    sys.modules[name] = ours
    try:
        namespace: dict[str, object] = {}
        exec(f"from {name} import X, f", namespace)
        assert (namespace["X"], namespace["f"]) == (1, ours.f)  # type: ignore[attr-defined]
        with pytest.raises(ImportError, match="cannot import name 'nothing'"):
            exec(f"from {name} import nothing", namespace)
    finally:
        del sys.modules[name]


def test_ami_lints_submodules_are_the_finders_modules() -> None:
    """Once installed (as `cli.entry` does), ami-lint's submodules are the
    finder's `Module`s; other modules are as the import system makes them."""
    probe = (
        "import sys, types\n"
        "from ami_lint import fastimport\n"
        "fastimport.install()\n"
        "import ami_lint.engine, json\n"
        "print(type(sys.modules['ami_lint.engine']) is fastimport.Module,\n"
        "      type(sys.modules['ami_lint.diagnostics']) is fastimport.Module,\n"
        "      type(json) is types.ModuleType, isinstance(ami_lint.engine, types.ModuleType))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout == "True True True True\n"


def test_a_regular_packages_spec_is_the_import_systems(tmp_path: Path) -> None:
    """A subpackage (`folder/name/__init__.py`) is found as `PathFinder`
    finds it; a namespace package, an `__init__` compiled extension, or a
    file without a suffix named as the package are left to the import system."""
    folder = _package(tmp_path, {})
    for sub in ("inner", "bare", "native"):
        (folder / sub).mkdir()
    (folder / "inner" / "__init__.py").write_text("X = 1\n")
    py_compile.compile(str(folder / "inner" / "__init__.py"), doraise=True)
    (folder / "inner" / "leaf.py").write_text("Y = 2\n")
    (folder / "native" / "__init__.py").write_text("X = 1\n")
    (folder / "native" / f"__init__{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    (folder / "plainfile").write_text("not a package\n")
    finder = _finder()
    name = f"{PACKAGE}.inner"
    spec = finder.find_spec(name, [str(folder)])
    usual = _usual(name, folder)
    assert spec is not None and usual is not None and spec.loader is not None and usual.loader is not None
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert _placed(spec) == _placed(usual)
    assert spec.submodule_search_locations == usual.submodule_search_locations == [str(folder / "inner")]
    assert spec.loader.is_package(name) and spec.loader.get_code(name) == usual.loader.get_code(name)  # type: ignore[attr-defined]
    # Its own modules, from the folder its `__path__` names.
    leaf = finder.find_spec(f"{name}.leaf", [str(folder / "inner")])
    assert leaf is not None and leaf.origin == str(folder / "inner" / "leaf.py")
    for other in ("bare", "native", "plainfile"):
        assert finder.find_spec(f"{PACKAGE}.{other}", [str(folder)]) is None


LOCKS = """
import sys, threading
import _frozen_importlib as bootstrap
from ami_lint import fastimport
sys.path.insert(0, sys.argv[1])
locked = []
class Spy(bootstrap._ModuleLockManager):
    def __init__(self, name):
        locked.append(name)
        super().__init__(name)
bootstrap._ModuleLockManager = Spy
import fastimport_probe_pkg as package
fastimport._unlocked_while_alone(bootstrap, "fastimport_probe_pkg.")
fastimport._unlocked_while_alone(bootstrap, "fastimport_probe_pkg.")  # once
from fastimport_probe_pkg import good
import json.decoder
try:
    import fastimport_probe_pkg.bad
except ValueError as exc:
    print("raised", exc)
ours = sorted(n for n in locked if n.startswith("fastimport_probe_pkg."))
print(ours, "json.decoder" in locked, "fastimport_probe_pkg.bad" in sys.modules, hasattr(package, "bad"))
print(good.VALUE, good.other.VALUE, package.good is good, package.other is good.other)
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
import fastimport_probe_pkg.late
stop.set()
thread.join()
print(sorted(n for n in locked if n.startswith("fastimport_probe_pkg.")))
"""


def test_own_modules_are_imported_without_a_lock_while_alone(tmp_path: Path) -> None:
    """`_unlocked_while_alone`: a module of the prefix is imported by the
    import system's own steps but without its module lock, while the
    process has one thread; other modules, and any module while another
    thread runs, take the lock as before. A module whose code fails is not
    left in `sys.modules` nor on its parent, as with the lock."""
    _package(
        tmp_path,
        {
            "good": "from fastimport_probe_pkg import other\nVALUE = other.VALUE + 1\n",
            "other": "VALUE = 41\n",
            "bad": "raise ValueError('bad module')\n",
            "late": "VALUE = 3\n",
        },
    )
    out = subprocess.run(
        [sys.executable, "-c", LOCKS, str(tmp_path)], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split("\n")
    assert out[:4] == [
        "raised bad module",
        "[] True False False",
        "42 41 True True",
        "['fastimport_probe_pkg.late']",
    ], out
