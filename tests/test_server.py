"""`ami-lint server`, driven as an editor drives it: the real subprocess over
JSON-RPC (tests/lsp_client.py), from `initialize` to `exit`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from ami_lint.lsp_text import UTF8, UTF16, LineMap, choose_encoding
from tests.lsp_client import LspClient, apply_edits

pytest.importorskip("pygls")

# A typical script: one finding (AMI402), after an emoji on its line and one
# on a line above, so that UTF-16 and UTF-8 columns differ from code points.
BOOT = '--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}"'
CALL = (
    "aws ec2 register-image --name {name} --architecture x86_64 --virtualization-type hvm "
    "--root-device-name /dev/xvda {boot} --ena-support{ena}\n"
).replace("{boot}", BOOT.replace("{", "{{").replace("}", "}}"))
SCRIPT = "#!/bin/sh\n# 🚀 release\n" + CALL.format(name='"web-🚀"', ena=" true")
# Column of `true` in code points (0-based), and of the emoji in the name.
TRUE_AT = SCRIPT.splitlines()[2].index(" true") + 1
EMOJI_AT = SCRIPT.splitlines()[2].index("🚀")


def _by_code(diagnostics: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["code"]: d for d in diagnostics if "code" in d}


def _range(line: int, start: int, end: int) -> dict[str, Any]:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def _actions(client: LspClient, uri: str, line: int, character: int = 0) -> list[dict[str, Any]]:
    return client.request(  # type: ignore[no-any-return]
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": _range(line, character, character),
            "context": {"diagnostics": []},
        },
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / ".git").mkdir()  # the project that `file://` references must stay in
    return root


@pytest.fixture(scope="module")
def client(workspace: Path) -> Any:
    """One server for the tests that share it (UTF-16, pushed diagnostics,
    50 ms debounce); the module's last test shuts it down."""
    c = LspClient(cwd=workspace)
    c.initialized_with = c.initialize(root=workspace, options={"debounceMs": 50}, watch=True)
    yield c
    c.close()


# --- positions ---------------------------------------------------------------


def test_line_map_counts_utf16_and_utf8_units_and_every_line_break() -> None:
    text = "a🚀b\r\nc\rd\n\u2028e"
    lines = LineMap(text, UTF16)
    assert lines.starts == [0, 5, 7, 9]  # \r\n, \r and \n end lines; U+2028 does not
    assert lines.position(text.index("b")) == (0, 3)
    assert lines.offset(0, 3) == text.index("b")
    assert lines.offset(0, 99) == 3  # past the end of the line: its end
    assert lines.offset(9, 0) == len(text)
    assert lines.position(text.index("e")) == (3, 1)
    utf8 = LineMap(text, UTF8)
    assert utf8.position(text.index("b")) == (0, 5)
    assert utf8.offset(0, 5) == text.index("b")
    assert utf8.position(text.index("e")) == (3, 3)


def test_line_map_of_a_text_with_only_newlines() -> None:
    """Without `\\r` the line starts are found another way: the same starts."""
    text = "a\n\nb🚀\u2028c\n"
    lines = LineMap(text)
    assert lines.starts == [0, 2, 3, 8]
    assert lines.position(text.index("c")) == (2, 4)  # 🚀 is two UTF-16 units
    assert lines.line_text(2) == "b🚀\u2028c"
    assert LineMap("").starts == [0]
    assert LineMap("x").starts == [0]


def test_the_encoding_is_utf8_only_when_offered_first() -> None:
    assert choose_encoding(["utf-8", "utf-16"]) == UTF8
    assert choose_encoding(["utf-16", "utf-8"]) == UTF16
    assert choose_encoding(["utf-32", "utf-8"]) == UTF8
    assert choose_encoding(["utf-32"]) == UTF16
    assert choose_encoding(None) == UTF16


# --- the whole cycle ------------------------------------------------------------


