"""## What it does
Warns about a `DeviceName` that is not one of the device names the EC2
documentation lists for Linux or Windows instances: `/dev/sd[a-z]` with an
optional partition number 1-15 (`/dev/sda1`), `/dev/xvd[a-z]`,
`/dev/xvd[a-z][a-z]` (`/dev/xvdba`), `/dev/xvd[a-z]` with a partition number
1-15 (`/dev/xvda1`, the root of paravirtual images), and on Windows
`xvd[a-z]` and `xvd[a-z][a-z]` (`xvdb`, `xvdca`). NVMe names
(`/dev/nvme1n1`) are not accepted: the instance's kernel assigns them, and a
block device mapping names the device as `/dev/sd…` or `/dev/xvd…` whatever
the instance type. A value that is not known (a shell variable) is not
checked.

## Why is this bad?
EC2 accepts only some device names, and which ones it accepts depends on
the virtualization type and the platform; a typo (`/dev/sbd`, `/dev/xdvf`,
`dev/sdf`) is rejected at registration or produces a volume the operating
system does not find where the scripts expect it.

## Example
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/nvme1n1", "Ebs": {"VolumeSize": 100}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import block_devices, string_value
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

_PARTITION = r"(?:[1-9]|1[0-5])"
# The documented names, as a pattern (for the reader and the tests).
DOCUMENTED = (
    rf"/dev/sd[a-z]{_PARTITION}?"  # Linux, and /dev/sda1 as the Windows root
    rf"|/dev/xvd[a-z][a-z]?"
    rf"|/dev/xvd[a-z]{_PARTITION}"
    r"|xvd[a-z][a-z]?"  # Windows
)
_PARTITIONS = frozenset(str(number) for number in range(1, 16))
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def documented(name: str) -> bool:
    """Whether `DOCUMENTED` matches all of `name`, without `re` (not on a
    typical run's path, issue 20): a prefix, a letter, then what may follow
    that prefix's letter."""
    for prefix, tails in _TAILS:
        if name.startswith(prefix):
            letter, tail = name[len(prefix) : len(prefix) + 1], name[len(prefix) + 1 :]
            return letter in _LETTERS and (tail == "" or tail in tails)
    return False


# Each prefix and what may follow its letter, besides nothing.
_TAILS = (
    ("/dev/sd", _PARTITIONS),
    ("/dev/xvd", _LETTERS | _PARTITIONS),
    ("xvd", _LETTERS),
)


class UnusualDeviceName(Rule):
    id = "AMI204"
    name = "unusual-device-name"
    summary = "A `DeviceName` that is not a documented Linux or Windows device name"
    severity = Severity.WARNING
    references = (
        (
            "Device names for volumes on Amazon EC2 instances",
            "https://docs.aws.amazon.com/ebs/latest/userguide/device_naming.html",
        ),
    )

    needs = ("BlockDeviceMappings.DeviceName",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        reported: list[Finding] = []
        for device in block_devices(request):
            node = device.mapping.get("DeviceName")
            name = string_value(node)
            if node is None or name is None or documented(name):
                continue
            hint = "Use a documented name such as `/dev/sdf` or `/dev/xvdf` (Linux) or `xvdf` (Windows)"
            if name.startswith("/dev/nvme"):
                hint += "; NVMe names are assigned by the instance's kernel"
            reported.append(
                self.report(
                    node,
                    f"{member('DeviceName')} is `{name}`, which is not a documented EC2 device name",
                    hint,
                )
            )
        return reported


RULE = UnusualDeviceName()
