r"""## What it does
Reports an option of the command line whose parameter is also a top-level
key of the `--cli-input-json` or `--cli-input-yaml` document, at the option.
The document is read inline or from its `file://` file (found as for any
parameter file); a value with shell variables in it is not guessed.

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

## References
- [Generating and using a CLI skeleton](https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html)
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.rule import Context, Rule
from ami_lint.shell.cmdline import CLI_INPUT_OPTIONS, OptionUse
from ami_lint.source import Source


class CliInputOverridden(Rule):
    id = "AMI406"
    name = "cli-input-overridden"
    summary = "A key of the `--cli-input-*` document also given on the command line"
    severity = Severity.WARNING
    references = ("https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        documents: dict[str, list[str]] = {}
        for use in line.options:
            if use.spec.name in CLI_INPUT_OPTIONS:
                keys = _inline_keys(use)
                if keys is not None:
                    documents[use.spec.name] = keys
        for option, keys in documents.items():
            for member, use in line.last_uses().items():
                if member in keys:
                    yield Finding(
                        self.id,
                        use.word.source,
                        use.name_span,
                        f"`{use.spec.name}` replaces `{member}` of the `{option}` document whole",
                        f"Remove `{member}` from the document or `{use.spec.name}` from the command",
                    )


def _inline_keys(use: OptionUse) -> list[str] | None:
    """Top-level keys of an inline document; None when it cannot be read."""
    if len(use.values) != 1 or use.values[0].text is None:
        return None
    text = use.values[0].text
    if text.startswith("file://"):
        from ami_lint.paramfile import FILE_PREFIX, ParamFileError, is_unresolved, read_param_file

        path = text[len(FILE_PREFIX) :]
        if is_unresolved(path):
            return None
        try:
            document = read_param_file(path, use.word.source.path).source
        except ParamFileError:
            return None  # AMI004 reports it
    elif text.lstrip().startswith("fileb://"):
        return None
    else:
        document = Source.from_text(text, "<cli-input>")
    if use.spec.name == "--cli-input-json":
        from ami_lint.readers.json_reader import read_json

        result = read_json(document)
    else:
        from ami_lint.readers.yaml_reader import read_yaml

        result = read_yaml(document)
    if result.failed or len(result.documents) != 1 or not isinstance(result.documents[0], Mapping):
        return None
    return result.documents[0].keys()


RULE = CliInputOverridden()
