"""## What it does
Reports the second and every later occurrence of a key in one JSON object.

## Why is this bad?
JSON allows it and the CLI's decoder keeps only the last value without a
word, so the first value you see when reading the file is not the one that
is sent.

## Example
```json
{"Name": "web-2024-06-01", "Architecture": "x86_64", "Architecture": "arm64"}
```

## Use instead
```json
{"Name": "web-2024-06-01", "Architecture": "arm64"}
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class DuplicateJsonKey(Rule):
    id = "AMI006"
    name = "duplicate-json-key"
    summary = "A key given twice in one JSON object; the CLI silently keeps the last"
    severity = Severity.WARNING
    kind = KIND_INPUT
    references = (
        (
            "Python `json`: repeated names within an object",
            "https://docs.python.org/3/library/json.html#repeated-names-within-an-object",
        ),
    )


RULE = DuplicateJsonKey()
