"""Finding the files to lint and reading them as text."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache

from ami_lint.frontend import DETECTION_BYTES, NOT_CHECKED
from ami_lint.paths import as_posix, normal, status
from ami_lint.records import Record, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from pathlib import Path

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".terraform",
        ".direnv",
    }
)

# --- places never read -----------------------------------------------------------
# One list for every way in: a walked directory, `file://`, a configuration file.

# Where the kernel shows processes, devices and its own state as files
# (`/proc/self/environ` holds the environment, secrets included).
SPECIAL_ROOTS = ("/dev", "/proc", "/sys")
# Folders of secrets known by their absolute path: Docker and Kubernetes mount
# secrets and service-account tokens there.
SECRET_ROOTS = ("/run/secrets", "/var/run/secrets")
# Names that hold credentials or secrets wherever they are, even inside the
# linted tree (a CI job may write them into its workspace).
SECRET_NAMES = frozenset(
    {
        ".aws",
        ".ssh",
        ".gnupg",
        ".docker",
        ".kube",
        ".netrc",
        ".git-credentials",
        ".npmrc",
        ".pypirc",
        ".pgpass",
        ".boto",
        ".s3cfg",
        ".env",
        ".vault-token",
        ".azure",
        ".oci",
        ".terraform.d",
        ".terraformrc",
        ".password-store",
        ".my.cnf",
        # `actions/checkout` keeps the job's token in `.git/config`.
        ".git",
    }
)
# Places known by two names, where the first one alone is harmless.
SECRET_SUBPATHS = (
    ".config/gcloud",
    ".config/gh",
    ".config/hub",
    ".config/op",
    ".config/doctl",
    ".config/rclone",
    ".config/composer/auth.json",
    ".composer/auth.json",
    ".cargo/credentials",
    ".cargo/credentials.toml",
    ".gem/credentials",
    ".m2/settings.xml",
    ".gradle/gradle.properties",
    ".local/share/keyrings",
)
OUTSIDE = "outside"
SPECIAL = "a special file"
SECRET = "a place for credentials or secrets"
CHANGED = "changed while it was being opened, so not read"


class InputError(Exception):
    """A path that cannot be linted at all: exit 2 with this one line.

    `reason` is the problem without the path, for a note about a file met
    while walking a directory (which is skipped, not fatal)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


@record(frozen=True)
class Note(metaclass=Record):
    """A remark about a file, shown on stderr."""

    path: str
    text: str

    @property
    def always_shown(self) -> bool:
        """A file that holds requests but was not checked, or one the user named
        that was not linted: said even without `--verbose`."""
        return self.text.startswith((NOT_CHECKED, NOT_LINTED))

    @property
    def named_skip(self) -> bool:
        """A file named on the command line that holds no request (`--quiet` hides it)."""
        return self.text.startswith(NOT_LINTED)


NOT_LINTED = "not linted: "


def display_path(path: Path | str) -> str:
    """Relative to the working directory when below it, with `/` separators."""
    if os.sep == "/":
        # A file in a folder: the folder's display path, worked out once per
        # folder and working directory, and the file's name.
        directory, _, name = os.fspath(path).rpartition("/")
        # Not a name `..x`: the general path takes `relpath`'s `..x` (a
        # file in the working directory) for a path outside it.
        if directory and name and (name[0] != "." or (len(name) > 1 and name[1] != ".")):
            cwd = os.getcwd()
            # The folder of the path shown before, most often this one's:
            # two comparisons, not a cache's hash of both strings.
            last_cwd, last_directory, shown = _last_shown[0]
            if directory != last_directory or cwd != last_cwd:
                shown = _display_folder(cwd, directory)
                _last_shown[0] = (cwd, directory, shown)
            if shown is not None:
                return shown + name
    return _display_path(normal(os.fspath(path)))


# The working directory, folder and `_display_folder` of the path shown last
# (one tuple, replaced whole). No folder is empty: the first matches none.
_last_shown: list[tuple[str, str, str | None]] = [("", "", None)]


