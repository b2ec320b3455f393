"""`--format text`: one header line per finding, the source line and a caret range."""

from __future__ import annotations

import unicodedata

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.engine import Report

TAB_WIDTH = 4
_COLOURS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _width(char: str) -> int:
    if char == "\t":
        return TAB_WIDTH
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _text_width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    if text.isascii():
        # No ASCII character is wide or combining: each takes one column but a tab.
        return len(text) + (TAB_WIDTH - 1) * text.count("\t")
    return sum(_width(c) for c in text)


def _display(text: str) -> str:
    return text.replace("\t", " " * TAB_WIDTH)


def render_one(d: Diagnostic, colour: bool = False) -> str:
    start, end = d.start, d.end
    sev = str(d.severity)
    if colour:
        head = (
            f"{_BOLD}{d.path}:{start.line}:{start.column}:{_RESET} "
            f"{_COLOURS[d.severity]}{sev}{_RESET} {_BOLD}{d.rule}{_RESET} {d.message} "
            f"{_DIM}[{d.name}]{_RESET}"
        )
    else:
        head = f"{d.path}:{start.line}:{start.column}: {sev} {d.rule} {d.message} [{d.name}]"
    line = d.source.line_text(start.line)
    gutter = f"{start.line:>4} | "
    pad = " " * (len(gutter) - 2) + "| "
    first = start.column - 1
    last = (end.column - 1) if end.line == start.line else len(line)
    last = max(last, first + 1)
    indent = _text_width(line[:first])
    marks = max(1, _text_width(line[first:last]))
    caret = "^" * marks
    if colour:
        caret = f"{_COLOURS[d.severity]}{caret}{_RESET}"
    out = [head, f"{gutter}{_display(line)}", f"{pad}{' ' * indent}{caret}"]
    if d.hint:
        out.append(f"{' ' * (len(gutter) - 2)}= hint: {d.hint}")
    return "\n".join(out)


def render(report: Report, colour: bool = False) -> str:
    shown = [d for d in report.diagnostics if not d.suppressed]
    if not shown:
        return ""
    blocks = [render_one(d, colour) for d in shown]
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    summary = (
        f"Found {len(shown)} problem{'s' if len(shown) != 1 else ''} "
        f"({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}, "
        f"{infos} info{'s' if infos != 1 else ''}) in {report.files} file{'s' if report.files != 1 else ''}"
    )
    return "\n\n".join(blocks) + "\n\n" + summary + "\n"
