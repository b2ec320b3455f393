"""## What it does
Reports every key that is not a member of the RegisterImage request at its
level (top level, a block device mapping, its `Ebs`, a tag
specification, a tag), and suggests the closest valid name. Keys are case
sensitive.

## Why is this bad?
The CLI rejects the whole request with `Unknown parameter` before sending
it, so a typo fails the pipeline late; and a misspelt optional key is never
what you meant.

## Example
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeSzie": 8}}
  ]
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeSize": 8}}
  ]
}
```

## Fix safety
Unsafe: the fix renames the key or option to the name suggested in the
hint (`VolumeTyp` to `VolumeType`, `--architechture` to `--architecture`),
which is a guess from the spelling: the value then takes effect, which may
not be what was meant. Only offered when there is a suggestion, the key is
written as it reads (no escape), and no key of that name is there already.
In Terraform and Packer (HCL and JSON) the argument, block type or option
is renamed to the tool's name the hint gives (`virtualisation_type` to
`virtualization_type`); in boto3, Go and JavaScript/TypeScript the keyword,
key, field or property to the API's name, which those SDKs use (a Go field
`SnapshotID` to `SnapshotId`), where it is written as a key (a keyword, a
dict key, `params["kernel_id"] = …`, a field, a property), never in a
string a variable holds.
Terraform's arguments the provider computes (`arn`, `tags_all`) are
removed with their lines, when nothing but blanks is beside them.
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class UnknownParameter(Rule):
    id = "AMI101"
    name = "unknown-parameter"
    summary = "A key that RegisterImage does not have, at any level"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
    )


RULE = UnknownParameter()
