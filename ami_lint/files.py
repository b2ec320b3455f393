"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ami_lint.records import record

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
LINTED_SUFFIXES = JSON_SUFFIXES + YAML_SUFFIXES + SHELL_SUFFIXES
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"})
# Enough of a file to hold its `#!` line.
SHEBANG_BYTES = 128
# Of a file over `--max-file-size`, what is read to tell whether it is a request.
DETECTION_BYTES = 65536
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".terraform",
        ".direnv",
    }
)


class InputError(Exception):
    """A path that cannot be linted at all: exit 2 with this one line.

    `reason` is the problem without the path, for a note about a file met
    while walking a directory (which is skipped, not fatal)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


@record(frozen=True)
class Note:
    """A remark about a file, shown on stderr."""

    path: str
    text: str

    @property
    def always_shown(self) -> bool:
        """A file that holds requests but was not checked: said even without `--verbose`."""
        return self.text.startswith(NOT_CHECKED)


NOT_CHECKED = "not checked: "


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, with `/` separators."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return path.as_posix()
    # `relpath` is already normalised: only Windows separators need a `Path`.
    return rel if os.sep == "/" else Path(rel).as_posix()


def file_format(path: str, head: bytes | None = None) -> str | None:
    """`json`, `yaml` or `shell` by the name, or by a shell `#!` line in `head`
    (the first bytes of a file whose name has no suffix we lint)."""
    lower = path.lower()
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if lower.endswith(SHELL_SUFFIXES):
        return "shell"
    if head is not None and is_shell_shebang(head):
        return "shell"
    return None


def is_shell_shebang(head: bytes) -> bool:
    """`#!/bin/bash`, `#!/usr/bin/env -S bash -e` and the like."""
    return shebang_shell(head) is not None


def shebang_shell(head: bytes) -> str | None:
    """The shell a `#!` line names (`bash` for `#!/usr/bin/env -S bash -e`), or None."""
    if not head.startswith(b"#!"):
        return None
    line = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace")
    # The kernel splits a `#!` line at blanks; `env` takes options first.
    fields = line.split()
    if fields and fields[0].rsplit("/", 1)[-1] == "env":
        fields = [f for f in fields[1:] if not f.startswith("-") and "=" not in f]
    name = fields[0].rsplit("/", 1)[-1] if fields else None
    return name if name in SHELLS else None


def file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input(path: Path, max_bytes: int, *, regular_only: bool = False) -> bytes:
    """The bytes of a file to lint: at most `max_bytes + 1` of them (or
    `DETECTION_BYTES`, if more), so that an
    oversized or endless file (`/dev/zero`) costs no more than that; the caller
    tells a file over the limit by its length.

    A directory is an `InputError`, and so is any other non-regular file when
    `regular_only` (a file met while walking a directory: a FIFO there would
    block forever). A file named on the command line may be a pipe
    (`<(...)`) or a device and is read up to the limit."""
    try:
        status = os.stat(path)
        kind = file_kind(status.st_mode)
        if kind is not None and (regular_only or kind == "a directory"):
            shown = display_path(path)
            raise InputError(f"{shown}: {kind}, not a regular file", f"{kind}, not a regular file")
        # Enough of an oversized file to tell whether it is a request.
        limit = max(max_bytes + 1, DETECTION_BYTES)
        with path.open("rb") as handle:
            if kind is not None or status.st_size + 1 >= limit:
                return handle.read(limit)
            # A small regular file: a buffer of its size, not of the limit
            # (ten times faster for the usual file of a few hundred bytes).
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since: read on to the limit
                data += handle.read(limit - len(data))
            return data
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise InputError(f"{display_path(path)}: {reason}", reason) from exc


def read_head(path: Path) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""  # opening a FIFO would block
        with path.open("rb") as handle:
            return handle.read(SHEBANG_BYTES)
    except OSError:
        return b""


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def discover(paths: list[str], notes: list[Note]) -> Iterator[Path]:
    """Files named on the command line, then the lintable files below directories."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, notes):
                if found not in seen:
                    seen.add(found)
                    yield found
        elif path.exists():
            if path not in seen:
                seen.add(path)
                yield path
        elif path.is_symlink():
            raise InputError(f"{raw}: {_broken_link(path)}")
        else:
            raise InputError(f"{raw}: no such file or directory")


def _broken_link(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return (exc.strerror or "cannot be followed").lower()
    return "cannot be followed"


def _walk(top: Path, notes: list[Note]) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        notes.append(Note(str(error.filename), f"skipped: {error.strerror}"))

    for root, dirs, files in os.walk(top, onerror=on_error):
        kept = []
        for d in sorted(dirs):
            full = os.path.join(root, d)
            if d in SKIPPED_DIRS or _is_virtualenv(full):
                notes.append(Note(display_path(Path(full)), "skipped directory"))
            else:
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            path = Path(root, name)
            # Extensionless files cost a read of their first bytes.
            if file_format(name) or ("." not in name and file_format(name, read_head(path))):
                problem = _unlintable(path)
                if problem is None:
                    yield path
                else:
                    notes.append(Note(display_path(path), f"skipped: {problem}"))


def _unlintable(path: Path) -> str | None:
    """Why a file found in a directory cannot be linted (a symlink loop, a
    dangling link, a FIFO or device), or None. Never fatal: it is a note."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except OSError as exc:
        return (exc.strerror or type(exc).__name__).lower()
    return f"{kind}, not a regular file" if kind is not None else None
