"""ami-lint's data: the files it reads and those generated from them.

What a generated file records of the file it was made from (issue 20):
the rule index (`rules/_index.py`) and the schema literal
(`ami_lint/data/schema_table.py`) are generated so that a run need not import
~65 files or parse JSON. Each records the size and CRC-32 of the bytes it was
made from, and is used only when they still match: an edit of any byte, of
the same size or not, makes a run read the files themselves. Reading them
costs well under a millisecond; a stale copy would cost a wrong answer.

The checks live in this package's `__init__`, which every run imports
(for `record_inits`, `limits_table` and `schema_table`), rather than in a
module of their own: each module imported is ~110K instructions of the
import system before its code runs (start-up, issue 20).
"""

from __future__ import annotations

import os
from zlib import crc32

_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# Files this size or smaller (each rule file, the schema) are read in one call.
_CHUNK = 1 << 16


def content_check(path: str) -> tuple[int, int]:
    """The size and CRC-32 of the bytes of the file at `path`.

    Read with `os.read` in a buffer larger than the file (a short read of a
    regular file is its end): three system calls, where `open(path,
    "rb").read()` makes about nine, for each of the ~65 rule files a run
    checks (start-up, issue 20)."""
    data = read_bytes(path)
    return len(data), crc32(data)


def read_bytes(path: str) -> bytes:
    """The bytes of the file at `path`, read as `content_check` reads them."""
    fd = os.open(path, _FLAGS)
    try:
        data = os.read(fd, _CHUNK)
        if len(data) == _CHUNK:  # perhaps more: read on to the end
            chunks = [data]
            while chunk := os.read(fd, _CHUNK):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data


def bytes_check(data: bytes) -> tuple[int, int]:
    """The size and CRC-32 of `data`."""
    return len(data), crc32(data)
