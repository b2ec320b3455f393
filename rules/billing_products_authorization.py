"""## What it does
Reports `BillingProducts`, at its value, as information.

## Why is this bad?
The reference page says: "Your account must be authorized to specify billing
product codes." Most accounts are not, and their request fails; to sell an
image, publish it through AWS Marketplace instead. To keep the billing code of
Windows, RHEL or SLES, create the image from an instance (`create-image`)
rather than registering a snapshot.

## Example
```json
{"Name": "web-2024-06-01", "BillingProducts": ["bp-6ba54002"],
 "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```

## Use instead
```json
{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class BillingProductsAuthorization(Rule):
    id = "AMI318"
    name = "billing-products-authorization"
    summary = "`BillingProducts` needs an account authorised for billing product codes"
    severity = Severity.INFO
    references = (
        ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
        (
            "Understand AMI billing information",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-billing-info.html",
        ),
    )
    help_reference = 1

    needs = ("BillingProducts",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        node = request.get("BillingProducts")
        if node is not None:
            yield self.report(
                node,
                f"{member('BillingProducts')} is given: only accounts "
                "authorised for billing product codes may set it",
                f"Remove {member('BillingProducts')} unless the "
                "account is authorised; sell through AWS Marketplace",
            )


RULE = BillingProductsAuthorization()
