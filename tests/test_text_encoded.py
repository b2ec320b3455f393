"""The text report of `--jobs` from the workers' UTF-8 blocks (issue 20):
written as its bytes when `no_commands` would leave it as it is, and else
as the text it always was."""

from __future__ import annotations

import os

from hypothesis import example, given
from hypothesis import strategies as st

from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.formatters import text
from ami_lint.printable import commands_unchanged, no_commands
from ami_lint.report import Report
from ami_lint.source import Source, Span

PIECES = st.sampled_from(
    [
        "a",
        " ",
        "\n",
        ":",
        "::",
        "#",
        "##[",
        "[",
        "é",
        "\u2028",
        "\x85",
        "\r",
        "\x0b",
        "\x1c",
        "—",
        "1",
        "-",
        "\t",
    ]
)


@given(st.lists(PIECES, max_size=24).map("".join))
@example("x\n  ::warning::y")
@example("x\n\u2028::y")
@example("é::x")
@example("##[group]x")
def test_bytes_said_unchanged_are_a_text_no_commands_leaves_unchanged(written: str) -> None:
    if commands_unchanged(written.encode("utf-8")):
        assert no_commands(written) == written
    # Without `#`, `:` or a line break of any kind, nothing can change.
    if not any(c in written for c in "#:\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        assert commands_unchanged(written.encode("utf-8"))


def _report(messages: list[str], path: str = "r.yaml") -> tuple[Report, text.Ahead, dict[str, str]]:
    """A report of `messages`, its blocks kept as a worker sends them, and
    the rule pages the command line gives `render`."""
    source = Source.from_text("Name: x\nArchitecture: amd64\n", path)
    report = Report(files=1)
    ahead = text.Ahead(colour=False, unsafe=False)
    urls: dict[str, str] = {}
    for i, message in enumerate(messages):
        d = Diagnostic("AMI104", "invalid-enum-value", Severity.ERROR, message, source, Span(i, i + 1))
        report.diagnostics.append(d)
        url, block = ahead.render(d)
        if url is not None:
            urls[d.rule] = url
        ahead.keep(d, url, block.encode("utf-8"))  # as a worker sends it
    return report, ahead, urls


def test_workers_blocks_are_written_as_their_bytes() -> None:
    report, ahead, urls = _report(["`Architecture` is `amd64` \u2014 one of 3\u2013128", "plain"])
    made = text.render_encoded(report, urls=urls, ahead=ahead)
    assert type(made) is bytes
    alone = text.render(report, urls=urls)  # rendered here, as `--jobs 1` does
    assert made.decode("utf-8") == alone == text.render(report, urls=urls, ahead=ahead)
    quiet = text.render_encoded(report, summary=False, urls=urls, ahead=ahead)
    assert quiet == text.render(report, summary=False, urls=urls).encode("utf-8")


def test_a_block_a_runner_could_read_as_a_command_goes_through_no_commands() -> None:
    # A path that puts `::` at a line's start (a workflow command), or `##[`
    # in a message: the text route, escaped as it always was.
    for message, path in (("x", "::error::r.yaml"), ("x ##[group] y", "r.yaml")):
        report, ahead, urls = _report([message], path)
        made = text.render_encoded(report, urls=urls, ahead=ahead)
        assert type(made) is str and made == text.render(report, urls=urls)
        assert "\n::error::" not in "\n" + made and "##[" not in made


def test_a_block_rendered_here_makes_the_whole_report_text() -> None:
    report, ahead, urls = _report(["one", "two"])
    del ahead.blocks[id(report.diagnostics[1])]  # a worker that could not render it
    made = text.render_encoded(report, urls=urls, ahead=ahead)
    assert type(made) is str and made == text.render(report, urls=urls)
    first = report.diagnostics[0]
    assert ahead.block(first, urls["AMI104"]) == text.render_one(first, url=urls["AMI104"])


def test_standard_output_gets_the_same_bytes_either_way(tmp_path: object) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "from ami_lint import cli\n"
        "cli._write_stdout('é — x\\n')\n"
        "cli._write_stdout('é — x\\n'.encode())\n"
    )
    for encoding in ("utf-8", "latin-1:backslashreplace"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True).stdout
        first, second = out.split(b"\n")[:2]
        assert first == second, encoding
