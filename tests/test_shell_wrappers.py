"""Issue 14: calls through a wrapper of the script's own are linted.

Real build scripts call the AWS CLI through a function (`AWS() { aws --region
"$R" "$@"; }`, `aws_do`, `aws_admin`) or a variable (`$AWSCLI`, `"$aws"`,
`"${aws_cmd[@]}"`); their register-image calls were skipped with "no aws ec2
register-image call". They are now read like direct `aws` calls, findings at
the call's words, the wrapper's global options counting as the call's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ami_lint.engine import Linter
from tests.conftest import run_cli

BDM = '"DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP_ID,VolumeType=gp3}"'


def _lint(tmp_path: Path, text: str, *args: str, name: str = "build-ami.sh") -> tuple[int, list[str], str]:
    """Exit code, `line:col-end_line:end_col RULE` of each finding, and stderr."""
    script = tmp_path / name
    script.write_text(text, encoding="utf-8")
    proc = run_cli("--format", "json", *args, str(script))
    assert proc.returncode in (0, 1), proc.stderr
    found = [
        f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}"
        for d in json.loads(proc.stdout)["diagnostics"]
    ]
    return proc.returncode, found, proc.stderr


FUNCTION_WRAPPER = f"""#!/usr/bin/env bash
set -euo pipefail

AWS_REGION="${{AWS_REGION:-us-east-1}}"

AWS() {{ aws --region "$AWS_REGION" "$@"; }}

SNAP_ID=$(AWS ec2 create-snapshot --volume-id "$1" --query SnapshotId --output text)
AWS ec2 wait snapshot-completed --snapshot-ids "$SNAP_ID"

imageID=$(AWS ec2 register-image \\
    --name "base-$(date +%Y%m%d)" \\
    --root-device-name /dev/xvda \\
    --virtualization-type hvm \\
    --ena-support \\
    --block-device-mappings {BDM} \\
    --query ImageId)
echo "registered $imageID"
"""


def test_function_wrapper_call_is_linted_at_the_call(tmp_path: Path) -> None:
    code, found, _ = _lint(tmp_path, FUNCTION_WRAPPER)
    # No `--architecture`: AMI305 over the call's words; the captured JSON
    # string (no `--output text` in the wrapper nor the call): AMI408 at `imageID`.
    assert (code, found) == (0, ["11:1-11:8 AMI408", "11:11-17:20 AMI305"])


def test_output_text_in_the_wrapper_silences_ami408(tmp_path: Path) -> None:
    text = FUNCTION_WRAPPER.replace(
        'aws --region "$AWS_REGION" "$@"', 'aws --region "$AWS_REGION" --output text "$@"'
    )
    code, found, _ = _lint(tmp_path, text)
    # The call is linted (no --architecture), and `imageID` gets a bare id.
    assert (code, found) == (0, ["11:11-17:20 AMI305"])


def test_wrapper_forms(tmp_path: Path) -> None:
    """`function name { … }`, `name() ( … )`, `command aws`, `exec aws`, an
    exit-status wrapper, and global options after `"$@"`."""
    text = f"""#!/bin/bash
set -e
aws_do() {{
  aws "$@"
  local rc=$?
  if [ "$rc" -ne 0 ]; then echo "aws $1 $2 failed ($rc)" >&2; fi
  return "$rc"
}}
function aws_admin {{
  AWS_PROFILE=admin command aws "$@" --region "$AWS_REGION" --output text
}}
quiet() ( exec aws --output text "$@" )

SNAP_ID=snap-0123456789abcdef0
aws_do ec2 register-image --name web-1 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --architecture x86_64
IMAGE_ID=$(aws_admin ec2 register-image --name web-2 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --architecture amd64 --virtualization-type hvm --ena-support)
IMAGE_ID=$(quiet ec2 register-image --name web-3 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --virtualization-type hvm --ena-support)
"""
    code, found, _ = _lint(tmp_path, text)
    assert (code, found) == (
        1,
        [
            # aws_do: no --virtualization-type (paravirtual by default).
            "15:1-16:112 AMI306",
            # aws_admin: `--output text` after "$@": no AMI408; `amd64` misspelled.
            "18:106-18:111 AMI104",
            # quiet: `--output text` before "$@"; no --architecture.
            "19:12-20:130 AMI305",
        ],
    )


def test_unknown_words_after_the_arguments_make_the_request_open_ended(tmp_path: Path) -> None:
    text = f"""#!/bin/bash
