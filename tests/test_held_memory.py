"""Issue 20, item 3: what a file's lint holds while it goes on.

- the engine makes each request's findings diagnostics once it is checked,
  rather than keeping every finding (with its request, its embedded source
  and a shell call's parse tree) to the end of the file; the diagnostics are
  those the findings of the whole file made at the end;
- the `file://` index of the files a script writes keeps each
  here-document's node, and decodes its text when a call reads it.

Nothing is timed or measured in bytes of the process (bench/series.py does
that): live objects are counted (`gc.get_objects`).
"""

from __future__ import annotations

import gc
from pathlib import Path

import tree_sitter
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.diagnostics import Diagnostic, Finding
from ami_lint.engine import Linter, Options, _Seen
from ami_lint.frontend import Extraction, Found, FrontEnd
from ami_lint.frontends import BY_NAME, claim
from ami_lint.frontends.shell import SHELL
from ami_lint.report import Report
from ami_lint.selection import Selection
from ami_lint.shell import written
from ami_lint.shell.calls import _Taker, parse_script
from ami_lint.shell.variables import Ancestry
from ami_lint.shell.walk import preorder
from ami_lint.shell.words import ShellWord, WordDecoder
from ami_lint.source import Source, Span
from ami_lint.vocabulary import API, Vocabulary

ROOT = Path(__file__).parent.parent
CORPUS = [ROOT / "tests" / "corpus", ROOT / "examples"]


def _alive(kind: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is kind)


# --- the engine: findings become diagnostics request by request -----------------


def _check_at_the_end(
    linter: Linter, extraction: Extraction, vocabulary: Vocabulary = API
) -> list[Diagnostic]:
    """`Linter._check` as it was: every finding kept, made diagnostics at the
    end (those of requests in a vocabulary of their own first)."""
    findings = list(extraction.findings)
    own: list[Diagnostic] = []
    seen = _Seen()
    roots: dict[int, tuple[Source, Span]] = {}
    for found in extraction.requests:
        checked = linter.check_request(found.request, found.key)
        kept = [f for f in found.findings if found.keeps(f)]
        kept.extend(f for f in checked if found.keeps(f))
        for f in kept:
            if f.fix is not None:
                roots[id(f)] = (found.request.root.source, found.request.root.span)
        if found.vocabulary is None:
            findings.extend(kept)
        else:
            own.extend(linter._diagnostics(kept, found.vocabulary, seen, roots))
    return linter._diagnostics(findings, vocabulary, seen, roots) + own


def _shown(d: Diagnostic) -> tuple[object, ...]:
    """All of a diagnostic (its source is compared by its path and text)."""
    return (d.rule, d.severity, d.message, d.source.path, d.source.text, d.span, d.hint, d.request, d.fix)


def _inputs() -> list[Path]:
    return sorted(p for folder in CORPUS for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts)


def _case_inputs() -> list[tuple[str, bytes]]:
    """The sources of the rules' case files (tests/cases), as files of their format."""
    from ruamel.yaml import YAML

    from tests.test_rule_cases import SUFFIX

    out = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if case["format"] != "shorthand":
                name = case.get("path", f"case{SUFFIX[case['format']]}")
                out.append((name, case["source"].encode()))
    return out


def test_diagnostics_made_request_by_request_are_those_made_at_the_end() -> None:
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    compared = 0
    inputs = [(str(p), p.read_bytes()) for p in _inputs()] + _case_inputs()
    for name, data in inputs:
        front = claim(name, data[:256], named=True)
        if front is None:
            continue
        _, extraction = linter._extract(front, data, name, lenient=True)
        now, _ = linter._check(extraction, front.vocabulary)
        _, extraction = linter._extract(front, data, name, lenient=True)
        before = _check_at_the_end(linter, extraction, front.vocabulary)
        assert [_shown(d) for d in now] == [_shown(d) for d in before], (name, data)
        compared += bool(now)
    assert compared > 300


