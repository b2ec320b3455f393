"""Dockerfiles (ami_lint.frontends.dockerfile): what each `RUN` gives the shell
is linted as a shell script, every finding at the exact place of the
Dockerfile where its characters were written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ami_lint.cli import main
from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter
from ami_lint.frontends import claim
from ami_lint.frontends.docker import read
from ami_lint.shell.shebang import shebang_shell
from ami_lint.source import Source
from tests.conftest import located, run_cli
from tests.test_jenkinsfile import SHELL_INPUTS

TAIL = "--virtualization-type hvm --ena-support --image-location b/i.manifest.xml"


def _found(linter: Linter, text: str, name: str = "Dockerfile") -> list[str]:
    diagnostics, _ = linter.lint_text(text, name, "dockerfile")
    return [located(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)]


def test_shell_form_with_continuations_and_dropped_comment_lines(linter: Linter) -> None:
    text = (
        "FROM amazon/aws-cli:2.15.0\n"
        "RUN aws ec2 register-image --name web-1 \\\n"
        "    # Docker drops this line: --architecture bad\n"
        "\n"
        f"    --architecture amd64 {TAIL}\n"
    )
    assert _found(linter, text) == ["5:20-5:25 AMI104"]


def test_flags_onbuild_and_lower_case(linter: Linter) -> None:
    text = (
        "FROM amazon/aws-cli\n"
        "RUN --mount=type=secret,id=aws --network=host aws ec2 register-image --name web-1 "
        f"--architecture amd64 {TAIL}\n"
        "onbuild run aws ec2 register-image --name web-2 --architecture arm64 --boot-mode legacy-bios "
        f"{TAIL}\n"
    )
    assert _found(linter, text) == ["2:98-2:103 AMI104", "3:82-3:93 AMI312"]


def test_escape_directive(linter: Linter) -> None:
    """With `# escape=`` `, a backtick continues a line and a `\\` is the
    shell's (here it ends the instruction: the shell gets a lone `\\`)."""
    text = (
        "# escape=`\n"
        "FROM amazon/aws-cli\n"
        "RUN aws ec2 register-image --name web-1 `\n"
        f"    --architecture amd64 {TAIL}\n"
        f"RUN aws ec2 register-image --name web-2 --architecture arm64 --boot-mode legacy-bios {TAIL} \\\n"
        "    --architecture amd64\n"
    )
    assert _found(linter, text) == ["4:20-4:25 AMI104", "5:74-5:85 AMI312"]
    # Not at the top, it is a comment: the backtick is then the shell's.
    late = "FROM amazon/aws-cli\n# escape=`\n" + text.split("\n", 2)[2]
    assert read(late).escape == "\\"


def test_heredocs(linter: Linter) -> None:
    text = (
        "FROM amazon/aws-cli\n"
        "RUN <<EOF\n"
        f"aws ec2 register-image --name web-1 {TAIL} \\\n"
        "  --architecture amd64\n"
        "EOF\n"
        "RUN <<-'SCRIPT'\n"
        f"\t\taws ec2 register-image --name web-2 {TAIL} --boot-mode bad\n"
        "\tSCRIPT\n"
        'RUN cat > /tmp/req.json <<"JSON" && aws ec2 register-image --cli-input-json file:///tmp/req.json '
        "--name web-3 --architecture bad\n"
        '{"ImageLocation": "b/i.manifest.xml", "VirtualizationType": "hvm", "EnaSupport": true}\n'
        "JSON\n"
        "RUN <<EOF\n"
        "#!/usr/bin/env python3\n"
        "print('aws ec2 register-image --architecture bad')\n"
        "EOF\n"
    )
    assert _found(linter, text) == ["4:18-4:23 AMI104", "7:125-7:128 AMI104", "9:126-9:129 AMI104"]


