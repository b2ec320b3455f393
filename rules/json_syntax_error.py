"""## What it does
Reports JSON that the AWS CLI cannot decode, at the exact character where
Python's `json` decoder, which the CLI uses, gives up. A UTF-8 byte order
mark at the start of a JSON file is reported too: the CLI reads the file
without stripping it and fails with `Unexpected UTF-8 BOM`.

## Why is this bad?
The CLI stops with `Error parsing parameter 'cli-input-json': Invalid JSON`
before it sends anything, usually late in a pipeline, and its message gives
only a character offset.

## Example
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64",
}
```

## Use instead
```json
{
  "Name": "web-2024-06-01",
  "Architecture": "x86_64"
}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class JsonSyntaxError(Rule):
    id = "AMI001"
    name = "json-syntax-error"
    summary = "Invalid JSON in a request, an inline value or a referenced file"
    severity = Severity.ERROR
    kind = KIND_INPUT
    references = (
        (
            "Generating skeletons and input files",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
        ),
    )


RULE = JsonSyntaxError()
