"""`--format text`: one header line per finding, the source line and a caret range.

What comes from the input is shown with `ami_lint.printable`: control and
other unprintable characters escaped, and no line a CI runner would take as
a workflow command. In the source excerpt a tab is shown as `TAB_WIDTH`
spaces (it moves no cursor anywhere a terminal would not, and the carets stay
under the range); in a file name or message it is `\\t`. A line longer than
`WINDOW` characters is shown as a window around the range, `…` marking where
it was cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from operator import attrgetter

from ami_lint.diagnostics import ELLIPSIS, Diagnostic, Severity, window
from ami_lint.printable import commands_unchanged, no_commands, printable
from ami_lint.report import Report

TAB_WIDTH = 4
_COLOURS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_severity = attrgetter("severity")


def _width(char: str) -> int:
    if char == "\t":
        return TAB_WIDTH
    import unicodedata  # for text that is not ASCII only: not at start-up (issue 20)

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
    return printable(text.replace("\t", " " * TAB_WIDTH))


def fixable(d: Diagnostic, unsafe: bool = False) -> bool:
    """Whether `--fix` (with `--unsafe-fixes` when `unsafe`) fixes `d`."""
    return d.fix is not None and (unsafe or d.fix.safe)


def _last(d: Diagnostic, line: int, line_start: int, line_end: int) -> int:
    """Where `d`'s range ends on its first line `line` (which runs from
    `line_start` to `line_end`, its line break left out), from the line's
    start: its end's column less one when it ends on that line, else the
    line's length. A range that ends before the line break needs no second
    search of the line starts (`d.end`)."""
    end_offset = d.span.end
    if line_start <= end_offset <= line_end:
        return end_offset - line_start
    end = d.end
    return (end.column - 1) if end.line == line else line_end - line_start


def render_one(d: Diagnostic, colour: bool = False, unsafe: bool = False, url: str | None = None) -> str:
    """One finding: `[*]` after its rule id when `--fix` fixes it, and after
    its hint the rule's page (`url`), when given."""
    start = d.start
    sev = str(d.severity)
    path, rule, message, name = printable(d.path), printable(d.rule), printable(d.message), printable(d.name)
    if fixable(d, unsafe):
        rule += " [*]"
    if colour:
        head = (
            f"{_BOLD}{path}:{start.line}:{start.column}:{_RESET} "
            f"{_COLOURS[d.severity]}{sev}{_RESET} {_BOLD}{rule}{_RESET} {message} "
            f"{_DIM}[{name}]{_RESET}"
        )
    else:
        head = f"{path}:{start.line}:{start.column}: {sev} {rule} {message} [{name}]"
    line_start, line_end = d.source.line_bounds(start.line)
    length = line_end - line_start
    first = start.column - 1
    last = max(_last(d, start.line, line_start, line_end), first + 1)
    # Only the window is cut out of the text: a finding on a line of a
    # megabyte costs a window, not the line.
    cut_start, cut_end = window(length, first, last)
    excerpt = d.source.text[line_start + cut_start : line_start + cut_end]
    before = ELLIPSIS if cut_start else ""
    after = ELLIPSIS if cut_end < length else ""
    first -= cut_start
    last = min(last, cut_end) - cut_start
    gutter = f"{start.line:>4} | "
    pad = " " * (len(gutter) - 2) + "| "
    indent = _text_width(before + _display(excerpt[:first]))
    marks = max(1, _text_width(_display(excerpt[first:last])))
    caret = "^" * marks
    if colour:
        caret = f"{_COLOURS[d.severity]}{caret}{_RESET}"
    out = [head, f"{gutter}{before}{_display(excerpt)}{after}", f"{pad}{' ' * indent}{caret}"]
    if d.hint:
        out.append(f"{' ' * (len(gutter) - 2)}= hint: {printable(d.hint)}")
    if url:
        out.append(f"{' ' * (len(gutter) - 2)}= help: {printable(url)}")
    return "\n".join(out)


