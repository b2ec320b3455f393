"""`file://` parameter files of a shell command, read as the AWS CLI reads them.

The CLI replaces an option value that starts with `file://` (exactly, in lower
case) by the text of the file, after expanding `~` and `$VAR` in the path; the
text then goes through the same decoding as a value written inline (JSON when
it starts with `[` or `{`, else shorthand or a plain string). `fileb://` is
binary and is never read here. The CLI follows only a single value word: a
list option given several words takes them literally.

Where a relative path points depends on where the script runs; as the
specification says, it is looked up relative to the linted script's directory,
then relative to the working directory. A path built from shell variables, or
one the CLI itself would expand (`~`, `$HOME` inside single quotes), is
*unresolved*: the value stays unknown (rule AMI005, off by default).

Safety. A linted script is data, perhaps from an untrusted change, and findings
print the lines they point at. So a reference is read only when:

- its real path (symlinks resolved) lies inside the linted script's directory
  or the working directory: a reference outside both (`file:///etc/passwd`,
  `file://../../.aws/credentials`) is *not followed* and is reported as
  AMI004 naming the path, so nothing of such a file ever reaches a report;
- it is a regular file, checked with `os.stat` before opening and again with
  `fstat` on the open descriptor (opened non-blocking, so a FIFO swapped in
  cannot hang the linter), never under `/dev`, `/proc` or `/sys`;
- it is at most `MAX_BYTES` long, and at most that much is ever read;
- it decodes as UTF-8.

Any other case is a `ParamFileError` whose message is the problem; callers
name the path. Nothing of the file's contents is ever in a message.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ami_lint.diagnostics import Finding
from ami_lint.files import display_path
from ami_lint.source import Source, Span

FILE_PREFIX = "file://"
BINARY_PREFIX = "fileb://"
MAX_BYTES = 1024 * 1024
SPECIAL_ROOTS = ("/dev", "/proc", "/sys")


class ParamFileError(Exception):
    """A reference that cannot be read; the message says why (never what the file holds)."""


@dataclass(frozen=True)
class ParamFile:
    path: Path  # the resolved path
    source: Source  # the file's text, under its display path


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


def read_param_file(path_text: str, script_path: str) -> ParamFile:
    """The text of the file `file://{path_text}` in a script at `script_path`.

    Raises `ParamFileError` when it cannot or may not be read.
    """
    if not path_text:
        raise ParamFileError("no path after `file://`")
    if "\0" in path_text:
        raise ParamFileError("the path holds a NUL character")
    found: Path | None = None
    for candidate in candidates(path_text, script_path):
        try:
            os.stat(candidate)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ParamFileError(_reason(exc)) from exc
        found = candidate
        break
    if found is None:
        raise ParamFileError("no such file")
    real = os.path.realpath(found)
    if not _inside_linted_tree(real, script_path):
        raise ParamFileError("outside the script's directory and the working directory, so not read")
    if any(real == root or real.startswith(root + os.sep) for root in SPECIAL_ROOTS):
        raise ParamFileError("a special file, not a regular file")
    data = _read_regular(found)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParamFileError(
            f"not UTF-8 text (byte `0x{data[exc.start]:02x}` at offset {exc.start})"
        ) from exc
    return ParamFile(found, Source.from_text(text, display_path(found)))


def _inside_linted_tree(real: str, script_path: str) -> bool:
    roots = {os.path.realpath(Path(script_path).parent), os.path.realpath(os.getcwd())}
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
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


def _read_regular(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ParamFileError(_reason(exc)) from exc
    kind = _kind(info.st_mode)
    if kind is not None:
        raise ParamFileError(f"{kind}, not a regular file")
    if info.st_size > MAX_BYTES:
        raise ParamFileError(f"larger than 1 MiB ({info.st_size} bytes)")
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ParamFileError(_reason(exc)) from exc
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:  # swapped since the `stat`
            raise ParamFileError(f"{kind}, not a regular file")
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ParamFileError(_reason(exc)) from exc
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        raise ParamFileError("larger than 1 MiB")
    return b"".join(chunks)


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def load_reference(text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
    """The file that the value `file://…` (all of it known), written at `span`
    of `source`, makes the CLI read; None, with AMI005 when its path is only
    known at run time or AMI004 when it cannot or may not be read."""
    path = text[len(FILE_PREFIX) :]
    if is_unresolved(path):
        message = f"The CLI expands `~` or `$` in `{text}` at run time: the file was not checked"
        hint = "Run the linter on the generated file, or write the value inline"
        return None, [Finding("AMI005", source, span, message, hint)]
    try:
        param_file = read_param_file(path, source.path)
    except ParamFileError as error:
        message = f"Cannot read `{FILE_PREFIX}{path}`: {error}"
        hint = "Fix the path, or make the file a UTF-8 text file of at most 1 MiB next to the script"
        return None, [Finding("AMI004", source, span, message, hint)]
    return param_file.source, []