def test_exec_form(linter: Linter) -> None:
    """No shell: each element is one word (a `'` or a blank in it too), its
    characters where they stand in the JSON string, escapes as written."""
    text = (
        "FROM amazon/aws-cli\n"
        'RUN ["aws", "ec2", "register-image", "--name", "it\'s web 1", '
        '"--architecture", "amd\\u0036\\u0034", \\\n'
        '     "--virtualization-type", "hvm", "--ena-support", "--image-location", "b/i.manifest.xml", \\\n'
        '     "--description", "$NOT_EXPANDED", "--boot-mode", "bad"]\n'
    )
    assert _found(linter, text) == ["2:81-2:96 AMI104", "4:56-4:59 AMI104"]


def test_env_values_are_known_and_args_are_not(linter: Linter) -> None:
    text = (
        "FROM amazon/aws-cli\n"
        'ENV DESCRIPTION="Web server" ARCH=amd64\n'
        "ARG BOOT=uefi\n"
        "RUN aws ec2 register-image --name web-1 --description $DESCRIPTION --architecture $ARCH "
        f"--boot-mode $BOOT {TAIL}\n"
        "FROM amazon/aws-cli AS second\n"
        f"RUN aws ec2 register-image --name web-2 --architecture $ARCH {TAIL}\n"
    )
    # `Web server` splits (AMI407 at the use, AMI410 at the value's second
    # word); `amd64` is reported where the ENV wrote it. A new stage forgets it.
    assert _found(linter, text) == ["2:22-2:28 AMI410", "2:35-2:40 AMI104", "4:55-4:67 AMI407"]


def test_a_non_posix_shell_leaves_run_out(linter: Linter) -> None:
    text = (
        "FROM mcr.microsoft.com/windows/servercore\n"
        'SHELL ["powershell", "-Command"]\n'
        f"RUN aws ec2 register-image --name web-1 --architecture amd64 {TAIL}\n"
        'SHELL ["/bin/bash", "-c"]\n'
        f"RUN aws ec2 register-image --name web-2 --architecture amd64 {TAIL}\n"
    )
    assert _found(linter, text) == ["5:56-5:61 AMI104"]


def test_directives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM amazon/aws-cli\n"
        "# ami-lint: disable=AMI104\n"
        "RUN aws ec2 register-image --name web-1 \\\n"
        f"    --architecture amd64 {TAIL}\n"
        f"RUN aws ec2 register-image --name web-2 {TAIL} \\\n"
        "    # ami-lint: disable=AMI104\n"
        "    --architecture amd64\n"
        f"RUN aws ec2 register-image --name web-3 {TAIL} --architecture amd64  # ami-lint: disable=AMI104\n"
        f"RUN aws ec2 register-image --name web-4 {TAIL} --architecture amd64\n"
    )
    code = main(
        ["--format", "json", "--jobs", "1", "--warn-unused-suppressions", str(tmp_path / "Dockerfile")]
    )
    out = json.loads(capsys.readouterr().out)
    got = [(d["rule"], d["line"], d["column"]) for d in out["diagnostics"]]
    assert got == [("AMI104", 9, 130)]
    assert code == 1


@pytest.mark.parametrize(
    ("name", "claimed"),
    [
        ("Dockerfile", True),
        ("images/Dockerfile.prod", True),
        ("ami.Dockerfile", True),
        ("ami.dockerfile", True),
        ("Containerfile", True),
        ("Dockerfile.json", False),
        ("dockerfile-notes.txt", False),
    ],
)
def test_claims(name: str, claimed: bool) -> None:
    front = claim(name)
    assert (front is not None and front.name == "dockerfile") == claimed


def test_without_a_call_is_skipped(linter: Linter) -> None:
    _, note = linter.lint_text("FROM alpine\nRUN make\n", "Dockerfile", "dockerfile")
    assert note == "skipped: no aws ec2 register-image call"
    _, note = linter.lint_text("FROM alpine\nLABEL x=register-image\n", "Dockerfile", "dockerfile")
    assert note is not None and note.startswith("skipped: mentions register-image")


