"""## What it does
Reports `SriovNetSupport` on a paravirtual image, at `SriovNetSupport`: one
whose `VirtualizationType` is written as `paravirtual` (AMI307 then stays
silent), or left to that default by a request with a `KernelId` or
`RamdiskId`. With no `VirtualizationType` and nothing else saying PV, AMI306
reports the default and names `SriovNetSupport`.

## Why is this bad?
The reference page says of `--sriov-net-support`: "This option is supported
only for HVM AMIs. Specifying this option with a PV AMI can make instances
launched from the AMI unreachable."

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: paravirtual
SriovNetSupport: simple
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
SriovNetSupport: simple
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import surely_paravirtual, virtualization
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class SriovRequiresHvm(Rule):
    id = "AMI309"
    name = "sriov-requires-hvm"
    summary = "`SriovNetSupport` on a paravirtual image"
    severity = Severity.ERROR
    references = (
        (
            "Enhanced networking with the Intel 82599 VF interface",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sriov-networking.html",
        ),
    )

    needs = ("SriovNetSupport",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("SriovNetSupport")
        virt = virtualization(request)
        if not isinstance(node, Scalar) or not surely_paravirtual(request):
            return
        yield self.report(
            node,
            f"{member('SriovNetSupport')} is `{node.value}` but {virt.phrase()}: "
            "SR-IOV is supported only for HVM images",
            f"Set {member('VirtualizationType')} to `hvm`",
        )


RULE = SriovRequiresHvm()
