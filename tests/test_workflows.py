"""CI workflows (ami_lint.frontends.workflows): the shell of GitHub Actions
`run:` steps, composite actions, GitLab CI scripts and CircleCI `run:`
steps, with findings at the exact characters written in the YAML."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml as pyyaml

from ami_lint.cli import main
from ami_lint.engine import Linter
from ami_lint.frontend import NoFiles
from ami_lint.frontends import claim
from ami_lint.frontends.workflows import WORKFLOWS, ci_kind
from ami_lint.source import Source

HERE = Path(__file__).resolve().parent
GOOD = (
    "--virtualization-type hvm --ena-support --boot-mode uefi --imds-support v2.0 "
    "--root-device-name /dev/xvda --block-device-mappings "
    "'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'"
)


def _lint(text: str, name: str = ".github/workflows/ci.yml") -> tuple[list[tuple[str, str, str]], str | None]:
    """(rule, `line:col-line:col`, the text there) of each finding, and the note."""
    diagnostics, note = Linter().lint_text(text, name, "workflow")
    found = []
    for d in diagnostics:
        start, end = d.source.position(d.span.start), d.source.position(d.span.end)
        place = f"{start.line}:{start.column}-{end.line}:{end.column}"
        found.append((d.rule, place, d.source.slice(d.span)))
    return sorted(found, key=lambda f: (f[1], f[0])), note


def _at(text: str, name: str = ".github/workflows/ci.yml") -> list[str]:
    """`line:col-line:col RULE written` of each finding."""
    return [f"{place} {rule} {written}" for rule, place, written in _lint(text, name)[0]]


# -- claims ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (".github/workflows/ci.yml", "github"),
        ("repo/.github/workflows/release.yaml", "github"),
        ("C:\\src\\repo\\.github\\workflows\\ci.yml", "github"),
        ("action.yml", "action"),
        ("actions/build/action.yaml", "action"),
        (".gitlab-ci.yml", "gitlab"),
        ("ci/deploy.gitlab-ci.yml", "gitlab"),
        (".circleci/config.yml", "circleci"),
        ("request.yml", None),
        (".github/workflows/nested/x.yml", None),
        (".github/dependabot.yml", None),
        ("config.yml", None),
        (".github/workflows/run.sh", None),
    ],
)
def test_a_ci_file_is_claimed_by_its_path(path: str, kind: str | None) -> None:
    assert ci_kind(path) == kind
    front = claim(path)
    assert front is not None
    assert front.name == ("workflow" if kind else "shell" if path.endswith(".sh") else "yaml")


def test_other_yaml_files_stay_skeletons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "req.yml").write_text("Name: x\nArchitecture: amd64\nRootDeviceName: /dev/xvda\n")
    code = main(["--format", "json", "--jobs", "1", str(tmp_path / "req.yml")])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {d["rule"] for d in out["diagnostics"]} >= {"AMI104"}


# -- GitHub Actions: every scalar form -------------------------------------------------

LITERAL = """\
on: push
jobs:
  ami:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: register
        run: |
          echo start
          aws ec2 register-image --name web-2024 --architecture amd64 \\
            {good}
""".replace("{good}", GOOD)


def test_literal_block_exact_positions() -> None:
    assert _at(LITERAL) == ["10:65-10:70 AMI104 amd64"]


def test_literal_block_with_chomping_and_indentation_indicator() -> None:
    text = LITERAL.replace("run: |", "run: |2+").replace("          ", "           ", 3)
    # `|2+`: the content is indented 2 more than `run` (column 9): 10 spaces, and
    # the first line (11 spaces) keeps its extra space.
    text = """\
on: push
jobs:
  ami:
    steps:
      - run: |4-
             echo start
            aws ec2 register-image --name web-2024 --architecture amd64 \\
              {good}


""".replace("{good}", GOOD)
    assert _at(text) == ["7:67-7:72 AMI104 amd64"]


def test_folded_block_joins_lines_with_spaces() -> None:
    text = """\
jobs:
  ami:
    steps:
      - run: >-
          aws ec2 register-image --name web-2024
          --architecture amd64
          {good}
