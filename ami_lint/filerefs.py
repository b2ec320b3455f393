"""`file://` and `fileb://` values: what the CLI makes of their paths (no I/O)."""

from __future__ import annotations

import os

from ami_lint.paths import is_absolute, normal, parent

FILE_PREFIX = "file://"
BINARY_PREFIX = "fileb://"
PREFIXES = (FILE_PREFIX, BINARY_PREFIX)


def is_unresolved(path_text: str) -> bool:
    """True when the CLI itself would expand part of the path (`~`, `$VAR`)."""
    return path_text.startswith("~") or "$" in path_text


def candidates(path_text: str, script_path: str) -> list[str]:
    """Where a referenced path may be: relative to the script's directory,
    then to the working directory (each as `pathlib` writes it: no pathlib
    at start-up, issue 20)."""
    path = normal(path_text)
    if is_absolute(path):
        return [path]
    first = normal(os.path.join(parent(script_path), path))
    out = [first]
    if os.path.abspath(first) != os.path.abspath(path):
        out.append(path)
    return out
