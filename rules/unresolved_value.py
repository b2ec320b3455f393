r"""## What it does
Reports each part of a shell script's option value that the linter cannot
know without running the script, and so did not check: `$VAR`, `${…}`,
`$(…)`, backticks and globs that were not resolved from a literal assigned
earlier in the script, a word such as `$extra_flags` standing where options
go, and a `file://` reference whose path is built from a shell variable or
holds `~` or `$` that the CLI itself expands. Also a `file://` reference
to a file that the script writes in a way that is not followed (inside an
`if`, after the call, appended with `>>`, by another program: see
`unreadable-parameter-file`, AMI004, for the writes that are followed),
and an absolute path outside the script's project that nothing in the
script writes (`file:///tmp/req.json`: a file of the machine that runs
the script, never read by ami-lint). The finding is on the
unknown part, and says whether the rest of the value was checked. Off by
default: it is information about what was not checked, not a problem;
enable it with `--select AMI005` to audit coverage.

## Why is this bad?
Nothing is wrong with the script, but whatever the value (or the file)
holds at run time was not linted: a mistake there surfaces only when the
CLI runs.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings "file://$BUILD_DIR/block-device-mappings.json"
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]'
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class UnresolvedValue(Rule):
    id = "AMI005"
    name = "unresolved-value"
    summary = "A value comes from a shell variable, substitution or glob and was not checked"
    severity = Severity.INFO
    kind = KIND_INPUT
    default_enabled = False
    references = (
        (
            "Loading AWS CLI parameters from a file",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html",
        ),
    )


RULE = UnresolvedValue()
