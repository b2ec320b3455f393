"""## What it does
Reports a `RootDeviceName` that is the `DeviceName` of no block device mapping,
at the `RootDeviceName` value. Images with an `ImageLocation` are not checked:
their root device comes from the bundle's manifest. A root device that is a
partition of a mapped disk (`/dev/sda1` with a mapping for `/dev/sda`, the
layout of PV-GRUB images) is the mapped disk's first partition, not a
mismatch.

## Why is this bad?
The root device of an EBS-backed image is the mapping whose `DeviceName` equals
`RootDeviceName`; that mapping carries the snapshot the image boots from. A
name that matches no mapping (`/dev/sda1` for `/dev/xvda`) leaves the image
without a root volume, and EC2 rejects the request. A request with no mappings
at all is AMI301's.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/sda1
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs: {SnapshotId: snap-0db2cf683925d191f}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import is_ebs_backed, mappings
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class RootDeviceNotMapped(Rule):
    id = "AMI302"
    name = "root-device-not-mapped"
    summary = "`RootDeviceName` matches no mapping's `DeviceName`"
    severity = Severity.ERROR
    references = (
        (
            "Block device mappings",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-device-mapping-concepts.html",
        ),
    )

    needs = ("RootDeviceName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("RootDeviceName")
        if not isinstance(node, Scalar) or not isinstance(node.value, str) or not is_ebs_backed(request):
            return ()
        found = mappings(request)
        # Without any mapping there is no boot source at all: AMI301's report.
        if not found.complete or not found.devices or found.root(node.value) is not None:
            return ()
        if any(name is None for name, _ in found.devices):
            return ()  # a mapping without a known DeviceName may be the root
        mapped = ", ".join(f"`{name}`" for name, _ in found.devices)
        return [
            self.report(
                node,
                f"{member('RootDeviceName')} is `{node.value}` but no "
                f"mapping has that {member('DeviceName')} (mapped: {mapped})",
                f"Set {member('RootDeviceName')} to the {member('DeviceName')} "
                "of the mapping with the root snapshot",
            )
        ]


RULE = RootDeviceNotMapped()