""".replace("{good}", GOOD)
    assert _at(text) == ["6:26-6:31 AMI104 amd64"]


def test_double_quoted_scalar_with_escapes_and_a_folded_line() -> None:
    text = (
        "jobs:\n  ami:\n    steps:\n"
        '      - run: "aws ec2 register-image --name \\"web-2024\\" --architecture\n'
        '          \\"amd64\\" ' + GOOD.replace("'", "\\u0027") + '"\n'
    )
    assert _at(text) == ["5:13-5:18 AMI104 amd64"]


def test_single_quoted_scalar_with_doubled_quotes() -> None:
    text = (
        "jobs:\n  ami:\n    steps:\n"
        "      - run: 'aws ec2 register-image --name ''web-2024'' --architecture ''amd64'' "
        + GOOD.replace("'", "''")
        + "'\n"
    )
    assert _at(text) == ["4:75-4:80 AMI104 amd64"]


def test_plain_scalar() -> None:
    text = (
        "jobs:\n  a:\n    steps:\n      - run: aws ec2 register-image --name web-2024 --architecture amd64\n"
    )
    found = _at(text)
    assert "4:68-4:73 AMI104 amd64" in found


# -- expressions and the environment -------------------------------------------------


def test_expressions_are_unknown_in_every_quoting() -> None:
    text = """\
jobs:
  ami:
    steps:
      - run: |
          aws ec2 register-image --name ${{ inputs.name }} --description 'built ${{ github.sha }}' \\
            --architecture "${{ inputs.arch }}" {good}
""".replace("{good}", GOOD)
    found, note = _lint(text)
    assert found == []
    assert note is None


def test_an_expression_does_not_cut_the_call() -> None:
    text = """\
jobs:
  ami:
    steps:
      - run: |
          aws ec2 register-image --name "${{ inputs.name }}" --architecture amd64 {good}
""".replace("{good}", GOOD)
    assert _at(text) == ["5:77-5:82 AMI104 amd64"]


def test_env_literals_are_resolved_where_they_are_written() -> None:
    text = """\
env:
  VT: gp9
  ARCH: i386
jobs:
  ami:
    env:
      ARCH: amd64
      SIZE: 8
    steps:
      - env:
          NAME: "x"
          EXPR: ${{ inputs.x }}
        run: |
          aws ec2 register-image --name "$NAME" --architecture $ARCH --description "$EXPR" \\
            --virtualization-type hvm --ena-support --boot-mode uefi --imds-support v2.0 \\
            --root-device-name /dev/xvda --block-device-mappings \\
            "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=$VT,VolumeSize=$SIZE}"
"""
    assert _at(text) == ["11:18-11:19 AMI105 x", "2:7-2:10 AMI104 gp9", "7:13-7:18 AMI104 amd64"]


def test_a_name_written_to_github_env_is_not_resolved() -> None:
    text = """\
env:
  ARCH: amd64
jobs:
  ami:
    steps:
      - run: echo "ARCH=arm64" >> "$GITHUB_ENV"
      - run: aws ec2 register-image --name web-2024 --architecture "$ARCH" {good}
""".replace("{good}", GOOD)
    assert _at(text) == []


def test_a_quote_in_an_env_value() -> None:
    text = """\
jobs:
  ami:
    steps:
      - env:
          DESC: "it's ok"
          ARCH: 'amd''64'
        run: aws ec2 register-image --name web-2024 --description "$DESC" --architecture $ARCH {good}
""".replace("{good}", GOOD)
    assert _at(text) == ["6:18-6:25 AMI104 amd''64"]


# -- shells ----------------------------------------------------------------------------


def test_only_posix_shells_are_linted() -> None:
    text = """\
defaults:
  run:
    shell: pwsh
jobs:
  ami:
    steps:
      - run: aws ec2 register-image --name web-2024 --architecture amd64
      - shell: bash --noprofile --norc -eo pipefail {0}
        run: aws ec2 register-image --name web-2024 --architecture amd65 {good}
  win:
    runs-on: windows-latest
    steps:
      - run: aws ec2 register-image --name web-2024 --architecture amd66
