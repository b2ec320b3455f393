"""## What it does
Reports a `VolumeSize` (GiB) outside the range of its volume type, at the
value. The ranges come from the limits table chosen with `--limits` (see
Options). When `VolumeType` is absent, the type is not guessed (the reference pages do
not document RegisterImage's default), but a size that no type allows (`0`,
or more than the largest maximum) is still reported. A type that is not
known (a shell variable) or not valid is not checked.

## Why is this bad?
EC2 rejects the request with `InvalidParameterValue`.

## Example
```json
{"Name": "data-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 50, "VolumeType": "st1"}}]}
```

## Use instead
```json
{"Name": "data-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 500, "VolumeType": "st1"}}]}
```

## Options
`--limits current|legacy` chooses the table.

| type | `current` | `legacy` (the reference page's table) |
|---|---|---|
| `gp2` | 1-16384 | 1-16384 |
| `gp3` | 1-65536 | 1-16384 |
| `io1` | 4-16384 | 4-16384 |
| `io2` | 4-65536 | 4-16384 |
| `st1`, `sc1` | 125-16384 | 125-16384 |
| `standard` | 1-1024 | 1-1024 |
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes, int_entry, range_fix, type_limits, value_range, volume_type
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class VolumeSizeOutOfRange(Rule):
    id = "AMI213"
    name = "volume-size-out-of-range"
    summary = "`VolumeSize` outside the range of its volume type"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        ("Amazon EBS volume types", "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"),
    )
    help_reference = 1

    needs = ("BlockDeviceMappings.Ebs.VolumeSize",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        types = ctx.limits.volume_types
        if not types:
            return
        widest = (min(t.size_min for t in types.values()), max(t.size_max for t in types.values()))
        for _device, ebs in ebs_volumes(request):
            found = int_entry(ebs, "VolumeSize")
            if found is None:
                continue
            entry, size = found
            vtype = volume_type(ebs, request)
            limits = type_limits(ctx.limits, vtype) if vtype is not None else None
            if limits is not None:
                low, high = limits.size_min, limits.size_max
                needs = f"`{vtype}` needs {value_range(low, high)} GiB"
            elif "VolumeType" not in ebs:
                low, high = widest
                bound = f"less than {low}" if size < low else f"more than {high}"
                needs = f"no volume type allows {bound} GiB"
            else:
                continue
            hint = range_fix("VolumeSize", size, low, high)
            if hint is None:
                continue
            yield self.report(entry.value, f"{member('VolumeSize')} is `{size}` but {needs}", hint)


RULE = VolumeSizeOutOfRange()
