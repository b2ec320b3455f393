"""Shell scripts as input: each `aws ec2 register-image` call becomes a request.

`calls` finds the invocations, `words` decodes their words, `cmdline` reads
them as the CLI's argparse does; here the options become a request whose
every node points at the script, and the request goes through the rules.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.shell.calls import CallFiles, Invocation, find_invocations
from ami_lint.shell.cmdline import (
    CLI_INPUT_OPTIONS,
    FLAG,
    SKELETON,
    CommandLine,
    read_command_line,
    unknown_option_findings,
)
from ami_lint.shell.words import LiteralPart, Part, ShellWord
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.cliargs import Word
    from ami_lint.engine import Linter
    from ami_lint.readers import ReadResult

PARAMFILE_PREFIXES = ("file://", "fileb://")
UNREADABLE = rule_ids.UNREADABLE_PARAMETER_FILE
UNRESOLVED = rule_ids.UNRESOLVED_VALUE


def lint_shell(linter: Linter, source: Source) -> tuple[list[Finding], list[str]] | None:
    """Findings for every register-image call of a script, and notes about
    what was not checked; None when the script has no call."""
    invocations = find_invocations(source)
    if not invocations:
        return None
    with _out_of_collection(len(invocations)):
        return _lint_invocations(linter, source, invocations)


# From this many calls on, a script's calls are kept out of the collector.
MANY_CALLS = 256


@contextlib.contextmanager
def _out_of_collection(calls: int) -> Iterator[None]:
    """The words of every call live until the call is checked. With thousands
    of calls, each full collection walks them all again: a tenth of the time
    of a 20,000-call script, and more the longer the script. Frozen, the
    collector leaves them alone; reference counting still frees each call
    once checked. Not when something is frozen already (a `--jobs` worker):
    unfreezing would let that go too."""
    if calls < MANY_CALLS or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _lint_invocations(
    linter: Linter, source: Source, invocations: list[Invocation]
) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    notes: list[str] = []
    # Each call is let go once checked, rather than all kept to the end.
    invocations.reverse()
    while invocations:
        invocation = invocations.pop()
        line = read_command_line(invocation)
        skeleton = next((use for use in line.options if use.spec.kind == SKELETON), None)
        if skeleton is not None:
            # The CLI prints a template and sends nothing: not a request.
            at = source.position(skeleton.name_span.start)
            start = source.position(invocation.span.start)
            notes.append(
                f"`--generate-cli-skeleton` at {at.line}:{at.column} makes the call at "
                f"{start.line}:{start.column} print a template, not send a request: not checked"
            )
            continue
        root, found, open_ended, document = _build_request(line)
        found.extend(unknown_option_findings(line))
        found.extend(_unresolved_findings(line))
        request = Request(root, open_ended or line.has_splice, line, document)
        if invocation.syntax_error is not None:
            # The shell cannot run this command as written: keep what stands
            # before its last word, which the error may have cut off.
            cut = min(invocation.syntax_error, _last_word_start(invocation))
            request = Request(root, True, line, document)
            found = [f for f in found if f.source is not source or f.span.end <= cut]
            at = source.position(invocation.syntax_error)
            start = source.position(invocation.span.start)
            notes.append(
                f"shell syntax error at {at.line}:{at.column} cuts the call at "
                f"{start.line}:{start.column}: checked up to its last word"
            )
            found.extend(
                f for f in linter.check_request(request) if f.source is not source or f.span.end <= cut
            )
        else:
            found.extend(linter.check_request(request))
        if invocation.borrowed:  # nothing at a wrapper function's definition
            from ami_lint.shell.aws_wrappers import drop_borrowed

            found = drop_borrowed(found, invocation)
        findings.extend(found)
    return findings, notes


def _only(word: ShellWord) -> bool:
    """Whether a word is its one unknown part and nothing else (`"$X"`)."""
    return all(not isinstance(p, LiteralPart) or not p.text for p in word.parts)


def _last_word_start(invocation: Invocation) -> int:
    words = [w for w in invocation.words if invocation.span.start <= w.span.start <= invocation.span.end]
    return words[-1].span.start if words else invocation.span.end


def _unresolved_findings(line: CommandLine) -> list[Finding]:
    """AMI005 for each part of a value, or each word where options go, that
    only the running script knows (a `file://` path is reported when read)."""
    findings = []
    for use in line.options:
        for word in use.values:
            if word.known_prefix.startswith(PARAMFILE_PREFIXES):
                continue
            if use.spec.name in CLI_INPUT_OPTIONS:
                word = _with_outputs(word, line.invocation.files)
            unknowns = word.unknowns
            whole = len(unknowns) == 1 and _only(word)
            for part in unknowns:
                raw = word.source.slice(part.span)
                what = "the value" if whole else "this part of the value"
                findings.append(
                    Finding(
                        UNRESOLVED,
                        word.source,
                        part.span,
                        f"`{raw}` is only known when the script runs: {what} of `{use.written}` "
                        "was not checked",
                        "Write the value out, or assign it a literal earlier in the script, "
                        "to have it checked",
                    )
                )
    for word in line.splices:
        for part in word.unknowns:
            raw = word.source.slice(part.span)
            findings.append(
                Finding(
                    UNRESOLVED,
                    word.source,
                    part.span,
                    f"`{raw}` may stand for any options when the script runs: they were not checked, "
                    "and no option is reported missing from this command",
                    "Write the options out, or keep them in an array assigned earlier in the script",
                )
            )
    return findings


def build_request(line: CommandLine) -> tuple[Mapping, list[Finding]]:
    """The request a command line sends, and the findings about its values."""
    root, findings, _, _ = _build_request(line)
    return root, findings


def _build_request(line: CommandLine) -> tuple[Mapping, list[Finding], bool, Mapping | None]:
    """The request a command line sends, the findings about its values,
    whether a `--cli-input-*` document that could not be read may supply more,
    and that document as read.

    The last use of an option wins, as in argparse. A value with an unknown
    part is parsed with the unknown parts left out. A `file://` value is read
    from its file (`ami_lint.paramfile`), with positions in that file. The
    `--cli-input-json`/`--cli-input-yaml` document comes first, and each
    option of the command line replaces its top-level key whole, as the CLI
    merges them.
    """
    invocation: Invocation = line.invocation
    source = invocation.source
    findings: list[Finding] = []
    entries: list[Entry] = []
    for member, use in line.last_uses().items():
        key = Scalar(source, use.name_span, member)
        value: Node | None
        if use.spec.kind == FLAG:
            value = Scalar(source, use.name_span, use.spec.flag_value)
        elif use.missing_value:
            value = Unknown(source, Span(use.name_span.end, use.name_span.end), "missing")
        else:
            value, found = _value(member, use.values, invocation.files)
            findings.extend(found)
            if use.open_list and isinstance(value, Sequence):
                # A splice after its items (`$extra`) may add more: not all are known.
                end = Span(value.span.end, value.span.end)
                value = Sequence(value.source, value.span, (*value.items, Unknown(source, end, "splice")))
        if value is not None:
            entries.append(Entry(key, value))
    document, found, open_ended = _cli_input(line)
    findings.extend(found)
    if document is not None:
        given = {entry.name for entry in entries}
        entries = [entry for entry in document.entries if entry.name not in given] + entries
    return Mapping(source, invocation.span, tuple(entries)), findings, open_ended, document


def _cli_input(line: CommandLine) -> tuple[Mapping | None, list[Finding], bool]:
    """The `--cli-input-*` document (the last one given), its findings, and
    True when there is one that could not be read (it may hold any key)."""
    use = next((u for u in reversed(line.options) if u.spec.name in CLI_INPUT_OPTIONS), None)
    if use is None or use.missing_value or len(use.values) != 1:
        return None, [], use is not None
    shell_word = use.values[0]
    if not shell_word.known_prefix.startswith(PARAMFILE_PREFIXES):
        # Inline, or from a variable: the word's text, positions in the script.
        return _inline_document(use.spec.name, _with_outputs(shell_word, line.invocation.files))
    got, findings = _param_file_word(shell_word, line.invocation.files)
    if got is None:
        return None, findings, True
    if isinstance(got, ShellWord):  # a file the script wrote itself
        document, found, failed = _inline_document(use.spec.name, got)
        return document, findings + found, failed
    # A file: read as it is (a BOM included), positions already in it.
    result = _read_document(use.spec.name, got.source)
    findings.extend(result.findings)
    documents = [d for d in result.documents if isinstance(d, Mapping)]
    if result.failed or len(documents) != 1:
        return None, findings, True
    return documents[0], findings, False


def _inline_document(option: str, word: ShellWord) -> tuple[Mapping | None, list[Finding], bool]:
    """A `--cli-input-*` document held in the script: a word, a variable's
    value or a here-document. Unknown parts (`${NAME}`) are placeholders
    whose values are unknown; what they make unreliable is not reported."""
    from ami_lint.cliargs import PLACEHOLDER, mark_unknown
    from ami_lint.nodes import relocate

    json = option == "--cli-input-json"
    known = word.to_word()
    placed = known if known is not None else word.with_placeholders(json=json)[0]
    unreliable = [] if known is not None else _unreliable(word, json)
    result = _read_document(option, Source(placed.text, word.source.path))
    mapper = placed.mapper
    findings = [
        Finding(f.rule, word.source, span, f.message, f.hint)
        for f in result.findings
        for span in (mapper.span(f.span.start, f.span.end),)
        if not _within(span, unreliable)
    ]
    documents = [d for d in result.documents if isinstance(d, Mapping)]
    if result.failed or len(documents) != 1:
        return None, findings, True
    document = relocate(documents[0], word.source, mapper)
    if known is None:
        assert isinstance(document, Mapping)
        # A key that is unknown may be any member: the document may hold
        # anything more, but what it holds under known keys is still checked.
        keys = tuple(e for e in document.entries if PLACEHOLDER not in e.name)
        open_ended = len(keys) < len(document.entries)
        marked = mark_unknown(Mapping(document.source, document.span, keys))
        if marked is None:  # a key deeper down is unknown
            return None, findings, True
        assert isinstance(marked, Mapping)
        return marked, findings, open_ended
    assert isinstance(document, Mapping)
    return document, findings, False


def _with_outputs(word: ShellWord, files: CallFiles | None) -> ShellWord:
    """The word with each quoted `$(cat <<EOF … EOF)` in it replaced by the
    here-document it outputs."""
    from ami_lint.shell.words import UnknownPart

    if files is None or not any(p.kind == "substitution" and p.quoted for p in word.unknowns):
        return word
    parts: list[Part] = []
    for part in word.parts:
        output = files.output_of(part.span) if isinstance(part, UnknownPart) and part.quoted else None
        parts.extend(output.parts if output is not None else (part,))
    return ShellWord(word.source, word.span, tuple(parts), word.resolved)


def _unreliable(word: ShellWord, json: bool) -> list[tuple[int, int]]:
    """Where a syntax error may be the doing of an unknown part's value: from
    the first unknown part on, except that in JSON an unknown part inside a
    string (`"${NAME}"`) leaves the syntax around it as written."""
    from ami_lint.shell.words import UnknownPart, _json_string_state

    in_string = False
    for part in word.parts:
        if isinstance(part, UnknownPart):
            if not (json and in_string):
                return [(part.span.start, word.span.end)]
        elif json:
            in_string = _json_string_state(part.text, in_string)
    return []


def _within(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(lo < span.end and span.start <= hi for lo, hi in regions)


def _read_document(option: str, source: Source) -> ReadResult:
    if option == "--cli-input-json":
        from ami_lint.readers.json_reader import read_json

        return read_json(source)
    from ami_lint.readers.yaml_reader import read_yaml

    return read_yaml(source)


def _param_file_word(
    word: ShellWord, files: CallFiles | None = None
) -> tuple[Word | ShellWord | None, list[Finding]]:
    """The word the CLI receives for a `file://` word: the text the script
    wrote to that file itself (a `ShellWord` placed in the script), else the
    file's text, each character placed in that file. None (with AMI004 or
    AMI005) when it cannot be read, and for `fileb://`, which is never read."""
    from ami_lint.cliargs import Word
    from ami_lint.offsets import OffsetMap
    from ami_lint.paramfile import BINARY_PREFIX, FILE_PREFIX, is_unresolved, load_reference

    if word.known_prefix.startswith(BINARY_PREFIX):
        return None, []
    text = word.text
    if text is None:
        shown = word.source.slice(word.unknowns[0].span)
        message = f"Value comes from `{shown}` and was not checked"
        hint = "Run the linter on the generated file, or write the value inline"
        return None, [Finding(UNRESOLVED, word.source, word.span, message, hint)]
    path = text[len(FILE_PREFIX) :]
    if files is not None and path and not is_unresolved(path):
        from ami_lint.shell.written import Unsure

        written = files.lookup(path)
        if isinstance(written, Unsure):
            at = word.source.position(written.at.start)
            message = (
                f"`{text}` is written by the script (at {at.line}:{at.column}) in a way that was not "
                "followed (conditional, appended, by another program, or after this call): not checked"
            )
            hint = (
                "Write the file (`cat > FILE <<EOF`) before the call, in the same block, to have it checked"
            )
            return None, [Finding(UNRESOLVED, word.source, word.span, message, hint)]
        if written is not None:
            return written.content, []
    file_source, findings = load_reference(text, word.source, word.span)
    if file_source is None:
        return None, findings
    # A leading BOM is not part of the text (nor counted in positions).
    return Word(file_source.text, file_source, OffsetMap.linear(0, len(file_source.text))), []


def _value(
    member: str, words: tuple[ShellWord, ...], files: CallFiles | None = None
) -> tuple[Node, list[Finding]]:
    from ami_lint.cliargs import decode_value

    first = words[0]
    span = first.span.through(words[-1].span)
    if len(words) == 1 and first.known_prefix.startswith(PARAMFILE_PREFIXES):
        # The CLI follows a reference only when it is the option's one word.
        got, findings = _param_file_word(first, files)
        if got is None:
            return Unknown(first.source, span, "file"), findings
        if isinstance(got, ShellWord):  # a file the script wrote itself
            word = got.to_word()
            if word is None:
                partly, found = _partly_known(member, (got,), span, got.unknowns[0].kind)
                return partly, findings + found
        else:
            word = got
        decoded, found = decode_value(member, [word])
        findings.extend(found)
        if decoded is None:
            return Unknown(first.source, span, "invalid"), findings
        return decoded, findings
    if any(w.known_prefix.startswith(PARAMFILE_PREFIXES) for w in words):
        return Unknown(first.source, span, "file"), []
    unknown = next((w.unknowns[0] for w in words if not w.is_known), None)
    if unknown is not None:
        return _partly_known(member, words, span, unknown.kind)
    argv = [w.to_word() for w in words]
    node, findings = decode_value(member, [w for w in argv if w is not None])
    if node is None:
        return Unknown(first.source, span, "invalid"), findings
    return node, findings


def _partly_known(
    member: str, words: tuple[ShellWord, ...], span: Span, kind: str
) -> tuple[Node, list[Finding]]:
    """A value with `$VAR` or `$(...)` inside: its known parts are still parsed
    and checked, and whatever depends on the unknown parts stays silent."""
    from ami_lint.cliargs import decode_value, mark_unknown

    first = words[0]
    is_json = first.known_prefix.strip().startswith(("[", "{"))
    argv = []
    # Where a syntax error may be the unknown text's doing, not the script's.
    unreliable: list[tuple[int, int]] = []
    for word in words:
        placed, _ = word.with_placeholders(json=is_json)
        argv.append(placed)
        unreliable.extend(_unreliable(word, is_json))
    node, findings = decode_value(member, argv)
    kept = [f for f in findings if not _within(f.span, unreliable)]
    marked = mark_unknown(node) if node is not None else None
    if marked is None:
        return Unknown(first.source, span, kind), kept
    return marked, kept