# ---------------------------------------------------------------------------
# The shell cases in a Dockerfile: as a `RUN <<EOF` script (every case),
# and as one `RUN` continued over lines (the cases that are one command).


def _expected(linter: Linter, script: str, host: Source, moved) -> list[tuple]:  # type: ignore[no-untyped-def]
    plain, _ = linter.lint_text(script, "case.sh", "shell")
    out = []
    for d in plain:
        if d.source.path == "case.sh":
            start, end = moved(d.span.start), moved(d.span.end)
            out.append((d.rule, host.position(start), host.position(end)))
    return sorted(out, key=repr)


def _got(linter: Linter, text: str) -> list[tuple]:
    wrapped, _ = linter.lint_text(text, "Dockerfile", "dockerfile")
    return sorted(((d.rule, d.start, d.end) for d in wrapped if d.source.path == "Dockerfile"), key=repr)


@pytest.mark.parametrize(("name", "script"), SHELL_INPUTS, ids=[n for n, _ in SHELL_INPUTS])
def test_shell_cases_in_a_heredoc(linter: Linter, name: str, script: str) -> None:
    head = "FROM amazon/aws-cli\nRUN <<'AMI_LINT_END'\n"
    text = head + script + ("" if script.endswith("\n") else "\n") + "AMI_LINT_END\n"
    host = Source(text, "Dockerfile")
    assert _got(linter, text) == _expected(linter, script, host, lambda at: at + len(head))


def _one_command(script: str) -> bool:
    """A bash script of one command (a `RUN` gives no `#!` line: the shell is read as bash)."""
    lines = script.split("\n")
    if shebang_shell(script.encode()) != "bash" or lines[-1] != "" or "'" in script or "<<" in script:
        return False
    body = lines[1:-1]
    return (
        bool(body)
        and all(line.endswith("\\") for line in body[:-1])
        and not any(line.lstrip().startswith("#") or not line.strip() for line in body)
    )


ONE_COMMAND = [(n, s) for n, s in SHELL_INPUTS if _one_command(s)]


@pytest.mark.parametrize(("name", "script"), ONE_COMMAND, ids=[n for n, _ in ONE_COMMAND])
def test_shell_cases_in_a_continued_run(linter: Linter, name: str, script: str) -> None:
    # The `#!` line becomes `FROM`, the command's first line gets `RUN `.
    first = script.index("\n") + 1
    text = "FROM amazon/aws-cli\nRUN " + script[first:]
    host = Source(text, "Dockerfile")
    shift = len("FROM amazon/aws-cli\nRUN ") - first
    assert _got(linter, text) == _expected(linter, script, host, lambda at: at + shift)


def test_enough_one_command_cases() -> None:
    assert len(ONE_COMMAND) >= 20


# ---------------------------------------------------------------------------
# Hostile files end, cleanly and in time that grows with their size.

CALL = f"aws ec2 register-image --name web-1 --architecture amd64 {TAIL}"


def test_hostile_dockerfiles_end_cleanly(linter: Linter) -> None:
    for tail in (
        "RUN <<EOF\n" + CALL,  # a here-document never ended
        "RUN <<EOF\n" * 2000,
        "RUN " + CALL + " \\",  # continued past the end
        "RUN " + "\\\n" * 2000,
        'RUN ["aws", "ec2", "register-image", "--architecture", "amd64',  # unterminated JSON
        "RUN [" + '"x",' * 2000,
        "ENV " + "A=1 " * 2000 + "\nRUN " + CALL + " --description $A",
    ):
        diagnostics, _ = linter.lint_text(f"FROM x\nRUN {CALL}\n" + tail, "Dockerfile", "dockerfile")
        assert [located(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)][:1] == [
            "2:56-2:61 AMI104"
        ], tail


def test_a_hundred_thousand_lines(linter: Linter) -> None:
    text = "FROM x\n" + "RUN echo x\n" * 50_000 + "RUN " + "echo x && \\\n" * 50_000 + CALL + "\n"
    assert len(read(text).instructions) == 50_002
    assert _found(linter, text) == ["100002:52-100002:57 AMI104"]


