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

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING

from ami_lint.diagnostics import Finding
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, PathItem, Scalar, Sequence, Unknown
from ami_lint.records import record

if TYPE_CHECKING:
    from ami_lint.shell.cmdline import CommandLine

# The rule of a misspelling itself: never a knock-on of another one.
CAUSE = "AMI101"


@record(frozen=True)
class Meant:
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
    (not when the object already has that key: then the misspelling adds nothing)."""
    root: Node = request.root
    for item in meant:
        root = _changed(root, item.path, lambda mapping, item=item: _renamed(mapping, item))  # type: ignore[misc]
    assert isinstance(root, Mapping)
    return Request(root, open_ended=request.open_ended, command=request.command)


def without_knock_ons(findings: list[Finding], corrected_findings: list[Finding]) -> list[Finding]:
    """`findings` less those whose rule the corrected request does not break
    at the same place. Not compared by message: `EnaSupport` on an image whose
    `VirtualisationType` says `paravirtual` is an error both ways, though
    the message of the request as written says the type is defaulted."""
    kept = {_key(f) for f in corrected_findings}
    return [f for f in findings if f.rule == CAUSE or _key(f) in kept]


def _key(f: Finding) -> Hashable:
    return (f.rule, f.source.path, f.span)


def _renamed(mapping: Mapping, item: Meant) -> Mapping:
    if item.new.name in mapping:
        return mapping
    if item.old is None:
        entries = (*mapping.entries, item.new)
    else:
        entries = tuple(item.new if e is item.old else e for e in mapping.entries)
    return Mapping(mapping.source, mapping.span, entries)


def _changed(root: Node, path: tuple[PathItem, ...], change: Callable[[Mapping], Mapping]) -> Node:
    """`root` with the object at `path` replaced by `change(object)`, each
    object and list above it rebuilt (iterative: depth is not limited by the stack)."""
    chain = [root]
    for step in path:
        node = chain[-1]
        if isinstance(node, Mapping) and isinstance(step, str) and node.get(step) is not None:
            chain.append(node.get(step))  # type: ignore[arg-type]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            chain.append(node.items[step])
        else:
            return root  # the tree is not as the path says: leave it
    target = chain[-1]
    if not isinstance(target, Mapping):
        return root
    new: Node = change(target)
    for parent, child in zip(reversed(chain[:-1]), reversed(chain[1:]), strict=True):
        if isinstance(parent, Mapping):
            entries = tuple(Entry(e.key, new) if e.value is child else e for e in parent.entries)
            new = Mapping(parent.source, parent.span, entries)
        else:
            assert isinstance(parent, Sequence)
            new = Sequence(parent.source, parent.span, tuple(new if i is child else i for i in parent.items))
    return new
