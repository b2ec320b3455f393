"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
LINTED_SUFFIXES = JSON_SUFFIXES + YAML_SUFFIXES + SHELL_SUFFIXES
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"})
# Enough of a file to hold its `#!` line.
SHEBANG_BYTES = 128
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
    """A path that cannot be linted at all: exit 2 with this one line."""


@dataclass(frozen=True)
class Note:
    path: str
    text: str


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, with `/` separators."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


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


def read_head(path: Path) -> bytes:
    try:
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
        else:
            raise InputError(f"{raw}: no such file or directory")


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
                yield path
