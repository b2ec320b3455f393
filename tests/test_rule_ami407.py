"""Issue 14: AMI407 (unquoted-expansion) only where splitting or globbing
changes what the request says (free-text members, once per word), never on a
value resolved to a blank-free literal (item 4); and AMI401's hint quotes so
that the script keeps working, in agreement with AMI407's (SPEC §4).

Each script goes through the real CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def report(tmp_path: Path, script: str, select: str = "AMI401,AMI407") -> list[tuple[str, str, str]]:
    """(`line:col-end_line:end_col RULE`, message, hint) of each finding."""
    path = tmp_path / "register.sh"
    path.write_text(script, encoding="utf-8")
    proc = run_cli("--format", "json", "--select", select, str(path))
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == ""
    return [
        (f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}", d["message"], d["hint"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]


def located(tmp_path: Path, script: str, select: str = "AMI401,AMI407") -> list[str]:
    return [at for at, _, _ in report(tmp_path, script, select)]


# A release script as teams write them: settings at the top, used unquoted.
RELEASE = """#!/usr/bin/env bash
set -euo pipefail
REGION=us-west-2
ARCH=x86_64
ROOT_DEVICE=/dev/xvda
SNAPSHOT_ID=$(aws ec2 describe-snapshots --region=$REGION --owner-ids self \\
  --query 'Snapshots[0].SnapshotId' --output text)
VOLUME_SIZE=$(jq -r .size build.json)
VERSION=1.4.2
NAME=web-$VERSION
aws ec2 register-image --region=$REGION \\
  --name $NAME \\
  --architecture $ARCH --virtualization-type hvm --ena-support \\
  --root-device-name $ROOT_DEVICE \\
  --block-device-mappings "DeviceName=$ROOT_DEVICE,Ebs={SnapshotId=$SNAPSHOT_ID,VolumeSize=$VOLUME_SIZE}" \\
  --tag-specifications "ResourceType=image,Tags=[{Key=Name,Value=$NAME}]"
"""


def test_identifiers_and_blank_free_values_are_not_reported(tmp_path: Path) -> None:
    # Before: `$REGION` and `$NAME` (resolved to `us-west-2` and `web-1.4.2`),
    # `$ARCH` and `$ROOT_DEVICE` were each AMI407.
    assert located(tmp_path, RELEASE) == []


def test_unknown_value_is_not_reported(tmp_path: Path) -> None:
    """Whether a value only the running script knows holds a blank is not
    knowable: on the real-world corpus such names, descriptions and locations
    were built from blank-free parts every time (bench/realworld)."""
    script = RELEASE.replace(
        "  --name $NAME \\\n", "  --name $NAME --description $PREFIX-$GIT_SHA/$BUILD_ID \\\n"
    )
    assert "--description $PREFIX-$GIT_SHA/$BUILD_ID" in script
    assert report(tmp_path, script) == []


def test_known_values_in_one_word_are_one_finding(tmp_path: Path) -> None:
    script = RELEASE.replace("set -euo pipefail\n", "set -euo pipefail\nA='Web server'\nB='nightly build'\n")
    script = script.replace("  --name $NAME \\\n", "  --name $NAME --description $A-$B \\\n")
    assert report(tmp_path, script) == [
        (
            "14:30-14:32 AMI407",
            "`$A` is not quoted: the shell splits its value at its blanks",
            'Put the value in double quotes: `"$A-$B"`',
        )
    ]


def test_known_value_with_a_blank_in_free_text_is_reported(tmp_path: Path) -> None:
    script = RELEASE.replace("set -euo pipefail\n", "set -euo pipefail\nDESCRIPTION='Web server, nightly'\n")
    script = script.replace("  --name $NAME \\\n", "  --name $NAME --description $DESCRIPTION \\\n")
    # Split at its blanks: `Description` is `Web`, and the other two words
    # are strays, each where it was written.
    assert report(tmp_path, script, "AMI407,AMI410") == [
        (
            "3:18-3:25 AMI410",
            "`server,` belongs to no option: the CLI fails with `Unknown options: server,`",
            "Remove `server,` or quote it together with the value it belongs to",
        ),
        (
            "3:26-3:33 AMI410",
            "`nightly` belongs to no option: the CLI fails with `Unknown options: nightly`",
            "Remove `nightly` or quote it together with the value it belongs to",
        ),
        (
            "13:30-13:42 AMI407",
            "`$DESCRIPTION` is not quoted: the shell splits its value at its blanks",
            'Put the value in double quotes: `"$DESCRIPTION"`',
        ),
    ]


def test_tag_value_in_shorthand_and_json(tmp_path: Path) -> None:
    script = """#!/bin/bash
