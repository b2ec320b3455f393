"""`--cli-input-json` given inline with unknown parts (issue 14, item 6): a
variable assigned a double-quoted JSON string with `${…}` in it, or a
`"$(cat <<EOF … EOF)"`, is parsed with the expansions as unknown values, so
the keys it lacks and the values it holds are still checked, in place."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def _lint(tmp_path: Path, script: str, *options: str) -> list[tuple[int, int, int, int, str]]:
    (tmp_path / "register.sh").write_text(script, encoding="utf-8")
    proc = run_cli("--format", "json", *options, "register.sh", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    return [
        (d["line"], d["column"], d["end_line"], d["end_column"], d["rule"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]


VARIABLE = """\
#!/bin/bash
set -euo pipefail
NAME="app-${GIT_SHA:0:8}"
SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[0].SnapshotId' --output text)
REQ="{\\"Name\\": \\"${NAME}\\", \\"Architecture\\": \\"x86_64\\", \\"RootDeviceName\\": \\"/dev/xvda\\",
  \\"EnaSupport\\": true, \\"ImdsSupport\\": \\"v2.0\\",
  \\"BlockDeviceMappings\\": [{\\"DeviceName\\": \\"/dev/xvda\\",
    \\"Ebs\\": {\\"SnapshotId\\": \\"${SNAP_ID}\\", \\"VolumeType\\": \\"gp3\\", \\"Iops\\": 100}}]}"
IMAGE_ID=$(aws ec2 register-image --cli-input-json "$REQ" --query ImageId --output text)
"""


def test_a_json_string_with_expansions_in_a_variable_is_checked(tmp_path: Path) -> None:
    # Before: nothing (the document was unknown as a whole, so open-ended).
    assert _lint(tmp_path, VARIABLE) == [
        (8, 82, 8, 85, "AMI210"),  # Iops 100 on gp3, where it is written
        (9, 12, 9, 88, "AMI306"),  # no VirtualizationType (with EnaSupport), at the call
    ]


def test_a_trailing_comma_after_an_expansion_in_a_string_is_reported(tmp_path: Path) -> None:
    script = VARIABLE.replace('\\"Iops\\": 100}}]}"', '\\"Iops\\": 3000},]}"')
    # The expansions are inside strings: the syntax around them is the script's.
    assert _lint(tmp_path, script) == [(8, 88, 8, 89, "AMI001")]  # at the `]` after the comma

    # An expansion where a key goes may be any member: nothing is reported
    # missing, the known values are still checked.
    script = (
        "#!/bin/bash\n"
        'REQ="{\\"Name\\": \\"web-1\\", \\"${EXTRA_KEY}\\": \\"x\\", \\"Architecture\\": \\"amd64\\"}"\n'
        'aws ec2 register-image --cli-input-json "$REQ"\n'
    )
    assert _lint(tmp_path, script) == [(2, 71, 2, 80, "AMI104")]
    script = script.replace("${EXTRA_KEY}", "Description")
    assert [f[4] for f in _lint(tmp_path, script)] == ["AMI104", "AMI301", "AMI306"]


CAT_HEREDOC = """\
#!/bin/bash
set -e
aws ec2 register-image --cli-input-json "$(cat <<EOF
{
  "Name": "web-${BUILD_NUMBER}",
  "Architecture": "arm64",
  "VirtualizationType": "hvm",
  "RootDeviceName": "/dev/xvda",
  "EnaSupport": true,
  "BootMode": "legacy-bios",
  "ImdsSupport": "v2.0",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "${SNAP_ID}"}}]
}
EOF
)"
"""


def test_a_cat_heredoc_substitution_is_the_document(tmp_path: Path) -> None:
    # Before: nothing; with AMI005, the whole `$(cat <<EOF …)` as not checked.
    assert _lint(tmp_path, CAT_HEREDOC) == [(10, 15, 10, 28, "AMI312")]  # arm64 needs uefi
    # Only the expansions inside are unknown now.
    assert _lint(tmp_path, CAT_HEREDOC, "--select", "AMI005") == [
        (5, 16, 5, 31, "AMI005"),
        (12, 78, 12, 88, "AMI005"),
    ]


def test_a_syntax_error_after_an_expansion_inside_a_json_string_of_an_option(tmp_path: Path) -> None:
    # The same reading for option values: `${SNAP_ID}` inside a JSON string
    # leaves the syntax after it as written (before: the comma went unreported).
    script = (
        "#!/bin/bash\n"
        "aws ec2 register-image --name web-1 --architecture x86_64 --root-device-name /dev/xvda \\\n"
        "  --virtualization-type hvm --ena-support --imds-support v2.0 \\\n"
        '  --block-device-mappings "[{\\"DeviceName\\": \\"/dev/xvda\\", '
        '\\"Ebs\\": {\\"SnapshotId\\": \\"${SNAP_ID}\\"},}]"\n'
    )
    assert _lint(tmp_path, script) == [(4, 103, 4, 104, "AMI001")]
    # An expansion outside a string may hold anything: nothing after it is reported.
    assert _lint(tmp_path, script.replace('\\"${SNAP_ID}\\"', "${EBS}")) == []
