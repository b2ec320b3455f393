"""## What it does
Reports `KernelId` and `RamdiskId` on an image whose `VirtualizationType` is
`hvm`, at each of them. Only their presence matters, so a value taken from a
shell variable is reported too.

## Why is this bad?
An HVM image boots like a physical machine, with the boot loader and kernel of
its own root volume. AKIs and ARIs (`aki-…`, `ari-…`) are the PV-GRUB kernels
and RAM disks of paravirtual images: EC2 rejects them on an HVM image.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "KernelId": "aki-88aa75e1", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.image import virtualization
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class KernelRamdiskWithHvm(Rule):
    id = "AMI310"
    name = "kernel-ramdisk-with-hvm"
    summary = "`KernelId` or `RamdiskId` on an HVM image"
    severity = Severity.ERROR
    references = (
        (
            "Virtualization types",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ComponentsAMIs.html#virtualization_types",
        ),
        ("User provided kernels", "https://docs.aws.amazon.com/linux/al2/ug/UserProvidedKernels.html"),
    )

    needs = ("KernelId", "RamdiskId")

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if virtualization(request).value != "hvm":
            return
        for key in ("KernelId", "RamdiskId"):
            node = request.get(key)
            if node is None:
                continue
            shown = f"`{node.value}`" if isinstance(node, Scalar) else "given"
            yield self.report(
                node,
                f"{member(key)} is {shown} but {member('VirtualizationType')} "
                "is `hvm`, which boots its own kernel",
                f"Remove {member(key)}: an HVM image boots the kernel on its root volume",
            )


RULE = KernelRamdiskWithHvm()
