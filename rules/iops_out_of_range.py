"""## What it does
Reports an `Iops` value outside the range of its volume type, at the value.
The ranges come from the limits table chosen with `--limits` (see Options).
A volume whose type is absent or not known is not checked.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`. The `legacy` profile
follows the reference page ("`gp3`: 3,000-16,000 IOPS, `io1`: 100-64,000
IOPS, `io2`: 100-64,000 IOPS") for partitions and regions that have not
received the larger limits.

## Example
```shorthand block-device-mappings
DeviceName=/dev/sdf,Ebs={VolumeSize=100,VolumeType=gp3,Iops=1000}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/sdf,Ebs={VolumeSize=100,VolumeType=gp3,Iops=3000}
```

## Options
`--limits current|legacy` chooses the table.

| type | `current` | `legacy` (the reference page's table) |
|---|---|---|
| `gp3` | 3000-80000 | 3000-16000 |
| `io1` | 100-64000 | 100-64000 |
| `io2` | 100-256000 | 100-64000 |
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class IopsOutOfRange(Rule):
    id = "AMI210"
    name = "iops-out-of-range"
    summary = "`Iops` outside the range of its volume type"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
    )
    help_reference = 1

    needs = ("BlockDeviceMappings.Ebs.Iops",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            found = int_entry(ebs, "Iops")
            if vtype is None or found is None:
                continue
            limits = type_limits(ctx.limits, vtype)
            if limits is None or limits.iops_range is None:
                continue  # AMI209's business
            entry, iops = found
            low, high = limits.iops_range
            hint = range_fix("Iops", iops, low, high)
            if hint is None:
                continue
            yield self.report(
                entry.value,
                f"{member('Iops')} is `{iops}` but `{vtype}` needs {value_range(low, high)}",
                hint,
            )


RULE = IopsOutOfRange()