def test_open_diagnose_disable_change_clear(client: LspClient, workspace: Path) -> None:
    """initialize (the fixture) -> didOpen -> publishDiagnostics (exact UTF-16
    ranges) -> hover -> codeAction -> the edit applied -> didChange ->
    diagnostics cleared; shutdown -> exit 0 is the module's last test."""
    uri = (workspace / "cycle" / "deploy.sh").as_uri()
    capabilities = client.initialized_with["capabilities"]
    assert capabilities["positionEncoding"] == "utf-16"
    assert capabilities["textDocumentSync"]["change"] == 1  # the whole text each time
    assert client.initialized_with["serverInfo"]["name"] == "ami-lint"

    client.open(uri, SCRIPT)
    published = client.diagnostics(uri)
    assert published["version"] == 1
    found = _by_code(published["diagnostics"])
    assert sorted(found) == ["AMI106", "AMI402"]
    # One emoji before each finding on its line: one more UTF-16 unit than code points.
    assert found["AMI402"]["range"] == _range(2, TRUE_AT + 1, TRUE_AT + 5)
    assert found["AMI106"]["range"] == _range(2, EMOJI_AT, EMOJI_AT + 2)
    assert found["AMI402"]["severity"] == 1
    assert found["AMI402"]["source"] == "ami-lint"
    assert found["AMI402"]["codeDescription"]["href"].endswith("/docs/rules/AMI402.md")
    assert found["AMI402"]["message"].startswith("`--ena-support` takes no value but is followed by `true`")

    position = found["AMI402"]["range"]["start"]
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith("# AMI402 boolean-flag-with-value")
    assert "## What it does" in hover["contents"]["value"]
    nothing = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
    assert client.request("textDocument/hover", nothing) is None

    actions = {a["title"]: a for a in _actions(client, uri, 2)}
    fix = actions["Remove `true` (AMI402)"]
    assert fix["isPreferred"] is True
    true_end = TRUE_AT + 5  # UTF-16: the emoji before it is two units
    assert fix["edit"]["changes"][uri] == [{"range": _range(2, TRUE_AT, true_end), "newText": ""}]
    assert "Disable AMI402 for this line" in actions
    edit = actions["Disable AMI402 for this line"]["edit"]["changes"][uri]
    end = len(SCRIPT.splitlines()[2]) + 1  # the end of the line, in UTF-16 units
    assert edit == [{"range": _range(2, end, end), "newText": "  # ami-lint: disable=AMI402"}]
    disabled = apply_edits(SCRIPT, edit)
    assert disabled.splitlines()[2].endswith("--ena-support true  # ami-lint: disable=AMI402")

    client.change(uri, disabled, 2)
    published = client.diagnostics(uri)
    assert published["version"] == 2
    assert sorted(_by_code(published["diagnostics"])) == ["AMI106"]

    # Typing: changes faster than the debounce; the last one is published.
    fixed = "#!/bin/sh\n# 🚀 release\n" + CALL.format(name='"web-1"', ena="")
    client.change(uri, fixed.replace("web-1", "w"), 3)
    client.change(uri, fixed.replace("web-1", "we"), 4)
    client.change(uri, fixed, 5)
    published = client.diagnostics(uri)
    while published["version"] != 5:
        published = client.diagnostics(uri)
    assert published == {"uri": uri, "version": 5, "diagnostics": []}

    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}, "text": SCRIPT})
    assert sorted(_by_code(client.diagnostics(uri)["diagnostics"])) == ["AMI106", "AMI402"]
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == []


def test_utf8_positions_and_pulled_diagnostics(tmp_path: Path) -> None:
    """A client that offers UTF-8 first gets byte columns; one that pulls
    diagnostics gets them from `textDocument/diagnostic`, none pushed."""
    uri = (tmp_path / "deploy.sh").as_uri()
    client = LspClient(cwd=tmp_path)
    try:
        result = client.initialize(root=tmp_path, encodings=["utf-8", "utf-16"], pull=True)
        assert result["capabilities"]["positionEncoding"] == "utf-8"
        assert result["capabilities"]["diagnosticProvider"]["identifier"] == "ami-lint"
        client.open(uri, SCRIPT)
        report = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        assert report["kind"] == "full"
        found = _by_code(report["items"])
        # The emoji is 4 bytes: 3 more than its one code point.
        assert found["AMI402"]["range"] == _range(2, TRUE_AT + 3, TRUE_AT + 7)
        assert found["AMI106"]["range"] == _range(2, EMOJI_AT, EMOJI_AT + 4)
        edit = next(a for a in _actions(client, uri, 2) if a["title"] == "Disable AMI402 for this line")
        column = len(SCRIPT.splitlines()[2].encode("utf-8"))
        assert edit["edit"]["changes"][uri][0]["range"] == _range(2, column, column)
        # Nothing was pushed: the client asked.
        with pytest.raises(TimeoutError):
            client.diagnostics(uri, timeout=0.5)
        assert client.stop() == 0
    finally:
        client.close()


