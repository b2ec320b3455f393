"""## What it does
Reports a request without `VirtualizationType`, once, at the request.

## Why is this bad?
The reference page says of `--virtualization-type`: "Default: paravirtual".
Almost every image built today is HVM; registered as paravirtual it runs only
on previous-generation instance types, and ENA and SR-IOV networking cannot
be enabled on it.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## References
- [Virtualization types](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types)
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import DEFAULT_VIRTUALIZATION, missing
from ami_lint.model import Request
from ami_lint.rule import Context, Rule


class VirtualizationTypeDefaulted(Rule):
    id = "AMI306"
    name = "virtualization-type-defaulted"
    summary = "No `VirtualizationType`: it becomes `paravirtual`"
    severity = Severity.WARNING
    references = (
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if missing(request, "VirtualizationType"):
            yield self.report(
                request.root,
                f"No `VirtualizationType`: it defaults to `{DEFAULT_VIRTUALIZATION}`",
                "Set `VirtualizationType` to `hvm`",
            )


RULE = VirtualizationTypeDefaulted()
