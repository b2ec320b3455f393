"""## What it does
Reports `VirtualizationType` `paravirtual`, at the value. When `EnaSupport` or
`SriovNetSupport` is also given, AMI308 or AMI309 reports the conflict as an
error and this warning is left out: both say to use `hvm`. With a `KernelId`
or `RamdiskId` the image boots its own paravirtual kernel (PV-GRUB): that is
deliberate, and not reported either. A defaulted `paravirtual` is AMI306, not
this rule.

## Why is this bad?
Paravirtual (PV) images run only on previous-generation instance types
(C1, C3, M1, M3, M2, T1, …): no current instance type can launch them.

## Example
```json
{"Name": "legacy-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "paravirtual",
 "RootDeviceName": "/dev/sda1",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import is_true, virtualization
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class ParavirtualImage(Rule):
    id = "AMI307"
    name = "paravirtual-image"
    summary = "A `paravirtual` image runs only on previous-generation instance types"
    severity = Severity.WARNING
    references = (
        (
            "Virtualization types",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        virt = virtualization(request)
        if virt.value != "paravirtual" or virt.node is None:
            return ()
        # The HVM-only networking options make it an error (AMI308, AMI309).
        if is_true(request.get("EnaSupport")) or isinstance(request.get("SriovNetSupport"), Scalar):
            return ()
        if "KernelId" in request.root or "RamdiskId" in request.root:
            return ()  # a paravirtual kernel (PV-GRUB) is meant
        return [
            self.report(
                virt.node,
                f"{member('VirtualizationType')} is `paravirtual`, "
                "which runs only on previous-generation instance types",
                "Use `hvm` unless the image really boots a paravirtual kernel",
            )
        ]


RULE = ParavirtualImage()
