"""## What it does
Reports a request without `VirtualizationType`, once, at the request.

## Why is this bad?
The reference page says of `--virtualization-type`: "Default: paravirtual".
Almost every image built today is HVM; registered as paravirtual it runs only
on previous-generation instance types, and ENA and SR-IOV networking cannot
be enabled on it.

When the request asks for what only HVM images have (`EnaSupport`,
`SriovNetSupport`, `BootMode` `uefi`, `TpmSupport`), the message says so.
Such requests are registered by maintained scripts and by AWS's own NitroTPM
example without `--virtualization-type`, so EC2 may well take `hvm` from
them; the documented default is still `paravirtual`, and writing `hvm`
removes the doubt. AMI308 and AMI309 report only a `paravirtual` that is
written.

A tool between the input and the API may send a type of its own: Terraform's
AWS provider always sends `virtualization_type`, `paravirtual` unless the
configuration says otherwise, and the message then says so (the type is then
sure, and AMI308 and AMI309 report what needs HVM).

Not reported when the request says what it means otherwise:
- a `KernelId` or `RamdiskId` is given: such an image is paravirtual (PV-GRUB
  or its own kernel), which is the default;
- a `VolumeType` of `sbp1` or `sbg1` says the request is for an AWS Snow
  device, whose EC2 has its own defaults; so does an `--endpoint-url`
  outside AWS (a Snow device's address, an emulator's `localhost`).

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
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import is_snow_request, string_value
from ami_lint.image import is_true, missing, virtualization
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class VirtualizationTypeDefaulted(Rule):
    id = "AMI306"
    name = "virtualization-type-defaulted"
    summary = "No `VirtualizationType`: it becomes `paravirtual`"
    severity = Severity.WARNING
    references = (
        (
            "Virtualization types",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if not missing(request, "VirtualizationType"):
            return ()
        if is_snow_request(request):
            return ()
        if "KernelId" in request.root or "RamdiskId" in request.root:
            return ()  # paravirtual is meant: only PV images take a kernel
        virt = virtualization(request)
        if virt.value != "paravirtual":
            return ()  # the tool that sends the request sends `hvm`
        wants = _hvm_only(request)
        if virt.sender is not None:
            message = f"{member('VirtualizationType')} is not set: {virt.sender} sends `{virt.value}`"
        else:
            message = f"No {member('VirtualizationType')}: it defaults to `{virt.value}`"
        if wants:
            message += f", though {wants} needs `hvm`"
        return [self.report(request.root, message, f"Set {member('VirtualizationType')} to `hvm`")]


def _hvm_only(request: Request) -> str | None:
    """The first member the request sets that only HVM images take."""
    if is_true(request.get("EnaSupport")):
        return member("EnaSupport")
    if isinstance(request.get("SriovNetSupport"), Scalar):
        return member("SriovNetSupport")
    if string_value(request.get("BootMode")) == "uefi":
        return f"{member('BootMode')} `uefi`"
    if isinstance(request.get("TpmSupport"), Scalar):
        return member("TpmSupport")
    return None


RULE = VirtualizationTypeDefaulted()
