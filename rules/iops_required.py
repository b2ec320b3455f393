"""## What it does
Reports an `Ebs` object whose `VolumeType` is `io1` or `io2` and that has no
`Iops`, at that object.

## Why is this bad?
The reference page says: "If the volume type is `io1` or `io2`, you must
specify the IOPS that the volume supports." Provisioned IOPS volumes have
no default rate, so EC2 rejects the request.

## Example
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 500, "VolumeType": "io2"}}]}
```

## Use instead
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "io2", "Iops": 16000}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, type_limits, value_range, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class IopsRequired(Rule):
    id = "AMI208"
    name = "iops-required"
    summary = "An `io1` or `io2` volume without `Iops`"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "Provisioned IOPS SSD volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
        ),
    )

    needs = ("BlockDeviceMappings",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        reported: list[Finding] = []
        for device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            if vtype not in ("io1", "io2") or "Iops" in ebs:
                continue
            limits = type_limits(ctx.limits, vtype)
            iops = limits.iops_range if limits is not None else None
            needs = f" ({value_range(*iops)})" if iops is not None else ""
            reported.append(
                self.report(
                    ebs,
                    f"{device.member('Ebs')} has {member('VolumeType')} `{vtype}` but no {member('Iops')}",
                    f"Add {member('Iops')}{needs} for the `{vtype}` volume",
                )
            )
        return reported


RULE = IopsRequired()
