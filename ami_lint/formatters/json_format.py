"""`--format json`: the stable machine-readable report of SPEC §3.

JSON is for programs: each string is the exact value (a message is bounded
where it is made, `ami_lint.diagnostics.bounded`). Characters that are not
printable are written as `\\uNNNN` escapes, so the raw document is safe to
show on a terminal or in a CI log and a parser still gets the value; what no
JSON string carries, a lone surrogate, becomes the text of its escape (`\\ud800`,
and `\\xff` for a byte of a file name that is not UTF-8) (`ami_lint.printable.json_safe`).
"""

from __future__ import annotations

import json
from typing import Any

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.printable import json_safe
from ami_lint.report import Report

REPORT_VERSION = 1


def _fix(d: Diagnostic) -> dict[str, Any] | None:
    """A finding's fix: its title, `safe` or `unsafe`, and its edits, each a
    range in the finding's own coordinates (the file's lines and columns,
    1-based, end exclusive) and the text that replaces it."""
    if d.fix is None:
        return None
    edits = []
    for edit in d.fix.edits:
        start, end = d.source.position(edit.span.start), d.source.position(edit.span.end)
        edits.append(
            {
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "replacement": edit.replacement,
            }
        )
    return {"title": d.fix.title, "safety": d.fix.safety, "edits": edits}


def render(report: Report) -> str:
    diagnostics: list[dict[str, Any]] = []
    # Suppressed findings are left out (SARIF is the format that lists them).
    for d in (d for d in report.diagnostics if not d.suppressed):
        start, end = d.start, d.end
        entry: dict[str, Any] = {
            "path": d.path,
            "rule": d.rule,
            "name": d.name,
            "severity": str(d.severity),
            "message": d.message,
            "hint": d.hint,
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
        }
        if d.fix is not None:
            entry["fix"] = _fix(d)
        diagnostics.append(entry)
    document = {
        "version": REPORT_VERSION,
        "diagnostics": diagnostics,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
