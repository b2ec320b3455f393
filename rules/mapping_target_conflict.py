"""## What it does
Checks that every block device mapping says what the device is with exactly
one of `Ebs` (an EBS volume), `VirtualName` (an instance store volume) or
`NoDevice` (suppress a device the image would otherwise map). A mapping with
two of them is reported at the second one, naming the first; a mapping with
none of them is reported as a whole.

## Why is this bad?
The three keys are alternatives: a device cannot be an EBS volume and an
instance store volume at once, and `NoDevice` removes the device whatever
else the mapping says. EC2 rejects such a mapping when the image is
registered or, worse, when an instance is launched from it.

A `VirtualName` beside `Ebs` that names no instance store volume
(`VirtualName=talos`, not `ephemeral0`) is a label EC2 ignores: widely
followed guides register working images that way, so it is not reported.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0", "Ebs": {"VolumeSize": 100}}]}
```

```shorthand block-device-mappings
DeviceName=/dev/sdc
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 100}},
                         {"DeviceName": "/dev/sdc", "VirtualName": "ephemeral0"}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import block_devices, ignored_virtual_name
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

TARGETS = ("Ebs", "VirtualName", "NoDevice")


class MappingTargetConflict(Rule):
    id = "AMI201"
    name = "mapping-target-conflict"
    summary = "A block device mapping needs exactly one of `Ebs`, `VirtualName` and `NoDevice`"
    severity = Severity.ERROR
    references = (
        (
            "Block device mappings",
            "https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html",
        ),
        (
            "BlockDeviceMapping",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
        ),
    )
    help_reference = 1

    needs = ("BlockDeviceMappings",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        reported: list[Finding] = []
        for device in block_devices(request):
            # A loop, not `sum` of a generator: every device of every request comes here.
            targets = 0
            for target in TARGETS:
                if target in device.mapping:
                    targets += 1
            if targets == 1:
                continue  # one target (a `VirtualName` alone is no label): nothing to say
            present = [e for e in device.mapping.entries if e.name in TARGETS]
            if ignored_virtual_name(device.mapping):  # a label EC2 ignores, not a target
                present = [e for e in present if e.name != "VirtualName"]
            names = {e.name for e in present}
            if not present:
                reported.append(
                    self.report(
                        device.mapping,
                        f"{device.member()} has none of {member('Ebs')}, "
                        f"{member('VirtualName')} or {member('NoDevice')}",
                        f"Add {member('Ebs')} for an EBS volume, "
                        f"{member('VirtualName')} for an instance store volume "
                        f"or {member('NoDevice')} to suppress the device",
                    )
                )
            elif len(names) > 1:
                first = present[0]
                for entry in present[1:]:
                    if entry.name == first.name:
                        continue
                    reported.append(
                        self.report(
                            entry.key,
                            f"{member(entry.name)} conflicts with {member(first.name)} in the same mapping",
                            f"Keep only one of {member('Ebs')}, {member('VirtualName')} "
                            f"and {member('NoDevice')} in a mapping",
                        )
                    )
        return reported


RULE = MappingTargetConflict()