# --- every kind of input --------------------------------------------------------

BAD_JSON = (
    '{"Name": "web", "Architecture": "x86_64", "VirtualizationType": "hvm", "RootDeviceName": "/dev/xvda", '
    '"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}], '
    '"EnaSupport": "yes"}\n'
)
MARKDOWN = "# Release\n\n```sh\n" + CALL.format(name="web", ena=" true") + "```\n"
MAKEFILE = "release:\n\t" + CALL.format(name="web", ena=" true")
DOCKERFILE = "FROM amazon/aws-cli\nRUN " + CALL.format(name="web", ena=" true")
JENKINSFILE = "node {\n  sh '" + CALL.format(name="web", ena=" true").rstrip("\n") + "'\n}\n"
YAML = (
    "Name: web\nArchitecture: x86_64\nVirtualizationType: hvm\nRootDeviceName: /dev/xvda\n"
    "BlockDeviceMappings:\n  - DeviceName: /dev/xvda\n    Ebs: {SnapshotId: snap-0123456789abcdef0}\n"
    "EnaSupport: yes\n"
)


@pytest.mark.parametrize(
    ("name", "language", "text", "rule", "line"),
    [
        ("untitled:Untitled-1", "shellscript", SCRIPT, "AMI402", 2),
        ("untitled:Untitled-2", "bash", SCRIPT, "AMI402", 2),
        ("untitled:Untitled-3", "json", BAD_JSON, "AMI103", 0),
        ("untitled:Untitled-4", "yaml", YAML, "AMI103", 7),
        ("untitled:Untitled-5", "markdown", MARKDOWN, "AMI402", 3),
        ("untitled:Untitled-6", "makefile", MAKEFILE, "AMI402", 1),
        ("untitled:Untitled-7", "dockerfile", DOCKERFILE, "AMI402", 1),
        ("untitled:Untitled-8", "groovy", JENKINSFILE, "AMI402", 1),
        # The file's name decides, whatever the language id.
        ("Makefile", "plaintext", MAKEFILE, "AMI402", 1),
        ("release.md", "plaintext", MARKDOWN, "AMI402", 3),
        ("Jenkinsfile", "plaintext", JENKINSFILE, "AMI402", 1),
        ("request.json", "plaintext", BAD_JSON, "AMI103", 0),
        ("deploy", "plaintext", SCRIPT, "AMI402", 2),  # by its `#!` line
    ],
)
def test_every_input_kind(
    client: LspClient, workspace: Path, name: str, language: str, text: str, rule: str, line: int
) -> None:
    uri = name if name.startswith("untitled:") else (workspace / "kinds" / name).as_uri()
    client.open(uri, text, language)
    found = _by_code(client.diagnostics(uri)["diagnostics"])
    assert rule in found, found
    assert found[rule]["range"]["start"]["line"] == line


@pytest.mark.parametrize(
    ("name", "text", "directive", "line"),
    [
        ("disable.md", MARKDOWN, "<!-- ami-lint: disable=AMI402 -->\n", 2),  # before the fence
        ("Jenkinsfile.disable", JENKINSFILE, "  // ami-lint: disable=AMI402\n", 1),
        ("disable.mk", MAKEFILE, "\t# ami-lint: disable=AMI402\n", 1),
    ],
)
def test_disable_in_the_files_own_comments(
    client: LspClient, workspace: Path, name: str, text: str, directive: str, line: int
) -> None:
    uri = (workspace / "disable" / name).as_uri()
    client.open(uri, text, "plaintext")
    found = _by_code(client.diagnostics(uri)["diagnostics"])
    at = found["AMI402"]["range"]["start"]["line"]
    action = next(a for a in _actions(client, uri, at) if a["title"] == "Disable AMI402 for this line")
    edits = action["edit"]["changes"][uri]
    if edits[0]["newText"].endswith("\n"):
        assert edits == [{"range": _range(line, 0, 0), "newText": directive}]
    else:
        assert edits[0]["newText"] == "  " + directive.strip()
    client.change(uri, apply_edits(text, edits), 2)
    assert "AMI402" not in _by_code(client.diagnostics(uri)["diagnostics"])


