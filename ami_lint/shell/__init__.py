"""Shell scripts as input: each `aws ec2 register-image` call becomes a request.

`calls` finds the invocations, `words` decodes their words, `cmdline` reads
them as the CLI's argparse does; here the options become a request whose
every node points at the script, and the request goes through the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ami_lint.diagnostics import Finding
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Unknown
from ami_lint.shell.calls import Invocation, find_invocations
from ami_lint.shell.cmdline import FLAG, CommandLine, read_command_line
from ami_lint.shell.words import ShellWord
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.engine import Linter

PARAMFILE_PREFIXES = ("file://", "fileb://")


def lint_shell(linter: Linter, source: Source) -> list[Finding] | None:
    """Findings for every register-image call of a script; None when it has none."""
    invocations = find_invocations(source)
    if not invocations:
        return None
    findings: list[Finding] = []
    for invocation in invocations:
        line = read_command_line(invocation)
        root, found = build_request(line)
        findings.extend(found)
        findings.extend(linter.check_request(Request(root, open_ended=line.has_splice, command=line)))
    return findings


def build_request(line: CommandLine) -> tuple[Mapping, list[Finding]]:
    """The request a command line sends, and the syntax errors of its values.

    The last use of an option wins, as in argparse. A value with an unknown
    part is `Unknown` (a partly known value is not parsed yet), and so is a
    `file://` value, which is not followed yet.
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
            value, found = _value(member, use.values)
            findings.extend(found)
        if value is not None:
            entries.append(Entry(key, value))
    return Mapping(source, invocation.span, tuple(entries)), findings


def _value(member: str, words: tuple[ShellWord, ...]) -> tuple[Node, list[Finding]]:
    from ami_lint.cliargs import decode_value

    first = words[0]
    span = Span(first.span.start, words[-1].span.end)
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
    # Where each word's first unknown part starts in the file: a syntax error at
    # or after it may be the unknown text's doing, not the script's.
    unreliable: list[tuple[int, int]] = []
    for word in words:
        placed, _ = word.with_placeholders(json=is_json)
        argv.append(placed)
        if not word.is_known:
            unreliable.append((word.unknowns[0].span.start, word.span.end))
    node, findings = decode_value(member, argv)
    kept = [f for f in findings if not any(lo < f.span.end and f.span.start <= hi for lo, hi in unreliable)]
    marked = mark_unknown(node) if node is not None else None
    if marked is None:
        return Unknown(first.source, span, kind), kept
    return marked, kept
