"""SARIF, GitHub workflow commands and the editor format, on reports of real lint runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jsonschema
import pytest

from ami_lint import __version__
from ami_lint.data_rules import DataRule
from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.engine import Linter, Options
from ami_lint.formatters import editor, github, sarif
from ami_lint.records import replace
from ami_lint.registry import Registry, builtin_registry
from ami_lint.report import Report
from ami_lint.selection import Selection
from ami_lint.source import Source, Span

SCHEMA_IN_REPO = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHARED = Path(__file__).resolve().parents[2] / "shared/schemas/sarif-schema-2.1.0.json"

BAD_JSON = """\
{
  "Name": "web server: 2024-06-01",
  "Architecture": "amd64",
  "Description": "first",
  "VirtualizationType": "HVM",
  "EnaSupport": "true",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "gp4", "VolumeSzie": 8}}
  ],
  "Description": "second",
  "ImdsSupport": "v2.0", "ImageLocation": "my-s3-bucket/web/image.manifest.xml"
}
"""
# Two findings of one rule whose lines read the same once stripped.
TWIN_TAGS_YAML = """\
Name: web-2024-06-01
Architecture: x86_64
VirtualizationType: hvm
EnaSupport: true
ImdsSupport: v2.0
ImageLocation: my-s3-bucket/web/image.manifest.xml
TagSpecifications:
  - ResourceType: image
    Tags:
      - Key: aws:team
        Value: web
      - Key: aws:team
        Value: web
