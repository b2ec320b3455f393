"""## What it does
Reports YAML that the AWS CLI v2 cannot load for `--cli-input-yaml`: syntax
errors at the parser's problem mark, a key given twice in one mapping, a
stream of several documents, and explicit tags such as `!!python/object`
(ami-lint never constructs anything from a tag).

## Why is this bad?
The CLI v2 loads YAML 1.2 with a safe loader that rejects all of these, so
the command fails before any request is sent. A duplicate key is easy to
miss in review because most YAML tools silently keep the last value.

## Example
```yaml
Name: web-2024-06-01
Architecture: x86_64
Name: web-2024-06-02
```

## Use instead
```yaml
Name: web-2024-06-02
Architecture: x86_64
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class YamlSyntaxError(Rule):
    id = "AMI002"
    name = "yaml-syntax-error"
    summary = "Invalid YAML in a request, including duplicate keys and tags the CLI v2 loader rejects"
    severity = Severity.ERROR
    kind = KIND_INPUT
    references = (
        ("YAML 1.2 specification", "https://yaml.org/spec/1.2.2/"),
        (
            "Generating skeletons and input files",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
        ),
    )
    help_reference = 1


RULE = YamlSyntaxError()
