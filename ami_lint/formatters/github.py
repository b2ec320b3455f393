"""`--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

    ::error file=img.json,line=3,col=19,endLine=3,endColumn=26,title=AMI104 invalid-enum-value::MESSAGE

`error` and `warning` keep their names, `info` becomes `::notice`. The runner
drops `col`/`endColumn` when `line` and `endLine` differ, so a span over several
lines is annotated by lines only. Values are escaped as the runner unescapes
them (the rules of `@actions/core`): in the message `%`, CR and LF; in
properties also `:` and `,`. The hint follows the message on a line of its own.
Suppressed findings are left out: an annotation cannot say it was suppressed.

Before that escaping, what comes from the input (path, message, hint) is made
printable (`ami_lint.printable`): the runner's log and the annotation show
control characters as escapes, and no `\\r` or `\\n` of the input reaches the
runner to start a line of its own. Every line is a command ami-lint wrote.
"""

from __future__ import annotations

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.printable import printable
from ami_lint.report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_one(d: Diagnostic) -> str:
    start, end = d.start, d.end
    properties: list[tuple[str, object]] = [("file", printable(d.path)), ("line", start.line)]
    if end.line == start.line:
        properties += [("col", start.column), ("endLine", end.line), ("endColumn", end.column)]
    else:
        properties.append(("endLine", end.line))
    properties.append(("title", printable(f"{d.rule} {d.name}")))
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    message = printable(d.message)
    if d.hint:
        message += f"\nHint: {printable(d.hint)}"
    return f"::{COMMANDS[d.severity]} {props}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = [render_one(d) for d in report.diagnostics if not d.suppressed]
    return "".join(line + "\n" for line in lines)
