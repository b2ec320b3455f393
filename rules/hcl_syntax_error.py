"""## What it does
Reports HCL that Terraform (or Packer) cannot parse, in a file that
registers an image: a block whose `{` is never closed (at that brace), a
string not closed on its line, an argument with no value, text the grammar
does not expect, an argument set twice in one block. The blocks that parse
are still checked.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the first syntax error,
before anything is registered; a missing `}` is often reported by Terraform
at the end of the file, far from the block that lacks it.

## Example
```hcl
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"
```

## Use instead
```hcl
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"
}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class HclSyntaxError(Rule):
    id = "AMI007"
    name = "hcl-syntax-error"
    summary = "Invalid HCL in a Terraform or Packer file that registers an image"
    severity = Severity.ERROR
    kind = KIND_INPUT
    references = (
        ("HCL native syntax specification", "https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md"),
        (
            "Terraform configuration syntax",
            "https://developer.hashicorp.com/terraform/language/syntax/configuration",
        ),
    )


RULE = HclSyntaxError()
