"""A baselined finding about a whole request (a missing option or key) stays
baselined when the request's lines are edited, moved or laid out again.

Such a finding's range is the whole call or document; it used to be
fingerprinted by the text of every line of that range, so renaming the
variable that captures the call, or a blank line above it, made it new again.
It is now known by its request: a document by its index in the file, a call
by its text without blanks and continuations, and an edited call by the
recorded finding of the same path, rule and message it replaces.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SCRIPT = """\
#!/bin/bash
set -euo pipefail

SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self \\
  --filters Name=tag:Build,Values="$BUILD_ID" \\
  --query 'Snapshots[0].SnapshotId' --output text)

AMI_ID=$(aws ec2 register-image \\
  --name "web-${BUILD_ID}" \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP_ID,VolumeType=gp3}" \\
  --imds-support v2.0 \\
  --query ImageId --output text)
echo "registered $AMI_ID" | tee -a build.log
"""
# The call's missing options: AMI305 (no --architecture), AMI306 (no --virtualization-type).
BASELINED = ["build/register.sh:8:10 AMI305", "build/register.sh:8:10 AMI306"]

REQUEST = """\
{
  "Name": "web-base",
  "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp3"}}
  ],
  "ImdsSupport": "v2.0"
}
"""


def _lint(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = run_cli("--format", "json", *args, "build", cwd=root)
    found = [
        f"{d['path']}:{d['line']}:{d['column']} {d['rule']}" for d in json.loads(result.stdout)["diagnostics"]
    ]
    return result.returncode, found, result.stderr


def _baselined(root: Path, script: str, request: str = REQUEST) -> Path:
    (root / "build").mkdir()
    (root / "build/register.sh").write_text(script, encoding="utf-8")
    (root / "build/request.json").write_text(request, encoding="utf-8")
    code, found, err = _lint(root, "--fail-on", "warning")
    assert code == 1
    assert found == [*BASELINED, "build/request.json:1:1 AMI305", "build/request.json:1:1 AMI306"]
    code, found, err = _lint(root, "--write-baseline", ".ami-lint-baseline.json", "--fail-on", "warning")
    assert (code, found, err) == (0, [], "ami-lint: recorded 4 finding(s) in .ami-lint-baseline.json\n")
    return root / "build/register.sh"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _still_baselined(root: Path) -> None:
    code, found, err = _lint(root, "--baseline", ".ami-lint-baseline.json", "--fail-on", "warning")
    assert (code, found, err) == (0, [], "")


def test_editing_the_line_of_the_call_start(tmp_path: Path) -> None:
    script = _baselined(tmp_path, SCRIPT)
    _edit(script, "AMI_ID=$(aws ec2 register-image", "IMAGE_ID=$(aws ec2 register-image")
    _edit(script, 'echo "registered $AMI_ID"', 'echo "registered $IMAGE_ID"')
    _still_baselined(tmp_path)


def test_a_blank_line_and_a_comment_above_and_the_call_start_edited(tmp_path: Path) -> None:
    script = _baselined(tmp_path, SCRIPT)
    _edit(script, "set -euo pipefail\n", "set -euo pipefail\n\n# Register the AMI from the root snapshot.\n")
    _edit(script, "AMI_ID=$(aws ec2 register-image", 'AMI_ID=$(aws --region "$REGION" ec2 register-image')
    _still_baselined(tmp_path)


def test_the_call_laid_out_again(tmp_path: Path) -> None:
    script = _baselined(tmp_path, SCRIPT)
    _edit(
        script,
        '--name "web-${BUILD_ID}" \\\n  --root-device-name /dev/xvda \\\n',
        '--name "web-${BUILD_ID}" --root-device-name /dev/xvda \\\n',
    )
    _edit(script, "  --imds-support v2.0 \\\n", "      --imds-support v2.0 \\\n")
    _still_baselined(tmp_path)


def test_a_value_of_the_call_edited(tmp_path: Path) -> None:
    script = _baselined(tmp_path, SCRIPT)
    _edit(script, '"web-${BUILD_ID}"', '"web-server-${BUILD_ID}"')
    _still_baselined(tmp_path)


def test_the_document_edited(tmp_path: Path) -> None:
    _baselined(tmp_path, SCRIPT)
    _edit(
        tmp_path / "build/request.json",
        '"Name": "web-base",',
        '"Name": "web-base-2024",\n  "Description": "base image",',
    )
    _still_baselined(tmp_path)


def test_a_missing_option_in_another_call_is_new(tmp_path: Path) -> None:
    script = _baselined(tmp_path, SCRIPT)
    # A second call, before the first, that also lacks --virtualization-type
    # (and --architecture): its findings are new, the first call's stay
    # baselined, also laid out again.
    _edit(script, "  --imds-support v2.0 \\\n", "      --imds-support v2.0 \\\n")
    _edit(
        script,
        "AMI_ID=$(aws",
        'ARM_ID=$(aws ec2 register-image --name "web-arm-${BUILD_ID}" --root-device-name /dev/xvda \\\n'
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP_ID}" \\\n'
        "  --imds-support v2.0 --query ImageId --output text)\n"
        "AMI_ID=$(aws",
    )
    code, found, err = _lint(tmp_path, "--baseline", ".ami-lint-baseline.json", "--fail-on", "warning")
    assert (code, found, err) == (1, ["build/register.sh:8:10 AMI305", "build/register.sh:8:10 AMI306"], "")
    assert (script.read_text(encoding="utf-8").splitlines()[7]).startswith("ARM_ID=$(aws")


def test_a_new_call_and_the_old_one_edited(tmp_path: Path) -> None:
    """Each recorded finding stands for one: two calls lacking an option where
    one was recorded is one new finding (the first call's is taken as recorded)."""
    script = _baselined(tmp_path, SCRIPT)
    _edit(script, '"web-${BUILD_ID}"', '"web-server-${BUILD_ID}"')
    script.write_text(
        script.read_text(encoding="utf-8")
        + 'aws ec2 register-image --name "web-copy-${BUILD_ID}" --root-device-name /dev/xvda \\\n'
        + '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP_ID}" --imds-support v2.0\n',
        encoding="utf-8",
    )
    code, found, err = _lint(tmp_path, "--baseline", ".ami-lint-baseline.json", "--fail-on", "warning")
    assert (code, found, err) == (1, ["build/register.sh:15:1 AMI305", "build/register.sh:15:1 AMI306"], "")


def test_sarif_fingerprints_follow(tmp_path: Path) -> None:
    """SARIF's `partialFingerprints` are the baseline's: the same before and after a re-layout."""
    script = _baselined(tmp_path, SCRIPT)
    recorded = json.loads((tmp_path / ".ami-lint-baseline.json").read_text(encoding="utf-8"))

    def sarif_prints() -> dict[str, str]:
        result = run_cli("--format", "sarif", "build/register.sh", cwd=tmp_path)
        results = json.loads(result.stdout)["runs"][0]["results"]
        return {r["ruleId"]: r["partialFingerprints"]["amiLint/v1"] for r in results}

    before = sarif_prints()
    assert before == {
        f["rule"]: f["fingerprint"] for f in recorded["findings"] if f["path"] == "build/register.sh"
    }
    _edit(script, "AMI_ID=$(aws ec2 register-image \\\n  --name", "\nAMI_ID=$(aws ec2 register-image --name")
    assert sarif_prints() == before
