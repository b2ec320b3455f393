"""The request a shell command line sends: its options become a request whose
every node points at the script (or at the file a `file://` value reads)."""

from __future__ import annotations

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.nodes import Entry, Mapping, Node, Sequence, Unknown, entry_of, scalar_of
from ami_lint.shell.cmdline import (
    CLI_INPUT_OPTIONS,
    FLAG,
    CommandLine,
)
from ami_lint.shell.commands import CallFiles, Invocation
from ami_lint.shell.words import LiteralPart, Part, ShellWord
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from ami_lint.cliargs import Word
    from ami_lint.frontend import Resolver
    from ami_lint.readers import ReadResult

PARAMFILE_PREFIXES = ("file://", "fileb://")
UNREADABLE = rule_ids.UNREADABLE_PARAMETER_FILE
UNRESOLVED = rule_ids.UNRESOLVED_VALUE


def _only(word: ShellWord) -> bool:
    """Whether a word is its one unknown part and nothing else (`"$X"`)."""
    return all(not isinstance(p, LiteralPart) or not p.text for p in word.parts)


def last_word_start(invocation: Invocation) -> int:
    words = [w for w in invocation.words if invocation.span.start <= w.span.start <= invocation.span.end]
    return words[-1].span.start if words else invocation.span.end


def unresolved_findings(line: CommandLine) -> list[Finding]:
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


def build_request(line: CommandLine, resolver: Resolver) -> tuple[Mapping, list[Finding]]:
    """The request a command line sends, and the findings about its values."""
    root, findings, _, _ = build_request_from(line, resolver)
    return root, findings


def build_request_from(
    line: CommandLine, resolver: Resolver
) -> tuple[Mapping, list[Finding], bool, Mapping | None]:
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
        key = scalar_of(source, use.name_span, member)
        value: Node | None
        if use.spec.kind == FLAG:
            value = scalar_of(source, use.name_span, use.spec.flag_value)
        elif use.missing_value:
            value = Unknown(source, Span(use.name_span.end, use.name_span.end), "missing")
        else:
            value, found = _value(member, use.values, resolver, invocation.files)
            findings.extend(found)
            if use.open_list and isinstance(value, Sequence):
                # A splice after its items (`$extra`) may add more: not all are known.
                end = Span(value.span.end, value.span.end)
                value = Sequence(value.source, value.span, (*value.items, Unknown(source, end, "splice")))
        if value is not None:
            entries.append(entry_of(key, value))
    document, found, open_ended = _cli_input(line, resolver)
    findings.extend(found)
    if document is not None:
        given = {entry.name for entry in entries}
        entries = [entry for entry in document.entries if entry.name not in given] + entries
    return Mapping(source, invocation.span, tuple(entries)), findings, open_ended, document


def _cli_input(line: CommandLine, resolver: Resolver) -> tuple[Mapping | None, list[Finding], bool]:
    """The `--cli-input-*` document (the last one given), its findings, and
    True when there is one that could not be read (it may hold any key)."""
    use = None
    for u in reversed(line.options):  # a loop: no generator made for every call
        if u.spec.name in CLI_INPUT_OPTIONS:
            use = u
            break
    if use is None or use.missing_value or len(use.values) != 1:
        return None, [], use is not None
    shell_word = use.values[0]
    if not shell_word.known_prefix.startswith(PARAMFILE_PREFIXES):
        # Inline, or from a variable: the word's text, positions in the script.
        return _inline_document(use.spec.name, _with_outputs(shell_word, line.invocation.files))
    got, findings = _param_file_word(shell_word, resolver, line.invocation.files)
    if got is None:
        return None, findings, True
    if isinstance(got, ShellWord):  # a file the script wrote itself
        document, found, failed = _inline_document(use.spec.name, got)
        return document, findings + found, failed
    # A file: read as it is (a BOM included), positions already in it.
    result = _read_file_document(use.spec.name, got.source)
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
    from ami_lint.shell.words import UnknownPart, json_string_state

    in_string = False
    for part in word.parts:
        if isinstance(part, UnknownPart):
            if not (json and in_string):
                return [(part.span.start, word.span.end)]
        elif json:
            in_string = json_string_state(part.text, in_string)
    return []


