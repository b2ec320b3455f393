"""## What it does
Reports `TpmSupport` `v2.0` when `BootMode` is not `uefi` (`legacy-bios`,
`uefi-preferred` or absent), at `TpmSupport`.

## Why is this bad?
NitroTPM requires an image that boots with UEFI only. The request is rejected
when `BootMode` is `legacy-bios`, `uefi-preferred` or not given.

## Example
```yaml
Name: win-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi-preferred
TpmSupport: v2.0
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: win-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
BootMode: uefi
TpmSupport: v2.0
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/sda1
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


class TpmRequiresUefi(Rule):
    id = "AMI313"
    name = "tpm-requires-uefi"
    summary = "`TpmSupport` `v2.0` without `BootMode` `uefi`"
    severity = Severity.ERROR
    references = (
        (
            "NitroTPM requirements",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enable-nitrotpm-prerequisites.html",
        ),
    )

    needs = ("TpmSupport",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("TpmSupport")
        if node is None or known_string(request, "TpmSupport") != "v2.0":
            return
        mode = known_string(request, "BootMode")
        if mode is not None and mode != "uefi":
            stated = f"but {member('BootMode')} is `{mode}`"
        elif missing(request, "BootMode"):
            stated = f"without {member('BootMode')}"
        else:
            return
        yield self.report(
            node,
            f"{member('TpmSupport')} is `v2.0` {stated}: NitroTPM needs `uefi`",
            f"Set {member('BootMode')} to `uefi`",
        )


RULE = TpmRequiresUefi()
