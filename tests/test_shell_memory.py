"""Issue 20, item 3: a script of many calls holds each call's words, and
Python copies of its tree's nodes, only while that call is checked.

Nothing here is timed or measured in bytes of the process (bench/series.py
does that): what is alive is counted (`gc.get_objects`), and tracemalloc's
peak is compared across sizes of one generated script.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

import pytest

from ami_lint.engine import Linter
from ami_lint.frontend import Extraction, Found, FrontEnd
from ami_lint.frontends.markdown import MARKDOWN, Block
from ami_lint.frontends.shell import SHELL
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.shell.calls import LAZY_CALLS, parse_script, scan
from ami_lint.shell.words import ShellWord
from ami_lint.source import Source

CORPUS = Path(__file__).parent / "corpus"


def _call(i: int) -> str:
    iops = ",Iops=100" if i % 3 == 0 else ""
    return (
        f'aws ec2 register-image --name "build-{i}" --architecture x86_64 \\\n'
        "  --virtualization-type hvm --ena-support --root-device-name /dev/xvda \\\n"
        f'  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{VolumeType=gp3{iops}}}"\n'
    )


def _variables(i: int) -> str:
    return f'NAME="build-{i}"\nMAP="DeviceName=/dev/xvda"\nMAP+=",Ebs={{VolumeType=gp2}}"\n' + (
        'aws ec2 register-image --name "$NAME" --block-device-mappings "$MAP" --root-device-name /dev/xvda\n'
    )


def _script(calls: int, unit=_call) -> Source:  # type: ignore[no-untyped-def]
    return Source.from_text("#!/bin/bash\n" + "".join(unit(i) for i in range(calls)), "many.sh")


def _holders(tree: object) -> int:
    """How many references to `tree` there are besides the caller's one name
    for it (a local name, or the attribute it is read from).

    tree-sitter's `Tree` and `Node` are not tracked by the garbage collector,
    so `gc.get_objects` never lists them; but every `Node` and `TreeCursor`
    made from a tree holds a reference to it, so its reference count is what
    holds it: the nodes alive, a cursor, and whatever keeps the tree itself.
    """
    return sys.getrefcount(tree) - 3  # the caller's name, the parameter, getrefcount's argument


def _alive(kind: type) -> int:
    """How many objects of `kind` are alive beyond those other tests left (`_BEFORE`)."""
    return sum(1 for o in gc.get_objects() if type(o) is kind) - _BEFORE.get(kind, 0)


_BEFORE: dict[type, int] = {}


@pytest.fixture(autouse=True)
def _counted_from_here():  # type: ignore[no-untyped-def]
    gc.collect()
    _BEFORE.clear()
    for kind in (ShellWord, Request, Mapping):
        _BEFORE[kind] = _alive(kind)
    yield


def test_many_calls_are_kept_as_numbers_until_taken() -> None:
    source = _script(LAZY_CALLS + 100)
    script = parse_script(source)
    tree = script.tree
    calls = scan(source, script, lazy=0)
    assert len(calls) == LAZY_CALLS + 100
    # Found, but no call's words are decoded yet, and of the tree's nodes only
    # the root is held (by the call taker and the indexes of wrappers and
    # written files), whatever the number of calls; the script holds the
    # tree, and so do the calls until the last is taken.
    assert _alive(ShellWord) == 0
    assert 2 <= _holders(tree) <= 8
    most_words = most_nodes = 0
    taken = 0
    for invocation in calls.take():
        taken += 1
        assert invocation.words
        most_words = max(most_words, _alive(ShellWord))
        most_nodes = max(most_nodes, _holders(tree) - 1)
    assert taken == LAZY_CALLS + 100
    del invocation
    # The words and nodes of the call being taken, not those of the calls before.
    assert most_words < 60
    assert most_nodes < 60
    # Once the last call is taken, nothing but the script holds the tree.
    assert _holders(tree) == 1
    assert _alive(ShellWord) == 0


def test_past_lazy_calls_a_script_keeps_no_more() -> None:
    # The first calls, found before the script is known to hold many, stay as found.
    alive = []
    for extra in (100, 300):
        source = _script(LAZY_CALLS + extra)
        script = parse_script(source)
        calls = scan(source, script)
        gc.collect()
        alive.append((_alive(ShellWord), _holders(script.tree)))
        del calls
    assert alive[0] == alive[1]
    assert alive[0][0] > 0  # the first calls' words, decoded as they were found


def test_calls_with_variables_are_read_with_them_when_taken() -> None:
    held = []
    for extra in (10, 200):
        source = _script(LAZY_CALLS + extra, _variables)
        script = parse_script(source)
        calls = scan(source, script)
        # The nodes held until the calls are taken: those of the first calls,
        # found before the script was known to hold many, and the root; not
        # one per assignment or call after them.
        held.append(_holders(script.tree))
        names = [inv.words[1].text for inv in calls.take()]
        assert names == [f"build-{i}" for i in range(LAZY_CALLS + extra)]
        # Only the script holds its tree now (counted outside `assert`, whose
        # rewriting keeps `script.tree` in a name of its own).
        after = _holders(script.tree)
        assert after == 0
    assert held[0] == held[1] <= LAZY_CALLS + 8


def test_few_calls_are_found_at_once() -> None:
    source = _script(3)
    calls = scan(source, parse_script(source))
    assert _alive(ShellWord) > 0  # decoded while found: decoding again would cost more than it saves
    assert len(list(calls.take())) == 3


def test_lazy_and_eager_find_the_same_calls_in_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.sh")):
        source = Source.from_text(path.read_text(encoding="utf-8", errors="replace"), str(path))
        eager = list(scan(source, parse_script(source), lazy=10**9).take())
        lazy = list(scan(source, parse_script(source), lazy=0).take())
        assert [_fields(i) for i in lazy] == [_fields(i) for i in eager], path.name


def _fields(invocation):  # type: ignore[no-untyped-def]
    return (
        invocation.span,
        invocation.words,
        invocation.global_options,
        invocation.has_splice,
        invocation.shell,
        invocation.capture,
        invocation.syntax_error,
        invocation.borrowed,
        invocation.hides_output,
    )


def _traced_peak(source: Source) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        extraction = SHELL.extract(source, Linter().files)
        for _ in extraction.requests:
            pass
        del extraction
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_grows_linearly_and_within_the_tree() -> None:
    _traced_peak(_script(2))  # imports and caches first
    small, large = _script(100), _script(1000)
    peak_small, peak_large = _traced_peak(small), _traced_peak(large)
    tree = _tree_size(large)
    # What linting adds to tree-sitter's tree stays a small part of it (it
    # was 2.3 times the tree with every call's words kept).
    assert peak_large < 1.4 * tree
    assert peak_large < 11 * peak_small


def _tree_size(source: Source) -> int:
    tracemalloc.start()
    try:
        script = parse_script(source)
        size = tracemalloc.get_traced_memory()[0]
        del script
        return size
    finally:
        tracemalloc.stop()


class _Counting(FrontEnd):
    """The shell front end, counting the requests alive at each one it gives."""

    name = "counting"
    most = 0

    def extract(self, source, resolver, lenient=False):  # type: ignore[no-untyped-def]
        part = SHELL.extract(source, resolver, lenient)
        return Extraction(self._counted(part.requests), comments=part.comments, notes=part.notes)

    def _counted(self, requests):  # type: ignore[no-untyped-def]
        for found in requests:
            assert isinstance(found, Found)
            gc.collect()
            # The request's root and the mappings in it, of this call and the one before.
            self.most = max(self.most, _alive(Request), _alive(Mapping))
            yield found


def test_engine_lets_go_of_each_checked_request() -> None:
    # Each call has a fixable finding (AMI104, `amd64`): its request was kept
    # to the end of the file.
    front = _Counting()
    source = _script(60, lambda i: _call(i).replace("x86_64", "amd64"))
    linter = Linter()
    extraction = front.extract(source, linter.files)
    diagnostics, _ = linter._check(extraction)
    assert sum(1 for d in diagnostics if d.fix is not None) == 60
    assert front.most <= 10


def test_markdown_blocks_keep_no_token() -> None:
    assert not hasattr(Block, "token")
    text = "# Runbook\n\n" + "".join(f"```sh\n{_call(i)}```\n\n" for i in range(5))
    extraction = MARKDOWN.extract(Source.from_text(text, "RUNBOOK.md"), Linter().files)
    assert len(list(extraction.requests)) == 5


def test_finding_calls_with_variables_walks_the_script_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # `Variables` learns the script's functions and `IFS` from the walk that
    # finds the calls, rather than walking the whole script again.
    import ami_lint.shell.variables as variables

    walked: list[str] = []
    real = variables._walk_with_parents

    def counting(root, top=None):  # type: ignore[no-untyped-def]
        walked.append(root.type)
        return real(root, top)

    monkeypatch.setattr(variables, "_walk_with_parents", counting)
    text = (
        "#!/bin/bash\nf() { IFS=, read -r a b; }\nIFS=$'\\n'\nNAME=web\n"
        'aws ec2 register-image --name "$NAME" --root-device-name /dev/xvda\n'
    )
    source = Source.from_text(text, "t.sh")
    (invocation,) = scan(source, parse_script(source)).take()
    assert invocation.words[1].text == "web"
    assert "program" not in walked


def test_only_statements_that_write_trap_are_searched_for_a_trap(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ami_lint.shell.variables as variables

    searched: list[str] = []
    real = variables._traps_anytime

    def counting(statement):  # type: ignore[no-untyped-def]
        searched.append(statement.text.decode())
        return real(statement)

    monkeypatch.setattr(variables, "_traps_anytime", counting)
    text = (
        "#!/bin/bash\nNAME=web\ntrap 'echo done' EXIT\necho start\n"
        'aws ec2 register-image --name "$NAME" --root-device-name /dev/xvda\n'
        "trap 'echo $LINENO' DEBUG\n"
        'aws ec2 register-image --name "$NAME" --root-device-name /dev/xvda\n'
    )
    source = Source.from_text(text, "t.sh")
    first, second = scan(source, parse_script(source)).take()
    assert first.words[1].text == "web"
    assert second.words[1].text is None  # after `trap … DEBUG`, nothing is certain
    assert searched == ["trap 'echo done' EXIT", "trap 'echo $LINENO' DEBUG"]


def test_a_call_kept_as_numbers_is_decoded_only_up_to_its_operation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ami_lint.shell.words import WordDecoder

    decoded: list[int] = []
    real = WordDecoder.decode

    def counting(self, nodes, env=None, assignment=False):  # type: ignore[no-untyped-def]
        decoded.append(1)
        return real(self, nodes, env, assignment)

    monkeypatch.setattr(WordDecoder, "decode", counting)
    source = _script(50)
    calls = scan(source, parse_script(source), lazy=0)
    # `aws`, `ec2`, `register-image`: no `$` or `~`, so no word is decoded to look for variables.
    assert len(decoded) == 3 * 50
    decoded.clear()
    assert len(list(calls.take())) == 50
    assert len(decoded) > 10 * 50  # every word, once taken


def test_the_written_files_index_keeps_numbers_in_columns() -> None:
    """A script of many here-documents keeps each writer of its `file://`
    index as numbers in a few columns (where the write is, its `Span` made
    when a call asks; the blocks it is a statement of), and the node of
    each text to decode, no object of its own per writer."""
    from ami_lint.shell.written import Written

    units = 40
    text = "#!/bin/bash\n" + "".join(
        f'cat > req-{i}.json <<EOF\n{{"Name": "b{i}"}}\nEOF\n'
        f"aws ec2 register-image --cli-input-json file://req-{i}.json\n"
        for i in range(units)
    )
    source = Source.from_text(text, "many.sh")
    calls = list(scan(source, parse_script(source)).take())
    assert len(calls) == units
    last = calls[-1]
    assert last.files is not None
    found = last.files.lookup(f"req-{units - 1}.json")
    assert isinstance(found, Written)
    write_at = text.index(f"cat > req-{units - 1}.json")
    assert (found.at.start, found.at.end) == (write_at, text.index("\nEOF", write_at) + 4)
    assert found.content.text == f'{{"Name": "b{units - 1}"}}\n'
    writes = last.files._writes  # type: ignore[attr-defined]
    assert writes._by_path is not None
    # One writer a path (the here-document; each `file://req-N.json` names
    # another path), kept as its number alone.
    assert all(type(w) is int for w in writes._by_path.values())
    assert len(writes._by_path) == 2 * units
    assert all(type(column) is memoryview for column in (writes._starts, writes._ends, writes._block_data))
    assert len(writes._starts) == 2 * units
    # Each here-document a statement of the script: one block each, the same.
    heredocs = [w for w in range(2 * units) if writes._hows[w]]
    assert len(heredocs) == units
    at = writes._block_at
    blocks = {tuple(writes._block_data[3 * at[w] : 3 * at[w] + 2]) for w in heredocs}
    assert blocks == {(0, len(text))}
    assert all(writes._block_at[w + 1] - writes._block_at[w] == 1 for w in heredocs)
