r"""## What it does
Reports a command that gives both `--cli-input-json` and `--cli-input-yaml`,
at the later of the two.

## Why is this bad?
The CLI reads the request skeleton from one of them only and refuses a
command that has both, so nothing is sent.

## Example
```sh
aws ec2 register-image --cli-input-json file://image.json --cli-input-yaml file://image.yaml
```

## Use instead
```sh
aws ec2 register-image --cli-input-yaml file://image.yaml
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import CLI_INPUT_OPTIONS


class ConflictingCliInput(Rule):
    id = "AMI405"
    name = "conflicting-cli-input"
    summary = "Both `--cli-input-json` and `--cli-input-yaml`"
    severity = Severity.ERROR
    references = (
        (
            "Generating and using a CLI skeleton",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
        ),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        first: str | None = None
        for use in line.options:
            name = use.spec.name
            if name not in CLI_INPUT_OPTIONS:
                continue
            if first is None:
                first = name
            elif name != first:
                yield self.report(
                    use,
                    f"`{name}` is given with `{first}`: the CLI takes the request from only one of them",
                    f"Keep either `{first}` or `{name}`",
                )


RULE = ConflictingCliInput()
