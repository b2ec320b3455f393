"""## What it does
Reports a request without `VirtualizationType`, once, at the request.

## Why is this bad?
The reference page says of `--virtualization-type`: "Default: paravirtual".
Almost every image built today is HVM; registered as paravirtual it runs only
on previous-generation instance types, and ENA and SR-IOV networking cannot
be enabled on it.

Not reported when the request says what it means otherwise:
- a `KernelId` or `RamdiskId` is given: such an image is paravirtual (PV-GRUB
  or its own kernel), which is the default;
- `EnaSupport` is `true` or `SriovNetSupport` is set: AMI308 or AMI309
  reports the default there, at the option that cannot work with it, with
  the same fix; one finding for one mistake;
- a `VolumeType` of `sbp1` or `sbg1` says the request is for an AWS Snow
  device, whose EC2 has its own defaults.

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
from ami_lint.ebs import is_snow_request
from ami_lint.image import DEFAULT_VIRTUALIZATION, is_true, missing
from ami_lint.model import Request
from ami_lint.nodes import Scalar
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
        if not missing(request, "VirtualizationType"):
            return
        if is_snow_request(request):
            return
        if "KernelId" in request.root or "RamdiskId" in request.root:
            return  # paravirtual is meant: only PV images take a kernel
        if is_true(request.get("EnaSupport")) or isinstance(request.get("SriovNetSupport"), Scalar):
            return  # AMI308 / AMI309 say it where it fails
        yield self.report(
            request.root,
            f"No `VirtualizationType`: it defaults to `{DEFAULT_VIRTUALIZATION}`",
            "Set `VirtualizationType` to `hvm`",
        )


RULE = VirtualizationTypeDefaulted()
