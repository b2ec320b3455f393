"""Markdown documents: the commands and requests shown in fenced code blocks.

A runbook or README is parsed by markdown-it-py (CommonMark, with the lines
each block was written on). A code block is a shell script when its info
string names a shell (`sh`, `bash`, `console`, …), or has none and the
block holds an `aws … register-image` line; a `json`/`yaml` block is a CLI
skeleton when it holds a request; a `python`/`py` block is a Python program
(its boto3 `register_image` calls), a `go` block a Go program when it holds an
`ec2.RegisterImageInput{…}` (`ami_lint.frontends.golang`). Each block becomes an embedded `Source`
whose offsets map back to where each character was written: the `> ` of a
blockquote, a list item's indentation and a fence's own indentation are left
out of the piece but every character of it points into the document.

In a terminal session (`console`, `shell-session`, `terminal`, or a block
whose lines start with a `$ ` prompt) only the prompt lines and their `\\`
continuation lines are commands (the prompt left out); the other lines are
output. Values a document leaves for its reader (`<snapshot-id>`,
`YOUR_BUCKET`, `...`) are unknowns (`ami_lint.frontends.placeholders`), and
a `file://x.json` that is not there is the reader's file, not a mistake: the
`json` block of the same document named `x.json` (in its info string or in
the sentence before it) is read in its place.

Suppressions are HTML comments: `<!-- ami-lint: disable=AMI311 -->` on its
own line covers the next block, `disable-file=` anywhere the file; `#
ami-lint:` comments in a script block work as in a script.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ami_lint.frontend import (
    SKIPPED,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Resolver,
    lifted,
    line_span,
    mentions,
)
from ami_lint.frontends.documents import JSON, YAML
from ami_lint.frontends.golang import GO
from ami_lint.frontends.hcl_fence import HCL_FENCE
from ami_lint.frontends.hcl_fence import MARKERS as HCL_MARKERS
from ami_lint.frontends.javascript import JAVASCRIPT_PIECES, NEEDLES, TSX_PIECES, TYPESCRIPT_PIECES
from ami_lint.frontends.python import PYTHON
from ami_lint.frontends.shell import SHELL
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.diagnostics import Finding

SKIP_NO_BLOCK = SKIPPED + "no aws ec2 register-image call in a code block"
# Script blocks after the first block that holds requests are read when the
# engine comes to them (`MarkdownFrontEnd.extract`); False: all at once.
LATER = True

# Info strings of shell blocks, and of terminal sessions (prompts and output).
SHELLS = frozenset({"sh", "bash", "shell", "zsh", "ksh", "console", "shell-session", "terminal"})
SESSIONS = frozenset({"console", "shell-session", "shellsession", "sh-session", "terminal"})
# Other languages a block may hold, and the front end that reads them (HCL:
# Terraform, or Packer, by what the block holds: `ami_lint.frontends.hcl_fence`).
DOCUMENTS: dict[str, FrontEnd] = {
    "json": JSON,
    "yaml": YAML,
    "yml": YAML,
    "hcl": HCL_FENCE,
    "terraform": HCL_FENCE,
    "tf": HCL_FENCE,
}
# Program text calling the AWS SDK: read when the document names `RegisterImage`,
# `registerImage`, `register_image` or `RegisterImageInput`.
PROGRAMS: dict[str, FrontEnd] = {
    **dict.fromkeys(("js", "javascript", "jsx", "mjs", "cjs", "node"), JAVASCRIPT_PIECES),
    **dict.fromkeys(("ts", "typescript", "mts", "cts"), TYPESCRIPT_PIECES),
    "tsx": TSX_PIECES,
    "python": PYTHON,
    "py": PYTHON,
    "go": GO,
    "golang": GO,
}
SDK_NEEDLES = (*NEEDLES, "register_image")

# A file name in a block's info string or the sentence before it.
# Patterns (compiled, and cached by `re`, when a document is read: not at start-up).
_FILE_NAME = r"[\w.\-/]*\w\.(?:json|ya?ml)\b"
_AWS = r"\baws\b"
_FILE_URL = r"file://([^\s'\"]+)"
_HTML_COMMENT = r"(?s)<!--(.*?)-->"
_PROMPT = r"\$ |\$$"
_ROOT_PROMPT = r"# |#$"


class Block:
    """One code block: its language, the file it is named as, and its lines."""

    __slots__ = ("content", "first", "lang", "name")

    def __init__(self, token: Any, lang: str, name: str | None) -> None:
        # Not the token: the document's tokens are let go before the blocks are read.
        self.content: str = token.content
        self.lang = lang
        self.name = name
        # 0-based line of the document where the first line of the content stands.
        self.first = token.map[0] + (1 if token.type == "fence" else 0)

    @property
    def lines(self) -> list[str]:
        content = self.content
        return content.split("\n")[: content.count("\n")]


class MarkdownFrontEnd(FrontEnd):
    name = "markdown"
    kind = "Markdown"
    suffixes = (".md", ".markdown", ".mdx")
    needles = tuple(needle.encode() for needle in ("register-image", *SDK_NEEDLES, *HCL_MARKERS))
    no_needle = SKIP_NO_BLOCK
    replaces_bad_bytes = True

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        cli = mentions(text, "register-image")
        sdk = any(mentions(text, needle) for needle in SDK_NEEDLES)
        if not cli and not sdk and not any(marker in text for marker in HCL_MARKERS):
            return Extraction(skipped=SKIP_NO_BLOCK)
        from markdown_it import MarkdownIt

        # Blocks only: the inline content of paragraphs (emphasis, links) is
        # not parsed, a third of the time of a long document.
        parser = MarkdownIt("commonmark").disable(["inline", "text_join"])
        if SUPPRESSION_MARKER in text:
            # A directive's scope is the block after it, wherever that is:
            # the whole document's tokens at once.
            tokens = parser.parse(text)
            comments = _comments(source, tokens)
            blocks = _blocks(tokens)
            # The tokens of a long document weigh more than the trees of its
            # blocks: let go before any block is parsed.
            del tokens
        else:
            comments = []
            blocks = _blocks(parsed_in_pieces(parser, text))
        named: dict[str, Source] = {}
        pieces: list[tuple[Block, Source, list[tuple[int, int]]]] = []
        for block in blocks:
            shell = _is_shell(block)
            if block.lang in PROGRAMS:
                if not sdk:
                    continue
            elif not shell and block.lang not in DOCUMENTS:
                continue
            elif not cli and shell:
                continue  # a page of SDK calls, `aws_ami` or Packer templates only: no command here
            piece, spans = _piece(source, block, shell)
            if piece is None:
                continue
            pieces.append((block, piece, spans))
            if not shell and block.name is not None:
                named.setdefault(block.name.rsplit("/", 1)[-1], piece)
        referenced = {
            match.group(1).rsplit("/", 1)[-1]
            for block, piece, _ in pieces
            if _is_shell(block)
            for match in re.compile(_FILE_URL).finditer(piece.text)
        }
        doc_resolver = DocumentResolver(resolver, named)
        whole = Extraction(comments=comments)
        parts: list[tuple[Extraction | None, Source, list[tuple[int, int]]]] = []
        # The comments of each part, in the document's order (`_Later`).
        lifted_comments: list[list[Comment]] = [list(comments)]
        live = False  # whether a part before holds requests
        for block, piece, spans in pieces:
            if _is_shell(block):
                if live and LATER:
                    # Once a part holds requests, the document is not skipped
                    # whatever the blocks after it hold: each later script is
                    # parsed when the engine comes to it, and its tree let go
                    # with its last call, rather than the trees of every block
                    # held at once (issue 20). A script's extraction has no
                    # findings of its own, only its requests' (`SHELL.extract`).
                    parts.append((None, piece, spans))
                    lifted_comments.append([])
                    continue
                part = SHELL.extract(piece, doc_resolver, lenient)
            elif block.name is not None and block.name.rsplit("/", 1)[-1] in referenced:
                continue  # read as the file a command names
            else:
                front = PROGRAMS.get(block.lang) or DOCUMENTS[block.lang]
                part = front.extract(piece, doc_resolver, False)
                if part.skipped is not None:
                    continue
                if block.name is None and not part.requests:
                    # A part of a document shown (`"BlockDeviceMappings": […]`),
                    # not a file the reader saves: its syntax is not a mistake.
                    continue
            lifted_comments.append(lifted(part.comments, piece))
            whole.comments += lifted_comments[-1]
            whole.findings += [f for f in part.findings if not _on_placeholder(f, piece, spans)]
            parts.append((part, piece, spans))
            live = live or part.skipped is None
        if not live:
            whole.skipped = SKIP_NO_BLOCK
            for each, _, _ in parts:
                if each is not None:  # (none is left for later in a skipped document)
                    whole.notes += each.notes
            return whole
        later = _Later(SHELL, doc_resolver, lenient, whole.comments, lifted_comments)
        whole.requests = _requests(parts, whole.notes, later)
        return whole


MARKDOWN = MarkdownFrontEnd()


class DocumentResolver(Resolver):
    """`file://` in a document: a `json`/`yaml` block of the same document
    named as the file is read in its place; a file that cannot be read is the
    reader's, and says nothing (the document shows the command)."""

    def __init__(self, resolver: Resolver, named: dict[str, Source]) -> None:
        self.resolver = resolver
        self.named = named

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        path = text[len("file://") :]
        block = self.named.get(path.rsplit("/", 1)[-1])
        if block is not None:
            return block, []
        got, _ = self.resolver.load(text, source, span)
        return got, []