""".replace("{good}", GOOD)
    found, note = _lint(text)
    assert [f"{p} {r} {w}" for r, p, w in found] == ["9:68-9:73 AMI104 amd65"]
    assert note is not None
    assert "the script at 7:9 runs in `pwsh`" in note
    assert "the script at 13:9 runs in `pwsh`" in note


def test_composite_action(tmp_path: Path) -> None:
    text = """\
name: register
runs:
  using: composite
  steps:
    - shell: bash
      env:
        ARCH: amd64
      run: |
        aws ec2 register-image --name "${{ inputs.name }}" --architecture "$ARCH" {good}
""".replace("{good}", GOOD)
    assert _at(text, "action.yml") == ["7:15-7:20 AMI104 amd64"]
    node = text.replace("using: composite", "using: node20")
    assert _lint(node, "action.yml") == ([], "skipped: no aws ec2 register-image call")


# -- GitLab CI and CircleCI -------------------------------------------------------------

GITLAB = """\
variables:
  ARCH: amd64
  ASKED:
    value: arm64
    description: "chosen when the pipeline is run"
.setup: &setup
  - export VT=gp9
default:
  before_script:
    - echo hi
register:
  script:
    - *setup
    - !reference [.other, script]
    - aws ec2 register-image --name web-2024 --architecture $ARCH
      --description "$[[ inputs.description ]] $CI_COMMIT_SHA" {good}
    - >
      aws ec2 register-image --name web-2024 --architecture "$ASKED" {good} --block-device-mappings
      "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=$VT}"
copy:
  extends: register
  after_script: ["aws ec2 register-image --name 'web''s' --architecture x86_65"]
""".replace("{good}", GOOD)


def test_gitlab_scripts_list_items_anchors_and_references() -> None:
    found = _at(GITLAB, ".gitlab-ci.yml")
    assert found == [
        # The second `--block-device-mappings` wins, its `$VT` set by the anchored line.
        "18:263-18:286 AMI404 --block-device-mappings",
        "22:19-22:79 AMI301 aws ec2 register-image --name 'web''s' --architecture x86_65",
        "22:19-22:79 AMI306 aws ec2 register-image --name 'web''s' --architecture x86_65",
        "22:73-22:79 AMI104 x86_65",
        "2:9-2:14 AMI104 amd64",
        "7:15-7:18 AMI104 gp9",
    ]


def test_circleci_run_steps() -> None:
    text = """\
version: 2.1
jobs:
  build:
    environment:
      ARCH: amd64
    steps:
      - checkout
      - run: aws ec2 register-image --name << parameters.name >> --architecture $ARCH {good}
      - run:
          name: second
          command: |
            aws ec2 register-image --name '<< pipeline.id >>' --architecture i387 {good}