@lru_cache(maxsize=256)
def _display_folder(cwd: str, directory: str) -> str | None:
    """What `display_path` puts before the name of a file in `directory`
    (with `cwd` the working directory): its path relative to `cwd` and a
    `/` when below it, nothing for `cwd` itself, else the folder as written
    (normalised) and a `/`; None for a root (`///x` is shown `/x`: the
    general path answers). A file's name adds a name to the folder's
    relative path, so the file is below `cwd` exactly when its folder is.
    (A tree outside the working directory, `ami-lint /tmp/tree`, asked
    `relpath` for each file before: about 40,000 instructions a file.)"""
    rel = os.path.relpath(directory, cwd)
    if rel.startswith(".."):
        rel = normal(directory)
        return None if rel.endswith("/") else f"{rel}/"
    return "" if rel == "." else f"{rel}/"


def _display_path(path: str) -> str:
    """`path` as `str(Path(…))` writes it, shown."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return as_posix(path)
    if rel.startswith(".."):
        return as_posix(path)
    # `relpath` is already normalised: only Windows separators need changing.
    return rel if os.sep == "/" else as_posix(rel)


def file_format(path: str, head: bytes | None = None) -> str | None:
    """The name of the front end that claims a file, by its name or by its
    first bytes `head` (a shell `#!` line); None when none does."""
    from ami_lint.frontends import claim

    front = claim(path, head)
    return front.name if front is not None else None


def file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
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


def is_secret_place(path: str) -> bool:
    """Whether a name or folder of `path` is a usual home of credentials
    (in any case: `.AWS` is `.aws` on a case-insensitive file system)."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    # Only the name lower-cased: the folder's answer is remembered.
    folder, _, name = path.rpartition("/")
    name = name.lower()
    if name in _SUBPATH_ENDS:
        return _is_secret_place(path.lower())
    if name in SECRET_NAMES or name.startswith(".env."):
        return True
    if not folder:
        return False
    # A folder's answer is the same for each of its files, asked in turn
    # (each file a walk reads): the last folder's first, then the cache's.
    last_folder, secret = _last_folder[0]
    if folder != last_folder:
        secret = _secret_folder(folder)
        _last_folder[0] = (folder, secret)
    return secret


# The last names of `SECRET_SUBPATHS`: a path ending in one is looked at whole.
_SUBPATH_ENDS = frozenset(sub.rsplit("/", 1)[-1] for sub in SECRET_SUBPATHS)
# The folder `is_secret_place` looked at last, and its answer (one tuple,
# replaced whole). No folder is empty: the first matches none.
_last_folder: list[tuple[str, bool]] = [("", False)]


@lru_cache(maxsize=256)
def _secret_folder(folder: str) -> bool:
    return _is_secret_place(folder.lower())


def _secret_name(below: str, name: str) -> bool:
    """`is_secret_place(below + name)` for the name of a file listed in a
    folder the walk entered: `below`, its path below the walked directory,
    is no secret place (`_directory_problem` found none), so only the name
    and the places ending with it are left to look at."""
    lower = name.lower()
    if lower in _SUBPATH_ENDS:
        return is_secret_place(below + name)
    return lower in SECRET_NAMES or lower.startswith(".env.")


def _is_secret_place(path: str) -> bool:
    parts = path.split("/")
    if any(part in SECRET_NAMES or part.startswith(".env.") for part in parts):
        return True
    joined = "/" + "/".join(parts) + "/"
    return any(f"/{sub}/" in joined for sub in SECRET_SUBPATHS)


