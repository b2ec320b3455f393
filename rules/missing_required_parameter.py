"""## What it does
Reports a request without `Name`, the only parameter RegisterImage
requires, on the object that lacks it.

## Why is this bad?
The CLI refuses the request with `Missing required parameter`.

## Example
```yaml
Architecture: arm64
RootDeviceName: /dev/xvda
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: arm64
RootDeviceName: /dev/xvda
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class MissingRequiredParameter(Rule):
    id = "AMI102"
    name = "missing-required-parameter"
    summary = "The request has no `Name`"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
    )


RULE = MissingRequiredParameter()
