"""Configuration files: `.ami-lint.yaml` or `[tool.ami-lint]` in pyproject.toml,
the nearest one above each linted file, and the linter each of them makes.

Configurations do not merge: the nearest one governs its files entirely, and
options given on the command line override it. Globs and directories in a
configuration are relative to the directory holding it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.files import (
    LINK_TO,
    OUTSIDE,
    Refused,
    TooLarge,
    display_path,
    file_kind,
    place_problem,
    project_of,
    read_checked,
)
from ami_lint.paths import absolute, parent
from ami_lint.records import Record, field, record, replace
from ami_lint.registry import Registry, RuleLoadError, read_rules_dir
from ami_lint.rule import Rule
from ami_lint.selection import Selection, SelectionError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from ami_lint.engine import Linter, RunFiles

CONFIG_NAME = ".ami-lint.yaml"
PYPROJECT = "pyproject.toml"
KEYS = ("select", "ignore", "severity", "per-file-ignores", "exclude", "rules-dirs", "limits", "fail-on")
LIMITS = ("current", "legacy")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("error", "warning", "info")
TRUST_OPTION = "--trust-config-rules"
# Why a configuration's rule pack was not loaded, in the one line that says so.
UNTRUSTED = "a configuration file is data only"
# Selects nothing: `select: []`, or a command-line `--select` naming only rules
# that a file's configuration does not load.
NOTHING = Selection(ignore=("ALL",))


class ConfigError(Exception):
    """A configuration that cannot be used: exit 2 with this one line, naming the file and key."""


@record(frozen=True)
class Config(metaclass=Record):
    """One configuration file, as read."""

    path: Path
    label: str  # how messages name it: `sub/.ami-lint.yaml`, `pyproject.toml [tool.ami-lint]`
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    # Each folder of `rules-dirs` as written, and joined to the configuration's directory.
    rules_dirs: tuple[tuple[str, Path], ...] = ()
    limits: str | None = None
    fail_on: str | None = None

    @property
    def directory(self) -> Path:
        return self.path.parent

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.label}: {key}: {message}")

    def excludes(self, path: Path | str) -> bool:
        return any(_glob_matches(pattern, self.directory, path) for pattern in self.exclude)

    def ignored_for(self, path: Path | str) -> tuple[str, ...]:
        """The per-file-ignores codes whose glob matches `path`."""
        codes: list[str] = []
        for pattern, ids in self.per_file_ignores:
            if _glob_matches(pattern, self.directory, path):
                codes.extend(ids)
        return tuple(codes)


@record(frozen=True)
class Overrides(metaclass=Record):
    """What the command line says; each given option overrides the configuration."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    limits: str | None = None
    fail_on: str | None = None
    force_exclude: bool = False
    # Whether skipped files must be said to be skipped for their exact reason
    # (`--verbose` shows it); `Options.exact_notes`.
    exact_notes: bool = True


# --- reading a configuration file --------------------------------------------


# The most a configuration file may hold: the default of `--max-file-size`.
CONFIG_MAX_BYTES = 1024 * 1024
# The resolved path each configuration file found in its folder was checked
# at, by its path (as `str(Path(…))` writes it): reading it opens exactly that
# (see `ami_lint.files.read_checked`).
_checked: dict[str, str] = {}


def find_config(directory: Path | str) -> Path | None:
    """The configuration file in `directory` itself: `.ami-lint.yaml` wins over
    a pyproject.toml with a `[tool.ami-lint]` table beside it. A file that
    may not be read (see `_usable`) is passed over with one line on stderr.
    (Looked for with strings: pathlib is imported only when one is found.)"""
    folder = os.fspath(directory)
    candidate = os.path.join(folder, CONFIG_NAME)
    if not _usable(candidate):
        candidate = os.path.join(folder, PYPROJECT)
        if not (_usable(candidate) and _has_table(candidate)):
            return None
    from pathlib import Path

    return Path(candidate)


