r"""## What it does
Reports an unquoted option value with a brace group holding a comma
(`Ebs={VolumeSize=8,VolumeType=gp3}`), at the brace group, in scripts run
by bash, zsh or ksh. A `#!/bin/sh` script (and a script without a `#!` line)
is treated as affected too, because `sh` is bash on many systems; a
`#!/bin/dash` or `#!/bin/ash` script is not. Braces without a comma between
them, escaped braces (`\{`) and quoted words are not expanded. The hint
quotes the whole value so that the script keeps working: in single quotes,
or in double quotes when the value holds an expansion
(`"DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}"`), which
single quotes would stop from expanding; a word that unquoted-expansion
(AMI407) reports too gets the same quoting from both.

## Why is this bad?
Brace expansion turns the word `Ebs={VolumeSize=8,VolumeType=gp3}` into the
two words `Ebs=VolumeSize=8` and `Ebs=VolumeType=gp3` before the CLI sees
them: the shorthand is wrong and the second word is an unknown option, or a
list option quietly receives two broken items. The same happens to the
`Tags=[{Key=a,Value=b}]` of a tag specification.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}'
```

## Fix safety
Safe: the fix puts the whole word in quotes, as the hint and Use instead
show: single quotes, or double quotes when the word expands a `$VAR` (which
still expands). The shell then passes the value whole, which is what the
AWS CLI expects of a shorthand value. No fix is offered where quoting the
word as written would change a character's meaning (it holds quotes, a
backslash or a leading `~`), or where the value comes from a variable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.quoting import quoting_fix, quoting_hint
from ami_lint.shell.words import LiteralPart, ShellWord
from ami_lint.source import Span

# Shells that do no brace expansion.
_POSIX_ONLY = frozenset({"dash", "ash"})


class BraceExpansion(Rule):
    id = "AMI401"
    name = "brace-expansion"
    summary = "An unquoted value with `{…,…}` is split by brace expansion"
    severity = Severity.ERROR
    references = (
        (
            "Bash manual: Brace Expansion",
            "https://www.gnu.org/software/bash/manual/html_node/Brace-Expansion.html",
        ),
        (
            "Using shorthand syntax with the AWS CLI",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html",
        ),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None or line.invocation.shell in _POSIX_ONLY:
            return
        for use in line.options:
            for word in use.values:
                if _plainly_without_group(word):
                    continue
                groups = list(_brace_groups(word))
                if not groups:
                    continue
                written = word.resolved[0].written if word.resolved else word.span
                # The same quoting as unquoted-expansion's for this word: one fixes both.
                hint = quoting_hint(word.source.shown(written))
                quoting = None if word.resolved else quoting_fix(word.source, word.span)
                for group in groups:
                    raw = word.source.shown(group)
                    yield self.report(
                        (word, group),
                        f"`{raw}` is not quoted: brace expansion splits the value of "
                        f"`{use.spec.name}` into several words",
                        hint,
                        fix=quoting,
                    )


def _plainly_without_group(word: ShellWord) -> bool:
    """Whether `word` is one part that cannot hold a group: unknown, quoted or
    without a `{` (most values). A pre-test, cheaper than `_brace_groups`'
    generator and its own test, which it answers as for such a word (issue 20)."""
    parts = word.parts
    if len(parts) != 1:
        return False
    part = parts[0]
    return part.__class__ is not LiteralPart or part.quoted or "{" not in part.text  # type: ignore[union-attr]


def _brace_groups(word: ShellWord) -> Iterator[Span]:
    """File spans of the brace groups the shell expands (`{a,b}`), outermost first.

    A brace or comma counts only when it is written unquoted and unescaped;
    a group without a comma of its own is not expanded, but one inside it may be.
    """
    if not any(isinstance(p, LiteralPart) and not p.quoted and "{" in p.text for p in word.parts):
        return  # most values: quoted, or without a brace
    # (character, file offset) of every active character; None for other text.
    chars: list[tuple[str, int] | None] = []
    for part in word.parts:
        if not isinstance(part, LiteralPart):
            chars.append(None)
            continue
        at = 0
        for start, slen, dlen in part.pieces:
            if slen == dlen and not part.quoted:
                chars.extend((part.text[at + k], start + k) for k in range(dlen))
            else:
                chars.extend([None] * dlen)
            at += dlen
    closing = _closing(chars)
    i = 0
    while i < len(chars):
        close = closing.get(i)
        if close is not None:
            open_at, close_at = chars[i], chars[close]
            assert open_at is not None and close_at is not None
            yield Span(open_at[1], close_at[1] + 1)
            i = close + 1
        else:
            i += 1


def _closing(chars: list[tuple[str, int] | None]) -> dict[int, int]:
    """The index of the `}` closing each expanding group, by the index of its
    `{`: found in one pass, so a value of many braces takes linear time."""
    closing: dict[int, int] = {}
    # Each `{` not yet closed, and whether a comma stands directly inside it.
    open_groups: list[tuple[int, bool]] = []
    for j, item in enumerate(chars):
        if item is None:
            continue
        char = item[0]
        if char == "{":
            open_groups.append((j, False))
        elif char == "}" and open_groups:
            i, comma = open_groups.pop()
            if comma:
                closing[i] = j
        elif char == "," and open_groups:
            open_groups[-1] = (open_groups[-1][0], True)
    return closing


RULE = BraceExpansion()
