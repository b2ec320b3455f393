r"""## What it does
Reports `IMAGE_ID=$(aws ec2 register-image …)` when the command's output
goes straight into the variable, the command has no `--output text`, and
the script does not parse the variable anywhere, at the variable: it
receives JSON where the script expects an id.

## Why is this bad?
The CLI prints JSON by default: the variable receives `{"ImageId": "ami-…"}`,
and with `--query ImageId` still the JSON string `"ami-…"` with its quotes.
The next command (`aws ec2 create-tags --resources "$IMAGE_ID"`) then fails
with a malformed image id.

Not reported:

- output piped on (`| jq -r .ImageId`) or redirected elsewhere;
- a variable the script parses where it uses it (one such use is enough):
  `jq -r .ImageId <<< "$RESP"`, a heredoc feeding `jq`,
  `echo "$RESP" | jq …` (a pipe on to anything but `tee` or `cat`), an
  argument of `jq`, `python`, `grep`, `sed` and the like, a parameter
  expansion that transforms it (`${RESP//\"/}`), or writing it to a `.json`
  file. Such a script meant to capture JSON, `--output json` or not;
- a script that sets `AWS_DEFAULT_OUTPUT` itself, or a command whose options
  may come from a variable (`aws $opts ec2 …`).

It is still reported when the variable is used as the id itself
(`--image-ids "$AMI_ID"`, `echo "$AMI_ID"`), and with `--query ImageId` but
no `--output text`.

## Example
```sh
IMAGE_ID=$(aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --query ImageId)
```

## Use instead
```sh
IMAGE_ID=$(aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \
    --query ImageId --output text)
```

## Fix safety
Unsafe: the fix adds `--query ImageId --output text` (or `--output text`
when a query is there) after the command's last word, so the variable
receives the bare id; code that parses the JSON it received until now
would break.
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.edits import fix
from ami_lint.model import Request
from ami_lint.rule import COMMAND, Context, Rule
from ami_lint.shell.cmdline import CommandLine
from ami_lint.shell.commands import GLOBAL_VALUE_OPTIONS
from ami_lint.shell.fixes import append_words


class ImageIdNotExtracted(Rule):
    id = "AMI408"
    name = "image-id-not-extracted"
    summary = "`X=$(aws ec2 register-image …)` without `--output text` captures JSON"
    severity = Severity.WARNING
    references = (
        (
            "Setting the AWS CLI output format",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html",
        ),
        ("register-image", "https://docs.aws.amazon.com/cli/latest/reference/ec2/register-image.html"),
    )

    needs = (COMMAND,)  # a command line's rule: a document has none

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None or line.invocation.capture is None or line.has_splice:
            return
        if line.invocation.capture.parsed:
            return  # the script reads the id out of the JSON itself
        if request.source.mentions("AWS_DEFAULT_OUTPUT"):
            return
        output, query = _global_values(line, "--output"), _global_values(line, "--query")
        if None in output or (output and output[-1] == "text"):
            return
        capture = line.invocation.capture
        fmt = output[-1] if output else "json"
        if query and fmt == "json":
            message = f"`{capture.name}` receives the image id as a quoted JSON string, not a bare id"
        else:
            shown = "JSON" if fmt == "json" else f"`{fmt}`"
            message = f"`{capture.name}` receives the {shown} output of `register-image`, not a bare image id"
        added = "--output text" if query else "--query ImageId --output text"
        yield self.report(
            (line.invocation.source, capture.span),
            message,
            f"Add `{added}`",
            fix=fix(f"Add `{added}`", [append_words(line, added)], safe=False),
        )


def _global_values(line: CommandLine, name: str) -> list[str | None]:
    """Every value given to a global option, in order; None for one that is unknown."""
    values: list[str | None] = []
    pairs = [(g.word, g.value) for g in line.invocation.global_options]
    words = line.globals_after
    i = 0
    while i < len(words):
        takes_value = words[i].text in GLOBAL_VALUE_OPTIONS
        follower = words[i + 1] if takes_value and i + 1 < len(words) else None
        pairs.append((words[i], follower))
        i += 2 if follower is not None else 1
    for word, value in pairs:
        prefix = word.known_prefix
        if prefix == name and word.is_known:
            values.append(value.text if value is not None else None)
        elif prefix.startswith(name + "="):
            text = word.text
            values.append(text[len(name) + 1 :] if text is not None else None)
    return values


RULE = ImageIdNotExtracted()
