"""The real `ami-lint` command: exit codes, formats, stdin, selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint import __version__
from tests.conftest import ROOT, run_cli

# The rest of a complete request, so that only the mistake under test is reported.
REST = (
    ', "VirtualizationType": "hvm", "EnaSupport": true, "ImdsSupport": "v2.0",'
    ' "ImageLocation": "my-s3-bucket/web/image.manifest.xml"'
)
GOOD = '{"Name": "web-2024-06-01", "Architecture": "x86_64"' + REST + "}\n"
BAD = '{"Name": "web-2024-06-01", "Architecture": "amd64"' + REST + "}\n"
YAML_REST = (
    "VirtualizationType: hvm\nEnaSupport: true\nImdsSupport: v2.0\n"
    "ImageLocation: my-s3-bucket/web/image.manifest.xml\n"
)
WARN = '{"Name": "web-2024-06-01", "Architecture": "x86_64", "Architecture": "arm64"' + REST + "}\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_version() -> None:
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"ami-lint {__version__}\n")


def test_clean_file_exits_0(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", GOOD)
    result = run_cli("r.json", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_error_exits_1_with_text_report(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    result = run_cli("r.json", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "r.json:1:44: error AMI104 [*] `Architecture` is `amd64` but must be one of "
        "`i386`, `x86_64`, `arm64`, `x86_64_mac`, `arm64_mac` [invalid-enum-value]"
    )
    # The line is longer than 120 characters: a window of it, 40 before the range.
    assert lines[1] == "   1 | …" + BAD[3:123] + "…"
    assert lines[2] == "     | " + " " * 41 + "^^^^^^^"
    assert lines[3] == "     = hint: Write `x86_64`: `amd64` is Debian's and Go's name for it"
    assert "\033[" not in result.stdout


def test_json_format_contract(tmp_path: Path) -> None:
    _write(tmp_path, "a/r.json", BAD)
    _write(tmp_path, "a/package.json", '{"name": "x", "description": "y"}')
    result = run_cli("--format", "json", "a", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report == {
        "version": 1,
        "diagnostics": [
            {
                "path": "a/r.json",
                "rule": "AMI104",
                "name": "invalid-enum-value",
                "severity": "error",
                "message": "`Architecture` is `amd64` but must be one of "
                "`i386`, `x86_64`, `arm64`, `x86_64_mac`, `arm64_mac`",
                "hint": "Write `x86_64`: `amd64` is Debian's and Go's name for it",
                "line": 1,
                "column": 44,
                "end_line": 1,
                "end_column": 51,
                # Only a finding with a fix has one.
                "fix": {
                    "title": "Write `x86_64`",
                    "safety": "safe",
                    "edits": [
                        {"line": 1, "column": 45, "end_line": 1, "end_column": 50, "replacement": "x86_64"}
                    ],
                },
            }
        ],
        # Files linted: `package.json` holds no request.
        "summary": {"files": 1, "errors": 1, "warnings": 0, "infos": 0},
    }


def test_fail_on(tmp_path: Path) -> None:
    _write(tmp_path, "w.json", WARN)
    assert run_cli("w.json", cwd=tmp_path).returncode == 0
    assert run_cli("--fail-on", "warning", "w.json", cwd=tmp_path).returncode == 1
    assert run_cli("--fail-on", "info", "w.json", cwd=tmp_path).returncode == 1
    _write(tmp_path, "e.json", BAD)
    assert run_cli("--fail-on", "never", "e.json", cwd=tmp_path).returncode == 0


def test_select_and_ignore(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", '{"Name": "ab", "Architecture": "amd64", "Architecture": "arm65"' + REST + "}")

    def rules(*args: str) -> list[str]:
        out = run_cli("--format", "json", *args, "r.json", cwd=tmp_path)
        return [d["rule"] for d in json.loads(out.stdout)["diagnostics"]]

    assert rules() == ["AMI105", "AMI006", "AMI104"]
    assert rules("--select", "AMI1") == ["AMI105", "AMI104"]
    assert rules("--select", "AMI104,duplicate-json-key") == ["AMI006", "AMI104"]
    assert rules("--ignore", "AMI10") == ["AMI006"]
    assert rules("--select", "AMI1", "--ignore", "AMI105") == ["AMI104"]


def test_unknown_rule_in_select_is_usage_error(tmp_path: Path) -> None:
    result = run_cli("--select", "AMI999", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "ami-lint: error: unknown rule or prefix 'AMI999' (see `ami-lint --list-rules`)"
    ]


def test_missing_path_is_exit_2_one_line(tmp_path: Path) -> None:
    result = run_cli("nope.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "ami-lint: error: nope.json: no such file or directory\n"


def test_bad_option_is_exit_2_one_line() -> None:
    result = run_cli("--format", "xml", "x.json")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("ami-lint: error: argument --format")


def test_stdin_with_filename(tmp_path: Path) -> None:
    result = run_cli(
        "--stdin-filename", "deploy/req.yaml", "-", stdin="Name: ab\nArchitecture: x86_64\n" + YAML_REST
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("deploy/req.yaml:1:7: error AMI105 ")


def test_stdin_gives_same_diagnostics_as_file(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    on_disk = run_cli("--format", "json", "r.json", cwd=tmp_path)
    piped = run_cli("--format", "json", "--stdin-filename", "r.json", "-", stdin=BAD, cwd=tmp_path)
    assert json.loads(piped.stdout) == json.loads(on_disk.stdout)


def test_many_files_at_once_as_pre_commit_passes_them(tmp_path: Path) -> None:
    names = []
    for i in range(5):
        names.append(_write(tmp_path, f"r{i}.json", BAD if i % 2 else GOOD).name)
    names.append(_write(tmp_path, "package.json", '{"name": "x"}').name)
    names.append(_write(tmp_path, "compose.yaml", "services:\n  web: {image: nginx}\n").name)
    result = run_cli("--format", "json", *names, cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["diagnostics"]] == ["r1.json", "r3.json"]
    # The files linted: those that hold a request.
    assert report["summary"]["files"] == 5


def test_verbose_says_why_files_were_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "package.json", '{"name": "x"}')
    _write(tmp_path, "node_modules/m/r.json", BAD)
    result = run_cli("--verbose", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert "package.json: skipped: not a register-image request" in result.stderr
    assert "node_modules: skipped directory" in result.stderr


def test_output_file(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    result = run_cli("--format", "json", "--output", "report.json", "r.json", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["errors"] == 1


def test_list_rules_text_and_json() -> None:
    text = run_cli("--list-rules")
    assert text.returncode == 0
    assert any(line.startswith("AMI104  invalid-enum-value") for line in text.stdout.splitlines())
    listed = json.loads(run_cli("--list-rules", "--format", "json").stdout)
    by_id = {rule["id"]: rule for rule in listed}
    assert {"id": "AMI006", "name": "duplicate-json-key", "severity": "warning"}.items() <= by_id[
        "AMI006"
    ].items()


def test_explain() -> None:
    result = run_cli("--explain", "AMI104")
    assert result.returncode == 0
    assert result.stdout.startswith("# AMI104 invalid-enum-value\n")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in result.stdout
    assert run_cli("--explain", "invalid-enum-value").stdout == result.stdout
    bad = run_cli("--explain", "AMI999")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_runs_from_any_directory_and_finds_builtin_rules(tmp_path: Path) -> None:
    result = run_cli("--list-rules", cwd=tmp_path)
    assert len(result.stdout.splitlines()) >= 12


def test_bundled_examples() -> None:
    result = run_cli("--format", "json", "examples", cwd=ROOT)
    report = json.loads(result.stdout)
    assert result.returncode == 1
    paths = {d["path"] for d in report["diagnostics"]}
    assert paths == {"examples/mistakes.json", "examples/mistakes.yaml", "examples/register.sh"}


def test_colour_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    assert "\033[1;31merror" in run_cli("--color", "always", "r.json", cwd=tmp_path).stdout
    assert "\033[" not in run_cli("r.json", cwd=tmp_path).stdout


def test_invalid_utf8_request_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_bytes(b'{"Name": "caf\xe9-image", "Architecture": "x86_64"}')
    (tmp_path / "blob.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    got = [(d["path"], d["rule"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert got == [("r.json", "AMI001", 1, 14)]


@pytest.mark.parametrize("argv", [[], ["a.sh"], ["a.sh", "-", "dir/"], [""], ["server.sh", "x y"], ["-"]])
def test_paths_alone_are_read_as_the_parser_reads_them(argv: list[str]) -> None:
    # A run over paths alone does not build the parser (start-up, issue 20).
    from ami_lint.cli import _plain_args, build_parser

    plain = _plain_args(argv)
    assert plain is not None
    assert vars(plain) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["--quiet"], ["a.sh", "--format", "json"], ["--", "a.sh"], ["-x"]])
def test_options_are_read_by_the_parser(argv: list[str]) -> None:
    from ami_lint.cli import _plain_args

    assert _plain_args(argv) is None


def test_a_lint_over_paths_imports_no_parser_and_no_rule_file(tmp_path: Path) -> None:
    """What a run over a script does not import (issue 20): argparse (with
    gettext and locale), json, string, and each rule file (the rule index
    runs those whose `check` the run calls)."""
    _write(tmp_path, "build.sh", "aws ec2 register-image --name web --architecture amd64\n")
    probe = (
        "import sys\n"
        "from ami_lint.cli import main\n"
        "code = main(['build.sh'])\n"
        "names = ('argparse', 'gettext', 'locale', 'json', 'string', 'ami_lint.rules._index')\n"
        "loaded = sorted(m for m in names if m in sys.modules)\n"
        "rules = [m for n, m in sys.modules.items() if n.startswith('ami_lint.rules.') and n[15] != '_']\n"
        "imported = [m.__name__ for m in rules if m.__spec__ is not None]\n"
        "print(code, loaded, len(rules) > 10, imported, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", probe], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert "AMI104" in run.stdout
    assert run.stderr.splitlines()[-1] == "1 ['ami_lint.rules._index'] True []"


def test_exit_code_and_output_of_the_command_through_its_entry_point(tmp_path: Path) -> None:
    """`python -m ami_lint` ends through `cli.entry` (flush, then `os._exit`):
    the whole report and the exit code, through a pipe."""
    scripts = [
        _write(tmp_path, f"s{i}.sh", "aws ec2 register-image --name web --architecture amd64\n")
        for i in range(40)
    ]
    result = run_cli("--format", "json", *(s.name for s in scripts), cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["summary"] == {"files": 40, "errors": 80, "warnings": 40, "infos": 0}
    assert len(report["diagnostics"]) == 120
    assert result.stdout.endswith("}\n") and result.stderr == ""
    assert run_cli("--version").returncode == 0
    assert run_cli("--no-such-option").returncode == 2
