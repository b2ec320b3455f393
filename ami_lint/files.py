"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
LINTED_SUFFIXES = JSON_SUFFIXES + YAML_SUFFIXES
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


def file_format(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    return None


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
            if file_format(name):
                yield Path(root, name)