def is_inside(real: str, root: str) -> bool:
    """Whether the resolved path `real` is `root` or below it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def place_problem(real: str, within: str | None = None) -> str | None:
    """Why the resolved path `real` is never read (`OUTSIDE` of `within`,
    `SPECIAL`, `SECRET`), or None."""
    if within is not None and not is_inside(real, within):
        return OUTSIDE
    # `is_inside` of every root, in one test (asked for every file read),
    # then of each kind's.
    if real.startswith(_ROOTS_BELOW) or real in _ROOTS:
        if real in SPECIAL_ROOTS or real.startswith(_SPECIAL_BELOW):
            return SPECIAL
        return SECRET
    return SECRET if is_secret_place(real) else None


_SPECIAL_BELOW = tuple(root.rstrip(os.sep) + os.sep for root in SPECIAL_ROOTS)
_SECRET_BELOW = tuple(root.rstrip(os.sep) + os.sep for root in SECRET_ROOTS)
_ROOTS = SPECIAL_ROOTS + SECRET_ROOTS
_ROOTS_BELOW = _SPECIAL_BELOW + _SECRET_BELOW


@lru_cache(maxsize=1024)
def project_of(directory: str) -> str:
    """The project a file in `directory` belongs to, resolved: the git work
    tree holding it (the nearest folder above with a `.git` directory or
    file; git itself is not run), else `directory` itself."""
    start = os.path.realpath(directory or ".")
    folder = start
    while True:  # a loop, not recursion: a thousand levels are fine
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


class Refused(Exception):
    """A file that is not read; the message says why, never what it holds."""


class TooLarge(Refused):
    """A file over the size limit of `read_checked`."""

    def __init__(self, limit: int, size: int | None) -> None:
        super().__init__(f"larger than {size_text(limit)}")
        self.limit = limit
        self.size = size  # as `fstat` gave it, when it was over the limit already


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


def read_checked(
    path: str | Path,
    read_max: int,
    *,
    within: str | None = None,
    expected: str | None = None,
    size_limit: int | None = None,
    check_places: bool = True,
) -> bytes:
    """At most `read_max` bytes of the regular file at `path`, read only when
    its resolved path is in no place `place_problem` refuses (and inside
    `within`, when given). `expected`: the resolved path already checked
    (while walking a directory), opened as it is.

    The resolved path is opened once, without following a symlink as its
    last name and without blocking (a FIFO swapped in cannot hang the run);
    the descriptor must be a regular file, and the file the kernel opened must
    be the one checked (`/proc/self/fd`, else the device and inode now at
    that path), so a symlink swapped in during the run cannot lead anywhere
    else. Everything is read from that descriptor. `size_limit`: a larger
    file is `TooLarge`. `check_places=False`: a path the command line names
    (trusted) is read wherever it is, still as a regular file. Raises
    `Refused`."""
    try:
        real = expected if expected is not None else os.path.realpath(path, strict=True)
    except OSError as exc:
        raise Refused(_strerror(exc)) from exc
    problem = place_problem(real, within) if check_places else None
    if problem is not None:
        raise Refused(problem)
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(real):  # a link where a resolved path had a file
            raise Refused(CHANGED) from exc
        raise Refused(_strerror(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{file_kind(info.st_mode)}, not a regular file")
        if not _opened_is(fd, real, info):
            raise Refused(CHANGED)
        size = info.st_size
        if size_limit is not None and size > size_limit:
            raise TooLarge(size_limit, size)
        # A buffer of the file's size, not of `read_max` (ten times faster
        # for the usual file of a few hundred bytes); on if it grew since.
        step = size + 1 if size < read_max else read_max
        data = os.read(fd, step)
        total = len(data)
        # Most files: the whole file as `fstat` saw it, in one read (no list
        # of chunks to join).
        whole = not data or size <= total < step
        chunks = [data]
        step = max(step, DETECTION_BYTES)
        while not whole and total < read_max:
            asked = min(step, read_max - total)
            chunk = os.read(fd, asked)
            if not chunk:
                break  # the end of the file (it may have shrunk since `fstat`)
            chunks.append(chunk)
            total += len(chunk)
            if len(chunk) < asked and total >= size:
                break  # the end of the file, as `fstat` saw it: no read more to see it
    except OSError as exc:
        raise Refused(_strerror(exc)) from exc
    finally:
        os.close(fd)
    if not whole:
        data = b"".join(chunks)
    if size_limit is not None and len(data) > size_limit:
        raise TooLarge(size_limit, None)
    return data


_OPEN_FLAGS = os.O_RDONLY
for _flag in ("O_NOFOLLOW", "O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
    _OPEN_FLAGS |= getattr(os, _flag, 0)


def _opened_is(fd: int, real: str, info: os.stat_result) -> bool:
    """Whether descriptor `fd` (with `fstat` `info`) is the file at `real`."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}") == real  # what the kernel opened
    except OSError:
        pass  # no /proc: the file now at that path must be the one open
    try:
        now = os.stat(real, follow_symlinks=False)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino)


