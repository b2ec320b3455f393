"""Finding, loading and registering rules. Duplicates fail loudly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from types import ModuleType

from ami_lint.data import content_check, read_bytes
from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import KIND_REQUEST, Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


# A rule id and a rule name, as `re.match` reads these patterns (so a
# trailing line break passes, as `$` lets it). Checked with `is_rule_id` and
# `is_rule_name`, without compiling them (start-up: every run adds ~65 rules).
ID_PATTERN = r"^[A-Z][A-Z]*[0-9]{3,}$"
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_DIGITS = frozenset("0123456789")
_LOWER_DIGITS_HYPHEN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def is_rule_id(text: str) -> bool:
    """Whether `re.match(ID_PATTERN, text)` matches: letters A-Z, then at
    least three digits 0-9."""
    body = text[:-1] if text.endswith("\n") else text
    letters = len(body) - len(body.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = body[letters:]
    return letters > 0 and len(digits) >= 3 and _DIGITS.issuperset(digits)


def is_rule_name(text: str) -> bool:
    """Whether `re.match(NAME_PATTERN, text)` matches: kebab-case, a-z first."""
    body = text[:-1] if text.endswith("\n") else text
    # Parts of a-z and 0-9 joined by single hyphens: no empty part.
    return (
        "a" <= body[:1] <= "z"
        and _LOWER_DIGITS_HYPHEN.issuperset(body)
        and "--" not in body
        and not body.endswith("-")
    )


DATA_KEYS = {
    "id",
    "name",
    "summary",
    "severity",
    "references",
    "default_enabled",
    "kind",
    "docs",
    "check",
}
ENTRY_POINT_GROUP = "ami_lint.rules"


class RuleLoadError(Exception):
    """A rule file or rule pack that cannot be used; the message names the file."""


class Registry:
    def __init__(self) -> None:
        self._by_id: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}

    def add(self, rule: Rule, checked: bool = False) -> None:
        """Adds `rule`; `checked`: its id and name are known to be well
        formed (a pending rule's, from the index, which holds the metadata of
        such rules only: `_metadata_values`)."""
        where = rule.origin or type(rule).__module__
        if not checked and not is_rule_id(rule.id or ""):
            raise RuleLoadError(f"{where}: rule id {rule.id!r} is not like `AMI208`")
        if not checked and not is_rule_name(rule.name or ""):
            raise RuleLoadError(f"{where}: rule name {rule.name!r} is not kebab-case")
        if rule.id in self._by_id:
            other = self._by_id[rule.id].origin
            raise RuleLoadError(f"{where}: duplicate rule id {rule.id} (also in {other})")
        if rule.name in self._by_name:
            other = self._by_name[rule.name].origin
            raise RuleLoadError(f"{where}: duplicate rule name {rule.name} (also in {other})")
        self._by_id[rule.id] = rule
        self._by_name[rule.name] = rule

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self._by_id.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id) or self._by_name.get(rule_id)

    def copy(self) -> Registry:
        new = Registry()
        new._by_id = dict(self._by_id)
        new._by_name = dict(self._by_name)
        return new


def load_rule_file(path: Path, module_name: str | None = None) -> Rule:
    if path.suffix == ".py":
        return _load_python_rule(path, module_name)
    if path.suffix in (".yaml", ".yml"):
        return _load_data_rule(path)
    raise RuleLoadError(f"{path}: not a rule file (expected .py or .yaml)")


def rule_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix in (".py", ".yaml", ".yml") and not p.name.startswith(("_", "."))
    )


def load_rules_dir(registry: Registry, directory: Path) -> None:
    for rule in read_rules_dir(directory):
        registry.add(rule)


def read_rules_dir(directory: Path) -> list[Rule]:
    """The rules of a folder of the same form as the built-in `rules/`."""
    if not directory.is_dir():
        raise RuleLoadError(f"{directory}: rules directory does not exist")
    return [load_rule_file(path) for path in rule_files(directory)]


def read_data_rules(directory: Path) -> tuple[list[Rule], list[Path], list[Path]]:
    """The YAML rules of a folder (resolved) that a configuration file names
    without `--trust-config-rules`: nothing is imported. Also the Python rule
    files left out, and the files not read because they lead outside it."""
    rules: list[Rule] = []
    python: list[Path] = []
    outside: list[Path] = []
    for path in rule_files(directory):
        if path.suffix == ".py":
            python.append(path)
            continue
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop
            real = directory.parent
        if real.parent != directory:
            outside.append(path)
            continue
        rules.append(_load_data_rule(path))
    return rules, python, outside


def load_entry_points(registry: Registry) -> None:
    """Rule packs installed as packages, through the `ami_lint.rules` entry-point
    group. An entry point names a package, whose folder holds rule files as
    `rules/` does, or a module that binds `RULE`."""
    if not _may_have_entry_points():
        return
    from importlib.metadata import entry_points

    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        where = f"entry point {point.name!r} ({point.value})"
        try:
            target = point.load()
        except Exception as exc:  # a broken pack must name itself
            raise RuleLoadError(f"{where}: cannot import: {exc}") from exc
        if isinstance(target, ModuleType) and hasattr(target, "__path__"):
            from pathlib import Path

            directory = Path(next(iter(target.__path__)))
            for path in rule_files(directory):
                module = f"{target.__name__}.{path.stem}" if path.suffix == ".py" else None
                registry.add(load_rule_file(path, module))
        elif isinstance(target, ModuleType) and isinstance(getattr(target, "RULE", None), Rule):
            registry.add(_module_rule(target, target.__file__ or where))
        else:
            raise RuleLoadError(f"{where}: names neither a rules package nor a module that binds `RULE`")


@lru_cache(maxsize=1)
def builtin_registry() -> Registry:
    import ami_lint.rules as package

    registry = Registry()
    indexed = _indexed_rules(package.__name__, os.path.dirname(package.__file__ or ""))
    if indexed is not None:
        for rule in indexed:
            registry.add(rule, checked=type(rule) is _Pending)
        return registry
    from pathlib import Path

    for path in rule_files(Path(package.__file__ or "").parent):
        registry.add(load_rule_file(path, f"ami_lint.rules.{path.stem}"))
    return registry


# --- the rule index -----------------------------------------------------------
#
# Importing the ~65 rule files one by one was about a fifth of the start-up of
# a typical run (issue 20): the import system's finding, checking and loading
# of each. `rules/_index.py` is generated from them (`ami_lint.rule_index`,
# written by scripts/update_docs.py; tests/test_rule_index.py checks it is in sync): one
# function per rule file whose body is that file's code, every name the file
# binds at its top level declared `global`. Executing a function's code with a
# module's namespace as its globals runs the file's code as importing it does:
# what it binds lands in that module (`ami_lint.rules.<stem>`, with the file's
# `__file__` and docstring), and classes and functions get the same
# `__module__` and `__qualname__`. One file, one piece of bytecode, loaded at
# once (and a second part, `INDEX_MORE`, for the rules a run never checks).
# The index also records each file's size and CRC-32 (`ami_lint.data`): when
# the files of `rules/` are not those it was made from, it is not used, and
# each file is imported.

INDEX_MODULE = "_index"
# The index's second part: the code of the rules a run never checks (input
# and schema rules: the readers and the schema report their findings), 16 of
# ~65 rule files, loaded only when one of them is used (start-up, issue 20).
INDEX_MORE = "_index_more"


def _indexed_rules(package: str, directory: str) -> list[Rule] | None:
    """The built-in rules run from the index, or None when it is missing or
    does not match the rule files."""
    try:
        # `importlib.import_module`, without importing importlib (and warnings).
        __import__(f"{package}.{INDEX_MODULE}")
        index = sys.modules[f"{package}.{INDEX_MODULE}"]
    except ImportError:
        return None
    checks = getattr(index, "CHECKS", None)
    if not isinstance(checks, dict) or not _checks_hold(directory, checks):
        return None
    pending = getattr(index, "RULES", {})
    rules: list[Rule] = []
    base = os.path.join(directory, "")
    for stem in sorted(name[:-3] for name in checks):
        name = f"{package}.{stem}"
        path = f"{base}{stem}.py"
        module = sys.modules.get(name)
        if module is None and stem in pending:
            rules.append(_Pending(pending[stem], package, stem, path))
            continue
        if module is None:
            module = _run_indexed(index, package, stem, path)
        rules.append(_module_rule(module, path))
    return rules


def _checks_hold(directory: str, checks: dict[str, tuple[int, int]]) -> bool:
    """Whether the rule files of `directory` (its regular files `*.py`,
    `*.yaml`, `*.yml` whose names start with neither `_` nor `.`) are those
    `checks` records, each of its size and CRC-32. The folder's names are
    compared with the recorded ones as sets; only a name not recorded (its
    `__init__.py`, the index, `__pycache__`) is looked at alone (start-up,
    issue 20: a test of each of the ~70 names cost more than reading it)."""
    try:
        names = set(os.listdir(directory))
    except OSError:
        return False
    if not checks.keys() <= names:
        return False
    base = os.path.join(directory, "")
    for name in names - checks.keys():
        _, dot, suffix = name.rpartition(".")
        wanted = dot and suffix in ("py", "yaml", "yml") and not name.startswith(("_", "."))
        if wanted and os.path.isfile(f"{base}{name}"):
            return False  # a rule file the index does not know
    for name, check in checks.items():
        try:
            # A folder of a recorded name is not a rule file: it cannot be
            # read (EISDIR), and the files are not those recorded.
            if content_check(f"{base}{name}") != check:
                return False
        except OSError:
            return False
    return True


def _run_indexed(index: ModuleType, package: str, stem: str, path: str) -> ModuleType:
    """Rule file `stem`'s module, its code run from the index (or its second
    part); imported as a file when neither holds it."""
    name = f"{package}.{stem}"
    function = getattr(index, stem, None)
    if function is None:
        function = _indexed_more(index, package, stem)
    if function is None:
        try:
            __import__(name)
        except Exception as exc:
            raise RuleLoadError(f"{path}: cannot import rule: {exc}") from exc
        return sys.modules[name]
    module = ModuleType(name)
    module.__file__ = path
    module.__package__ = package
    sys.modules[name] = module
    try:
        exec(function.__code__, module.__dict__)
    except Exception as exc:
        del sys.modules[name]
        raise RuleLoadError(f"{path}: cannot import rule: {exc}") from exc
    return module


def _indexed_more(index: ModuleType, package: str, stem: str) -> Any:
    """Rule file `stem`'s function in the index's second part, when that
    part was made from the same files as the index (its `CHECKS`)."""
    try:
        __import__(f"{package}.{INDEX_MORE}")
        more = sys.modules[f"{package}.{INDEX_MORE}"]
    except ImportError:
        return None
    if getattr(more, "CHECKS", None) != getattr(index, "CHECKS", None):
        return None
    return getattr(more, stem, None)


# The metadata of each built-in rule, in this order, as the index records it
# (`RULES`): what the registry, the rule selection, the engine's choice of
# rules for a request and the reports read before a rule runs.
METADATA = (
    "id",
    "name",
    "summary",
    "severity",
    "references",
    "help_reference",
    "default_enabled",
    "kind",
    "needs",
)


_LEVELS = {int(level): level for level in (Severity.INFO, Severity.WARNING, Severity.ERROR)}


class _Pending(Rule):
    """A built-in rule whose file's code has not run yet: its metadata, from
    the index. Start-up (issue 20): running the code of the ~65 rule files
    (their imports, classes and functions) was a tenth of a typical run, and a
    run over one script calls the `check` of fewer than half of them (input
    and schema rules never run one; most request rules need a member the
    request lacks). The first use of anything else (`check`, the docs, an
    attribute of its own class) runs the file's code from the index, as
    before, and this object becomes the rule the file binds: its class and
    its attributes, and `RULE` of the module is this object, so that the
    registry holds one rule object either way (tests/test_rule_index.py
    compares the metadata with the files' rules)."""

    def __init__(self, metadata: tuple[Any, ...], package: str, stem: str, origin: str) -> None:
        state = vars(self)
        state.update(zip(METADATA, metadata, strict=True))
        state["severity"] = _LEVELS[metadata[3]]
        state["origin"] = origin
        state["_pending"] = (package, stem)

    def _rule(self) -> Rule:
        """This rule, once its file's code has run (see the class)."""
        package, stem = self._pending
        name = f"{package}.{stem}"
        module = sys.modules.get(name)
        if module is None:
            index = f"{package}.{INDEX_MODULE}"
            __import__(index)
            module = _run_indexed(sys.modules[index], package, stem, self.origin)
        rule = _module_rule(module, self.origin)
        if rule is not self:
            state = dict(vars(rule))
            self.__class__ = type(rule)  # type: ignore[assignment]
            vars(self).clear()
            vars(self).update(state)
            module.RULE = self  # type: ignore[attr-defined]
        return self

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        return self._rule().check(request, ctx)

    @property
    def docs_text(self) -> str:
        return self._rule().docs_text

    @docs_text.setter
    def docs_text(self, value: str) -> None:
        self._rule().docs_text = value

    def __getattr__(self, name: str) -> Any:
        # Only for what neither this object nor its class has: the rule's own.
        if name.startswith("__") or name == "_pending":
            raise AttributeError(name)
        return getattr(self._rule(), name)


def _may_have_entry_points() -> bool:
    """Whether a distribution on sys.path may declare an `ami_lint.rules` entry
    point. Importing importlib.metadata costs more than the rest of start-up,
    and almost no environment has a rule pack; this look costs a few ms."""
    marker = f"[{ENTRY_POINT_GROUP}]".encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            # Names alone (`os.listdir`, not `os.scandir`): the standard
            # library's folders hold hundreds of them (start-up, issue 20).
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip archive: let importlib.metadata read it
        except OSError:
            continue
        base = os.path.join(folder, "")
        for name in _distributions(names):
            path = f"{base}{name}{os.sep}entry_points.txt"
            # Most distributions declare no entry point: asked without
            # raising an error for each (then read as `ami_lint.data` reads).
            if not os.access(path, os.F_OK):
                continue
            try:
                if marker in read_bytes(path):
                    return True
            except OSError:
                continue
    return False


def _distributions(names: list[str]) -> list[str]:
    """The names of `names` that end with `.dist-info` or `.egg-info`, in
    their order. Found by searching the names joined once (a name holds no
    NUL) rather than testing each: the standard library's folders, on
    every `sys.path`, hold hundreds of names and none of these (start-up,
    issue 20)."""
    joined = "\0".join(names) + "\0"
    found: list[tuple[int, str]] = []
    for suffix in (".dist-info\0", ".egg-info\0"):
        end = joined.find(suffix)
        while end >= 0:
            start = joined.rfind("\0", 0, end) + 1
            found.append((start, joined[start : end + len(suffix) - 1]))
            end = joined.find(suffix, end + 1)
    found.sort()
    return [name for _, name in found]


def _load_python_rule(path: Path, module_name: str | None) -> Rule:
    try:
        if module_name:
            import importlib

            module = importlib.import_module(module_name)
        else:
            module = _import_path(path)
    except Exception as exc:  # a broken third-party rule must name its file
        raise RuleLoadError(f"{path}: cannot import rule: {exc}") from exc
    return _module_rule(module, str(path))


def _module_rule(module: ModuleType, origin: str) -> Rule:
    rule = getattr(module, "RULE", None)
    if not isinstance(rule, Rule):
        raise RuleLoadError(f"{origin}: defines no `RULE = SomeRule()` instance of ami_lint.rule.Rule")
    rule.origin = origin
    rule.set_docs_text(module.__doc__ or "")
    return rule


def _import_path(path: Path) -> ModuleType:
    import importlib.util

    name = f"ami_lint_user_rules.{path.parent.name}.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuleLoadError(f"{path}: cannot import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _load_data_rule(path: Path) -> Rule:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RuleLoadError(f"{path}: a data rule is a mapping of metadata")
    _check_size(path, data)
    unknown = sorted(set(data) - DATA_KEYS)
    if unknown:
        raise RuleLoadError(f"{path}: unknown key {unknown[0]!r} in data rule")
    if "check" not in data:
        # Only ami-lint's readers and schema report `input` and `schema` rules:
        # without a `check`, a user's data rule would never fire.
        raise RuleLoadError(f"{path}: a data rule needs a `check` (a JSON Schema and a message)")
    if data.get("kind", KIND_REQUEST) != KIND_REQUEST:
        raise RuleLoadError(f"{path}: a data rule with a `check` has kind `request`")
    from ami_lint.data_rules import DataRule

    try:
        return DataRule(data, str(path))
    except (ValueError, OverflowError) as exc:  # OverflowError: `a{4294967296}` in a `pattern`
        raise RuleLoadError(f"{path}: {exc}") from exc
    except RecursionError:
        raise RuleLoadError(f"{path}: its `check` is nested too deeply") from None


# Bounds on a user's data rule, which may come from the linted tree. A real
# one is a few dozen nodes; YAML aliases can make a small file stand for
# billions of them, and the schema checker walks each one (recursively).
MAX_RULE_BYTES = 1024 * 1024
MAX_RULE_NODES = 10_000
MAX_RULE_DEPTH = 64


def _check_size(path: Path, data: object) -> None:
    """Refuse a rule whose data, with its aliases expanded, is too big or too deep."""
    stack: list[tuple[object, int]] = [(data, 1)]
    nodes = 0
    while stack:
        current, depth = stack.pop()
        nodes += 1
        if nodes > MAX_RULE_NODES:
            raise RuleLoadError(f"{path}: more than {MAX_RULE_NODES} values once its aliases are expanded")
        if depth > MAX_RULE_DEPTH:
            raise RuleLoadError(f"{path}: nested more than {MAX_RULE_DEPTH} levels deep")
        if isinstance(current, dict):
            stack.extend((value, depth + 1) for value in current.values())
        elif isinstance(current, list):
            stack.extend((item, depth + 1) for item in current)


def _read_yaml(path: Path) -> Any:
    """A user's data rule file, read by ruamel.yaml (YAML 1.2, safe), which
    is imported only here: when a rules folder holds one."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RULE_BYTES + 1)
        if len(raw) > MAX_RULE_BYTES:
            raise RuleLoadError(f"{path}: larger than {MAX_RULE_BYTES} bytes")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(f"{path}: {exc}") from exc
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        # One line: the problem and where, never the rule file's text.
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleLoadError(f"{path}: invalid YAML{at}: {problem}") from exc
    except RecursionError:  # the reader descends one call per level
        raise RuleLoadError(f"{path}: nested too deeply") from None
