"""Jenkinsfiles (ami_lint.frontends.jenkinsfile): the script of each `sh` step
is linted as a shell script, every finding at the exact place of the
Jenkinsfile where its characters were written, through Groovy's escapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ami_lint.cli import main
from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter
from ami_lint.frontends import claim
from ami_lint.frontends.groovy import sh_steps
from ami_lint.source import Source
from tests.conftest import located, run_cli

CASES = Path(__file__).parent / "cases"
CORPUS = Path(__file__).parent / "corpus"
TAIL = "--virtualization-type hvm --ena-support --image-location b/i.manifest.xml"


def _found(linter: Linter, text: str, name: str = "Jenkinsfile") -> list[str]:
    diagnostics, _ = linter.lint_text(text, name, "jenkinsfile")
    return [located(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)]


def test_single_quoted_step(linter: Linter) -> None:
    text = f"node {{\n  sh 'aws ec2 register-image --name web-1 --architecture amd64 {TAIL}'\n}}\n"
    assert _found(linter, text) == ["2:58-2:63 AMI104"]


def test_triple_single_quoted_step_with_escapes_and_a_line_continuation(linter: Linter) -> None:
    # `\\` is one backslash (AMI106 covers both characters); `\` at a line's
    # end joins the lines, as Groovy does; `\'` is a quote.
    text = (
        "node {\n"
        "  sh '''\n"
        "    aws ec2 register-image --name 'a\\\\b' --architecture amd64 \\\n"
        f'      --description "it\\\'s" {TAIL} --boot-mode bad\n'
        "  '''\n"
        "}\n"
    )
    assert _found(linter, text) == ["3:37-3:39 AMI106", "3:57-3:62 AMI104", "4:115-4:118 AMI104"]


def test_double_quoted_step_with_escapes(linter: Linter) -> None:
    # `\"` is a quote, `\u0062` a `b`: the finding covers the escape as written.
    text = (
        f'sh "aws ec2 register-image --name \\"web-1\\" {TAIL} --architecture i386 --boot-mode \\u0062ad"\n'
    )
    assert _found(linter, text) == ["1:151-1:159 AMI104"]


def test_triple_double_quoted_step(linter: Linter) -> None:
    text = f'sh """\n  aws ec2 register-image --name web-1 {TAIL} \\\\\n    --architecture amd64\n"""\n'
    assert _found(linter, text) == ["3:20-3:25 AMI104"]


def test_script_argument_forms(linter: Linter) -> None:
    text = (
        "def id = sh(script: 'aws ec2 register-image --name web-1 --architecture amd64 "
        f"{TAIL} --query ImageId --output text', returnStdout: true).trim()\n"
        f'sh script: "aws ec2 register-image --name web-2 --architecture arm64 {TAIL} '
        '--boot-mode legacy-bios",\n'
        "   returnStatus: true\n"
        "sh(returnStdout: true,\n"
        f"   script: '''aws ec2 register-image --name web-3 {TAIL} --architecture amd64''')\n"
        f"sh('aws ec2 register-image --name web-4 ' + \"{TAIL} --architecture amd64\")\n"
    )
    assert _found(linter, text) == [
        "1:73-1:78 AMI104",
        "2:156-2:167 AMI312",
        "5:140-5:145 AMI104",
        "6:135-6:140 AMI104",
    ]


def test_gstring_interpolations_are_unknown_parts(linter: Linter) -> None:
    """`${…}` and `$name` are only known when the pipeline runs, wherever
    the shell stands: in shell double quotes, unquoted, in shell single
    quotes (never taken for the literal text `${…}`)."""
    from ami_lint.engine import Options
    from ami_lint.selection import Selection

    text = (
        'sh "aws ec2 register-image --name \\"web-${env.BUILD_ID}\\" --description '
        f"'Built by ${{params.WHO}}' --boot-mode $mode {TAIL} --architecture x86_64\"\n"
    )
    assert _found(linter, text) == []
    audit = Linter(Options(selection=Selection(select=("AMI005",))))
    diagnostics, _ = audit.lint_text(text, "Jenkinsfile", "jenkinsfile")
    got = sorted((located(d), d.message.split(" is only")[0]) for d in diagnostics)
    assert got == [
        ("1:110-1:115 AMI005", "`$mode`"),
        ("1:41-1:56 AMI005", "`${env.BUILD_ID}`"),
        ("1:83-1:96 AMI005", "`${params.WHO}`"),
    ]


def test_dollar_in_single_quoted_groovy_reaches_the_shell(linter: Linter) -> None:
    # `$NAME` is the shell's here (a single-quoted Groovy string is literal):
    # the shell resolves it from the script's own assignment.
    call = f"--architecture x86_64 {TAIL}"
    text = f"sh '''\nNAME=\"web server\"\naws ec2 register-image --name $NAME {call}\n'''\n"
    assert _found(linter, text) == ["2:11-2:17 AMI410", "3:31-3:36 AMI407"]
    # In a GString, `\$` is the shell's `$` too.
    text = f'sh """\nNAME="web server"\naws ec2 register-image --name \\$NAME {call}\n"""\n'
    assert _found(linter, text) == ["2:11-2:17 AMI410", "3:31-3:37 AMI407"]


def test_comments_and_strings_do_not_hide_or_fake_steps(linter: Linter) -> None:
    text = (
        "// sh 'aws ec2 register-image --architecture bad1'\n"
        "/* sh 'aws ec2 register-image --architecture bad2'\n"
        "   */ echo \"sh 'aws ec2 register-image --architecture bad3'\"\n"
        "def s = '''sh 'aws ec2 register-image --architecture bad4' '''\n"
        'def u = /sh "aws ec2 register-image --architecture bad5"/\n'
        'def x = "${ \'sh\' } ${ "}" } " ; sh \'aws ec2 register-image --name web-1 --architecture amd64 '
        f"{TAIL}'\n"
    )
    assert _found(linter, text) == ["6:88-6:93 AMI104"]


def test_directives_in_groovy_and_shell_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Jenkinsfile").write_text(
        "node {\n"
        "  // ami-lint: disable=AMI104\n"
        "  sh '''\n"
        f"    aws ec2 register-image --name web-1 {TAIL} \\\\\n"
        "      --architecture amd64\n"
        "  '''\n"
        "  sh '''\n"
        "    # ami-lint: disable=AMI104\n"
        f"    aws ec2 register-image --name web-2 --architecture amd64 {TAIL}\n"
        "  '''\n"
        f"  sh 'aws ec2 register-image --name web-3 --architecture amd64 {TAIL}'"
        "  /* ami-lint: disable=AMI104 */\n"
        f"  sh 'aws ec2 register-image --name web-4 --architecture amd64 {TAIL}'\n"
        "}\n"
    )
    code = main(
        ["--format", "json", "--jobs", "1", "--warn-unused-suppressions", str(tmp_path / "Jenkinsfile")]
    )
    out = json.loads(capsys.readouterr().out)
    got = [(d["rule"], d["line"], d["column"]) for d in out["diagnostics"]]
    assert got == [("AMI104", 12, 58)]
    assert code == 1


@pytest.mark.parametrize(
    ("name", "claimed"),
    [
        ("Jenkinsfile", True),
        ("ci/Jenkinsfile.release", True),
        ("deploy.jenkinsfile", True),
        ("vars/registerAmi.groovy", True),
        ("Jenkinsfile.json", False),
        ("jenkins.txt", False),
    ],
)
def test_claims(name: str, claimed: bool) -> None:
    front = claim(name)
    assert (front is not None and front.name == "jenkinsfile") == claimed


def test_groovy_without_a_call_is_skipped(linter: Linter) -> None:
    _, note = linter.lint_text("def x = sh 'make'\n", "vars/build.groovy", "jenkinsfile")
    assert note == "skipped: no aws ec2 register-image call"
    _, note = linter.lint_text("echo 'aws ec2 register-image'\n", "Jenkinsfile", "jenkinsfile")
    assert note is not None and note.startswith("skipped: mentions register-image")


# ---------------------------------------------------------------------------
# The shell cases, each wrapped in `sh '''…'''`: the same findings, each at
# the place the wrapping moved its characters to.


def _shell_inputs() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if case["format"] == "shell":
                out.append((f"{data['rule']}-{case['name']}", case["source"]))
    for path in sorted(CORPUS.glob("*.sh")):
        out.append((path.name, path.read_text(encoding="utf-8")))
    return out


SHELL_INPUTS = _shell_inputs()


def _wrapped(script: str) -> tuple[str, list[int]]:
    """`script` in a Jenkinsfile's `sh '''…'''` (`\\` and `'` escaped), and
    where each character of the script (and its end) went."""
    head = "pipeline {\n  agent any\n  stages { stage('image') { steps {\n    sh '''"
    out = [head]
    moved = []
    at = len(head)
    for c in script:
        moved.append(at)
        piece = "\\" + c if c in "\\'" else c
        out.append(piece)
        at += len(piece)
    moved.append(at)
    out.append("'''\n  } } }\n}\n")
    return "".join(out), moved


