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

- its real path (symlinks resolved) lies inside the script's *project*: the
  git work tree holding the script (the nearest folder above it with a `.git`
  directory or file), else the script's own folder; for standard input, that
  of `--stdin-filename`, else of the working directory. The working directory
  never widens it (run from `/` or `$HOME`, `/etc/hostname` is still
  outside). A reference outside (`file:///etc/passwd`,
  `file://../../.aws/credentials`) is *not followed* and is reported as
  AMI004 naming the path, so nothing of such a file ever reaches a report;
- it is in none of the places `ami_lint.files.place_problem` refuses: under
  `/dev`, `/proc`, `/sys`, `/run/secrets`, or with a part of its path that is
  a well-known place for credentials (`.aws`, `.ssh`, `.netrc`, `.env`, ...);
- it is a regular file, opened once and checked on the open descriptor
  (`ami_lint.files.read_checked`: non-blocking, so a FIFO swapped in cannot
  hang the linter; the file opened must be the one checked, so a symlink
  swapped in during the run cannot widen any of this);
- it is at most `--max-file-size` long (default `MAX_BYTES`), and at most
  one byte more is ever read;
- it decodes as UTF-8;
- its text is something the option can take: JSON starting with `[`, a text
  that looks like a register-image request (by the rule of
  `ami_lint.detect.looks_like_request`), or a single line (a shorthand or
  plain value). Anything else (a multi-line text, a JSON object that is not a
  request: `.env`, a service account key) is not parsed, so no finding can
  point into it and print its lines. That is `Withheld`: the value may well
  be right (a description kept in a file), it is only not checked.

Any other case is a `ParamFileError` whose message is the problem; callers
name the path. Nothing of the file's contents is ever in a message.
"""

from __future__ import annotations

import os

from ami_lint import rule_ids
from ami_lint.detect import looks_like_request
from ami_lint.diagnostics import Finding
from ami_lint.filerefs import FILE_PREFIX, candidates, is_unresolved
from ami_lint.files import (
    OUTSIDE,
    SECRET,
    SPECIAL,
    Refused,
    TooLarge,
    display_path,
    is_inside,
    project_of,
    read_checked,
)
from ami_lint.frontend import Resolver
from ami_lint.readers import DEFAULT_LIMITS, read_limits
from ami_lint.records import Record, record
from ami_lint.source import Source, Span

MAX_BYTES = DEFAULT_LIMITS.max_file_size


class ParamFileError(Exception):
    """A reference that cannot be read; the message says why (never what the file holds)."""


class Withheld(ParamFileError):
    """A file that was read but whose text is kept out of every report."""


class Outside(ParamFileError):
    """A reference outside the script's project: never read, nor looked at."""


@record(frozen=True)
class ParamFile(metaclass=Record):
    """A file read through `file://`."""

    path: str  # the path found (as `pathlib` writes it)
    source: Source  # the file's text, under its display path


