r"""## What it does
Reports an option of the command line whose parameter is also a top-level
key of the `--cli-input-json` or `--cli-input-yaml` document, at the option.
The document is the one the request is built from: inline, from a variable,
from its `file://` file or from a file the script wrote before the call; a
key the script leaves unknown (`"$KEY"`) is not guessed.

## Why is this bad?
The command-line option replaces that key of the document whole: a
`--block-device-mappings` option drops every mapping of the document, not
just the one it names. Whoever edits the document sees no effect.

## Example
```sh
aws ec2 register-image --cli-input-json '{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda"}' \
    --name web-2024-06-02
```

## Use instead
```sh
aws ec2 register-image --cli-input-json '{"RootDeviceName": "/dev/xvda"}' --name web-2024-06-02
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import CLI_INPUT_OPTIONS
from ami_lint.vocabulary import member as marked


class CliInputOverridden(Rule):
    id = "AMI406"
    name = "cli-input-overridden"
    summary = "A key of the `--cli-input-*` document also given on the command line"
    severity = Severity.WARNING
    references = (
        (
            "Generating and using a CLI skeleton",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",
        ),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line, document = request.command, request.cli_input
        if line is None or document is None:
            return
        # The document the CLI reads is the last `--cli-input-*` option's.
        option = next(u.spec.name for u in reversed(line.options) if u.spec.name in CLI_INPUT_OPTIONS)
        keys = set(document.keys())
        for member, use in line.last_uses().items():
            if member in keys:
                yield self.report(
                    use,
                    f"`{use.spec.name}` replaces {marked(member)} of the `{option}` document whole",
                    f"Remove {marked(member)} from the document or `{use.spec.name}` from the command",
                )


RULE = CliInputOverridden()
