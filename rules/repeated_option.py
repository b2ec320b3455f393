r"""## What it does
Reports an option given a second time with another value (`--name` twice, or
`--ena-support` and `--no-ena-support`), at the later one. The same option
repeated with the very same words (`--root-device-name /dev/xvda` twice, as
some vendor runbooks print it) changes nothing and is not reported.

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

## Fix safety
Unsafe: the fix removes the earlier use of the option (with its values),
which the CLI ignores today; if the earlier one was the one meant, the
command keeps the wrong value. Not offered when the option or a value is
continued over lines or comes from a variable.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import fix
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import OptionUse
from ami_lint.shell.fixes import remove_option


class RepeatedOption(Rule):
    id = "AMI404"
    name = "repeated-option"
    summary = "The same option given twice: the CLI keeps only the last"
    severity = Severity.WARNING
    references = (
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

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
            if use.spec.name == first.spec.name and _same_words(use, first):
                continue  # the CLI keeps the last, which is the first again
            name, earlier = use.spec.name, first.spec.name
            message = (
                f"`{name}` is given again: the CLI keeps only the last one"
                if name == earlier
                else f"`{name}` repeats `{earlier}`: the CLI keeps only the last one"
            )
            drop = fix(f"Remove the earlier `{earlier}`", [remove_option(first)], safe=False)
            yield self.report(use, message, f"Keep one `{earlier}`", fix=drop)


def _same_words(a: OptionUse, b: OptionUse) -> bool:
    """Both uses give the same value, word for word as the shell passes it
    (known words by their text, others as written)."""
    if len(a.values) != len(b.values):
        return False
    for x, y in zip(a.values, b.values, strict=True):
        known_x, known_y = x.text, y.text
        if known_x is None or known_y is None:
            if x.source.text[x.span.start : x.span.end] != y.source.text[y.span.start : y.span.end]:
                return False
        elif known_x != known_y:
            return False
    return True


RULE = RepeatedOption()