def test_no_disable_action_in_json(client: LspClient, workspace: Path) -> None:
    uri = (workspace / "nocomment" / "request.json").as_uri()
    client.open(uri, BAD_JSON, "json")
    assert "AMI103" in _by_code(client.diagnostics(uri)["diagnostics"])
    assert _actions(client, uri, 0) == []


def test_a_continued_command_is_disabled_from_its_first_line(client: LspClient, workspace: Path) -> None:
    text = (
        "aws ec2 register-image --name web \\\n  --architecture x86_64 --virtualization-type hvm \\\n"
        f"  --ena-support true \\\n  --root-device-name /dev/xvda {BOOT}\n"
    )
    uri = (workspace / "continued" / "deploy.sh").as_uri()
    client.open(uri, text)
    assert _by_code(client.diagnostics(uri)["diagnostics"])["AMI402"]["range"]["start"]["line"] == 2
    action = next(a for a in _actions(client, uri, 2) if a["title"] == "Disable AMI402 for this line")
    # Not inside the `\`-continued command, which a comment line would end.
    assert action["edit"]["changes"][uri] == [
        {"range": _range(0, 0, 0), "newText": "# ami-lint: disable=AMI402\n"}
    ]


def test_fix_actions_and_fix_all(client: LspClient, workspace: Path) -> None:
    """A finding's fix is a preferred quick fix when safe; "Fix all safe
    ami-lint problems" applies every safe fix (`source.fixAll.ami-lint`)."""
    text = (
        "# 🚀\n"
        + CALL.format(name="web", ena=" true").replace("--architecture", "--archi")
        + (
            "aws ec2 register-image --name web2 --archi arm64 --virtualization-type hvm "
            f"--root-device-name /dev/xvda {BOOT}\n"
        )
    )
    uri = (workspace / "fixes" / "deploy.sh").as_uri()
    client.open(uri, text)
    found = [d for d in client.diagnostics(uri)["diagnostics"] if d["code"] == "AMI411"]
    assert [d["range"]["start"]["line"] for d in found] == [1, 2]
    actions = _actions(client, uri, 1)
    fix = next(a for a in actions if "AMI411" in a["title"])
    assert fix["title"] == "Write `--architecture` (AMI411)"
    assert fix["kind"] == "quickfix"
    assert fix["isPreferred"] is True
    archi = text.splitlines()[1].index("--archi")
    assert fix["edit"]["changes"][uri] == [
        {"range": _range(1, archi, archi + 7), "newText": "--architecture"}
    ]
    titles = [a["title"] for a in actions]
    assert titles.index("Fix all safe ami-lint problems") < titles.index("Disable AMI411 for this line")

    # Asked for the source action alone (as an editor's "fix all on save" asks).
    only = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": _range(0, 0, 0),
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        },
    )
    assert [a["kind"] for a in only] == ["source.fixAll.ami-lint"]
    fixed = apply_edits(text, only[0]["edit"]["changes"][uri])
    assert fixed == text.replace("--archi ", "--architecture ").replace("--ena-support true", "--ena-support")
    client.change(uri, fixed, 2)
    assert sorted(_by_code(client.diagnostics(uri)["diagnostics"])) == ["AMI311"]  # no fix
    assert (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": _range(0, 0, 0),
                "context": {"diagnostics": [], "only": ["source"]},
            },
        )
        == []
    )


def test_fix_action_in_a_terraform_file(client: LspClient, workspace: Path) -> None:
    """A Terraform fix reaches the editor as the command writes it: the
    attribute's whole line removed, the title in Terraform's names."""
    text = (
        'resource "aws_ami" "web" {\n'
        '  name                = "web-2024-06-01"\n'
        '  virtualization_type = "hvm"\n'
        "  ena_support         = true\n"
        '  root_device_name    = "/dev/xvda"\n'
        "  ebs_block_device {\n"
        '    device_name = "/dev/xvda"\n'
        '    snapshot_id = "snap-0db2cf683925d191f"\n'
        "    encrypted   = true\n"
        "  }\n"
        "}\n"
    )
    uri = (workspace / "fixes" / "main.tf").as_uri()
    client.open(uri, text, language="terraform")
    assert "AMI216" in _by_code(client.diagnostics(uri)["diagnostics"])
    fix = next(a for a in _actions(client, uri, 8, 4) if "AMI216" in a["title"])
    assert fix["title"] == "Remove `encrypted` (AMI216, unsafe)"
    assert fix.get("isPreferred") is None
    assert fix["edit"]["changes"][uri] == [
        {"range": {"start": {"line": 8, "character": 0}, "end": {"line": 9, "character": 0}}, "newText": ""}
    ]
    fixed = apply_edits(text, fix["edit"]["changes"][uri])
    assert fixed == text.replace("    encrypted   = true\n", "")
    client.change(uri, fixed, 2)
    assert "AMI216" not in _by_code(client.diagnostics(uri)["diagnostics"])


