"""## What it does
Reports a request without `ImdsSupport`, once, at the request. Another value
than `v2.0` is AMI104's concern. Off by default: requiring IMDSv2 is a
hardening policy, not a defect of the request. On an image whose software
speaks only IMDSv1 (an old SDK or agent, cloud-init of a legacy distribution)
`v2.0` breaks every instance launched from it, so only the team that knows
its images can turn it on (see Options).

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

## Options
Off by default. Add it to the rules on by default on the command line
(`--select AMI316` alone runs only this rule):

```sh
ami-lint --select ALL,AMI316 images/
```

or for a whole tree in `.ami-lint.yaml` (`ALL` and prefixes such as `AMI3`
leave out the rules that are off by default; naming the id turns it on):

```yaml
select: [ALL, AMI316]
```

## Fix safety
Unsafe: the fix adds `--imds-support v2.0` at the end of the command, or
`ImdsSupport: v2.0` as the first key of a document, and instances from the
image then refuse IMDSv1, which software on the image may still use. The
rule is off by default; the fix applies only when it is selected.
Terraform and Packer get `imds_support = "v2.0"` on a line of its own
before the first argument, aligned with it (`"imds_support": "v2.0"` in
their JSON syntax); boto3 gets `ImdsSupport="v2.0"` (or a dict entry) and
JavaScript/TypeScript `ImdsSupport: "v2.0"`, on a line of their own when the
first argument begins its line. Go gets none: the field's type (`*string`
or an enum) depends on the SDK and its imports.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import Edit, Fix, add_first_entry, fix
from ami_lint.image import missing
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member


class Imdsv2NotRequired(Rule):
    id = "AMI316"
    name = "imdsv2-not-required"
    summary = "No `ImdsSupport` `v2.0`: instances from the image accept IMDSv1"
    severity = Severity.WARNING
    # A hardening policy (SPEC section 6): harmful on images that need IMDSv1.
    default_enabled = False
    references = (
        (
            "Configure the AMI to use IMDSv2",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html#configure-IMDS-new-instances-ami-configuration",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if missing(request, "ImdsSupport"):
            yield self.report(
                request.root,
                f"No {member('ImdsSupport')}: instances from this image accept IMDSv1",
                f"Set {member('ImdsSupport')} to `v2.0` once the image's software supports IMDSv2",
                fix=_fix(request),
            )


def _fix(request: Request) -> Fix | None:
    """`--imds-support v2.0` at the end of a command, or `ImdsSupport` first in a document."""
    edit: Edit | None
    if request.command is not None:
        from ami_lint.shell.fixes import append_words

        edit = append_words(request.command, "--imds-support v2.0")
    elif isinstance(request.root, Mapping):
        edit = add_first_entry(request.root, "ImdsSupport", "v2.0")
    else:
        edit = None
    return fix(f"Set {member('ImdsSupport')} to `v2.0`", [edit], safe=False)


RULE = Imdsv2NotRequired()