def read_param_file(path_text: str, script_path: str) -> ParamFile:
    """The text of the file `file://{path_text}` in a script at `script_path`.

    Raises `ParamFileError` when it cannot or may not be read.
    """
    if not path_text:
        raise ParamFileError("no path after `file://`")
    if "\0" in path_text:
        raise ParamFileError("the path holds a NUL character")
    root = boundary(script_path)
    found: str | None = None
    outside = False
    for n, candidate in enumerate(candidates(path_text, script_path)):
        # Outside the project, not even whether it exists is told.
        if not is_inside(os.path.realpath(candidate), root):
            outside = outside or n == 0
            continue
        try:
            os.stat(candidate)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ParamFileError(_reason(exc)) from exc
        found = candidate
        break
    if found is None:
        raise Outside(REFUSED[OUTSIDE]) if outside else ParamFileError("no such file")
    limit = read_limits().max_file_size
    try:
        data = read_checked(found, limit + 1, within=root, size_limit=limit)
    except TooLarge as large:
        size = f"{large.size} bytes; " if large.size is not None else ""
        raise ParamFileError(f"{large} ({size}see `--max-file-size`)") from None
    except Refused as refused:
        raise ParamFileError(REFUSED.get(str(refused), str(refused))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParamFileError(
            f"not UTF-8 text (byte `0x{data[exc.start]:02x}` at offset {exc.start})"
        ) from exc
    if not is_parameter_text(text):
        raise Withheld(
            "neither a register-image request nor a one-line or JSON list value, "
            "so not checked (nothing of it is shown)"
        )
    return ParamFile(found, Source.from_text(text, display_path(found)))


# How a reference refused for where it is, is said.
REFUSED = {
    OUTSIDE: "outside the script's project (its git work tree, else its folder), so not read",
    SPECIAL: "a special file, not a regular file",
    SECRET: "a place for credentials or secrets, so not read",
}


def boundary(script_path: str) -> str:
    """The resolved folder that `file://` references of the script at
    `script_path` (a display path; `-` for standard input without
    `--stdin-filename`) must lie in: its project."""
    return project_of(os.path.dirname(os.path.abspath(script_path)))


def is_parameter_text(text: str) -> bool:
    """Whether `text` can be a `file://` value the linter may report lines of:
    a JSON list, a register-image request (JSON or YAML, valid or not), or a
    single line. A multi-line text or a JSON object that is none of these is
    some other file, perhaps a secret one."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("["):
        return True
    if looks_like_request(text):
        return True
    return not body.startswith("{") and "\n" not in body.rstrip("\r\n")


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


class FileResolver(Resolver):
    """The `Resolver` of a run (`ami_lint.frontend`): every `file://` value of
    every input is read here, with the rules above. A file is read once per
    run and script folder, however many requests name it; what reading it
    gave (its `Source`, or why it was not read) is kept for the next."""

    # Files kept: a tree naming thousands of files does not keep them all.
    KEEP = 256

    def __init__(self) -> None:
        self._read: dict[tuple[str, str], Source | ParamFileError] = {}

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        """The file that the value `file://…` (all of it known), written at
        `span` of `source`, makes the CLI read; None, with AMI005 when its path
        is only known at run time or AMI004 when it cannot or may not be read."""
        path = text[len(FILE_PREFIX) :]
        if is_unresolved(path):
            message = f"The CLI expands `~` or `$` in `{text}` at run time: the file was not checked"
            hint = "Run the linter on the generated file, or write the value inline"
            return None, [Finding(rule_ids.UNRESOLVED_VALUE, source, span, message, hint)]
        got = self._file(path, source.path)
        if isinstance(got, Source):
            return got, []
        return None, [_not_read(got, path, source, span)]

    def _file(self, path: str, script_path: str) -> Source | ParamFileError:
        key = (path, os.path.dirname(script_path))
        got = self._read.get(key)
        if got is None:
            try:
                got = read_param_file(path, script_path).source
            except ParamFileError as error:
                got = error
            if len(self._read) >= self.KEEP:
                self._read.pop(next(iter(self._read)))
            self._read[key] = got
        return got


def _not_read(error: ParamFileError, path: str, source: Source, span: Span) -> Finding:
    """The finding of a `file://` value at `span` that was not read."""
    if isinstance(error, Withheld):
        message = f"`{FILE_PREFIX}{path}` is {error}"
        hint = "Keep the value inline, or in a one-line file, to have it checked"
        return Finding(rule_ids.UNRESOLVED_VALUE, source, span, message, hint)
    if isinstance(error, Outside) and os.path.isabs(path):
        # `/tmp/req.json`: a file of the machine the script runs on, most
        # often one it makes as it runs; not a broken reference.
        message = f"`{FILE_PREFIX}{path}` names a file on the machine that runs the script, {error}"
        hint = "Write the file in the script (`cat > FILE <<EOF`) before the call, or keep it in the project"
        return Finding(rule_ids.UNRESOLVED_VALUE, source, span, message, hint)
    message = f"Cannot read `{FILE_PREFIX}{path}`: {error}"
    hint = "Fix the path; `ami-lint --explain AMI004` says which files are read"
    return Finding(rule_ids.UNREADABLE_PARAMETER_FILE, source, span, message, hint)
