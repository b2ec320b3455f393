"""Inline suppressions: `# ami-lint: disable=…` and `disable-file=…` in scripts and YAML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ami_lint.cli import main
from ami_lint.readers.yaml_comments import yaml_comments
from ami_lint.shell.calls import parse_script
from ami_lint.shell.comments import script_comments
from ami_lint.source import Source

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

# A call with findings on several lines: AMI301/AMI306/AMI316 at the command's
# start (nothing says how to boot it, no VirtualizationType, no ImdsSupport),
# AMI402 at `true` on line 4.
CALL = """\
aws ec2 register-image \\
  --name web-1 \\
  --architecture x86_64 \\
  --ena-support true
"""


def _run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, object]], str]:
    code = main(["--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out)["diagnostics"], err


def _found(diagnostics: list[dict[str, object]]) -> list[str]:
    return [f"{d['path']}:{d['line']}:{d['column']} {d['rule']}" for d in diagnostics]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # AMI316 (off by default) gives CALL a finding at its first line.
    _write(tmp_path / ".ami-lint.yaml", "select: [ALL, AMI316]\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_unsuppressed_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "r.sh", "#!/bin/bash\n" + CALL)
    code, found, err = _run(tmp_path, capsys, "r.sh")
    assert _found(found) == [
        "r.sh:2:1 AMI301",
        "r.sh:2:1 AMI306",
        "r.sh:2:1 AMI316",
        "r.sh:5:17 AMI402",
    ]
    assert code == 1 and err == ""


def test_comment_before_a_multiline_command_covers_all_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "#!/bin/bash\n# ami-lint: disable=AMI402,AMI316\n" + CALL + "\n" + CALL
    _write(tmp_path / "r.sh", script)
    _code, found, _ = _run(tmp_path, capsys, "r.sh")
    # The first call: AMI316 at its first line and AMI402 on its last are gone.
    assert _found(found) == [
        "r.sh:3:1 AMI301",
        "r.sh:3:1 AMI306",
        "r.sh:8:1 AMI301",
        "r.sh:8:1 AMI306",
        "r.sh:8:1 AMI316",
        "r.sh:11:17 AMI402",
    ]


def test_comment_lines_may_stand_between_but_not_a_blank_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "a.sh", "#!/bin/bash\n# ami-lint: disable=AMI402\n# why: see ticket 42\n" + CALL)
    _write(tmp_path / "b.sh", "#!/bin/bash\n# ami-lint: disable=AMI402\n\n" + CALL)
    _, found, _ = _run(tmp_path, capsys, "a.sh", "b.sh")
    rules = _found(found)
    assert not any(r.startswith("a.sh") and r.endswith("AMI402") for r in rules)
    assert "b.sh:7:17 AMI402" in rules
    _, _, err = _run(tmp_path, capsys, "--warn-unused-suppressions", "b.sh")
    assert err == "b.sh:2:21: warning: Unused suppression: `AMI402` suppressed nothing\n"


def test_comment_after_the_last_line_covers_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "#!/bin/bash\n" + CALL.rstrip("\n") + "  # ami-lint: disable=AMI301 -- bootstrapped elsewhere\n"
    script += "aws ec2 register-image --name web-2 --architecture x86_64\n"
    _write(tmp_path / "r.sh", script)
    _code, found, _ = _run(tmp_path, capsys, "r.sh")
    rules = _found(found)
    assert "r.sh:2:1 AMI301" not in rules and "r.sh:2:1 AMI306" in rules
    assert "r.sh:6:1 AMI301" in rules  # the next command is not covered


def test_a_compound_command_is_covered_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "#!/bin/bash\n# ami-lint: disable=AMI402\nif true; then\n  " + CALL.replace("\n  ", "\n    ") + "fi\n"
    )
    script += "aws ec2 register-image --name web-2 --ena-support true\n"
    _write(tmp_path / "r.sh", script)
    _, found, _ = _run(tmp_path, capsys, "r.sh")
    assert [r for r in _found(found) if r.endswith("AMI402")] == ["r.sh:9:51 AMI402"]


def test_not_comments_in_a_script_do_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "#!/bin/bash\n"
        'echo "# ami-lint: disable-file=ALL"\n'
        "cat <<EOF\n# ami-lint: disable-file=ALL\nEOF\n"
        "x='#' # ami-lint: disable=AMI999\n"
        "aws ec2 register-image --name 'a # ami-lint: disable=AMI402' --ena-support true\n"
    )
    _write(tmp_path / "r.sh", script)
    _code, found, err = _run(tmp_path, capsys, "r.sh")
    assert any(r.startswith("r.sh:7:") and r.endswith("AMI402") for r in _found(found))
    # The real comment on line 6 is read: its unknown code is reported.
    assert err == "r.sh:6:27: warning: `AMI999` in `ami-lint: disable=AMI999` names no rule\n"


def test_disable_file_with_names_and_prefixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = "#!/bin/bash\n" + CALL + "# ami-lint: disable-file=boolean-flag-with-value, AMI30\n"
    _write(tmp_path / "r.sh", script)
    code, found, _ = _run(tmp_path, capsys, "r.sh")
    assert _found(found) == ["r.sh:2:1 AMI316"]
    assert code == 0  # AMI316 is a warning; every error is suppressed
    _write(tmp_path / "all.sh", "#!/bin/bash\n# ami-lint: disable-file=all\n" + CALL)
    assert _run(tmp_path, capsys, "all.sh")[:2] == (0, [])


def test_findings_in_a_referenced_file_and_the_call_that_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "d/req.json", '{"Name": "web-1", "Architecture": "amd64"}\n')
    _write(
        tmp_path / "d/bdm.yaml",
        "Name: web-2\nArchitecture: amd64  # ami-lint: disable=AMI104\nBootMode: bios\n",
    )
    script = (
        "#!/bin/bash\n"
        "# ami-lint: disable=AMI104\n"
        "aws ec2 register-image --cli-input-json file://req.json --virtualization-type hvm\n"
        "aws ec2 register-image --cli-input-yaml file://bdm.yaml --virtualization-type hvm\n"
    )
    _write(tmp_path / "d/r.sh", script)
    _, found, _ = _run(tmp_path, capsys, "d/r.sh")
    rules = [r for r in _found(found) if "AMI104" in r]
    # req.json's AMI104 is covered at the call; bdm.yaml's by its own comment,
    # and its BootMode is not covered by anything.
    assert rules == ["d/bdm.yaml:3:11 AMI104"]


def test_a_call_comment_does_not_cover_files_other_calls_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "a.json", '{"Name": "web-1", "Architecture": "amd64"}\n')
    _write(tmp_path / "b.json", '{"Name": "web-2", "Architecture": "amd64"}\n')
    script = (
        "#!/bin/bash\n"
        "aws ec2 register-image --cli-input-json file://a.json  # ami-lint: disable=AMI104\n"
        "aws ec2 register-image --cli-input-json file://b.json\n"
    )
    _write(tmp_path / "r.sh", script)
    _, found, _ = _run(tmp_path, capsys, "r.sh")
    assert [r for r in _found(found) if "AMI104" in r] == ["b.json:1:35 AMI104"]


YAML = """\
Name: "web-1 # ami-lint: disable=AMI106"
Architecture: amd64  # ami-lint: disable=AMI104
# ami-lint: disable=AMI104
# (the next line)
BootMode: bios
Description: |
  # ami-lint: disable-file=ALL