""".replace("{good}", GOOD)
    assert _at(text, ".circleci/config.yml") == ["12:78-12:82 AMI104 i387", "5:13-5:18 AMI104 amd64"]


# -- suppressions, notes, the CLI ------------------------------------------------------


def test_a_directive_in_the_run_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    path = folder / "ci.yml"
    path.write_text(LITERAL.replace("          echo start\n", "          # ami-lint: disable=AMI104\n"))
    code = main(["--format", "json", "--jobs", "1", str(tmp_path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["diagnostics"] == []
    path.write_text(LITERAL.replace("  ami:\n", "  ami:  # ami-lint: disable-file=AMI104\n"))
    assert main(["--format", "json", "--jobs", "1", str(tmp_path)]) == 0
    capsys.readouterr()


def test_the_walk_and_stdin_filename(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "ci.yml").write_text(LITERAL)
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json", "--jobs", "1", "."]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [(d["path"], d["line"], d["column"]) for d in out["diagnostics"]] == [
        (".github/workflows/ci.yml", 10, 65)
    ]
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LITERAL.encode())))
    assert main(["--format", "json", "--stdin-filename", ".github/workflows/x.yml", "-"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [(d["line"], d["column"]) for d in out["diagnostics"]] == [(10, 65)]


def test_a_shell_syntax_error_note_is_placed_in_the_workflow() -> None:
    text = "jobs:\n  a:\n    steps:\n      - run: |\n          aws ec2 register-image --name web-2024 (\n"
    _, note = _lint(text)
    assert note is not None and "shell syntax error at 5:" in note and "cuts the call at 5:11" in note


# -- hostile files -----------------------------------------------------------------


def test_broken_yaml_is_checked_up_to_the_error() -> None:
    text = LITERAL + "      - run: [unclosed\n  other:\n    steps: {\n"
    found, note = _lint(text)
    assert [f"{p} {r} {w}" for r, p, w in found] == ["10:65-10:70 AMI104 amd64"]
    assert note is not None and note.startswith("YAML syntax error at") and "checked up to it" in note


def test_broken_yaml_at_the_start_is_a_note() -> None:
    found, note = _lint("jobs: [\n  aws ec2 register-image --name x\n")
    assert found == []
    assert note is not None and "YAML syntax error" in note


@pytest.mark.parametrize(
    "text",
    [
        "register-image",
        "register-image: [",
        "- run: aws ec2 register-image\n",
        "jobs: register-image\n",
        "jobs:\n  a: register-image\n",
        "jobs:\n  a:\n    steps: register-image\n",
        "jobs:\n  a:\n    steps:\n      - run: [aws ec2 register-image]\n",
        "jobs:\n  a:\n    steps:\n      - run: |\n          aws ec2 register-image '${{ unclosed\n",
        "jobs:\n  a:\n    steps:\n      - run: aws ec2 register-image <<EOF\n",
        "jobs:\n  a:\n    steps:\n      - run: \"aws ec2 register-image $'${{ x }}'\"\n",
        "&a [*a, register-image]",
        "jobs: &j\n  a: *j\n# register-image\n",
    ],
)
def test_odd_shapes_end_cleanly(text: str) -> None:
    for name in (".github/workflows/x.yml", "action.yml", ".gitlab-ci.yml", ".circleci/config.yml"):
        _lint(text, name)


def test_deep_nesting_ends_cleanly() -> None:
    text = "jobs:\n  a:\n    steps:\n      - run: aws ec2 register-image\n        x: " + "[" * 5000 + "\n"
    _, note = _lint(text)
    assert note is not None


def _huge(steps: int) -> str:
    step = (
        "      - name: s{n}\n        env:\n          X: y\n"
        "        run: |\n          echo {n}\n          make build\n"
    )
    last = "      - run: aws ec2 register-image --name web-2024 --architecture amd64 " + GOOD + "\n"
    return "jobs:\n  a:\n    steps:\n" + "".join(step.format(n=n) for n in range(steps)) + last


def test_a_huge_workflow_is_linted_in_linear_time() -> None:
    timings = []
    for steps in (2000, 8000):
        text = _huge(steps)
        began = time.perf_counter()
        found = _at(text)
        timings.append(time.perf_counter() - began)
        line = 3 + 6 * steps + 1
        assert found == [f"{line}:68-{line}:73 AMI104 amd64"]
    # Four times the size: far less than sixteen times the time.
    assert timings[1] < timings[0] * 10 + 0.5


def test_a_file_without_the_call_costs_a_byte_search() -> None:
    text = "jobs:\n  a:\n    steps:\n" + "      - run: echo hi\n" * 50_000
    extraction = WORKFLOWS.extract(Source(text, ".github/workflows/x.yml"), NoFiles())
    assert extraction.skipped == "skipped: no aws ec2 register-image call"


# -- the same findings as the plain script ---------------------------------------------


def _shell_inputs() -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((HERE / "corpus").glob("*.sh"))]
    for case_file in sorted((HERE / "cases").glob("*.yaml")):
        data = pyyaml.safe_load(case_file.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            if case.get("format") == "shell":
                out.append((f"{case_file.stem}:{case['name']}", case["source"]))
    # What a YAML block scalar cannot hold as written, or a CI system rewrites.
    bad = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\x85\u2028\u2029]|\$\{\{")
    return [(name, text) for name, text in out if not bad.search(text) and "file://" not in text]


SHELL_INPUTS = _shell_inputs()


@pytest.mark.parametrize("indent", [2, 4, 9])
def test_a_script_in_a_run_block_gives_the_scripts_findings_shifted(indent: int) -> None:
    linter = Linter()
    compared = 0
    for name, script in SHELL_INPUTS:
        if "register-image" not in script:
            continue
        plain, _ = linter.lint_text(script, "x.sh", "shell")
        expected = sorted(
            (d.rule, p.line + 4, p.column + 8 + indent)
            for d in plain
            if not script[d.span.start : d.span.start + 1].isspace()
            for p in [d.source.position(d.span.start)]
        )
        lines = [("" if not line.strip(" ") else " " * (8 + indent) + line) for line in script.split("\n")]
        body = "\n".join(lines)
        text = f"jobs:\n  a:\n    steps:\n      - run: |{indent}\n{body}\n"
        got, _ = linter.lint_text(text, ".github/workflows/x.yml", "workflow")
        placed = sorted(
            (d.rule, p.line, p.column)
            for d in got
            if not text[d.span.start : d.span.start + 1].isspace()
            for p in [d.source.position(d.span.start)]
        )
        assert placed == expected, name
        compared += len(expected)
    assert compared > 50


@pytest.mark.parametrize(
    ("where", "covered"),
    [
        ("      # ami-lint: disable=AMI104\n      - name: register\n", True),
        ("      - name: register  # ami-lint: disable=AMI104\n", True),
        ("      - name: register\n        # ami-lint: disable=AMI104\n", True),
        ("      # ami-lint: disable=AMI104\n      - uses: actions/cache@v4\n      - name: register\n", False),
    ],
)
def test_a_yaml_directive_above_a_step_covers_its_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, covered: bool
) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "ci.yml").write_text(LITERAL.replace("      - name: register\n", where))
    code = main(["--format", "json", "--jobs", "1", str(tmp_path)])
    out = json.loads(capsys.readouterr().out)
    assert code == (0 if covered else 1)
    assert len(out["diagnostics"]) == (0 if covered else 1)


def test_a_gitlab_directive_above_a_job() -> None:
    text = "# ami-lint: disable=AMI104\n" + GITLAB.split("copy:")[0]
    from ami_lint.frontend import NoFiles as _NoFiles

    extraction = WORKFLOWS.extract(Source(text, ".gitlab-ci.yml"), _NoFiles())
    list(extraction.requests)
    [comment] = extraction.comments
    assert comment.scopes[0].end == text.index("  ARCH")  # line 2 (`variables:`) only
    text = GITLAB.replace("register:\n", "# ami-lint: disable=AMI104\nregister:\n")
    extraction = WORKFLOWS.extract(Source(text, ".gitlab-ci.yml"), _NoFiles())
    [comment] = extraction.comments
    assert comment.scopes[0].end > text.index("inputs.description")


def test_a_file_over_the_size_limit_is_said_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    call = "jobs:\n  a:\n    steps:\n      - run: aws ec2 register-image --name x\n"
    (folder / "big.yml").write_text(call + _huge(20_000).split("\n", 3)[3])  # about 2.5 MB
    (folder / "quiet.yml").write_text("jobs:\n  a:\n    steps:\n" + "      - run: echo hi\n" * 60_000)
    code = main(["--format", "json", "--jobs", "1", "--verbose", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    assert "big.yml: not checked: larger than" in captured.err
    assert "quiet.yml: not checked" not in captured.err


def test_a_run_block_of_100000_lines() -> None:
    lines = "".join(f"          echo {n}\n" for n in range(100_000))
    text = (
        "jobs:\n  a:\n    steps:\n      - run: |\n"
        + lines
        + "          aws ec2 register-image --architecture amd64\n"
    )
    found = [f for f in _at(text) if "AMI104" in f]
    assert found == ["100005:49-100005:54 AMI104 amd64"]
