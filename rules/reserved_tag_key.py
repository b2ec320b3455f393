"""## What it does
Reports a tag key in `TagSpecifications` that begins with `aws:`.

## Why is this bad?
The `aws:` prefix is reserved for AWS; the API rejects user tags that
use it.

## Example
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: "aws:team"
        Value: web
```

## Use instead
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: team
        Value: web
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class ReservedTagKey(Rule):
    id = "AMI108"
    name = "reserved-tag-key"
    summary = "A tag key beginning with `aws:`"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "Tag restrictions",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions",
        ),
    )


RULE = ReservedTagKey()
