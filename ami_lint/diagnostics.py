"""What a rule reports, and what the formatters print."""

from __future__ import annotations

import enum

from ami_lint.records import record
from ami_lint.source import Position, Source, Span


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


@record(frozen=True, slots=True)
class Finding:
    """A rule's report, before configuration gives it a severity."""

    rule: str
    source: Source
    span: Span
    message: str
    hint: str | None = None


@record(frozen=True, slots=True)
class Diagnostic:
    """A finding placed in its file, ready for a formatter."""

    rule: str
    name: str
    severity: Severity
    message: str
    source: Source
    span: Span
    hint: str | None = None
    # Why it is suppressed (the inline directive, or `baseline: FILE`), else None:
    # reported in SARIF only, and it counts for nothing.
    suppressed: str | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def start(self) -> Position:
        return self.source.position(self.span.start)

    @property
    def end(self) -> Position:
        return self.source.position(self.span.end)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.start, self.span.end, self.rule, self.message)
