"""Issue 13, item 4: nothing read from the input injects into a terminal, a CI
log or an annotation.

Hostile file names, values, source lines and directive comments are linted in
every format; stdout and stderr must hold no control, format (bidi) or
separator character, and no line that the GitHub Actions runner would take as
a workflow command unless it is an annotation ami-lint wrote. The runner (its
`ActionCommand.TryParseV2` and `TryParse`) splits its output at `\\n`, `\\r`
and `\\r\\n`, trims leading white space, and takes `::name …::data` when the
name is a command it knows; the legacy form `##[name …]data` counts anywhere
in a line. `runner_commands` below reads output the same way.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.security.test_encoding import FORMATS, report_text, request, run_bytes

# The runner's commands (its ActionCommandManager registers these), and the
# token a `stop-commands` names would become one too.
RUNNER_COMMANDS = frozenset(
    {
        "add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group",
        "notice", "remove-matcher", "save-state", "set-env", "set-output", "stop-commands",
        "warning", "internal-set-repo-path",
    }
)  # fmt: skip
_LINES = re.compile(r"\r\n|\r|\n")


def runner_commands(output: str) -> list[tuple[str, str]]:
    """(command, rest of line) for each line the runner would run as a command."""
    found = []
    for line in _LINES.split(output):
        trimmed = line.lstrip()
        if trimmed.startswith("::"):
            end = trimmed.find("::", 2)
            name = trimmed[2:end].split(" ", 1)[0] if end >= 0 else ""
            if name.lower() in RUNNER_COMMANDS:
                found.append((name.lower(), trimmed[end + 2 :]))
                continue
        legacy = line.find("##[")
        close = line.find("]", legacy)
        if legacy >= 0 and close >= 0:
            name = line[legacy + 3 : close].split(" ", 1)[0]
            if name.lower() in RUNNER_COMMANDS:
                found.append((name.lower(), line[close + 1 :]))
    return found


def unsafe_characters(output: str) -> set[str]:
    """Characters a terminal or a log viewer acts on, or that hide or reorder text:
    controls but the line feed, format characters (bidi controls among them),
    line and paragraph separators."""
    return {c for c in output if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")}


ESC_NAME = "esc\x1b]0;pwned\x07\x1b[2J.json"
CR_NAME = "name\r::add-mask::x.json"
COLON_NAME = "::add-mask::y.json"
SPACE_NAME = " \u00a0::stop-commands::z.json"


def _hostile_tree(root: Path) -> Path:
    root.mkdir()
    for name in (ESC_NAME, CR_NAME, COLON_NAME, SPACE_NAME):
        (root / name).write_text(request("gp9"), encoding="utf-8")
    (root / "bidi.json").write_text(request("gp\u202e9\u2066"), encoding="utf-8")
    (root / "legacy.json").write_text(request("##[add-mask]gp9"), encoding="utf-8")
    # A source line that starts with `::`: the excerpt must not start a line with it.
    script = "aws ec2 register-image --name good-name --architecture \\\n::add-mask::arm64\n"
    (root / "colon.sh").write_text(script, encoding="utf-8")
    # Directive warnings quote the comment: ESC in a script, bidi in YAML.
    script = (
        "aws ec2 register-image --name good-name  # ami-lint: disable=NOPE1 \x1b]0;pwned\x07\x85\u2028x\n"
    )
    (root / "s.sh").write_text(script, encoding="utf-8")
    (root / "c.yaml").write_text("# ami-lint: disable=NOPE2 \u202edone\nName: good-name\n", encoding="utf-8")
    # Not requests: with --verbose, a note on stderr names them.
    (root / "note\x1b[31m\u202e.json").write_text('{"not": "a request"}', encoding="utf-8")
    (root / "::add-mask::note.json").write_text('{"not": "a request"}', encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_names_values_and_comments_are_shown_escaped(tmp_path: Path, fmt: str) -> None:
    tree = _hostile_tree(tmp_path / "tree")
    result = run_bytes("--format", fmt, "--verbose", ".", cwd=tree)
    assert result.returncode == 1
    out = report_text(result.stdout, fmt)
    err = result.stderr.decode("utf-8", errors="strict")
    assert unsafe_characters(out) == set()
    assert unsafe_characters(err) == set()
    assert runner_commands(err) == []
    commands = runner_commands(out)
    if fmt == "github":
        # Only the annotations ami-lint wrote, one a line.
        assert {name for name, _ in commands} <= {"error", "warning", "notice"}
        assert len(commands) == len(out.splitlines())
    else:
        assert commands == []
    # The stderr lines, exactly.
    warnings = {line for line in err.splitlines() if "warning:" in line}
    assert warnings == {
        "c.yaml:1:21: warning: `NOPE2` in `ami-lint: disable=NOPE2 \\u202edone` names no rule",
        "s.sh:1:62: warning: `NOPE1` in "
        "`ami-lint: disable=NOPE1 \\x1b]0;pwned\\x07\\x85\\u2028x` names no rule",
    }
    assert "note\\x1b[31m\\u202e.json: skipped: not a register-image request" in err.splitlines()
    assert "\\x3a:add-mask::note.json: skipped: not a register-image request" in err.splitlines()


BAD_ENUM = "but must be one of `standard`, `io1`, `io2`, `gp2`, `sc1`, `st1`, `gp3` [invalid-enum-value]"


def test_text_report_lines_exactly(tmp_path: Path) -> None:
    tree = _hostile_tree(tmp_path / "tree")
    result = run_bytes("--format", "text", ".", cwd=tree)
    lines = result.stdout.decode("utf-8").split("\n")
    heads = {line for line in lines if " AMI104 " in line and not line.startswith("colon.sh")}
    path = "`BlockDeviceMappings[0].Ebs.VolumeType`"
    assert heads == {
        f"esc\\x1b]0;pwned\\x07\\x1b[2J.json:11:21: error AMI104 {path} is `gp9` {BAD_ENUM}",
        f"name\\r::add-mask::x.json:11:21: error AMI104 {path} is `gp9` {BAD_ENUM}",
        f"\\x3a:add-mask::y.json:11:21: error AMI104 {path} is `gp9` {BAD_ENUM}",
        f" \\xa0::stop-commands::z.json:11:21: error AMI104 {path} is `gp9` {BAD_ENUM}",
        f"bidi.json:11:21: error AMI104 {path} is `gp\\u202e9\\u2066` {BAD_ENUM}",
        f"legacy.json:11:21: error AMI104 {path} is `#\\x23[add-mask]gp9` {BAD_ENUM}",
    }
    # The excerpts: escaped, the carets under the escaped value.
    at = lines.index(f"bidi.json:11:21: error AMI104 {path} is `gp\\u202e9\\u2066` {BAD_ENUM}")
    assert lines[at + 1 : at + 3] == [
        '  11 |       "VolumeType": "gp\\u202e9\\u2066"}}]',
        "     |                     " + "^" * len('"gp\\u202e9\\u2066"'),
    ]
    at = next(
        i for i, line in enumerate(lines) if line.startswith("colon.sh:2:1: error AMI104 `Architecture` is")
    )
    assert lines[at + 1] == "   2 | ::add-mask::arm64"


def test_json_and_sarif_carry_exact_values(tmp_path: Path) -> None:
    """JSON is for programs: the parsed values are the real ones (the raw text
    holds only escapes); SARIF is rendered by viewers: its messages are the
    display text, escapes shown."""
    import json

    tree = _hostile_tree(tmp_path / "tree")
    report = json.loads(run_bytes("--format", "json", ".", cwd=tree).stdout)
    paths = {d["path"] for d in report["diagnostics"]}
    assert {ESC_NAME, CR_NAME, COLON_NAME, SPACE_NAME} <= paths
    messages = {d["message"] for d in report["diagnostics"]}
    assert (
        "`BlockDeviceMappings[0].Ebs.VolumeType` is `gp\u202e9\u2066` "
        + BAD_ENUM[: -len(" [invalid-enum-value]")]
        in messages
    )
    sarif = json.loads(run_bytes("--format", "sarif", ".", cwd=tree).stdout)
    texts = {r["message"]["text"] for r in sarif["runs"][0]["results"]}
    assert any(
        t.startswith("`BlockDeviceMappings[0].Ebs.VolumeType` is `gp\\u202e9\\u2066` but") for t in texts
    )
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    }
    assert "esc%1B%5D0%3Bpwned%07%1B%5B2J.json" in uris


def test_stderr_error_lines_are_escaped(tmp_path: Path) -> None:
    """`ami-lint: error:` lines quote what they could not read."""
    result = run_bytes("missing\x1b]0;pwned\x07\r::add-mask::x.json", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert unsafe_characters(err) == set() and runner_commands(err) == []
    assert err.startswith("ami-lint: error: missing\\x1b]0;pwned\\x07\\r::add-mask::x.json")


def test_a_tab_in_an_excerpt_keeps_the_carets_under_the_range(tmp_path: Path) -> None:
    """A tab moves no cursor anywhere a terminal would not: in an excerpt it is
    four spaces, so the carets stay under the range; in a message it is `\\t`."""
    text = request("\\tgp9").replace('      "VolumeType": ', '\t"VolumeType":\t')
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    lines = run_bytes("t.json", cwd=tmp_path).stdout.decode("utf-8").split("\n")
    head = f"t.json:11:16: error AMI104 `BlockDeviceMappings[0].Ebs.VolumeType` is `\\tgp9` {BAD_ENUM}"
    at = lines.index(head)
    assert lines[at + 1 : at + 3] == [
        '  11 |     "VolumeType":    "\\tgp9"}}]',
        "     |                      " + "^" * len('"\\tgp9"'),
    ]


DATA_RULE = """id: EVIL001
name: evil-rule
summary: "Sum\\e]0;pwned\\a \\u202eevil"
severity: warning
check:
  schema:
    properties:
      Name:
        const: nope
  message: "`{path}` is `{value}` \\e[2J"
