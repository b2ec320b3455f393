"""## What it does
Reports a root device volume (the mapping whose `DeviceName` equals
`RootDeviceName`) whose `VolumeType` is `st1` or `sc1`, at the `VolumeType`
value. Without a known `RootDeviceName` nothing is reported: which mapping is
the root is not guessed.

## Why is this bad?
Throughput Optimized HDD (`st1`) and Cold HDD (`sc1`) volumes cannot be boot
volumes. The image registers, but no instance launched from it boots.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f, VolumeSize: 500, VolumeType: st1}
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f, VolumeSize: 8, VolumeType: gp3}
  - DeviceName: /dev/xvdf
    Ebs: {VolumeSize: 500, VolumeType: st1}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, string_value, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

NOT_BOOTABLE = ("st1", "sc1")


class RootVolumeNotBootable(Rule):
    id = "AMI221"
    name = "root-volume-not-bootable"
    summary = "The root device's volume is `st1` or `sc1`, which cannot be a boot volume"
    severity = Severity.ERROR
    references = (
        ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
    )

    needs = ("RootDeviceName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        reported: list[Finding] = []
        root = string_value(request.get("RootDeviceName"))
        if root is None:
            return reported
        for device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            node = ebs.get("VolumeType")
            if string_value(device.mapping.get("DeviceName")) != root or vtype not in NOT_BOOTABLE:
                continue
            assert node is not None
            reported.append(
                self.report(
                    node,
                    f"{member('VolumeType')} is `{vtype}` but the root "
                    f"device `{root}` needs a bootable volume type",
                    "Use `gp3` (or `gp2`, `io1`, `io2`) for the root volume and keep `st1`, `sc1` for data",
                )
            )
        return reported


RULE = RootVolumeNotBootable()
