r"""## What it does
Reports an unquoted `$VAR` or `${VAR}` whose value, as the script assigns
it, has blanks: the shell splits it into several words, and the request is
not what the script says. It is reported once per word, over its unquoted
expansions.

## Why is this bad?
The shell splits the result of an unquoted expansion at blanks. A variable
assigned earlier in the script is split as bash splits it, and the words it
becomes are checked where the value was written: `DESC='Web server'` …
`--description $DESC` gives `Description` `Web` and a stray word `server`
(AMI410, at the assignment). This rule says why, at the expansion. A JSON
mapping with blanks in `ROOT='{"DeviceName": …}'` …
`--block-device-mappings $ROOT` is cut into pieces that no longer parse.

Not reported, on purpose, so that every finding is one to fix:

- a value only known when the script runs (`--name $AMI_NAME`,
  `--description $(git log -1 --format=%s)`, `--region $REGION`): whether
  it holds a blank is not knowable from the script. On a corpus of real
  build scripts such values were built from blank-free parts (dates,
  versions, bucket names) every time, and no maintainer would change those
  lines; [ShellCheck's SC2086](https://www.shellcheck.net/wiki/SC2086)
  reports every unquoted expansion for teams that want that hygiene;
- a variable assigned earlier in the script whose value has no blank
  (`REGION=us-west-2` … `--region=$REGION`, `NAME=web-2024` … `--name
  $NAME`): splitting leaves it whole, and the value is checked where it was
  written;
- an expansion standing where options go (`$extra_flags`, `${args[@]}`):
  splitting it into several words is the point.

The hint quotes the whole word in double quotes, as brace-expansion's
(AMI401) does for the same word: one quoting fixes both.

## Example
```sh
DESCRIPTION="Web server, nightly build"
aws ec2 register-image --name "web-$(date +%F)" --description $DESCRIPTION \
    --root-device-name /dev/xvda
```

## Use instead
```sh
DESCRIPTION="Web server, nightly build"
aws ec2 register-image --name "web-$(date +%F)" --description "$DESCRIPTION" \
    --root-device-name /dev/xvda
```
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.quoting import quoting_hint
from ami_lint.shell.words import ShellWord, part_start
from ami_lint.source import Source, Span


class UnquotedExpansion(Rule):
    id = "AMI407"
    name = "unquoted-expansion"
    summary = "An unquoted `$VAR` whose value has blanks is split into several words"
    severity = Severity.WARNING
    references = (
        ("ShellCheck SC2086", "https://www.shellcheck.net/wiki/SC2086"),
        (
            "Bash manual: Word Splitting",
            "https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html",
        ),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        source = line.invocation.source
        # Each written word once: a split value makes several words of one.
        groups: dict[Span, set[Span]] = {}
        for use in line.options:
            for word in use.values:
                if not word.resolved:
                    continue  # most words: no variable's value in them (issue 20)
                for written, expansion in _splitting_expansions(word):
                    groups.setdefault(written, set()).add(expansion)
        for written, expansions in groups.items():
            span, message, hint = _finding(source, written, expansions)
            yield self.report((source, span), message, hint)


def _splitting_expansions(word: ShellWord) -> Iterator[tuple[Span, Span]]:
    """(the word as written, the expansion) for each unquoted expansion in an
    option's value word whose known value the shell splits into several
    words, wherever it stands in a value (`--block-device-mappings $MAPPING`
    with a blank in the JSON)."""
    starts = {part_start(p) for p in word.parts}
    for resolved in word.resolved:
        # Its first word is this value (not options it supplies, `$flags`).
        if resolved.split and resolved.probe in starts:
            yield resolved.written, resolved.via.span


def _finding(source: Source, written: Span, expansions: set[Span]) -> tuple[Span, str, str]:
    """The span, message and hint of the one finding for a written word, over
    its unquoted expansions."""
    ordered = sorted(expansions, key=lambda s: s.start)
    span = ordered[0].through(ordered[-1])
    raw = source.shown(span)
    message = f"`{raw}` is not quoted: the shell splits its value at its blanks"
    # The same quoting as brace-expansion's for this word: one fixes both.
    return span, message, quoting_hint(source.shown(written))


RULE = UnquotedExpansion()
