"""The front-end interface: how any input becomes requests.

A front end claims files (by name, and by the first bytes when the name says
nothing) and turns one `Source` into an `Extraction`: the requests written in
it, the front end's own findings (syntax errors, values that cannot be read),
the comments that may hold `ami-lint:` directives, and notes. The engine alone
runs the pipeline (`ami_lint.engine`): claim, extract, check each request,
diagnostics, suppressions, report. A front end never imports the engine,
never runs a rule and never opens a file: what a request reads through
`file://` comes from the `Resolver` the engine hands it, the one place where
linting reads files (with the safety rules of `ami_lint.paramfile`).

Adding an input means one module with a `FrontEnd` subclass, listed in
`ami_lint.frontends` (docs/architecture.md has a worked example).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span
from ami_lint.vocabulary import API, Vocabulary

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import AnyStr

    from ami_lint.diagnostics import Finding
    from ami_lint.model import Request

# A text without this holds no suppression directive: no comment is looked for.
SUPPRESSION_MARKER = "ami-lint:"

# What stands before the name of the operation that removes an image, which
# holds the name of the one that registers it: `deregister-image`,
# `deregister_image`, `deregisterImage`, `DeregisterImageCommand`.
_DE_TEXT = ("de", "De")
_DE_BYTES = (b"de", b"De")
# What stands before the name of an IAM action (`ec2:RegisterImage` in a
# policy), which no SDK call or command is.
_IAM_TEXT = "ec2:"
_IAM_BYTES = b"ec2:"


def mentions(text: AnyStr, needle: AnyStr) -> bool:
    """Whether `text` (a decoded text, or the bytes of a walk's search) holds
    `needle` (`register-image`, `register_image`, `RegisterImage`, …) other
    than right after a `de` or as an IAM action: an AMI clean-up script's
    `aws ec2 deregister-image`, or a policy's `ec2:RegisterImage`, is no
    mention of a call, and a file of only those is skipped as one without
    it. No shell word written `…deregister-image` can be `register-image`:
    what could take the `de` away (a quote, `$`, `{`) would stand between."""
    if isinstance(text, str):
        before, iam = _DE_TEXT, _IAM_TEXT
    else:
        before, iam = _DE_BYTES, _IAM_BYTES
    at = text.find(needle)
    while at >= 0:
        if (at < 2 or text[at - 2 : at] not in before) and text[max(at - 4, 0) : at] != iam:
            return True
        at = text.find(needle, at + 1)
    return False


# Why a file holds nothing to lint. Met while walking, it is a note for
# `--verbose`; named on the command line, the engine says it on stderr, with
# `NAMED_WHY`'s longer reason when there is one.
SKIPPED = "skipped: "
SKIP_BROKEN = SKIPPED + "does not parse and does not look like a register-image request"
SKIP_NOT_REQUEST = SKIPPED + "not a register-image request"
SKIP_NO_CALL = SKIPPED + "no aws ec2 register-image call"
SKIP_NO_CALL_FOUND = (
    SKIPPED + "mentions register-image, but no call of it was recognised "
    "(if it is one, please report how the script calls the AWS CLI)"
)
NAMED_WHY = {
    SKIP_NOT_REQUEST: "not a register-image request: no key that only RegisterImage uses "
    "(`BlockDeviceMappings`, `RootDeviceName`, …) and fewer than two of its parameters",
    SKIP_NO_CALL: "no `aws ec2 register-image` call in it",
}
# Of a file over `--max-file-size`, what is read to tell whether it is a request.
DETECTION_BYTES = 65536
# A note that starts with this says a file that holds requests was not checked.
NOT_CHECKED = "not checked: "


class Resolver:
    """Reads what a request names through `file://`: the only file I/O of
    linting (`ami_lint.paramfile.FileResolver`, which the engine hands front ends)."""

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        """The file the value `text` (`file://…`, all of it known), written at
        `span` of `source`, makes the CLI read, positions in that file; None
        with the finding (AMI004, AMI005) that says why it was not read."""
        raise NotImplementedError


class NoFiles(Resolver):
    """A resolver for input that has no files around it (an option's value
    given on its own): every `file://` stays unknown, without a finding."""

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        return None, []


@record(frozen=True)
class Comment(metaclass=Record):
    """A comment that may hold a directive."""

    span: Span  # the whole comment, `#` included
    own_line: bool
    # The text a `disable=` in it covers (see `ami_lint.suppressions`), as offset ranges.
    scopes: tuple[Span, ...]


@record(eq=False)
class Found(metaclass=Record):
    """One request of an input, with what its front end found about it."""

    request: Request
    # The front end's findings about this request's values (a shorthand
    # syntax error, an unknown option, a value only known at run time).
    findings: list[Finding] = field(default_factory=list)
    # Which request of its file it is, for fingerprints of findings about the
    # whole request: `document 0`, `call`.
    key: str | None = None
    # A syntax error cut the request at this offset of its source: findings
    # there that end after it are not reported (they may be the error's doing).
    cut: int | None = None
    # Ranges of its source where nothing is reported for this request (the
    # definition of the wrapper function a call goes through).
    quiet: tuple[Span, ...] = ()
    # The display paths of the files the request read through `file://`.
    reads: tuple[str, ...] = ()
    # How its findings name members and values, when not as its front end's
    # `vocabulary` does: a request of another language embedded in the host
    # (Terraform in a Markdown fence), or a notation that depends on the
    # request (which Terraform block `BlockDeviceMappings[2]` was written as).
    vocabulary: Vocabulary | None = None

    def keeps(self, finding: Finding) -> bool:
        """Whether a finding about this request is reported."""
        if finding.source is not self.request.source:
            return True
        span = finding.span
        if self.cut is not None and span.end > self.cut:
            return False
        return not any(q.start <= span.start and span.end <= q.end for q in self.quiet)


@record(eq=False)
class Extraction(metaclass=Record):
    """What a front end made of one input.

    `requests` may be a generator that builds each request as the engine
    asks for it (a script of 20,000 calls need not hold them all at once);
    `notes` is complete once it has been consumed.
    """

    requests: Iterable[Found] = ()
    findings: list[Finding] = field(default_factory=list)
    # The comments that may hold directives; empty when the text has no `ami-lint:`.
    comments: list[Comment] = field(default_factory=list)
    # Remarks for stderr about what was not checked.
    notes: list[str] = field(default_factory=list)
    # Why the input holds nothing to lint (`SKIP_…`, `NOT_CHECKED…`); None when it held requests.
    skipped: str | None = None


class FrontEnd:
    """One kind of input. Subclasses set `name` and the claims, and implement `extract`."""

    name: str = ""
    # What a user calls its files, in "not a JSON, YAML or shell file" (None: not listed there).
    kind: str | None = None
    # Lower-case endings of the file names it claims (`.sh`), and whole names (`Makefile`).
    suffixes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    # A text that is not UTF-8 is still read (its bad bytes replaced) rather than refused.
    replaces_bad_bytes: bool = False
    # How its findings name the request's members and values (`ami_lint.vocabulary`).
    vocabulary: Vocabulary = API
    # Byte strings of which every text it finds a request, a call or a
    # directive in holds one, and what `extract` says of a text that holds
    # none (without parsing it): `skip_unread` with them. Empty: no such test.
    needles: tuple[bytes, ...] = ()
    no_needle: str = ""

    def claims_name(self, name: str) -> bool:
        lower = name.lower()
        return lower.endswith(self.suffixes) or lower.rsplit("/", 1)[-1] in self.names

    def claims_head(self, head: bytes) -> bool:
        """A file whose name no front end claims, by its first bytes (a `#!` line)."""
        return False

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        """The requests of `source`. `lenient`: the file was named on the command
        line, so a request is recognised on less evidence (`ami_lint.detect`)."""
        raise NotImplementedError

    def skip_unread(self, data: bytes, exact: bool = True) -> str | None:
        """What `extract` would say of a file met while walking (not lenient)
        whose bytes are `data` (UTF-8 unless `replaces_bad_bytes`, within
        `--max-file-size`) that holds nothing to lint, when a byte search tells
        without decoding or parsing it; None when it cannot tell. The engine
        then skips the file with this note: most files of a repository hold
        no request, and cost no more than this search (issue 20).
        `exact=False`: the note need not be the one `extract` would give
        (nobody reads it, without `--verbose`), as long as the file holds
        nothing to lint."""
        if not self.needles:
            return None
        for needle in self.needles:  # a loop, not `any`: asked of every file of a walk
            # `find`, not `in`: `bytes in bytes` first tries the needle as an
            # integer, a formatted TypeError each time (about 3,500 instructions).
            if data.find(needle) >= 0 and mentions(data, needle):
                return None
        return self.no_needle

    def unreadable(self, data: bytes, name: str, problem: str, at: int, lenient: bool) -> Extraction:
        """An input that cannot be decoded (`problem`, at byte offset `at`): skipped."""
        return Extraction(skipped=SKIPPED + problem)

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        """An input over `--max-file-size`, whose first bytes are `data`: not parsed."""
        return Extraction(skipped=f"{SKIPPED}larger than {limit} bytes (`--max-file-size`)")

    def comments(self, source: Source) -> list[Comment]:
        """The comments of a file of this kind read through `file://` by another input."""
        return []

    def __repr__(self) -> str:
        return f"<FrontEnd {self.name}>"


def lifted(comments: Iterable[Comment], source: Source) -> list[Comment]:
    """The comments of an embedded `source`, placed in its outermost host."""
    if source.host is None:
        return list(comments)
    out = []
    for comment in comments:
        _, span = source.in_host(comment.span)
        scopes = tuple(source.in_host(scope)[1] for scope in comment.scopes)
        out.append(Comment(span, comment.own_line, scopes))
    return out


def chained(parts: Iterable[Extraction], notes: list[str], first: Iterable[Found] = ()) -> Iterator[Found]:
    """The requests of `first`, then of each part (the pieces a host handed to
    another front end), each part's notes added to `notes` once its requests
    are done: a host's `Extraction.requests`."""
    yield from first
    for part in parts:
        yield from part.requests
        notes.extend(part.notes)


def line_span(source: Source, first: int, last: int) -> Span:
    """From the start of line `first` to the start of the line after `last`
    (the scope of a directive that covers those lines)."""
    start = source.offset_of_line(first)
    # The last line's range takes in the end of the text (a finding can stand there).
    end = source.offset_of_line(last + 1) if last < source.line_count() else len(source.text) + 1
    return Span(start, max(start, end))


def next_code_line(source: Source, line: int, comment_lines: set[int]) -> int | None:
    """The first line after `line` that is not one of `comment_lines` (comment-only lines)."""
    line += 1
    while line in comment_lines:
        line += 1
    return line if line <= source.line_count() else None


class Recording(Resolver):
    """A resolver that remembers the files it read, for `Found.reads`."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.paths: list[str] = []

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        got, findings = self.resolver.load(text, source, span)
        if got is not None and got.path not in self.paths:
            self.paths.append(got.path)
        return got, findings
