r"""## What it does
Reports `--dry-run` on an `aws ec2 register-image` command, at the flag.

## Why is this bad?
With `--dry-run` EC2 only checks the permissions and answers with the
`DryRunOperation` error: no image is registered, the CLI exits with status
254, and a script running with `set -e` stops there. It is a debugging aid
that was left in.

## Example
```sh
aws ec2 register-image --dry-run --name web-2024-06-01 --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda
```

## Fix safety
Unsafe: the fix removes `--dry-run`, and the command then registers an
image when it runs. Not offered when the option is continued over lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import fix
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.fixes import remove_option


class DryRunInScript(Rule):
    id = "AMI409"
    name = "dry-run-in-script"
    summary = "`--dry-run` left in: the call always fails with `DryRunOperation`"
    severity = Severity.WARNING
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        (
            "Common parameters: DryRun",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/CommonParameters.html",
        ),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        use = line.last_uses().get("DryRun")
        if use is not None and use.spec.flag_value:
            yield self.report(
                use,
                "`--dry-run` is left in: the call always fails with `DryRunOperation` and registers no image",
                "Remove `--dry-run`",
                fix=fix("Remove `--dry-run`", [remove_option(use)], safe=False),
            )


RULE = DryRunInScript()
