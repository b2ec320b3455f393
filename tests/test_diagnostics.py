"""Diagnostics made by the engine (`ami_lint.diagnostics.diagnostic_of`)."""

from __future__ import annotations

import pytest

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.source import Source, Span


@pytest.mark.parametrize("length", [1, 100, 101, 600])
def test_diagnostic_of_is_the_diagnostic_its_class_makes(length: int) -> None:
    """`diagnostic_of`, which the engine makes each diagnostic with, makes
    what `Diagnostic(...)` makes: the same class and fields (a long message
    and hint bounded alike), equal and hashed alike, still frozen."""

    from ami_lint.diagnostics import _OpenDiagnostic, diagnostic_of
    from ami_lint.records import FrozenInstanceError

    assert _OpenDiagnostic.__slots__ == Diagnostic.__slots__
    source = Source.from_text("x" * 700, "r.json")
    message, hint = "`" + "m" * length + "` is wrong", "h" * length
    args = ("AMI105", "length-out-of-range", Severity.ERROR, message, source, Span(1, 3), hint)
    made = diagnostic_of(*args, "document 0", None)
    called = Diagnostic(*args, request="document 0", fix=None)
    assert type(made) is Diagnostic and made == called and hash(made) == hash(called)
    assert repr(made) == repr(called)
    assert made.suppressed is None and (made.message == message) == (length <= 100)
    with pytest.raises(FrozenInstanceError):
        made.message = "y"  # type: ignore[misc]
    # Suppressed (a worker's diagnostic, made again in the parent of `--jobs`).
    made = diagnostic_of(*args, "document 0", None, "inline")
    called = Diagnostic(*args, suppressed="inline", request="document 0", fix=None)
    assert made == called and repr(made) == repr(called)


def test_finding_of_is_the_finding_its_class_makes() -> None:
    """`finding_of`, which `Rule.report` makes each finding with, makes what
    `Finding(...)` makes: the same class and fields, equal alike, still frozen."""
    from ami_lint.diagnostics import Finding, _OpenFinding, finding_of
    from ami_lint.records import FrozenInstanceError

    assert _OpenFinding.__slots__ == Finding.__slots__
    source = Source.from_text('{"Name": "x"}', "r.json")
    for hint in (None, "Lengthen `Name`"):
        made = finding_of("AMI105", source, Span(9, 12), "`Name` is short", hint)
        called = Finding("AMI105", source, Span(9, 12), "`Name` is short", hint)
        assert type(made) is Finding and made == called and hash(made) == hash(called)
        assert repr(made) == repr(called) and made.request is None and made.fix is None
    with pytest.raises(FrozenInstanceError):
        made.message = "y"  # type: ignore[misc]