def test_a_place_said_in_a_vocabulary_of_its_own_is_said_so_as_before() -> None:
    # The same rule, place and message from the extraction, from a request in
    # the front end's vocabulary and from one in a vocabulary of its own: said
    # once, as the request of its own vocabulary says it (it used to be made first).
    linter = Linter()
    rule = next(r.id for r in linter.rules if r.kind == "request")
    json_front = BY_NAME["json"]

    def extraction() -> Extraction:
        source = Source.from_text('{"Name": "web", "RootDeviceName": "/dev/xvda"}', "a.json")
        (found,) = list(json_front.extract(source, linter.files).requests)
        same = Finding(rule, source, Span(1, 7), "said thrice")
        other = Finding(rule, source, Span(9, 14), "said once")
        return Extraction(
            [
                Found(found.request, [same, other]),
                Found(found.request, [same], vocabulary=API),
            ],
            findings=[same],
        )

    now, _ = linter._check(extraction())
    before = _check_at_the_end(linter, extraction())
    assert [_shown(d) for d in now] == [_shown(d) for d in before]
    assert [d.message for d in now if d.message.startswith("said")] == ["said once", "said thrice"]


class _Counting(FrontEnd):
    """The shell front end, counting the findings alive as each request is given."""

    name = "counting"

    def __init__(self) -> None:
        self.alive: list[int] = []

    def extract(self, source, resolver, lenient=False):  # type: ignore[no-untyped-def]
        part = SHELL.extract(source, resolver, lenient)
        return Extraction(self._counted(part.requests), comments=part.comments, notes=part.notes)

    def _counted(self, requests):  # type: ignore[no-untyped-def]
        for found in requests:
            gc.collect()
            self.alive.append(_alive(Finding))
            yield found
        gc.collect()
        self.alive.append(_alive(Finding))


def _call(i: int) -> str:
    # Each call has findings: `amd64` (fixable), gp3 with 100 Iops.
    return (
        f'aws ec2 register-image --name "build-{i}" --architecture amd64 \\\n'
        "  --virtualization-type hvm --root-device-name /dev/xvda \\\n"
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={VolumeType=gp3,Iops=100}"\n'
    )


def test_the_findings_of_checked_requests_are_not_kept() -> None:
    gc.collect()
    before = _alive(Finding)
    front = _Counting()
    source = Source.from_text("#!/bin/bash\n" + "".join(_call(i) for i in range(80)), "many.sh")
    linter = Linter()
    diagnostics, _ = linter._check(front.extract(source, linter.files))
    assert len(diagnostics) >= 2 * 80
    # At most the findings of a call or two, however many calls were checked
    # (it was every finding of every call before).
    assert max(front.alive) - before < 20
    del diagnostics


# --- `file://` index: here-documents decoded when read -------------------------


def _heredocs(count: int) -> str:
    return "#!/bin/bash\n" + "".join(
        f"cat > req-{i}.json <<EOF\n"
        f'{{"Name": "build-{i}", "RootDeviceName": "/dev/xvda", "Architecture": "amd64"}}\n'
        "EOF\n"
        f"aws ec2 register-image --cli-input-json file://req-{i}.json\n"
        for i in range(count)
    )


def _writes(text: str) -> tuple[written.Writes, object, WordDecoder]:
    source = Source.from_text(text, "w.sh")
    script = parse_script(source)
    decoder = WordDecoder(source, script.offsets)
    return written.Writes(script.tree.root_node, decoder, Ancestry()), script, decoder


def _node_lists() -> int:
    """Lists of tree-sitter nodes alive (a node's children, kept on it once asked for)."""
    return sum(1 for o in gc.get_objects() if type(o) is list and o and type(o[0]) is tree_sitter.Node)


def test_the_index_of_written_files_decodes_no_here_document() -> None:
    gc.collect()
    words, lists = _alive(ShellWord), _node_lists()
    writes, script, _ = _writes(_heredocs(200))
    writes._index()
    gc.collect()
    # No decoded text, no list of child nodes (tree-sitter's nodes themselves
    # are not tracked by the collector: they cannot be counted so).
    assert _alive(ShellWord) - words == 0
    assert _node_lists() - lists == 0
    # Each text kept undecoded (`_hows`: how it is made), as its place in the script.
    assert sum(1 for how in writes._hows if how) == 200
    assert all(text is None for text, how in zip(writes._texts, writes._hows, strict=True) if how)
    del writes, script


def _calls_of(root: object) -> list[object]:
    out: list[object] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "command" and b"register-image" in (node.text or b""):  # type: ignore[attr-defined]
            out.append(node)
        stack.extend(reversed(node.children))  # type: ignore[attr-defined]
    return out


