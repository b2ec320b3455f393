"""## What it does
Reports an `Ebs` object that has both `AvailabilityZone` and
`AvailabilityZoneId`, at the one written second, naming the other.

## Why is this bad?
The two keys name the same thing in two ways (`us-east-1a` is an account's
name for a zone, `use1-az1` the zone's fixed id); the API accepts one or the
other and rejects the request when both are given.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "AvailabilityZone": "us-east-1a",
                                  "AvailabilityZoneId": "use1-az1"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "AvailabilityZoneId": "use1-az1"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

PAIR = ("AvailabilityZone", "AvailabilityZoneId")


class AvailabilityZoneConflict(Rule):
    id = "AMI219"
    name = "availability-zone-conflict"
    summary = "Both `AvailabilityZone` and `AvailabilityZoneId` on one volume"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
    )

    needs = ("BlockDeviceMappings.Ebs.AvailabilityZone",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            zone, zone_id = ebs.entry(PAIR[0]), ebs.entry(PAIR[1])
            if zone is None or zone_id is None:
                continue
            first, second = sorted((zone, zone_id), key=lambda e: e.key.span.start)
            yield self.report(
                second.key,
                f"{member(second.name)} conflicts with {member(first.name)} on the same volume",
                f"Keep only one of {member('AvailabilityZone')} and {member('AvailabilityZoneId')}",
            )


RULE = AvailabilityZoneConflict()