class _Later:
    """How a script block left for later (`MarkdownFrontEnd.extract`) is
    extracted when its requests are asked for, and where its comments go:
    the document's list of comments is made again, in the document's order,
    when a later block has comments (the engine reads them once every
    request is consumed)."""

    def __init__(
        self,
        front: FrontEnd,
        resolver: Resolver,
        lenient: bool,
        comments: list[Comment],
        lifted_comments: list[list[Comment]],
    ) -> None:
        self.front, self.resolver, self.lenient = front, resolver, lenient
        self.comments, self.lifted_comments = comments, lifted_comments

    def extract(self, index: int, piece: Source) -> Extraction:
        """The extraction of the script of the `index`th part."""
        part = self.front.extract(piece, self.resolver, self.lenient)
        if part.comments:
            self.lifted_comments[index + 1] = lifted(part.comments, piece)
            self.comments[:] = [c for each in self.lifted_comments for c in each]
        return part


def _requests(
    parts: list[tuple[Extraction | None, Source, list[tuple[int, int]]]], notes: list[str], later: _Later
) -> Iterator[Found]:
    """Each block's requests in turn, placeholders unknown and what was said
    about them left out; notes once each block's requests are consumed. A
    part left for later (None) is extracted when its turn comes."""
    from ami_lint.cliargs import mark_unknown
    from ami_lint.nodes import Mapping
    from ami_lint.records import replace

    for index, (part, piece, spans) in enumerate(parts):
        if part is None:
            part = later.extract(index, piece)
        for found in part.requests:
            request = found.request
            # A placeholder of a shell word is an unknown part already; in a
            # document (a skeleton block, or a block a command read) it is a string.
            root = mark_unknown(request.root) if request.command is None or found.reads else None
            if isinstance(root, Mapping):
                cli_input = request.cli_input
                if cli_input is not None:
                    marked = mark_unknown(cli_input)
                    cli_input = marked if isinstance(marked, Mapping) else None
                found.request = replace(request, root=root, cli_input=cli_input)
            if spans:
                found.findings = [f for f in found.findings if not _on_placeholder(f, piece, spans)]
            yield found
        notes += part.notes


