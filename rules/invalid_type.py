"""## What it does
Reports a value whose type is not the one the API model gives: a string or
a float where an integer goes, a string where a boolean goes, a scalar
where a list or an object goes. In YAML, `yes`, `no`, `on` and `off`
are strings (the CLI v2 reads YAML 1.2), so they get a hint to write
`true` or `false`.

## Why is this bad?
The CLI validates types before sending and fails with `Invalid type for
parameter`.

## Example
```yaml
Name: web-2024-06-01
EnaSupport: yes
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      VolumeSize: "8"
```

## Use instead
```yaml
Name: web-2024-06-01
EnaSupport: true
BlockDeviceMappings:
  - DeviceName: /dev/xvda
    Ebs:
      VolumeSize: 8
```

## Fix safety
Safe, for three mistakes whose meaning is plain: a YAML 1.1 boolean written
bare (`yes`, `no`, `on`, `off`: `true` or `false`), a boolean in quotes
(`"true"`: `true`) and a whole number in quotes (`"8"`: `8`). The value the
user meant is written as the type the API takes; nothing else changes. No
fix is offered where the quotes are escapes of a host (JSON in a
double-quoted shell word), nor for any other type mistake. In boto3 and
JavaScript/TypeScript code the value is written in their syntax (`True`,
`true`, `8`), in Terraform and Packer as HCL or JSON writes it (both
tools convert `"true"` and `"8"` themselves, so the rule seldom fires
there); never in Go, whose fields take typed values (`aws.Bool(true)`),
nor for a value from a variable defined elsewhere.
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_SCHEMA, Rule


class InvalidType(Rule):
    id = "AMI103"
    name = "invalid-type"
    summary = 'A value of the wrong type (string for integer, `"true"` for boolean, scalar for list)'
    severity = Severity.ERROR
    kind = KIND_SCHEMA
    references = (
        (
            "RegisterImage API reference",
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html",
        ),
        ("YAML 1.2 core schema", "https://yaml.org/spec/1.2.2/#1032-tag-resolution"),
    )


RULE = InvalidType()
