"""## What it does
Reads every shorthand value (`DeviceName=/dev/xvda,Ebs={VolumeSize=8}`)
with the grammar of the AWS CLI's own shorthand parser, quirks included,
and reports what it would reject at the exact character its error points
at, with its wording: an unbalanced bracket, a missing `=`, a trailing
comma, an unclosed quote, a key given twice at the top level. The hint
says in words what the parser saw, with positions in the file: which
`{` or `[` is never closed and what to add (`}]`), which key has no `=`,
that nothing follows the last `,`, which quote is never closed, a `}`
that closes nothing or the wrong bracket.

## Why is this bad?
The CLI stops with `Error parsing parameter '--block-device-mappings':
Expected: ',', received: 'EOF'` and a caret under a one-line copy of the
value, which in a continued shell command is hard to map back to the
script.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeSize=8
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeSize=8}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class ShorthandSyntaxError(Rule):
    id = "AMI003"
    name = "shorthand-syntax-error"
    summary = "A shorthand value the AWS CLI's shorthand parser rejects"
    severity = Severity.ERROR
    kind = KIND_INPUT
    references = (
        (
            "Using shorthand syntax with the AWS CLI",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html",
        ),
    )


RULE = ShorthandSyntaxError()
