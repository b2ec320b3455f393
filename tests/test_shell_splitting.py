"""Issue 14, item 3: unquoted expansions of known values are split into words
as bash splits them, and an unknown splice after a list option's items may
start new options rather than add items.

Each script is linted by the real CLI; findings on the words of a split value
point where the value was written.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

ROOT_MAPPING = "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3}"


def findings(tmp_path: Path, script: str, *options: str) -> list[str]:
    """`line:col-end_line:end_col RULE` of each finding the CLI prints for the script."""
    path = tmp_path / "build-ami.sh"
    path.write_text(script, encoding="utf-8")
    proc = run_cli("--format", "json", *options, str(path))
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == ""
    return [
        f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}"
        for d in json.loads(proc.stdout)["diagnostics"]
    ]


# The flags of every image this pipeline builds, kept in one string.
FLAGS_AFTER_MAPPINGS = """#!/bin/bash
set -euo pipefail
COMMON_FLAGS="--architecture x86_64 --virtualization-type hvm --ena-support --imds-support v2.0"
SNAPSHOT_ID=snap-0123456789abcdef0
IMAGE_ID=$(aws ec2 register-image \\
  --name "web-$(date +%Y%m%d)" \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAPSHOT_ID}" $COMMON_FLAGS \\
  --query ImageId --output text)
echo "$IMAGE_ID"
"""


def test_known_flags_after_a_list_option_are_options_not_items(tmp_path: Path) -> None:
    # Before: `$COMMON_FLAGS` was read as a second mapping, and the request
    # had no `Architecture` nor `VirtualizationType` (AMI305, AMI306).
    assert findings(tmp_path, FLAGS_AFTER_MAPPINGS, "--select", "ALL") == []


def test_a_wrong_value_in_known_flags_is_reported_where_it_was_written(tmp_path: Path) -> None:
    script = FLAGS_AFTER_MAPPINGS.replace("--architecture x86_64", "--architecture amd64")
    # `amd64` in the assignment on line 3; nothing at `$COMMON_FLAGS`.
    assert findings(tmp_path, script) == ["3:30-3:35 AMI104"]


def test_an_option_the_known_flags_lack_is_reported_missing(tmp_path: Path) -> None:
    # Split, the flags are all known: the request is not open-ended any more,
    # and it really lacks `Architecture` (before: silent).
    script = FLAGS_AFTER_MAPPINGS.replace("--architecture x86_64 ", "")
    assert findings(tmp_path, script, "--select", "AMI305,AMI306") == ["5:12-9:32 AMI305"]


def test_temporary_ifs_for_read_does_not_stop_splitting(tmp_path: Path) -> None:
    script = FLAGS_AFTER_MAPPINGS.replace(
        "set -euo pipefail\n",
        'set -euo pipefail\nwhile IFS= read -r region; do echo "$region"; done < regions.txt\n',
    ).replace("--architecture x86_64", "--architecture amd64")
    # `IFS= read` sets IFS for `read` alone: `$COMMON_FLAGS` still splits at
    # blanks (before: any `IFS=` in the script left it unresolved).
    assert findings(tmp_path, script) == ["4:30-4:35 AMI104"]


def test_strict_mode_ifs_keeps_flags_in_one_word(tmp_path: Path) -> None:
    # `IFS=$'\n\t'` (the "unofficial strict mode"): blanks no longer split,
    # so the CLI gets the flags as one word, a second mapping that does not
    # parse (`--architecture x86_64 …`, AMI003 where it was written), and the
    # request has none of them (before: unresolved, silent).
    script = FLAGS_AFTER_MAPPINGS.replace("set -euo pipefail\n", "set -euo pipefail\nIFS=$'\\n\\t'\n")
    assert findings(tmp_path, script, "--select", "AMI003,AMI305,AMI306") == [
        "4:30-4:31 AMI003",
        "6:12-10:32 AMI305",
        "6:12-10:32 AMI306",
    ]


def test_other_ifs_leaves_the_expansion_unknown(tmp_path: Path) -> None:
    script = FLAGS_AFTER_MAPPINGS.replace("set -euo pipefail\n", "set -euo pipefail\nIFS=,\n").replace(
        "--architecture x86_64", "--architecture amd64"
    )
    # A separator other than blanks is not followed: `$COMMON_FLAGS` stays a
    # splice, not a list item either, and nothing is reported missing.
    assert findings(tmp_path, script) == []
    assert "9:80-9:93 AMI005" in findings(tmp_path, script, "--select", "AMI005")


def test_unquoted_array_elements_are_split_too(tmp_path: Path) -> None:
    script = f"""#!/bin/bash
set -e
args=(--name "web server" --architecture x86_64 --virtualization-type hvm)
aws ec2 register-image ${{args[@]}} --ena-support --imds-support v2.0 \\
  --root-device-name /dev/xvda --block-device-mappings '{ROOT_MAPPING}'
"""
    # `"web server"` is one element, but unquoted `${args[@]}` splits it:
    # `Name` is `web` and `server` is a stray word, at the assignment (before:
    # unresolved, silent).
    assert findings(tmp_path, script) == ["3:19-3:25 AMI410"]


def test_unknown_splice_after_mappings_starts_options(tmp_path: Path) -> None:
    script = f"""#!/bin/bash
set -euo pipefail
ROOT_MAPPING='{ROOT_MAPPING}'
aws ec2 register-image --name "web-$BUILD_ID" --root-device-name /dev/sda1 \\
  --block-device-mappings "$ROOT_MAPPING" $EXTRA_FLAGS
aws ec2 register-image --name "db-$BUILD_ID" --root-device-name /dev/xvda \\
  --block-device-mappings "$ROOT_MAPPING" "${{EXTRA_ARGS[@]}}"
"""
    # `$EXTRA_FLAGS` may hold `--architecture …` or more mappings: nothing is
    # missing (no AMI305, AMI306, AMI311) and `/dev/sda1` may be mapped by it
    # (no AMI302). Before: both were read as one more mapping.
    assert findings(tmp_path, script, "--select", "ALL") == []
    splices = [f for f in findings(tmp_path, script, "--select", "AMI005") if f.startswith(("5:", "7:"))]
    assert splices == ["5:43-5:55 AMI005", "7:44-7:60 AMI005"]


def test_an_expansion_inside_a_later_item_is_still_an_item(tmp_path: Path) -> None:
    script = f"""#!/bin/bash
aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm \\
  --ena-support --root-device-name /dev/xvda \\
  --block-device-mappings '{ROOT_MAPPING}' DeviceName=/dev/xvda,Ebs={{SnapshotId=$DATA_SNAP}}
"""
    # The second item starts with known text: an item (mapping the same
    # device twice), not options.
    assert findings(tmp_path, script, "--select", "AMI203,AMI305,AMI306") == ["4:116-4:125 AMI203"]


def test_an_empty_known_value_unquoted_is_no_word(tmp_path: Path) -> None:
    script = f"""#!/bin/bash
set -e
EXTRA_FLAGS=""
DESCRIPTION=
aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm $EXTRA_FLAGS \\
  --root-device-name /dev/xvda --description $DESCRIPTION --ena-support \\
  --block-device-mappings '{ROOT_MAPPING}'
"""
    # Unquoted and empty, both expansions vanish: no option comes from
    # `$EXTRA_FLAGS` (the request is complete: no ImdsSupport, AMI316 when
    # selected), and `--description` is followed by `--ena-support` (the CLI:
    # `expected one argument`). Before: both unknown, silent.
    assert findings(tmp_path, script, "--select", "AMI316,AMI403") == ["5:1-7:104 AMI316", "6:32-6:45 AMI403"]
