"""Shell scripts: each `aws ec2 register-image` call is a request.

The script is parsed once by tree-sitter-bash (`ami_lint.shell.calls`); its
calls and its comments are read from that tree. Each call's words become a
command line as the CLI's argparse reads it (`ami_lint.shell.cmdline`), and
the command line the request it sends (`ami_lint.shell.requests`), every
node placed in the script or in the file a `file://` value reads.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

from ami_lint.frontend import (
    NOT_CHECKED,
    SKIP_NO_CALL,
    SKIP_NO_CALL_FOUND,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Recording,
    Resolver,
    chained,
    mentions,
)
from ami_lint.shell.shebang import is_shell_shebang
from ami_lint.source import Source

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from ami_lint.shell.calls import Calls
    from ami_lint.shell.cmdline import CommandLine
    from ami_lint.shell.embedded import Piece
    from ami_lint.shell.words import ShellWord

# The escapes of a `$'…'` string that may write a letter.
_ANSI_C_CHARACTERS = (b"\\x", b"\\u", b"\\U", *(b"\\%d" % digit for digit in range(8)))
_MARKER = SUPPRESSION_MARKER.encode()
_NEEDLE = b"register-image"
# How many command strings deep (`bash -c "ssh h 'sh -c …'"`) calls are looked for.
MAX_DEPTH = 4
# From this many calls on, a script's calls are kept out of the collector.
MANY_CALLS = 256


class ShellFrontEnd(FrontEnd):
    name = "shell"
    kind = "shell"
    suffixes = (".sh", ".bash", ".zsh", ".ksh")
    # A stray byte in a comment does not hide the calls.
    replaces_bad_bytes = True

    def claims_head(self, head: bytes) -> bool:
        return is_shell_shebang(head)

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        from ami_lint.shell.calls import LAZY_CALLS, parse_script, scan

        script = parse_script(source)
        comments = []
        if SUPPRESSION_MARKER in source.text:
            from ami_lint.shell.comments import script_comments

            comments = script_comments(script)
        pieces: list[Piece] = []
        # A piece of a host (a Markdown fence) is one of many: each keeps its calls as numbers.
        calls = scan(
            source, script, pieces if _depth(source) < MAX_DEPTH else None, 0 if source.host else LAZY_CALLS
        )
        # Past here the tree is held by `calls` alone, until its last call is taken.
        del script
        inner = _nested(pieces, source, resolver, lenient, comments) if pieces else []
        if not calls and not inner:
            # Named but not recognised: the one line a user can report the pattern from.
            skipped = SKIP_NO_CALL_FOUND if mentions(source.text, "register-image") else SKIP_NO_CALL
            return Extraction(comments=comments, skipped=skipped)
        notes: list[str] = []
        requests = _requests(source, calls, resolver, notes)
        if inner:
            requests = chained(inner, notes, requests)
        return Extraction(requests, comments=comments, notes=notes)

    def skip_unread(self, data: bytes, exact: bool = True) -> str | None:
        """No call is recognised where `register-image` is not written: whole,
        or split by quotes, backslashes or line continuations
        (`regis"ter-image"`), or with an ANSI-C escape (`$'\\x72egister-image'`)
        anywhere in the script (`deregister-image` is not it: `mentions`).
        Nor is a directive without `ami-lint:`."""
        # `bytes.find`, not `in`: on 3.11, `in` formats a TypeError first (issue 20).
        if (data.find(_NEEDLE) >= 0 and mentions(data, _NEEDLE)) or data.find(_MARKER) >= 0:
            return None
        if data.find(b"$'") >= 0 and any(data.find(escape) >= 0 for escape in _ANSI_C_CHARACTERS):
            return None
        # Written in pieces (`regis"ter-image"`, `register-\` and a new line):
        # the pieces joined, each `deregister-image` written whole left out.
        if data.find(b"deregister-image") >= 0:
            data = data.replace(b"deregister-image", b"")
        if data.translate(None, b"\"'\\$\r\n").find(_NEEDLE) >= 0:
            return None
        return SKIP_NO_CALL

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        if mentions(data, _NEEDLE):
            return Extraction(skipped=NOT_CHECKED + f"larger than {limit} bytes (`--max-file-size`)")
        return super().too_large(data, name, limit, lenient)


SHELL = ShellFrontEnd()


def _requests(source: Source, calls: Calls, resolver: Resolver, notes: list[str]) -> Iterator[Found]:
    """The request of each call, built as the engine asks for it; each call is
    let go once checked, rather than all kept to the end (and, in a script of
    many calls, its words decoded only then: `ami_lint.shell.calls.Calls`)."""
    from ami_lint.model import Request
    from ami_lint.shell.cmdline import SKELETON, read_command_line, unknown_option_findings
    from ami_lint.shell.requests import build_request_from, last_word_start, unresolved_findings

    collection = _out_of_collection(len(calls))
    with collection:
        for invocation in calls.take():
            collection.step()
            line = read_command_line(invocation)
            skeleton = None
            for use in line.options:  # a loop: no generator made for every call
                if use.spec.kind == SKELETON:
                    skeleton = use
                    break
            if skeleton is not None:
                # The CLI prints a template and sends nothing: not a request.
                at = source.host_position(skeleton.name_span.start)
                start = source.host_position(invocation.span.start)
                notes.append(
                    f"`--generate-cli-skeleton` at {at.line}:{at.column} makes the call at "
                    f"{start.line}:{start.column} print a template, not send a request: not checked"
                )
                continue
            reads = Recording(resolver)
            root, found, open_ended, document = build_request_from(line, reads)
            found.extend(unknown_option_findings(line))
            found.extend(unresolved_findings(line))
            cut = None
            if invocation.syntax_error is not None:
                # The shell cannot run this command as written: keep what stands
                # before its last word, which the error may have cut off.
                cut = min(invocation.syntax_error, last_word_start(invocation))
                open_ended = True
                at = source.host_position(invocation.syntax_error)
                start = source.host_position(invocation.span.start)
                notes.append(
                    f"shell syntax error at {at.line}:{at.column} cuts the call at "
                    f"{start.line}:{start.column}: checked up to its last word"
                )
            request = Request(root, open_ended or line.has_splice, line, document, _endpoint(line))
            # Nothing is reported at a wrapper function's definition.
            yield Found(request, found, cut=cut, quiet=invocation.borrowed, reads=tuple(reads.paths))


def _depth(source: Source) -> int:
    """How many `bash -c`/`ssh` command strings deep `source` is."""
    depth = 0
    while source.host is not None and source.path == source.host.path and depth <= MAX_DEPTH:
        depth += 1
        source = source.host
    return depth


# What a `bash -c '…'` string's outer word may read otherwise than as itself.
NESTED_ESCAPES = " \t'\"\\$`!{}[]*?~#;&|<>()"


def _nested(
    pieces: list[Piece], source: Source, resolver: Resolver, lenient: bool, comments: list[Comment]
) -> list[Extraction]:
    """The extractions of the command strings of `bash -c '…'`/`ssh host '…'`
    (`ami_lint.shell.nested`), their comments added to `comments`."""
    out = []
    for piece in pieces:
        # The outer word may be quoted either way, or not at all: a fix is
        # written back only when it holds none of the characters any of
        # those would read otherwise (a rename, a value in another case,
        # a removal).
        part = lint_piece(piece, source, resolver, lenient, escapes=NESTED_ESCAPES)
        comments.extend(part.comments)
        if part.skipped is None:
            out.append(part)
    return out


def lint_piece(
    piece: Piece, host: Source, resolver: Resolver, lenient: bool, escapes: str | None = None
) -> Extraction:
    """The extraction of shell text put together by another program (a
    Makefile recipe, a `bash -c` string: `ami_lint.shell.embedded`), embedded
    in `host`: its comments placed in `host`, its findings given back the
    text its markers stand for. `escapes`: the characters the host writes
    otherwise than as themselves (`Source.escapes`); None, and no fix is
    written back through it."""
    from ami_lint.shell.embedded import unmarked

    body = Source.embedded(piece.text, host, piece.map, escapes=escapes)
    part = SHELL.extract(body, resolver, lenient)
    # One level up, into `host`: a host that is itself embedded (a `bash -c`
    # in a Makefile recipe) lifts them on in turn.
    part.comments = [
        Comment(
            piece.map.span(c.span.start, c.span.end),
            c.own_line,
            tuple(piece.map.span(s.start, s.end) for s in c.scopes),
        )
        for c in part.comments
    ]
    if piece.markers:
        part.requests = unmarked(part.requests, piece.markers)
    return part


class _out_of_collection:
    """The words of every call live until the call is checked. With thousands
    of calls, each full collection walks them all again: a tenth of the time
    of a 20,000-call script, and more the longer the script. Frozen, the
    collector leaves them alone; reference counting still frees each call
    once checked. Not when something is frozen already (a `--jobs` worker):
    unfreezing would let that go too.

    Every `MANY_CALLS` calls taken (`step`), a full collection, and what it
    left frozen too, so each sees only the calls since the last: CPython
    gives back its free lists then, up to 2,000 tuples of each size that the
    checks' findings would otherwise be kept beside (a script of 2,460
    here-documents: 0.35 MB less at its peak, 0.3 ms a collection)."""

    __slots__ = ("_frozen", "_steps")

    def __init__(self, calls: int) -> None:
        self._frozen = calls >= MANY_CALLS and not gc.get_freeze_count()
        self._steps = 0

    def step(self) -> None:
        """One more call taken."""
        if self._frozen:
            self._steps += 1
            if self._steps == MANY_CALLS:
                self._steps = 0
                gc.collect()
                gc.freeze()

    def __enter__(self) -> None:
        if self._frozen:
            gc.freeze()

    def __exit__(self, *exc: object) -> None:
        if self._frozen:
            gc.unfreeze()


def _endpoint(line: CommandLine) -> str | None:
    """The `--endpoint-url` a call is sent to, when it is written out (the last
    one given, before the operation or after its options); None otherwise."""
    from ami_lint.shell.commands import global_option

    found: str | None = None
    for option in line.invocation.global_options:
        if option.name == "--endpoint-url":
            found = _option_value(option.word, option.value)
    after = line.globals_after
    for i, word in enumerate(after):
        if word.text is not None and global_option(word.text) == "--endpoint-url":
            found = _option_value(word, after[i + 1] if "=" not in word.text and i + 1 < len(after) else None)
    return found


def _option_value(word: ShellWord, value: ShellWord | None) -> str | None:
    """The value of `--option=value` or of `--option value`, when known."""
    if word.text is not None and "=" in word.text:
        return word.text.split("=", 1)[1]
    return value.text if value is not None else None
