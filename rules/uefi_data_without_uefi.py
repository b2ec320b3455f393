"""## What it does
Reports `UefiData` when `BootMode` is `legacy-bios` or absent, at `UefiData`.

## Why is this bad?
`UefiData` is the UEFI variable store (Secure Boot keys and other variables).
An image that boots with legacy BIOS never reads it, so the Secure Boot setup
it carries silently has no effect.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: legacy-bios
UefiData: QU1aVjE=
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
BootMode: uefi
UefiData: QU1aVjE=
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import known_string, missing
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class UefiDataWithoutUefi(Rule):
    id = "AMI315"
    name = "uefi-data-without-uefi"
    summary = "`UefiData` with `BootMode` `legacy-bios` or absent"
    severity = Severity.WARNING
    references = (
        ("UEFI Secure Boot", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-secure-boot.html"),
    )

    needs = ("UefiData",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("UefiData")
        if node is None:
            return
        if known_string(request, "BootMode") == "legacy-bios":
            stated = f"but {member('BootMode')} is `legacy-bios`"
        elif missing(request, "BootMode"):
            stated = f"without {member('BootMode')}"
        else:
            return
        yield self.report(
            node,
            f"{member('UefiData')} is given {stated}: the UEFI variables are never used",
            f"Set {member('BootMode')} to `uefi` (or `uefi-preferred`), or remove {member('UefiData')}",
        )


RULE = UefiDataWithoutUefi()
