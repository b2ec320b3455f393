"""## What it does
Reports a request without `RootDeviceName` whose block device mappings include
one with a `SnapshotId`, once, at the request. Images with an `ImageLocation`
are not checked: their root device comes from the bundle's manifest.

## Why is this bad?
Which snapshot-backed mapping is the root volume is not guessed from the
mappings: without `RootDeviceName` the image either fails to register or gets
a root device name that does not match the snapshot it should boot from.

## Example
```yaml
Name: web-2024-06-01
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
from ami_lint.image import is_ebs_backed, mappings, missing
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class RootDeviceNameMissing(Rule):
    id = "AMI304"
    name = "root-device-name-missing"
    summary = "Snapshot-backed mappings but no `RootDeviceName`"
    severity = Severity.WARNING
    references = (
        ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if not missing(request, "RootDeviceName") or not is_ebs_backed(request):
            return ()
        backed = mappings(request).snapshot_backed()
        if not backed:
            return ()
        name = next((d for d, _ in backed if d is not None), None)
        example = f" (`{name}` if that is the root volume)" if name else ""
        return [
            self.report(
                request.root,
                f"No {member('RootDeviceName')} for an image with snapshot-backed mappings",
                f"Set {member('RootDeviceName')} to the {member('DeviceName')} "
                f"of the root volume's mapping{example}",
            )
        ]


RULE = RootDeviceNameMissing()