# --- the workspace ---------------------------------------------------------------


def test_configuration_applies_and_is_reloaded(client: LspClient, workspace: Path) -> None:
    folder = workspace / "configured"
    folder.mkdir()
    config = folder / ".ami-lint.yaml"
    config.write_text("ignore: [AMI402]\n")
    uri = (folder / "deploy.sh").as_uri()
    client.open(uri, SCRIPT)
    assert sorted(_by_code(client.diagnostics(uri)["diagnostics"])) == ["AMI106"]

    config.write_text("ignore: [AMI106]\n")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    assert sorted(_by_code(client.diagnostics(uri)["diagnostics"])) == ["AMI402"]

    # A configuration the command line refuses: one diagnostic at the top, saying why.
    config.write_text("ignroe: [AMI106]\n")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    diagnostics = client.diagnostics(uri)["diagnostics"]
    assert [d["range"] for d in diagnostics] == [_range(0, 0, 0)]
    assert "unknown key 'ignroe' (did you mean 'ignore'?)" in diagnostics[0]["message"]
    config.unlink()
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 3}]})
    assert sorted(_by_code(client.diagnostics(uri)["diagnostics"])) == ["AMI106", "AMI402"]


def test_config_watchers_are_registered(client: LspClient) -> None:
    registrations = [
        r
        for m in client.requests_from_server
        if m["method"] == "client/registerCapability"
        for r in m["params"]["registrations"]
    ]
    assert registrations[0]["method"] == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in registrations[0]["registerOptions"]["watchers"]]
    assert globs == ["**/.ami-lint.yaml", "**/pyproject.toml"]


def test_file_references_read_inside_the_project_only(client: LspClient, workspace: Path) -> None:
    folder = workspace / "refs"
    folder.mkdir()
    mappings = (
        '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp9"}}]'
    )
    (folder / "mappings.json").write_text(mappings + "\n")
    text = (
        "aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm "
        "--root-device-name /dev/xvda --block-device-mappings file://mappings.json\n"
        "aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm "
        "--root-device-name /dev/xvda --block-device-mappings file://../../../../../../etc/passwd\n"
    )
    uri = (folder / "deploy.sh").as_uri()
    client.open(uri, text)
    diagnostics = client.diagnostics(uri)["diagnostics"]
    by_line = {(d["code"], d["range"]["start"]["line"]) for d in diagnostics}
    # The finding in mappings.json is shown on the call that reads it, and points there.
    inside = next(d for d in diagnostics if d["code"] == "AMI104")
    assert inside["range"]["start"]["line"] == 0
    related = inside["relatedInformation"][0]
    assert related["location"]["uri"] == (folder / "mappings.json").as_uri()
    assert related["location"]["range"]["start"]["line"] == 0
    assert ("AMI004", 1) in by_line  # outside the project: not read
    assert "root:" not in str(diagnostics)


# --- bad input never kills the server -----------------------------------------------


def test_bad_input_is_survived(client: LspClient, workspace: Path) -> None:
    uri = (workspace / "bad" / "deploy.sh").as_uri()
    # Unknown documents, an unknown method, garbage texts and bytes.
    client.change("file:///nowhere.sh", "x", 2)
    assert _actions(client, "file:///nowhere.sh", 0) is None
    with pytest.raises(RuntimeError):
        client.request("ami-lint/nothing", {})
    client.open(uri, "\x00\ud800\uffff" * 100 + "aws ec2 register-image --name 'x", "shellscript")
    client.diagnostics(uri)
    client.open(uri, "{" * 5000, "json")
    client.diagnostics(uri)
    client.change(uri, "aws ec2 register-image --name \x0c\u2028🚀\r--ena-support true\r\n", 3)
    client.diagnostics(uri)
    client.send_raw(b"Content-Length: 7\r\n\r\n{oops}\n")
    # Still answering.
    assert (
        client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 99, "character": 99}}
        )
        is None
    )
    assert client.proc.poll() is None


