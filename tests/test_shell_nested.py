"""Shell inside a shell command (ami_lint.shell.nested): the command string
of `bash -c '…'`, `sh -c "…"` and `ssh host '…'` is a script too, its
findings placed where each character was written, through the outer quotes."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ami_lint.engine import Linter, Options
from ami_lint.frontends.shell import MAX_DEPTH
from ami_lint.selection import Selection
from tests.conftest import lint, located, run_cli

CASES = Path(__file__).parent / "cases"
CALL = "aws ec2 register-image --name web --architecture amd64"


@functools.cache
def _all() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL", "AMI005"))))


def found(text: str, rule: str | None = None) -> list[str]:
    return [located(d) for d in lint(text, "run.sh", "shell", _all()) if rule is None or d.rule == rule]


def quoted(script: str) -> str:
    """`script` in single quotes, as a shell word."""
    return "'" + script.replace("'", "'\\''") + "'"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"bash -c '{CALL}'", "1:59-1:64"),
        (f'sh -c "{CALL}"', "1:57-1:62"),
        (f"zsh -ec '{CALL}'", "1:59-1:64"),
        (f"/bin/dash -c -- '{CALL}'", "1:67-1:72"),
        (f"sudo -u ec2-user bash -o pipefail -c '{CALL}'", "1:88-1:93"),
        (f"env A=1 bash -lc '{CALL}' arg0 arg1", "1:68-1:73"),
        (f"ssh -i key.pem -p 22 ec2-user@host '{CALL}'", "1:86-1:91"),
        (f"ssh -tt host {CALL}", "1:63-1:68"),
        (f'ssh "$HOST" "{CALL}"', "1:63-1:68"),
        (f"ssh -o StrictHostKeyChecking=no -- host '{CALL}'", "1:91-1:96"),
    ],
)
def test_command_string_positions(line: str, expected: str) -> None:
    assert found(line + "\n", "AMI104") == [f"{expected} AMI104"]
    start, end = expected.split("-")
    assert line[int(start.split(":")[1]) - 1 : int(end.split(":")[1]) - 1] == "amd64"


def test_escapes_of_the_outer_quotes() -> None:
    # `\"` is one character of the inner script, `'\''` one quote.
    text = 'sh -c "aws ec2 register-image --name \\"web\\" --description \\$HOME --architecture amd64"\n'
    assert found(text, "AMI104") == ["1:82-1:87 AMI104"]
    assert found(text, "AMI005") == ["1:60-1:66 AMI005"]
    text = "bash -c 'aws ec2 register-image --name '\\''w b'\\'' --architecture amd64'\n"
    assert found(text, "AMI104") == ["1:67-1:72 AMI104"]


def test_continued_lines_inside_the_string() -> None:
    text = "bash -c 'aws ec2 register-image --name web \\\n  --architecture amd64'\n"
    assert found(text, "AMI104") == ["2:18-2:23 AMI104"]


def test_nested_bash_c() -> None:
    text = f"bash -c \"bash -c '{CALL}'\"\n"
    assert found(text, "AMI104") == ["1:68-1:73 AMI104"]


def test_outer_variable_is_unknown_in_the_inner_script() -> None:
    text = 'bash -c "aws ec2 register-image --name $NAME --architecture amd64"\n'
    assert found(text, "AMI005") == ["1:40-1:45 AMI005"]
    assert found(text, "AMI104") == ["1:61-1:66 AMI104"]
    got = [d.message for d in lint(text, "run.sh", "shell", _all()) if d.rule == "AMI005"]
    assert got == ["`$NAME` is only known when the script runs: the value of `--name` was not checked"]


def test_outer_variable_inside_inner_single_quotes_is_left_out() -> None:
    # The inner shell reads `'$NAME'`'s value as text it cannot know here.
    text = "bash -c \"aws ec2 register-image --name '$NAME' --architecture amd64\"\n"
    assert found(text) == []


@pytest.mark.parametrize(
    "line",
    [
        f"bash script.sh '{CALL}'",  # no -c: a script file
        f"echo '{CALL}'",
        f"bash -c \"$CMD\" '{CALL}'",  # the command string is unknown, the rest is $0
        f"ssh host-only-{CALL.replace(' ', '-')}",
        f"grep -c '{CALL}' log",
    ],
)
def test_other_commands_are_not_scripts(line: str) -> None:
    assert found(line + "\n") == []


def test_suppression_inside_and_before(tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text(
        "#!/bin/bash\n"
        "# ami-lint: disable=AMI104\n"
        f"bash -c '{CALL}'\n"
        "bash -c '\n"
        "  # ami-lint: disable=AMI104\n"
        f"  {CALL}\n"
        f"  {CALL.replace('amd64', 'amd65')}'\n"
    )
    proc = run_cli("--format", "editor", "--select", "AMI104", "run.sh", cwd=tmp_path)
    assert [line.split(" AMI104")[0] for line in proc.stdout.splitlines()] == ["run.sh:7:52:7:57: error:"]


def test_depth_is_limited() -> None:
    script = CALL
    for depth in range(1, 8):
        script = "bash -c " + quoted(script)
        got = found(script + "\n", "AMI104")
        assert len(got) == (1 if depth <= MAX_DEPTH else 0), depth


def test_deep_nesting_ends_cleanly() -> None:
    script = CALL
    for _ in range(12):
        script = "bash -c " + quoted(script)
    assert len(script) > 10_000
    assert found(script + "\n") == []
    # Double quotes inside single inside double…: no escaping needed, no growth.
    text = 'bash -c "' * 40 + CALL + '"' * 40 + "\n"
    lint(text, "run.sh", "shell", _all())  # no exception


def _work(text: str) -> int:
    linter = _all()
    linter.lint_text(f"bash -c '{CALL}'\n", "warm.sh", "shell")
    events = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal events
        events += 1
        return trace

    sys.settrace(trace)
    try:
        linter.lint_text(text, "run.sh", "shell")
    finally:
        sys.settrace(None)
    return events


def test_many_command_strings_stay_linear() -> None:
    def script(n: int) -> str:
        lines = [f"echo {i} && bash -c 'echo {i}; true'\n" for i in range(10 * n)]
        lines += [f"bash -c \"sh -c '{CALL.replace('web', f'web-{i}')}'\"\n" for i in range(n)]
        return "#!/bin/bash\n" + "".join(lines)

    small, large = _work(script(40)), _work(script(80))
    assert large < 2.4 * small, (small, large)


# --- the shell cases, as `bash -c '…'` ------------------------------------------


def _cases() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if case["format"] != "shell" or "path" in case:
                continue
            first = case["source"].split("\n", 1)[0]
            if first.startswith("#!") and "bash" not in first:
                continue  # the inner script's shell is bash
            out.append((f"{data['rule']}-{case['name']}", case["source"]))
    return out


CASES_ALL = _cases()


@pytest.mark.parametrize(("name", "script"), CASES_ALL, ids=[n for n, _ in CASES_ALL])
def test_shell_case_in_bash_c_gets_the_same_findings_shifted(name: str, script: str) -> None:
    lines = script.split("\n")
    shebang = lines[0].startswith("#!")
    head, body = (lines[:1], lines[1:]) if shebang else ([], lines)
    wrapped_text = "\n".join([*head, "bash -c " + quoted("\n".join(body))]) + "\n"
    first_line = 2 if shebang else 1

    def shifted(line: int, column: int, end: bool = False) -> str:
        text = lines[line - 1]
        extra = 3 * text[: column - 1].count("'")
        if end and column > 1 and text[column - 2] == "'":
            extra -= 1  # `'\''` is a quote (`\'`) between two quotes of the outer word
        if line == first_line:
            extra += len("bash -c '")
        return f"{line}:{column + extra}"

    plain = lint(script, "case.sh", "shell", _all())
    wrapped = lint(wrapped_text, "case.sh", "shell", _all())
    expected = sorted(
        f"{shifted(d.start.line, d.start.column)}-{shifted(d.end.line, d.end.column, True)} {d.rule}"
        for d in plain
    )
    assert sorted(located(d) for d in wrapped) == expected


def test_enough_cases_are_wrapped() -> None:
    assert len(CASES_ALL) > 80


def test_suppression_through_two_levels(tmp_path: Path) -> None:
    """A directive inside `sh -c` inside `bash -c`, and inside `bash -c` in a
    Makefile recipe: each level places the comment in its host once."""
    directive = "# ami-lint: disable=AMI104"
    (tmp_path / "x.sh").write_text(f"#!/bin/bash\nbash -c \"sh -c '{CALL} {directive}'\"\n")
    (tmp_path / "Makefile").write_text(
        f"image:\n\tbash -c '{CALL} {directive}'\n\tbash -c '{CALL.replace('amd64', 'amd65')}'\n"
    )
    proc = run_cli("--format", "editor", "--select", "AMI104", "x.sh", "Makefile", cwd=tmp_path)
    assert [line.split(" AMI104")[0] for line in proc.stdout.splitlines()] == ["Makefile:3:60:3:65: error:"]


def test_fixes_in_command_strings(tmp_path: Path) -> None:
    # A rename, a value's case or a removal is written back into the outer
    # word whatever its quoting; a fix that writes a quote (AMI401) is not.
    original = (
        "#!/bin/bash\n"
        'bash -c "aws ec2 register-image --name web --arch x86_64 --virtualization-type HVM'
        " --ena-support true --image-location b/i.manifest.xml"
        ' --block-device-mappings DeviceName=/dev/sdb,Ebs={VolumeSize=8,VolumeType=gp3}"\n'
        "ssh host 'aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm"
        " --ena-support --image-location b/i.manifest.xml --dry-run'\n"
    )
    script = tmp_path / "nest.sh"
    script.write_text(original)
    assert run_cli("--fix", "--unsafe-fixes", str(script)).returncode == 1  # AMI401 remains
    assert script.read_text() == (
        original.replace("--arch x86_64", "--architecture x86_64")
        .replace("HVM", "hvm")
        .replace("--ena-support true", "--ena-support")
        .replace(" --dry-run'", "'")
    )