"""
# No `Name`: AMI102 is reported on the whole object, over several lines.
NAMELESS_YAML = """\
Architecture: x86_64
RootDeviceName: /dev/xvda
"""


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _lint(*paths: str, options: Options | None = None) -> Report:
    return Linter(options).lint_paths(list(paths))


def _sarif(report: Report, registry: Registry | None = None, base_dir: str | None = None) -> dict[str, Any]:
    text = sarif.render(report, registry or builtin_registry(), base_dir=base_dir)
    return json.loads(text)  # type: ignore[no-any-return]


def _load_schema(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _validate(log: dict[str, Any], schema_path: Path = SCHEMA_IN_REPO) -> None:
    schema = _load_schema(schema_path)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return log["runs"][0]["results"]  # type: ignore[no-any-return]


def _artifact(result: dict[str, Any]) -> dict[str, Any]:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]  # type: ignore[no-any-return]


def _region(result: dict[str, Any]) -> dict[str, Any]:
    return result["locations"][0]["physicalLocation"]["region"]  # type: ignore[no-any-return]


def _fingerprint(result: dict[str, Any]) -> str:
    return result["partialFingerprints"][sarif.FINGERPRINT_KEY]  # type: ignore[no-any-return]


# RFC 3986 `path-noscheme`: a relative reference whose first segment has no `:`.
_PCHAR_NC = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-F]{2})"
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})"
RELATIVE_REF = re.compile(rf"^{_PCHAR_NC}+(?:/{_PCHAR}*)*$")


# --- SARIF -----------------------------------------------------------------


@pytest.mark.parametrize("schema_path", [SCHEMA_IN_REPO, SCHEMA_SHARED], ids=["repo", "shared"])
def test_sarif_of_a_real_run_is_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, schema_path: Path
) -> None:
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is not there (a clean clone without ../shared)")
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "deploy/bad.json", BAD_JSON)
    _write(tmp_path, "deploy/tags.yaml", TWIN_TAGS_YAML)
    _write(tmp_path, "deploy/nameless.yaml", NAMELESS_YAML)
    report = _lint("deploy")
    assert len(report.diagnostics) >= 8
    log = _sarif(report)
    _validate(log, schema_path)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == sarif.SARIF_SCHEMA
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert "originalUriBaseIds" not in run
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("ami-lint", __version__)
    assert driver["informationUri"] == sarif.INFORMATION_URI == "https://github.com/ami-lint/ami-lint"


def test_sarif_repo_schema_copy_matches_shared() -> None:
    if not SCHEMA_SHARED.is_file():
        pytest.skip("no ../shared on a clean clone")
    assert _load_schema(SCHEMA_IN_REPO) == _load_schema(SCHEMA_SHARED)


def test_sarif_results_match_the_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    report = _lint("bad.json")
    results = _results(_sarif(report))
    assert len(results) == len(report.diagnostics)
    for d, result in zip(report.diagnostics, results, strict=True):
        start, end = d.start, d.end
        region = _region(result)
        assert result["ruleId"] == d.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[str(d.severity)]
        assert (region["startLine"], region["startColumn"]) == (start.line, start.column)
        assert (region["endLine"], region["endColumn"]) == (end.line, end.column)
        assert region["snippet"]["text"] == d.source.slice(d.span)
        assert _artifact(result) == {"uri": "bad.json", "uriBaseId": "%SRCROOT%"}
        assert result["message"]["text"].startswith(d.message)
        if d.hint:
            assert result["message"]["text"].endswith(f"Hint: {d.hint}")
        context = result["locations"][0]["physicalLocation"]["contextRegion"]
        assert context["snippet"]["text"] == d.source.line_text(start.line)

    enum = next(r for r in results if r["ruleId"] == "AMI104")
    assert _region(enum) == {
        "startLine": 3,
        "startColumn": 19,
        "endLine": 3,
        "endColumn": 26,
        "snippet": {"text": '"amd64"'},
    }
    assert enum["message"]["text"] == (
        "`Architecture` is `amd64` but must be one of `i386`, `x86_64`, `arm64`, `x86_64_mac`, "
        "`arm64_mac`. Hint: Write `x86_64`: `amd64` is Debian's and Go's name for it"
    )


def test_sarif_regions_are_at_least_1_also_at_the_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "truncated.json", '{"Name": "web-2024-06-01", "Architecture": ')  # error at the very end
    _write(tmp_path, "nameless.yaml", NAMELESS_YAML)
    _write(tmp_path, "crlf.yaml", NAMELESS_YAML.replace("\n", "\r\n"))
    report = _lint("truncated.json", "nameless.yaml", "crlf.yaml")
    assert {d.rule for d in report.diagnostics} >= {"AMI001", "AMI102"}
    log = _sarif(report)
    _validate(log)
    for result in _results(log):
        location = result["locations"][0]["physicalLocation"]
        for region in (location["region"], location.get("contextRegion", {"startLine": 1, "endLine": 1})):
            assert all(value >= 1 for key, value in region.items() if key != "snippet"), region
            assert region["endLine"] >= region["startLine"]
    multi = [r for r in _results(log) if _region(r)["endLine"] > _region(r)["startLine"]]
    assert multi, "a span over several lines"
    # The region already covers whole lines (CRLF or not): no larger context region to give.
    assert {_artifact(r)["uri"] for r in multi} == {"nameless.yaml", "crlf.yaml"}
    assert all("contextRegion" not in r["locations"][0]["physicalLocation"] for r in multi)


def test_sarif_rules_are_the_registry_in_id_order_with_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    log = _sarif(_lint("bad.json"))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    registry = builtin_registry()
    assert [r["id"] for r in rules] == sorted(rule.id for rule in registry)
    for descriptor in rules:
        rule = registry.get(descriptor["id"])
        assert rule is not None
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["help"] == {"text": rule.docs.markdown, "markdown": rule.docs.markdown}
        assert "## What it does" in descriptor["help"]["markdown"]
        full = descriptor["fullDescription"]["text"]
        assert full and "`" not in full and "##" not in full and "\n" not in full.strip()
        assert (
            descriptor["helpUri"] == f"https://github.com/ami-lint/ami-lint/blob/main/docs/rules/{rule.id}.md"
        )
        assert descriptor["defaultConfiguration"]["level"] == sarif.LEVELS[rule.severity]
        assert descriptor["defaultConfiguration"].get("enabled", True) is rule.default_enabled
        assert descriptor["properties"]["tags"][0] == "ami-lint"
    tags = {r["id"]: r["properties"]["tags"] for r in rules}
    assert tags["AMI001"] == ["ami-lint", "input"]
    assert tags["AMI104"] == ["ami-lint", "structure"]
    enum = next(r for r in rules if r["id"] == "AMI104")
    assert enum["fullDescription"]["text"].startswith(
        "Reports a value of Architecture, BootMode, TpmSupport, ImdsSupport, VolumeType,"
    )
    for result in _results(log):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def _data_rule(**overrides: Any) -> DataRule:
    data = {
        "id": "XYZ901",
        "name": "team-naming",
        "summary": "Image names follow the team convention",
        "severity": "info",
        "default_enabled": False,
        "kind": "input",
        "docs": "## What it does\nChecks **names** against [the guide](https://example.com/guide).\n\n"
        "- one\n- two\n\n## Why is this bad?\nX\n",
    }
    data.update(overrides)
    return DataRule(data, "custom/team-naming.yaml")


def test_sarif_rule_metadata_of_a_custom_rule_off_by_default() -> None:
    registry = builtin_registry().copy()
    registry.add(_data_rule())
    registry.add(_data_rule(id="XYZ902", name="with-reference", references=["https://example.com/r"]))
    titled = {"title": "The guide", "url": "https://example.com/guide"}
    registry.add(_data_rule(id="XYZ903", name="with-titled-reference", references=[titled]))
    log = _sarif(Report(), registry)
    _validate(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    custom = rules["XYZ901"]
    assert custom["defaultConfiguration"] == {"level": "note", "enabled": False}
    assert custom["fullDescription"]["text"] == "Checks names against the guide.\n\n- one\n- two"
    assert custom["properties"]["tags"] == ["ami-lint"]
    assert "helpUri" not in custom  # we host no page for a third-party rule
    assert rules["XYZ902"]["helpUri"] == "https://example.com/r"
    # A bare url (the older form) adds no section; a titled one makes the docs' References.
    assert "References" not in rules["XYZ902"]["help"]["markdown"]
    assert rules["XYZ903"]["helpUri"] == "https://example.com/guide"
    assert rules["XYZ903"]["help"]["markdown"].endswith(
        "X\n\n## References\n- [The guide](https://example.com/guide)"
    )


def test_sarif_result_of_a_rule_missing_from_the_registry_still_has_a_rule_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    log = _sarif(_lint("bad.json"), Registry())
    _validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in _results(log):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_of_an_empty_report_is_valid() -> None:
    text = sarif.render(Report(), builtin_registry())
    assert text.endswith("}\n") and not text.endswith("\n\n")
    log = json.loads(text)
    _validate(log)
    assert _results(log) == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(builtin_registry())


def test_sarif_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    _write(tmp_path, "tags.yaml", TWIN_TAGS_YAML)
    first = sarif.render(_lint("tags.yaml", "bad.json"), builtin_registry())
    again = sarif.render(_lint("bad.json", "tags.yaml"), builtin_registry())
    assert first == again
    assert first.startswith('{\n  "$schema": ')  # indent 2
    uris = [_artifact(r)["uri"] for r in _results(json.loads(first))]
    assert uris == sorted(uris)


def test_sarif_uri_of_a_path_with_a_space_and_non_ascii(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "déploiement prod/ami été:1.json", BAD_JSON)
    log = _sarif(_lint("déploiement prod"))
    _validate(log)
    result = _results(log)[0]
    artifact = _artifact(result)
    assert artifact["uriBaseId"] == "%SRCROOT%"
    uri = artifact["uri"]
    assert RELATIVE_REF.match(uri), uri
    assert uri == "d%C3%A9ploiement%20prod/ami%20%C3%A9t%C3%A9%3A1.json"
    assert unquote(uri) == "déploiement prod/ami été:1.json"


def test_sarif_with_base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "repo/images/web.json", BAD_JSON)
    _write(tmp_path, "elsewhere/other.json", BAD_JSON)
    log = _sarif(_lint("repo/images/web.json", "elsewhere/other.json"), base_dir="repo")
    _validate(log)
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == Path(os.getcwd(), "repo").as_uri() + "/"
    by_uri = {_artifact(r)["uri"]: _artifact(r) for r in _results(log)}
    assert by_uri["images/web.json"] == {"uri": "images/web.json", "uriBaseId": "%SRCROOT%"}
    outside = [a for a in by_uri.values() if "uriBaseId" not in a]
    assert len(outside) == 1
    parts = urlsplit(outside[0]["uri"])
    assert parts.scheme == "file"
    assert Path(url2pathname(parts.path)) == tmp_path / "elsewhere/other.json"


def test_sarif_absolute_path_outside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = _write(tmp_path, "outside dir/r.json", BAD_JSON)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    log = _sarif(_lint(str(outside)))
    _validate(log)
    artifact = _artifact(_results(log)[0])
    assert "uriBaseId" not in artifact
    assert artifact["uri"].startswith("file:///") and " " not in artifact["uri"]
    assert Path(url2pathname(urlsplit(artifact["uri"]).path)) == outside


def test_sarif_fingerprints_survive_lines_inserted_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, "r.yaml", TWIN_TAGS_YAML)
    before = _results(_sarif(_lint("r.yaml")))
    path.write_text("# a comment\n\n" + TWIN_TAGS_YAML.replace("Name:", "Description: added\nName:"), "utf-8")
    after = _results(_sarif(_lint("r.yaml")))
    assert [r["ruleId"] for r in before] == [r["ruleId"] for r in after] == ["AMI108", "AMI108"]
    assert [_region(r)["startLine"] + 3 for r in before] == [_region(r)["startLine"] for r in after]
    assert [_fingerprint(r) for r in before] == [_fingerprint(r) for r in after]
    # The two findings read the same line once stripped: the occurrence counter tells them apart.
    assert _fingerprint(before[0]) != _fingerprint(before[1])
    assert all(re.fullmatch(r"[0-9a-f]{64}", _fingerprint(r)) for r in before)


def test_sarif_fingerprints_differ_between_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "a.json", BAD_JSON)
    _write(tmp_path, "b.json", BAD_JSON)
    results = _results(_sarif(_lint("a.json", "b.json")))
    prints = [_fingerprint(r) for r in results]
    assert len(set(prints)) == len(prints)
    # The same finding in another file is another alert.
    a = [p for r, p in zip(results, prints, strict=True) if _artifact(r)["uri"] == "a.json"]
    b = [p for r, p in zip(results, prints, strict=True) if _artifact(r)["uri"] == "b.json"]
    assert len(a) == len(b) > 0 and not set(a) & set(b)


def test_sarif_fingerprint_changes_when_the_finding_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, "r.json", BAD_JSON)

    def prints() -> dict[tuple[str, int], str]:
        return {
            (r["ruleId"], _region(r)["startLine"]): _fingerprint(r) for r in _results(_sarif(_lint("r.json")))
        }

    before = prints()
    path.write_text(BAD_JSON.replace('"HVM"', '"PV"'), "utf-8")
    after = prints()
    assert set(before) == set(after)
    assert [key for key in before if before[key] != after[key]] == [("AMI104", 5)]


def _suppress(d: Diagnostic, how: str) -> Diagnostic:
    return replace(d, suppressed=how)


def test_sarif_suppressed_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    report = _lint("bad.json")
    first, second, *rest = report.diagnostics
    report.diagnostics = [_suppress(first, "inline"), _suppress(second, "baseline"), *rest]
    log = _sarif(report)
    _validate(log)
    results = _results(log)
    assert results[0]["suppressions"] == [{"kind": "inSource", "justification": "inline"}]
    assert results[1]["suppressions"] == [{"kind": "external", "justification": "baseline"}]
    assert all("suppressions" not in r for r in results[2:])
    # Annotations and editor lines have no way to say "suppressed": they leave them out.
    assert len(github.render(report).splitlines()) == len(rest)
    assert len(editor.render(report).splitlines()) == len(rest)


def test_sarif_level_follows_the_configured_severity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.json", BAD_JSON)
    options = Options(selection=Selection(), severities={"AMI006": Severity.INFO})
    report = _lint("bad.json", options=options)
    log = _sarif(report)
    result = next(r for r in _results(log) if r["ruleId"] == "AMI006")
    assert result["level"] == "note"
    rule = log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert "::notice file=bad.json,line=10," in github.render(report)
    assert ": info: AMI006 " in editor.render(report)


# --- GitHub workflow commands ----------------------------------------------


def _diagnostic(
    text: str, path: str, start: int, end: int, message: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(
        "AMI104", "invalid-enum-value", Severity.ERROR, message, Source(text, path), Span(start, end), hint
    )


def _unescape(text: str) -> str:
    """What the Actions runner does to a value (ActionCommand.Unescape)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_github_escapes_properties_and_message() -> None:
    text = '{"Architecture": "amd64"}\n'
    d = _diagnostic(
        text, "dir,one/a:b%.json", 17, 24, "100% sure, `a: b`\r\nnext", "Use `x86_64`, not: `amd64`"
    )
    line = github.render_one(d)
    assert line == (
        "::error file=dir%2Cone/a%3Ab%25.json,line=1,col=18,endLine=1,endColumn=25,"
        "title=AMI104 invalid-enum-value::100%25 sure, `a: b`\\r\\nnext%0AHint: Use `x86_64`, not: `amd64`"
    )
    # The runner splits the command at the first `::` after the properties, then at `,` and `=`.
    head, data = line[2:].split("::", 1)
    command, props = head.split(" ", 1)
    parsed = dict(pair.split("=", 1) for pair in props.split(","))
    assert command == "error"
    assert _unescape(parsed["file"]) == "dir,one/a:b%.json"
    assert _unescape(parsed["title"]) == "AMI104 invalid-enum-value"
    assert _unescape(data) == "100% sure, `a: b`\\r\\nnext\nHint: Use `x86_64`, not: `amd64`"
    assert "\n" not in line and "\r" not in line


