"""What linting some files found: the report the formatters print."""

from __future__ import annotations

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.files import Note
from ami_lint.records import Record, field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from ami_lint.suppressions import SuppressionWarning


@record(frozen=True)
class FileError(metaclass=Record):
    """ami-lint itself failed on one file; the other files were still linted."""

    path: str
    message: str  # `TypeError: ...`
    traceback: str


@record
class Report(metaclass=Record):
    """What linting some files found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    notes: list[Note] = field(default_factory=list)
    # Internal errors, one per file they stopped (exit 2 at the end).
    errors: list[FileError] = field(default_factory=list)
    # Paths named on the command line that cannot be read, as `PATH: reason`:
    # the other paths are still linted and reported, then exit 2.
    input_errors: list[str] = field(default_factory=list)
    # Malformed or (with --warn-unused-suppressions) unused `# ami-lint:` directives.
    suppression_warnings: list[SuppressionWarning] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity and not d.suppressed)

    def shown_warnings(self, show_unused: bool) -> list[SuppressionWarning]:
        """The directive warnings to show: invalid ones always, unused ones on request."""
        return sorted(
            (w for w in self.suppression_warnings if show_unused or w.kind != "unused"),
            key=lambda w: w.sort_key(),
        )

    def finish(self, kept: Kept | None = None) -> None:
        """The diagnostics sorted, each place and message once: a file that a
        script reads through `file://` and that is also linted itself gives the
        same findings twice. A copy that is not suppressed wins. `kept`: the
        diagnostics already put through `keep`, in order, as they came (the
        parent of `--jobs` does it while it waits for the workers)."""
        if kept is None:
            kept = {}
            keep(kept, self.diagnostics)
        self.diagnostics = [kept[key] for key in sorted(kept)]


# Each kept finding under its sort key (`Diagnostic.sort_key`), which holds
# what makes it the same finding (path, span, rule, message): plain values
# hashed and compared in C, and the keys sorted rather than each finding
# asked for its key again. Two kept findings never share a key, so the order
# is the one sorting them by it gives.
Kept = dict[tuple[str, int, int, str, str], Diagnostic]


def keep(kept: Kept, diagnostics: list[Diagnostic]) -> None:
    """Put `diagnostics` in `kept` (`Report.finish`): a copy of a finding
    already there replaces it only when that one is suppressed and it is not."""
    for d in diagnostics:
        span = d.span
        key = (d.source.path, span.start, span.end, d.rule, d.message)
        other = kept.get(key)
        if other is None or (other.suppressed and not d.suppressed):
            kept[key] = d
