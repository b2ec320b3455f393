"""docs/security.md section 1: no code from the linted tree unless the command
line says so.

A configuration (found in the tree, or named by `--config`) is data: the
Python rules of its `rules-dirs` are imported only with `--trust-config-rules`,
and without it a folder outside the configuration's own is not read at all.
Each Python rule here writes a marker file when imported: the tests assert the
marker is absent (nothing ran), and present with the opt-in (so the check can
see an import when there is one).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

REQUEST = (ROOT / "examples" / "custom-rules" / "register.json").read_text(encoding="utf-8")
# The built-in rules find nothing in these; the data rule below reports the name
# of the first, at this place.
NAMED_WEB = REQUEST.replace("api-server-2024-06-01", "web")
NAMED_PROD = REQUEST.replace("api-server-2024-06-01", "prod-api")
NAME_LINE, NAME_COLUMN = 2, 11

PYTHON_RULE = """\
from pathlib import Path

Path({marker!r}).write_text("imported")

from ami_lint.rule import Rule


class Evil(Rule):
    id = "ACME001"
    name = "evil"
    summary = "Code from the linted tree"

    def check(self, request, ctx):
        return [self.report(request.root, "code from the tree ran")]


RULE = Evil()
"""

DATA_RULE = """\
id: ACME002
name: name-prefix
summary: Image names start with `prod-`
severity: warning
check:
  schema:
    properties:
      Name: {pattern: "^prod-"}
  message: "`Name` does not start with `prod-`"
