"""`ami-lint --shorthand OPTION [VALUE...]`: one option's value, for editors and quick checks."""

from __future__ import annotations

import json

from tests.conftest import run_cli

ROOT_SNAPSHOT = "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}"


def _diagnostics(*args: str, stdin: str | None = None) -> list[tuple[str, int, int, int, int]]:
    option, *values = args
    result = run_cli("--format", "json", f"--shorthand={option}", *values, stdin=stdin)
    assert result.returncode in (0, 1), result.stderr
    return [
        (d["rule"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def test_clean_value_exits_0() -> None:
    result = run_cli(
        "--shorthand", "block-device-mappings", ROOT_SNAPSHOT, "DeviceName=/dev/xvdf,Ebs={VolumeSize=100}"
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_reference_page_example_2_is_clean() -> None:
    # The register-image reference page, example 2, as the CLI receives it.
    words = [
        "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}",
        "DeviceName=/dev/xvdf,Ebs={VolumeSize=100}",
    ]
    assert _diagnostics("--block-device-mappings", *words) == []


def test_each_word_is_a_line() -> None:
    got = _diagnostics(
        "block-device-mappings", ROOT_SNAPSHOT, "DeviceName=/dev/sdb,Ebs={VolumeSize=8,Iops=x}"
    )
    assert got == [("AMI103", 2, 44, 2, 45)]


def test_syntax_error_message_and_column() -> None:
    result = run_cli("--shorthand", "block-device-mappings", "DeviceName=/dev/xvda,Ebs={VolumeSize=8")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "<--block-device-mappings>:1:39: error AMI003 Expected: ',', received: 'EOF' [shorthand-syntax-error]"
    )
    assert lines[2] == "     | " + " " * 38 + "^"


def test_stdin_one_word_per_line_and_filename() -> None:
    result = run_cli(
        "--format", "json", "--stdin-filename", "bdm.txt", "--shorthand", "block-device-mappings", "-",
        stdin=ROOT_SNAPSHOT + "\nDeviceName=/dev/sdb,Ebs={VolumeType=gp4,VolumeSize=8}\n",
    )  # fmt: skip
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [(d["path"], d["rule"], d["line"], d["column"]) for d in diagnostics] == [
        ("bdm.txt", "AMI104", 2, 37)
    ]


def test_json_value_errors_land_inside_the_word() -> None:
    got = _diagnostics("tag-specifications", '[{"ResourceType": "image", "Tags": [{"Key": "aws:x"}]}]')
    assert got == [("AMI108", 1, 45, 1, 52)]
    assert _diagnostics("tag-specifications", '[{"ResourceType": "image",}]') == [("AMI001", 1, 27, 1, 28)]


def test_json_words_are_one_item_each() -> None:
    got = _diagnostics(
        "block-device-mappings",
        '{"DeviceName": "/dev/xvda", "NoDevice": ""}',
        '{"DeviceName": "/dev/sdb", "Ebs": {"Iops": "3", "VolumeSize": 8}}',
    )
    assert got == [("AMI103", 2, 44, 2, 47)]


def test_string_option() -> None:
    assert _diagnostics("name", "web:1") == [("AMI106", 1, 4, 1, 5)]


def test_list_of_strings_takes_words_as_items() -> None:
    # No syntax error; the one finding (AMI318, info) spans both words: one value.
    assert _diagnostics("billing-products", "bp-6ba54002", "bp-1234") == [("AMI318", 1, 1, 2, 8)]


def test_unknown_option_is_exit_2() -> None:
    result = run_cli("--shorthand", "block-device-mapping", "x=y")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "ami-lint: error: --shorthand: 'block-device-mapping' is not a register-image option"
    )
    assert result.stderr.count("\n") == 1


def test_sarif_output_of_a_shorthand_error() -> None:
    result = run_cli(
        "--format", "sarif", "--shorthand", "block-device-mappings", "DeviceName=/dev/xvda,Ebs={VolumeSize=8"
    )
    region = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 39)
