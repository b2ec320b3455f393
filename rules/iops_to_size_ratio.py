"""## What it does
Reports an `Iops` value above what the volume's size allows: at most 50 IOPS
per GiB for `io1`, 1000 for `io2` and 500 for `gp3` (a `gp3` volume always
gets its 3000 baseline IOPS, whatever its size). It is checked only when
`VolumeType`, `Iops` and `VolumeSize` are all known; a volume sized by its
snapshot (no `VolumeSize`) is not checked. An `Iops` outside the type's range
is AMI210's, not this rule's.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`: a 100 GiB `io1` volume
cannot have more than 5000 IOPS.

## Example
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 100, "VolumeType": "io1", "Iops": 10000}}]}
```

## Use instead
```json
{"Name": "db-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",
                          "Ebs": {"VolumeSize": 200, "VolumeType": "io1", "Iops": 10000}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_entry, type_limits, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class IopsToSizeRatio(Rule):
    id = "AMI214"
    name = "iops-to-size-ratio"
    summary = "More IOPS per GiB than the volume type allows (io1 50, io2 1000, gp3 500)"
    severity = Severity.ERROR
    references = (
        (
            "Provisioned IOPS SSD volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
        ),
        (
            "General Purpose SSD volumes",
            "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
        ),
    )

    needs = ("BlockDeviceMappings.Ebs.Iops",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            vtype = volume_type(ebs, request)
            iops_found = int_entry(ebs, "Iops")
            size_found = int_entry(ebs, "VolumeSize")
            if vtype is None or iops_found is None or size_found is None:
                continue
            limits = type_limits(ctx.limits, vtype)
            if limits is None or limits.iops_per_gib is None or limits.iops_range is None:
                continue
            ratio = limits.iops_per_gib
            low, high = limits.iops_range
            entry, iops = iops_found
            _, size = size_found
            if size <= 0 or not low <= iops <= high:
                continue  # AMI213's or AMI210's
            allowed = max(low, ratio * size)
            if iops <= allowed:
                continue
            needed = -(-iops // ratio)
            yield self.report(
                entry.value,
                f"{member('Iops')} is `{iops}` but `{vtype}` with "
                f"{member('VolumeSize')} `{size}` allows at most {allowed} "
                f"({ratio} IOPS per GiB)",
                f"Lower {member('Iops')} to at most {allowed} or "
                f"raise {member('VolumeSize')} to at least {needed}",
            )


RULE = IopsToSizeRatio()
