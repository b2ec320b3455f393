"""## What it does
Reports the first character of `Name` that an image name may not hold.
Allowed are ASCII letters and digits, parentheses, square brackets,
spaces, periods, slashes, dashes, single quotes, at-signs and underscores.

## Why is this bad?
The API rejects the request. Colons from timestamps (`12:30:00`) and
plus signs from version strings are the usual culprits.

## Example
```json
{"Name": "web 2024-06-01T12:30:00", "Architecture": "x86_64"}
```

## Use instead
```json
{"Name": "web 2024-06-01T12-30-00", "Architecture": "x86_64"}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class InvalidImageName(Rule):
    id = "AMI106"
    name = "invalid-image-name"
    summary = "Characters in `Name` outside letters, digits and `( ) [ ] space . / - ' @ _`"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "aws ec2 register-image",
            "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html",
        ),
    )


RULE = InvalidImageName()
