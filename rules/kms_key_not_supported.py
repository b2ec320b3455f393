"""## What it does
Reports `KmsKeyId` in a block device mapping of a register-image request, at
the key.

## Why is this bad?
The reference page says of `KmsKeyId`: "This parameter is only supported on
`BlockDeviceMapping` objects called by RunInstances, RequestSpotFleet, and
RequestSpotInstances." The CLI accepts the key because the request shape is
shared with those calls; RegisterImage rejects it. The volumes of an image
registered from a snapshot take that snapshot's key.

## Example
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                          "Ebs": {"SnapshotId": "snap-0db2cf683925d191f",
                                  "KmsKeyId": "alias/ami-key"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                          "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class KmsKeyNotSupported(Rule):
    id = "AMI217"
    name = "kms-key-not-supported"
    summary = "`KmsKeyId` is only for RunInstances and Spot requests, not RegisterImage"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "Use encryption with EBS-backed AMIs",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html",
        ),
    )

    needs = ("BlockDeviceMappings.Ebs.KmsKeyId",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            entry = ebs.entry("KmsKeyId")
            if entry is not None:
                yield self.report(
                    entry.key,
                    f"{member('KmsKeyId')} is not supported by RegisterImage",
                    f"Remove {member('KmsKeyId')}; to use your own key, copy the snapshot with "
                    "`aws ec2 copy-snapshot --encrypted --kms-key-id` and register that copy",
                )


RULE = KmsKeyNotSupported()
