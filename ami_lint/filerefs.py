"""`file://` and `fileb://` values: what the CLI makes of their paths (no I/O)."""

from __future__ import annotations

import os
from pathlib import Path

FILE_PREFIX = "file://"
BINARY_PREFIX = "fileb://"
PREFIXES = (FILE_PREFIX, BINARY_PREFIX)


def is_unresolved(path_text: str) -> bool:
    """True when the CLI itself would expand part of the path (`~`, `$VAR`)."""
    return path_text.startswith("~") or "$" in path_text


def candidates(path_text: str, script_path: str) -> list[Path]:
    """Where a referenced path may be: relative to the script's directory,
    then to the working directory."""
    path = Path(path_text)
    if path.is_absolute():
        return [path]
    script_dir = Path(script_path).parent
    out = [script_dir / path]
    cwd_relative = Path(path_text)
    if os.path.abspath(out[0]) != os.path.abspath(cwd_relative):
        out.append(cwd_relative)
    return out
