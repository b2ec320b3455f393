"""Baselines: adopt ami-lint on a code base that has findings, and fail only on new ones.

    ami-lint --write-baseline .ami-lint-baseline.json   # record today's findings
    ami-lint --baseline .ami-lint-baseline.json         # report only findings not recorded

A baseline is a JSON file::

    {
      "version": 1,
      "tool": "ami-lint",
      "fingerprint": "amiLint/v1",
      "findings": [
        {"path": "deploy/register.sh", "rule": "AMI305",
         "fingerprint": "9f86d0…", "message": "No `Architecture` …"}
      ]
    }

Each finding is known by its fingerprint (`ami_lint.fingerprints`, the value
SARIF's `partialFingerprints` carries): the rule, the path, the text at the
finding and its line without surrounding whitespace, and how many identical
ones come before it in the file; no line or column. So a recorded finding is
still recognised after lines are inserted or removed above it or elsewhere in
the file, and a finding that changes (another value, another line's text) is
new. A finding about a whole request (a missing option or key) is known by the
request instead: its document, or its call's text without blanks. When that
call was edited (another `--name`), the finding is still recognised by its
path, rule and message, each recorded one standing for one finding: a missing
option in a call added beside it is new. Paths are relative to the baseline
file's directory, so the result does not depend on the working directory.
`path`, `rule` and `message` are there for people reviewing the file, and for
that match of whole-request findings; findings are sorted, so the file diffs
well.

A finding found in the baseline is suppressed (kind `external` in SARIF, with
`baselineState` `unchanged`; every other result is `new`), is not printed in
the other formats and does not count for the exit code. Findings suppressed by
a `# ami-lint:` comment are not recorded. Recorded findings that no longer
occur are ignored (`--verbose` counts them); `--write-baseline` again drops them.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ami_lint.diagnostics import Diagnostic
from ami_lint.files import InputError, Note
from ami_lint.fingerprints import VERSION as FINGERPRINT_VERSION
from ami_lint.fingerprints import fingerprints
from ami_lint.records import replace

if TYPE_CHECKING:
    from ami_lint.report import Report

BASELINE_VERSION = 1
SUPPRESSED_PREFIX = "baseline"
# A recorded finding takes about 300 bytes: room for some 50,000 of them.
MAX_BASELINE_BYTES = 16 * 1024 * 1024
# A baseline is three levels deep (document, `findings`, a finding).
MAX_BASELINE_DEPTH = 16
# A JSON string (its brackets are not nesting) and the brackets outside strings.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING = {"[": 1, "{": 1, "]": -1, "}": -1}


def _relative_to(directory: str) -> Any:
    def path(d: Diagnostic) -> str:
        try:
            return Path(os.path.relpath(os.path.abspath(d.path), directory)).as_posix()
        except ValueError:  # another drive on Windows
            return Path(os.path.abspath(d.path)).as_posix()

    return path


def _prints(diagnostics: Sequence[Diagnostic], baseline_path: str) -> list[str]:
    directory = os.path.dirname(os.path.abspath(baseline_path))
    return fingerprints(diagnostics, _relative_to(directory))


def write_baseline(report: Report, baseline_path: str) -> int:
    """Record every finding of `report` not suppressed by a comment; the count."""
    directory = os.path.dirname(os.path.abspath(baseline_path))
    relative = _relative_to(directory)
    prints = _prints(report.diagnostics, baseline_path)
    findings = [
        {"path": relative(d), "rule": d.rule, "fingerprint": fp, "message": d.message}
        for d, fp in zip(report.diagnostics, prints, strict=True)
        if not d.suppressed
    ]
    findings.sort(key=lambda f: (f["path"], f["rule"], f["fingerprint"]))
    document = {
        "version": BASELINE_VERSION,
        "tool": "ami-lint",
        "fingerprint": FINGERPRINT_VERSION,
        "findings": findings,
    }
    from ami_lint.printable import json_safe

    # No lone surrogate (a value, a non-UTF-8 file name): it becomes the text
    # of its escape, as in the JSON report; `backslashreplace` is then a no-op.
    text = json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
    data = text.encode("utf-8", errors="backslashreplace")
    if len(data) > MAX_BASELINE_BYTES:
        raise InputError(
            f"cannot write baseline {baseline_path}: {len(findings)} findings make {len(data)} bytes, "
            f"more than the {MAX_BASELINE_BYTES} a baseline may hold"
        )
    from ami_lint.atomic import WriteError, write_whole

    try:
        write_whole(baseline_path, data, "baseline ")
    except WriteError as exc:
        raise InputError(str(exc)) from None
    return len(findings)


def read_baseline(baseline_path: str) -> set[str]:
    """The fingerprints a baseline file records."""
    return {f["fingerprint"] for f in read_findings(baseline_path)}


def read_findings(baseline_path: str) -> list[dict[str, Any]]:
    """The findings a baseline file records, each with a `fingerprint`. The file may come from the
    linted tree: only a regular file is read (a FIFO would block), at most
    `MAX_BASELINE_BYTES` of it, nested at most `MAX_BASELINE_DEPTH` deep."""
    hint = f"(create it with --write-baseline {baseline_path})"
    try:
        text = _read_bounded(baseline_path)
    except FileNotFoundError:
        raise InputError(f"baseline {baseline_path}: no such file {hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read baseline {baseline_path}: {getattr(exc, 'strerror', None) or exc}"
        ) from exc
    if _depth(text) > MAX_BASELINE_DEPTH:
        raise InputError(f"baseline {baseline_path}: nested deeper than {MAX_BASELINE_DEPTH} levels {hint}")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"baseline {baseline_path}: not JSON ({exc.msg} at line {exc.lineno}) {hint}"
        ) from exc
    except RecursionError:  # `_depth` should have caught it; never a traceback
        raise InputError(f"baseline {baseline_path}: nested too deeply {hint}") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise InputError(
            f"baseline {baseline_path}: not an ami-lint baseline of version {BASELINE_VERSION} {hint}"
        )
    if document.get("fingerprint", FINGERPRINT_VERSION) != FINGERPRINT_VERSION:
        raise InputError(
            f"baseline {baseline_path}: fingerprints of another kind than {FINGERPRINT_VERSION!r}, "
            f"the kind this ami-lint makes {hint}"
        )
    findings = document.get("findings")
    if not isinstance(findings, list) or not all(
        isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in findings
    ):
        raise InputError(
            f"baseline {baseline_path}: `findings` must be a list of objects with a `fingerprint`"
        )
    return findings


def _read_bounded(path: str) -> str:
    """The text of a regular file of at most `MAX_BASELINE_BYTES`."""
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC"):  # opening a FIFO must not wait for a writer
        flags |= getattr(os, name, 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode  # what was opened is what is checked, and read
        if not stat.S_ISREG(mode):
            from ami_lint.files import file_kind

            raise OSError(0, f"{file_kind(mode)}, not a regular file")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(MAX_BASELINE_BYTES + 1)
    if len(data) > MAX_BASELINE_BYTES:
        raise OSError(0, f"larger than {MAX_BASELINE_BYTES} bytes")
    return data.decode("utf-8")


def _depth(text: str) -> int:
    """How deeply the brackets of a JSON text nest, strings left out; for a
    text that is not JSON, at least as deep as a parser would go before failing."""
    from itertools import accumulate

    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def apply_baseline(report: Report, baseline_path: str) -> None:
    """Mark the findings of `report` that the baseline records as suppressed."""
    findings = read_findings(baseline_path)
    recorded = {f["fingerprint"] for f in findings}
    prints = _prints(report.diagnostics, baseline_path)
    unmatched = recorded - set(prints)
    spare = _spare(findings, unmatched)
    used = 0
    relative = _relative_to(os.path.dirname(os.path.abspath(baseline_path)))
    out = []
    for d, fp in zip(report.diagnostics, prints, strict=True):
        if not d.suppressed:
            known = fp in recorded
            if not known and d.request is not None:
                # A whole-request finding of an edited call: one recorded alike and
                # not found as it was stands for it.
                key = (relative(d), d.rule, d.message)
                known = spare[key] > 0
                spare[key] -= int(known)
                used += int(known)
            if known:
                d = replace(d, suppressed=f"{SUPPRESSED_PREFIX}: {baseline_path}")
        out.append(d)
    report.diagnostics = out
    stale = len(unmatched) - used
    if stale:
        report.notes.append(
            Note(
                baseline_path, f"{stale} recorded finding(s) no longer occur (rewrite with --write-baseline)"
            )
        )


def _spare(findings: list[dict[str, Any]], unmatched: set[str]) -> Counter[tuple[str, str, str]]:
    """How many recorded findings not found by their fingerprint there are of
    each path, rule and message (those that name them as strings)."""
    spare: Counter[tuple[str, str, str]] = Counter()
    for f in findings:
        key = (f.get("path"), f.get("rule"), f.get("message"))
        if f["fingerprint"] in unmatched and all(isinstance(part, str) for part in key):
            spare[key] += 1  # type: ignore[index]
    return spare


def apply_options(report: Report, baseline: str | None, write: str | None) -> str | None:
    """`--write-baseline` then `--baseline` as the command line gives them; the
    baseline used, if any. Writing says how many findings it recorded on stderr."""
    import sys

    if write:
        count = write_baseline(report, write)
        from ami_lint.printable import line

        print(line(f"ami-lint: recorded {count} finding(s) in {write}"), file=sys.stderr)
        baseline = write
    if baseline:
        apply_baseline(report, baseline)
    return baseline
