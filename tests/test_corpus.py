"""A corpus of build scripts in the styles teams write (`tests/corpus/`), linted
through the real command line and compared with reviewed snapshots
(update with `pytest tests/test_corpus.py --snapshot-update`, then review every
finding: it must point at the right characters and be a real problem).

`ok-*` scripts are correct and must come out clean; `bad-*` scripts hold
realistic mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ami_lint.shell.calls import find_invocations
from ami_lint.shell.cmdline import read_command_line
from ami_lint.source import Source
from tests.conftest import ROOT, run_cli

CORPUS = Path(__file__).parent / "corpus"
SNAPSHOTS = Path(__file__).parent / "snapshots" / "corpus"
SCRIPTS = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
OK = [name for name in SCRIPTS if name.startswith("ok-")]

# `aws … ec2 register-image` calls in each script, counted by hand. Text that only
# looks like a call (in a heredoc, a comment, an echo'd string) is not one.
CALLS = {
    "bad-array-literal.sh": 1,
    "bad-capture-jq.sh": 2,  # both inside `$(… | jq …)`
    "bad-crlf.sh": 1,
    "bad-make-functions.sh": 1,  # inside a function
    "bad-posix-sh.sh": 1,
    "bad-settings-block.sh": 1,  # values in variables and an array, call in `$(…)` in an `else`
    "bad-syntax-error.sh": 1,  # before an unterminated `"`
    "bad-tabs-unicode.sh": 2,  # tab-indented, after non-ASCII comments
    "ok-array-flags.sh": 1,
    "ok-config-block.sh": 1,  # inside a function, flags from a top-level array
    "ok-control-flow.sh": 4,  # `if ! x=$(…)`, `sudo -E command aws`, backticks, `&& \aws`
    "ok-gha-run.sh": 1,
    "ok-heredoc-json.sh": 1,  # not the one quoted in the heredoc
    "ok-packer-postprocess.sh": 1,
    "ok-zsh.zsh": 1,
}

MISSING_OPTION_RULES = {"AMI102", "AMI301", "AMI304", "AMI305", "AMI306", "AMI311", "AMI316"}


def read(name: str) -> str:
    with open(CORPUS / name, encoding="utf-8", newline="") as f:
        return f.read()


def corpus_path(name: str) -> str:
    return (CORPUS / name).relative_to(ROOT).as_posix()


def json_report(*paths: str) -> dict:
    result = run_cli("--format", "json", *paths, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_corpus_is_complete() -> None:
    assert sorted(CALLS) == SCRIPTS
    assert {n for n in SCRIPTS if not n.startswith(("ok-", "bad-"))} == set()
    assert read("bad-crlf.sh").count("\r\n") == read("bad-crlf.sh").count("\n")


@pytest.mark.parametrize("name", SCRIPTS)
def test_text_report_snapshot(snapshot, name: str) -> None:
    result = run_cli("--format", "text", corpus_path(name), cwd=ROOT)
    assert result.stderr == ""
    # bad-capture-jq.sh has warnings only: exit 0 at the default `--fail-on error`
    errors = name.startswith("bad-") and name != "bad-capture-jq.sh"
    assert result.returncode == (1 if errors else 0)
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(result.stdout, f"{name}.txt")


@pytest.mark.parametrize("name", OK)
def test_correct_scripts_are_clean(name: str) -> None:
    result = run_cli("--fail-on", "warning", "--select", "ALL", corpus_path(name), cwd=ROOT)
    assert result.stderr == ""
    assert result.returncode == 0, result.stdout
    report = json_report("--select", "ALL", corpus_path(name))
    bad = [d for d in report["diagnostics"] if d["severity"] in ("error", "warning")]
    assert bad == []


def test_bad_scripts_each_have_a_finding() -> None:
    for name in SCRIPTS:
        if name.startswith("bad-"):
            assert json_report(corpus_path(name))["diagnostics"], name


def test_array_splice_silences_missing_option_rules() -> None:
    report = json_report("--select", "ALL", corpus_path("ok-array-flags.sh"))
    assert {d["rule"] for d in report["diagnostics"]} & MISSING_OPTION_RULES == set()
    # the call really is one with a splice
    (invocation,) = find_invocations(Source.from_text(read("ok-array-flags.sh"), "x.sh"))
    assert read_command_line(invocation).has_splice


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_call_is_found(name: str) -> None:
    source = Source.from_text(read(name), corpus_path(name))
    assert len(find_invocations(source)) == CALLS[name]


def test_syntax_error_does_not_flood() -> None:
    result = run_cli("--format", "json", "--select", "ALL", corpus_path("bad-syntax-error.sh"))
    assert result.stderr == ""
    diagnostics = json.loads(result.stdout)["diagnostics"]
    # only the io1 volume without Iops, nothing from the broken text after the call
    assert [(d["rule"], d["line"]) for d in diagnostics if d["severity"] != "info"] == [("AMI208", 12)]


@pytest.mark.parametrize("jobs", [(), ("--jobs", "4")])
def test_directory_report_is_the_union_of_file_reports(jobs: tuple[str, ...]) -> None:
    whole = json_report(*jobs, CORPUS.relative_to(ROOT).as_posix())
    per_file = [json_report(corpus_path(name)) for name in SCRIPTS]

    def key(d: dict) -> tuple:
        return (d["path"], d["line"], d["column"], d["rule"], d["end_line"], d["end_column"])

    union = [d for report in per_file for d in report["diagnostics"]]
    assert sorted(whole["diagnostics"], key=key) == sorted(union, key=key)
    assert whole["summary"] == {
        "files": len(SCRIPTS),
        "errors": sum(r["summary"]["errors"] for r in per_file),
        "warnings": sum(r["summary"]["warnings"] for r in per_file),
        "infos": sum(r["summary"]["infos"] for r in per_file),
    }
