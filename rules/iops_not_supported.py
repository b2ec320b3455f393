"""## What it does
Reports `Iops` on a volume whose `VolumeType` is `gp2`, `st1`, `sc1` or
`standard`, at the `Iops` key. A volume without `VolumeType` is not checked:
the reference pages do not say which type RegisterImage assumes then.

## Why is this bad?
The reference page says: "This parameter is not supported for `gp2`, `st1`,
`sc1`, or `standard` volumes." EC2 rejects the request; the performance of
these types follows from their size.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp2, Iops: 3000}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Iops: 3000}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

WITHOUT_IOPS = ("gp2", "st1", "sc1", "standard")


class IopsNotSupported(Rule):
    id = "AMI209"
    name = "iops-not-supported"
    summary = "`Iops` on a `gp2`, `st1`, `sc1` or `standard` volume"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
    )

    needs = ("BlockDeviceMappings.Ebs.Iops",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            entry = ebs.entry("Iops")
            if entry is None or vtype not in WITHOUT_IOPS:
                continue
            yield self.report(
                entry.key,
                f"{member('Iops')} is not supported for {member('VolumeType')} `{vtype}`",
                f"Remove {member('Iops')}, or use `gp3`, `io1` or `io2` to provision IOPS",
            )


RULE = IopsNotSupported()
