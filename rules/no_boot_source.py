"""## What it does
Reports a request that has neither `ImageLocation` nor a `SnapshotId` in any
block device mapping, at the request. When `RootDeviceName` names a mapping
that lacks the snapshot, AMI303 reports that mapping instead, so the mistake is
reported once, where it is.

## Why is this bad?
An image boots either from a bundle in S3 (`ImageLocation`) or from the
snapshot of its root device volume. Without either there is nothing to boot:
EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 100}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "ImdsSupport": "v2.0", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 100}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import is_ebs_backed, known_string, mappings
from ami_lint.model import Request
from ami_lint.nodes import Unknown
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class NoBootSource(Rule):
    id = "AMI301"
    name = "no-boot-source"
    summary = "Neither `ImageLocation` nor a root-device mapping with a `SnapshotId`"
    severity = Severity.ERROR
    references = (
        ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
        (
            "Create an AMI from a snapshot",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if request.open_ended or not is_ebs_backed(request):
            return ()
        found = mappings(request)
        if not found.complete or found.snapshot_backed():
            return ()
        if isinstance(request.get("RootDeviceName"), Unknown):
            return ()
        root = known_string(request, "RootDeviceName")
        if root is not None and found.root(root) is not None:
            return ()  # AMI303 reports the root device's mapping
        return [
            self.report(
                request.root,
                f"No boot source: neither {member('ImageLocation')} nor "
                f"a {member('SnapshotId')} on the root device's mapping",
                f"Map {member('RootDeviceName')} to an {member('Ebs')} "
                f"volume with the root snapshot's {member('SnapshotId')}, "
                f"or give the bundle's {member('ImageLocation')}",
            )
        ]


RULE = NoBootSource()
