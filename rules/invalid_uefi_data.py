"""## What it does
Reports a `UefiData` value that is not valid base64, at its first character
outside the base64 alphabet (letters, digits, `+` and `/`, with `=` padding
only at the end), or at the whole value when the padding is wrong.
Whitespace and line breaks count as invalid: EC2 decodes the value strictly.

## Why is this bad?
`UefiData` is the "Base64 representation of the non-volatile UEFI variable
store", as `get-instance-uefi-data` returns it. A truncated, re-wrapped or
URL-safe (`-`, `_`) value is rejected.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "BootMode": "uefi", "UefiData": "QU1a-VjE=",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm",
 "EnaSupport": true, "BootMode": "uefi", "UefiData": "QU1a+VjE",
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

# What `base64.b64decode(..., validate=True)` accepts before it checks padding.
ALPHABET = r"[A-Za-z0-9+/]*={0,2}"  # compiled (and cached by `re`) when first used


class InvalidUefiData(Rule):
    id = "AMI314"
    name = "invalid-uefi-data"
    summary = "`UefiData` that is not valid base64"
    severity = Severity.ERROR
    references = (
        ("UEFI variables", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/uefi-variables.html"),
        (
            "GetInstanceUefiData",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetInstanceUefiData.html",
        ),
    )

    needs = ("UefiData",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("UefiData")
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            return
        value = node.value
        # Imported here: few requests have `UefiData` (start-up, issue 20).
        import base64
        import binascii
        import re

        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            bad = re.match(ALPHABET, value)
            at = bad.end() if bad else 0
            if at < len(value):
                shown = value[at].encode("unicode_escape").decode("ascii")
                yield self.report(
                    (node, node.inner_span(at, at + 1)),
                    f"{member('UefiData')} is not valid base64: `{shown}` at character {at + 1}",
                    "Pass the base64 text that `get-instance-uefi-data` returns, unchanged",
                )
            else:
                reason = str(error).rstrip(".")
                yield self.report(
                    node,
                    f"{member('UefiData')} is not valid base64: {reason[:1].lower()}{reason[1:]}",
                    "Pass the base64 text that `get-instance-uefi-data` returns, unchanged",
                )


RULE = InvalidUefiData()
