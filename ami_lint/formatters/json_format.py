"""`--format json`: the stable machine-readable report of SPEC §3."""

from __future__ import annotations

import json
from typing import Any

from ami_lint.diagnostics import Severity
from ami_lint.engine import Report

REPORT_VERSION = 1


def render(report: Report) -> str:
    diagnostics: list[dict[str, Any]] = []
    # Suppressed findings are left out (SARIF is the format that lists them).
    for d in (d for d in report.diagnostics if not d.suppressed):
        start, end = d.start, d.end
        diagnostics.append(
            {
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
        )
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