def _usable(path: str) -> bool:
    """Whether a configuration file found in its folder (from the linted
    tree: untrusted) may be read: a regular file, or a symlink to a regular
    file inside the project of that folder (its git work tree, else the
    folder), in no place for secrets. Anything else there is ignored, and
    says so: a configuration silently ignored would change results unseen."""
    try:
        info = os.lstat(path)
    except OSError:
        return False  # none here (or no way to look: as for none)
    problem = None
    if stat.S_ISLNK(info.st_mode):
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            problem = f"{LINK_TO}nothing ({(exc.strerror or type(exc).__name__).lower()})"
        else:
            where = place_problem(real, project_of(os.path.dirname(path)))
            if where is not None:
                problem = LINK_TO + ("outside its project" if where == OUTSIDE else where)
            else:
                try:
                    kind = file_kind(os.stat(real).st_mode)
                except OSError:
                    kind = None
                problem = f"{LINK_TO}{kind}" if kind is not None else None
    else:
        real = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        kind = file_kind(info.st_mode)
        problem = f"{kind}, not a regular file" if kind is not None else None
    if problem is not None:
        _ignored(path, problem)
        return False
    _checked[path] = real
    return True


def _ignored(path: str, problem: str) -> None:
    from ami_lint.printable import line  # a path found in the tree: untrusted text

    print(line(f"ami-lint: warning: {display_path(path)}: {problem}; ignored"), file=sys.stderr)


def _config_bytes(path: Path | str, shown: str) -> bytes:
    """A configuration file's bytes: one found in its folder exactly as
    `_usable` checked it, one named by `--config` (trusted) wherever it is;
    either way a regular file of at most `CONFIG_MAX_BYTES`."""
    expected = _checked.get(os.fspath(path))
    try:
        return read_checked(
            path,
            CONFIG_MAX_BYTES + 1,
            expected=expected,
            size_limit=CONFIG_MAX_BYTES,
            check_places=expected is not None,
        )
    except TooLarge as exc:
        size = f" ({exc.size} bytes)" if exc.size is not None else ""
        raise ConfigError(f"{shown}: {exc}{size}, the most a configuration file may hold") from None
    except Refused as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None


def load_config(path: Path) -> Config:
    """A configuration file, validated; ConfigError names the file and the key."""
    path = path.absolute()
    shown = display_path(path)
    if path.suffix == ".toml":
        label = f"{shown} [tool.ami-lint]"
        table = _read_toml(path, shown).get("tool", {}).get("ami-lint")
        if table is None:
            raise ConfigError(f"{shown}: no [tool.ami-lint] table")
        data = table
    else:
        label = shown
        data = _read_yaml(path, shown)
    if data is None:
        data = {}  # an empty file configures nothing
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: a configuration is a mapping of keys ({', '.join(KEYS)})")
    return _parse(path, label, data)


def _parse(path: Path, label: str, data: dict[Any, Any]) -> Config:
    for key in data:
        if key not in KEYS:
            import difflib  # only for a suggestion: not at start-up

            close = difflib.get_close_matches(key[:100], KEYS, n=1) if isinstance(key, str) else []
            guess = f" (did you mean {close[0]!r}?)" if close else f" (valid keys: {', '.join(KEYS)})"
            raise ConfigError(f"{label}: unknown key {_shown(key)}{guess}")
    config = Config(path, label)

    def codes(key: str) -> tuple[str, ...]:
        return _codes(config, key, data[key])

    select = codes("select") if "select" in data else None
    ignore = codes("ignore") if "ignore" in data else ()
    severity: list[tuple[str, str]] = []
    for rule, level in _mapping(config, "severity", data.get("severity", {})).items():
        if not isinstance(level, str) or level.lower() not in SEVERITIES:
            raise config.error(
                f"severity: {_shown(rule, 0)}", f"{_shown(level)} is not one of {', '.join(SEVERITIES)}"
            )
        severity.append((str(rule), level.lower()))
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for pattern, ids in _mapping(config, "per-file-ignores", data.get("per-file-ignores", {})).items():
        per_file.append(
            (_pattern(config, "per-file-ignores", pattern), _codes(config, "per-file-ignores", ids))
        )
    exclude = tuple(
        _pattern(config, "exclude", p) for p in _strings(config, "exclude", data.get("exclude", []))
    )
    # Whether each folder exists is asked only by the Workspace: a folder
    # outside the configuration's own is not even looked at unless trusted.
    rules_dirs = [
        (entry, config.directory / entry)
        for entry in _strings(config, "rules-dirs", data.get("rules-dirs", []))
    ]
    return Config(
        path,
        label,
        select=select,
        ignore=ignore,
        severity=tuple(severity),
        per_file_ignores=tuple(per_file),
        exclude=exclude,
        rules_dirs=tuple(rules_dirs),
        limits=_choice(config, "limits", data.get("limits"), LIMITS),
        fail_on=_choice(config, "fail-on", data.get("fail-on"), FAIL_ON),
    )