@pytest.mark.parametrize(("name", "script"), SHELL_INPUTS, ids=[n for n, _ in SHELL_INPUTS])
def test_shell_cases_in_a_jenkinsfile(linter: Linter, name: str, script: str) -> None:
    plain, _ = linter.lint_text(script, "case.sh", "shell")
    text, moved = _wrapped(script)
    host = Source(text, "Jenkinsfile")
    expected = []
    for d in plain:
        if d.source.path != "case.sh":
            continue
        end = moved[d.span.end - 1] + (2 if script[d.span.end - 1] in "\\'" else 1) if d.span.end else 0
        start = moved[d.span.start]
        if d.span.end == d.span.start:
            end = start
        expected.append((d.rule, host.position(start), host.position(end)))
    wrapped, _ = linter.lint_text(text, "Jenkinsfile", "jenkinsfile")
    got = [(d.rule, d.start, d.end) for d in wrapped if d.source.path == "Jenkinsfile"]
    assert sorted(got, key=repr) == sorted(expected, key=repr)


# ---------------------------------------------------------------------------
# Hostile files end, cleanly and in time that grows with their size.


def test_hostile_groovy_ends_cleanly(linter: Linter) -> None:
    call = f"aws ec2 register-image --name web-1 --architecture amd64 {TAIL}"
    for tail in (
        "sh '" + call,  # unterminated on its line
        "sh '''" + call,  # unterminated to the end
        'sh """' + call + " ${ x",  # an interpolation never closed
        'sh "' + "${" * 5000,  # deep and open
        "sh(" * 5000,
        "sh(a: " * 5000,
        "/* " + call,
        "$/" + call,
        "sh /" + call,
    ):
        diagnostics, _ = linter.lint_text(f"sh '{call}'\n" + tail, "Jenkinsfile", "jenkinsfile")
        assert [located(d) for d in diagnostics][:1] == ["1:56-1:61 AMI104"], tail


