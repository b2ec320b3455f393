"""## What it does
Reports a `ResourceType` in `TagSpecifications` that is a valid EC2
resource type but not `image`.

## Why is this bad?
RegisterImage can tag only the image it creates; the API rejects any other
resource type. (To tag the snapshots, tag them when you create them.)

## Example
```yaml
Name: web-2024-06-01
TagSpecifications:
  - ResourceType: snapshot
    Tags:
      - Key: team
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


class TagResourceType(Rule):
    id = "AMI109"
    name = "tag-resource-type"
    summary = "A tag specification for a resource type other than `image`"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
    )


RULE = TagResourceType()
