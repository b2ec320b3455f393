"""What a generated file records of the file it was made from (issue 20).

The rule index (`rules/_index.py`) and the schema literal
(`ami_lint/data/schema_table.py`) are generated so that a run need not import
~65 files or parse JSON. Each records the size and CRC-32 of the bytes it was
made from, and is used only when they still match: an edit of any byte, of
the same size or not, makes a run read the files themselves. Reading them
costs well under a millisecond; a stale copy would cost a wrong answer.
"""

from __future__ import annotations


def content_check(path: str) -> tuple[int, int]:
    """The size and CRC-32 of the bytes of the file at `path`."""
    with open(path, "rb") as handle:
        return bytes_check(handle.read())


def bytes_check(data: bytes) -> tuple[int, int]:
    """The size and CRC-32 of `data`."""
    import zlib

    return len(data), zlib.crc32(data)
