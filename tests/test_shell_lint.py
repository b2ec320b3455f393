"""Shell scripts end to end: command lines read as the CLI reads them, and
findings at the characters of the script."""

from __future__ import annotations

import json
from pathlib import Path

from ami_lint.engine import Linter
from ami_lint.files import file_format
from ami_lint.nodes import Scalar, Sequence, Unknown
from ami_lint.paramfile import FileResolver
from ami_lint.shell.calls import find_invocations
from ami_lint.shell.cmdline import CommandLine, read_command_line
from ami_lint.shell.requests import build_request
from ami_lint.shell.shebang import is_shell_shebang
from ami_lint.source import Source
from tests.conftest import lint, located, run_cli

CLEAN = """#!/usr/bin/env bash
set -euo pipefail
aws --region eu-west-1 ec2 register-image \\
  --name "web-server-$(date +%Y%m%d)" \\
  --description 'Web server image built from the golden snapshot' \\
  --architecture arm64 \\
  --virtualization-type hvm \\
  --boot-mode uefi \\
  --ena-support \\
  --imds-support v2.0 \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeType=gp3,\\
DeleteOnTermination=true}" \\
  --tag-specifications 'ResourceType=image,Tags=[{Key=team,Value=web}]'
"""


def command_line(script: str) -> CommandLine:
    (invocation,) = find_invocations(Source.from_text(script, "t.sh"))
    return read_command_line(invocation)


def found(script: str, linter: Linter) -> list[str]:
    return [located(d) for d in lint(script, "t.sh", "shell", linter)]


def test_name_and_architecture(linter: Linter) -> None:
    script = "aws ec2 register-image --name ab --architecture amd64\n"
    got = lint(script, "t.sh", "shell", linter)
    # `aws ec2 register-image --name ` is 30 characters; `--architecture ` ends at 48.
    assert "1:31-1:33 AMI105" in [located(d) for d in got]
    assert "1:49-1:54 AMI104" in [located(d) for d in got]


def test_clean_script_has_no_findings(linter: Linter) -> None:
    assert found(CLEAN, linter) == []


def test_shorthand_error_in_continued_double_quoted_value(linter: Linter) -> None:
    script = (
        "aws ec2 register-image --name web-server \\\n"
        '  --block-device-mappings "DeviceName=/dev/xvda,\\\n'
        'Ebs={VolumeSize=8,VolumeType=gp9}" "DeviceName=/dev/sdb,\\\n'
        '\tEbs={VolumeSize=8"\n'
    )
    got = found(script, linter)
    # Line 3: `Ebs={VolumeSize=8,VolumeType=` is 29 characters, then `gp9`.
    assert "3:30-3:33 AMI104" in got
    # Line 4: a tab, `Ebs={VolumeSize=8` (17 characters): the end of the value
    # is at column 19, where the closing quote stands.
    assert "4:19-4:19 AMI003" in got


def test_json_in_single_quotes(linter: Linter) -> None:
    script = 'aws ec2 register-image --name web --block-device-mappings \'[{"DeviceName": "/dev/xvda",}]\'\n'
    # The image rules (AMI3xx) report the request's missing parts; not the point here.
    got = [g for g in found(script, linter) if " AMI3" not in g]
    # The JSON starts at column 60; `[{"DeviceName": "/dev/xvda",` is 28 characters.
    assert got == ["1:88-1:89 AMI001"]


def test_json_with_escaped_quotes_in_double_quotes(linter: Linter) -> None:
    script = (
        'aws ec2 register-image --name web --block-device-mappings "[{\\"DeviceName\\": \\"/dev/xvda\\", '
        '\\"Ebs\\": {\\"VolumeType\\": \\"gp4\\"}}]"\n'
    )
    got = [g for g in found(script, linter) if g.endswith("AMI104")]
    # The opening quote is column 59; `\\"gp4\\"` covers columns 119-125.
    assert got == ["1:119-1:126 AMI104"]


def test_name_from_variable_gives_nothing(linter: Linter) -> None:
    script = CLEAN.replace('"web-server-$(date +%Y%m%d)"', '"$NAME"')
    assert found(script, linter) == []
    short = 'aws ec2 register-image --name "$NAME"\n'
    assert not [g for g in found(short, linter) if g.endswith(("AMI105", "AMI106", "AMI102"))]