def _work(text: str) -> int:
    """Python lines run reading `text` and making its scripts: deterministic, unlike time."""
    from ami_lint.frontends.docker import scripts as _scripts

    events = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal events
        events += 1
        return trace

    sys.settrace(trace)
    try:
        for _ in _scripts(read(text), text):
            pass
    finally:
        sys.settrace(None)
    return events


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "FROM x\n" + f"RUN {CALL}\n" * n,
        lambda n: "FROM x\nRUN " + "echo x && \\\n  # c\n" * n + CALL + "\n",
        lambda n: "FROM x\nRUN <<EOF\n" + "echo x\n" * n + CALL + "\n",
        lambda n: "FROM x\n" + "RUN <<EOF\n" * n + CALL,
        lambda n: (
            "FROM x\n" + "".join(f"ENV A{i}=1\n" for i in range(n)) + f"RUN {CALL} --description $A1\n" * n
        ),
        lambda n: "FROM x\nRUN [" + '"register-image",\\\n' * n + '"x"]\n',
    ],
    ids=["runs", "continued", "heredoc", "open-heredocs", "env", "exec"],
)
def test_work_grows_linearly(make) -> None:  # type: ignore[no-untyped-def]
    small, large = _work(make(500)), _work(make(1000))
    assert large < 2.4 * small, (small, large)


def test_a_quoted_heredoc_marker_opens_nothing(linter: Linter) -> None:
    call = f"aws ec2 register-image --name web-1 --architecture amd64 {TAIL}"
    text = f"FROM x\nRUN echo \"<<EOF\" '<<END'\nRUN {call}\n"
    assert _found(linter, text) == ["3:56-3:61 AMI104"]


def test_a_request_written_by_a_heredoc_of_the_run(linter: Linter) -> None:
    text = (
        "FROM x\n"
        'RUN cat > req.json <<"JSON" && '
        "aws ec2 register-image --cli-input-json file://req.json --name web-3\n"
        '{"ImageLocation": "b/i.manifest.xml", "VirtualizationType": "hvm", "EnaSupport": true, '
        '"Architecture": "arm"}\n'
        "JSON\n"
    )
    assert _found(linter, text) == ["3:104-3:109 AMI104"]


def test_fixes_in_every_form_of_run(tmp_path: Path) -> None:
    # Shell form (across a continuation), exec form (inside its JSON strings),
    # a here-document, and an `ENV` value where it is written.
    original = (
        "FROM amazon/aws-cli\n"
        "ENV ARCH=amd64\n"
        "RUN aws ec2 register-image --name web --arch x86_64 --virtualization-type HVM --ena-support \\\n"
        "    --image-location b/i.manifest.xml\n"
        'RUN ["aws", "ec2", "register-image", "--name", "web2", "--architecture", "x86_64",'
        ' "--virtualization-type", "HVM", "--ena-support", "--image-location", "b/i.manifest.xml"]\n'
        "RUN aws ec2 register-image --name web3 --architecture $ARCH --virtualization-type hvm"
        " --ena-support --image-location b/i.manifest.xml\n"
        "RUN <<EOF\n"
        "aws ec2 register-image --name web4 --arch x86_64 --virtualization-type hvm --ena-support"
        " --image-location b/i.manifest.xml\n"
        "EOF\n"
    )
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(original)
    done = run_cli("--fix", str(dockerfile))
    assert done.returncode == 0, done.stdout + done.stderr
    assert dockerfile.read_text() == (
        original.replace("ARCH=amd64", "ARCH=x86_64")
        .replace("--arch x86_64", "--architecture x86_64")
        .replace("--virtualization-type HVM", "--virtualization-type hvm")
        .replace('"HVM"', '"hvm"')
    )
    assert run_cli("--diff", "--unsafe-fixes", str(dockerfile)).stdout == ""
