"""## What it does
Reports the root device's mapping (the one whose `DeviceName` equals
`RootDeviceName`) when it has no `SnapshotId`, at its `Ebs` object, or at the
mapping when it has no `Ebs`. Images with an `ImageLocation` are not checked.

## Why is this bad?
An EBS-backed image boots from the snapshot of its root device volume, given in
the root device's mapping. An empty volume (`VolumeSize` alone), an instance
store volume or `NoDevice` holds no operating system: EC2 rejects the request.

## Example
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}},
                         {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 8}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import has_snapshot, is_ebs_backed, known_string, mappings
from ami_lint.model import Request
from ami_lint.nodes import Mapping, Unknown
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class RootVolumeWithoutSnapshot(Rule):
    id = "AMI303"
    name = "root-volume-without-snapshot"
    summary = "The root device's mapping has no `SnapshotId`"
    severity = Severity.ERROR
    references = (
        (
            "Create an AMI from a snapshot",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html#creating-launching-ami-from-snapshot",
        ),
    )

    needs = ("RootDeviceName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        root = known_string(request, "RootDeviceName")
        if root is None or not is_ebs_backed(request):
            return ()
        mapping = mappings(request).root(root)
        if mapping is None or has_snapshot(mapping):
            return ()
        ebs = mapping.get("Ebs")
        if isinstance(ebs, Unknown):
            return ()
        return [
            self.report(
                ebs if isinstance(ebs, Mapping) else mapping,
                f"The root device `{root}` has no {member('SnapshotId')} to boot from",
                f"Give the `{root}` mapping {member('Ebs')} with the root volume's {member('SnapshotId')}",
            )
        ]


RULE = RootVolumeWithoutSnapshot()
