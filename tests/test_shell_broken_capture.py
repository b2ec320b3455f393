"""A shell syntax error inside `$(…)` or backticks (issue 14, item 7): the
file's calls are still found, the words before the error are checked as at
top level, `--verbose` names the error, and other calls are unaffected."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
# The test image first, whole.
aws ec2 register-image --name "test-$BUILD" --architecture x86_64 --virtualization-type hvm \\
    --root-device-name /dev/sda1 --ena-support --imds-support v2.0 \\
    --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP}"
IMAGE_ID=$(aws ec2 register-image --name "web-$BUILD" --architecture amd64 --virtualization-type hvm \\
    --root-device-name /dev/xvda --description "Web tier --query ImageId --output text)
echo "$IMAGE_ID"
"""


def _run(tmp_path: Path, script: str, *options: str) -> tuple[list[tuple[int, int, int, int, str]], str]:
    (tmp_path / "build.sh").write_text(script, encoding="utf-8")
    proc = run_cli("--format", "json", *options, "build.sh", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    found = [
        (d["line"], d["column"], d["end_line"], d["end_column"], d["rule"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]
    return found, proc.stderr


def test_a_stray_quote_in_a_capture_keeps_the_calls_of_the_file(tmp_path: Path) -> None:
    # Before: the second call was lost (only 5:24 AMI302 was reported); a
    # script whose only call is the broken one was `skipped: no aws ec2
    # register-image call`.
    found, stderr = _run(tmp_path, SCRIPT, "--verbose")
    assert found == [
        # The call before the error, as ever: its root device is not mapped.
        (5, 24, 5, 33, "AMI302"),
        # The broken one: the words before the stray quote are checked;
        # nothing is said missing from a call the shell cannot run.
        (7, 70, 7, 75, "AMI104"),
    ]
    # The stray quote at 8:48 pairs with the one of `echo "`: the shell
    # finds the quote left open at 9:16.
    assert "build.sh: shell syntax error at 9:16 cuts the call at 7:12: checked up to its last word" in stderr


def test_a_stray_quote_in_backticks_inside_an_if(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        'if [ -n "$SNAP" ]; then\n'
        '  ID=`aws ec2 register-image --name web-1 --architecture aarch64 --ena-support --description "x`\n'
        "fi\n"
    )
    found, stderr = _run(tmp_path, script, "--verbose")
    # Before: nothing, and `skipped: no aws ec2 register-image call`.
    assert found == [(3, 58, 3, 65, "AMI104")]
    assert "build.sh: shell syntax error at 3:94 cuts the call at 3:7: checked up to its last word" in stderr