TpmSupport: v2#0
ImdsSupport: v1.0
"""


def test_yaml_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "r.yaml", YAML)
    _, found, err = _run(tmp_path, capsys, "r.yaml", "--select", "AMI104,AMI106")
    assert _found(found) == ["r.yaml:1:14 AMI106", "r.yaml:8:13 AMI104", "r.yaml:9:14 AMI104"]
    assert err == ""


def test_yaml_comment_spans() -> None:
    source = Source(YAML, "r.yaml")
    comments = yaml_comments(source)
    assert [source.slice(c.span) for c in comments] == [
        "# ami-lint: disable=AMI104",
        "# ami-lint: disable=AMI104",
    ]
    assert [(source.position(c.scopes[0].start).line, c.own_line) for c in comments] == [
        (2, False),
        (5, True),
    ]


def test_yaml_after_a_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = 'Name: web-1\nArchitecture: "x86_64\n# ami-lint: disable-file=AMI002\n'
    _write(tmp_path / "r.yaml", text)
    code, found, _ = _run(tmp_path, capsys, "r.yaml")
    assert found == [] and code == 0


def test_shell_comment_scopes_crlf_and_unicode() -> None:
    text = (
        "#!/bin/bash\r\n# é ami-lint: no\r\n# ami-lint: disable=AMI402\r\n"
        "aws ec2 register-image \\\r\n  --x y # ok\r\n"
    )
    source = Source(text, "r.sh")
    comments = script_comments(parse_script(source))
    assert [source.slice(c.span) for c in comments] == [
        "#!/bin/bash",
        "# é ami-lint: no",
        "# ami-lint: disable=AMI402",
        "# ok",
    ]
    scope = comments[2].scopes[0]
    assert (source.position(scope.start).line, source.position(scope.end).line) == (4, 6)


def test_invalid_directives_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "#!/bin/bash\n"
        "# ami-lint: disable AMI402\n"
        "# ami-lint: enable=AMI402\n"
        "# ami-lint: disable=\n"
        "# shellcheck disable=SC2086 # ami-lint: disable=AMI402,nope\n" + CALL
    )
    _write(tmp_path / "r.sh", script)
    code, found, err = _run(tmp_path, capsys, "r.sh")
    assert err.splitlines() == [
        "r.sh:2:3: warning: Not an ami-lint directive: `ami-lint: disable AMI402` "
        "(write `ami-lint: disable=RULES` or `ami-lint: disable-file=RULES`)",
        "r.sh:3:3: warning: Not an ami-lint directive: `ami-lint: enable=AMI402` "
        "(write `ami-lint: disable=RULES` or `ami-lint: disable-file=RULES`)",
        "r.sh:4:3: warning: No rule after `disable=` in `ami-lint: disable=`",
        "r.sh:5:56: warning: `nope` in `ami-lint: disable=AMI402,nope` names no rule",
    ]
    assert not any(r.endswith("AMI402") for r in _found(found))  # the valid code still works
    assert code == 1


def test_unused_suppressions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "#!/bin/bash\n# ami-lint: disable=AMI402,AMI104,AMI005\n" + CALL + "# ami-lint: disable-file=AMI402\n"
    )
    _write(tmp_path / "r.sh", script)
    code, _, err = _run(tmp_path, capsys, "r.sh")
    assert err == ""  # only on request
    code, _, err = _run(tmp_path, capsys, "r.sh", "--warn-unused-suppressions", "--fail-on", "never")
    assert err.splitlines() == [
        "r.sh:2:28: warning: Unused suppression: `AMI104` suppressed nothing",
        "r.sh:7:26: warning: Unused suppression: `AMI402` suppressed nothing",
    ]
    assert code == 0
    # A warning for --fail-on: with every finding ignored, the warnings alone fail.
    code, _, err = _run(
        tmp_path, capsys, "r.sh", "--warn-unused-suppressions", "--fail-on", "warning", "--select", "AMI104"
    )
    assert code == 1 and "`AMI104`" in err
    # Codes of rules that did not run cannot be judged: not reported.
    code, _, err = _run(tmp_path, capsys, "r.sh", "--warn-unused-suppressions", "--ignore", "AMI104,AMI402")
    assert err == ""


def test_suppressed_findings_in_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "r.sh", "#!/bin/bash\n# ami-lint: disable=AMI301,AMI402 -- legacy image\n" + CALL)
    for fmt in ("text", "github", "editor"):
        assert main(["--format", fmt, "r.sh"]) == 0
        out = capsys.readouterr().out
        assert "AMI306" in out and "AMI402" not in out and "AMI301" not in out
    assert main(["--format", "text", "r.sh"]) == 0
    assert "Found 2 problems (0 errors, 2 warnings, 0 infos)" in capsys.readouterr().out
    assert main(["--format", "json", "r.sh"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == {
        "files": 1,
        "errors": 0,
        "warnings": 2,
        "infos": 0,
    }
    assert main(["--format", "sarif", "r.sh", "--warn-unused-suppressions"]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    results = log["runs"][0]["results"]
    suppressed = {r["ruleId"]: r["suppressions"] for r in results if "suppressions" in r}
    expected = [{"kind": "inSource", "justification": "ami-lint: disable=AMI301,AMI402 -- legacy image"}]
    assert suppressed == {"AMI301": expected, "AMI402": expected}
    assert "invocations" not in log["runs"][0]


def test_sarif_lists_directive_warnings_as_notifications(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "r.sh", "#!/bin/bash\n# ami-lint: disable=AMI104\n" + CALL)
    assert main(["--format", "sarif", "r.sh", "--warn-unused-suppressions"]) == 1
    captured = capsys.readouterr()
    log = json.loads(captured.out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (invocation,) = log["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["descriptor"] == {"id": "unused-suppression"}
    assert note["level"] == "warning"
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "r.sh", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 21, "endLine": 2, "endColumn": 27}
    assert "r.sh:2:21: warning: Unused suppression" in captured.err


def test_stdin_is_suppressed_like_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    text = "#!/bin/bash\n# ami-lint: disable=AMI402\n" + CALL
    _write(tmp_path / "r.sh", text)
    on_disk = _run(tmp_path, capsys, "r.sh")
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()))
    try:
        from_stdin = _run(tmp_path, capsys, "--stdin-filename", "r.sh", "-")
    finally:
        sys.stdin = sys.__stdin__
    assert from_stdin == on_disk


def test_the_same_with_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(4):
        _write(tmp_path / f"r{n}.sh", f"#!/bin/bash\n# ami-lint: disable=AMI402,AMI10{n}\n" + CALL)
    _write(tmp_path / "r.yaml", YAML)
    runs = [_run(tmp_path, capsys, "--warn-unused-suppressions", "--jobs", jobs, ".") for jobs in ("1", "3")]
    assert runs[0] == runs[1]
    assert runs[0][2].count("Unused suppression") == 3  # AMI101-AMI103; AMI100 names no rule
    assert "r0.sh:2:28: warning: `AMI100` in `ami-lint: disable=AMI402,AMI100` names no rule" in runs[0][2]


def test_hostile_directives_stay_cheap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    deep = "# ami-lint: disable-file=AMI002\nName: x\nBlockDeviceMappings: " + "[" * 20000 + "\n"
    many = (
        "# ami-lint: disable=" + ",".join(f"X{n}" for n in range(5000)) + "\nName: x\nArchitecture: amd64\n"
    )
    _write(tmp_path / "deep.yaml", deep)
    _write(tmp_path / "many.yaml", many)
    started = time.monotonic()
    _, found, err = _run(tmp_path, capsys, "deep.yaml", "many.yaml")
    assert time.monotonic() - started < 20
    assert [f for f in _found(found) if f.startswith("deep")] == []  # the comment before the nesting works
    assert len(err.splitlines()) == 101
    assert err.splitlines()[-1].endswith("More than 100 rules in one directive: the rest are not read")


def test_engine_knows_the_directive_marker() -> None:
    # The engine skips importing this module for a file without the marker.
    from ami_lint import engine, suppressions

    assert engine.SUPPRESSION_MARKER == suppressions.MARKER