def test_a_hundred_thousand_lines(linter: Linter) -> None:
    steps = "".join(f"  sh 'echo {i}'\n" for i in range(100_000))
    call = f"aws ec2 register-image --name web-1 --architecture amd64 {TAIL}"
    text = "node {\n" + steps + f'  sh """\n{call}\n"""\n}}\n'
    found, _ = sh_steps(text)
    assert len(found) == 100_001
    assert _found(linter, text) == ["100003:52-100003:57 AMI104"]


def _work(text: str) -> int:
    """Python lines run finding the steps of `text`: deterministic, unlike time."""
    events = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal events
        events += 1
        return trace

    sys.settrace(trace)
    try:
        sh_steps(text)
    finally:
        sys.settrace(None)
    return events


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "".join(f"sh 'echo {i}' // c\n" for i in range(n)),
        lambda n: 'sh "' + '${"' * n + "x" + '"}' * n + '"\n',
        lambda n: "sh(" * n,
        lambda n: "sh(a: " * n,
        lambda n: 'sh """' + "echo '${x}' \\$y\n" * n + '"""\n',
        lambda n: "sh '''" + "x\n" * n,
    ],
    ids=["steps", "nesting", "open-parens", "open-arguments", "holes", "unterminated"],
)
def test_work_grows_linearly(make) -> None:  # type: ignore[no-untyped-def]
    small, large = _work(make(1000)), _work(make(2000))
    assert large < 2.4 * small, (small, large)


def test_named_arguments_in_any_order_and_a_step_called_through_steps(linter: Linter) -> None:
    text = (
        "sh label: 'Register', returnStdout: true,\n"
        '   script: """aws ec2 register-image --name web-1 --architecture amd64"""\n'
        "sh label: 'no script'\n"
        "sh 'aws ec2 register-image --name web-2 --architecture amd64'\n"
        "steps.sh(label: 'x', script: 'aws ec2 register-image --name web-3 --architecture amd64')\n"
    )
    diagnostics, _ = linter.lint_text(text, "Jenkinsfile", "jenkinsfile")
    assert [located(d) for d in diagnostics if d.rule == "AMI104"] == [
        "2:66-2:71 AMI104",
        "4:56-4:61 AMI104",
        "5:82-5:87 AMI104",
    ]


def test_fixes_are_written_in_the_strings_own_syntax(tmp_path: Path) -> None:
    # A `'…'` string cannot take AMI401's single quotes (withheld); a `"""…"""`
    # string can, and its GString `${…}` is left alone.
    single = (
        "sh 'aws ec2 register-image --name web --arch x86_64 --virtualization-type hvm --ena-support"
        " --root-device-name /dev/xvda --block-device-mappings"
        " DeviceName=/dev/xvda,Ebs={SnapshotId=%s,VolumeType=gp3}'\n"
    )
    triple = (
        'sh """aws ec2 register-image --name web-${env.BUILD_ID} --arch x86_64 --virtualization-type HVM'
        " --ena-support --root-device-name /dev/xvda \\\n"
        '  --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=%s,VolumeType=gp3}"""\n'
    )
    snap = "snap-0123456789abcdef0"
    original = "node {\n" + single % snap + triple % snap + "}\n"
    jenkinsfile = tmp_path / "Jenkinsfile"
    jenkinsfile.write_text(original)
    listed = run_cli(str(jenkinsfile)).stdout
    assert "Jenkinsfile:2:171: error AMI401 `" in listed  # no [*]
    assert "Jenkinsfile:4:52: error AMI401 [*]" in listed
    assert run_cli("--fix", str(jenkinsfile)).returncode == 1  # the single-quoted AMI401 remains
    mapping = f"DeviceName=/dev/xvda,Ebs={{SnapshotId={snap},VolumeType=gp3}}"
    assert jenkinsfile.read_text() == (
        "node {\n"
        + (single % snap).replace("--arch ", "--architecture ")
        + (triple % snap)
        .replace("--arch ", "--architecture ")
        .replace("HVM", "hvm")
        .replace(f" {mapping}", f" '{mapping}'")
        + "}\n"
    )
