"""What a generated file records of the file it was made from (issue 20).

The rule index (`rules/_index.py`) and the schema literal
(`ami_lint/data/schema_table.py`) are generated so that a run need not import
~65 files or parse JSON. Each records the size and CRC-32 of the bytes it was
made from, and is used only when they still match: an edit of any byte, of
the same size or not, makes a run read the files themselves. Reading them
costs well under a millisecond; a stale copy would cost a wrong answer.
"""

from __future__ import annotations

import os

_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def content_check(path: str) -> tuple[int, int]:
    """The size and CRC-32 of the bytes of the file at `path`.

    Read with `os.read` in a buffer of the size `fstat` gives (a short read
    of a regular file is its end): four system calls, where `open(path,
    "rb").read()` makes about nine, for each of the ~65 rule files a run
    checks (start-up, issue 20)."""
    fd = os.open(path, _FLAGS)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) > size:  # it grew since: read on to its end
            chunks = [data]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return bytes_check(data)


def bytes_check(data: bytes) -> tuple[int, int]:
    """The size and CRC-32 of `data`."""
    import zlib

    return len(data), zlib.crc32(data)
