"""Scripts with shell syntax errors (issue 4 item 5): what is reliable is
reported, nothing else; never a crash, never a flood."""

from __future__ import annotations

import json
from pathlib import Path

from ami_lint.engine import Linter, Options
from tests.conftest import lint, located, run_cli

LINTER = Linter(Options())


def found(script: str) -> list[str]:
    return [located(d) for d in lint(script, "t.sh", "shell", LINTER)]


def test_unterminated_quote_in_the_last_value_keeps_the_words_before_it() -> None:
    script = (
        "#!/bin/bash\n"
        'aws ec2 register-image --name web --architecture amd64 --description "unterminated\n'
        "echo done\n"
    )
    # The bad architecture before the error is reported; `--description`, cut
    # off from its value, is not reported as missing one (AMI403), and no
    # option is reported missing from a command the shell cannot run.
    assert found(script) == ["2:50-2:55 AMI104"]


def test_unterminated_quote_swallowing_the_rest_of_the_call() -> None:
    script = (
        "#!/bin/bash\n"
        'aws ec2 register-image --name "web --architecture amd64 \\\n'
        "  --root-device-name /dev/xvda\n"
        "echo done\n"
    )
    assert found(script) == []


def test_verbose_names_the_error_and_the_call(tmp_path: Path) -> None:
    script = tmp_path / "r.sh"
    script.write_text(
        '#!/bin/bash\nset -e\naws ec2 register-image --name web --description "oops\n', encoding="utf-8"
    )
    result = run_cli("--verbose", "--format", "json", "r.sh", cwd=tmp_path)
    # tree-sitter reads `"oops` as a string whose closing quote is missing at the end of the line.
    assert result.returncode == 0
    assert json.loads(result.stdout)["diagnostics"] == []
    assert (
        "r.sh: shell syntax error at 3:54 cuts the call at 3:1: checked up to its last word" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_error_on_a_later_line_does_not_cut_the_call() -> None:
    script = '#!/bin/bash\naws ec2 register-image --name web --architecture amd64\necho "unterminated\n'
    # The call is whole: it is checked as any other (missing options included).
    got = found(script)
    assert "2:50-2:55 AMI104" in got
    assert any(g.endswith("AMI306") for g in got)


def test_call_inside_a_broken_function_keeps_the_words_before_the_error() -> None:
    script = (
        'f() {\n  aws ec2 register-image --name web --architecture amd64 --description "oops\n}\necho hi\n'
    )
    # tree-sitter leaves the call as loose nodes of an error (issue 14 item
    # 7): the words before the stray quote are checked as at top level,
    # nothing is reported missing from the cut call.
    assert found(script) == ["2:52-2:57 AMI104"]


def test_many_broken_lines_do_not_flood() -> None:
    broken = "".join(
        f'aws ec2 register-image --name n{i} --architecture x86_64 --description "{i}\n' for i in range(51)
    )
    # The quotes pair up across lines as the shell pairs them: 25 calls of two
    # lines each, then one cut short by the last, unterminated quote, which
    # gets no findings about what it lacks.
    got = found("#!/bin/bash\n" + broken)
    assert sum(g.endswith("AMI301") for g in got) == 25
    assert not [g for g in got if g.startswith("52:")]
