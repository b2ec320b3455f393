"""`aws ec2 register-image --generate-cli-skeleton` prints a template and
sends nothing (issue 14, item 1): that call is not a request and gets no
finding at all; `--verbose` says it was not checked. Other calls keep theirs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
# Keep the input templates next to the build, for reference.
aws ec2 register-image --generate-cli-skeleton input > templates/register-image.json
aws ec2 register-image --generate-cli-skeleton=yaml-input > templates/register-image.yaml
SKELETON=$(aws --region us-east-1 ec2 register-image --generate-cli-skeleton)
aws ec2 register-image --name web --architecture amd64 --generate-cli-skeleton output
aws ec2 register-image --generate-cli-skeleton \\
    --cli-input-json file://does-not-exist.json
echo "$SKELETON" | jq .

IMAGE_ID=$(aws ec2 register-image --name "web-$(date +%s)" --architecture amd64 \\
    --root-device-name /dev/xvda --query ImageId --output text)
echo "$IMAGE_ID"
"""


def test_skeleton_calls_are_not_requests(tmp_path: Path) -> None:
    (tmp_path / "build.sh").write_text(SCRIPT, encoding="utf-8")
    proc = run_cli("--verbose", "--format", "json", "--select", "ALL", "build.sh", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    found = [
        (d["line"], d["column"], d["end_line"], d["end_column"], d["rule"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]
    # Before: AMI102, AMI301, AMI305, AMI306, AMI316 on lines 4 to 8, AMI408
    # on `SKELETON`, AMI104 on line 7's amd64, AMI004 on line 9.
    # Now only the real call at line 12 is checked.
    assert found == [
        (12, 12, 13, 63, "AMI301"),
        (12, 12, 13, 63, "AMI306"),
        (12, 75, 12, 80, "AMI104"),
    ]
    assert proc.returncode == 1
    note = (
        "build.sh: `--generate-cli-skeleton` at 4:24 makes the call at 4:1 print a template, "
        "not send a request: not checked; `--generate-cli-skeleton` at 5:24 makes the call at 5:1 "
        "print a template, not send a request: not checked; `--generate-cli-skeleton` at 6:54 makes "
        "the call at 6:12 print a template, not send a request: not checked; "
        "`--generate-cli-skeleton` at 7:56 makes the call at 7:1 print a template, not send a "
        "request: not checked; `--generate-cli-skeleton` at 8:24 makes the call at 8:1 print a "
        "template, not send a request: not checked"
    )
    assert note in proc.stderr


def test_a_script_of_skeleton_calls_only_is_clean(tmp_path: Path) -> None:
    (tmp_path / "skeleton.sh").write_text(
        "#!/bin/sh\naws ec2 register-image --generate-cli-skeleton > register-image.json\n", encoding="utf-8"
    )
    proc = run_cli("--format", "json", "--select", "ALL", "skeleton.sh", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["diagnostics"] == []
