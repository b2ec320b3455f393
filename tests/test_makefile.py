"""Makefiles (ami_lint.frontends.makefile): each recipe line is a shell
script, its findings placed exactly where they were written in the Makefile,
through tabs, `.RECIPEPREFIX`, continued lines, `$$` and make variables."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ami_lint.engine import Linter, Options
from ami_lint.frontends import claim
from ami_lint.frontends.makefile import MAKEFILE
from ami_lint.frontends.makefile_reader import Reader
from ami_lint.selection import Selection
from tests.conftest import lint, located, run_cli

CASES = Path(__file__).parent / "cases"
BDM = "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}"
GOOD = (
    "--architecture x86_64 --virtualization-type hvm --ena-support --boot-mode uefi "
    "--tpm-support v2.0 --imds-support v2.0 --root-device-name /dev/xvda"
)


@functools.cache
def _all() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL", "AMI005"))))


def found(text: str, rule: str | None = None, name: str = "Makefile") -> list[str]:
    diagnostics = lint(text, name, "makefile", _all())
    return [located(d) for d in diagnostics if rule is None or d.rule == rule]


def messages(text: str, rule: str) -> list[str]:
    return [d.message for d in lint(text, "Makefile", "makefile", _all()) if d.rule == rule]


def pieces(text: str) -> list[str]:
    """The shell text of each recipe line that mentions register-image."""
    return [p.text for p in Reader(text).recipes()]


# --- claims ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["Makefile", "makefile", "GNUmakefile", "build/aws.mk", "x/Makefile"])
def test_claims_makefiles(name: str) -> None:
    assert getattr(claim(name), "name", None) == MAKEFILE.name


@pytest.mark.parametrize("name", ["Makefile.am", "Makefile.in", "make.sh", "notes.mkd"])
def test_leaves_other_names(name: str) -> None:
    assert getattr(claim(name), "name", None) != MAKEFILE.name


# --- recipe lines, with exact positions -------------------------------------


def test_tab_recipe_line() -> None:
    call = f"aws ec2 register-image --name web {GOOD} --architecture amd64 --block-device-mappings '{BDM}'"
    text = f"image:\n\t{call}\n"
    assert found(text, "AMI104") == ["2:198-2:203 AMI104"]
    assert text.splitlines()[1][197:202] == "amd64"


def test_recipe_prefix_variable() -> None:
    text = (
        ".RECIPEPREFIX = >\n"
        "image:\n"
        ">aws ec2 register-image --name web --architecture amd64\n"
        "\taws ec2 register-image --name tab --architecture arm65\n"  # a tab is no recipe now
        ".RECIPEPREFIX :=\n"
        "other:\n"
        "\taws ec2 register-image --name web --architecture arm66\n"
    )
    # Line 4 is a make line (a broken one) once `>` is the prefix; an empty
    # value gives the tab back.
    assert found(text, "AMI104") == ["3:51-3:56 AMI104", "7:51-7:56 AMI104"]


def test_continued_line_loses_its_recipe_prefix_tab() -> None:
    text = (
        "image:\n"
        "\taws ec2 register-image --name web \\\n"
        "\t  --architecture amd64 \\\n"
        "\t--ena-support --virtualization-type pv\n"
    )
    assert found(text, "AMI104") == ["3:19-3:24 AMI104", "4:38-4:40 AMI104"]


def test_splitting_recipe_lines_examples_of_the_gnu_make_manual() -> None:
    """GNU make's manual, "Splitting Recipe Lines": backslash-newline is
    kept for the shell, and the recipe prefix tab of the continued line is
    removed (only that character)."""
    text = (
        "all :\n"
        "\t@echo no\\\nspace register-image\n"
        "\t@echo no\\\n\tspace register-image\n"
        "\t@echo one \\\n\tspace register-image\n"
        "\t@echo one\\\n\t space register-image\n"
    )
    assert pieces(text) == [
        "echo no\\\nspace register-image",
        "echo no\\\nspace register-image",
        "echo one \\\nspace register-image",
        "echo one\\\n space register-image",
    ]
    text = "all : ; @echo 'hello \\\n\tworld' ; echo \"hello \\\n    world\" register-image\n"
    assert pieces(text) == ["echo 'hello \\\nworld' ; echo \"hello \\\n    world\" register-image"]


def test_continued_recipe_positions_through_the_manual_example() -> None:
    # The name keeps the backslash and the line break inside single quotes (AMI106).
    text = "all : ; @aws ec2 register-image --name 'hello \\\n\tworld' --architecture arm65\n"
    assert found(text, "AMI104") == ["2:24-2:29 AMI104"]
    assert found(text, "AMI106") == ["1:47-1:48 AMI106"]


def test_double_dollar_is_one_character_of_the_shell() -> None:
    text = 'image:\n\taws ec2 register-image --name "$$NAME" --description "$$(date)" --architecture amd64\n'
    # `$$NAME` and `$$(date)` are two columns wider than the shell's text.
    assert found(text, "AMI005") == ["2:33-2:39 AMI005", "2:56-2:64 AMI005"]
    assert found(text, "AMI104") == ["2:81-2:86 AMI104"]
    assert messages(text, "AMI005")[0].startswith("`$NAME` is only known")


def test_make_variable_is_an_unknown_part() -> None:
    text = "image:\n\taws ec2 register-image --name $(NAME) --description ${DESC}-x --architecture amd64\n"
    assert found(text, "AMI005") == ["2:32-2:39 AMI005", "2:54-2:61 AMI005"]
    assert found(text, "AMI104") == ["2:79-2:84 AMI104"]
    got = messages(text, "AMI005")
    assert got[0] == "`$(NAME)` is only known when the script runs: the value of `--name` was not checked"
    assert got[1].startswith("`${DESC}` is only known when the script runs: this part")


def test_unquoted_make_variable_may_be_any_words() -> None:
    text = f"image:\n\taws ec2 register-image --name web $(FLAGS) --block-device-mappings '{BDM}'\n"
    # Open-ended: nothing reported missing.
    assert found(text, "AMI305") == []
    assert found(text, "AMI005") == ["2:36-2:44 AMI005"]


def test_literal_variable_is_resolved_and_reported_where_written() -> None:
    text = (
        "ARCH := amd64\n"
        "VOL ?= gp5  # a comment\n"
        "image:\n"
        "\taws ec2 register-image --name web --architecture $(ARCH) --block-device-mappings "
        "'DeviceName=/dev/xvda,Ebs={VolumeType=$(VOL)}'\n"
    )
    assert found(text, "AMI104") == ["1:9-1:14 AMI104", "2:8-2:11 AMI104"]
    assert found(text, "AMI005") == []


@pytest.mark.parametrize(
    "definition",
    [
        "ARCH := amd64\nARCH := arm64\n",  # defined twice
        "ARCH += amd64\n",  # appended
        "ARCH = $(X)amd64\n",  # computed
        "ifdef X\nARCH = amd64\nendif\n",  # conditional
        "ARCH = amd\\\n64\n",  # continued
        "include other.mk\nARCH = amd64\n",  # another file may define it
        "ARCH = amd64\nimage: ARCH = arm64\n",  # the target's own value
    ],
)
def test_variables_that_are_not_resolved(definition: str) -> None:
    text = definition + "image:\n\taws ec2 register-image --name web --architecture $(ARCH)\n"
    assert found(text, "AMI104") == []
    assert len(found(text, "AMI005")) == 1


def test_make_prefixes_are_stripped() -> None:
    for prefix in ("@", "-", "+", "@-", "-@ +", "@ "):
        text = f"image:\n\t{prefix}aws ec2 register-image --name web --architecture amd64\n"
        at = 51 + len(prefix)
        assert found(text, "AMI104") == [f"2:{at}-2:{at + 5} AMI104"], prefix
        assert found(text, "AMI305") == [], prefix


@pytest.mark.parametrize(
    ("definition", "called"),
    [
        ("AWS := aws\n", True),
        ("AWS = /usr/local/bin/aws\n", True),
        ("AWS ?= aws\n", True),
        ("CLI := aws\n", True),
        ("", True),  # unknown, but its name says aws
        ("AWS := echo\n", False),
    ],
)
def test_command_variable_runs_aws(definition: str, called: bool) -> None:
    name = "CLI" if definition.startswith("CLI") else "AWS"
    text = f"{definition}image:\n\t$({name}) ec2 register-image --name web --architecture amd64\n"
    line = 3 if definition else 2
    assert found(text, "AMI104") == ([f"{line}:54-{line}:59 AMI104"] if called else [])


def test_whole_call_findings_are_at_the_call_not_at_the_command_variable() -> None:
    # `$(AWS)` resolves to the `aws` of line 1, but a finding about the whole
    # call (AMI305: no architecture) is where the recipe makes it.
    text = "AWS := aws\nimage:\n\t@$(AWS) ec2 register-image --name web --virtualization-type hvm\n"
    assert found(text, "AMI305") == ["3:3-3:65 AMI305"]
    # A value is still reported where it was written.
    text = "ARCH := amd64\nimage:\n\taws ec2 register-image --name web --architecture $(ARCH)\n"
    assert found(text, "AMI104") == ["1:9-1:14 AMI104"]


def test_unknown_command_variable_without_aws_in_its_name_is_no_call() -> None:
    text = "image:\n\t$(CLI) ec2 register-image --name web --architecture amd64\n"
    assert found(text) == []


def test_make_functions_are_unknown() -> None:
    text = "image:\n\t$(call aws,ec2 register-image --name web --architecture amd64)\n"
    assert found(text) == []
    text = "image:\n\taws ec2 register-image --name $(call name,web) --architecture amd64\n"
    assert found(text, "AMI005") == ["2:32-2:48 AMI005"]
    assert found(text, "AMI104") == ["2:64-2:69 AMI104"]


def test_make_variable_inside_shell_single_quotes_is_left_out() -> None:
    # The shell would read `'${__make_NAME}'` as that text; the real text is unknown.
    text = "image:\n\taws ec2 register-image --name '$(NAME)' --architecture amd64\n"
    assert found(text) == []


def test_inline_recipe_after_a_semicolon() -> None:
    text = "image: build ; aws ec2 register-image --name web --architecture amd64\n"
    assert found(text, "AMI104") == ["1:65-1:70 AMI104"]
    # A `#` before the `;` makes it a comment.
    assert found("image: build # x ; aws ec2 register-image --architecture amd64\n") == []


def test_recipe_lines_need_a_rule() -> None:
    # Before any target (or after a variable assignment), a tab line is no recipe.
    text = "\taws ec2 register-image --name web --architecture amd64\n"
    assert found(text) == []
    text = "image:\nX = 1\n\taws ec2 register-image --name web --architecture amd64\n"
    assert found(text) == []
    # Comments, blank lines and conditionals do not end a rule's recipe.
    text = "image:\n\n# comment\nifdef X\n\taws ec2 register-image --name web --architecture amd64\nendif\n"
    assert found(text, "AMI104") == ["5:51-5:56 AMI104"]


def test_oneshell_makes_a_recipe_one_script() -> None:
    """With `.ONESHELL:`, a rule's recipe lines are one script (each line's
    prefix tab and `@-+` taken off): a variable, a here-document and the file
    it writes reach the call."""
    text = (
        ".ONESHELL:\n"
        "image:\n"
        "\t@set -e\n"
        "\tARCH=amd64\n"
        "\tcat > bdm.json <<EOF\n"
        '\t[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "gp5"}}]\n'
        "\tEOF\n"
        '\t-aws ec2 register-image --name web --architecture "$$ARCH" \\\n'
        "\t  --block-device-mappings file://bdm.json\n"
        "other:\n"
        "\taws ec2 register-image --name web --architecture arm65\n"
    )
    assert found(text, "AMI104") == ["4:7-4:12 AMI104", "6:53-6:58 AMI104", "11:51-11:56 AMI104"]
    # Without it, each line is a shell of its own: `$ARCH` is not known to the call.
    assert found(text.replace(".ONESHELL:", "# no"), "AMI104") == ["11:51-11:56 AMI104"]


def test_define_blocks_are_not_recipes() -> None:
    text = "image:\ndefine CMD\n\taws ec2 register-image --name web --architecture amd64\nendef\n"
    assert found(text) == []


def test_crlf_makefile() -> None:
    text = "image:\r\n\taws ec2 register-image --name web \\\r\n\t--architecture amd64\r\n"
    assert found(text, "AMI104") == ["3:17-3:22 AMI104"]


def test_suppression_comment_before_a_recipe_line(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(
        "image:\n"
        "# ami-lint: disable=AMI104\n"
        "\taws ec2 register-image --name web --architecture amd64\n"
        "\taws ec2 register-image --name web --architecture amd65 # ami-lint: disable=AMI104\n"
        "\taws ec2 register-image --name web --architecture amd66\n"
    )
    proc = run_cli("--format", "editor", "--select", "AMI104", "Makefile", cwd=tmp_path)
    assert proc.stdout.splitlines() == [
        "Makefile:5:51:5:56: error: AMI104 `Architecture` is `amd66` but must be one of `i386`, "
        "`x86_64`, `arm64`, `x86_64_mac`, `arm64_mac` [invalid-enum-value]"
    ]


def test_no_call_is_a_byte_search_and_a_skip_note(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("all:\n\techo hi\n")
    proc = run_cli("Makefile", cwd=tmp_path)
    assert proc.returncode == 0
    assert "not linted: no `aws ec2 register-image` call in it" in proc.stderr


def test_cli_positions_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "build.mk").write_text("image:\n\t@aws ec2 register-image --name web --architecture amd64\n")
    proc = run_cli("--format", "editor", "build.mk", cwd=tmp_path)
    assert proc.returncode == 1
    assert "build.mk:2:52:2:57: error: AMI104" in proc.stdout
    proc = run_cli(
        "--stdin-filename",
        "Makefile",
        "--format",
        "github",
        "-",
        cwd=tmp_path,
        stdin="image:\n\t@aws ec2 register-image --name web --architecture amd64\n",
    )
    assert "line=2,col=52,endLine=2,endColumn=57" in proc.stdout


def test_walk_finds_makefiles(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "GNUmakefile").write_text(
        "i:\n\taws ec2 register-image --name web --architecture amd64\n"
    )
    proc = run_cli("--format", "editor", ".", cwd=tmp_path)
    assert "sub/GNUmakefile:2:51:2:56: error: AMI104" in proc.stdout


# --- the shell cases, as Makefile recipes -----------------------------------


def _single_command_cases() -> list[tuple[str, str]]:
    """The shell cases that are one command (continued lines only): a recipe
    line runs in a shell of its own, so a script of several lines is not one."""
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if case["format"] != "shell" or "path" in case:
                continue
            lines = case["source"].splitlines()
            if lines and lines[0].startswith("#!") and "bash" not in lines[0]:
                continue
            body = lines[1:] if lines and lines[0].startswith("#!") else lines
            if all(line.endswith("\\") for line in body[:-1]) and not any(
                line.lstrip().startswith("#") for line in body
            ):
                out.append((f"{data['rule']}-{case['name']}", case["source"]))
    return out


def _shifted(plain: str, line_texts: list[str], line: int, column: int, width: int, dollars: bool) -> str:
    """`line:column` of a plain script in its wrapped form."""
    text = line_texts[line - 1] if line <= len(line_texts) else ""
    before = text[: column - 1]
    extra = before.count("$") if dollars else 3 * before.count("'")
    return f"{line}:{column + width + extra}"


SINGLE = _single_command_cases()


@pytest.mark.parametrize(("name", "script"), SINGLE, ids=[n for n, _ in SINGLE])
def test_shell_case_as_a_recipe_gets_the_same_findings_shifted(name: str, script: str) -> None:
    lines = script.splitlines()
    shebang = bool(lines) and lines[0].startswith("#!")
    body = lines[1:] if shebang else lines
    # `image:` stands where the `#!` line stood; each line gets a tab, each `$` is doubled.
    makefile = "image:\n" + "".join("\t" + line.replace("$", "$$") + "\n" for line in body)
    plain = lint(script, "case.sh", "shell", _all())
    wrapped = lint(makefile, "Makefile", "makefile", _all())
    shift = 0 if shebang else 1
    expected = []
    for d in plain:
        start = _shifted(script, lines, d.start.line, d.start.column, 1, True)
        end = _shifted(script, lines, d.end.line, d.end.column, 1, True)
        s_line, s_col = start.split(":")
        e_line, e_col = end.split(":")
        expected.append(f"{int(s_line) + shift}:{s_col}-{int(e_line) + shift}:{e_col} {d.rule}")
    assert sorted(located(d) for d in wrapped) == sorted(expected)


def test_enough_shell_cases_are_wrapped() -> None:
    assert len(SINGLE) > 50


# --- hostile Makefiles --------------------------------------------------------


def test_hundred_thousand_recipe_lines_end_cleanly() -> None:
    lines = ["image:\n"]
    for i in range(100_000):
        if i % 10_000 == 0:
            # After a line that ends its recipe line (an echo's continuation would take it in).
            lines.append(f"\ttrue\n\t@aws ec2 register-image --name web-{i} --architecture amd64\n")
        else:
            lines.append(f"\techo $(X{i}) $$HOME {i} \\\n" if i % 3 else f"\t-cp a{i} b{i}\n")
    lines.append("\techo done\n")
    text = "".join(lines)
    assert len(found(text, "AMI104")) == 10


def test_unterminated_constructs_end_cleanly() -> None:
    for text in (
        "image:\n\taws ec2 register-image --name $(NAME --architecture amd64\n",
        "image:\n\taws ec2 register-image --name 'web --architecture amd64\n",
        "image:\n\taws ec2 register-image --name web \\",
        "define X\n\taws ec2 register-image\n",
        "image:\n\taws ec2 register-image --name ${\n",
        "image: ; aws ec2 register-image --name $",
    ):
        lint(text, "Makefile", "makefile", _all())  # no exception


def _work(text: str) -> int:
    """Python lines run linting `text`: deterministic, unlike time."""
    linter = _all()
    linter.lint_text("image:\n\taws ec2 register-image --name x\n", "Makefile", "makefile")
    events = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal events
        events += 1
        return trace

    sys.settrace(trace)
    try:
        linter.lint_text(text, "Makefile", "makefile")
    finally:
        sys.settrace(None)
    return events


def test_recipe_lines_stay_linear() -> None:
    def makefile(n: int) -> str:
        variables = "".join(f"V{i} := v{i}\n" for i in range(n))
        recipes = "".join(
            f"t{i}:\n\t@echo $(V{i}) $$HOME \\\n\t  more\n"
            + (f"\taws ec2 register-image --name $(V{i}) --architecture amd64\n" if i % 20 == 0 else "")
            for i in range(n)
        )
        return variables + recipes

    small, large = _work(makefile(400)), _work(makefile(800))
    assert large < 2.4 * small, (small, large)


def test_fixes_are_written_back_into_the_recipe(tmp_path: Path) -> None:
    # Where the recipe holds the shell text as it is, a fix is written there;
    # a variable's literal value is fixed where the Makefile defines it.
    original = (
        "ARCH := amd64\n"
        "image:\n"
        "\t@aws ec2 register-image --name web --arch x86_64 --virtualization-type HVM --ena-support \\\n"
        "\t  --image-location b/i.manifest.xml\n"
        "other:\n"
        "\taws ec2 register-image --name web-$$(date +%s) --architecture $(ARCH) --virtualization-type hvm"
        " --ena-support --image-location b/i.manifest.xml --dry-run\n"
    )
    makefile = tmp_path / "Makefile"
    makefile.write_text(original)
    done = run_cli("--fix", "--unsafe-fixes", str(makefile))
    assert done.returncode == 0, done.stdout + done.stderr
    assert makefile.read_text() == (
        original.replace("ARCH := amd64", "ARCH := x86_64")
        .replace("--arch x86_64", "--architecture x86_64")
        .replace("--virtualization-type HVM", "--virtualization-type hvm")
        .replace(" --dry-run\n", "\n")
    )
    again = run_cli("--diff", "--unsafe-fixes", str(makefile))
    assert (again.returncode, again.stdout) == (0, "")


def test_no_fix_across_make_syntax(tmp_path: Path) -> None:
    # AMI401's fix rewrites the whole word: across `$$` (one `$` to the shell)
    # it cannot be written back, so only the word without one is fixed.
    call = (
        "\taws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm --ena-support"
        " --root-device-name /dev/xvda --block-device-mappings"
        " DeviceName=/dev/xvda,Ebs={SnapshotId=%s,VolumeType=gp3}\n"
    )
    text = "image:\n" + call % "$$SNAP" + call % "snap-0123456789abcdef0"
    makefile = tmp_path / "Makefile"
    makefile.write_text(text)
    listed = run_cli(str(makefile)).stdout
    assert "Makefile:2:176: error AMI401 `" in listed  # no [*]: no fix
    assert "Makefile:3:176: error AMI401 [*]" in listed
    assert run_cli("--fix", str(makefile)).returncode == 1  # line 2 remains
    fixed = "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3}"
    assert makefile.read_text() == text.replace(fixed, f"'{fixed}'")
