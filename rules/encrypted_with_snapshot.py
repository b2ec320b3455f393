"""## What it does
Reports `Encrypted` on an `Ebs` object that also has a `SnapshotId`, at the
`Encrypted` key, whatever its value. A `SnapshotId` counts even when its
value is not known (a shell variable): the key alone decides.

## Why is this bad?
The reference page says: "If you are creating a block device mapping from an
existing encrypted or unencrypted snapshot, you must omit this parameter. If
you include this parameter, the request will fail, regardless of the value
that you specify." The volume takes the snapshot's encryption state (or
account-level encryption by default); to change it, copy the snapshot with
encryption first.

## Example
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,Encrypted=true}
```

## Use instead
```shorthand block-device-mappings
DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}
```

## Fix safety
Unsafe: the fix removes the `Encrypted` key (with one separator) from the
mapping, so the volume takes the snapshot's encryption state, which may not
be the state the user wanted (the hint says how to get another). Not
offered when the key is the mapping's only one, or a comment or line
continuation stands next to it. In Terraform and Packer HCL the
`encrypted` argument is removed with its whole line, when nothing but
blanks is beside it (a comment there withholds the fix): with a
`snapshot_id` the provider stops at apply ("can't set both 'snapshot_id'
and 'encrypted'"), and dropping it is what the rule suggests; in their JSON
syntax, in boto3 and in JavaScript/TypeScript, with one comma as in JSON;
in Go, an element `Encrypted: aws.Bool(true),` alone on its line, with
that line.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import ebs_volumes
from ami_lint.edits import fix, remove_entry
from ami_lint.model import Request
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class EncryptedWithSnapshot(Rule):
    id = "AMI216"
    name = "encrypted-with-snapshot"
    summary = "`Encrypted` on a mapping with a `SnapshotId`: the request fails whatever the value"
    severity = Severity.ERROR
    references = (
        ("EbsBlockDevice", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html"),
        (
            "Use encryption with EBS-backed AMIs",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html",
        ),
    )

    needs = ("BlockDeviceMappings.Ebs.Encrypted",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        for _device, ebs in ebs_volumes(request):
            entry = ebs.entry("Encrypted")
            if entry is None or "SnapshotId" not in ebs:
                continue
            yield self.report(
                entry.key,
                f"{member('Encrypted')} is given with {member('SnapshotId')}: "
                "the request fails whatever its value",
                f"Remove {member('Encrypted')}; the volume takes the snapshot's encryption state "
                # `--encrypted` is copy-snapshot's option: no help to a tool's configuration.
                + (
                    "(copy the snapshot encrypted to change it)"
                    if request.sender is not None
                    else "(copy the snapshot with `--encrypted` to change it)"
                ),
                fix=fix(f"Remove {member('Encrypted')}", [remove_entry(ebs, entry)], safe=False),
            )


RULE = EncryptedWithSnapshot()
