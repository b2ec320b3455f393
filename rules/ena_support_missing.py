"""## What it does
Reports an image whose `VirtualizationType` is `hvm` and whose `EnaSupport` is
not `true`: once, at the request when `EnaSupport` is absent, or at
`EnaSupport` when it is `false`. Images with an `ImageLocation` are not
checked: instance-store-backed images do not launch on the Nitro instance
types that need ENA, with or without it; nor are requests for an AWS Snow
device (a `VolumeType` of `sbp1` or `sbg1`) or sent to an `--endpoint-url`
outside AWS, whose instance types are their own.

## Why is this bad?
Current-generation (Nitro) instance types network only through ENA. An HVM
image registered without `EnaSupport` cannot launch on them, even when its
operating system has the ENA driver.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
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
from ami_lint.ebs import is_snow_request
from ami_lint.image import is_ebs_backed, missing, virtualization
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member, value

WHY = "it cannot launch on current-generation (Nitro) instance types"
HINT = f"Set {member('EnaSupport')} to {value(True)}{{}} once the image has the ENA driver"


class EnaSupportMissing(Rule):
    id = "AMI311"
    name = "ena-support-missing"
    summary = "HVM image without `EnaSupport`: it cannot launch on current-generation instance types"
    severity = Severity.WARNING
    references = (
        (
            "Enable enhanced networking with ENA",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        virt = virtualization(request)
        if virt.value != "hvm" or not virt.sure or not is_ebs_backed(request) or is_snow_request(request):
            return ()
        node = request.get("EnaSupport")
        if missing(request, "EnaSupport"):
            return [
                self.report(
                    request.root, f"No {member('EnaSupport')} on an `hvm` image: {WHY}", _hint(request)
                )
            ]
        if isinstance(node, Scalar) and node.value is False:
            message = f"{member('EnaSupport')} is {value(False)} on an `hvm` image: {WHY}"
            return [self.report(node, message, _hint(request))]
        return ()


def _hint(request: Request) -> str:
    # The option's name is a help to a command line, not to Terraform or Python.
    return HINT.format(" (`--ena-support`)" if request.command is not None else "")


RULE = EnaSupportMissing()
