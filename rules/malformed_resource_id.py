"""## What it does
Reports a `SnapshotId` that is not `snap-` followed by 8 or 17
lowercase hexadecimal digits, a `KernelId` (`aki-`) or `RamdiskId`
(`ari-`) of the wrong shape, and an `OutpostArn` that is not an
Outpost ARN.

## Why is this bad?
The API answers `InvalidSnapshotID.Malformed` or a similar error. A
truncated copy-paste or an AMI id where a snapshot id goes is a common
slip.

## Example
```json
{
  "Name": "web-2024-06-01",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "ami-0db2cf683925d191f"}}]
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]
}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class MalformedResourceId(Rule):
    id = "AMI107"
    name = "malformed-resource-id"
    summary = "A SnapshotId, KernelId, RamdiskId or OutpostArn that is not shaped like one"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (("Resource IDs", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html"),)


RULE = MalformedResourceId()
