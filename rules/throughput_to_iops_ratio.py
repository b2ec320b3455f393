"""## What it does
Reports a `gp3` volume's `Throughput` above 0.25 MiB/s per provisioned IOPS,
at the `Throughput` value. Without `Iops` the volume has the `gp3` default
of 3000 IOPS (the reference page: "The default for `gp3` volumes is 3,000
IOPS."), so at most 750 MiB/s. An unknown `Iops` is not guessed; a
`Throughput` or `Iops` outside its own range is AMI212's or AMI210's.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`: a `gp3` volume's
throughput is capped by its IOPS.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 500, VolumeType: gp3, Throughput: 1000}
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdf
    Ebs: {VolumeSize: 500, VolumeType: gp3, Throughput: 1000, Iops: 4000}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_entry, type_limits, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class ThroughputToIopsRatio(Rule):
    id = "AMI215"
    name = "throughput-to-iops-ratio"
    summary = "A `gp3` volume's `Throughput` above 0.25 MiB/s per provisioned IOPS"
    severity = Severity.ERROR
    references = (
        (
            "General Purpose SSD volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
        ),
    )

    needs = ("BlockDeviceMappings.Ebs.Throughput",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            found = int_entry(ebs, "Throughput")
            if vtype is None or found is None:
                continue
            limits = type_limits(ctx.limits, vtype)
            if (
                limits is None
                or limits.throughput_per_iops is None
                or limits.iops_range is None
                or limits.throughput_range is None
            ):
                continue
            per_iops = limits.throughput_per_iops
            entry, throughput = found
            if "Iops" in ebs:
                iops_found = int_entry(ebs, "Iops")
                if iops_found is None:
                    continue  # unknown or mistyped: not guessed
                iops = iops_found[1]
                which = f"{member('Iops')} `{iops}`"
            elif limits.default_iops is not None:
                iops = limits.default_iops
                which = f"the default {iops} IOPS"
            else:
                continue
            low, high = limits.iops_range
            if not low <= iops <= high:
                continue
            low, high = limits.throughput_range
            if not low <= throughput <= high:
                continue
            import math  # here, not at start-up: few requests set a throughput (issue 20)

            allowed = math.floor(iops * per_iops)
            if throughput <= allowed:
                continue
            needed = math.ceil(throughput / per_iops)
            yield self.report(
                entry.value,
                f"{member('Throughput')} is `{throughput}` but {which} allow at most {allowed} MiB/s "
                f"({per_iops} MiB/s per IOPS)",
                f"Lower {member('Throughput')} to at most {allowed} "
                f"or raise {member('Iops')} to at least {needed}",
            )


RULE = ThroughputToIopsRatio()