set -e
# Extra flags from the environment go after the caller's arguments.
aws_x() {{ aws "$@" $AWS_EXTRA_ARGS; }}
SNAP_ID=snap-0123456789abcdef0
aws_x ec2 register-image --name web-1 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --architecture amd64
"""
    code, found, _ = _lint(tmp_path, text, "--select", "ALL")
    # `$AWS_EXTRA_ARGS` may hold any option: nothing is reported missing
    # (no AMI305/AMI306/AMI311); the values written at the call are checked,
    # and nothing points into the wrapper.
    assert (code, found) == (1, ["7:106-7:111 AMI104"])


def test_no_finding_inside_the_wrapper_definition(tmp_path: Path) -> None:
    text = f"""#!/bin/bash
AWS() {{ aws --region $AWS_REGION --description $DESC "$@"; }}
SNAP_ID=snap-0123456789abcdef0
AWS ec2 register-image --name web-1 --root-device-name /dev/xvda --architecture x86_64 \\
  --virtualization-type hvm --ena-support --block-device-mappings {BDM}
AWS ec2 register-image --name web-2 --root-device-name /dev/xvda --architecture amd64 \\
  --virtualization-type hvm --ena-support --block-device-mappings {BDM}
"""
    # Unquoted `$AWS_REGION` in the wrapper (AMI407 on a direct call) and an
    # unknown option in it: reported at neither call, nor at the definition.
    # What the call itself writes is.
    code, found, _ = _lint(tmp_path, text, "--select", "ALL", "--ignore", "AMI005,AMI316")
    assert (code, found) == (1, ["6:81-6:86 AMI104"])


def test_a_function_without_the_arguments_is_not_a_wrapper(tmp_path: Path) -> None:
    text = """#!/bin/bash
set -e
list_images() { aws ec2 describe-images --owners self --output text; }
# Not a call of register-image: `list_images` runs its own command.
list_images ec2 register-image --name web
"""
    script = tmp_path / "list.sh"
    script.write_text(text, encoding="utf-8")
    proc = run_cli("--verbose", str(script))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"{script}: not linted: mentions register-image, but no call of it was recognised "
        "(if it is one, please report how the script calls the AWS CLI)"
    ]


def test_wrappers_calling_wrappers_are_followed_a_bounded_depth(tmp_path: Path) -> None:
    text = """#!/bin/bash
set -e
main() {
  ID=$(admin ec2 register-image --name web-1 --root-device-name /dev/xvda --architecture x86_64)
  deep ec2 register-image --name web-2
  ping ec2 register-image --name web-3
}
admin() { regional --profile admin "$@"; }
regional() { aws_do --region eu-west-1 "$@"; }
aws_do() { aws "$@" || return 1; }
deep() { admin "$@"; }
ping() { pong "$@"; }
pong() { ping "$@"; }
main "$@"
"""
    code, found, _ = _lint(tmp_path, text, "--select", "AMI305,AMI408")
    # admin -> regional -> aws_do -> aws: three functions, followed (defined
    # after the call, which runs inside `main`); no --output text at any
    # level: AMI408. `deep` is a fourth level and `ping`/`pong` a cycle:
    # neither is taken for a call, and the run ends.
    assert (code, found) == (0, ["4:3-4:5 AMI408"])


def test_a_top_level_call_before_the_definition_is_not_a_call(tmp_path: Path) -> None:
    text = """#!/bin/bash
AWS ec2 register-image --name web-1
AWS() { aws "$@"; }
AWS ec2 register-image --name web-2 --architecture x86_64
"""
    code, found, _ = _lint(tmp_path, text, "--select", "AMI305,AMI104")
    # Only the second: bash does not know `AWS` when the first one runs.
    assert (code, found) == (0, [])
    _, found, _ = _lint(tmp_path, text.replace("x86_64", "amd64"), "--select", "AMI305,AMI104")
    assert found == ["4:52-4:57 AMI104"]


def test_command_in_a_variable(tmp_path: Path) -> None:
    text = f"""#!/bin/bash
set -e
AWSCLI=/usr/local/bin/aws
aws_cmd=(aws --region eu-west-1 --output text)
AWS_DRYRUN=echo
SNAP_ID=snap-0123456789abcdef0
$AWSCLI ec2 register-image --name web-1 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --virtualization-type hvm --ena-support
IMAGE_ID=$("${{aws_cmd[@]}}" ec2 register-image --name web-2 --root-device-name /dev/xvda \\
  --block-device-mappings {BDM} --virtualization-type hvm --ena-support --architecture amd64)
$AWS_DRYRUN ec2 register-image --name not-a-call
"""
    code, found, _ = _lint(tmp_path, text)
    # `$AWSCLI` is /usr/local/bin/aws: no --architecture. The array holds
    # `--output text`: no AMI408, and its call is checked (`amd64`).
    # `$AWS_DRYRUN` is echo: no call.
    assert (code, found) == (1, ["7:1-8:130 AMI305", "10:146-10:151 AMI104"])


def test_a_wrapper_that_extracts_the_id_is_not_ami408(tmp_path: Path) -> None:
    text = """#!/bin/bash
