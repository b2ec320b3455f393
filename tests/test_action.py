"""The composite GitHub Action (`action.yml`), its steps run here as the
runner runs them: each `run:` script with `bash -eo pipefail`, its `env:`
given the inputs, `$GITHUB_OUTPUT` read back into the step's outputs and
`$GITHUB_PATH` onto the next steps' PATH, and each `if:` decided from the
inputs and outputs. A `uses:` step (the SARIF upload) is not run: its inputs
are checked (the report it would upload is there, and valid SARIF)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
ACTION = YAML(typ="safe", pure=True).load(io.StringIO((REPO / "action.yml").read_text(encoding="utf-8")))
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
BAD_REQUEST = '{\n  "Name": "web-1",\n  "Architecture": "amd64",\n  "ImageLocation": "b/i.manifest.xml"\n}\n'
GOOD_REQUEST = BAD_REQUEST.replace("amd64", "x86_64").replace(
    '"ImageLocation"', '"VirtualizationType": "hvm",\n  "ImageLocation"'
)

BASH = shutil.which("bash") or "/bin/bash"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _value(path: str, context: dict[str, Any]) -> str:
    value: Any = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return str(value)


def _clause(text: str, context: dict[str, Any]) -> bool:
    text = text.strip()
    if text == "!cancelled()":
        return True
    match = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", text)
    assert match, f"an expression the test does not read: {text!r}"
    equal = _value(match.group(1), context) == match.group(3)
    return equal if match.group(2) == "==" else not equal


def _condition(text: str | None, context: dict[str, Any]) -> bool:
    """A step's `if:` (the forms action.yml uses: clauses joined by `&&`)."""
    if text is None:
        return True
    text = _EXPRESSION.sub(r"\1", text)
    return all(_clause(part, context) for part in text.split("&&"))


def _substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _value(m.group(1), context), text)


def run_action(
    workspace: Path, inputs: dict[str, str], path: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The action's steps run in `workspace`: the outputs of each step by id,
    and the steps that ran (`uses:` steps with their inputs substituted)."""
    given = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    given.update(inputs)
    context: dict[str, Any] = {"inputs": given, "steps": {}}
    runner = workspace.parent / "runner"
    runner.mkdir(exist_ok=True)
    paths = [path, "/usr/bin", "/bin"]
    ran: list[dict[str, Any]] = []
    for step in ACTION["runs"]["steps"]:
        if not _condition(step.get("if"), context):
            continue
        if "uses" in step:
            ran.append(
                {
                    "uses": step["uses"],
                    "with": {k: _substitute(str(v), context) for k, v in step["with"].items()},
                }
            )
            continue
        output, more_path = runner / "output", runner / "path"
        output.write_text("")
        more_path.write_text("")
        env = {
            "HOME": os.environ.get("HOME", str(runner)),
            "PATH": os.pathsep.join(paths),
            "RUNNER_TEMP": str(runner),
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_PATH": str(more_path),
            "GITHUB_WORKSPACE": str(workspace),
        }
        env.update({k: _substitute(str(v), context) for k, v in step.get("env", {}).items()})
        done = subprocess.run(
            [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": outputs}
        paths = [p for p in more_path.read_text().splitlines() if p] + paths
        ran.append({"run": step["name"], "code": done.returncode, "stderr": done.stderr})
        if done.returncode != 0:
            break
    return context["steps"], ran


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "images").mkdir(parents=True)
    (root / "images" / "request.json").write_text(BAD_REQUEST, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "request.json").write_text(GOOD_REQUEST, encoding="utf-8")
    return root


def _on_path() -> str:
    """The folder of the `ami-lint` the tests run (`install: false`)."""
    found = shutil.which("ami-lint", path=os.path.dirname(sys.executable))
    if found is None:
        pytest.skip("no ami-lint script beside this interpreter")
    return os.path.dirname(found)


def test_findings_fail_the_job_and_the_report_is_uploaded(workspace: Path) -> None:
    steps, ran = run_action(workspace, {"install": "false", "paths": "images docs"}, _on_path())
    assert [r.get("run") or r["uses"].split("@")[0] for r in ran] == [
        "Lint AMI registration requests",
        "github/codeql-action/upload-sarif",
        "Fail on findings",
    ]
    assert steps["lint"]["outputs"] == {"exit-code": "1"}
    assert ran[0]["code"] == 0 and ran[2]["code"] == 1
    upload = ran[1]["with"]
    assert upload == {"sarif_file": "ami-lint.sarif", "category": "ami-lint"}
    log = json.loads((workspace / upload["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {"images/request.json"}


def test_options_and_no_upload(workspace: Path) -> None:
    inputs = {"install": "false", "paths": "docs", "args": "--fail-on warning", "upload-sarif": "false",
              "sarif-file": "out/report.sarif"}  # fmt: skip
    (workspace / "out").mkdir()
    steps, ran = run_action(workspace, inputs, _on_path())
    assert steps["lint"]["outputs"] == {"exit-code": "0"}
    assert [r.get("run") for r in ran] == ["Lint AMI registration requests"]
    assert json.loads((workspace / "out" / "report.sarif").read_text())["runs"][0]["results"] == []


def test_a_usage_error_fails_the_lint_step(workspace: Path) -> None:
    steps, ran = run_action(workspace, {"install": "false", "args": "--select NOPE*"}, _on_path())
    assert steps["lint"]["outputs"] == {"exit-code": "2"}
    assert ran[-1]["code"] == 2
    assert "ami-lint: error:" in ran[-1]["stderr"]
    assert len(ran) == 1  # the job stops there


@pytest.mark.skipif(
    not os.environ.get("AMI_LINT_INSTALL_TESTS"),
    reason="installs ami-lint with pip into a new environment (about 40 s): set AMI_LINT_INSTALL_TESTS=1",
)
def test_install_step(workspace: Path) -> None:
    steps, ran = run_action(
        workspace, {"paths": "images"}, os.path.dirname(shutil.which("python3") or "/usr/bin")
    )
    assert ran[0] == {"run": "Install ami-lint", "code": 0, "stderr": ran[0]["stderr"]}, ran[0]["stderr"]
    assert steps["lint"]["outputs"] == {"exit-code": "1"}
