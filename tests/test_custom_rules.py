"""Third-party rules end to end through the real command line: the example rule
pack in examples/custom-rules/ loaded by `--rules-dir`, by `rules-dirs` in a
configuration, and as an installed package through the `ami_lint.rules`
entry-point group."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.registry import builtin_registry, load_rules_dir
from ami_lint.ruledocs import EXAMPLE_FORMATS
from ami_lint.selection import Selection
from tests.conftest import ROOT, lint, run_cli

PACK = ROOT / "examples" / "custom-rules"
RULES = PACK / "acme_ami_rules"
# Clean for the built-in rules; ACME's rules find an untagged image and a gp2 volume.
REQUEST = (PACK / "register.json").read_text(encoding="utf-8")
UNTAGGED_GP2 = REQUEST.replace('"Key": "Team"', '"Key": "Owner"').replace('"gp3"', '"gp2"')


def run(*args: str, cwd: Path, pythonpath: tuple[Path, ...] = ()) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, pythonpath=pythonpath)


def located(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, int, str]]:
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    return [(d["path"], d["rule"], d["line"], d["column"], d["severity"]) for d in report["diagnostics"]]


def test_rules_dir_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    result = run("--format", "json", "--rules-dir", str(RULES), "r.json", cwd=tmp_path)
    assert located(result) == [
        ("r.json", "ACME002", 15, 23, "warning"),
        ("r.json", "ACME001", 20, 24, "warning"),
    ]
    assert result.returncode == 0  # both are warnings by default
    # Without the pack, the request is clean.
    assert located(run("--format", "json", "r.json", cwd=tmp_path)) == []


def test_rules_dirs_in_the_example_configuration(tmp_path: Path) -> None:
    # A configuration's Python rules load only with --trust-config-rules
    # (tests/security/test_tree_code.py: what happens without it).
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack, ignore=shutil.ignore_patterns("__pycache__"))
    result = run("--format", "json", "--trust-config-rules", ".", cwd=pack)
    assert (located(result), result.returncode) == ([], 0)
    (pack / "register.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    result = run("--format", "json", "--trust-config-rules", ".", cwd=pack)
    # The configuration makes `team-tag-required` an error, and excludes the pack's own files.
    assert located(result) == [
        ("register.json", "ACME002", 15, 23, "warning"),
        ("register.json", "ACME001", 20, 24, "error"),
    ]
    assert result.returncode == 1
    # Selection by the rules' ids, prefixes and names.
    result = run(
        "--format", "json", "--trust-config-rules", "--select", "ACME", "--ignore", "ebs-volume-not-gp3", ".",
        cwd=pack,
    )  # fmt: skip
    assert [d[1] for d in located(result)] == ["ACME001"]
    # Outside the configuration's folder the pack is not loaded.
    (tmp_path / "r.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    assert located(run("--format", "json", "r.json", cwd=tmp_path)) == []


def test_the_bundled_pack_folder_lints_clean() -> None:
    # `ami-lint examples/` (the README's first command) walks into the pack.
    result = run("--format", "json", "--verbose", "examples/custom-rules", cwd=ROOT)
    assert json.loads(result.stdout)["diagnostics"] == []
    assert "acme_ami_rules/ebs-volume-not-gp3.yaml: skipped: excluded by the configuration" in result.stderr
    assert result.returncode == 0


def test_unknown_values_are_not_guessed(tmp_path: Path) -> None:
    script = (
        "#!/bin/bash\n"
        'aws ec2 register-image --name web-1 --tag-specifications "$TAGS" \\\n'
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=$VT}"\n'
        "aws ec2 register-image --name web-2 $EXTRA_FLAGS\n"
        "aws ec2 register-image --name web-3\n"
    )
    (tmp_path / "r.sh").write_text(script, encoding="utf-8")
    result = run("--format", "json", "--select", "ACME", "--rules-dir", str(RULES), "r.sh", cwd=tmp_path)
    assert [(d[1], d[2], d[3]) for d in located(result)] == [("ACME001", 5, 1)]


def _dist_info(site: Path, value: str) -> None:
    """An installed distribution as importlib.metadata finds it on sys.path."""
    info = site / "acme_ami_rules-1.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-ami-rules\nVersion: 1.0.0\n")
    (info / "entry_points.txt").write_text(f"[ami_lint.rules]\nacme = {value}\n")


def test_installed_pack_through_the_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _dist_info(site, "acme_ami_rules")
    (tmp_path / "r.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    paths = (site, PACK)  # the package itself, importable as if installed
    listed = run("--list-rules", "--format", "json", cwd=tmp_path, pythonpath=paths)
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert {"ACME001", "ACME002", "AMI104"} <= set(ids)
    result = run("--format", "json", "r.json", cwd=tmp_path, pythonpath=paths)
    assert [d[1] for d in located(result)] == ["ACME002", "ACME001"]
    explained = run("--explain", "team-tag-required", cwd=tmp_path, pythonpath=paths)
    assert explained.stdout.startswith("# ACME001 team-tag-required\n")
    assert "## Why is this bad?" in explained.stdout
    # The same pack again from a folder: a duplicate id fails loudly.
    twice = run("--rules-dir", str(RULES), "r.json", cwd=tmp_path, pythonpath=paths)
    assert twice.returncode == 2 and twice.stdout == ""
    assert twice.stderr.count("\n") == 1 and "duplicate rule id ACME" in twice.stderr


def test_entry_point_naming_one_rule_module(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _dist_info(site, "acme_ami_rules.team_tag_required")
    (tmp_path / "r.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    result = run("--format", "json", "r.json", cwd=tmp_path, pythonpath=(site, PACK))
    assert [d[1] for d in located(result)] == ["ACME001"]


def test_broken_entry_point_names_itself(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _dist_info(site, "no_such_pack")
    result = run("--list-rules", cwd=tmp_path, pythonpath=(site,))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "entry point 'acme' (no_such_pack): cannot import" in result.stderr


def _rule_file(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("dup.yaml", "id: AMI104\nname: mine\ncheck: {schema: {}, message: x}\n", "duplicate rule id AMI104"),
        ("dup.yaml", "id: ACME9\nname: invalid-type\ncheck: {schema: {}, message: x}\n", "is not like"),
        (
            "dup.yaml",
            "id: ACME009\nname: invalid-type\ncheck: {schema: {}, message: x}\n",
            "duplicate rule name invalid-type",
        ),
        (
            "bad.yaml",
            "id: ACME009\nname: x\ncheck: {schema: {type: 3}, message: x}\n",
            "not a valid JSON Schema",
        ),
        ("bad.yaml", "id: ACME009\nname: x\ncheck: {schema: {}}\n", "`check.message`"),
        (
            "bad.yaml",
            "id: ACME009\nname: x\ncheck: {schema: {$ref: 'https://example.com/s.json'}, message: x}\n",
            "only `#...` references within it are read",
        ),
        ("bad.yaml", "id: ACME009\nname: x\nsummary: s\n", "needs a `check`"),
        ("bad.py", "RULE = 3\n", "defines no `RULE = SomeRule()`"),
    ],
)
def test_bad_rule_packs_fail_loudly(tmp_path: Path, name: str, text: str, expected: str) -> None:
    rules = _rule_file(tmp_path / "rules", name, text)
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    result = run("--rules-dir", str(rules), "r.json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert name in result.stderr and expected in result.stderr


def test_sarif_describes_the_custom_rules(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(UNTAGGED_GP2, encoding="utf-8")
    result = run("--format", "sarif", "--rules-dir", str(RULES), "r.json", cwd=tmp_path)
    rules = {r["id"]: r for r in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ACME001"]["helpUri"].startswith("https://docs.aws.amazon.com/")
    assert rules["ACME002"]["shortDescription"]["text"] == "An EBS volume of a type other than `gp3`"


def _pack_rules() -> list:  # type: ignore[type-arg]
    registry = builtin_registry().copy()
    load_rules_dir(registry, RULES)
    return [rule for rule in registry if rule.id.startswith("ACME")]


@pytest.mark.parametrize("rule", _pack_rules(), ids=lambda r: r.id)
def test_pack_rule_documentation_runs(rule) -> None:  # type: ignore[no-untyped-def]
    """The example pack's docs follow the built-in rules' form, and their
    examples do what they say (as tests/test_docs.py checks for ours)."""
    assert rule.docs.missing_sections() == []
    registry = builtin_registry().copy()
    load_rules_dir(registry, RULES)
    linter = Linter(Options(selection=Selection(select=(rule.id,))), registry)
    formats = {".json": "json", ".yaml": "yaml", ".sh": "shell"}
    for snippet in rule.docs.examples:
        suffix = EXAMPLE_FORMATS[snippet.language]
        assert rule.id in {d.rule for d in lint(snippet.code, f"x{suffix}", formats[suffix], linter)}
    for snippet in rule.docs.use_instead:
        suffix = EXAMPLE_FORMATS[snippet.language]
        assert rule.id not in {d.rule for d in lint(snippet.code, f"x{suffix}", formats[suffix], linter)}


def test_data_rule_required_key_and_placeholders(tmp_path: Path) -> None:
    rules = _rule_file(
        tmp_path / "rules",
        "owner.yaml",
        "id: ACME010\nname: description-required\nsummary: s\nseverity: info\n"
        "check:\n  schema: {required: [Description], properties: {Name: {pattern: '^acme-'}}}\n"
        "  message: '`{path}` is `{value}`: {x} stays'\n  hint: Fix `{path}`\n",
    )
    (tmp_path / "r.yaml").write_text("Name: web-1\nArchitecture: x86_64\n", encoding="utf-8")
    result = run("--format", "json", "--select", "ACME", "--rules-dir", str(rules), "r.yaml", cwd=tmp_path)
    got = [
        (d["line"], d["column"], d["message"], d["hint"]) for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert got == [
        (1, 1, '`request` is `{"Name": "web-1", "Architecture": "x86_64"}`: {x} stays', "Fix `request`"),
        (1, 7, "`Name` is `web-1`: {x} stays", "Fix `Name`"),
    ]


def test_references_of_a_python_rule_in_the_older_form_still_work(tmp_path: Path) -> None:
    """A pack written before references had titles (bare urls, the docs
    writing their own References section) reads as it did, and gives the
    same docs as the (title, url) form the example pack uses now."""
    new = (RULES / "team_tag_required.py").read_text(encoding="utf-8")
    url = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html"
    old, replaced = re.subn(
        r"    references = \(\n.*?\n    \)\n", f'    references = ("{url}",)\n', new, flags=re.S
    )
    assert replaced == 1
    old = old.replace('```\n"""', f'```\n\n## References\n- [Tag your Amazon EC2 resources]({url})\n"""', 1)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "team_tag_required.py").write_text(old, encoding="utf-8")
    [before] = [r for r in _registry_of(tmp_path / "old") if r.id == "ACME001"]
    [after] = [r for r in _pack_rules() if r.id == "ACME001"]
    assert before.references == (url,) and after.references == (("Tag your Amazon EC2 resources", url),)
    assert before.docs.markdown == after.docs.markdown
    assert before.help_uri == after.help_uri == url
    assert before.docs.markdown.endswith(f"## References\n- [Tag your Amazon EC2 resources]({url})")


def _registry_of(directory: Path) -> list:  # type: ignore[type-arg]
    registry = builtin_registry().copy()
    load_rules_dir(registry, directory)
    return list(registry)