def _render_bad_and_nameless(
    directory: Path, bad_name: str, render: Callable[[Report], str]
) -> tuple[Report, str]:
    """Lint BAD_JSON and NAMELESS_YAML (a span over several lines); one output line each."""
    _write(directory, bad_name, BAD_JSON)
    _write(directory, "nameless.yaml", NAMELESS_YAML)
    report = _lint(bad_name, "nameless.yaml")
    out = render(report)
    assert out.endswith("\n") and len(out.splitlines()) == len(report.diagnostics)
    return report, out


def test_github_real_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report, out = _render_bad_and_nameless(tmp_path, "images/bad.json", github.render)
    lines = out.splitlines()
    pattern = re.compile(
        r"^::(?P<cmd>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+)"
        r"(?:,col=(?P<col>\d+))?,endLine=(?P<end_line>\d+)(?:,endColumn=(?P<end_col>\d+))?"
        r",title=(?P<title>[^,:]+)::(?P<message>.*)$"
    )
    for d, line in zip(report.diagnostics, lines, strict=True):
        m = pattern.match(line)
        assert m, line
        start, end = d.start, d.end
        assert m["cmd"] == {"error": "error", "warning": "warning", "info": "notice"}[str(d.severity)]
        assert (m["file"], int(m["line"]), int(m["end_line"])) == (d.path, start.line, end.line)
        if start.line == end.line:
            assert (int(m["col"]), int(m["end_col"])) == (start.column, end.column)
        else:  # the runner drops columns of a range over several lines
            assert m["col"] is None and m["end_col"] is None
        assert m["title"] == f"{d.rule} {d.name}"
        assert _unescape(m["message"]) == d.message + (f"\nHint: {d.hint}" if d.hint else "")
    assert (
        "::warning file=images/bad.json,line=10,col=3,endLine=10,endColumn=16,"
        "title=AMI006 duplicate-json-key::" in out
    )
    assert github.render(Report()) == ""


