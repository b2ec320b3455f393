"""Fixes written in the host's syntax, or withheld where they cannot be written exactly."""

from __future__ import annotations

import pytest

from ami_lint.edits import Edit, Fix, applicable, apply_edits, fix, to_host
from ami_lint.engine import Linter, Options
from ami_lint.fixing import fix_data
from ami_lint.offsets import OffsetMap
from ami_lint.selection import Selection
from ami_lint.source import Source, Span

LINTER = Linter(Options(selection=Selection(select=("ALL", "AMI316"))))
UNSAFE = True


def fixed(text: str, name: str, unsafe: bool = False) -> str:
    data, _ = fix_data(LINTER, text.encode(), name, unsafe)
    return data.decode()


def rules_with_fixes(text: str, name: str) -> list[tuple[str, str]]:
    from ami_lint.report import Report

    report = Report()
    LINTER.lint_data(report, text.encode(), name)
    return sorted((d.rule, d.fix.safety) for d in report.diagnostics if d.fix is not None)


def test_json_in_a_double_quoted_shell_word() -> None:
    """Inside `"{\\"Architecture\\": …}"`: a value's characters are written as
    they read (fixed); quotes around `\\"true\\"` are escapes (withheld)."""
    script = (
        "aws ec2 register-image --name web --root-device-name /dev/xvda --virtualization-type hvm "
        '--block-device-mappings "[{\\"DeviceName\\": \\"/dev/xvda\\", \\"Ebs\\": '
        '{\\"VolumeSize\\": \\"8\\", \\"VolumeType\\": \\"GP3\\"}}]" --architecture amd64 --ena-support\n'
    )
    offered = [f for f in rules_with_fixes(script, "r.sh") if f[0] != "AMI316"]
    assert offered == [("AMI104", "safe"), ("AMI104", "safe")]
    assert fixed(script, "r.sh") == script.replace("GP3", "gp3").replace("amd64", "x86_64")


def test_json_in_a_single_quoted_shell_word() -> None:
    script = (
        "aws ec2 register-image --name web --root-device-name /dev/xvda --virtualization-type hvm "
        "--architecture x86_64 --ena-support "
        """--block-device-mappings '[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": "8"}}]'\n"""
    )
    assert fixed(script, "r.sh") == script.replace('"8"', "8")


@pytest.mark.parametrize(
    ("run", "after"),
    [
        ("run: |\n          aws ec2 register-image --name x --descr y\n",
         "run: |\n          aws ec2 register-image --name x --description y\n"),
        ('run: "aws ec2 register-image --name x --descr y"\n',
         'run: "aws ec2 register-image --name x --description y"\n'),
    ],
)  # fmt: skip
def test_fix_in_a_workflow_run_value(run: str, after: str) -> None:
    head = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - "
    assert fixed(head + run, ".github/workflows/ami.yml") == head + after


def test_quotes_are_not_written_into_a_plain_or_quoted_yaml_scalar() -> None:
    """AMI401 puts a word in quotes: in a `run: |` block (fixed), and single
    quotes in a double-quoted `run:` value; not where the quotes would need
    escapes: single quotes in a single-quoted value."""
    head = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - "
    call = (
        "aws ec2 register-image --name x "
        "--block-device-mappings DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}"
    )
    block = f"{head}run: |\n          {call}\n"
    assert ("AMI401", "safe") in rules_with_fixes(block, ".github/workflows/a.yml")
    assert "'DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}'" in fixed(
        block, ".github/workflows/a.yml"
    )
    quoted = f'{head}run: "{call}"\n'
    assert ("AMI401", "safe") in rules_with_fixes(quoted, ".github/workflows/a.yml")
    single = f"{head}run: '{call}'\n"
    assert ("AMI401", "safe") not in rules_with_fixes(single, ".github/workflows/a.yml")
    assert fixed(single, ".github/workflows/a.yml") == single


def test_markdown_placeholder_is_never_rewritten() -> None:
    doc = (
        "```sh\naws ec2 register-image --name x --block-device-mappings "
        "DeviceName=/dev/xvda,Ebs={SnapshotId=<snapshot-id>,VolumeSize=8}\n```\n"
    )
    assert ("AMI401", "safe") not in rules_with_fixes(doc, "README.md")
    assert fixed(doc, "README.md") == doc


