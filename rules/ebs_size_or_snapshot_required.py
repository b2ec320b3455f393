"""## What it does
Reports an `Ebs` object that has neither `SnapshotId` nor `VolumeSize`, at
that object.

## Why is this bad?
The reference page says of `VolumeSize`: "You must specify either a snapshot
ID or a volume size." Without either, EC2 does not know how large to make
the volume and rejects the request.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3", "VolumeSize": 100}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class EbsSizeOrSnapshotRequired(Rule):
    id = "AMI207"
    name = "ebs-size-or-snapshot-required"
    summary = "An `Ebs` volume with neither `SnapshotId` nor `VolumeSize`"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
    )

    needs = ("BlockDeviceMappings",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        return [
            self.report(
                ebs,
                f"{device.member('Ebs')} has neither {member('SnapshotId')} nor {member('VolumeSize')}",
                f"Add {member('SnapshotId')} to restore a snapshot "
                f"or {member('VolumeSize')} for an empty volume",
            )
            for device, ebs in ebs_volumes(request)
            if "SnapshotId" not in ebs and "VolumeSize" not in ebs
        ]


RULE = EbsSizeOrSnapshotRequired()
