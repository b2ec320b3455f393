"""## What it does
Reports a `gp3` volume's `Throughput` outside 125-2000 MiB/s (`--limits
current`) or 125-1000 MiB/s (`--limits legacy`, the reference page's "Valid
Range: Minimum value of 125. Maximum value of 1000."), at the value.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Throughput: 100}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 100, VolumeType: gp3, Throughput: 125}
```

## Options
`--limits current|legacy` chooses the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class ThroughputOutOfRange(Rule):
    id = "AMI212"
    name = "throughput-out-of-range"
    summary = "A `gp3` volume's `Throughput` outside its range"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "General Purpose SSD volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
        ),
    )
    help_reference = 1

    needs = ("BlockDeviceMappings.Ebs.Throughput",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            found = int_entry(ebs, "Throughput")
            if vtype is None or found is None:
                continue
            limits = type_limits(ctx.limits, vtype)
            if limits is None or limits.throughput_range is None:
                continue  # AMI211's business
            entry, value = found
            low, high = limits.throughput_range
            hint = range_fix("Throughput", value, low, high)
            if hint is None:
                continue
            yield self.report(
                entry.value,
                f"{member('Throughput')} is `{value}` but `{vtype}` needs {value_range(low, high)} MiB/s",
                hint,
            )


RULE = ThroughputOutOfRange()
