"""## What it does
Reports an EBS-backed request (one without `ImageLocation`) that has no
`Architecture`, once, at the request. A request for an AWS Snow device (a
`VolumeType` of `sbp1` or `sbg1`) or sent to an endpoint outside AWS (an
`--endpoint-url` such as a Snow device's `http://192.168.1.2:8008` or an
emulator's `http://localhost:4566`) is not checked: that EC2 has its own
defaults. Neither is a request sent by a tool that fills in an architecture
of its own (Terraform's AWS provider sends `x86_64`).

## Why is this bad?
The reference page says of `--architecture`: "Default: For Amazon EBS-backed
AMIs, i386." An image built from an `x86_64` or `arm64` snapshot registers as
a 32-bit image, and instances launched from it do not boot.

## Example
```json
{"Name": "web-2024-06-01", "VirtualizationType": "hvm", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import is_snow_request
from ami_lint.image import DEFAULT_ARCHITECTURE, is_ebs_backed, missing, sent_default
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class ArchitectureDefaulted(Rule):
    id = "AMI305"
    name = "architecture-defaulted"
    summary = "No `Architecture` on an EBS-backed image: it becomes `i386`"
    severity = Severity.WARNING
    references = (
        ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if sent_default(request, "Architecture") is not None:
            return ()  # the tool that sends the request sends its own (Terraform's provider: `x86_64`)
        if not missing(request, "Architecture") or not is_ebs_backed(request) or is_snow_request(request):
            return ()
        return [
            self.report(
                request.root,
                f"No {member('Architecture')}: an EBS-backed image defaults to `{DEFAULT_ARCHITECTURE}`",
                f"Set {member('Architecture')} to the snapshot's architecture (`x86_64` or `arm64`)",
            )
        ]


RULE = ArchitectureDefaulted()
