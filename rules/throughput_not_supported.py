"""## What it does
Reports `Throughput` on a volume whose `VolumeType` is anything but `gp3`,
at the `Throughput` key. A volume without `VolumeType` is not checked: the
reference pages do not say which type RegisterImage assumes then.

## Why is this bad?
The reference page says of `Throughput`: "This parameter is valid only for
`gp3` volumes." EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "st1", "Throughput": 250}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 250}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class ThroughputNotSupported(Rule):
    id = "AMI211"
    name = "throughput-not-supported"
    summary = "`Throughput` on a volume that is not `gp3`"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
    )

    needs = ("BlockDeviceMappings.Ebs.Throughput",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            entry = ebs.entry("Throughput")
            if entry is None or vtype is None or vtype == "gp3":
                continue
            yield self.report(
                entry.key,
                f"{member('Throughput')} is only for `gp3` volumes but {member('VolumeType')} is `{vtype}`",
                f"Remove {member('Throughput')}, or change {member('VolumeType')} to `gp3`",
            )


RULE = ThroughputNotSupported()