def _strerror(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def read_input(path: Path | str, max_bytes: int, *, regular_only: bool = False) -> bytes:
    """The bytes of a file to lint: at most `max_bytes + 1` of them (or
    `DETECTION_BYTES`, if more), so that an
    oversized or endless file (`/dev/zero`) costs no more than that; the caller
    tells a file over the limit by its length.

    A directory is an `InputError`. `regular_only`: a file met while walking a
    directory, read through `read_checked` as the walk checked it (a FIFO there
    would block forever; a symlink swapped in since must not lead elsewhere).
    A file named on the command line may be a pipe (`<(...)`) or a device and
    is read up to the limit: the command line is trusted."""
    # Enough of an oversized file to tell whether it is a request.
    limit = max(max_bytes + 1, DETECTION_BYTES)
    if regular_only:
        try:
            return read_checked(path, limit, expected=_walked.get(os.fspath(path)))
        except Refused as exc:
            reason = f"{exc}, not a regular file" if str(exc) == SPECIAL else str(exc)
            raise InputError(f"{display_path(path)}: {reason}", reason) from None
    try:
        status = os.stat(path)
        kind = file_kind(status.st_mode)
        if kind == "a directory":
            shown = display_path(path)
            raise InputError(f"{shown}: {kind}, not a regular file", f"{kind}, not a regular file")
        with open(path, "rb") as handle:  # not Path.open: no pathlib at start-up
            if kind is not None or status.st_size + 1 >= limit:
                return handle.read(limit)
            # A small regular file: a buffer of its size, not of the limit.
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since: read on to the limit
                data += handle.read(limit - len(data))
            return data
    except OSError as exc:
        reason = _strerror(exc)
        raise InputError(f"{display_path(path)}: {reason}", reason) from exc


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


# The resolved path each file yielded by a walk was checked at, by the path
# yielded: `read_input` opens exactly that (a `--jobs` worker, forked after
# the walk, inherits it).
_walked: dict[str, str] = {}


def discover(paths: list[str], notes: list[Note]) -> Iterator[Path]:
    """Files named on the command line, then the lintable files below directories."""
    from pathlib import Path

    for path in discover_names(paths, notes):
        yield Path(path)


def discover_names(paths: list[str], notes: list[Note]) -> Iterator[str]:
    """`discover`, each path as `str(Path(…))` writes it: a `Path` costs more
    than reading a small file that holds nothing to lint."""
    seen: set[str] = set()
    for raw in paths:
        path = normal(raw)  # `Path(raw)`, whose `is_dir()`, `exists()`... ask `status`
        found_at = status(path)
        if found_at is not None and stat.S_ISDIR(found_at.st_mode):
            for found in _walk(path, notes):
                if found not in seen:
                    seen.add(found)
                    yield found
        elif found_at is not None:
            if path not in seen:
                seen.add(path)
                yield path
        elif status(path, follow=False) is not None:
            raise InputError(f"{raw}: {_broken_link(path)}")
        else:
            raise InputError(f"{raw}: no such file or directory")


def _join(folder: str, name: str) -> str:
    """`str(Path(folder, name))` for a name listed in `folder`, without
    making a `Path` (a walk joins every name it meets)."""
    if os.sep != "/":
        from pathlib import Path

        return str(Path(folder, name))
    if folder == ".":
        return name
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def _join_before(folder: str) -> str | None:
    """What `_join(folder, name)` puts before `name`, the same for any name
    (None: not on this system; `_join` then joins each name)."""
    if os.sep != "/":
        return None
    if folder == ".":
        return ""
    return folder if folder.endswith("/") else f"{folder}/"


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _broken_link(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return (exc.strerror or "cannot be followed").lower()
    return "cannot be followed"


def _walk(top: str, notes: list[Note]) -> Iterator[str]:
    """The lintable files below `top`, in sorted order, each directory's files
    before its subdirectories (as `os.walk` gives them). A loop over a stack,
    not recursion: any depth is fine. Symlinked directories are not followed;
    a symlinked file only when `_link_problem` finds nothing against it."""
    from ami_lint.frontends import claim

    real_top = os.path.realpath(top)
    # Each directory to list: as shown, resolved, and below the top.
    pending = [(top, real_top, "")]
    while pending:
        shown, real, below = pending.pop()
        try:
            with os.scandir(shown) as listing:
                entries = sorted(listing, key=_entry_name)
        except OSError as error:
            notes.append(Note(str(error.filename), f"skipped: {error.strerror}"))
            continue
        subdirs = []
        files = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
                is_link = entry.is_symlink()
            except OSError:
                is_dir = is_link = False
            if not is_dir:
                files.append(entry)
                continue
            full = _join(shown, name)
            if name in SKIPPED_DIRS or _is_virtualenv(full):
                notes.append(Note(display_path(full), "skipped directory"))
            elif not is_link:
                problem = _directory_problem(below + name, os.path.join(real, name))
                if problem is None:
                    subdirs.append((full, os.path.join(real, name), below + name + "/"))
                else:
                    notes.append(Note(display_path(full), f"skipped directory: {problem}"))
        # What `_join` and `os.path.join` put before each name: worked out
        # once for the folder, not for each file.
        before = _join_before(shown)
        real_before = real if real.endswith(os.sep) else real + os.sep
        for entry in files:
            path = before + entry.name if before is not None else _join(shown, entry.name)
            problem = _file_problem(entry, path, real_before, below, real_top, claim)
            if problem is None:
                yield path
            elif problem:
                notes.append(Note(display_path(path), f"skipped: {problem}"))
        pending.extend(reversed(subdirs))


def _directory_problem(below: str, real: str) -> str | None:
    """Why a directory met while walking is not entered (`/proc` below a
    walk of `/`, a `.aws` folder), or None."""
    if is_secret_place(below):
        return SECRET
    problem = place_problem(real)
    return "a special file system" if problem == SPECIAL else problem


# How a note names a symlink refused for where it points (never its target).
LINK_TO = "a symbolic link to "


def _file_problem(
    entry: os.DirEntry[str],
    path: str,
    real_before: str,
    below: str,
    real_top: str,
    claim: Callable[[str], object],
) -> str | None:
    """None when `path`, met while walking, is a file to lint (then
    remembered in `_walked` with the resolved path it was checked at), else
    why not: for a note when it has a linted suffix or is a refused symlink,
    else the empty string (an extensionless file that is no script).
    `real_before`: the resolved folder and a separator. `claim`:
    `ami_lint.frontends.claim`."""
    name = entry.name
    lintable = claim(name) is not None
    link = entry.is_symlink()
    if not lintable and not link and "." in name:
        return ""  # no front end's, and no script without a suffix: nothing to say
    problem: str | None = None
    if link:
        real, problem = _link_problem(path, real_top)
    else:
        real = real_before + name  # `os.path.join` of a resolved folder and a listed name
        if _secret_name(below, name):
            problem = SECRET
    # A regular file as the listing says (no `stat`), or as `stat` says.
    if problem is None and (link or not _listed_regular(entry)):
        try:
            kind = file_kind(os.stat(real).st_mode)
        except OSError as exc:
            problem = _strerror(exc)
        else:
            problem = f"{kind}, not a regular file" if kind is not None else None
    # Extensionless files cost a read of their first bytes, as checked.
    if problem is None and not lintable and ("." in name or not _shebang_script(real)):
        return ""
    if problem is None:
        _walked[path] = real
        return None
    return problem if lintable or problem.startswith(LINK_TO) else ""


def _listed_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _link_problem(path: str, real_top: str) -> tuple[str, str | None]:
    """A symlink met while walking: its resolved path, and why it is not
    followed: it dangles or loops, or it leads outside the walked directory,
    to a special file or to a place for credentials."""
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        return str(path), _strerror(exc)
    problem = place_problem(real, real_top)
    if problem == OUTSIDE:
        return real, LINK_TO + "outside the linted directory"
    if problem is not None:
        return real, LINK_TO + problem
    return real, None


def _head(real: str) -> bytes:
    """The first bytes of a walked file, for its `#!` line."""
    try:
        from ami_lint.shell.shebang import SHEBANG_BYTES

        return read_checked(real, SHEBANG_BYTES, expected=real)
    except Refused:
        return b""


def _shebang_script(real: str) -> bool:
    """Whether the file at `real` starts with the `#!` line of a shell."""
    from ami_lint.shell.shebang import is_shell_shebang

    return is_shell_shebang(_head(real))
