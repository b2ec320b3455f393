"""## What it does
Reports a value of `Architecture`, `BootMode`, `TpmSupport`,
`ImdsSupport`, `VolumeType`, `VirtualizationType` (`hvm` or
`paravirtual`), `SriovNetSupport` (`simple`) or a tag specification's
`ResourceType` that is not one of the allowed values. Values are case
sensitive. The hint gives the fix only when it is sure: a name other
tools use for a value (`amd64` and `x64` for `x86_64`, `aarch64` for
`arm64`, `i686` for `i386`, `bios` for `legacy-bios`, `v2` for `v2.0`,
`pv` for `paravirtual`: the table is `ami_lint/data/enum_aliases.yaml`),
the value in another case (`HVM`, `GP3`) or punctuation (`uefi_preferred`),
or one value a single typo away (two in a value over six characters).
A value further from every choice gets no guess (`amd64` is not `arm64`).

## Why is this bad?
The API rejects the request with `InvalidParameterValue`; the CLI does
not check enumerations locally, so the mistake surfaces only when the
pipeline calls AWS.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "amd64", "VirtualizationType": "HVM"}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "VirtualizationType": "hvm"}
```

## Fix safety
Safe when the hint is sure: a known alias (`amd64`: `x86_64`), the value in
another case (`HVM`: `hvm`) or other punctuation (`uefi_preferred`). Unsafe
when the suggestion is a value one or two typos away, which is a guess. No
fix is offered when the hint offers no value, or where the value is not
written as it reads (an escape in it). In Terraform, Packer and SDK code
(boto3, Go, JavaScript/TypeScript) the characters are replaced only inside
a quoted literal (`"amd64"`, `types.ArchitectureValues("amd64")`): not in a
Go enum constant, an f-string's or template's part, a heredoc, a number
the tool converts to a string, nor a value from a variable defined
elsewhere (its other uses may need it as it is).
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class InvalidEnumValue(Rule):
    id = "AMI104"
    name = "invalid-enum-value"
    summary = "A value outside the allowed set (Architecture, BootMode, VolumeType, VirtualizationType, ...)"
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
    )


RULE = InvalidEnumValue()