CRASHING = textwrap.dedent(
    """
    import sys
    from ami_lint import registry
    from ami_lint.cli import main

    built = registry.builtin_registry()
    rule = built.get("AMI402")
    check = rule.check

    def crash(request, context):
        if "CRASH" in request.source.text:
            raise RuntimeError("a rule's bug")
        return check(request, context)

    object.__setattr__(rule, "check", crash) if hasattr(rule, "__slots__") else setattr(rule, "check", crash)
    sys.exit(main(["server"]))
    """
)


def test_a_crash_in_one_document_is_logged_not_fatal(tmp_path: Path) -> None:
    client = LspClient(cwd=tmp_path, command=[sys.executable, "-c", CRASHING])
    try:
        client.initialize(root=tmp_path)
        crash, fine = (tmp_path / "crash.sh").as_uri(), (tmp_path / "fine.sh").as_uri()
        client.open(crash, SCRIPT + "# CRASH\n")
        client.diagnostics(crash)
        logged = client.wait(lambda m: m.get("method") == "window/logMessage")
        assert logged["params"]["type"] == 1
        assert "internal error: RuntimeError: a rule's bug" in logged["params"]["message"]
        client.open(fine, SCRIPT)
        assert sorted(_by_code(client.diagnostics(fine)["diagnostics"])) == ["AMI106", "AMI402"]
        # `exit` without `shutdown`: exit code 1, as LSP says.
        client.notify("exit")
        assert client.proc.wait(20) == 1
    finally:
        client.close()


def test_without_pygls_one_line_and_exit_2() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; from ami_lint.cli import main; sys.exit(main(['server']))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stdout == ""
    assert (
        run.stderr
        == "ami-lint: error: ami-lint server needs pygls and lsprotocol: pip install 'ami-lint[server]'\n"
    )


def test_server_help_and_unknown_arguments() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ami_lint", "server", "--help"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0
    assert run.stdout.startswith("usage: ami-lint server [--stdio]")
    assert "lsprotocol" not in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "ami_lint", "server", "--tcp"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2
    assert run.stderr == "ami-lint server: error: unknown argument '--tcp' (only --stdio)\n"


# --- Neovim, when installed ----------------------------------------------------------

NVIM_SCRIPT = textwrap.dedent(
    """
    local start = vim.lsp.start or function(config)
      local id = vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(0, id)
      return id
    end
    start({ name = "ami-lint", cmd = { PYTHON, "-m", "ami_lint", "server" }, root_dir = ROOT })
    local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local code = d.code or (d.user_data and d.user_data.lsp.code) or "?"
      table.insert(out, string.format("%s %d:%d-%d:%d", code, d.lnum, d.col, d.end_lnum, d.end_col))
    end
    table.sort(out)
    vim.fn.writefile(out, OUT)
    vim.cmd("qall!")
    """
)


# The Neovim to run: $AMI_LINT_NVIM (a newer build than the system's, say), else `nvim`.
NVIM = os.environ.get("AMI_LINT_NVIM") or shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_shows_the_findings(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    script = tmp_path / "deploy.sh"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out.txt"
    lua = tmp_path / "start.lua"
    lua.write_text(
        f"PYTHON = {sys.executable!r}\nROOT = {str(tmp_path)!r}\nOUT = {str(out)!r}\n" + NVIM_SCRIPT,
        encoding="utf-8",
    )
    started = time.monotonic()
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {lua}", str(script)],
        cwd=tmp_path, capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert out.exists(), f"no diagnostics after {time.monotonic() - started:.1f} s"
    # Neovim counts columns in bytes: it converts the server's UTF-16 columns.
    true_at = TRUE_AT + 3
    assert out.read_text().splitlines() == [
        f"AMI106 2:{EMOJI_AT}-2:{EMOJI_AT + 4}",
        f"AMI402 2:{true_at}-2:{true_at + 4}",
    ]


def test_shutdown_then_exit_is_exit_code_0(client: LspClient) -> None:
    """Last: the shared server, after every test above, exits 0."""
    assert client.stop() == 0
    assert "Traceback" not in client.stderr