def _on_placeholder(finding: Finding, piece: Source, spans: list[tuple[int, int]]) -> bool:
    """A finding about a placeholder (that its value is unknown)."""
    if finding.source is not piece:
        return False
    start, end = finding.span.start, finding.span.end
    # `spans` are in order and apart: the one that starts last at or before `start`.
    at = bisect_right(spans, (start, len(piece.text) + 1)) - 1
    return at >= 0 and spans[at][0] <= start and end <= spans[at][1]


# Lines of a document markdown-it parses at once, at least (`parsed_in_pieces`).
PIECE_LINES = 1024
# What a line may start with that goes on with a block before it (indented
# content, a blockquote, a list item), or makes it blank.
_GOES_ON = frozenset(" \t\n>-+*0123456789")


def parsed_in_pieces(parser: Any, text: str, lines: int = PIECE_LINES) -> Iterator[Any]:
    """markdown-it's block tokens of `text` (`parser`: inline rules off), each
    `map` in lines of the whole text, parsed a piece of at least `lines` lines
    at a time: the tokens of a whole long document weigh 15 times its text
    (issue 20).

    A piece ends where a blank line is followed by a line that can go on
    with nothing before it: not indented, not `>`, not a list marker. There
    a paragraph, a blockquote, a list (the next line is neither indented
    under an item nor an item), an indented code block, a link reference
    definition and an HTML block of kinds 6 and 7 have ended, in the whole
    text as in the piece, and no later line changes how an earlier one reads
    (nothing inline is parsed). A fenced code block or an HTML block of
    kinds 1-5 runs on until its end: when one in the piece runs to the
    piece's last line, the piece is parsed again, twice as long."""
    if "\r" in text:  # markdown-it's own line breaks
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    end_of_text = len(text)
    start, first_line, size = 0, 0, lines
    while start < end_of_text:
        end = _piece_end(text, start, size)
        piece = text[start:end]
        tokens = parser.parse(piece)
        count = piece.count("\n")
        if end < end_of_text and any(
            t.map is not None and t.map[1] >= count and t.type in ("fence", "html_block") for t in tokens
        ):
            size *= 2  # a block runs on past the piece
            continue
        for token in tokens:
            if token.map is not None and first_line:
                token.map = [token.map[0] + first_line, token.map[1] + first_line]
            yield token
        del tokens
        start, first_line, size = end, first_line + count, lines


