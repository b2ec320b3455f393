"""## What it does
Reports a `VolumeInitializationRate` outside 100-300 MiB/s, at the value, and
one on a volume without `SnapshotId`, at the key.

## Why is this bad?
The rate says how fast EC2 fetches a snapshot's blocks into a new volume
(provisioned rate for volume initialization); EC2 accepts 100 to 300 MiB/s and
only for a volume created from a snapshot. Anything else fails the request.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeInitializationRate=500}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeInitializationRate=300}
```

## Options
The range is `volume_initialization_rate` in the limits table (`--limits`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_value, range_fix, value_range
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class VolumeInitializationRate(Rule):
    id = "AMI220"
    name = "volume-initialization-rate"
    summary = "`VolumeInitializationRate` outside 100-300 MiB/s, or on a volume without a snapshot"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "Initialize Amazon EBS volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/initalize-volume.html",
        ),
    )
    help_reference = 1

    needs = ("BlockDeviceMappings.Ebs.VolumeInitializationRate",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        rate_limits = ctx.limits.volume_initialization_rate
        for _device, ebs in ebs_volumes(request):
            entry = ebs.entry("VolumeInitializationRate")
            if entry is None:
                continue
            if "SnapshotId" not in ebs:
                yield self.report(
                    entry.key,
                    f"{member('VolumeInitializationRate')} is given "
                    f"but the volume has no {member('SnapshotId')}",
                    f"Remove {member('VolumeInitializationRate')}; it "
                    "applies only to volumes created from a snapshot",
                )
                continue
            rate = int_value(entry.value)
            if rate is None or rate_limits is None:
                continue
            low, high = rate_limits.min, rate_limits.max
            hint = range_fix("VolumeInitializationRate", rate, low, high)
            if hint is None:
                continue
            yield self.report(
                entry.value,
                f"{member('VolumeInitializationRate')} is `{rate}` "
                f"but must be {value_range(low, high)} MiB/s",
                hint,
            )


RULE = VolumeInitializationRate()
