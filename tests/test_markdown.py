"""The Markdown front end (ami_lint.frontends.markdown): commands in fenced
code blocks, at their exact place in the document, through blockquotes and
list items; terminal sessions; HTML-comment suppressions; documentation
placeholders as unknowns; `file://` to a `json` block of the same document."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ami_lint.cli import main
from ami_lint.engine import Linter, Options
from ami_lint.selection import Selection
from tests.conftest import lint, located
from tests.test_rule_cases import ALL

CALL = (
    "aws ec2 register-image --name web-2024 --architecture arm64 \\\n"
    "  --boot-mode legacy-bios --virtualization-type hvm --ena-support --imds-support v2.0 \\\n"
    "  --root-device-name /dev/xvda \\\n"
    "  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'\n"
)
# In the plain script: AMI312 at `legacy-bios`, line 2, columns 15-26.


def _md(text: str) -> list[str]:
    return [located(d) for d in lint(text, "RUNBOOK.md", "markdown")]


def _indent(prefix: str, text: str) -> str:
    return "".join(prefix + line for line in text.splitlines(keepends=True))


@pytest.mark.parametrize(
    ("doc", "expect"),
    [
        pytest.param(f"# Title\n\n```sh\n{CALL}```\n", ["5:15-5:26 AMI312"], id="backticks"),
        pytest.param(f"Text\n\n~~~bash\n{CALL}~~~\n", ["5:15-5:26 AMI312"], id="tildes"),
        pytest.param(
            f"Text\n\n  ```shell\n{_indent('  ', CALL)}  ```\n", ["5:17-5:28 AMI312"], id="indented-fence"
        ),
        pytest.param(
            f"1. Run:\n\n   ```sh\n{_indent('   ', CALL)}   ```\n", ["5:18-5:29 AMI312"], id="in-list"
        ),
        pytest.param(
            f"> Run:\n>\n> ```zsh\n{_indent('> ', CALL)}> ```\n", ["5:17-5:28 AMI312"], id="in-blockquote"
        ),
        pytest.param(
            f"- item\n\n  > ```sh\n{_indent('  > ', CALL)}  > ```\n",
            ["5:19-5:30 AMI312"],
            id="list-and-quote",
        ),
        pytest.param(f"Run:\n\n```\n{CALL}```\n", ["5:15-5:26 AMI312"], id="no-info-string"),
        pytest.param(
            f"Run:\n\n    {_indent('    ', CALL).lstrip()}\n", ["4:19-4:30 AMI312"], id="indented-code"
        ),
        pytest.param(f'```bash title="register.sh"\n{CALL}```\n', ["3:15-3:26 AMI312"], id="info-with-title"),
        pytest.param(f"Run:\n\n```sh\n{CALL}", ["5:15-5:26 AMI312"], id="unterminated"),
        pytest.param(f"```python\n{CALL}```\n", [], id="other-language"),
        pytest.param(f"```\necho {CALL.splitlines()[0]}\n```\n", [], id="mention-in-no-call"),
    ],
)
def test_each_fence_form_at_exact_positions(doc: str, expect: list[str]) -> None:
    assert _md(doc) == expect


def test_console_session_prompts_and_output() -> None:
    doc = (
        "```console\n"
        "$ aws ec2 register-image --name web-2024 --architecture arm64 \\\n"
        ">   --boot-mode legacy-bios --virtualization-type hvm --ena-support --imds-support v2.0 \\\n"
        ">   --root-device-name /dev/xvda \\\n"
        ">   --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'\n"
        "{\n"
        '    "ImageId": "ami-0123456789abcdef0" --bogus\n'
        "}\n"
        "# aws ec2 register-image --name root-prompt --architecture arm64 --boot-mode legacy-bios\n"
        "```\n"
    )
    found = _md(doc)
    assert "3:17-3:28 AMI312" in found  # `legacy-bios` after the `> ` continuation prompt
    assert "9:78-9:89 AMI312" in found  # a `# ` root prompt is a command too
    assert not any(f.startswith(("6:", "7:", "8:")) for f in found)  # output is not read


def test_messages_quote_placeholders_as_the_document_wrote_them() -> None:
    # A placeholder is an unknown part of its word (U+E000 inside): a message
    # that quotes the word shows `<snapshot-id>`, never the mark.
    doc = (
        "```console\n"
        "$ aws ec2 register-image --name web --architecture arm64 --virtualization-type hvm \\\n"
        ">   --ena-support --root-device-name /dev/xvda \\\n"
        ">   --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=<snapshot-id>,VolumeType=gp3}\n"
        "```\n"
    )
    found = lint(doc, "runbook.md", "markdown")
    assert [located(d) for d in found] == ["4:54-4:95 AMI401"]
    assert found[0].message.startswith("`{SnapshotId=<snapshot-id>,VolumeType=gp3}` is not quoted")
    assert found[0].hint == (
        "Put the value in single quotes: "
        "`'DeviceName=/dev/xvda,Ebs={SnapshotId=<snapshot-id>,VolumeType=gp3}'`"
    )
    assert not any("\ue000" in d.message + (d.hint or "") for d in found)


def test_dollar_prompts_in_a_bash_block() -> None:
    doc = (
        "```bash\n$ aws ec2 register-image --name web --architecture arm64 --boot-mode legacy-bios\n"
        "An output line --x\n```\n"
    )
    assert [f for f in _md(doc) if "AMI312" in f] == ["2:70-2:81 AMI312"]
    assert not any(f.startswith("3:") for f in _md(doc))


def _cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], doc: str
) -> list[str]:
    (tmp_path / "a.md").write_text(doc)
    monkeypatch.chdir(tmp_path)
    main(["--format", "json", "--jobs", "1", "a.md"])
    out = json.loads(capsys.readouterr().out)
    return [f"{d['line']}:{d['column']} {d['rule']}" for d in out["diagnostics"]]


def test_html_comment_suppressions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    comment = "<!-- ami-lint: disable=AMI312 -- arm64 legacy BIOS on purpose -->\n"
    before = f"{comment}```sh\n{CALL}```\n\n```sh\n{CALL}```\n"
    assert _cli(tmp_path, monkeypatch, capsys, before) == ["11:15 AMI312"]  # the second block is not covered
    blank = f"<!-- ami-lint: disable=AMI312 -->\n\n```sh\n{CALL}```\n"
    assert _cli(tmp_path, monkeypatch, capsys, blank) == []
    whole = f"```sh\n{CALL}```\n\nSee above. <!-- ami-lint: disable-file=AMI3 -->\n"
    assert _cli(tmp_path, monkeypatch, capsys, whole) == []
    inside = f"```sh\n# ami-lint: disable=AMI312\n{CALL}```\n"
    assert _cli(tmp_path, monkeypatch, capsys, inside) == []
    shown = f"Write `<!-- ami-lint: disable-file=AMI3 -->` to cover a file.\n\n```sh\n{CALL}```\n"
    assert _cli(tmp_path, monkeypatch, capsys, shown) == ["5:15 AMI312"]  # in a code span: no directive
    in_list = f"- <!-- ami-lint: disable=AMI312 -->\n\n  ```sh\n{_indent('  ', CALL)}  ```\n"
    assert _cli(tmp_path, monkeypatch, capsys, in_list) == ["5:17 AMI312"]  # not on a line of its own


def test_unused_and_invalid_html_directives_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(f"<!-- ami-lint: disable=AMI201 -->\n```sh\n{CALL}```\n")
    monkeypatch.chdir(tmp_path)
    main(["--warn-unused-suppressions", "--jobs", "1", "a.md"])
    assert "a.md:1:24: warning: Unused suppression: `AMI201` suppressed nothing" in capsys.readouterr().err


PLACEHOLDERS = [
    "<snapshot-id>",
    "<SNAPSHOT_ID>",
    "{{snap}}",
    "YOUR_SNAPSHOT",
    "snap-xxxxxxxx",
    "snap-0123456789EXAMPLE",
    "snap-0123456789example",
    "snapshot-id",
    "...",
]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_placeholders_are_unknown_values(placeholder: str) -> None:
    call = CALL.replace("snap-0123456789abcdef0", placeholder).replace("web-2024", "<image-name>")
    call = call.replace("--architecture arm64", "--architecture MY_ARCH")
    doc = f"```sh\n{call}```\n"
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    found = [located(d) for d in lint(doc, "a.md", "markdown", linter)]
    assert found == []  # no AMI107/AMI104/AMI105, and no AMI005 on the placeholders


def test_placeholder_in_a_script_is_a_mistake() -> None:
    """Only documents: the same value in a `.sh` file is checked."""
    script = CALL.replace("snap-0123456789abcdef0", "snap-xxxxxxxx")
    assert "4:65-4:78 AMI107" in [located(d) for d in lint(script, "a.sh", "shell")]


def test_standalone_ellipsis_may_stand_for_any_options() -> None:
    doc = "```sh\naws ec2 register-image --name web-2024 ...\n```\n"
    assert _md(doc) == []  # no AMI306 "no VirtualizationType": `...` may hold it


def test_placeholders_in_a_json_skeleton() -> None:
    doc = (
        "```json\n"
        '{"Name": "<name>", "Architecture": "YOUR_ARCH", "RootDeviceName": "/dev/xvda",\n'
        ' "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",\n'
        '  "Ebs": {"SnapshotId": "snap-xxxxxxxx", "VolumeType": "gp9"}}]}\n'
        "```\n"
        "\n```sh\naws ec2 register-image --cli-input-json file://elsewhere.json\n```\n"
    )
    assert [f for f in _md(doc) if "AMI104" in f or "AMI107" in f or "AMI105" in f] == ["4:56-4:61 AMI104"]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple]]:
    code = main(["--format", "json", "--jobs", "1", *args])
    out = json.loads(capsys.readouterr().out)
    return code, [(d["path"], d["rule"], d["line"], d["column"]) for d in out["diagnostics"]]


def test_file_url_reads_the_json_block_named_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = (
        "Save the request as `request.json`:\n"
        "\n"
        "```json\n"
        '{"Name": "web-2024", "Architecture": "amd64", "VirtualizationType": "hvm",\n'
        ' "RootDeviceName": "/dev/xvda", "EnaSupport": true, "ImdsSupport": "v2.0",\n'
        ' "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",\n'
        '  "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]}\n'
        "```\n"
        "\n"
        '```json title="mapping.json"\n'
        '[{"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp9", "SnapshotId": "snap-0123456789abcdef0"}}]\n'
        "```\n"
        "\n"
        "```sh\n"
        "aws ec2 register-image --cli-input-json file://request.json\n"
        "aws ec2 register-image --cli-input-json file://./request.json --block-device-mappings file://mapping.json\n"
        "aws ec2 register-image --cli-input-json file://not-in-the-doc.json\n"
        "```\n"
    )
    (tmp_path / "RUNBOOK.md").write_text(doc)
    monkeypatch.chdir(tmp_path)
    code, found = _run(["RUNBOOK.md"], capsys)
    # `amd64` in the request block (once per place), what the second call's
    # mapping block does to it, `gp9` in the mapping block; no AMI004 for the
    # file the doc does not show.
    assert found == [
        ("RUNBOOK.md", "AMI104", 4, 38),
        ("RUNBOOK.md", "AMI302", 5, 20),
        ("RUNBOOK.md", "AMI104", 11, 51),
        ("RUNBOOK.md", "AMI406", 16, 63),
    ]
    assert code == 1


def test_walk_claims_markdown_and_skips_docs_without_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(f"```sh\n{CALL}```\n")
    (tmp_path / "docs" / "b.markdown").write_text("No command.\n")
    (tmp_path / "docs" / "c.mdx").write_text(f"<Note/>\n\n```bash\n{CALL}```\n")
    monkeypatch.chdir(tmp_path)
    _, found = _run(["docs"], capsys)
    assert found == [("docs/a.md", "AMI312", 3, 15), ("docs/c.mdx", "AMI312", 5, 15)]


# The property: every shell case, in a fence inside a list item's blockquote,
# gives the plain script's findings, two lines down and four columns right.
PREFIX = "  > "
SHELL_CASES = [
    (rule, case)
    for rule, case in ALL
    if case["format"] == "shell"
    and "\t" not in case["source"]
    and "\r" not in case["source"]
    and "```" not in case["source"]
    and "ami-lint:" not in case["source"]
]


@pytest.mark.parametrize(("rule", "case"), SHELL_CASES, ids=[f"{r}-{c['name']}" for r, c in SHELL_CASES])
def test_shell_cases_wrapped_in_a_fence_shift(rule: str, case: dict) -> None:
    linter = Linter(Options(selection=Selection(select=("ALL", rule))))
    source = case["source"] if case["source"].endswith("\n") else case["source"] + "\n"
    plain = lint(source, "case.sh", "shell", linter)
    doc = f"- item\n\n  > ```sh\n{_indent(PREFIX, source)}  > ```\n"
    wrapped = lint(doc, "case.md", "markdown", linter)

    def where(d, lines: int, cols: int) -> tuple:
        return (d.rule, d.start.line + lines, d.start.column + cols, d.end.line + lines, d.end.column + cols)

    expect = sorted(
        where(d, 3, len(PREFIX)) for d in plain if d.rule not in ("AMI004", "AMI005") or "$" in d.message
    )
    # A file a doc names but does not show is the reader's (no AMI004 in a doc).
    got = sorted(where(d, 0, 0) for d in wrapped if d.rule not in ("AMI004", "AMI005") or "$" in d.message)
    assert got == expect


def _timed(text: str) -> float:
    start = time.process_time()
    lint(text, "big.md", "markdown")
    return time.process_time() - start


def test_hostile_documents_end_cleanly_in_linear_time() -> None:
    para = "Some prose about register-image with `code` and a [link](x).\n\n"
    small, large = para * 5_000, para * 50_000  # 100,000 lines
    assert (
        lint(small + "```sh\n" + "aws ec2 register-image --name x \\\n" * 100, "a.md", "markdown") is not None
    )
    t_small, t_large = _timed(small), _timed(large)
    assert t_large < 30 * max(t_small, 0.01)  # ten times the text: far from a hundred times the time


def test_ten_megabytes_of_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    prose = ("A paragraph that mentions register-image, with `code` and *emphasis*.\n\n") * 1500
    block = f"```sh\n{CALL}```\n\n" + prose
    text = block * (10_000_000 // len(block))  # about a hundred calls in 10 MB
    (tmp_path / "big.md").write_text(text)
    monkeypatch.chdir(tmp_path)
    code = main(["--jobs", "1", "--max-file-size", "20000000", "--quiet", "--format", "json", "big.md"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and {d["rule"] for d in out["diagnostics"]} == {"AMI312"}


def test_an_unterminated_fence_of_100000_lines_is_linear() -> None:
    def doc(n: int) -> str:
        call = "".join("> " + line for line in CALL.splitlines(keepends=True))
        return "> ```sh\n" + call + "> echo <step> done YOUR_X ...\n" * n

    assert [located(d) for d in lint(doc(100_000), "big.md", "markdown")] == ["3:17-3:28 AMI312"]
    t_small, t_large = _timed(doc(10_000)), _timed(doc(100_000))
    assert t_large < 30 * max(t_small, 0.01)


def test_many_directives_are_linear() -> None:
    def doc(n: int) -> str:
        return "<!-- ami-lint: disable=AMI312 -->\n\n" * n + f"```sh\n{CALL}```\n"

    t_small, t_large = _timed(doc(5_000)), _timed(doc(50_000))
    assert t_large < 30 * max(t_small, 0.01)