def _piece_end(text: str, start: int, lines: int) -> int:
    """Where a piece of `text` from `start` may end: past `lines` lines, at
    the start of a line that goes on with nothing before it after a blank
    line (`parsed_in_pieces`); the end of the text when there is none."""
    end = len(text)
    at = start
    for _ in range(lines):
        at = text.find("\n", at) + 1
        if at <= 0:
            return end
    line = at  # the start of the line after the `lines` lines
    before = text.rfind("\n", start, line - 1)
    previous = before + 1 if before >= 0 else start
    while line < end:
        blank = not text[previous : line - 1].strip(" \t")
        if blank and text[line] not in _GOES_ON:
            return line
        previous = line
        line = text.find("\n", line) + 1
        if line <= 0:
            return end
    return end


def _blocks(tokens: Iterable[Any]) -> list[Block]:
    blocks = []
    last_inline: Any = None
    for token in tokens:
        if token.type == "inline":
            last_inline = token
        elif token.type in ("fence", "code_block") and token.map is not None:
            info = token.info.strip() if token.type == "fence" else ""
            lang, name = _info(info)
            if name is None and last_inline is not None and last_inline.map[1] >= token.map[0] - 1:
                # "Save this as `mapping.json`:" just before the block.
                names = re.compile(_FILE_NAME).findall(last_inline.content)
                name = names[-1] if names else None
            blocks.append(Block(token, lang, name))
            last_inline = None
    return blocks


def _info(info: str) -> tuple[str, str | None]:
    """The language of an info string (`bash`, `{.bash}`, `json title="x.json"`)
    and the file name it gives."""
    words = info.replace("{", " ").replace("}", " ").split()
    lang = words[0].lstrip(".").lower() if words else ""
    if ":" in lang:  # ```json:mapping.json
        lang, _, rest = lang.partition(":")
        words[1:1] = [rest]
    names = re.compile(_FILE_NAME).findall(" ".join(words[1:]))
    return lang, (names[0] if names else None)


def _is_shell(block: Block) -> bool:
    if block.lang in SHELLS:
        return True
    if block.lang:
        return False
    content = block.content
    return mentions(content, "register-image") and re.compile(_AWS).search(content) is not None


