"""The integration recipes of the README work as written.

The GitHub Actions job's lint command really writes valid SARIF where the
upload step looks for it; the VS Code problem matcher, the nvim-lint pattern
(with a real Lua when one is installed) and the Flycheck patterns parse the
`--format editor` lines back into the positions of the JSON report. The
pre-commit snippet is exercised through the real pre-commit in
`test_precommit.py`.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

BAD_REQUEST = '{\n  "Name": "web-1",\n  "Architecture": "amd64",\n  "ImageLocation": "b/i.manifest.xml"\n}\n'
BAD_SCRIPT = (
    "#!/bin/bash\n"
    "# ami-lint: disable=AMI316\n"
    "aws ec2 register-image --name 'wéb-2' --ena-support true \\\n"
    "  --cli-input-json file://request.json\n"
)


def fenced(heading: str, language: str, text: str = README) -> str:
    """The first ```language block after the line `heading`."""
    start = text.index("\n" + heading + "\n")
    match = re.compile(rf"^```{re.escape(language)}\n(.*?)^```$", re.MULTILINE | re.DOTALL).search(
        text, start
    )
    assert match, f"no {language} block after {heading!r}"
    return match.group(1)


def _load_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def _ami_lint(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/request.json").write_text(BAD_REQUEST, encoding="utf-8")
    (tmp_path / "images/register.sh").write_text(BAD_SCRIPT, encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "web"}\n', encoding="utf-8")
    return tmp_path


def _json_report(project: Path, *paths: str) -> list[dict[str, Any]]:
    done = _ami_lint(project, ["--format", "json", *paths])
    return list(json.loads(done.stdout)["diagnostics"])


def _expected(diagnostics: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["severity"], d["rule"])
        for d in diagnostics
    ]


def test_pre_commit_snippet_names_the_hook() -> None:
    config = _load_yaml(fenced("## pre-commit", "yaml"))
    (repo,) = config["repos"]
    hooks = _load_yaml((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks] == ["ami-lint"]
    assert set(hooks[0]["types_or"]) == {
        "json",
        "yaml",
        "shell",
        "markdown",
        "makefile",
        "dockerfile",
        "groovy",
        "javascript",
        "jsx",
        "ts",
        "tsx",
        "terraform",
        "python",
        "hcl",  # Packer's .pkr.hcl
        "go",
    }
    assert_commit_with_hook(repo["rev"])


def assert_commit_with_hook(rev: str) -> None:
    """`rev` is this version's release tag (`v` and the package's version),
    a tag of this repository whose `.pre-commit-hooks.yaml` defines the hook
    and which holds `action.yml`."""
    from ami_lint import __version__

    assert rev == f"v{__version__}", rev
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout of ami-lint")

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
        )

    tagged = git("rev-parse", "--verify", "--quiet", f"refs/tags/{rev}^{{commit}}")
    if tagged.returncode != 0 and not git("tag", "--list").stdout.strip():
        # A clone that carries no tag at all (a shallow clone, or a CI
        # checkout of one branch) cannot tell; one that carries tags must
        # carry this one.
        pytest.skip(f"this checkout holds no tags, so it cannot show {rev}")
    assert tagged.returncode == 0, f"no tag {rev} in this repository"
    shown = git("show", f"{rev}:.pre-commit-hooks.yaml")
    assert shown.returncode == 0, shown.stderr
    assert [h["id"] for h in _load_yaml(shown.stdout)] == ["ami-lint"]
    assert git("cat-file", "-e", f"{rev}:action.yml").returncode == 0


def test_github_actions_workflow(project: Path) -> None:
    workflow = _load_yaml(fenced("## GitHub Actions", "yaml"))
    assert set(workflow["on"]) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert "!cancelled()" in upload["if"]
    lint = next(s for s in steps if s.get("run", "").startswith("ami-lint "))
    args = shlex.split(lint["run"])[1:]
    assert args[args.index("--output") + 1] == upload["with"]["sarif_file"]
    # The step itself, in a repository with findings: it fails the job and leaves the report.
    done = _ami_lint(project, args)
    assert done.returncode == 1, done.stderr
    log = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {"images/request.json", "images/register.sh"}
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "github.com/ami-lint/ami-lint@" in install["run"]
    pinned = install["run"].split("github.com/ami-lint/ami-lint@")[1].rstrip('"')
    assert pinned == _load_yaml(fenced("## pre-commit", "yaml"))["repos"][0]["rev"]
    assert_commit_with_hook(pinned)


def test_action_snippet_pins_the_release() -> None:
    """The README's `uses: ami-lint/ami-lint@…` names the release tag the
    other snippets pin, and its inputs are the action's."""
    workflow = _load_yaml(fenced("### The ami-lint action", "yaml"))
    (job,) = workflow["jobs"].values()
    step = next(s for s in job["steps"] if s.get("uses", "").startswith("ami-lint/ami-lint@"))
    rev = step["uses"].split("@", 1)[1]
    assert rev == _load_yaml(fenced("## pre-commit", "yaml"))["repos"][0]["rev"]
    action = _load_yaml((REPO / "action.yml").read_text(encoding="utf-8"))
    assert set(step["with"]) <= set(action["inputs"])
    assert_commit_with_hook(rev)


def test_vscode_problem_matcher(project: Path) -> None:
    tasks = json.loads(
        fenced("**VS Code**: a task whose problem matcher reads that format (`.vscode/tasks.json`;", "json")
    )
    (task,) = tasks["tasks"]
    matcher = task["problemMatcher"]
    pattern = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])  # a JavaScript regular expression Python also reads
    done = _ami_lint(project, task["args"])
    assert done.returncode == 0 and done.stdout  # --fail-on never: a task that found problems did not fail
    parsed = []
    for line in done.stdout.splitlines():
        m = regexp.match(line)
        assert m, line
        fields = ("file", "line", "column", "endLine", "endColumn", "severity", "code")
        got = tuple(m.group(pattern[f]) for f in fields)
        parsed.append(tuple(int(v) if v.isdigit() else v for v in got))
        assert m.group(pattern["message"]).split(" [")[0]
    assert parsed == _expected(_json_report(project, "."))


LUA_CLASSES = {"%d": r"\d", "%a": "[A-Za-z]", "%S": r"\S", "%s": r"\s"}


def _lua_to_regex(pattern: str) -> str:
    """The Lua pattern features the recipe uses, as a Python regular expression."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "%":
            out.append(LUA_CLASSES[pattern[i : i + 2]])
            i += 2
        else:
            out.append(pattern[i] if pattern[i] in "^$()+*.-" else re.escape(pattern[i]))
            i += 1
    return "".join(out).replace(".-", ".*?")


def _nvim_recipe() -> tuple[str, list[str]]:
    lua = fenced(
        "**Neovim** with [nvim-lint](https://github.com/mfussenegger/nvim-lint), as you type:", "lua"
    )
    call = lua[lua.index("from_pattern(") :]
    pattern = re.search(r'"(\^.*?\$)"', call)
    groups = re.search(r"\{ (\"file\".*?) \}", call)
    assert pattern and groups
    return pattern.group(1), [g.strip().strip('"') for g in groups.group(1).split(",")]


def test_nvim_lint_pattern(project: Path) -> None:
    pattern, groups = _nvim_recipe()
    assert groups == ["file", "lnum", "col", "end_lnum", "end_col", "severity", "code", "message"]
    path = str(project / "images/register.sh")
    data = (project / "images/register.sh").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "ami_lint", "--format", "editor", "--stdin-filename", path, "-"],
        cwd=project, input=data, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    lines = done.stdout.decode().splitlines()
    regexp = re.compile(_lua_to_regex(pattern))
    parsed = []
    for line in lines:
        m = regexp.match(line)
        assert m, line
        parsed.append(dict(zip(groups, m.groups(), strict=True)))
    # nvim-lint keeps the lines whose `file` is the buffer's absolute path.
    mine = [p for p in parsed if p["file"] == path]
    assert mine and len(mine) < len(parsed)  # request.json's findings are dropped
    expected = [
        e for e in _expected(_json_report(project, "images/register.sh")) if e[0] == "images/register.sh"
    ]
    assert [
        (int(p["lnum"]), int(p["col"]), int(p["end_lnum"]), int(p["end_col"]), p["severity"], p["code"])
        for p in mine
    ] == [e[1:] for e in expected]

    lua = shutil.which("lua5.4") or shutil.which("lua")
    if lua is None:
        return
    script = (
        "for line in io.lines() do\n"
        f"  local t = {{ line:match({json.dumps(pattern)}) }}\n"
        "  print(table.concat(t, '\\t'))\n"
        "end\n"
    )
    real = subprocess.run(
        [lua, "-e", script],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert [dict(zip(groups, row.split("\t"), strict=True)) for row in real.stdout.splitlines()] == parsed


def test_flycheck_patterns_are_well_formed() -> None:
    elisp = fenced("**Emacs** with [Flycheck](https://www.flycheck.org):", "elisp")
    depth = 0
    for char in re.sub(r'"(?:[^"\\]|\\.)*"', '""', elisp):
        depth += {"(": 1, ")": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert '"--stdin-filename" source-original "-"' in elisp
    for severity in ("error", "warning", "info"):
        assert f'": {severity}: "' in elisp
    emacs = shutil.which("emacs")
    if emacs is not None:  # the form reads as Lisp
        subprocess.run(
            [emacs, "--batch", "-Q", "--eval", f"(read {json.dumps(elisp)})"],
            capture_output=True, timeout=60, check=True,
        )  # fmt: skip


def test_suppression_examples_each_suppress_something(tmp_path: Path) -> None:
    heading = "### In the file: `# ami-lint: disable=…`"
    (tmp_path / "register.sh").write_text("#!/bin/bash\n" + fenced(heading, "sh"), encoding="utf-8")
    (tmp_path / "request.yaml").write_text(fenced(heading, "yaml"), encoding="utf-8")
    (tmp_path / "mappings.json").write_text(
        '[{"DeviceName": "/dev/sda1", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]\n', encoding="utf-8"
    )
    args = ["--format", "sarif", "--warn-unused-suppressions", "."]
    done = _ami_lint(tmp_path, args)
    assert done.stderr == ""
    results = json.loads(done.stdout)["runs"][0]["results"]
    suppressed = sorted(r["ruleId"] for r in results if "suppressions" in r)
    assert suppressed == ["AMI305", "AMI305", "AMI306", "AMI307", "AMI402"]


def test_sample_text_finding_is_printed_as_shown() -> None:
    """The sample under "### Output" is what `ami-lint` prints for the file it
    names, character for character (the README once showed a hint that was
    wrong, for a value the file's duplicate key hides)."""
    sample = fenced("`path:line:col: severity RULE message [name]`, then the source line with a", "")
    path = sample.split(":", 1)[0]
    done = _ami_lint(REPO, [path])
    assert done.returncode == 1
    assert "\n" + sample + "\n" in "\n" + done.stdout


def test_sample_json_report_is_printed_as_shown() -> None:
    text = fenced("`examples/mistakes.json`, its other eight findings left out):", "json")
    shown = json.loads(text.replace(",\n                 …]", "]"))
    done = _ami_lint(REPO, ["--format", "json", "examples/mistakes.json"])
    real = json.loads(done.stdout)
    assert shown["diagnostics"][0] in real["diagnostics"]
    assert (shown["version"], shown["summary"]) == (real["version"], real["summary"])
    assert len(real["diagnostics"]) == 1 + 8