def test_mappings_from_variable_give_nothing(linter: Linter) -> None:
    script = CLEAN.replace(
        '"DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeType=gp3,\\\nDeleteOnTermination=true}"',
        '"$BDM"',
    )
    assert '"$BDM"' in script
    assert found(script, linter) == []


def test_missing_file_reference_is_unknown() -> None:
    line = command_line("aws ec2 register-image --name x --block-device-mappings file://no-such-bdm.json\n")
    root, findings = build_request(line, FileResolver())
    value = root.get("BlockDeviceMappings")
    assert isinstance(value, Unknown) and value.reason == "file"
    assert [f.rule for f in findings] == ["AMI004"]  # followed in tests/test_paramfile.py


def test_splice_silences_missing_option_rules(linter: Linter) -> None:
    assert "1:1-1:44 AMI102" in found("aws ec2 register-image --architecture arm64\n", linter)
    for splice in ("$EXTRA_FLAGS", '"${args[@]}"', "$(flags)"):
        script = f"aws ec2 register-image --architecture arm64 {splice}\n"
        assert command_line(script).has_splice
        assert not [g for g in found(script, linter) if g.endswith(("AMI102", "AMI301", "AMI305"))]


def test_options_as_argparse_reads_them() -> None:
    line = command_line(
        "aws ec2 register-image --name=web --no-ena-support --ena-support --billing-products bp-1 bp-2 "
        "--block-device-mapping DeviceName=/dev/sda1 --kernel aki-12345678 --region us-east-1 "
        "--d x --foo true --description\n"
    )
    uses = {u.spec.name: u for u in line.options}
    assert uses["--name"].explicit and uses["--name"].values[0].text == "web"
    assert [v.text for v in uses["--billing-products"].values] == ["bp-1", "bp-2"]
    assert uses["--block-device-mappings"].abbreviated
    assert uses["--block-device-mappings"].written == "--block-device-mapping"
    assert uses["--kernel-id"].abbreviated
    assert not uses["--billing-products"].abbreviated
    assert uses["--description"].missing_value
    assert [(s.word.text, s.reason) for s in line.strays] == [
        ("--d", "ambiguous-option"),
        ("x", "argument"),
        ("--foo", "unknown-option"),
        ("true", "argument"),
    ]
    assert [w.text for w in line.globals_after] == ["--region", "us-east-1"]
    root, _ = build_request(line, FileResolver())
    ena = root.get("EnaSupport")
    assert isinstance(ena, Scalar) and ena.value is True  # the last flag wins
    products = root.get("BillingProducts")
    assert isinstance(products, Sequence) and [i.value for i in products.items] == ["bp-1", "bp-2"]  # type: ignore[attr-defined]
    name_key = root.entry("Name")
    assert name_key is not None and name_key.key.text() == "--name"


def test_cli_options_and_double_dash() -> None:
    line = command_line(
        "aws ec2 register-image --cli-input-json file://r.json --generate-cli-skeleton input "
        "--dry-run -- --name x\n"
    )
    assert [u.spec.name for u in line.options] == ["--cli-input-json", "--generate-cli-skeleton", "--dry-run"]
    assert [s.word.text for s in line.strays] == ["--name", "x"]


def test_list_option_stops_at_next_option_and_takes_negative_numbers() -> None:
    line = command_line("aws ec2 register-image --billing-products -5 'a b' --name web\n")
    assert [v.text for v in line.options[0].values] == ["-5", "a b"]


def test_script_without_a_call_is_skipped() -> None:
    diagnostics, note = Linter().lint_text("#!/bin/sh\naws s3 ls\n", "x.sh", "shell")
    assert (diagnostics, note) == ([], "skipped: no aws ec2 register-image call")