def test_makefile_and_jenkinsfile_carry_fixes() -> None:
    # A recipe and a Groovy string hold the shell text as it is where no
    # escape stands (tests/test_makefile.py, tests/test_jenkinsfile.py).
    recipe = "r:\n\taws ec2 register-image --name x --descr y\n"
    assert rules_with_fixes(recipe, "Makefile") == [("AMI316", "unsafe"), ("AMI411", "safe")]
    jenkins = (
        "pipeline { agent any\n stages { stage('a') { steps { "
        "sh 'aws ec2 register-image --name x --descr y' } } } }\n"
    )
    assert rules_with_fixes(jenkins, "Jenkinsfile") == [("AMI316", "unsafe"), ("AMI411", "safe")]


def test_unsafe_fixes_only_with_unsafe() -> None:
    script = "aws ec2 register-image --name x --dry-run --architecture x86_64\n"
    assert fixed(script, "r.sh") == script
    assert (
        fixed(script, "r.sh", UNSAFE)
        == "aws ec2 register-image --name x --architecture x86_64 --imds-support v2.0\n"
    )


def test_yaml_block_keeps_comments_and_style() -> None:
    text = (
        "# image\nName: web  # the name\nArchitecture: amd64\nBlockDeviceMappings:\n"
        "  - DeviceName: /dev/xvda\n    Ebs:\n      Encrypted: yes\n"
        "      SnapshotId: snap-0123456789abcdef0\n"
    )
    assert fixed(text, "r.yaml") == text.replace("amd64", "x86_64").replace("yes", "true")
    assert fixed(text, "r.yaml", UNSAFE) == (
        "# image\nImdsSupport: v2.0\nName: web  # the name\nArchitecture: x86_64\nBlockDeviceMappings:\n"
        "  - DeviceName: /dev/xvda\n    Ebs:\n      SnapshotId: snap-0123456789abcdef0\n"
    )


def test_shorthand_in_a_shell_word() -> None:
    script = (
        "aws ec2 register-image --name x --block-device-mappings "
        "'DeviceName=/dev/xvda,Ebs={VolumeTyp=gp3,SnapshotId=snap-0123456789abcdef0,Encrypted=true}'\n"
    )
    assert fixed(script, "r.sh", UNSAFE).startswith(
        "aws ec2 register-image --name x --block-device-mappings "
        "'DeviceName=/dev/xvda,Ebs={VolumeType=gp3,SnapshotId=snap-0123456789abcdef0}'"
    )


def test_to_host_withholds_an_edit_across_an_atom() -> None:
    host = Source.from_text("a$$b", "Makefile")
    omap = OffsetMap(0)
    omap.add_literal(0, 1)
    omap.add_atom(1, 2, 1)
    omap.add_literal(3, 1)
    piece = Source.embedded("a$b", host, omap, escapes="$")
    assert to_host(piece, Fix("t", (Edit(Span(0, 1), "x"),))) == (host, Fix("t", (Edit(Span(0, 1), "x"),)))
    assert to_host(piece, Fix("t", (Edit(Span(1, 2), "x"),))) is None  # `$$` is one atom
    assert to_host(piece, Fix("t", (Edit(Span(2, 3), "$"),))) is None  # would need `$$`
    undeclared = Source.embedded("a$b", host, omap)
    assert to_host(undeclared, Fix("t", (Edit(Span(0, 1), "x"),))) is None


def test_applicable_takes_fixes_that_do_not_touch() -> None:
    a = Fix("a", (Edit(Span(0, 2), "x"),))
    b = Fix("b", (Edit(Span(2, 3), "y"),))  # meets a: next round
    c = Fix("c", (Edit(Span(4, 5), "z"),))
    assert applicable([c, b, a]) == [a, c]
    assert apply_edits("012345", [e for f in (a, c) for e in f.edits]) == "x23z5"
    assert fix("none", [Edit(Span(0, 1), ""), None]) is None
    with pytest.raises(ValueError):
        Fix("overlap", (Edit(Span(0, 2), ""), Edit(Span(1, 3), "")))


def test_fix_in_a_markdown_fence_in_a_list() -> None:
    doc = "# Register\n\n- step:\n\n  ```sh\n  aws ec2 register-image --name x --descr y\n  ```\n"
    assert fixed(doc, "runbook.md") == doc.replace("--descr", "--description")
