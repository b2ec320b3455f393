r"""## What it does
Reports an option written as a prefix of its name (`--block-device-mapping`,
`--kernel`), at the prefix.

## Why is this bad?
The CLI's argument parser accepts any unambiguous prefix of an option today,
so the command works. When a later CLI version adds an option that shares the
prefix, the prefix becomes ambiguous and the command fails with
`ambiguous option`, in a script nobody has changed.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --kernel aki-12345678 \
    --block-device-mapping 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0123456789abcdef0}'
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --kernel-id aki-12345678 \
    --block-device-mappings 'DeviceName=/dev/sda1,Ebs={SnapshotId=snap-0123456789abcdef0}'
```

## Fix safety
Safe: the fix writes the option's full name in place of the prefix (the
value of `--kernel=aki-…` stays where it is). The CLI reads both the same
today, so nothing the command does changes. No fix is offered where the
name is not written as it is read (part of it quoted apart, or escaped).
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import exact, fix
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule


class AbbreviatedOption(Rule):
    id = "AMI411"
    name = "abbreviated-option"
    summary = "An option written as a prefix of its name"
    severity = Severity.WARNING
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
        ("argparse allow_abbrev", "https://docs.python.org/3/library/argparse.html#allow-abbrev"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        for use in line.options:
            if use.abbreviated:
                full = use.spec.name
                yield self.report(
                    use,
                    f"`{use.written}` is an abbreviation of `{full}`",
                    f"Write `{full}` in full",
                    fix=fix(f"Write `{full}`", [exact(use.source, use.span, use.written, full)]),
                )


RULE = AbbreviatedOption()
