r"""## What it does
Reports an option that needs a value but ends the command or is followed by
another option (`--name --architecture x86_64`), at the option.

## Why is this bad?
The CLI fails with `expected one argument` and sends nothing. It usually
means the value was lost: an empty variable without quotes, or a line
continuation deleted while editing.

## Example
```sh
aws ec2 register-image --name --architecture x86_64 --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name "web-$(date +%F)" --architecture x86_64 --root-device-name /dev/xvda
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import LIST


class OptionMissingValue(Rule):
    id = "AMI403"
    name = "option-missing-value"
    summary = "An option that needs a value is last or followed by another option"
    severity = Severity.ERROR
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        words = line.invocation.words
        for use in line.options:
            if not use.missing_value:
                continue
            at = next(i for i, w in enumerate(words) if w is use.word)
            following = words[at + 1] if at + 1 < len(words) else None
            if following is None:
                where = "ends the command"
            else:
                text = following.text if following.text is not None else following.known_prefix
                where = f"is followed by `{text}`"
            expected = "at least one argument" if use.spec.kind == LIST else "one argument"
            yield self.report(
                use,
                f"`{use.spec.name}` needs a value but {where}: the CLI fails with `expected {expected}`",
                f"Give `{use.spec.name}` its value or remove it",
            )


RULE = OptionMissingValue()
