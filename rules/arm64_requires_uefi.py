"""## What it does
Reports `BootMode` `legacy-bios` on an image whose `Architecture` is `arm64`
or `arm64_mac`, at `BootMode`.

## Why is this bad?
Graviton (arm64) instances boot only with UEFI: an arm64 image registered for
legacy BIOS cannot boot on any instance type.

## Example
```json
{"Name": "web-arm-2024-06-01", "Architecture": "arm64", "BootMode": "legacy-bios",
 "VirtualizationType": "hvm", "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web --architecture arm64 --boot-mode legacy-bios
```

## Use instead
```json
{"Name": "web-arm-2024-06-01", "Architecture": "arm64", "BootMode": "uefi",
 "VirtualizationType": "hvm", "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web --architecture arm64 --boot-mode uefi
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import known_string
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

ARM = ("arm64", "arm64_mac")


class Arm64RequiresUefi(Rule):
    id = "AMI312"
    name = "arm64-requires-uefi"
    summary = "An arm64 image with `BootMode` `legacy-bios`"
    severity = Severity.ERROR
    references = (("Boot modes", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-boot.html"),)

    needs = ("BootMode",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        arch = known_string(request, "Architecture")
        node = request.get("BootMode")
        if arch not in ARM or known_string(request, "BootMode") != "legacy-bios":
            return
        assert node is not None
        yield self.report(
            node,
            f"{member('BootMode')} is `legacy-bios` but "
            f"{member('Architecture')} `{arch}` boots only with `uefi`",
            f"Set {member('BootMode')} to `uefi`",
        )


RULE = Arm64RequiresUefi()