def _within(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(lo < span.end and span.start <= hi for lo, hi in regions)


# The documents of the files read through `--cli-input-*` (the run's resolver
# gives the same `Source` for the same file): calls that read one file share
# its parse, which rules never change. The source is kept with its document,
# so that its id is not reused; past `KEEP_DOCUMENTS`, the oldest goes.
_FILE_DOCUMENTS: dict[tuple[int, str], tuple[Source, ReadResult]] = {}
KEEP_DOCUMENTS = 256


def _read_file_document(option: str, source: Source) -> ReadResult:
    key = (id(source), option)
    kept = _FILE_DOCUMENTS.get(key)
    if kept is not None and kept[0] is source:
        return kept[1]
    result = _read_document(option, source)
    if len(_FILE_DOCUMENTS) >= KEEP_DOCUMENTS:
        _FILE_DOCUMENTS.pop(next(iter(_FILE_DOCUMENTS)))
    _FILE_DOCUMENTS[key] = (source, result)
    return result


def _read_document(option: str, source: Source) -> ReadResult:
    if option == "--cli-input-json":
        from ami_lint.readers.json_reader import read_json

        return read_json(source)
    from ami_lint.readers.yaml_reader import read_yaml

    return read_yaml(source)


def _param_file_word(
    word: ShellWord, resolver: Resolver, files: CallFiles | None = None
) -> tuple[Word | ShellWord | None, list[Finding]]:
    """The word the CLI receives for a `file://` word: the text the script
    wrote to that file itself (a `ShellWord` placed in the script), else the
    file's text, each character placed in that file. None (with AMI004 or
    AMI005) when it cannot be read, and for `fileb://`, which is never read."""
    from ami_lint.cliargs import Word
    from ami_lint.filerefs import BINARY_PREFIX, FILE_PREFIX, is_unresolved
    from ami_lint.offsets import OffsetMap

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
            at = word.source.host_position(written.at.start)
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
    file_source, findings = resolver.load(text, word.source, word.span)
    if file_source is None:
        return None, findings
    # A leading BOM is not part of the text (nor counted in positions).
    return Word(file_source.text, file_source, OffsetMap.linear(0, len(file_source.text))), []


def _value(
    member: str, words: tuple[ShellWord, ...], resolver: Resolver, files: CallFiles | None = None
) -> tuple[Node, list[Finding]]:
    from ami_lint.cliargs import decode_value

    first = words[0]
    span = first.span.through(words[-1].span)
    # Each word asked once whether it starts `file://` (most values: a word
    # or a few), by loops: no comprehension or generator made for each value.
    from_file = False
    unknown = None
    for w in words:
        if w.known_prefix.startswith(PARAMFILE_PREFIXES):
            from_file = True
        if unknown is None and not w.is_known:
            unknown = w.unknowns[0]
    if len(words) == 1 and from_file:
        # The CLI follows a reference only when it is the option's one word.
        got, findings = _param_file_word(first, resolver, files)
        if got is None:
            return Unknown(first.source, span, "file"), findings
        if isinstance(got, ShellWord):  # a file the script wrote itself
            word = got.to_word()
            if word is None:
                partly, found = _partly_known(member, (got,), span, got.unknowns[0].kind, resolver)
                return partly, findings + found
        else:
            word = got
        decoded, found = decode_value(member, [word], resolver)
        findings.extend(found)
        if decoded is None:
            return Unknown(first.source, span, "invalid"), findings
        return decoded, findings
    if from_file:
        return Unknown(first.source, span, "file"), []
    if unknown is not None:
        return _partly_known(member, words, span, unknown.kind, resolver)
    argv = []
    for w in words:
        known = w.to_word()
        if known is not None:
            argv.append(known)
    node, findings = decode_value(member, argv, resolver)
    if node is None:
        return Unknown(first.source, span, "invalid"), findings
    return node, findings


def _partly_known(
    member: str, words: tuple[ShellWord, ...], span: Span, kind: str, resolver: Resolver
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
    node, findings = decode_value(member, argv, resolver)
    kept = [f for f in findings if not _within(f.span, unreliable)]
    marked = mark_unknown(node) if node is not None else None
    if marked is None:
        return Unknown(first.source, span, kind), kept
    return marked, kept
