r"""## What it does
Reports a word of an `aws ec2 register-image` command that belongs to no
option: an ambiguous prefix of several options, an argument that follows a
complete option, or any word after `--`. (An option the command does not have,
such as `--architecure`, is AMI101 with the closest real option suggested; the
word after it is taken as its value and not reported again.)

## Why is this bad?
The CLI rejects the whole command with `Unknown options: WORD` before it
sends anything. A stray word is often the second half of a value that the
shell split (a missing quote) or a value given to an option that takes none.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda production
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --tag-specifications 'ResourceType=image,Tags=[{Key=env,Value=production}]'
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.source import PLACEHOLDER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from ami_lint.shell.cmdline import CommandLine
    from ami_lint.shell.words import ShellWord
    from ami_lint.source import Span


class StrayArgument(Rule):
    id = "AMI410"
    name = "stray-argument"
    summary = "A word of the command line that belongs to no option"
    severity = Severity.ERROR
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        after_unknown = {
            _next_word(line, stray.word) for stray in line.strays if stray.reason == "unknown-option"
        }
        for stray in line.strays:
            if stray.after_flag is not None:
                continue  # a flag given a value: boolean-flag-with-value says so
            if stray.reason == "unknown-option" or stray.word.span in after_unknown:
                continue  # unknown-parameter reports the option, and its value went with it
            word = stray.word
            text = (
                word.text
                if word.text is not None and PLACEHOLDER not in word.text
                else word.source.shown(word.span)
            )
            if stray.reason == "ambiguous-option":
                matches = ", ".join(stray.candidates)
                yield self.report(
                    word,
                    f"`{text}` is an ambiguous option: the CLI fails with "
                    f"`ambiguous option: {text} could match {matches}`",
                    "Write the option's full name",
                )
                continue
            hint = "Remove the words after `--`" if stray.reason == "after-double-dash" else None
            yield self.report(
                word,
                f"`{text}` belongs to no option: the CLI fails with `Unknown options: {text}`",
                hint or f"Remove `{text}` or quote it together with the value it belongs to",
            )


def _next_word(line: CommandLine, word: ShellWord) -> Span | None:
    words = line.invocation.words
    for i, candidate in enumerate(words[:-1]):
        if candidate.span == word.span and (word.text or "").find("=") < 0:
            return words[i + 1].span
    return None


RULE = StrayArgument()
