"""## What it does
Reports `OutpostArn` in a block device mapping of a register-image request,
at the key.

## Why is this bad?
The CLI reference page says of `OutpostArn`: "This parameter is only
supported on `BlockDeviceMapping` objects called by CreateImage." The
request shape is shared with CreateImage, so the CLI accepts the key, but
RegisterImage does not take it. (The botocore model's own text says the
opposite, "not supported when using CreateImage"; the two sources disagree,
and this rule follows the reference page.) An image registered on an Outpost
takes the Outpost from its snapshots.

## Example
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      SnapshotId: snap-0db2cf683925d191f
      OutpostArn: arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0
```

## Use instead
```yaml
Name: web-2024-06-01
RootDeviceName: /dev/xvda
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      SnapshotId: snap-0db2cf683925d191f
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class OutpostArnNotSupported(Rule):
    id = "AMI218"
    name = "outpost-arn-not-supported"
    summary = "`OutpostArn` is only for CreateImage"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "Amazon EBS local snapshots on Outposts",
            "https://docs.aws.amazon.com/ebs/latest/userguide/snapshots-outposts.html",
        ),
    )

    needs = ("BlockDeviceMappings.Ebs.OutpostArn",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            entry = ebs.entry("OutpostArn")
            if entry is not None:
                yield self.report(
                    entry.key,
                    f"{member('OutpostArn')} is not supported by RegisterImage",
                    f"Remove {member('OutpostArn')}; the image takes the Outpost of its snapshots",
                )


RULE = OutpostArnNotSupported()
