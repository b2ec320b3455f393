"""## What it does
Reports a block device mapping without `DeviceName`, at the mapping.

## Why is this bad?
`DeviceName` says where the volume is attached (`/dev/sdb`, `xvdb`); EC2
cannot place a mapping without it and rejects the request. The CLI's local
validation does not check it.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - Ebs:
      VolumeSize: 100
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    Ebs:
      VolumeSize: 100
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import block_devices
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class MissingDeviceName(Rule):
    id = "AMI202"
    name = "missing-device-name"
    summary = "A block device mapping without `DeviceName`"
    severity = Severity.ERROR
    references = (
        (
            "BlockDeviceMapping",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
        ),
    )

    needs = ("BlockDeviceMappings",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        return [
            self.report(
                device.mapping,
                f"{device.member()} has no {member('DeviceName')}",
                f"Add {member('DeviceName')}, for example `/dev/sdb`",
            )
            for device in block_devices(request)
            if "DeviceName" not in device.mapping
        ]


RULE = MissingDeviceName()
