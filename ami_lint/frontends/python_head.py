"""Whether a file without a `.py` name is a Python program, by its `#!` line
(a claim that must not import the Python front end)."""

from __future__ import annotations


def is_python_shebang(head: bytes) -> bool:
    """A `#!` line that runs Python (`#!/usr/bin/python`, `#!/usr/bin/env -S python3 -u`)."""
    if not head.startswith(b"#!"):
        return False
    words = head[2:].split(b"\n", 1)[0].split()
    if words and words[0].endswith(b"/env"):
        words = [w for w in words[1:] if not w.startswith(b"-")]
    return bool(words) and words[0].rsplit(b"/", 1)[-1].startswith(b"python")
