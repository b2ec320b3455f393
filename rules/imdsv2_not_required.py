"""## What it does
Reports a request without `ImdsSupport`, once, at the request. Another value
than `v2.0` is AMI104's concern.

## Why is this bad?
With `ImdsSupport` `v2.0`, instances launched from the image have `HttpTokens`
set to `required`: they accept only IMDSv2, whose session tokens protect the
instance credentials against server-side request forgery. Without it, every
instance accepts IMDSv1 unless each launch turns it off.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "ImdsSupport": "v2.0", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## References
- [Configure the AMI to use IMDSv2](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html#configure-IMDS-new-instances-ami-configuration)
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import missing
from ami_lint.model import Request
from ami_lint.rule import Context, Rule


class Imdsv2NotRequired(Rule):
    id = "AMI316"
    name = "imdsv2-not-required"
    summary = "No `ImdsSupport` `v2.0`: instances from the image accept IMDSv1"
    severity = Severity.WARNING
    references = (
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html"
        "#configure-IMDS-new-instances-ami-configuration",
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if missing(request, "ImdsSupport"):
            yield self.report(
                request.root,
                "No `ImdsSupport`: instances from this image accept IMDSv1",
                "Set `ImdsSupport` to `v2.0` once the image's software supports IMDSv2",
            )


RULE = Imdsv2NotRequired()
