"""## What it does
Reports a `VirtualName` that is not `ephemeral` followed by a number
(`ephemeral0`, `ephemeral1`, …), the only form the API accepts for an
instance store volume.

## Why is this bad?
The reference page says: "The virtual device name (`ephemeral`N). Instance
store volumes are numbered starting from 0." Any other value (`ephemeral`,
`eph0`, `instance-store-0`, `Ephemeral0`) is rejected by EC2.

Beside `Ebs`, a `VirtualName` that names no instance store volume is a label
EC2 ignores (widely followed guides, Talos's and Garden Linux's among them,
register working images with `VirtualName=talos` on the root volume): not
reported.

## Example
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    VirtualName: ephemeral-0
```

## Use instead
```yaml
Name: web-2024-06-01
BlockDeviceMappings:
  - DeviceName: /dev/sdb
    VirtualName: ephemeral0
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import block_devices, ignored_virtual_name, is_instance_store_name, string_value
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class InvalidVirtualName(Rule):
    id = "AMI205"
    name = "invalid-virtual-name"
    summary = "A `VirtualName` that is not `ephemeral<N>`"
    severity = Severity.ERROR
    references = (
        (
            "BlockDeviceMapping",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html",
        ),
    )

    needs = ("BlockDeviceMappings.VirtualName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for device in block_devices(request):
            node = device.mapping.get("VirtualName")
            value = string_value(node)
            if node is None or value is None or is_instance_store_name(value):
                continue
            if ignored_virtual_name(device.mapping):
                continue  # a label beside `Ebs`, which EC2 ignores
            yield self.report(
                node,
                f"{member('VirtualName')} is `{value}` but must be `ephemeral<N>`",
                "Name instance store volumes `ephemeral0`, `ephemeral1`, … in order",
            )


RULE = InvalidVirtualName()
