"""## What it does
Reports `EnaSupport` `true` on a paravirtual image, at `EnaSupport`: one whose
`VirtualizationType` is written as `paravirtual` (this error then replaces
AMI307's warning), or left to that default by a request with a `KernelId` or
`RamdiskId`. With no `VirtualizationType` and nothing else saying PV, AMI306
reports the default and names `EnaSupport`: real requests like that register
HVM images, so whether EC2 keeps the documented default there is not certain
enough for an error.

## Why is this bad?
The reference page says of `--ena-support`: "This option is supported only for
HVM AMIs. Specifying this option with a PV AMI can make instances launched from
the AMI unreachable."

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "paravirtual",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web-2024-06-01 --virtualization-type paravirtual --ena-support \\
    --image-location my-s3-bucket/web/image.manifest.xml
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

```sh
aws ec2 register-image --name web-2024-06-01 --virtualization-type hvm --ena-support \\
    --image-location my-s3-bucket/web/image.manifest.xml
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import is_true, surely_paravirtual, virtualization
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member, value


class EnaRequiresHvm(Rule):
    id = "AMI308"
    name = "ena-requires-hvm"
    summary = "`EnaSupport` on a paravirtual image"
    severity = Severity.ERROR
    references = (
        (
            "Enable enhanced networking with ENA",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html",
        ),
    )

    needs = ("EnaSupport",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("EnaSupport")
        virt = virtualization(request)
        if node is None or not is_true(node) or not surely_paravirtual(request):
            return ()
        return [
            self.report(
                node,
                f"{member('EnaSupport')} is {value(True)} but "
                f"{virt.phrase()}: ENA is supported only for HVM images",
                f"Set {member('VirtualizationType')} to `hvm`",
            )
        ]


RULE = EnaRequiresHvm()
