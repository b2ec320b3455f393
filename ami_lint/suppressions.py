"""Inline suppressions: `# ami-lint: disable=…` comments in shell scripts and YAML files.

Two directives, each in a comment of its own or after code on a line:

    # ami-lint: disable=AMI401,AMI305
    # ami-lint: disable-file=AMI305

The codes are what `--ignore` accepts: rule ids (`AMI305`, any case), rule
names (`architecture-defaulted`), id prefixes (`AMI3`) and `ALL`. Anything
after the codes, separated by whitespace, is the reason (`-- built before
2020`); it becomes the justification of the SARIF suppression. One comment may
hold other tools' directives before ours (`# shellcheck disable=SC2086 #
ami-lint: disable=AMI407`).

Where `disable=` applies (a finding is covered when its range starts there):

- After code on the same line: that line and, in a script, the whole command
  (statement) that ends on it. In a script a comment can only follow the last
  line of a command continued with `\\`, so this is how a multi-line command
  is annotated from its end, as with ruff's `# noqa` after a multi-line string.
- On a line of its own: the next line that is not a comment (further comment
  lines may come between, a blank line may not). In a script, when a command
  starts on that line, the whole command: every line of a `\\`-continued
  command, and all of an `if`, loop, function or pipeline that starts there,
  as with `# shellcheck disable=` before a command.

`disable-file=` anywhere in the file covers every finding reported for it.

Comments are real comments: in a script the `comment` nodes of the
tree-sitter-bash tree (a `#` in a quoted word or a here-document is not one),
in YAML text outside every token of ruamel's scanner, starting at a line start
or after whitespace (a `#` in a quoted or block scalar, or in `a#b`, is not
one). Past a YAML syntax error only comment-only lines count. JSON has no
comments: `per-file-ignores` in the configuration covers JSON files.

Findings in a file that a command reads (`file://`, `--cli-input-json/yaml`)
are covered by the directives in that file when it is YAML (`.yaml`/`.yml`),
and in the script by a `disable-file=` and by a `disable=` whose command reads
that file (when several commands read it, one suppression covers it).

A code that names no rule is reported (`invalid`), and so is a comment that
starts with `ami-lint:` but is not one of the two directives. With
`--warn-unused-suppressions`, each code of a directive that covered no finding
is reported too (`unused`); a code is not reported as unused when none of the
rules it names ran, as nothing can be said about it then. A finding covered by
several directives uses the innermost (line before file).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from ami_lint.diagnostics import Diagnostic
from ami_lint.frontend import SUPPRESSION_MARKER as MARKER
from ami_lint.frontend import Comment
from ami_lint.records import Record, field, record, replace
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 20)
if TYPE_CHECKING:
    from typing import TextIO

DISABLE = "disable"
DISABLE_FILE = "disable-file"
# Codes read from one directive (a hostile file must not flood the warnings).
MAX_CODES = 100

_START = re.compile(r"(?:^|#)[ \t]*(ami-lint:)")
_VERB = re.compile(r"[ \t]*([A-Za-z-]*)[ \t]*(=?)[ \t]*")
_CODE = re.compile(r"[A-Za-z0-9_-]+")
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")


@record(frozen=True)
class Code(metaclass=Record):
    """A rule id or prefix named by a directive."""

    text: str
    span: Span

    def matches(self, rule: str, name: str) -> bool:
        upper = self.text.upper()
        return upper == "ALL" or rule.startswith(upper) or self.text == name


@record
class Directive(metaclass=Record):
    """An `ami-lint: disable…` comment."""

    source: Source
    span: Span  # from `ami-lint:` to the end of the comment
    file_wide: bool
    codes: tuple[Code, ...]
    # Where a finding must start to be covered (a `disable=`), as offsets.
    scopes: tuple[Span, ...] = ()
    used: set[int] = field(default_factory=set)  # indexes into `codes`

    @property
    def text(self) -> str:
        return self.source.slice(self.span).strip()

    def covers(self, offset: int) -> bool:
        return self.file_wide or any(s.start <= offset < s.end for s in self.scopes)

    def intersects(self, span: Span) -> bool:
        return self.file_wide or any(s.start < max(span.end, span.start + 1) and span.start < s.end
                                     for s in self.scopes)  # fmt: skip

    def code_for(self, d: Diagnostic) -> int | None:
        return next((i for i, c in enumerate(self.codes) if c.matches(d.rule, d.name)), None)


@record(frozen=True)
class SuppressionWarning(metaclass=Record):
    """A directive that is malformed, names no rule, or suppressed nothing."""

    kind: str  # "invalid" or "unused"
    source: Source
    span: Span
    message: str

    @property
    def path(self) -> str:
        return self.source.path

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.span.start, self.message)


def parse_directives(
    source: Source, comments: Iterable[Comment], known: KnownCodes | None
) -> tuple[list[Directive], list[SuppressionWarning]]:
    directives: list[Directive] = []
    warnings: list[SuppressionWarning] = []
    for comment in comments:
        text = source.slice(comment.span)
        for match in _START.finditer(text):
            base = comment.span.start
            directive, problems = _parse_one(source, text, match.start(1), base, comment, known)
            warnings.extend(problems)
            if directive is not None:
                directives.append(directive)
    return directives, warnings


def _parse_one(
    source: Source, text: str, at: int, base: int, comment: Comment, known: KnownCodes | None
) -> tuple[Directive | None, list[SuppressionWarning]]:
    end = text.find("#", at)
    end = len(text) if end < 0 else end
    whole = Span(base + at, base + len(text.rstrip()) if end == len(text) else base + end)
    verb = _VERB.match(text, at + len(MARKER), end)
    assert verb is not None  # every part of it is optional
    if verb.group(1) not in (DISABLE, DISABLE_FILE) or not verb.group(2):
        message = (
            f"Not an ami-lint directive: `{source.slice(whole).strip()}` "
            f"(write `ami-lint: disable=RULES` or `ami-lint: disable-file=RULES`)"
        )
        return None, [SuppressionWarning("invalid", source, whole, message)]
    codes: list[Code] = []
    warnings: list[SuppressionWarning] = []
    pos = verb.end()
    while True:
        match = _CODE.match(text, pos, end)
        if match is None:
            break
        if len(codes) + len(warnings) == MAX_CODES:
            message = f"More than {MAX_CODES} rules in one directive: the rest are not read"
            warnings.append(
                SuppressionWarning("invalid", source, Span(base + match.start(), whole.end), message)
            )
            break
        code = Code(match.group(), Span(base + match.start(), base + match.end()))
        if known is not None and not known.exists(code):
            message = f"`{code.text}` in `{source.slice(whole).strip()}` names no rule"
            warnings.append(SuppressionWarning("invalid", source, code.span, message))
        else:
            codes.append(code)
        separator = _SEPARATOR.match(text, match.end(), end)
        if separator is None:
            break
        pos = separator.end()
    if not codes and not warnings:
        message = f"No rule after `{verb.group(1)}=` in `{source.slice(whole).strip()}`"
        warnings.append(SuppressionWarning("invalid", source, whole, message))
    if not codes:
        return None, warnings
    file_wide = verb.group(1) == DISABLE_FILE
    scopes = () if file_wide else comment.scopes
    return Directive(source, whole, file_wide, tuple(codes), scopes), warnings


@record(frozen=True)
class KnownCodes(metaclass=Record):
    """The rules a code may name: every registered rule, and those that ran."""

    rules: tuple[tuple[str, str], ...]  # (id, name)
    enabled: frozenset[str]

    def exists(self, code: Code) -> bool:
        return any(code.matches(rule, name) for rule, name in self.rules)

    def can_judge(self, code: Code) -> bool:
        return any(code.matches(rule, name) for rule, name in self.rules if rule in self.enabled)


@record
class _FileDirectives(metaclass=Record):
    """The directives of one file."""

    directives: list[Directive]

    def find(self, d: Diagnostic, at_call: Sequence[Span] = ()) -> tuple[Directive, int] | None:
        """The innermost directive covering `d` (a line before the file), and the code's index.
        With `at_call`, `d` is in another file, read by the commands at those spans."""
        for file_wide in (False, True):
            for directive in self.directives:
                if directive.file_wide != file_wide:
                    continue
                index = directive.code_for(d)
                if index is None:
                    continue
                if at_call:
                    if any(directive.intersects(span) for span in at_call):
                        return directive, index
                elif directive.covers(d.span.start):
                    return directive, index
        return None


def apply(
    source: Source,
    comments: Sequence[Comment],
    diagnostics: list[Diagnostic],
    known: KnownCodes,
    reads: Mapping[str, Sequence[Span]] | None = None,
    comments_of: Callable[[Source], list[Comment]] | None = None,
) -> tuple[list[Diagnostic], list[SuppressionWarning]]:
    """`diagnostics` of the file `source` with those covered by a directive
    marked `suppressed`, and the warnings about the directives: invalid ones,
    and every code that suppressed nothing (`unused`).

    `comments` are the file's comments (its front end found them);
    `reads` gives, for each file its requests read through `file://`, the
    spans of those requests; `comments_of` the comments of such a file (its
    own directives apply to its findings)."""
    name = source.path
    referenced = {d.path: d.source for d in diagnostics if d.path != name and MARKER in d.source.text}
    own = None
    warnings: list[SuppressionWarning] = []
    if comments:
        directives, warnings = parse_directives(source, comments, known)
        own = _FileDirectives(directives)
    in_files: dict[str, _FileDirectives] = {}
    for path, ref in referenced.items():
        found = comments_of(ref) if comments_of is not None else []
        if found:
            directives, problems = parse_directives(ref, found, known)
            warnings.extend(problems)
            in_files[path] = _FileDirectives(directives)
    calls = reads or {}
    out = []
    for d in diagnostics:
        hit: tuple[Directive, int] | None = None
        if d.path == name:
            hit = own.find(d) if own is not None else None
        else:
            if d.path in in_files:
                hit = in_files[d.path].find(d)
            if hit is None and own is not None:
                hit = own.find(d, calls.get(d.path) or ()) if d.path in calls else _file_wide(own, d)
        if hit is None:
            out.append(d)
            continue
        directive, index = hit
        directive.used.add(index)
        out.append(replace(d, suppressed=directive.text))
    every = (own.directives if own is not None else []) + [x for f in in_files.values() for x in f.directives]
    for directive in every:
        for i, code in enumerate(directive.codes):
            if i not in directive.used and known.can_judge(code):
                message = f"Unused suppression: `{code.text}` suppressed nothing"
                warnings.append(SuppressionWarning("unused", directive.source, code.span, message))
    return out, warnings


def _file_wide(own: _FileDirectives, d: Diagnostic) -> tuple[Directive, int] | None:
    for directive in own.directives:
        if directive.file_wide:
            index = directive.code_for(d)
            if index is not None:
                return directive, index
    return None


def print_warnings(warnings: Iterable[SuppressionWarning], stream: TextIO) -> None:
    """One `path:line:col: warning: message` line each, as compilers print them:
    the message quotes the directive, so it is bounded and made printable."""
    from ami_lint.diagnostics import bounded
    from ami_lint.printable import line

    for w in warnings:
        at = w.source.position(w.span.start)
        stream.write(line(f"{w.path}:{at.line}:{at.column}: warning: {bounded(w.message)}") + "\n")


def warnings_fail(warnings: Iterable[SuppressionWarning], fail_on: Callable[[str], str]) -> bool:
    """With --warn-unused-suppressions, directive warnings count as warnings for
    `--fail-on` (`fail_on` gives the level for a path)."""
    return any(fail_on(w.path) in ("warning", "info") for w in warnings)
