r"""## What it does
Reports an unquoted `$VAR`, `${VAR}` or `$(…)` where the shell's word
splitting or globbing changes what the request says: in a free-text member
(`--name`, `--description`, `--uefi-data`, `--image-location`, and the `Key`
and `Value` of a tag, in shorthand or JSON as in
`--tag-specifications ResourceType=image,Tags=[{Key=Name,Value=$NAME}]`),
and, in any value, a variable assigned earlier in the script a value with
blanks. It is reported once per word, over its unquoted expansions.

## Why is this bad?
The shell splits the result of an unquoted expansion at blanks and expands
glob characters in it. An image name or description with a space becomes
two words: the value is cut at the space and the rest is an unknown option
to the CLI (`Unknown options: image`), or a tag value is cut short and the
shorthand no longer parses. A `*` or `?` in the text may turn into file
names, and an empty variable removes the value altogether, so the option
takes the next option as its value.

A variable assigned earlier in the script is split as bash splits it, and
the words it becomes are checked where the value was written:
`DESC='Web server'` … `--description $DESC` gives `Description` `Web` and a
stray word `server` (AMI410). When its value has blanks, the split certainly
changes the request, in any member: a JSON mapping with blanks in
`ROOT='{"DeviceName": …}'` … `--block-device-mappings $ROOT` is cut into
pieces that no longer parse.

Not reported, on purpose, so that every finding is one to fix:

- a variable assigned earlier in the script whose value has no blank and no
  glob character (`REGION=us-west-2` … `--region=$REGION`,
  `NAME=web-2024` … `--name $NAME`): splitting leaves it whole, and the
  value is checked where it was written;
- a value only known when the script runs in an identifier, enum or number
  member (`--region $REGION`, `--architecture $ARCH`,
  `--root-device-name $ROOT`, `SnapshotId=$SNAP`, `VolumeSize=$SIZE`):
  such values hold no blank, so quoting them is shell hygiene rather than a
  change of the request, which
  [ShellCheck's SC2086](https://www.shellcheck.net/wiki/SC2086) already reports;
- an expansion standing where options go (`$extra_flags`, `${args[@]}`):
  splitting it into several words is the point.

The hint quotes the whole word in double quotes, as brace-expansion's
(AMI401) does for the same word: one quoting fixes both.

## Example
```sh
aws ec2 register-image --name "web-$(date +%F)" --description $DESCRIPTION \
    --root-device-name /dev/xvda
```

## Use instead
```sh
aws ec2 register-image --name "web-$(date +%F)" --description "$DESCRIPTION" \
    --root-device-name /dev/xvda
```

## References
- [ShellCheck SC2086](https://www.shellcheck.net/wiki/SC2086)
- [Bash manual: Word Splitting](https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request
from ami_lint.nodes import Mapping, Node, Sequence
from ami_lint.rule import Context, Rule
from ami_lint.shell.quoting import quoting_hint
from ami_lint.shell.words import ShellWord, part_start
from ami_lint.source import Source, Span

# Top-level members whose value is text a person writes, where a blank is
# ordinary: every other member is an identifier, an enum value or a number.
FREE_TEXT_MEMBERS = ("Name", "Description", "UefiData", "ImageLocation")
# In each tag of `TagSpecifications[].Tags[]`.
FREE_TEXT_TAG_MEMBERS = ("Key", "Value")


class UnquotedExpansion(Rule):
    id = "AMI407"
    name = "unquoted-expansion"
    summary = "An unquoted `$VAR` or `$(…)` in a free-text value is split into words and globbed"
    severity = Severity.WARNING
    references = (
        "https://www.shellcheck.net/wiki/SC2086",
        "https://www.gnu.org/software/bash/manual/html_node/Word-Splitting.html",
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        line = request.command
        if line is None:
            return
        source = line.invocation.source
        spans = [node.span for node in _free_text_nodes(request) if node.source is source]
        # Each written word once: a split value makes several words of one.
        groups: dict[Span, dict[Span, bool]] = {}
        for use in line.options:
            for word in use.values:
                for written, expansion, known in _splitting_expansions(word, spans):
                    groups.setdefault(written, {})[expansion] = known
        for written, expansions in groups.items():
            yield _finding(self.id, source, written, expansions)


def _free_text_nodes(request: Request) -> Iterator[Node]:
    for member in FREE_TEXT_MEMBERS:
        node = request.get(member)
        if node is not None:
            yield node
    specifications = request.get("TagSpecifications")
    if not isinstance(specifications, Sequence):
        return
    for specification in specifications.items:
        tags = specification.get("Tags") if isinstance(specification, Mapping) else None
        if not isinstance(tags, Sequence):
            continue
        for tag in tags.items:
            if not isinstance(tag, Mapping):
                continue
            for member in FREE_TEXT_TAG_MEMBERS:
                node = tag.get(member)
                if node is not None:
                    yield node


def _splitting_expansions(word: ShellWord, spans: list[Span]) -> Iterator[tuple[Span, Span, bool]]:
    """(the word as written, the expansion, whether its value is known) for
    each unquoted expansion in an option's value word that splitting or
    globbing changes: an unknown value that lands in free text (`spans`), or
    a known value the shell splits into several words, wherever it stands in
    a value (`--block-device-mappings $MAPPING` with a blank in the JSON)."""
    written = word.resolved[0].written if word.resolved else word.span
    raw_text = word.source.text
    for part in word.unknowns:
        # `~`, `$((…))` and `<(…)` give one word; a glob written as such is not an expansion.
        if part.quoted or not part.splice or part.kind == "glob":
            continue
        if not raw_text.startswith(("$", "`"), part.span.start):
            continue
        if _lands(part.span.start, spans):
            yield written, part.span, False
    starts = {part_start(p) for p in word.parts}
    for resolved in word.resolved:
        # Its first word is this value (not options it supplies, `$flags`).
        if resolved.split and resolved.probe in starts:
            yield resolved.written, resolved.via.span, True


def _lands(offset: int, spans: list[Span]) -> bool:
    return any(span.start <= offset < span.end for span in spans)


def _finding(rule: str, source: Source, written: Span, expansions: dict[Span, bool]) -> Finding:
    """One finding for a written word, over its unquoted expansions."""
    ordered = sorted(expansions, key=lambda s: s.start)
    span = ordered[0].through(ordered[-1])
    raw = source.slice(span)
    if all(expansions.values()):
        message = f"`{raw}` is not quoted: the shell splits its value at its blanks"
    else:
        message = f"`{raw}` is not quoted: its value is split into words and globbed"
    # The same quoting as brace-expansion's for this word: one fixes both.
    return Finding(rule, source, span, message, quoting_hint(source.slice(written)))


RULE = UnquotedExpansion()
