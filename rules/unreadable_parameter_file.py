r"""## What it does
Reports a `file://` value of a register-image option (`--block-device-mappings`,
`--cli-input-json`, `--description`, …) in a shell script whose file cannot
be read, at the `file://…` word (also after `key@=` inside a shorthand
value): the file does not exist, cannot be opened, is a directory, a device
or a named pipe, is larger than `--max-file-size` (1 MiB by default), or is
not UTF-8 text. The message names the path and the problem, never the
file's contents. A relative path is looked up relative to the script's
directory, then the working directory. For safety, a reference whose real
path lies outside the script's project (its git work tree, else its
folder) is never read: a relative one (`file://../../.aws/credentials`),
or one that runs through a place for credentials (`.aws`, `.ssh`, `.env`,
…), is reported here, since a report shows the lines it points at. (A
readable file whose text is several lines that are not a request, or a JSON
object that is not one, is not checked either, so that no line of it can
be shown; that is `unresolved-value`, AMI005, not an error.) A file the
script writes itself before the call (`cat > req.json <<EOF`,
`cat <<'EOF' | tee req.json`, `printf '%s' '…' > req.json`,
`echo '…' > req.json`, in the same block as the call, or one around it) is
not looked for on disk: the text the script writes is checked instead,
each finding at its place in the script (inside the here-document), with
`$VAR` and `$(…)` in an unquoted here-document as unknown values. Not
reported here but as `unresolved-value` (AMI005, off by default): a path
that something in the script writes in a way that is not followed (inside
an `if` or a loop the call is not in, after the call, appended with `>>`,
by another program such as `jq … > f`, `envsubst`, `mv`, `cp`, `sed -i`,
or named as an argument of one); an absolute path outside the project that
nothing in the script writes (`file:///tmp/req.json`, a file of the machine
that runs the script, most often made as it runs; it is not read either);
and a path built from shell variables. `fileb://` files are binary and are
never read.

## Why is this bad?
The CLI fails with `Error parsing parameter … Unable to load paramfile`
before sending anything, and the value the file should hold cannot be
checked.

## Example
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings file://missing/block-device-mappings.json
```

## Use instead
```sh
aws ec2 register-image --name web-2024-06-01 --architecture x86_64 \
    --block-device-mappings '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]'
```
"""

from __future__ import annotations

from ami_lint.diagnostics import Severity
from ami_lint.rule import KIND_INPUT, Rule


class UnreadableParameterFile(Rule):
    id = "AMI004"
    name = "unreadable-parameter-file"
    summary = "A `file://` reference that cannot be read as UTF-8 text"
    severity = Severity.ERROR
    kind = KIND_INPUT
    references = (
        (
            "Loading AWS CLI parameters from a file",
            "https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html",
        ),
    )


RULE = UnreadableParameterFile()