def test_shell_file_formats() -> None:
    assert file_format("deploy/build.sh") == "shell"
    assert file_format("x.BASH") == "shell"
    assert file_format("x.zsh") == file_format("x.ksh") == "shell"
    assert file_format("build", b"#!/bin/bash\nset -e\n") == "shell"
    assert file_format("build") is None
    for line in (
        b"#!/bin/sh",
        b"#! /usr/bin/env bash",
        b"#!/usr/bin/env -S bash -e",
        b"#!/bin/dash",
        b"#!/bin/zsh -f",
        b"#!/usr/bin/ksh",
    ):
        assert is_shell_shebang(line + b"\n"), line
    for line in (b"#!/usr/bin/env python3", b"#!/usr/bin/perl", b"# bash", b""):
        assert not is_shell_shebang(line + b"\n"), line


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_on_scripts(tmp_path: Path) -> None:
    bad = "#!/bin/bash\n# régión\naws ec2 register-image --name ab --architecture amd64\n"
    _write(tmp_path, "build.sh", bad)
    _write(tmp_path, "tools/register", bad)  # extensionless, with a shebang
    _write(tmp_path, "tools/notes", "aws ec2 register-image --name ab\n")  # no shebang: not walked
    _write(tmp_path, "other.sh", "aws s3 ls\n")
    # The image rules (AMI3xx) report the requests' missing parts; not the point here.
    result = run_cli("--format", "json", "--verbose", "--ignore", "AMI3", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    got = [
        (d["path"], d["rule"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in report["diagnostics"]
    ]
    assert got == [
        ("build.sh", "AMI105", 3, 31, 3, 33),
        ("build.sh", "AMI104", 3, 49, 3, 54),
        ("tools/register", "AMI105", 3, 31, 3, 33),
        ("tools/register", "AMI104", 3, 49, 3, 54),
    ]
    assert "other.sh: skipped: no aws ec2 register-image call" in result.stderr
    # Named explicitly, an extensionless file is read as a script.
    result = run_cli("--format", "json", "--ignore", "AMI3", "tools/notes", cwd=tmp_path)
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["AMI105"]


def test_cli_text_output_for_a_script(tmp_path: Path) -> None:
    _write(tmp_path, "r.sh", "aws ec2 register-image \\\n\t--name 'a'\n")
    result = run_cli("r.sh", cwd=tmp_path)
    assert result.returncode == 1
    assert "r.sh:2:10: error AMI105" in result.stdout  # a tab, `--name`, a space, the quote


def test_many_calls_are_kept_out_of_the_collector_while_checked(linter: Linter) -> None:
    """A script of many calls gives each call's findings as a short one does,
    and leaves the collector as it found it: nothing frozen afterwards, and a
    freeze made before (a `--jobs` worker) kept."""
    import gc

    from ami_lint.frontends.shell import MANY_CALLS

    bad = 'aws ec2 register-image --name "a:b" --architecture arm64 --boot-mode legacy-bios\n'
    one = found(bad, linter)
    assert one  # AMI106 and AMI312 at least
    many = found(bad * MANY_CALLS, linter)
    assert all(item.startswith("1:") and "-1:" in item for item in one)
    expected = [
        item.replace("1:", f"{line}:", 1).replace("-1:", f"-{line}:", 1)
        for line in range(1, MANY_CALLS + 1)
        for item in one
    ]
    assert many == expected
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert found(bad * MANY_CALLS, linter) == expected
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_many_calls_give_back_what_the_collector_holds_as_they_go(linter: Linter) -> None:
    """Every `MANY_CALLS` calls of a script of many, a full collection (which
    gives back the free lists' memory: CPython keeps up to 2,000 tuples of
    each size) and what survived it kept out of the next: each collection
    sees only the calls since the last, the findings are the same, and
    nothing stays frozen."""
    import gc

    from ami_lint.frontends.shell import MANY_CALLS

    bad = 'aws ec2 register-image --name "a:b" --architecture arm64 --boot-mode legacy-bios\n'
    one = found(bad, linter)
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(gc.get_freeze_count())

    was_enabled = gc.isenabled()
    gc.disable()  # only the collections the front end asks for
    gc.callbacks.append(watch)
    try:
        many = found(bad * (3 * MANY_CALLS + 10), linter)
    finally:
        gc.callbacks.remove(watch)
        if was_enabled:
            gc.enable()
    assert len(many) == len(one) * (3 * MANY_CALLS + 10)
    assert len(seen) == 3
    assert 0 < seen[0] < seen[1] < seen[2]
    assert gc.get_freeze_count() == 0
