r"""## What it does
Reports a word of an `aws ec2 register-image` command that belongs to no
option: an unknown option, an ambiguous prefix of several options, an argument
that follows a complete option, or any word after `--`.

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

## References
- [register-image](https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html)
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import Context, Rule


class StrayArgument(Rule):
    id = "AMI410"
    name = "stray-argument"
    summary = "A word of the command line that belongs to no option"
    severity = Severity.ERROR
    references = ("https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        for stray in line.strays:
            if stray.after_flag is not None:
                continue  # a flag given a value: boolean-flag-with-value says so
            word = stray.word
            text = word.text if word.text is not None else word.source.slice(word.span)
            if stray.reason == "ambiguous-option":
                matches = ", ".join(stray.candidates)
                yield Finding(
                    self.id,
                    word.source,
                    word.span,
                    f"`{text}` is an ambiguous option: the CLI fails with "
                    f"`ambiguous option: {text} could match {matches}`",
                    "Write the option's full name",
                )
                continue
            hint = "Remove the words after `--`" if stray.reason == "after-double-dash" else None
            yield Finding(
                self.id,
                word.source,
                word.span,
                f"`{text}` belongs to no option: the CLI fails with `Unknown options: {text}`",
                hint or f"Remove `{text}` or quote it together with the value it belongs to",
            )


RULE = StrayArgument()