docs: |
  ## What it does
  Reports every name but one.
  ::add-mask::docs

  ## Why is this bad?
  It is not.

  ## Example
  ```yaml
  Name: web-2024-06-01
  ```

  ## Use instead
  ```yaml
  Name: nope
  ```
"""


def test_data_rules_of_the_tree_are_listed_escaped(tmp_path: Path) -> None:
    """A data rule in the linted tree (its configuration's `rules-dirs`) is
    untrusted text too: in findings, `--list-rules` and `--explain`."""
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "evil.yaml").write_text(DATA_RULE, encoding="utf-8")
    (tmp_path / ".ami-lint.yaml").write_text("rules-dirs: [pack]\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(request("gp3"), encoding="utf-8")
    listing = run_bytes("--list-rules", cwd=tmp_path).stdout.decode("utf-8")
    assert (
        listing.splitlines()[-1]
        == "EVIL001  evil-rule" + " " * 23 + "warning  Sum\\x1b]0;pwned\\x07 \\u202eevil"
    )
    explained = run_bytes("--explain", "EVIL001", cwd=tmp_path).stdout.decode("utf-8")
    assert explained.splitlines()[2] == "Sum\\x1b]0;pwned\\x07 \\u202eevil"
    assert "\\x3a:add-mask::docs" in explained.splitlines()
    report = run_bytes("r.json", cwd=tmp_path).stdout.decode("utf-8")
    assert "r.json:2:11: warning EVIL001 `Name` is `good-name` \\x1b[2J [evil-rule]" in report.splitlines()
    for output in (listing, explained, report):
        assert unsafe_characters(output) == set() and runner_commands(output) == []


def test_configuration_error_lines_are_escaped(tmp_path: Path) -> None:
    """A configuration found in a folder with a hostile name: its error line."""
    folder = tmp_path / "d\x1b]0;pwned\x07\r::add-mask::x"
    folder.mkdir()
    (folder / ".ami-lint.yaml").write_text("fail-on: bad\n", encoding="utf-8")
    (folder / "r.json").write_text(request("gp3"), encoding="utf-8")
    result = run_bytes(".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode("utf-8") == (
        "ami-lint: error: d\\x1b]0;pwned\\x07\\r::add-mask::x/.ami-lint.yaml: "
        "fail-on: 'bad' is not one of error, warning, info, never\n"
    )