"""

NOT_LOADED = (
    "ami-lint: warning: {config}: rules-dirs: the Python rules in {folder} ({files}) were not loaded "
    "(a configuration file is data only; pass --trust-config-rules to load them)\n"
)
NOT_READ = (
    "ami-lint: warning: {config}: rules-dirs: {entry} was not read: it leads outside the configuration's "
    "folder (a configuration file is data only; pass --trust-config-rules to read it)\n"
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _pack(folder: Path, marker: Path) -> Path:
    """A rule pack: one Python rule that marks its import, one data rule."""
    _write(folder / "evil.py", PYTHON_RULE.format(marker=str(marker)))
    _write(folder / "name-prefix.yaml", DATA_RULE)
    return folder


def _rules(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, int]]:
    report = json.loads(result.stdout)
    return [(d["rule"], d["line"], d["column"]) for d in report["diagnostics"]]


# Where the configuration is, and what it says: (files to write, its name in
# messages, how the rule folder is shown, the request to lint, options).
SETUPS = {
    "root": ({".ami-lint.yaml": "rules-dirs: [lint/ami-rules]\n"}, ".ami-lint.yaml", "r.json", ()),
    "subfolder": (
        {"lint/.ami-lint.yaml": "rules-dirs: [ami-rules]\n"},
        "lint/.ami-lint.yaml",
        "lint/r.json",
        (),
    ),
    "pyproject": (
        {"pyproject.toml": '[tool.ami-lint]\nrules-dirs = ["lint/ami-rules"]\n'},
        "pyproject.toml [tool.ami-lint]",
        "r.json",
        (),
    ),
    "--config": ({"ci.yaml": "rules-dirs: [lint/ami-rules]\n"}, "ci.yaml", "r.json", ("--config", "ci.yaml")),
}


def _tree(tmp_path: Path, setup: str) -> tuple[Path, Path, str, str, tuple[str, ...]]:
    files, label, request, options = SETUPS[setup]
    repo = tmp_path / "repo"
    marker = tmp_path / "imported"
    _pack(repo / "lint" / "ami-rules", marker)
    for name, text in files.items():
        _write(repo / name, text)
    _write(repo / request, NAMED_WEB)
    return repo, marker, label, request, options


@pytest.mark.parametrize("setup", ["root", "subfolder", "pyproject"])
@pytest.mark.parametrize("how", ["path", "directory", "stdin", "jobs"])
def test_configuration_in_the_tree_imports_nothing(tmp_path: Path, setup: str, how: str) -> None:
    repo, marker, label, request, options = _tree(tmp_path, setup)
    args: tuple[str, ...] = (*options, "--format", "json")
    stdin = None
    if how == "path":
        args += (request,)
    elif how == "directory":
        args += (".",)
    elif how == "stdin":  # an editor: the document on stdin, named for the configuration search
        args += ("--stdin-filename", request, "-")
        stdin = (repo / request).read_text(encoding="utf-8")
    else:  # the configuration is read in the parent, never again in the workers
        for n in range(40):
            _write(repo / os.path.dirname(request) / f"more{n}.json", NAMED_PROD)
        args += ("--jobs", "2", ".")
    result = run_cli(*args, cwd=repo, stdin=stdin)
    assert not marker.exists()
    assert result.stderr == NOT_LOADED.format(config=label, folder="lint/ami-rules", files="1 file")
    # The data rule of the same folder runs; the line itself changes no exit code.
    assert _rules(result) == [("ACME002", NAME_LINE, NAME_COLUMN)]
    assert result.returncode == 0


@pytest.mark.parametrize("setup", ["root", "pyproject", "--config"])
def test_rule_listings_import_nothing(tmp_path: Path, setup: str) -> None:
    repo, marker, label, _, options = _tree(tmp_path, setup)
    line = NOT_LOADED.format(config=label, folder="lint/ami-rules", files="1 file")
    listed = run_cli(*options, "--list-rules", "--format", "json", cwd=repo)
    assert not marker.exists()
    assert (listed.stderr, listed.returncode) == (line, 0)
    ids = {rule["id"] for rule in json.loads(listed.stdout)}
    assert "ACME002" in ids and "ACME001" not in ids
    explained = run_cli(*options, "--explain", "ACME002", cwd=repo)
    assert not marker.exists()
    assert (explained.stderr, explained.returncode) == (line, 0)
    assert explained.stdout.startswith("# ACME002 name-prefix\n")
    unknown = run_cli(*options, "--explain", "ACME001", cwd=repo)
    assert not marker.exists()
    assert unknown.stderr == line + "ami-lint: error: unknown rule 'ACME001' (see `ami-lint --list-rules`)\n"


def test_named_configuration_imports_nothing(tmp_path: Path) -> None:
    repo, marker, label, request, options = _tree(tmp_path, "--config")
    result = run_cli(*options, "--format", "json", request, cwd=repo)
    assert not marker.exists()
    assert result.stderr == NOT_LOADED.format(config=label, folder="lint/ami-rules", files="1 file")
    assert (_rules(result), result.returncode) == ([("ACME002", NAME_LINE, NAME_COLUMN)], 0)


@pytest.mark.parametrize("setup", ["root", "subfolder", "pyproject", "--config"])
def test_the_opt_in_loads_them(tmp_path: Path, setup: str) -> None:
    repo, marker, _, request, options = _tree(tmp_path, setup)
    result = run_cli(*options, "--trust-config-rules", "--format", "json", request, cwd=repo)
    assert marker.read_text() == "imported"
    assert result.stderr == ""
    assert _rules(result) == [("ACME001", 1, 1), ("ACME002", NAME_LINE, NAME_COLUMN)]
    assert result.returncode == 1


def test_one_line_per_folder(tmp_path: Path) -> None:
    # Two configurations name the same pack; three folders of requests.
    repo = tmp_path / "repo"
    marker = tmp_path / "imported"
    _pack(repo / "b" / "ami-rules", marker)
    _write(repo / ".ami-lint.yaml", "rules-dirs: [b/ami-rules]\n")
    _write(repo / "b" / ".ami-lint.yaml", "rules-dirs: [ami-rules]\nfail-on: warning\n")
    _write(repo / "b" / "ami-rules" / "more.py", PYTHON_RULE.format(marker=str(marker)))
    for folder in ("", "a", "b"):
        for n in range(3):
            _write(repo / folder / f"r{n}.json", NAMED_PROD)
    result = run_cli("--format", "json", ".", cwd=repo)
    assert not marker.exists()
    assert result.stderr == NOT_LOADED.format(config=".ami-lint.yaml", folder="b/ami-rules", files="2 files")
    assert (_rules(result), result.returncode) == ([], 0)


@pytest.mark.parametrize("kind", ["relative", "absolute", "symlink"])
def test_a_folder_outside_the_configuration_is_not_read(tmp_path: Path, kind: str) -> None:
    repo = tmp_path / "repo"
    marker = tmp_path / "imported"
    shared = _pack(tmp_path / "shared", marker)
    entry = {"relative": "../shared", "absolute": str(shared), "symlink": "rules"}[kind]
    if kind == "symlink":
        repo.mkdir()
        (repo / "rules").symlink_to(shared)
    _write(repo / ".ami-lint.yaml", f"rules-dirs: [{json.dumps(entry)}]\n")
    _write(repo / "r.json", NAMED_WEB)
    line = NOT_READ.format(config=".ami-lint.yaml", entry=repr(entry))
    result = run_cli("--format", "json", "r.json", cwd=repo)
    assert not marker.exists()
    # Not even the data rule is read.
    assert (result.stderr, _rules(result), result.returncode) == (line, [], 0)
    listed = run_cli("--list-rules", cwd=repo)
    assert listed.stderr == line and "ACME00" not in listed.stdout
    # With the opt-in, as before.
    result = run_cli("--trust-config-rules", "--format", "json", "r.json", cwd=repo)
    assert marker.exists()
    assert result.stderr == ""
    assert _rules(result) == [("ACME001", 1, 1), ("ACME002", NAME_LINE, NAME_COLUMN)]


def test_a_rule_file_leading_outside_is_not_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    outside = _write(tmp_path / "elsewhere" / "name-prefix.yaml", DATA_RULE)
    (repo / "rules").mkdir(parents=True)
    (repo / "rules" / "name-prefix.yaml").symlink_to(outside)
    _write(repo / ".ami-lint.yaml", "rules-dirs: [rules]\n")
    _write(repo / "r.json", NAMED_WEB)
    result = run_cli("--format", "json", "r.json", cwd=repo)
    assert result.stderr == (
        "ami-lint: warning: .ami-lint.yaml: rules-dirs: rules/name-prefix.yaml was not read: it leads "
        "outside rules (a configuration file is data only; pass --trust-config-rules to read it)\n"
    )
    assert (_rules(result), result.returncode) == ([], 0)
    # A folder that is a link to itself is no folder: one line.
    (repo / "loop").symlink_to("loop")
    _write(repo / ".ami-lint.yaml", "rules-dirs: [loop]\n")
    result = run_cli("r.json", cwd=repo)
    assert (result.stderr, result.returncode) == (
        "ami-lint: error: .ami-lint.yaml: rules-dirs: 'loop' is not a directory\n",
        2,
    )


def test_codes_for_rules_not_loaded_do_not_stop_the_run(tmp_path: Path) -> None:
    # The example configuration makes its Python rule an error by name.
    pack = tmp_path / "pack"
    marker = tmp_path / "imported"
    _pack(pack / "acme_ami_rules", marker)
    _write(pack / ".ami-lint.yaml", "rules-dirs: [acme_ami_rules]\nseverity: {evil: error, ACME002: error}\n")
    _write(pack / "r.json", NAMED_WEB)
    result = run_cli("--format", "json", "r.json", cwd=pack)
    assert not marker.exists()
    assert result.stderr == NOT_LOADED.format(
        config=".ami-lint.yaml", folder="acme_ami_rules", files="1 file"
    )
    assert (_rules(result), result.returncode) == ([("ACME002", NAME_LINE, NAME_COLUMN)], 1)
    # `select` naming only the rule not loaded selects nothing.
    _write(pack / ".ami-lint.yaml", "rules-dirs: [acme_ami_rules]\nselect: [ACME001]\n")
    result = run_cli("--format", "json", "r.json", cwd=pack)
    assert not marker.exists()
    assert (_rules(result), result.returncode) == ([], 0)


def test_a_package_init_is_never_imported(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    marker = tmp_path / "imported"
    _write(repo / "rules" / "__init__.py", f"open({str(marker)!r}, 'w').write('imported')\n")
    _write(repo / "rules" / "name-prefix.yaml", DATA_RULE)
    _write(repo / "rules" / "evil.py", PYTHON_RULE.format(marker=str(marker)))
    _write(repo / ".ami-lint.yaml", "rules-dirs: [rules]\n")
    _write(repo / "r.json", NAMED_WEB)
    result = run_cli("--format", "json", "r.json", cwd=repo)
    assert not marker.exists()
    assert _rules(result) == [("ACME002", NAME_LINE, NAME_COLUMN)]


def test_a_pinned_configuration_leaves_the_tree_s_unread(tmp_path: Path) -> None:
    # The pull request turns every rule off and loads its own code; CI names
    # a trusted copy of the configuration and its own threshold.
    repo, marker, _, request, _ = _tree(tmp_path, "root")
    _write(repo / ".ami-lint.yaml", "rules-dirs: [lint/ami-rules]\nselect: []\nfail-on: never\n")
    _write(repo / request, NAMED_WEB.replace('"ImdsSupport": "v2.0",', ""))
    trusted = _write(tmp_path / "ci" / "ami-lint.yaml", "select: [ALL, AMI316]\nfail-on: warning\n")
    result = run_cli("--format", "json", request, cwd=repo)
    assert (result.stderr.count("\n"), _rules(result), result.returncode) == (1, [], 0)
    result = run_cli("--config", str(trusted), "--format", "json", request, cwd=repo)
    assert not marker.exists()
    assert (result.stderr, _rules(result), result.returncode) == ("", [("AMI316", 1, 1)], 1)
    # The command line overrides the configuration, whichever it is.
    result = run_cli("--fail-on", "warning", "--select", "AMI316", "--format", "json", request, cwd=repo)
    assert (_rules(result), result.returncode) == ([("AMI316", 1, 1)], 1)


# --- data rules: YAML and a JSON Schema, bounded --------------------------------


def _data_rule_tree(tmp_path: Path, rule: str) -> Path:
    repo = tmp_path / "repo"
    _write(repo / "rules" / "slow.yaml", rule)
    _write(repo / ".ami-lint.yaml", "rules-dirs: [rules]\n")
    return repo


def test_a_backtracking_pattern_costs_one_file(tmp_path: Path) -> None:
    # `^(a+)+$` against 40 `a` and a `!` backtracks for days.
    rule = DATA_RULE.replace("^prod-", "^(a+)+$").replace("ACME002", "ACME003")
    repo = _data_rule_tree(tmp_path, rule)
    for name in ("r1.json", "r2.json"):
        _write(repo / name, REQUEST.replace("api-server-2024-06-01", "a" * 40 + "!"))
    result = run_cli("--format", "json", ".", cwd=repo)
    origin = repo.resolve() / "rules" / "slow.yaml"
    assert result.stderr == (
        f"ami-lint: r1.json: internal error: CheckFailed: {origin}: the `check` of ACME003 ran for more "
        "than 2 s of CPU time (a `pattern` that backtracks?); it is skipped for the rest of the run; "
        "rerun with --debug for a traceback\n"
    )
    # The second file is linted, with the built-in rules only (the name's `!`).
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["path"], d["rule"], d["line"], d["column"]) for d in found] == [("r2.json", "AMI106", 2, 52)]
    assert result.returncode == 2


def test_a_check_referring_to_itself_costs_one_file(tmp_path: Path) -> None:
    rule = DATA_RULE.replace('properties:\n      Name: {pattern: "^prod-"}', '$ref: "#"')
    repo = _data_rule_tree(tmp_path, rule)
    _write(repo / "r.json", REQUEST)
    result = run_cli("--format", "json", "r.json", cwd=repo)
    origin = repo.resolve() / "rules" / "slow.yaml"
    assert result.stderr == (
        f"ami-lint: r.json: internal error: CheckFailed: {origin}: the `check` of ACME002 went too deep "
        "(a `$ref` to itself?); it is skipped for the rest of the run; rerun with --debug for a traceback\n"
    )
    assert (_rules(result), result.returncode) == ([], 2)


def test_an_alias_bomb_in_a_data_rule_is_refused(tmp_path: Path) -> None:
    # 30 anchors, each two aliases of the one before: 2**30 schemas once expanded.
    lines = ["    $defs:", "      l0: &a0 {type: string}"]
    lines += [f"      l{n}: &a{n} {{allOf: [*a{n - 1}, *a{n - 1}]}}" for n in range(1, 30)]
    rule = DATA_RULE.replace("    properties:\n", "\n".join(lines) + "\n    properties:\n")
    rule = rule.replace('Name: {pattern: "^prod-"}', "Name: *a29")
    repo = _data_rule_tree(tmp_path, rule)
    _write(repo / "r.json", REQUEST)
    result = run_cli("r.json", cwd=repo)
    origin = repo / "rules" / "slow.yaml"
    assert (
        result.stderr
        == f"ami-lint: error: {origin.resolve()}: more than 10000 values once its aliases are expanded\n"
    )
    assert (result.stdout, result.returncode) == ("", 2)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("{" + "not: {" * 70 + "}" * 71, "nested more than 64 levels deep"),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ('{properties: {Name: {pattern: "a{4294967296}"}}}', "the repetition number is too large"),
    ],
)
def test_a_data_rule_too_deep_is_one_line(tmp_path: Path, schema: str, message: str) -> None:
    rule = DATA_RULE.replace('properties:\n      Name: {pattern: "^prod-"}', "").replace(
        "  schema:\n", f"  schema: {schema}\n"
    )
    repo = _data_rule_tree(tmp_path, rule)
    _write(repo / "r.json", REQUEST)
    result = run_cli("r.json", cwd=repo)
    assert result.stderr == f"ami-lint: error: {(repo / 'rules' / 'slow.yaml').resolve()}: {message}\n"
    assert (result.stdout, result.returncode) == ("", 2)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (DATA_RULE + "docs: |\n" + "  x\n" * 400_000, "larger than 1048576 bytes"),
        (
            DATA_RULE.replace("check:\n", "check: !!python/object/apply:os.system [{command!r}]\nx:\n"),
            "invalid YAML (line 5): could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
    ],
)
def test_a_data_rule_is_data(tmp_path: Path, rule: str, message: str) -> None:
    marker = tmp_path / "imported"
    repo = _data_rule_tree(tmp_path, rule.replace("{command!r}", repr(f"touch {marker}")))
    _write(repo / "r.json", REQUEST)
    result = run_cli("r.json", cwd=repo)
    assert not marker.exists()
    assert result.stderr == f"ami-lint: error: {(repo / 'rules' / 'slow.yaml').resolve()}: {message}\n"
    assert (result.stdout, result.returncode) == ("", 2)


def test_the_warning_line_escapes_a_hostile_folder_name(tmp_path: Path) -> None:
    hostile = "lint\x1b]0;pwned\x07\r::add-mask::x\u202e"
    folder = tmp_path / hostile
    marker = tmp_path / "imported"
    _pack(folder / "rules", marker)
    _write(folder / ".ami-lint.yaml", "rules-dirs: [rules]\n")
    _write(folder / "register.json", NAMED_WEB)
    result = run_cli("--format", "json", hostile, cwd=tmp_path)
    shown = "lint\\x1b]0;pwned\\x07\\r::add-mask::x\\u202e"
    assert not marker.exists()
    assert result.stderr == NOT_LOADED.format(
        config=f"{shown}/.ami-lint.yaml", folder=f"{shown}/rules", files="1 file"
    )
