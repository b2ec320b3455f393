"""An editor buffer's script parsed again from its last tree
(`ami_lint.shell.reparse`, issue 20, item 5) gives exactly what a fresh
parse gives: the same tree, node for node, and the same diagnostics, over
generated edits of the corpus' scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.shell.calls import REPARSE, _parser, parse_script
from ami_lint.shell.reparse import Reparse, changed, point
from ami_lint.source import Source
from tests.conftest import ROOT, bench_typical

SCRIPTS = sorted(p for folder in ("tests/corpus", "examples") for p in (ROOT / folder).rglob("*.sh"))
# The typical script of the benchmark, which bench/server_latency.py edits.
TYPICAL = bench_typical()
# What an edit inserts: shell syntax that opens and closes quotes, blocks,
# substitutions and here-documents, and plain typing.
PIECES = [
    "a", "1", "-", " ", "_", "\n", "\r\n", "\t", "$", "$X", "${X}", "$(", ")", "(", "`", '"', "'",
    "\\", "\\\n", "{", "}", "[", "]", ";", "&&", "|", "#", "# ami-lint: disable=AMI210\n", "=",
    "<<EOF\n", "EOF\n", "<<-X\n", "\tX\n", "if true; then\n", "fi\n", "do", "done", "case", "esac",
    "--name n", "--architecture x86_64 ", "aws ec2 register-image ", "é", "\U0001f600",
]  # fmt: skip

TYPING = ["a", "b", "Z", "0", "7", "-", "_", ".", "/", ",", " ", "\n"]
edits = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),  # where, as a share of the text
        st.integers(min_value=0, max_value=12) | st.just(0),  # how many characters are removed
        # What is inserted: typing, mostly.
        st.lists(st.sampled_from([*TYPING, *TYPING, *PIECES]), max_size=3).map("".join),
    ),
    min_size=1,
    max_size=8,
)


def _edited(text: str, where: float, removed: int, inserted: str) -> str:
    at = int(where * len(text))
    return text[:at] + inserted + text[at + removed :]


def _nodes(tree: object) -> tuple[str, list[tuple[object, ...]]]:
    """The tree's s-expression and every node (kind, place, field, flags), in order."""
    out: list[tuple[object, ...]] = []
    cursor = tree.walk()  # type: ignore[attr-defined]
    depth = 0
    while True:
        n = cursor.node
        place = (n.start_byte, n.end_byte, n.start_point, n.end_point)
        flags = (n.is_missing, n.is_named, n.has_error, n.is_error, n.is_extra)
        out.append((depth, n.kind_id, *place, cursor.field_id, *flags))
        if cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return str(tree.root_node), out  # type: ignore[attr-defined]
            depth -= 1


def _fresh(data: bytes) -> object:
    return _parser().parse(data)  # type: ignore[attr-defined]


@given(st.binary(max_size=40), st.binary(max_size=40))
def test_changed_is_the_longest_common_start_and_end(old: bytes, new: bytes) -> None:
    start, old_end, new_end = changed(old, new)
    assert old[:start] == new[:start] and old[old_end:] == new[new_end:]
    assert start <= old_end and start <= new_end
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    assert start == common
    # Nothing more is alike at the end, short of the common start.
    assert old_end == start or new_end == start or old[old_end - 1] != new[new_end - 1]


@given(st.binary(max_size=30), st.data())
def test_point_counts_rows_and_byte_columns(data: bytes, draw: st.DataObject) -> None:
    at = draw.draw(st.integers(min_value=0, max_value=len(data)))
    lines = data[:at].split(b"\n")
    assert point(data, at) == (len(lines) - 1, len(lines[-1]))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SCRIPTS), edits)
def test_a_reparsed_tree_is_the_fresh_parse(script: Path, changes: list[tuple[float, int, str]]) -> None:
    text = script.read_text(errors="replace")
    reparse = Reparse()
    reparse.parse(_parser(), text.encode())
    for where, removed, inserted in changes:
        text = _edited(text, where, removed, inserted)
        data = text.encode("utf-8", errors="replace")
        assert _nodes(reparse.parse(_parser(), data)) == _nodes(_fresh(data))


def test_an_edit_away_from_errors_reuses_the_tree_and_one_near_an_error_does_not() -> None:
    reparse = Reparse()
    text = TYPICAL
    reparse.parse(_parser(), text.encode())
    for n in range(5):
        text = text.replace("--name ", f"--name b{n}-", 1)
        tree = reparse.parse(_parser(), text.encode())
        assert _nodes(tree) == _nodes(_fresh(text.encode()))
    assert reparse.reused == 5
    # An unclosed quote: the tree has an error, and is the fresh parse's.
    broken = text.replace('echo "registered', 'echo $( "registered', 1).encode()
    assert _fresh(broken).root_node.has_error  # type: ignore[attr-defined]
    assert _nodes(reparse.parse(_parser(), broken)) == _nodes(_fresh(broken))
    assert reparse.reused == 5
    # The tree after one with an error is parsed afresh too.
    reparse.parse(_parser(), text.encode())
    assert reparse.reused == 5
    reparse.parse(_parser(), text.replace("arm64", "x86_64").encode())
    assert reparse.reused == 6


def test_only_the_buffers_own_script_takes_the_last_tree() -> None:
    reparse = Reparse()
    with reparse:
        parse_script(Source.from_text(TYPICAL, "a.sh"))
        assert REPARSE[0] is None  # taken once
    assert reparse.data == TYPICAL.encode()
    with reparse:
        pass
    assert REPARSE[0] is None  # let go at the end of the block
    # A script embedded in another (`bash -c '…'`, a Markdown fence) is not the buffer's.
    host = Source.from_text("x", "README.md")
    piece = Source("echo hi\n", "README.md", host=host)
    other = Reparse()
    with other:
        parse_script(piece)
    assert other.data is None


# --- the server: every diagnostic as a fresh parse gives it -------------------------------------


@pytest.fixture(scope="module")
def server() -> object:
    pytest.importorskip("pygls")
    from ami_lint.server import AmiLintServer

    return AmiLintServer()


LINTED = [ROOT / "tests/corpus/ok-heredoc-json.sh", *SCRIPTS[:: max(1, len(SCRIPTS) // 8)]]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LINTED), edits)
def test_the_servers_diagnostics_are_those_of_a_fresh_parse(
    server: object,
    tmp_path_factory: pytest.TempPathFactory,
    script: Path,
    changes: list[tuple[float, int, str]],
) -> None:
    from ami_lint.server import AmiLintServer, Buffer

    assert isinstance(server, AmiLintServer)
    folder = tmp_path_factory.getbasetemp()
    uri = (folder / script.name).as_uri()
    text = script.read_text(errors="replace")
    kept = Buffer(uri, text, 1, "shellscript")
    server.lint(kept)
    for version, (where, removed, inserted) in enumerate(changes, start=2):
        text = _edited(text, where, removed, inserted)
        kept.text, kept.version, kept.linted = text, version, None
        fresh = Buffer(uri, text, version, "shellscript")  # its own `Reparse`: parsed afresh
        assert server.lint(kept).diagnostics == server.lint(fresh).diagnostics
