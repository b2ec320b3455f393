r"""## What it does
Reports an option given a second time (`--name` twice, or `--ena-support`
and `--no-ena-support`), at the later one.

## Why is this bad?
The CLI keeps only the last value and silently drops the earlier one: two
`--block-device-mappings` options do not add up, the first list is lost.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}' \
    --block-device-mappings 'DeviceName=/dev/sdb,VirtualName=ephemeral0'
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}' \
                            'DeviceName=/dev/sdb,VirtualName=ephemeral0'
```

## References
- [register-image](https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html)
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.shell.cmdline import OptionUse


class RepeatedOption(Rule):
    id = "AMI404"
    name = "repeated-option"
    summary = "The same option given twice: the CLI keeps only the last"
    severity = Severity.WARNING
    references = ("https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        seen: dict[str, OptionUse] = {}
        for use in line.options:
            key = use.spec.member or use.spec.name
            first = seen.setdefault(key, use)
            if first is use:
                continue
            name, earlier = use.spec.name, first.spec.name
            message = (
                f"`{name}` is given again: the CLI keeps only the last one"
                if name == earlier
                else f"`{name}` repeats `{earlier}`: the CLI keeps only the last one"
            )
            yield Finding(self.id, use.word.source, use.name_span, message, f"Keep one `{earlier}`")


RULE = RepeatedOption()
