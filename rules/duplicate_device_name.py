"""## What it does
Reports a `DeviceName` that an earlier mapping of the same request already
maps, at the later one, and names the earlier mapping.

## Why is this bad?
A device can be attached once. EC2 rejects the request with
`InvalidBlockDeviceMapping`; when it comes from a shell script that builds
the mappings, the duplicate is usually a copy-paste slip that hides a missing
volume.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
DeviceName=/dev/xvda,Ebs={VolumeSize=100}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
DeviceName=/dev/xvdf,Ebs={VolumeSize=100}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import BlockDevice, block_devices, string_value
from ami_lint.model import Request
from ami_lint.rule import Context, Rule


class DuplicateDeviceName(Rule):
    id = "AMI203"
    name = "duplicate-device-name"
    summary = "Two block device mappings for one device"
    severity = Severity.ERROR
    references = (
        (
            "Block device mappings",
            "https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html",
        ),
    )

    needs = ("BlockDeviceMappings.DeviceName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        reported: list[Finding] = []
        seen: dict[str, BlockDevice] = {}
        for device in block_devices(request):
            node = device.mapping.get("DeviceName")
            name = string_value(node)
            if node is None or name is None:
                continue
            if name in seen:
                reported.append(
                    self.report(
                        node,
                        f"`{name}` is also mapped in {seen[name].member()}",
                        "Map each device once: merge the two mappings or give this one another device name",
                    )
                )
            else:
                seen[name] = device
        return reported


RULE = DuplicateDeviceName()
