"""`--write-baseline` and `--baseline`: record today's findings, fail only on new ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ami_lint.cli import main

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

REQUEST = """\
{
  "Name": "web-1",
  "Architecture": "amd64",
  "VirtualizationType": "hvm",
  "EnaSupport": true,
  "ImdsSupport": "v2.0",
  "ImageLocation": "bucket/web/image.manifest.xml"
}
"""
SCRIPT = """\
#!/bin/bash
aws ec2 register-image --name web-2! --ena-support true \\
  --image-location bucket/web/image.manifest.xml --architecture x86_64 \\
  --virtualization-type hvm --imds-support v2.0 # ami-lint: disable=AMI106
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images/req.json").write_text(REQUEST, encoding="utf-8")
    (tmp_path / "images/r.sh").write_text(SCRIPT, encoding="utf-8")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["--format", "json", *args])
    out, err = capsys.readouterr()
    found = [f"{d['path']}:{d['line']}:{d['column']} {d['rule']}" for d in json.loads(out)["diagnostics"]]
    return code, found, err


def test_write_then_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, _ = _run(capsys, "images")
    assert found == ["images/r.sh:2:52 AMI402", "images/req.json:3:19 AMI104"]
    assert code == 1

    code, found, err = _run(capsys, "--write-baseline", "ami-lint-baseline.json", "images")
    assert (code, found) == (0, [])
    assert err == "ami-lint: recorded 2 finding(s) in ami-lint-baseline.json\n"
    document = json.loads((tmp_path / "ami-lint-baseline.json").read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["tool"] == "ami-lint"
    assert document["fingerprint"] == "amiLint/v1"
    # The finding suppressed by a comment is not recorded; the rest sorted by path.
    assert [(f["path"], f["rule"]) for f in document["findings"]] == [
        ("images/r.sh", "AMI402"),
        ("images/req.json", "AMI104"),
    ]
    assert all(len(f["fingerprint"]) == 64 and f["message"] for f in document["findings"])

    assert _run(capsys, "--baseline", "ami-lint-baseline.json", "images")[:2] == (0, [])


def test_only_new_findings_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--write-baseline", "baseline.json", "images"])
    capsys.readouterr()
    request = tmp_path / "images/req.json"
    # Lines inserted above and an unrelated key changed: still the same finding.
    request.write_text(
        REQUEST.replace("{\n", '{\n  "Description": "web server",\n  "BootMode": "uefi",\n'), encoding="utf-8"
    )
    assert _run(capsys, "--baseline", "baseline.json", "images")[:2] == (0, [])
    # A second, new finding of the same rule in the same file fails; the old one stays quiet.
    request.write_text(
        REQUEST.replace('"VirtualizationType": "hvm"', '"VirtualizationType": "HVM"'), encoding="utf-8"
    )
    code, found, _ = _run(capsys, "--baseline", "baseline.json", "images")
    assert (code, found) == (1, ["images/req.json:4:25 AMI104"])
    # The finding changed (another value): it is new.
    request.write_text(REQUEST.replace("amd64", "amd-64"), encoding="utf-8")
    code, found, _ = _run(capsys, "--baseline", "baseline.json", "images")
    assert (code, found) == (1, ["images/req.json:3:19 AMI104"])


def test_paths_are_relative_to_the_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["--write-baseline", "baseline.json", "images"])
    capsys.readouterr()
    monkeypatch.chdir(tmp_path / "images")
    assert _run(capsys, "--baseline", "../baseline.json", ".")[:2] == (0, [])


def test_sarif_marks_baseline_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--write-baseline", "baseline.json", "images/req.json"])
    capsys.readouterr()
    (tmp_path / "images/req.json").write_text(REQUEST.replace('"hvm"', '"HVM"'), encoding="utf-8")
    assert main(["--format", "sarif", "--baseline", "baseline.json", "images"]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    states = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): (
            r["baselineState"],
            r.get("suppressions"),
        )
        for r in log["runs"][0]["results"]
    }
    assert states == {
        ("AMI104", 3): ("unchanged", [{"kind": "external", "justification": "baseline: baseline.json"}]),
        ("AMI104", 4): ("new", None),
        ("AMI106", 2): ("new", [{"kind": "inSource", "justification": "ami-lint: disable=AMI106"}]),
        ("AMI402", 2): ("new", None),
    }


def test_stale_entries_are_counted_with_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--write-baseline", "baseline.json", "images"])
    capsys.readouterr()
    (tmp_path / "images/req.json").write_text(REQUEST.replace("amd64", "arm64"), encoding="utf-8")
    code, found, err = _run(capsys, "--baseline", "baseline.json", "--verbose", "images")
    assert (code, found) == (0, [])
    assert "baseline.json: 1 recorded finding(s) no longer occur (rewrite with --write-baseline)" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline missing.json: no such file (create it with --write-baseline missing.json)"),
        ("{", "baseline missing.json: not JSON"),
        ('{"version": 2, "findings": []}', "not an ami-lint baseline of version 1"),
        ('{"version": 1, "findings": [{"path": "x"}]}', "`findings` must be a list of objects"),
    ],
)
def test_bad_baselines_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "missing.json").write_text(content, encoding="utf-8")
    assert main(["--baseline", "missing.json", "images"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.startswith("ami-lint: error: ")
    assert captured.out == ""
