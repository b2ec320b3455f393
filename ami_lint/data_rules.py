"""Rules written as data: a user's YAML rule (`DataRule`), its `check` run
within a budget of CPU time.

Apart from `ami_lint.registry`, which reads such a file (`load_rule_file`),
so that a run without one makes none of these classes (start-up, issue 20:
each class is ~70K instructions to make).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.rule import KIND_REQUEST, Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

    from ami_lint.data_check import SchemaCheck
    from ami_lint.model import Request


class DataRule(Rule):
    """A user's rule written as data: metadata, documentation and a `check` in a YAML file."""

    def __init__(self, data: dict[str, Any], origin: str) -> None:
        self.id = str(data.get("id", ""))
        self.name = str(data.get("name", ""))
        self.summary = str(data.get("summary", ""))
        self.severity = Severity.parse(str(data.get("severity", "error")))
        self.references = tuple(_reference(r) for r in data.get("references", ()) or ())
        self.default_enabled = bool(data.get("default_enabled", True))
        self.kind = str(data.get("kind", KIND_REQUEST))
        self.set_docs_text(str(data.get("docs", "")))
        self.origin = origin
        # A `check` (a JSON Schema and a message) makes a user's data rule run on requests.
        self.schema_check: SchemaCheck | None = None
        if "check" in data:
            from ami_lint.data_check import SchemaCheck  # only a user's data rule has one

            self.schema_check = SchemaCheck.parse(data["check"])
        self.expired = False  # its check ran out of time once: skipped from then on

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if self.schema_check is None or self.expired:
            return ()
        try:
            stop = _cpu_budget(CHECK_CPU_SECONDS)
            try:
                return list(self.schema_check.findings(self.id, request))
            finally:
                stop()
        except _Expired:
            why = f"ran for more than {CHECK_CPU_SECONDS:g} s of CPU time (a `pattern` that backtracks?)"
        except RecursionError:
            why = "went too deep (a `$ref` to itself?)"
        # One file pays for it (an internal error: exit 2), not every file.
        self.expired = True
        raise CheckFailed(
            f"{self.origin}: the `check` of {self.id} {why}; it is skipped for the rest of the run"
        )


def _reference(value: object) -> tuple[str, str] | str:
    """A `references` item: a mapping of `title` and `url` (its docs get a
    References section made from them), or a url (the docs write their own)."""
    if isinstance(value, dict):
        if set(value) != {"title", "url"}:
            raise ValueError("each of `references` is a url or a mapping of `title` and `url`")
        return str(value["title"]), str(value["url"])
    return str(value)


# A data rule's `check` may come from the linted tree: its schema's `pattern`
# is a Python regex, and a regex can backtrack for ages on a value a few dozen
# characters long (`^(a+)+$`), or for minutes on a long one (`.*x`).
CHECK_CPU_SECONDS = 2.0


class CheckFailed(Exception):
    """A data rule's check that ran out of time or stack on a request."""


class _Expired(BaseException):
    """Raised by the timer inside a check: a BaseException, so that no
    `except Exception` on the way (in jsonschema) takes it for its own."""


def _cpu_budget(seconds: float) -> Callable[[], None]:
    """Raise _Expired after `seconds` of user CPU time, until the function
    returned is called. The regex engine checks for signals as it
    backtracks, so a timer ends it. Only the main thread of a process
    receives signals: elsewhere (ami-lint used as a library in a thread, or
    on Windows) nothing is bounded."""
    import signal

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    if not hasattr(signal, "setitimer"):
        return lambda: None
    try:
        previous = signal.signal(signal.SIGVTALRM, expire)
    except ValueError:  # not the main thread
        return lambda: None
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)

    def stop() -> None:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)

    return stop