def _choice(config: Config, key: str, value: object, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        raise config.error(key, f"{_shown(value)} is not one of {', '.join(choices)}")
    return value


def _mapping(config: Config, key: str, value: object) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise config.error(key, f"expected a mapping, not {_kind(value)}")
    return value


def _strings(config: Config, key: str, value: object) -> list[str]:
    """A list of strings; a single string is a list of one."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise config.error(key, f"expected a list of strings, not {_kind(value)}")
    return list(value)


def _codes(config: Config, key: str, value: object) -> tuple[str, ...]:
    """Rule ids, prefixes or names: a list, or one comma-separated string as on the command line."""
    items = value.split(",") if isinstance(value, str) else _strings(config, key, value)
    return tuple(item.strip() for item in items if item.strip())


def _pattern(config: Config, key: str, pattern: object) -> str:
    if not isinstance(pattern, str) or not pattern.strip():
        raise config.error(key, f"{_shown(pattern)} is not a glob")
    from ami_lint.globs import GlobError, compile_glob  # a configuration was found

    try:
        compile_glob(pattern)
    except GlobError as exc:
        raise config.error(key, f"{_shown(pattern)} is not a usable glob ({exc})") from None
    return pattern


def _shown(value: object, quote: int = 1) -> str:
    """A value of a configuration as an error line quotes it: a string cut
    to 60 characters, a small number, else only its kind (a list built from
    YAML aliases may stand for billions of items, and `repr` of an integer
    of thousands of digits fails)."""
    if isinstance(value, str):
        cut = value[:60] + ("…" if len(value) > 60 else "")
        return repr(cut) if quote else cut
    if isinstance(value, (bool, float)) or (isinstance(value, int) and value.bit_length() < 64):
        return repr(value)
    return _kind(value)


def _kind(value: object) -> str:
    if isinstance(value, str):
        return f"the string {_shown(value)}"
    return {dict: "a mapping", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


TOO_DEEP = "nested too deeply to be a configuration"


def _unreadable(exc: ValueError) -> str:
    if "digits" in str(exc):
        return "a number too long to read"
    return str(exc)[:200]


def _read_yaml(path: Path, shown: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = _config_bytes(path, shown).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None
    try:
        # Safe and YAML 1.2, as for requests: no tag constructs an object.
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{shown}: invalid YAML{at}: {problem}") from None
    except RecursionError:  # ruamel composes recursively; no configuration nests so deep
        raise ConfigError(f"{shown}: invalid YAML: {TOO_DEEP}") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{shown}: invalid YAML: {_unreadable(exc)}") from None


def _read_toml(path: Path | str, shown: str, data: bytes | None = None) -> dict[str, Any]:
    """`data`: the file's bytes, when already read."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ConfigError(f"{shown}: reading pyproject.toml needs Python 3.11 or tomli") from None
    if data is None:
        data = _config_bytes(path, shown)
    try:
        table: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib parses arrays and inline tables recursively
        raise ConfigError(f"{shown}: invalid TOML: {TOO_DEEP}") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{shown}: invalid TOML: {_unreadable(exc)}") from None
    return table


def _has_table(pyproject: str) -> bool:
    try:
        data = read_checked(
            pyproject, CONFIG_MAX_BYTES + 1, expected=_checked.get(pyproject), size_limit=CONFIG_MAX_BYTES
        )
    except Refused as exc:
        # Whether it configures ami-lint cannot be told: say so.
        _ignored(pyproject, f"{exc}, so not read for [tool.ami-lint]")
        return False
    if b"ami-lint" not in data:
        return False  # most pyproject.toml files: no need to parse them
    tool = _read_toml(pyproject, display_path(pyproject), data).get("tool", {})
    return isinstance(tool, dict) and "ami-lint" in tool


# --- globs --------------------------------------------------------------------


def _glob_matches(pattern: str, base: Path, path: Path | str) -> bool:
    """Whether `path`, or a directory above it, matches `pattern` relative to `base`."""
    from pathlib import Path  # a configuration was found: pathlib is in use

    from ami_lint.globs import glob_matches

    try:
        rel = Path(os.path.relpath(Path(path).absolute(), base)).as_posix()
    except ValueError:  # another drive
        return False
    if rel.startswith("../") or rel == "..":
        return False  # outside the configuration's directory
    return glob_matches(pattern, rel)


# --- a configuration for each file ---------------------------------------------


def _folder_of(path: Path | str) -> str:
    """`os.path.join(os.getcwd(), os.path.dirname(path))`, without the two
    calls for a walked file's path (`folder/name`, asked for every file)."""
    if isinstance(path, str) and os.sep == "/":
        cut = path.rfind("/")
        if cut > 0 and path[cut - 1] != "/":
            folder = path[:cut]
            if folder[0] == "/":
                return folder
            cwd = os.getcwd()
            return f"{cwd}{folder}" if cwd.endswith("/") else f"{cwd}/{folder}"
    return os.path.join(os.getcwd(), os.path.dirname(path))


@record
class Workspace(metaclass=Record):
    """The configuration of each linted file (cached per directory), and one
    linter for each configuration and set of per-file ignores."""

    base: Registry
    overrides: Overrides = field(default_factory=Overrides)
    config_file: Path | None = None
    # `--trust-config-rules`. Without it a configuration file is data: its
    # `rules-dirs` give only their YAML rules, and only from folders inside
    # the configuration's own (a configuration comes from the linted tree,
    # and an import runs whatever the tree's author wrote).
    trust_config_rules: bool = False
    # Where the one line about what a configuration could not load goes
    # (None: standard error).
    warn: Callable[[str], None] | None = None
    # By folder, as `str(Path(…))` names it.
    _configs: dict[str, Config | None] = field(default_factory=dict)
    _loaded: dict[Path, Config] = field(default_factory=dict)
    _registries: dict[Path | None, Registry] = field(default_factory=dict)
    _rules_dirs: dict[Path, tuple[list[Rule], bool]] = field(default_factory=dict)
    # Configurations some of whose rules were not loaded (Python rules, or a
    # folder outside their own): their codes may name rules this run lacks.
    _partial: set[Path] = field(default_factory=set)
    _warned: set[tuple[str, Path]] = field(default_factory=set)
    _linters: dict[tuple[Path | None, tuple[str, ...]], Linter] = field(default_factory=dict)
    # The linter of each directory (as the path names it) whose configuration
    # does not depend on the file's name (no `exclude`, no `per-file-ignores`):
    # most files of a tree then cost a dict lookup, not a walk up `Path`s.
    _by_directory: dict[str, Linter] = field(default_factory=dict)
    _all: Registry | None = None
    _fixed: Config | None = None
    # The run's `file://` reader, which every linter of the run shares.
    _files: RunFiles | None = None

    def __post_init__(self) -> None:
        self._all = self.base.copy()
        if self.config_file is not None:
            if not self.config_file.is_file():
                raise ConfigError(f"{self.config_file}: --config: no such file")
            self._fixed = self._load(self.config_file)

    @property
    def registry(self) -> Registry:
        """Every rule loaded in this run, for rule listings and SARIF metadata."""
        assert self._all is not None
        return self._all

    def config_for(self, path: Path | str) -> Config | None:
        """The configuration that governs `path`: `--config`, else the nearest
        above it (each folder above `Path(path).absolute()`, `..` kept)."""
        if self.config_file is not None:
            return self._fixed
        start = parent(absolute(os.fspath(path)))
        visited = []
        directory: str | None = start
        found: Config | None = None
        while directory is not None:
            if directory in self._configs:
                found = self._configs[directory]
                break
            visited.append(directory)
            candidate = find_config(directory)
            if candidate is not None:
                found = self._load(candidate)
                break
            above = parent(directory)
            directory = above if above != directory else None
        for seen in visited:
            self._configs[seen] = found
        return found

    def cwd_config(self) -> Config | None:
        return self.config_for(os.path.join(os.getcwd(), "-"))

    def registry_for(self, config: Config | None) -> Registry:
        key = config.path if config else None
        if key not in self._registries:
            self._registries[key] = self._extend(config) if config and config.rules_dirs else self.base
        return self._registries[key]

    def linter_for(self, path: Path | str, explicit: bool = False) -> Linter | None:
        """The linter for `path`, or None when its configuration excludes it
        (a file named on the command line only with `--force-exclude`)."""
        # Absolute as `config_for` makes it (without resolving `..`).
        directory = _folder_of(path)
        linter = self._by_directory.get(directory)
        if linter is not None:
            return linter
        config = self.config_for(path)
        skippable = self.overrides.force_exclude or not explicit
        if config is not None and config.exclude and skippable and config.excludes(path):
            return None
        linter = self.linter_of(path)
        if config is None or not (config.exclude or config.per_file_ignores):
            self._by_directory[directory] = linter
        return linter

    def linter_of(self, path: Path | str) -> Linter:
        """The linter for `path`, excluded or not."""
        from ami_lint.engine import Linter, Options, RunFiles

        config = self.config_for(path)
        extra = config.ignored_for(path) if config else ()
        key = (config.path if config else None, extra)
        if key not in self._linters:
            registry = self.registry_for(config)
            options = Options(
                selection=self._selection(config, registry, extra),
                severities=self._severities(config, registry),
                limits=self.overrides.limits or (config.limits if config else None) or "current",
                exact_notes=self.overrides.exact_notes,
            )
            if self._files is None:
                self._files = RunFiles()
            self._linters[key] = Linter(options, registry, self.linter_for, self._files)
        return self._linters[key]

    def fail_on(self, path: str) -> str:
        """The `fail-on` for a diagnostic's file: the command line's, else its configuration's."""
        if self.overrides.fail_on:
            return self.overrides.fail_on
        config = self.config_for(path)
        return (config.fail_on if config else None) or "error"

    def exit_code(self, diagnostics: Iterable[Diagnostic]) -> int:
        for d in diagnostics:
            if d.suppressed:
                continue  # an inline directive or the baseline: shown, never failing
            level = self.fail_on(d.path)
            if level != "never" and d.severity >= Severity.parse(level):
                return 1
        return 0

    def check_selection(self) -> None:
        """A code on the command line must name a rule loaded somewhere in this run."""
        codes = (*(self.overrides.select or ()), *self.overrides.ignore)
        Selection(codes).validate(self.registry)

    def _load(self, path: Path) -> Config:
        path = path.absolute()
        if path not in self._loaded:
            config = load_config(path)
            registry = self.registry_for(config)
            if config.path in self._partial:
                config = _without_unknown(config, registry)
            self._loaded[path] = config
            # Every code of the file must name a rule it can see.
            for key, values in (
                ("select", config.select or ()),
                ("ignore", config.ignore),
                ("per-file-ignores", [c for _, ids in config.per_file_ignores for c in ids]),
            ):
                try:
                    Selection(tuple(values)).validate(registry)
                except SelectionError as exc:
                    raise config.error(key, str(exc)) from None
            self._severities(config, registry)
        return self._loaded[path]

    def _extend(self, config: Config) -> Registry:
        registry = self.base.copy()
        for entry, directory in config.rules_dirs:
            for rule in self._rules_of(config, entry, directory):
                registry.add(rule)
                self._remember(rule)
        return registry

    def _rules_of(self, config: Config, entry: str, directory: Path) -> list[Rule]:
        """The rules one folder of a configuration's `rules-dirs` gives: all of
        them with `--trust-config-rules`; else its YAML rules, and nothing from
        a folder or file that resolves outside the configuration's directory."""
        try:
            resolved = directory.resolve()
            home = config.directory.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop
            raise config.error("rules-dirs", f"{entry!r} is not a directory") from None
        trusted = self.trust_config_rules
        if not trusted and not _within(resolved, home):
            self._partial.add(config.path)
            self._warn_once(
                ("outside", resolved),
                f"{config.label}: rules-dirs: {entry!r} was not read: it leads outside the "
                f"configuration's folder ({UNTRUSTED}; pass {TRUST_OPTION} to read it)",
            )
            return []
        if not resolved.is_dir():
            raise config.error("rules-dirs", f"{entry!r} is not a directory")
        if resolved not in self._rules_dirs:
            if trusted:
                self._rules_dirs[resolved] = (read_rules_dir(resolved), False)
            else:
                self._rules_dirs[resolved] = self._data_rules(config, directory, resolved)
        rules, partial = self._rules_dirs[resolved]
        if partial:
            self._partial.add(config.path)
        return rules

    def _data_rules(self, config: Config, directory: Path, resolved: Path) -> tuple[list[Rule], bool]:
        """The YAML rules of a folder, and whether some of its files were left out."""
        from ami_lint.registry import read_data_rules

        rules, python, outside = read_data_rules(resolved)
        shown = display_path(directory)
        if python:
            files = f"{len(python)} file{'s' if len(python) > 1 else ''}"
            self._warn_once(
                ("python", resolved),
                f"{config.label}: rules-dirs: the Python rules in {shown} ({files}) were not loaded "
                f"({UNTRUSTED}; pass {TRUST_OPTION} to load them)",
            )
        for path in outside:
            self._warn_once(
                ("outside", path),
                f"{config.label}: rules-dirs: {shown}/{path.name} was not read: it leads outside "
                f"{shown} ({UNTRUSTED}; pass {TRUST_OPTION} to read it)",
            )
        return rules, bool(python or outside)

    def _warn_once(self, key: tuple[str, Path], text: str) -> None:
        """One line for each folder or file not loaded, however many
        configurations or files meet it."""
        if key in self._warned:
            return
        self._warned.add(key)
        if self.warn is not None:
            self.warn(text)
        else:
            from ami_lint.printable import line  # folder names from the tree: untrusted text

            print(line(f"ami-lint: warning: {text}"), file=sys.stderr, flush=True)

    def _remember(self, rule: Rule) -> None:
        assert self._all is not None
        if self._all.get(rule.id) is not rule:
            try:
                self._all.add(rule)
            except RuleLoadError as exc:
                raise RuleLoadError(f"{exc} (two rule packs in one run)") from None

    def _selection(self, config: Config | None, registry: Registry, extra: Sequence[str]) -> Selection:
        cli = self.overrides
        if cli.select is not None:
            select: tuple[str, ...] | None = _known(cli.select, registry)
            ignore = cli.ignore
            if not select and cli.select:
                return NOTHING
        else:
            select = config.select if config else None
            ignore = (*(config.ignore if config else ()), *cli.ignore)
            if select is not None and not select:
                return NOTHING
        return Selection(select or (), _known((*ignore, *extra), registry))

    def _severities(self, config: Config | None, registry: Registry) -> dict[str, Severity]:
        out = {}
        for code, level in config.severity if config else ():
            rule = registry.get(code) or registry.get(code.upper())
            if rule is None:
                raise config.error(f"severity: {code}", "unknown rule (see `ami-lint --list-rules`)")  # type: ignore[union-attr]
            out[rule.id] = Severity.parse(level)
        return out


def _within(path: Path, home: Path) -> bool:
    return path == home or home in path.parents


def _without_unknown(config: Config, registry: Registry) -> Config:
    """`config` without the codes that name no rule of `registry`: codes for
    the rules of a pack it could not load name nothing in this run, and the
    run goes on with the rest (a `select` left empty selects nothing)."""
    return replace(
        config,
        select=None if config.select is None else _known(config.select, registry),
        ignore=_known(config.ignore, registry),
        per_file_ignores=tuple((glob, _known(ids, registry)) for glob, ids in config.per_file_ignores),
        severity=tuple(
            (code, level)
            for code, level in config.severity
            if registry.get(code) or registry.get(code.upper())
        ),
    )


def _known(codes: Iterable[str], registry: Registry) -> tuple[str, ...]:
    """The codes that name something in `registry` (a code on the command line
    may name a rule that only another configuration's rules-dirs loads)."""
    kept = []
    for code in codes:
        try:
            Selection((code,)).validate(registry)
        except SelectionError:
            continue
        kept.append(code)
    return tuple(kept)


def workspace_from_args(args: Any) -> Workspace:
    """The rules and configuration a command line asks for: the built-in rules,
    installed rule packs, `--rules-dir` folders (all trusted: the command line
    names them), and `--config` or discovery (data only unless
    `--trust-config-rules`)."""
    from ami_lint.registry import builtin_registry, load_entry_points, load_rules_dir
    from ami_lint.selection import parse_codes

    base = builtin_registry().copy()
    load_entry_points(base)
    for directory in args.rules_dir:
        from pathlib import Path

        load_rules_dir(base, Path(directory))
    overrides = Overrides(
        select=parse_codes(args.select) if args.select is not None else None,
        ignore=parse_codes(args.ignore),
        limits=args.limits,
        fail_on=args.fail_on,
        force_exclude=args.force_exclude,
        exact_notes=bool(getattr(args, "verbose", True)),
    )
    if args.config:
        from pathlib import Path

        config_file: Path | None = Path(args.config)
    else:
        config_file = None
    return Workspace(
        base,
        overrides,
        config_file,
        trust_config_rules=args.trust_config_rules,
    )