set -euo pipefail
aws_json() {
  local out
  out=$(aws "$@") || return 1
  echo "$out" | jq -r '.ImageId // empty'
}
aws_id() { aws --region "$REGION" "$@" | jq -r .ImageId; }
aws_try() { if ! aws "$@"; then echo "aws $1 $2 failed" >&2; return 1; fi; }
IMAGE_ID=$(aws_json ec2 register-image --name web-1 --architecture x86_64)
IMAGE_ID=$(aws_id ec2 register-image --name web-2 --architecture x86_64)
IMAGE_ID=$(aws_try ec2 register-image --name web-3 --architecture arm64)
"""
    code, found, _ = _lint(tmp_path, text, "--select", "AMI408,AMI306")
    # The first two print the id, not the CLI's JSON; the third passes the
    # CLI's output on. Each is a call (AMI306: no --virtualization-type).
    assert (code, found) == (
        0,
        ["10:12-10:74 AMI306", "11:12-11:72 AMI306", "12:1-12:9 AMI408", "12:12-12:72 AMI306"],
    )


def test_a_function_named_aws_is_the_wrapper(tmp_path: Path) -> None:
    text = """#!/bin/bash
set -e
# Every call of the script gets the region and plain-text output.
aws() { command aws --region "${AWS_REGION:-us-east-1}" --output text "$@"; }
IMAGE_ID=$(aws ec2 register-image --name web-1 --architecture x86_64 --virtualization-type hvm)
IMAGE_ID=$(/usr/local/bin/aws ec2 register-image --name web-2 --architecture x86_64 --virtualization-type hvm)
"""
    code, found, _ = _lint(tmp_path, text, "--select", "AMI408,AMI104")
    # `aws` is the function: `--output text`, no AMI408. A path runs the
    # program itself, which prints JSON.
    assert (code, found) == (0, ["6:1-6:9 AMI408"])


def test_unknown_variable_named_aws(tmp_path: Path) -> None:
    text = f"""#!/bin/bash
set -e
# The CLI's path comes from the caller's environment.
register() {{
  SNAP_ID=$1
  IMAGE_ID=$("$aws" ec2 register-image --name "$2" --root-device-name /dev/xvda \\
    --block-device-mappings {BDM} --virtualization-type hvm --ena-support)
  ${{AWS_CMD}} ec2 register-image --name "$2" --root-device-name /dev/xvda \\
    --block-device-mappings {BDM} --virtualization-type hvm --ena-support
  $CLI ec2 register-image --name "$2"
}}
register "$@"
"""
    code, found, _ = _lint(tmp_path, text)
    # `"$aws"` is one word, the CLI: no --architecture, and JSON into
    # IMAGE_ID. Unquoted `${{AWS_CMD}}` may split into global options (an
    # `--output`, a `--cli-input-json`): open-ended. `$CLI` does not say aws.
    assert (code, found) == (0, ["6:3-6:11 AMI408", "6:14-7:132 AMI305"])


def _work(text: str) -> int:
    """Python lines run (and calls made) linting `text`: deterministic, unlike time."""
    linter = Linter()
    linter.lint_text('#!/bin/bash\nf() { aws "$@"; }\nf ec2 register-image\n', "warm.sh", "shell")
    events = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal events
        events += 1
        return trace

    sys.settrace(trace)
    try:
        diagnostics, _ = linter.lint_text(text, "build.sh", "shell")
    finally:
        sys.settrace(None)
    # Every call is found: its `amd64` is reported.
    assert sum(d.rule == "AMI104" for d in diagnostics) == text.count(" ec2 register-image")
    return events


def test_many_functions_and_calls_stay_linear() -> None:
    """Each call costs a look-up, not a scan over every function."""

    def script(n: int) -> str:
        helpers = "".join(f"helper_{i}() {{ echo {i}; }}\n" for i in range(10 * n))
        wrappers = "".join(f'aws_{i}() {{ aws --region r{i} "$@"; }}\n' for i in range(n))
        calls = "".join(f"aws_{i} ec2 register-image --name web-{i} --architecture amd64\n" for i in range(n))
        return "#!/bin/bash\n" + helpers + wrappers + calls

    small, large = _work(script(200)), _work(script(400))
    # Twice the functions and twice the calls: about twice the work if each
    # call costs the same, four times if each call scanned every function.
    assert large < 2.4 * small, (small, large)
