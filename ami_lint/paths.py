"""What ami-lint asks of `pathlib` on a run's way, with strings.

Start-up (issue 20): importing pathlib (with fnmatch, ntpath, urllib.parse and
ipaddress) was a tenth of a typical run, for a few path computations per
file. Each function here gives what the `pathlib` expression in its docstring
gives, as a string, on a system whose separator is `/`; elsewhere it asks
pathlib. tests/test_paths.py compares them with pathlib.
"""

from __future__ import annotations

import os
from errno import EBADF, ELOOP, ENOENT, ENOTDIR

POSIX = os.sep == "/" and os.altsep is None


def _split(path: str) -> tuple[str, list[str]]:
    """The root (``, `/`, or `//`: POSIX keeps exactly two leading slashes)
    and the names of `path`, without empty names and `.`."""
    if path[:1] == "/":
        names = path.lstrip("/")
        root = "//" if len(path) - len(names) == 2 else "/"
    else:
        names, root = path, ""
    return root, [name for name in names.split("/") if name and name != "."]


def normal(path: str) -> str:
    """`str(PurePath(path))`."""
    if not POSIX:
        from pathlib import PurePath

        return str(PurePath(path))
    root, names = _split(path)
    return root + "/".join(names) if root or names else "."


def absolute(path: str) -> str:
    """`str(Path(path).absolute())`: joined to the working directory, `..` kept."""
    if not POSIX:
        from pathlib import Path

        return str(Path(path).absolute())
    if path[:1] == "/":
        return normal(path)
    return normal(f"{os.getcwd()}/{path}")


def parent(path: str) -> str:
    """`str(PurePath(path).parent)` (a root's parent is itself)."""
    if not POSIX:
        from pathlib import PurePath

        return str(PurePath(path).parent)
    root, names = _split(path)
    if not names:
        return root or "."
    return root + "/".join(names[:-1]) if root or len(names) > 1 else "."


def is_absolute(path: str) -> bool:
    """`PurePath(path).is_absolute()`."""
    if not POSIX:
        from pathlib import PurePath

        return PurePath(path).is_absolute()
    return path[:1] == "/"


def suffix(path: str) -> str:
    """`PurePath(path).suffix` for a name that does not end with `.` (whose
    suffix differs between Python versions): from its last `.` on, unless
    the name starts there."""
    name = normal(path).replace(os.sep, "/").rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def as_posix(path: str) -> str:
    """`PurePath(path).as_posix()`."""
    if not POSIX:
        from pathlib import PurePath

        return PurePath(path).as_posix()
    return normal(path)


# What `Path.exists()`, `is_dir()` and `is_symlink()` take for "no": these
# errors (and a path the system cannot hold); any other error is raised.
_NOT_THERE = (ENOENT, ENOTDIR, EBADF, ELOOP)
_WINDOWS_NOT_THERE = (21, 123, 1921)  # not ready, invalid name, cannot be followed


def status(path: str, follow: bool = True) -> os.stat_result | None:
    """`os.stat` (or `lstat`) of `normal(path)` as `Path.exists()` and
    `Path.is_dir()` see it: None when it is not there, else raised."""
    try:
        return os.stat(normal(path), follow_symlinks=follow)
    except OSError as exc:
        if exc.errno in _NOT_THERE or getattr(exc, "winerror", None) in _WINDOWS_NOT_THERE:
            return None
        raise
    except ValueError:  # a NUL in it
        return None