set -e
TEAM='web platform'
OWNER='Jane Doe'
aws ec2 register-image --name "$NAME" --root-device-name /dev/xvda \\
  --tag-specifications ResourceType=image,Tags=[{Key=Team,Value=$TEAM}]
aws ec2 register-image --name "$NAME" --root-device-name /dev/xvda \\
  --tag-specifications '{"ResourceType":"image","Tags":[{"Key":"Owner","Value":"'$OWNER'"}]}'
"""
    assert report(tmp_path, script) == [
        # The same quoting as AMI401's for this word: one edit fixes both.
        (
            "6:65-6:70 AMI407",
            "`$TEAM` is not quoted: the shell splits its value at its blanks",
            'Put the value in double quotes: `"ResourceType=image,Tags=[{Key=Team,Value=$TEAM}]"`',
        ),
        # In JSON between single-quoted pieces: quoting the whole word would
        # change the quotes written in it, so the hint does not spell it out.
        (
            "8:82-8:88 AMI407",
            "`$OWNER` is not quoted: the shell splits its value at its blanks",
            "Put the whole value in double quotes, so that its `$` expansions still expand",
        ),
    ]


def test_brace_hint_uses_single_quotes_without_expansion(tmp_path: Path) -> None:
    script = """#!/bin/bash
aws ec2 register-image --name web --root-device-name /dev/xvda \\
  --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3} \\
    DeviceName=/dev/sdb,Ebs={VolumeSize=100,VolumeType=gp3}
"""
    # Before: "Put the value in single quotes" for both, which would stop
    # `$SNAP` from expanding; `SnapshotId=$SNAP` itself is no AMI407.
    assert report(tmp_path, script) == [
        (
            "3:52-3:85 AMI401",
            "`{SnapshotId=$SNAP,VolumeType=gp3}` is not quoted: brace expansion splits the value of "
            "`--block-device-mappings` into several words",
            'Put the value in double quotes: `"DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}"`',
        ),
        (
            "4:29-4:60 AMI401",
            "`{VolumeSize=100,VolumeType=gp3}` is not quoted: brace expansion splits the value of "
            "`--block-device-mappings` into several words",
            "Put the value in single quotes: `'DeviceName=/dev/sdb,Ebs={VolumeSize=100,VolumeType=gp3}'`",
        ),
    ]


def test_known_value_the_shell_splits_is_reported_in_any_value(tmp_path: Path) -> None:
    script = """#!/bin/bash
ROOT_MAPPING='{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}'
ARCH="x86_64 "
aws ec2 register-image --name web --architecture $ARCH --virtualization-type hvm \\
  --root-device-name /dev/xvda --block-device-mappings $ROOT_MAPPING
"""
    # The JSON is cut at its blanks into words that no longer parse: certain,
    # so reported though `BlockDeviceMappings` is no free text. `$ARCH` loses
    # only a trailing blank: one word, unchanged in meaning, not reported.
    assert report(tmp_path, script) == [
        (
            "5:56-5:69 AMI407",
            "`$ROOT_MAPPING` is not quoted: the shell splits its value at its blanks",
            'Put the value in double quotes: `"$ROOT_MAPPING"`',
        )
    ]