def test_here_documents_decoded_when_read_are_those_decoded_up_front() -> None:
    # Every written text of every script of the corpus (and of here-documents
    # with tabs, escapes and expansions), read through `lookup`, is what the
    # index decoded up front (`_content` with the same node).
    extra = (
        '#!/bin/bash\ncat > a.json <<-EOF\n\t{"Name": "x\\$y \\\\ `id` $(date)"}\n\tEOF\n'
        "aws ec2 register-image --cli-input-json file://a.json\n"
        "printf '%s\\n' '{\"Name\": \"p\"}' > b.json\n"
        "aws ec2 register-image --cli-input-json file://b.json\n"
        'echo \'{"Name": "e"}\' > c.json\n'
        "aws ec2 register-image --cli-input-json file://c.json\n"
        "aws ec2 register-image --cli-input-json file://c.json\n"
    )
    texts = [extra, _heredocs(5)]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in _inputs() if p.suffix == ".sh"]
    checked = 0
    for text in texts:
        writes, script, decoder = _writes(text)
        writes._index()
        assert writes._by_path is not None
        # Each here-document's text read from its node, by where its text starts.
        heredocs = {}
        for node, _ in preorder(script.tree.root_node):  # type: ignore[attr-defined]
            if node.type == "heredoc_redirect":
                text_of = written.heredoc_text(node, decoder)
                if text_of is not None:
                    heredocs[text_of.span.start] = text_of
        eager = {}
        for writer, how in enumerate(writes._hows):
            kept = writes._texts[writer]
            if how >= written._PLAIN:
                eager[writer] = heredocs[writes._regions[2 * writer]]
            elif how:
                eager[writer] = written._content(kept, written._HOWS[how], decoder, None)
        for call in _calls_of(script.tree.root_node):  # type: ignore[attr-defined]
            for path, found in writes._by_path.items():
                got = writes.lookup(call, path)
                if isinstance(got, written.Written):
                    writers = [found] if isinstance(found, int) else found
                    writer = next(w for w in writers if writes._span(w) == got.at)
                    if writer in eager:
                        assert got.content == eager[writer]
                        checked += 1
    assert checked >= 8


# --- Markdown: a script block is parsed when the engine comes to it ------------


def _runbook(sections: int, directive_at: int | None = None) -> str:
    out = ["# Runbook\n\n<!-- ami-lint: disable=AMI104 -->\nNot a block.\n\n"]
    for i in range(sections):
        directive = "# ami-lint: disable=AMI210\n" if i == directive_at else ""
        out.append(
            f"## Step {i}\n\nSave this as `req-{i}.json`:\n\n```json\n"
            f'{{"Name": "doc-{i}", "Architecture": "amd64"}}\n```\n\n'
            f"```sh\n{directive}{_call(i)}aws ec2 register-image --cli-input-json file://req-{i}.json\n```\n\n"
            "```console\n$ aws ec2 register-image --name x --architecture amd64\n{}\n```\n\n"
            f"<!-- ami-lint: disable=AMI006 -->\n- [ ] tag build {i}\n\n"
        )
    return "".join(out)


def _markdown(
    text: str, later: bool, monkeypatch
) -> tuple[list[tuple[object, ...]], list[object], list[int]]:  # type: ignore[no-untyped-def]
    from ami_lint.frontends import markdown

    monkeypatch.setattr(markdown, "LATER", later)
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    source = Source.from_text(text, "RUNBOOK.md")
    extraction = markdown.MARKDOWN.extract(source, linter.files)
    trees: list[int] = []

    def counted(requests):  # type: ignore[no-untyped-def]
        for found in requests:
            gc.collect()
            # What holds a script's tree until its last call is taken.
            trees.append(_alive(_Taker))
            yield found

    extraction.requests = counted(extraction.requests)
    diagnostics, _ = linter._check(extraction, markdown.MARKDOWN.vocabulary)
    comments = [(c.span, c.own_line, c.scopes) for c in extraction.comments]
    return [_shown(d) for d in diagnostics], comments, trees