def _piece(source: Source, block: Block, shell: bool) -> tuple[Source | None, list[tuple[int, int]]]:
    """The block's text as its front end reads it, mapped to the document,
    and the spans of the placeholders put in it."""
    from ami_lint.frontends.placeholders import copy
    from ami_lint.offsets import OffsetMap

    text = source.text
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    lines = block.lines
    first_line = block.first + 1
    target = OffsetMap(anchor=source.offset_of_line(min(first_line, source.line_count())))
    prompt, root_prompt = re.compile(_PROMPT), re.compile(_ROOT_PROMPT)
    session = shell and (block.lang in SESSIONS or any(prompt.match(line) for line in lines))
    root_prompts = block.lang in SESSIONS
    continued = False
    for index, line in enumerate(lines):
        number = first_line + index
        if number > source.line_count():
            break
        start, end = source.line_bounds(number)
        # The content is the line as written, less what markdown-it took off
        # its start (`> `, indentation); a tab it split is a few spaces.
        common = _common_suffix(line, text, start, end)
        skip = 0
        if session:
            if continued:
                skip = 2 if line.startswith("> ") else 0
            elif prompt.match(line) or (root_prompts and root_prompt.match(line)):
                # A `# ami-lint:` directive is a comment, not a root prompt.
                directive = SUPPRESSION_MARKER in line and line.startswith("#")
                skip = 0 if directive else min(2, len(line))
            else:
                continue  # output
            continued = line.endswith("\\")
        head = len(line) - common
        if skip < head:
            target.add_atom(max(start, end - common - 1), min(1, end - start), head - skip)
            out.append(line[skip:head])
        literal_from = end - common + max(0, skip - head)
        spans += copy(text, literal_from, end - literal_from, out, target, shell)
        brk = source.offset_of_line(number + 1) - end if number < source.line_count() else 0
        target.add_atom(end, brk, 1)
        out.append("\n")
    piece_text = "".join(out)
    if not piece_text.strip():
        return None, []
    # A fence copies its text as written: nothing in it is escaped (fixes, `ami_lint.edits`).
    return Source.embedded(piece_text, source, target, escapes=""), spans


def _common_suffix(line: str, text: str, start: int, end: int) -> int:
    n = min(len(line), end - start)
    if text.endswith(line[len(line) - n :] if n else "", start, end):
        return n
    k = 0
    while k < n and line[len(line) - 1 - k] == text[end - 1 - k]:
        k += 1
    return k


def _comments(source: Source, tokens: list[Any]) -> list[Comment]:
    """The HTML comments that hold `ami-lint:`, with what a `disable=` in
    each covers: on its own line, the next block; after text, its line."""
    text = source.text
    found: list[Comment] = []
    # For each token, the next block after it that is not an HTML block.
    following: list[Any] = [None] * len(tokens)
    after: Any = None
    for index in range(len(tokens) - 1, -1, -1):
        following[index] = after
        token = tokens[index]
        if token.map is not None and token.nesting >= 0 and token.type not in ("inline", "html_block"):
            after = token
    for index, token in enumerate(tokens):
        if token.map is None or token.type not in ("html_block", "inline"):
            continue
        if SUPPRESSION_MARKER not in token.content or "<!--" not in token.content:
            continue
        first, last = token.map[0] + 1, token.map[1]
        start = source.offset_of_line(first)
        end = source.line_bounds(last)[1] if last <= source.line_count() else len(text)
        for match in re.compile(_HTML_COMMENT).finditer(text, start, end):
            inner = match.group(1)
            at = inner.find(SUPPRESSION_MARKER)
            if at < 0:
                continue
            a = match.start(1) + at
            b = match.start(1) + len(inner.rstrip())
            span = Span(a, max(a, b))
            line = source.position(match.start()).line
            line_start = source.offset_of_line(line)
            if token.type == "inline" and text.count("`", line_start, match.start()) % 2:
                continue  # shown in a code span (`<!-- ami-lint: … -->`), not a comment
            own = token.type == "html_block" and not text[line_start : match.start()].strip()
            if own:
                after = following[index]
                if after is None:
                    scopes: tuple[Span, ...] = (line_span(source, line, line),)
                else:
                    scopes = (line_span(source, after.map[0] + 1, max(after.map[0] + 1, after.map[1])),)
            else:
                scopes = (line_span(source, line, line),)
            found.append(Comment(span, own, scopes))
    return found
