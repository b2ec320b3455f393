"""Writing a report (`--output`) or a baseline whole or not at all.

A regular file (or a name not taken yet) gets a temporary file in the same
folder, renamed over it once everything is written: a full disk or any other
error leaves the old file as it was and removes the temporary one.

Nothing else is ever replaced: renaming over a device, a pipe or a symbolic
link would destroy it (`--write-baseline /dev/full` as root once replaced the
device with a regular file). A symbolic link is not followed either: the
output path may lie in the linted tree, where a committed
`ami-lint.sarif -> ~/.bashrc` must not make ami-lint write outside it. The
exceptions are for a report only, where they are what the user means: a
named pipe or a character device named as such (`/dev/null`, `/dev/tty`, a
FIFO) is written to directly, and so is a link that leads to a descriptor
this process was given to write to (`/dev/stdout`, `/dev/fd/63` of `>(…)`).
"""

from __future__ import annotations

import contextlib
import os
import stat


class WriteError(Exception):
    """The file was not written: one line, exit 2."""


def write_whole(path: str, data: bytes, what: str = "", *, special: bool = False) -> None:
    """Write `data` as the whole content of `path`, or raise `WriteError` and
    leave `path` as it was. `what` names the file in messages (`baseline `).
    `special`: write into a named pipe, a character device or a descriptor of
    this process that `path` names, instead of refusing them."""
    shown = f"{what}{path}"
    try:
        status: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from exc
    try:
        if status is not None and stat.S_ISLNK(status.st_mode):
            fd = _own_descriptor(path) if special else None
            if fd is None:
                raise WriteError(
                    f"cannot write {shown}: a symbolic link, not followed "
                    "(remove it, or name the file it leads to)"
                )
            write_all(fd, data)
        elif status is not None and not stat.S_ISREG(status.st_mode):
            if not (special and (stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode))):
                from ami_lint.files import file_kind

                raise WriteError(f"cannot write {shown}: {file_kind(status.st_mode)}, not a regular file")
            _write_special(path, shown, data)
        else:
            _replace(path, data, status)
    except OSError as exc:
        raise WriteError(f"cannot write {shown}: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _replace(path: str, data: bytes, old: os.stat_result | None) -> None:
    """A temporary file beside `path`, renamed over it when complete."""
    import tempfile

    directory = os.path.dirname(path) or "."
    # A short fixed prefix: the target's own name may already be as long as a name can be.
    fd, temporary = tempfile.mkstemp(prefix=".ami-lint.", suffix=".tmp", dir=directory)
    try:
        try:
            if hasattr(os, "fchmod"):
                # The replaced file's permissions (never set-id bits), or those a plain `open` gives.
                os.fchmod(fd, old.st_mode & 0o777 if old is not None else 0o666 & ~_umask())
            write_all(fd, data)
        finally:
            os.close(fd)  # some file systems report a full disk only here
        os.replace(temporary, path)
    except BaseException:  # also Ctrl-C: no temporary file is left behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_special(path: str, shown: str, data: bytes) -> None:
    """Into a named pipe or character device, as `path` names it (not through
    a link: `O_NOFOLLOW`); a FIFO waits for its reader, as the user asked."""
    flags = os.O_WRONLY
    for name in ("O_NOCTTY", "O_NOFOLLOW", "O_CLOEXEC"):
        flags |= getattr(os, name, 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):  # swapped since it was looked at
            raise WriteError(f"cannot write {shown}: it changed while being opened")
        write_all(fd, data)
    finally:
        os.close(fd)


def _own_descriptor(path: str) -> int | None:
    """The descriptor open for writing in this process that `path` leads to
    (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`), if any."""
    try:
        target = os.stat(path)
        names = os.listdir("/dev/fd")
        import fcntl
    except (OSError, ImportError):  # no such descriptors here
        return None
    for name in sorted(names, key=lambda n: int(n) if n.isdigit() else -1):
        if not name.isdigit():
            continue
        fd = int(name)
        try:
            status = os.fstat(fd)
            access = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        except OSError:  # the descriptor of the listing itself, closed by now
            continue
        if (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino) and access != os.O_RDONLY:
            return fd
    return None
