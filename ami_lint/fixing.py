"""`--fix`, `--unsafe-fixes` and `--diff`: the findings' fixes applied to their files.

A file is fixed in rounds: lint it, apply the fixes that touch none of each
other (`ami_lint.edits.applicable`), lint the result again, until a round
finds nothing to apply or `MAX_ROUNDS` have run (two fixes that undo each
other cannot loop). Only the edits' spans change: line endings, a byte
order mark and every other byte stay as they were. Findings an inline
directive suppresses are not fixed, and neither are those in a file a
request reads through `file://` (only the file linted is written).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ami_lint.diagnostics import Diagnostic
from ami_lint.edits import applicable, apply_edits
from ami_lint.records import Record, record
from ami_lint.report import Report
from ami_lint.source import BOM

if TYPE_CHECKING:
    from ami_lint.engine import Linter

MAX_ROUNDS = 10


@record
class Fixed(metaclass=Record):
    """One input's text before and after its fixes, and how many were applied."""

    path: str
    before: bytes
    after: bytes
    count: int
    stdin: bool = False


def wanted(d: Diagnostic, unsafe: bool) -> bool:
    """Whether `--fix` (with `--unsafe-fixes` when `unsafe`) applies `d`'s fix."""
    return d.fix is not None and not d.suppressed and (unsafe or d.fix.safe)


def fixable_paths(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[str]:
    """The files that have a fix to apply, in report order."""
    seen: dict[str, None] = {}
    for d in diagnostics:
        if wanted(d, unsafe) and d.source.host is None:
            seen.setdefault(d.path, None)
    return list(seen)


def fix_data(linter: Linter, data: bytes, name: str, unsafe: bool, stdin: bool = False) -> tuple[bytes, int]:
    """`data` with its fixes applied, round after round, and how many were applied.
    Bytes that are not UTF-8 are never rewritten (they were read replaced)."""
    count = 0
    for _ in range(MAX_ROUNDS):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            break
        report = Report()
        if stdin:
            linter.lint_stdin(report, data, name)
        else:
            linter.lint_data(report, data, name)
        mine = [
            d for d in report.diagnostics if d.path == name and d.source.host is None and wanted(d, unsafe)
        ]
        if not mine:
            break
        source = mine[0].source
        chosen = applicable(d.fix for d in mine if d.source is source and d.fix is not None)
        text = apply_edits(source.text, [edit for f in chosen for edit in f.edits])
        after = ((BOM if source.had_bom else "") + text).encode("utf-8")
        if after == data:
            break
        data = after
        count += len(chosen)
    return data, count


def fix_paths(
    linter: Linter,
    report: Report,
    unsafe: bool,
    stdin_data: bytes | None,
    stdin_name: str,
    stdin_named: bool,
    linted: set[str],
) -> list[Fixed]:
    """What fixing each file of `report` that has a fix to apply gives (the
    files are not written). `stdin_named`: standard input was among the paths,
    its findings under `stdin_name`; `linted`: the files the run linted as
    themselves (not only read by a request through `file://`)."""
    from ami_lint.files import InputError, read_input
    from ami_lint.readers import read_limits

    out: list[Fixed] = []
    for path in fixable_paths(report.diagnostics, unsafe):
        is_stdin = stdin_named and path == stdin_name and stdin_data is not None
        if not is_stdin and path not in linted:
            continue  # read through `file://` only: its findings are about another file's request
        if not is_stdin and _link_to_linted(path, linted):
            continue  # the file it leads to is fixed as itself
        if is_stdin:
            assert stdin_data is not None
            before = stdin_data
        else:
            try:
                before = read_input(Path(path), read_limits().max_file_size, regular_only=True)
            except InputError as exc:
                report.input_errors.append(str(exc))
                continue
        own = linter.linter_for(Path(path), True, Report())
        if own is None:
            continue
        after, count = fix_data(own, before, path, unsafe, stdin=is_stdin)
        if count:
            out.append(Fixed(path, before, after, count, is_stdin))
    return out


def write(fixed: Fixed) -> None:
    """The fixed file written whole or not at all (`ami_lint.atomic`)."""
    from ami_lint.atomic import write_whole

    write_whole(fixed.path, fixed.after)


def unified_diff(fixed: Fixed) -> str:
    """What fixing changes, as a unified diff (`a/PATH`, `b/PATH`, as git writes
    it, for `git apply` or `patch -p1`)."""
    import difflib

    old = _lines(fixed.before.decode("utf-8"))
    new = _lines(fixed.after.decode("utf-8"))
    absolute = fixed.path.startswith("/")
    before, after = (fixed.path, fixed.path) if absolute else (f"a/{fixed.path}", f"b/{fixed.path}")
    lines = difflib.unified_diff(old, new, before, after)
    out = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines with their endings, split where `Source` splits them (`\\n`, `\\r\\n`, a lone `\\r`)."""
    import re

    return [line for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", text) if line]


def linted_paths(paths: list[str]) -> set[str]:
    """The files a run over `paths` lints as themselves (as the walk finds them)."""
    from ami_lint.files import discover, display_path

    return {display_path(p) for p in discover([p for p in paths if p != "-"], [])}


def _link_to_linted(path: str, linted: set[str]) -> bool:
    """Whether `path` is a symbolic link to a file the run also lints."""
    import os

    from ami_lint.files import display_path

    if not os.path.islink(path):
        return False
    try:
        target = display_path(Path(os.path.realpath(path)))
    except OSError:
        return False
    return target != path and target in linted
