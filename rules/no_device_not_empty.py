"""## What it does
Reports a `NoDevice` whose value is not the empty string.

## Why is this bad?
The reference page says: "To omit the device from the block device mapping,
specify an empty string. When this property is specified, the device is
removed from the block device mapping regardless of the assigned value."
So `NoDevice: "false"` or `NoDevice=no` does not keep the device, as it reads:
it removes it. Writing the documented empty string makes the intent plain.

## Example
```shorthand block-device-mappings
DeviceName=/dev/sdb,NoDevice=false
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/sdb,NoDevice=""
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import block_devices, string_value
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class NoDeviceNotEmpty(Rule):
    id = "AMI206"
    name = "no-device-not-empty"
    summary = "`NoDevice` must be the empty string"
    severity = Severity.ERROR
    references = (
        (
            "BlockDeviceMapping",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
        ),
    )

    needs = ("BlockDeviceMappings.NoDevice",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for device in block_devices(request):
            node = device.mapping.get("NoDevice")
            value = string_value(node)
            if node is None or not value:
                continue
            yield self.report(
                node,
                f"{member('NoDevice')} is `{value}` but must be the empty string",
                f'Set {member("NoDevice")} to `""`; it removes the device whatever its value',
            )


RULE = NoDeviceNotEmpty()