class Ahead:
    """Findings rendered ahead of the report, where they were found (the
    workers of `--jobs`), so that the process that prints the report only
    puts the blocks together. Each block is kept with its finding and the
    rule page it was rendered with: `render` uses it only for that same
    finding (by identity) with the same page, colour and fix marks, and
    renders any other finding itself."""

    def __init__(self, colour: bool, unsafe: bool) -> None:
        self.colour = colour
        self.unsafe = unsafe
        # id(finding) -> (the finding, its page, its block: its UTF-8 from a
        # worker); the finding is held so that its id is not reused while
        # the entry lives.
        self.blocks: dict[int, tuple[Diagnostic, str | None, str | bytes]] = {}
        self.pages: dict[str, str | None] = {}

    def render(self, d: Diagnostic) -> tuple[str | None, str]:
        """`d`'s page and block: the built-in rule's page for a built-in rule
        id (the report names another, or none, when a rules folder gives the
        id another rule: the block is then made again, `block`)."""
        url = self.pages.get(d.rule, "")
        if url == "":
            from ami_lint.registry import builtin_registry
            from ami_lint.rule_ids import rule_page

            url = self.pages[d.rule] = (
                rule_page(d.rule) if builtin_registry().get(d.rule) is not None else None
            )
        return url, render_one(d, self.colour, self.unsafe, url)

    def keep(self, d: Diagnostic, url: str | None, block: str | bytes) -> None:
        self.blocks[id(d)] = (d, url, block)

    def block(self, d: Diagnostic, url: str | None) -> str:
        entry = self.blocks.get(id(d))
        if entry is not None and entry[0] is d and entry[1] == url:
            block = entry[2]
            return block.decode("utf-8") if type(block) is bytes else block  # type: ignore[return-value]
        return render_one(d, self.colour, self.unsafe, url)

    def blocks_of(self, shown: Sequence[Diagnostic], urls: Mapping[str, str]) -> list[str | bytes]:
        """`block` of each finding, with its rule's page in `urls` (as it was
        kept: a worker's in UTF-8): one loop rather than a call for each
        (the report's last step, issue 20)."""
        blocks = self.blocks
        made: list[str | bytes] = []
        for d in shown:
            url = urls.get(d.rule)
            entry = blocks.get(id(d))
            if entry is not None and entry[0] is d and entry[1] == url:
                made.append(entry[2])
            else:
                made.append(render_one(d, self.colour, self.unsafe, url))
        return made


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def render(
    report: Report,
    colour: bool = False,
    summary: bool = True,
    unsafe: bool = False,
    urls: Mapping[str, str] | None = None,
    ahead: Ahead | None = None,
) -> str:
    """The findings, then (with `summary`) one line that counts them and the
    files linted: files that held requests, not the ones skipped, and one
    that says how many `--fix` (and `--unsafe-fixes`) would fix. `urls`: the
    page of each rule that has one; `ahead`: blocks rendered ahead (the same
    text as rendered here)."""
    made = render_encoded(report, colour, summary, unsafe, urls, ahead)
    return made.decode("utf-8") if type(made) is bytes else made  # type: ignore[return-value]


def render_encoded(
    report: Report,
    colour: bool = False,
    summary: bool = True,
    unsafe: bool = False,
    urls: Mapping[str, str] | None = None,
    ahead: Ahead | None = None,
) -> str | bytes:
    """`render`, as its UTF-8 bytes when every block came encoded from a
    worker (`Ahead`) and the blocks hold nothing `no_commands` would change
    (`commands_unchanged`): the report of a tree is a megabyte, decoded and
    encoded again for nothing otherwise (issue 20). Else `render`'s text."""
    shown = [d for d in report.diagnostics if not d.suppressed]
    if not shown:
        return ""
    urls = urls or {}
    made: list[str] | list[str | bytes]
    if ahead is not None and ahead.colour == colour and ahead.unsafe == unsafe:
        made = ahead.blocks_of(shown, urls)
    else:
        made = [render_one(d, colour, unsafe, urls.get(d.rule)) for d in shown]
    encoded = True
    for block in made:
        if type(block) is not bytes:
            encoded = False
            break
    if encoded:
        joined = b"\n\n".join(made)  # type: ignore[arg-type]
        if commands_unchanged(joined):
            return joined + _summary(report, shown, summary, unsafe).encode("utf-8")
    # The report is its largest string (a megabyte for a tree): copied once
    # more to end it, not once for its line break and again for the summary.
    texts = [b.decode("utf-8") if type(b) is bytes else b for b in made]
    return no_commands("\n\n".join(texts)) + _summary(report, shown, summary, unsafe)  # type: ignore[arg-type]


def _summary(report: Report, shown: list[Diagnostic], summary: bool, unsafe: bool) -> str:
    """What follows the findings: a line break, or (with `summary`) the
    counts and what `--fix` would fix."""
    if not summary:
        return "\n"
    # `report.count` of each level, in one pass over the findings shown.
    levels = Counter(map(_severity, shown))
    counts = ", ".join(
        plural(levels[severity], noun)
        for severity, noun in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "info"),
        )
    )
    files = plural(report.files, "file")
    found = f"Found {plural(len(shown), 'problem')} ({counts}) in {files}"
    return f"\n\n{found}\n{fix_summary(shown, unsafe)}"


def fix_summary(shown: Sequence[Diagnostic], unsafe: bool) -> str:
    """`[*] 2 fixable with `--fix` (1 more with `--unsafe-fixes`)`, or nothing."""
    safe = sum(1 for d in shown if d.fix is not None and d.fix.safe)
    risky = sum(1 for d in shown if d.fix is not None and not d.fix.safe)
    if unsafe:
        return f"[*] {safe + risky} fixable with `--fix --unsafe-fixes`\n" if safe + risky else ""
    if not safe:
        return f"{risky} fixable with `--fix --unsafe-fixes`\n" if risky else ""
    more = f" ({risky} more with `--unsafe-fixes`)" if risky else ""
    return f"[*] {safe} fixable with `--fix`{more}\n"
