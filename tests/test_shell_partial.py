"""Partly known values in scripts: the known parts are parsed and checked (SPEC §1)."""

from __future__ import annotations

from tests.conftest import lint


def _found(script: str) -> list[tuple[str, int, int]]:
    return [(d.rule, d.start.line, d.start.column) for d in lint(script, "build.sh", "shell")]


def _col(line: str, needle: str) -> int:
    return line.index(needle) + 1


BUILD = (
    "#!/usr/bin/env bash\n"
    "register() {\n"
    '\tIMAGE_ID=$(aws ec2 register-image --name "$1" --architecture x86_64 --virtualization-type hvm \\\n'
    '\t\t--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP},VolumeType=gp3,Iops=100}" \\\n'
    '\t\t  "DeviceName=/dev/sdb,Ebs={VolumeSize=$SIZE,VolumeType=io1}" \\\n'
    "\t\t--query ImageId --output text)\n"
    "}\n"
)


def test_known_parts_of_shorthand_with_variables_are_checked() -> None:
    lines = BUILD.splitlines()
    got = [f for f in _found(BUILD) if f[0] in ("AMI210", "AMI208", "AMI003", "AMI107", "AMI103")]
    assert got == [
        ("AMI210", 4, _col(lines[3], "100")),
        ("AMI208", 5, _col(lines[4], "{VolumeSize")),
    ]


def test_json_with_bare_expansion_is_not_a_syntax_error() -> None:
    script = (
        "aws ec2 register-image --name web-1 --block-device-mappings "
        """'[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": '"${SIZE}"', "VolumeType": "gp4"}}]'\n"""
    )
    got = _found(script)
    assert ("AMI104", 1, script.index('"gp4"') + 1) in got
    assert not {rule for rule, _, _ in got} & {"AMI001", "AMI103"}


def test_syntax_error_before_the_unknown_part_is_reported_after_it_is_not() -> None:
    before = (
        'aws ec2 register-image --name web-1 --block-device-mappings "Ebs={VolumeSize=8,,DeviceName=$DEV"\n'
    )
    assert [f for f in _found(before) if f[0] == "AMI003"] == [("AMI003", 1, before.index(",,") + 2)]
    after = (
        'aws ec2 register-image --name web-1 --block-device-mappings "DeviceName=$DEV,Ebs={VolumeSize=8"\n'
    )
    assert [f for f in _found(after) if f[0] == "AMI003"] == []


def test_unknown_key_makes_the_whole_value_unknown() -> None:
    script = (
        'aws ec2 register-image --name web-1 --block-device-mappings "DeviceName=/dev/xvda,Ebs={${K}=8}"\n'
    )
    assert [f for f in _found(script) if f[0] in ("AMI101", "AMI207")] == []


def test_unquoted_braces_with_a_variable_are_one_word_and_brace_expansion() -> None:
    # tree-sitter-bash splits this word after the bare `$`; bash reads one word
    # (then brace-expands it): AMI401, and no shorthand syntax error.
    script = (
        "aws ec2 register-image --name web-1 --block-device-mappings "
        "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAP,VolumeType=gp3}\n"
    )
    got = _found(script)
    assert ("AMI401", 1, script.index("{Snap") + 1) in got
    assert "AMI003" not in {rule for rule, _, _ in got}