# --- editor format ---------------------------------------------------------

# Vim's errorformat `%f:%l:%c:%e:%k: %t%*[a-z]: %m` as Vim compiles it: `%f`
# before a literal `:` is `.\{-1,}`, numbers are `\d\+`, `%t` one character.
VIM_EQUIVALENT = re.compile(
    r"^(?P<f>.+?):(?P<l>\d+):(?P<c>\d+):(?P<e>\d+):(?P<k>\d+): (?P<t>.)[a-z]*: (?P<m>.+)$"
)


def test_editor_line_parses_back_with_the_errorformat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report, out = _render_bad_and_nameless(tmp_path, "my dir/bad:1.json", editor.render)
    lines = out.splitlines()
    assert editor.VIM_ERRORFORMAT == "%f:%l:%c:%e:%k: %t%*[a-z]: %m"
    assert editor.VIM_ERRORFORMAT in (editor.__doc__ or "")
    for d, line in zip(report.diagnostics, lines, strict=True):
        m = VIM_EQUIVALENT.match(line)
        assert m, line
        start, end = d.start, d.end
        assert m["f"] == d.path
        assert [int(m[k]) for k in "lcek"] == [start.line, start.column, end.line, end.column]
        assert m["t"] == str(d.severity)[0]
        expected = f"{d.rule} {d.message} [{d.name}]" + (f" — {d.hint}" if d.hint else "")
        assert m["m"] == expected
    assert lines[1] == (
        "my dir/bad:1.json:3:19:3:26: error: AMI104 `Architecture` is `amd64` but must be one of "
        "`i386`, `x86_64`, `arm64`, `x86_64_mac`, `arm64_mac` [invalid-enum-value] — "
        "Write `x86_64`: `amd64` is Debian's and Go's name for it"
    )
    assert editor.render(Report()) == ""


