"""Configuration files, through the real command line in temporary directories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ami_lint.config import Workspace, _glob_matches
from ami_lint.registry import builtin_registry
from tests.conftest import ROOT, run_cli

ROOT_MAPPING = (
    '"RootDeviceName": "/dev/xvda",'
    ' "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]'
)
# An error (AMI104) and a warning (AMI311). (AMI316, off by default, would also warn.)
BAD = f'{{"Name": "web-1", "VirtualizationType": "hvm", "Architecture": "amd64", {ROOT_MAPPING}}}\n'
# Only warnings: AMI305 (no Architecture) and AMI311 (no EnaSupport).
WARNS = f'{{"Name": "web-1", "VirtualizationType": "hvm", {ROOT_MAPPING}}}\n'
CLEAN = (
    '{"Name": "web-1", "VirtualizationType": "hvm", "EnaSupport": true, "Architecture": "x86_64",'
    f' "ImdsSupport": "v2.0", {ROOT_MAPPING}}}\n'
)


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _findings(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, list[tuple[str, str, str]]]:
    result = run_cli("--format", "json", *args, cwd=cwd, stdin=stdin)
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    return result.returncode, [(d["path"], d["rule"], d["severity"]) for d in report["diagnostics"]]


def _rules(*args: str, cwd: Path) -> set[tuple[str, str]]:
    return {(path, rule) for path, rule, _ in _findings(*args, cwd=cwd)[1]}


def _error(*args: str, cwd: Path) -> str:
    result = run_cli(*args, cwd=cwd)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.strip()


def test_nearest_configuration_above_each_file(tmp_path: Path) -> None:
    _write(tmp_path, "top.json", WARNS)
    _write(tmp_path, "team/a/deep/b.json", WARNS)
    _write(tmp_path, "team/.ami-lint.yaml", "ignore: [AMI305]\n")
    _write(tmp_path, "other/c.json", WARNS)
    _write(tmp_path, ".ami-lint.yaml", "ignore: [ena-support-missing]\n")
    assert _rules(".", cwd=tmp_path) == {
        ("top.json", "AMI305"),
        ("other/c.json", "AMI305"),
        # The nearest configuration governs alone: the top one's ignore is not inherited.
        ("team/a/deep/b.json", "AMI311"),
    }
    # The same from inside a subdirectory, and for a file named explicitly.
    assert _rules("b.json", cwd=tmp_path / "team/a/deep") == {("b.json", "AMI311")}


def _ignored(workspace: Workspace, path: str) -> set[str] | None:
    """Of AMI305 and AMI311, those the linter `workspace` chose for `path` does not run."""
    linter = workspace.linter_for(Path(path))
    return None if linter is None else {"AMI305", "AMI311"} - linter.enabled_ids


def test_linter_cache_per_directory_gives_each_file_its_nearest_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sibling folders with different configurations, asked for in turn, twice
    # each: a linter remembered for one directory must not serve the other.
    _write(tmp_path, "a/.ami-lint.yaml", "ignore: [AMI305]\n")
    _write(tmp_path, "b/.ami-lint.yaml", "ignore: [AMI311]\n")
    # Globs on the file's name: two files of one directory may differ.
    _write(tmp_path, "c/.ami-lint.yaml", "per-file-ignores: {'old-*.json': [AMI305]}\nexclude: [skip.json]\n")
    monkeypatch.chdir(tmp_path)
    workspace = Workspace(builtin_registry())
    for _ in range(2):
        assert _ignored(workspace, "a/r.json") == {"AMI305"}
        assert _ignored(workspace, "b/r.json") == {"AMI311"}
        assert _ignored(workspace, "a/deep/r.json") == {"AMI305"}  # the nearest is above
        assert _ignored(workspace, "b/deep/r.json") == {"AMI311"}
        assert _ignored(workspace, "r.json") == set()
        assert _ignored(workspace, str(tmp_path / "a/s.json")) == {"AMI305"}
        assert _ignored(workspace, "c/old-1.json") == {"AMI305"}
        assert _ignored(workspace, "c/new.json") == set()
        assert _ignored(workspace, "c/skip.json") is None
    # A relative path names another directory once the working directory changes.
    monkeypatch.chdir(tmp_path / "b")
    assert _ignored(workspace, "r.json") == {"AMI311"}
    monkeypatch.chdir(tmp_path / "a")
    assert _ignored(workspace, "r.json") == {"AMI305"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sibling_folders_with_different_configurations(tmp_path: Path, jobs: str) -> None:
    _write(tmp_path, "a/.ami-lint.yaml", "ignore: [AMI305]\n")
    _write(tmp_path, "b/.ami-lint.yaml", "ignore: [AMI311]\n")
    expected = set()
    for n in range(20):  # enough files for two workers
        for folder, kept in (("a", "AMI311"), ("b", "AMI305"), ("a/sub", "AMI311"), ("c", None)):
            _write(tmp_path, f"{folder}/r{n}.json", WARNS)
            kept_rules = (kept,) if kept else ("AMI305", "AMI311")
            expected |= {(f"{folder}/r{n}.json", rule) for rule in kept_rules}
    assert _rules("--jobs", jobs, ".", cwd=tmp_path) == expected


def test_pyproject_table_and_precedence(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", WARNS)
    _write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.ami-lint]\nignore = ["AMI311"]\n')
    assert _rules(".", cwd=tmp_path) == {("r.json", "AMI305")}
    # .ami-lint.yaml wins over pyproject.toml in the same directory; they do not merge.
    _write(tmp_path, ".ami-lint.yaml", "ignore: [AMI305]\n")
    assert _rules(".", cwd=tmp_path) == {("r.json", "AMI311")}


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    _write(tmp_path, ".ami-lint.yaml", "ignore: [AMI311]\n")
    _write(tmp_path, "pkg/pyproject.toml", '[project]\nname = "pkg"\n[tool.ruff]\nline-length = 100\n')
    _write(tmp_path, "pkg/r.json", WARNS)
    assert _rules(".", cwd=tmp_path) == {("pkg/r.json", "AMI305")}


def test_per_file_ignores_relative_to_the_configuration(tmp_path: Path) -> None:
    _write(tmp_path, "proj/.ami-lint.yaml", "per-file-ignores:\n  'legacy/**': [AMI3]\n  '*.yaml': AMI104\n")
    _write(tmp_path, "proj/legacy/old/r.json", BAD)
    _write(tmp_path, "proj/new/r.json", BAD)
    _write(tmp_path, "proj/new/r.yaml", BAD)  # JSON is YAML
    got = _rules("proj", "--select", "AMI104,AMI311", cwd=tmp_path)
    assert got == {
        ("proj/legacy/old/r.json", "AMI104"),
        ("proj/new/r.json", "AMI104"),
        ("proj/new/r.json", "AMI311"),
        ("proj/new/r.yaml", "AMI311"),
    }


def test_severity_override_changes_the_exit_code(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    code, found = _findings("r.json", cwd=tmp_path)
    assert code == 1 and ("r.json", "AMI104", "error") in found
    _write(tmp_path, ".ami-lint.yaml", "severity:\n  AMI104: warning\n  architecture-defaulted: error\n")
    code, found = _findings("r.json", cwd=tmp_path)
    assert code == 0 and ("r.json", "AMI104", "warning") in found
    assert _findings("--fail-on", "warning", "r.json", cwd=tmp_path)[0] == 1


def test_fail_on_from_the_configuration_and_the_command_line_overrides_it(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", WARNS)
    assert _findings("r.json", cwd=tmp_path)[0] == 0
    _write(tmp_path, ".ami-lint.yaml", "fail-on: warning\n")
    assert _findings("r.json", cwd=tmp_path)[0] == 1
    assert _findings("--fail-on", "error", "r.json", cwd=tmp_path)[0] == 0
    _write(tmp_path, ".ami-lint.yaml", "fail-on: never\nseverity: {AMI305: error}\n")
    assert _findings("r.json", cwd=tmp_path)[0] == 0


def test_fail_on_is_that_of_each_file(tmp_path: Path) -> None:
    _write(tmp_path, "strict/.ami-lint.yaml", "fail-on: warning\n")
    _write(tmp_path, "strict/r.json", CLEAN)
    _write(tmp_path, "lax/r.json", WARNS)
    assert _findings(".", cwd=tmp_path)[0] == 0
    _write(tmp_path, "strict/w.json", WARNS)
    assert _findings(".", cwd=tmp_path)[0] == 1


def test_exclude_in_walks_and_force_exclude_for_named_files(tmp_path: Path) -> None:
    _write(tmp_path, ".ami-lint.yaml", "exclude: [vendor, 'generated/*.json']\n")
    _write(tmp_path, "vendor/x/r.json", BAD)
    _write(tmp_path, "generated/r.json", BAD)
    _write(tmp_path, "generated/keep/r.json", BAD)
    _write(tmp_path, "src/r.json", BAD)
    got = {path for path, _ in _rules(".", cwd=tmp_path)}
    assert got == {"src/r.json", "generated/keep/r.json"}
    # Named on the command line (as pre-commit does), a file is linted unless --force-exclude.
    assert {p for p, _ in _rules("vendor/x/r.json", "src/r.json", cwd=tmp_path)} == {
        "vendor/x/r.json",
        "src/r.json",
    }
    got = _rules("--force-exclude", "vendor/x/r.json", "src/r.json", cwd=tmp_path)
    assert {p for p, _ in got} == {"src/r.json"}
    verbose = run_cli("--verbose", ".", cwd=tmp_path)
    assert "vendor/x/r.json: skipped: excluded by the configuration" in verbose.stderr


def test_limits_from_the_configuration(tmp_path: Path) -> None:
    gp3 = (
        '{"Name": "db-1", "BlockDeviceMappings": [{"DeviceName": "/dev/sdf",'
        ' "Ebs": {"VolumeType": "gp3", "VolumeSize": 100, "Iops": 20000}}]}\n'
    )
    _write(tmp_path, "r.json", gp3)
    assert ("r.json", "AMI210") not in _rules("--select", "AMI210", "r.json", cwd=tmp_path)
    _write(tmp_path, ".ami-lint.yaml", "limits: legacy\n")
    assert ("r.json", "AMI210") in _rules("--select", "AMI210", "r.json", cwd=tmp_path)
    assert _rules("--select", "AMI210", "--limits", "current", "r.json", cwd=tmp_path) == set()


def test_explicit_config_replaces_discovery(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", WARNS)
    _write(tmp_path, ".ami-lint.yaml", "ignore: [AMI305]\n")
    _write(tmp_path, "ci/strict.yaml", "ignore: [AMI311]\nper-file-ignores: {'../r.json': [AMI305]}\n")
    assert _rules(".", cwd=tmp_path) == {("r.json", "AMI311")}
    # Globs are relative to the configuration's directory: `../r.json` reaches nothing above it.
    assert _rules("--config", "ci/strict.yaml", ".", cwd=tmp_path) == {("r.json", "AMI305")}
    assert "--config: no such file" in _error("--config", "nope.yaml", ".", cwd=tmp_path)
    _write(tmp_path, "ci/pyproject.toml", '[project]\nname = "x"\n')
    assert _error("--config", "ci/pyproject.toml", ".", cwd=tmp_path) == (
        "ami-lint: error: ci/pyproject.toml: no [tool.ami-lint] table"
    )
    _write(tmp_path, "ci/pyproject.toml", '[tool.ami-lint]\nignore = ["AMI305", "AMI311"]\n')
    assert _rules("--config", "ci/pyproject.toml", ".", cwd=tmp_path) == set()


def test_command_line_overrides_select_and_adds_ignores(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    _write(tmp_path, ".ami-lint.yaml", "select: [AMI1, AMI3]\nignore: [AMI311]\n")
    assert _rules("r.json", cwd=tmp_path) == {("r.json", "AMI104")}
    assert _rules("--ignore", "AMI104", "r.json", cwd=tmp_path) == set()
    # --select replaces the configuration's selection, its ignores included.
    assert _rules("--select", "AMI104,AMI311", "r.json", cwd=tmp_path) == {
        ("r.json", "AMI104"),
        ("r.json", "AMI311"),
    }


def test_stdin_takes_the_configuration_of_its_name(tmp_path: Path) -> None:
    _write(tmp_path, "team/.ami-lint.yaml", "ignore: [AMI305]\nexclude: [gen]\n")
    _, found = _findings("--stdin-filename", "team/r.json", "-", cwd=tmp_path, stdin=WARNS)
    assert {rule for _, rule, _ in found} == {"AMI311"}
    # A relative name is relative to the working directory, and the search goes up from there.
    (tmp_path / "team/sub").mkdir()
    _, found = _findings("--stdin-filename", "r.json", "-", cwd=tmp_path / "team/sub", stdin=WARNS)
    assert {rule for _, rule, _ in found} == {"AMI311"}
    args = ("--force-exclude", "--stdin-filename", "team/gen/r.json", "-")
    assert _findings(*args, cwd=tmp_path, stdin=WARNS) == (0, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selct: [AMI1]\n", "unknown key 'selct' (did you mean 'select'?)"),
        ("colour: always\n", "unknown key 'colour' (valid keys: select, ignore,"),
        ("fail-on: sometimes\n", "fail-on: 'sometimes' is not one of error, warning, info, never"),
        ("limits: [legacy]\n", "limits: a list is not one of current, legacy"),
        ("select: [AMI999]\n", "select: unknown rule or prefix 'AMI999'"),
        ("per-file-ignores: {'*.json': [NOPE1]}\n", "per-file-ignores: unknown rule or prefix 'NOPE1'"),
        ("per-file-ignores: [AMI1]\n", "per-file-ignores: expected a mapping, not a list"),
        ("severity: {AMI104: fatal}\n", "severity: AMI104: 'fatal' is not one of error, warning, info"),
        ("severity: {AMI999: info}\n", "severity: AMI999: unknown rule"),
        ("exclude: 3\n", "exclude: expected a list of strings, not a number"),
        ("rules-dirs: [missing]\n", "rules-dirs: 'missing' is not a directory"),
        ("- select\n", "a configuration is a mapping of keys"),
        ("select: [a\n", "invalid YAML"),
        ("select: !!python/name:os.system AMI1\n", "invalid YAML"),
        ("select: [AMI1]\nselect: [AMI2]\n", "invalid YAML (line 2)"),
    ],
)
def test_bad_configuration_is_exit_2_naming_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    _write(tmp_path, "r.json", BAD)
    _write(tmp_path, ".ami-lint.yaml", text)
    message = _error("r.json", cwd=tmp_path)
    assert message.startswith("ami-lint: error: .ami-lint.yaml: ")
    assert expected in message


def test_bad_pyproject_table_names_it(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    _write(tmp_path, "pyproject.toml", '[tool.ami-lint]\nfail_on = "warning"\n')
    assert _error("r.json", cwd=tmp_path) == (
        "ami-lint: error: pyproject.toml [tool.ami-lint]: unknown key 'fail_on' (did you mean 'fail-on'?)"
    )
    _write(tmp_path, "pyproject.toml", "[tool.ami-lint\n")
    assert "pyproject.toml: invalid TOML" in _error("r.json", cwd=tmp_path)


def test_empty_configuration_changes_nothing(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    before = _findings("r.json", cwd=tmp_path)
    _write(tmp_path, ".ami-lint.yaml", "# nothing yet\n")
    assert _findings("r.json", cwd=tmp_path) == before


def test_empty_select_selects_nothing(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", BAD)
    _write(tmp_path, ".ami-lint.yaml", "select: []\n")
    assert _findings("r.json", cwd=tmp_path) == (0, [])


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.json", "a/b/c.json", True),
        ("c.json", "a/b/c.json", True),
        ("b", "a/b/c.json", True),
        ("a/*.json", "a/b/c.json", False),
        ("a/**/*.json", "a/b/c.json", True),
        ("a/**/*.json", "a/c.json", True),
        ("a/**", "a/b/c.json", True),
        ("/a/b", "a/b/c.json", True),
        ("b/c.json", "a/b/c.json", False),
        ("[ab]/b/c.json", "a/b/c.json", True),
        ("[!a]/b/c.json", "a/b/c.json", False),
        ("?/b/c.json", "a/b/c.json", True),
        ("*.json", "../c.json", False),
    ],
)
def test_globs(tmp_path: Path, pattern: str, path: str, matches: bool) -> None:
    assert _glob_matches(pattern, tmp_path / "base", tmp_path / "base" / path) is matches


def _readme_block(language: str, first_line: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    found = [block for block in blocks if block.startswith(first_line)]
    assert len(found) == 1, first_line
    return found[0]


def test_readme_configuration_examples_work(tmp_path: Path) -> None:
    (tmp_path / "lint/ami-rules").mkdir(parents=True)
    _write(tmp_path, "generated/r.json", BAD)
    _write(tmp_path, "r.json", WARNS)
    _write(tmp_path, ".ami-lint.yaml", _readme_block("yaml", "# .ami-lint.yaml\n"))
    code, found = _findings(".", cwd=tmp_path)
    # AMI305 made an error, AMI316 (off by default) selected and made an info,
    # AMI311 ignored, generated/ excluded.
    assert (code, found) == (1, [("r.json", "AMI305", "error"), ("r.json", "AMI316", "info")])
    (tmp_path / ".ami-lint.yaml").unlink()
    _write(tmp_path, "vendor/r.json", BAD)
    (tmp_path / "generated/r.json").unlink()
    _write(tmp_path, "pyproject.toml", _readme_block("toml", "[tool.ami-lint]\n"))
    code, found = _findings(".", cwd=tmp_path)
    # Without `select`, AMI316 stays off.
    assert (code, found) == (1, [("r.json", "AMI305", "error")])
