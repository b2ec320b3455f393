"""Findings that only follow from a misspelt key.

A misspelt key (`BlockDeviceMapping`, `RootDeviceNmae`, `--architechture`)
is AMI101 with the key it probably meant. The request then also lacks the
member that key was written for, and every rule about that member being
absent would fire as well (no boot source, `i386` by default, …): noise
that goes away with the one fix. Rather than teaching each rule about
misspellings, the request is checked a second time as it was probably meant
(each misspelt key read under its suggested name), and a finding of the
request as written that the corrected request does not give is a knock-on of
the misspelling: it is left out. The AMI101 findings themselves stay.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, PathItem, Scalar, Sequence, Unknown
from ami_lint.records import Record, record, replace

if TYPE_CHECKING:
    from ami_lint.shell.cmdline import CommandLine

# The rule of a misspelling itself: never a knock-on of another one.
CAUSE = rule_ids.UNKNOWN_PARAMETER


@record(frozen=True)
class Meant(metaclass=Record):
    """A key of the object at `path` that probably meant `new`'s name:
    `old` is the misspelt entry, None for an unknown command-line option
    (its value is not read: `new` holds an unknown value)."""

    path: tuple[PathItem, ...]
    old: Entry | None
    new: Entry


def meant_key(path: Iterable[PathItem], entry: Entry, name: str) -> Meant:
    """The misspelt `entry` of the object at `path`, read as `name`."""
    key = Scalar(entry.key.source, entry.key.span, name)
    return Meant(tuple(path), entry, Entry(key, entry.value))


def meant_options(line: CommandLine) -> list[Meant]:
    """Each unknown `--option` of a command line with a close real option."""
    from ami_lint.shell.cmdline import guessed_option, option_table

    meant = []
    for stray in line.strays:
        if stray.reason != "unknown-option":
            continue
        guess = guessed_option(stray)
        spec = option_table().get(guess) if guess else None
        if spec is None or spec.member is None:
            continue
        word = stray.word
        key = Scalar(word.source, word.span, spec.member)
        meant.append(Meant((), None, Entry(key, Unknown(word.source, word.span, "misspelt option"))))
    return meant


def corrected(request: Request, meant: list[Meant]) -> Request:
    """The request with each misspelt key read as the key it probably meant
    (not when the object already has that key: then the misspelling adds nothing).

    Each object or list on the way to a misspelling is rebuilt once, whatever
    the number of misspellings: linear in what it holds, not once per key."""
    by_path: dict[tuple[PathItem, ...], list[Meant]] = {}
    steps: dict[tuple[PathItem, ...], set[PathItem]] = {}
    for item in meant:
        by_path.setdefault(item.path, []).append(item)
        for k in range(len(item.path)):
            steps.setdefault(item.path[:k], set()).add(item.path[k])
    root = _rebuilt(request.root, (), by_path, steps)
    assert isinstance(root, Mapping)
    return replace(request, root=root)


def without_knock_ons(findings: list[Finding], corrected_findings: list[Finding]) -> list[Finding]:
    """`findings` less those whose rule the corrected request does not break
    at the same place. Not compared by message: `EnaSupport` on an image whose
    `VirtualisationType` says `paravirtual` is an error both ways, though
    the message of the request as written says the type is defaulted."""
    kept = {_key(f) for f in corrected_findings}
    return [f for f in findings if f.rule == CAUSE or _key(f) in kept]


def _key(f: Finding) -> Hashable:
    return (f.rule, f.source.path, f.span)


def _rebuilt(
    node: Node,
    path: tuple[PathItem, ...],
    by_path: dict[tuple[PathItem, ...], list[Meant]],
    steps: dict[tuple[PathItem, ...], set[PathItem]],
) -> Node:
    # Recursive, but only along the paths of misspellings, which the schema
    # bounds (at most `BlockDeviceMappings[i].Ebs`, four steps).
    below = steps.get(path, set())
    if isinstance(node, Mapping):
        entries = [
            Entry(e.key, _rebuilt(e.value, (*path, e.name), by_path, steps)) if e.name in below else e
            for e in node.entries
        ]
        if path in by_path:
            entries = _renamed(node, entries, by_path[path])
        return Mapping(node.source, node.span, tuple(entries))
    if isinstance(node, Sequence) and below:
        items = tuple(
            _rebuilt(item, (*path, i), by_path, steps) if i in below else item
            for i, item in enumerate(node.items)
        )
        return Sequence(node.source, node.span, items)
    return node


def _renamed(mapping: Mapping, entries: list[Entry], meant: list[Meant]) -> list[Entry]:
    taken = set(mapping.keys())
    new: dict[int, Entry] = {}
    added = []
    for item in meant:
        if item.new.name in taken:
            continue
        taken.add(item.new.name)
        if item.old is None:
            added.append(item.new)
        else:
            new[id(item.old)] = item.new
    # A misspelt entry is never rebuilt (the schema does not look inside an
    # unknown key), so it is still the entry `item.old` names.
    return [new.get(id(e), e) for e in entries] + added