def test_editor_keeps_one_line_per_diagnostic() -> None:
    d = _diagnostic('{"A": 1}\n', "odd\nname.json", 1, 4, "first\r\nsecond\u2028third", "fix\nit")
    line = editor.render_one(d)
    # Line breaks are shown escaped (ami_lint.printable), as every control character is.
    assert line == (
        "odd\\nname.json:1:2:1:5: error: AMI104 first\\r\\nsecond\\u2028third [invalid-enum-value] — fix\\nit"
    )
    assert len(editor.render(Report(diagnostics=[d])).splitlines()) == 1


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", HOME=env.get("HOME", "/tmp"))
    return env


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_editor_format_in_real_vim_quickfix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "my dir/bad.json", BAD_JSON)
    report = _lint("my dir/bad.json")
    _write(tmp_path, "out.txt", editor.render(report))
    script = textwrap.dedent(
        """\
        set encoding=utf-8
        if !has('patch-8.2.4329')
          call writefile(['too old'], 'qf.json')
          qa!
        endif
        let &errorformat = 'ERRORFORMAT'
        cgetfile out.txt
        call writefile([json_encode(map(getqflist(), {_, e -> {'file': bufname(e.bufnr),
              \\ 'lnum': e.lnum, 'col': e.col, 'end_lnum': e.end_lnum, 'end_col': e.end_col,
              \\ 'type': e.type, 'text': e.text, 'valid': e.valid}}))], 'qf.json')
        qa!
        """
    ).replace("ERRORFORMAT", editor.VIM_ERRORFORMAT)
    _write(tmp_path, "qf.vim", script)
    subprocess.run(
        ["vim", "-es", "-N", "-u", "NONE", "-i", "NONE", "-S", "qf.vim"],
        cwd=tmp_path,
        env=_clean_env(),
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    raw = (tmp_path / "qf.json").read_text(encoding="utf-8")
    if raw.strip() == "too old":
        pytest.skip("this vim has no %e/%k in errorformat")
    entries = json.loads(raw)
    assert len(entries) == len(report.diagnostics)
    for d, entry in zip(report.diagnostics, entries, strict=True):
        start, end = d.start, d.end
        assert entry["valid"] == 1
        assert entry["file"] == "my dir/bad.json"
        assert [entry["lnum"], entry["col"], entry["end_lnum"], entry["end_col"]] == [
            start.line,
            start.column,
            end.line,
            end.column,
        ]
        assert entry["type"] == str(d.severity)[0]
        assert entry["text"].startswith(f"{d.rule} {d.message} [{d.name}]")


@pytest.mark.skipif(shutil.which("emacs") is None, reason="emacs is not installed")
def test_editor_format_in_real_emacs_compilation_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "my dir/bad.json", BAD_JSON)
    _write(tmp_path, "nameless.yaml", NAMELESS_YAML)
    options = Options(selection=Selection(), severities={"AMI104": Severity.INFO})
    report = _lint("my dir/bad.json", "nameless.yaml", options=options)
    _write(tmp_path, "out.txt", editor.render(report))
    doc = editor.__doc__ or ""
    recipe = textwrap.dedent(doc[doc.index("    (with-eval-after-load 'compile") :])
    driver = (
        "(require 'compile)\n" + recipe + "\n"
        """(with-current-buffer (find-file-noselect "out.txt")
          (compilation-mode)
          (compilation--ensure-parse (point-max))
          (let ((pos (point-min)) msg)
            (while pos
              (when (setq msg (get-text-property pos 'compilation-message))
                (let ((loc (compilation--message->loc msg))
                      (end (compilation--message->end-loc msg)))
                  (princ (format "%s|%d|%d|%d|%d|%d\\n"
                                 (caar (compilation--loc->file-struct loc))
                                 (compilation--loc->line loc) (compilation--loc->col loc)
                                 (compilation--loc->line end) (compilation--loc->col end)
                                 (compilation--message->type msg)))))
              (setq pos (next-single-property-change pos 'compilation-message)))))
        """
    )
    _write(tmp_path, "check.el", driver)
    result = subprocess.run(
        ["emacs", "--batch", "-Q", "-l", "check.el"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines()]
    expected = []
    for d in report.diagnostics:
        start, end = d.start, d.end
        kind = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}[d.severity]
        expected.append([d.path, start.line, start.column, end.line, end.column, kind])
    assert [[r[0], *map(int, r[1:])] for r in rows] == expected


@pytest.mark.parametrize(
    "text",
    ["", "plain", "\tindented\t", "".join(map(chr, range(128))), "naïve\t漢字 e\u0301", "🙂x\t"],
)
def test_text_width_is_the_sum_of_character_widths(text: str) -> None:
    from ami_lint.formatters.text import _text_width, _width

    assert _text_width(text) == sum(_width(c) for c in text)