def test_script_blocks_read_later_give_what_all_read_at_once_give(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for text in (_runbook(12), _runbook(12, directive_at=7), _runbook(1, directive_at=0)):
        now = _markdown(text, True, monkeypatch)
        before = _markdown(text, False, monkeypatch)
        assert now[:2] == before[:2]
        assert now[0]


def test_a_runbook_holds_the_tree_of_one_script_block_at_a_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gc.collect()
    before = _alive(_Taker)
    _, _, trees = _markdown(_runbook(40), True, monkeypatch)
    assert max(trees) - before <= 2
    _, _, trees = _markdown(_runbook(40), False, monkeypatch)
    assert max(trees) - before >= 40  # every block's, read at once


# --- Markdown: markdown-it's tokens parsed a piece at a time ---------------------

_LINES = [
    "```sh\n", "```\n", "~~~\n", "````\n", "    code\n", "  ```json\n", "> quote\n", "> ```\n", "- item\n",
    "1. item\n", "2) item\n", "  indented\n", "   \t\n", "\n", "\n", "\n", "text `x.json`\n", "<!-- c\n",
    "-->\n", "<div>\n", "<script>\n", "</script>\n", "<?php\n", "[ref]: /url\n", "  'title'\n", "===\n",
    "---\n", "# h\n", "\tcode\n", "x\r\n", "y\r", "\0\n", "* star\n", "+ plus\n", "  - nested\n", "aws\n",
]  # fmt: skip


def _token(t) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    return (t.type, t.tag, t.nesting, t.map, t.level, t.content, t.info, t.markup, t.block, t.hidden, t.attrs)


def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=40), st.integers(1, 4))
def test_tokens_parsed_in_pieces_are_those_of_the_whole_text(lines: list[str], size: int) -> None:
    from ami_lint.frontends.markdown import parsed_in_pieces

    text = "".join(lines)
    parser = _parser()
    whole = [_token(t) for t in parser.parse(text)]
    assert [_token(t) for t in parsed_in_pieces(parser, text, size)] == whole


def test_the_runbook_is_parsed_in_pieces_as_a_whole() -> None:
    from ami_lint.frontends.markdown import parsed_in_pieces

    text = _runbook(200) + "```sh\nnot closed\n\nplain\n" + _runbook(3)
    parser = _parser()
    whole = [_token(t) for t in parser.parse(text)]
    for size in (1, 5, 64):
        assert [_token(t) for t in parsed_in_pieces(parser, text, size)] == whole


def test_a_long_runbook_is_parsed_with_a_piece_of_its_tokens_at_a_time() -> None:
    import tracemalloc

    from ami_lint.frontends.markdown import parsed_in_pieces

    text = _runbook(400)
    parser = _parser()
    parser.parse(text[:1000])  # the parser's own first use
    peaks = []
    for whole in (True, False):
        tracemalloc.start()
        try:
            if whole:
                count = len(parser.parse(text))
            else:
                assert sum(1 for _ in parsed_in_pieces(parser, text, 64)) == count
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] < peaks[0] / 4


# --- the text held once as read, once as `str` -----------------------------------


def test_a_script_is_parsed_from_the_bytes_read(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ami_lint import source as source_module
    from ami_lint.shell import calls
    from ami_lint.shell.words import Offsets

    given: list[bytes] = []
    real = calls.parse_script

    def parse(source, keep=False):  # type: ignore[no-untyped-def]
        script = real(source, keep)
        given.append(script.offsets.data)
        return script

    monkeypatch.setattr(calls, "parse_script", parse)
    linter = Linter()
    for data in (
        b"#!/bin/bash\naws ec2 register-image --name caf\xc3\xa9 --architecture amd64\n",
        b"\xef\xbb\xbf#!/bin/bash\naws ec2 register-image --name web\n",  # a byte order mark
        b"#!/bin/bash\n# \xff\naws ec2 register-image --name web\n",  # a bad byte, replaced
    ):
        given.clear()
        report = Report()
        linter.lint_data(report, data, "r.sh")
        assert report.diagnostics
        (parsed,) = given
        text = Source.from_text(data.decode("utf-8", "replace"), "r.sh").text
        assert parsed == Offsets(text).data
        # The very bytes read when they are the text's (no copy), else a copy.
        assert (parsed is data) == (not data.startswith(b"\xef") and b"\xff" not in data)
        assert source_module._UTF8 == {}  # nothing held once the file is read


def test_a_message_said_many_times_is_held_once() -> None:
    linter = Linter()
    report = Report()
    text = "#!/bin/bash\n" + "".join(_call(i) for i in range(70))
    linter.lint_data(report, text.encode(), "many.sh")
    messages = [d.message for d in report.diagnostics if d.rule == "AMI210"]
    assert len(messages) == 70
    assert len({id(m) for m in messages}) == 1
