"""## What it does
Reports a `Name` shorter than 3 or longer than 128 characters, a
`Description` longer than 255, `UefiData` longer than 64000, a tag
key longer than 127 or a tag value longer than 256 characters.

## Why is this bad?
The API rejects the request. Names are often built from branch names and
timestamps and grow past the limit only on some branches.

## Example
```yaml
Name: ab
Architecture: x86_64
```

## Use instead
```yaml
Name: abc-2024-06-01
Architecture: x86_64
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class LengthOutOfRange(Rule):
    id = "AMI105"
    name = "length-out-of-range"
    summary = (
        "A string too short or too long "
        "(Name 3–128, Description ≤255, UefiData ≤64000, tag Key ≤127, tag Value ≤256)"  # noqa: RUF001
    )
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
        (
            "Tag restrictions",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions",
        ),
    )


RULE = LengthOutOfRange()
