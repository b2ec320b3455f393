"""A script's `#!` line: which shell runs it."""

from __future__ import annotations

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"})
# Enough of a file to hold its `#!` line.
SHEBANG_BYTES = 128


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
