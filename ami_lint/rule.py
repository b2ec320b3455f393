"""The rule API: what built-in rules and third-party rule packs implement.

A rule is one file. A Python rule file defines a subclass of `Rule` and binds
one instance of it to the module-level name `RULE`; its module docstring is
its documentation. A YAML rule file holds the same metadata as data (see
`ami_lint.registry`). Rules are pure: no I/O, no state between requests.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity, finding_of
from ami_lint.edits import Fix
from ami_lint.limits import Limits
from ami_lint.model import Request
from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Protocol

    from ami_lint.ruledocs import RuleDocs
else:
    Protocol = object  # only for type checkers: a plain class at run time

# Where a rule's findings come from.
KIND_REQUEST = "request"  # `check()` runs on every request
KIND_INPUT = "input"  # reported by the readers (syntax errors, unreadable files)
KIND_SCHEMA = "schema"  # reported by validation against the RegisterImage schema
# In `Rule.needs`: the request came from a command line (`Request.command`).
COMMAND = "<command line>"


class Located(Protocol):
    """What a finding can be reported on: anything with a source and a span
    (a node, a shell word, an option use: its name as written)."""

    @property
    def source(self) -> Source: ...

    @property
    def span(self) -> Span: ...


@record(frozen=True)
class Context(metaclass=Record):
    """What a rule may consult besides the request."""

    limits: Limits = field(default_factory=Limits)


class Rule:
    id: str = ""
    name: str = ""
    summary: str = ""
    severity: Severity = Severity.ERROR
    # The pages the docs' "References" section lists, as (title, url) pairs in
    # that order; the section is made from them. A bare url (the form before
    # titles) is still accepted, and then the docs write their own section.
    references: tuple[tuple[str, str] | str, ...] = ()
    # Which of them SARIF's `helpUri` links to.
    help_reference: int = 0
    default_enabled: bool = True
    kind: str = KIND_REQUEST
    # What a request must have for the rule to find anything in it: one of
    # these members, or `COMMAND` (a command line). A member is a top-level
    # key (`UefiData`) or a path of keys through objects and the objects of
    # lists (`BlockDeviceMappings.Ebs.Iops`: an `Iops` in the `Ebs` of some
    # mapping). The engine does not call `check` on any other request
    # (`ami_lint.engine`); empty: every request. A rule that reports a member
    # missing, or reads a default its sender sends, needs nothing.
    needs: tuple[str, ...] = ()
    # Filled in by the loader from the module docstring or the `docs` key.
    # Parsed on first use: only --explain, SARIF and the docs read it.
    docs_text: str = ""
    _docs: RuleDocs | None = None
    origin: str = ""

    @property
    def docs(self) -> RuleDocs:
        if self._docs is None:
            from ami_lint.ruledocs import parse_docs, with_references

            self._docs = parse_docs(with_references(self.docs_text, self.references))
        return self._docs

    @docs.setter
    def docs(self, value: RuleDocs) -> None:
        self._docs = value

    def set_docs_text(self, text: str) -> None:
        self.docs_text = text
        self._docs = None

    @property
    def reference_urls(self) -> tuple[str, ...]:
        return tuple(ref if isinstance(ref, str) else ref[1] for ref in self.references)

    @property
    def help_uri(self) -> str | None:
        """The url of the reference SARIF's `helpUri` links to, if any."""
        urls = self.reference_urls
        return urls[self.help_reference] if 0 <= self.help_reference < len(urls) else None

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        """The findings on `request`: any iterable. The rules that run on
        almost every request return a list (or `()`) rather than being
        generators: making and running out a generator costs about 1,700
        instructions more a call, and some fifteen rules run on each (issue 20)."""
        return ()

    def report(
        self,
        at: Located | tuple[Located | Source, Span],
        message: str,
        hint: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this rule on `at` (a node, a shell word, an option use),
        or on a span of the source of `at` (or of a source) given with it.
        Messages name request members with `ami_lint.vocabulary.member`.
        `fix`: its edits in the same source (`ami_lint.edits`)."""
        if isinstance(at, tuple):
            where, span = at
            source = where if isinstance(where, Source) else where.source
            return finding_of(self.id, source, span, message, hint, fix)
        return finding_of(self.id, at.source, at.span, message, hint, fix)

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.name}>"
