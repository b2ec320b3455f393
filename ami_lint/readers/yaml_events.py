"""The events of a YAML stream composed into ami-lint's nodes, iteratively,
whichever parser (libyaml or ruamel) produced them: collections, aliases and
their limits, merge keys, duplicate keys, tags on collections, and the
findings (rule AMI002) made on the way."""

from __future__ import annotations

from collections import namedtuple

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence
from ami_lint.readers import DEFAULT_LIMITS, ReadResult
from ami_lint.readers.yaml_scalars import (
    _CORE,
    _MAPPING_TAGS,
    _SCALAR_TAGS,
    _SEQUENCE_TAGS,
    _convert,
    _not_allowed,
    _short,
)
from ami_lint.readers.yaml_text_map import _LAYOUT, _LINE_BREAKS, _text_map
from ami_lint.records import field, record
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NamedTuple, NoReturn

RULE = rule_ids.YAML_SYNTAX_ERROR

# ruamel's recursive composer and constructor run out of Python stack a little
# below 500 levels, so the CLI cannot load anything deeper; its scanner also
# slows down quadratically with flow depth. Stop well before either, unless
# `--max-depth` says otherwise.
MAX_DEPTH = 400


if TYPE_CHECKING:

    class _Placed(NamedTuple):
        """A node where it was written: an alias reuses its anchor's node, but the
        collection holding the alias ends where the alias was written."""

        node: Node
        start: int
        end: int

else:
    # The same class as `typing.NamedTuple` makes, without importing typing.
    _Placed = namedtuple("_Placed", ("node", "start", "end"), module=__name__)
    _Placed.__doc__ = """A node where it was written: an alias reuses its anchor's node, but the
    collection holding the alias ends where the alias was written."""


@record(eq=False)
class _Frame:
    """A collection whose end event has not come yet."""

    is_mapping: bool
    flow: bool
    start: int
    props_start: int
    anchor: str | None
    tag: str
    explicit_tag: bool
    # Starts at its first key, which is not known yet.
    starts_at_key: bool = False
    items: list[_Placed] = field(default_factory=list)
    pairs: list[tuple[_Placed | None, _Placed]] = field(default_factory=list)
    key: _Placed | None = None
    has_key: bool = False
    end: int = 0
    # Alias occurrences in the fully expanded subtree (see `_alias`).
    weight: int = 0
    # Nodes (collections, keys and scalars) in the fully expanded subtree.
    size: int = 1


class _Stop(Exception):
    """Parsing cannot go on (limit reached, undefined alias)."""


class _Composer:
    """The state of reading one stream, and the composition of its events.
    The parser paths (`_LibyamlEvents`, `_RuamelEvents`) set `resolve` and
    `constructor` and feed the events to `_attach`, `_alias`, `_start`, `_end`
    and `_document_end`."""

    resolve: Callable[[str, tuple[bool, bool]], str]
    constructor: Any

    def __init__(
        self,
        source: Source,
        max_aliases: int,
        max_depth: int = MAX_DEPTH,
        *,
        fast: bool = True,
        max_alias_nodes: int = DEFAULT_LIMITS.max_alias_nodes,
    ) -> None:
        self.source = source
        self.text = source.text
        self.max_aliases = max_aliases
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = max_depth
        self.fast = fast
        # Which parser produced the result: "libyaml" or "ruamel" (the tests check it).
        self.parser = ""
        self._reset()

    def _reset(self) -> None:
        self.result = ReadResult()
        self.frames: list[_Frame] = []
        # Anchor -> its node, weight and size, or the frame still being composed.
        self.anchors: dict[str, tuple[Node, int, int] | _Frame] = {}
        # What the safe loader would use as a dict key, by id of our Scalar.
        self.keys: dict[int, object] = {}
        self.merge_keys: set[int] = set()
        # Keeps every Scalar recorded above alive while reading: an id is only
        # unique among living objects, and dropped keys (`<<`) would otherwise
        # free theirs for a later node.
        self.alive: list[Node] = []
        self.root: Node | None = None
        self.aliases = 0
        self.complex_key = False
        # Nodes the aliases stand for, counted as a full expansion creates them.
        self.alias_nodes = 0

    # -- findings --------------------------------------------------------------

    def _report(self, start: int, end: int, message: str, hint: str | None = None) -> None:
        self.result.findings.append(Finding(RULE, self.source, Span(start, end), message, hint))

    def _fail(self, offset: int, message: str) -> None:
        offset = max(0, min(offset, len(self.text)))
        # One character wide, unless the error is at a line break or the end.
        end = offset + 1 if offset < len(self.text) and self.text[offset] not in _LINE_BREAKS else offset
        message = message.strip().rstrip(".")
        self._report(offset, end, message[:1].upper() + message[1:])
        self.result.failed = True

    def _stop(self, start: int, end: int, message: str, hint: str | None = None) -> NoReturn:
        self._report(start, end, message, hint)
        raise _Stop

    # -- events ----------------------------------------------------------------

    def _document_end(self) -> None:
        if self.root is not None:
            self.result.documents.append(self.root)
            self.root = None

    def _attach(self, placed: _Placed, size: int = 1) -> None:
        """`placed` is the next item, key or value of the open collection;
        `size`: the nodes its full expansion holds."""
        if not self.frames:
            self.root = placed.node
            return
        frame = self.frames[-1]
        frame.size += size
        if frame.starts_at_key:
            frame.start = placed.start
            frame.starts_at_key = False
        frame.end = placed.end
        if not frame.is_mapping:
            frame.items.append(placed)
        elif not frame.has_key:
            frame.has_key = True
            frame.key = placed
            if not isinstance(placed.node, Scalar):
                self._report(placed.start, placed.end, "Complex keys are not supported")
                self.complex_key = True
                frame.key = None
        else:
            frame.pairs.append((frame.key, placed))
            frame.has_key = False
            frame.key = None

    def _in_key(self) -> bool:
        return bool(self.frames) and self.frames[-1].is_mapping and not self.frames[-1].has_key

    def _alias(self, anchor: str, start: int, end: int) -> None:
        target = self.anchors.get(anchor)
        if target is None:
            self._stop(start, end, f"Found undefined alias `{anchor}`")
        if isinstance(target, _Frame):
            # The safe loader builds a self-containing value; nothing downstream
            # can walk that, so it stands for null here.
            self._report(start, end, f"Alias `*{anchor}` is inside the node it refers to")
            null = Scalar(self.source, Span(start, end), None, plain=True)
            # It can be a key (`&a {*a : 1}`), compared as the loader's null.
            self.keys[id(null)] = None
            self.alive.append(null)
            self._attach(_Placed(null, start, end))
            return
        node, weight, size = target
        # Every later stage (values for the schema, rules) walks an aliased
        # subtree once per alias. `--max-aliases` counts the uses a full
        # expansion meets; `--max-alias-nodes` the nodes it creates, which is
        # what bounds the work: a thousand uses of a thousand-item list are
        # few uses but a million nodes. Both are linear to count.
        uses = 1 + weight
        self.aliases += uses
        if self.aliases > self.max_aliases:
            self._stop(
                start,
                end,
                f"Too many aliases (more than {self.max_aliases})",
                "Write the values out, or raise `--max-aliases`",
            )
        self.alias_nodes += size
        if self.alias_nodes > self.max_alias_nodes:
            self._stop(
                start,
                end,
                f"Too many nodes through aliases: {self.alias_nodes} with this one "
                f"(more than {self.max_alias_nodes})",
                "Write the values out, or raise `--max-alias-nodes`",
            )
        if self.frames:
            self.frames[-1].weight += uses
        self._attach(_Placed(node, start, end), size)

    def _start(
        self,
        is_mapping: bool,
        flow: bool,
        anchor: str | None,
        ctag: str | None,
        props_start: int,
        content: int,
    ) -> None:
        """A collection starts; `content` is where its start event ends."""
        # A single pair in a flow sequence (`[a: 1]`) is a mapping without
        # braces: like a block mapping, it spans its key to its value.
        pair = flow and is_mapping and self.text[content - 1 : content] != "{"
        if pair:
            flow = False
        elif flow:
            content -= 1  # the event ends after `[` or `{`
        elif not is_mapping and self.text[content : content + 1] != "-":
            content -= 1  # an indentless sequence's event ends after its first `-`
        explicit = ctag is not None and ctag != "!"
        tag = ctag if ctag is not None and explicit else _CORE + ("map" if is_mapping else "seq")
        if len(self.frames) >= self.max_depth:
            self._stop(
                content,
                content + 1,
                f"Nesting too deep (more than {self.max_depth} levels)",
                "Nest less deeply, or raise `--max-depth`",
            )
        frame = _Frame(
            is_mapping,
            flow,
            content,
            props_start,
            anchor,
            tag,
            explicit,
            starts_at_key=pair,
        )
        frame.end = content
        self.frames.append(frame)
        if anchor is not None:
            self.anchors[anchor] = frame

    def _end(self, event_end: int) -> None:
        frame = self.frames.pop()
        end = event_end if frame.flow else frame.end
        span = Span(frame.start, max(end, frame.start))
        node: Node
        if frame.is_mapping:
            node = Mapping(self.source, span, self._entries(frame))
        else:
            node = Sequence(self.source, span, tuple(p.node for p in frame.items))
        if frame.explicit_tag:
            self._check_collection_tag(frame, node, span.end)
        if frame.anchor is not None and self.anchors.get(frame.anchor) is frame:
            self.anchors[frame.anchor] = (node, frame.weight, frame.size)
        if self.frames:
            self.frames[-1].weight += frame.weight
        self._attach(_Placed(node, span.start, span.end), frame.size)

    def _check_collection_tag(self, frame: _Frame, node: Node, end: int) -> None:
        allowed = _MAPPING_TAGS if frame.is_mapping else _SEQUENCE_TAGS
        suffix = frame.tag[len(_CORE) :] if frame.tag.startswith(_CORE) else None
        if suffix in allowed:
            return
        kind = "mapping" if frame.is_mapping else "sequence"
        if suffix in _SCALAR_TAGS or suffix in _MAPPING_TAGS or suffix in _SEQUENCE_TAGS:
            message = f"Tag `{_short(frame.tag)}` cannot be applied to a {kind}"
        else:
            message = _not_allowed(frame.tag)
        self._report(frame.props_start, end, message)

    # -- mappings --------------------------------------------------------------

    def _entries(self, frame: _Frame) -> tuple[Entry, ...]:
        own: list[Entry] = []
        merged: list[Entry] = []
        for key, value in frame.pairs:
            if key is None:
                continue  # a complex key, already reported
            assert isinstance(key.node, Scalar)
            if id(key.node) not in self.merge_keys:
                own.append(Entry(key.node, value.node))
                continue
            if merged:  # the loader lets a second `<<` pass only after an empty merge
                self._report(key.start, key.end, "Duplicate merge key `<<`: the CLI's YAML loader rejects it")
                continue
            merged.extend(self._merge_sources(value))
        if merged:
            # As the safe loader does: the merged entries, then the mapping's own,
            # later ones winning but each key keeping its first place. Duplicate
            # keys go unchecked in a mapping with a merge, there too.
            winners: dict[object, Entry] = {}
            for entry in (*merged, *own):
                winners[self.keys[id(entry.key)]] = entry
            return tuple(winners.values())
        seen: set[object] = set()
        for entry in own:
            pykey = self.keys[id(entry.key)]
            if pykey in seen:
                self._report(
                    entry.key.span.start,
                    entry.key.span.end,
                    f"Duplicate key `{entry.name}`: the CLI's YAML loader rejects it",
                )
            seen.add(pykey)
        return tuple(own)

    def _merge_sources(self, value: _Placed) -> list[Entry]:
        node = value.node
        if isinstance(node, Mapping):
            return list(node.entries)
        if not isinstance(node, Sequence):
            self._report(
                value.start,
                value.end,
                "Expected a mapping or list of mappings for merging, but found a scalar",
            )
            return []
        sources: list[Mapping] = []
        for item in node.items:
            if isinstance(item, Mapping):
                sources.append(item)
            else:
                kind = "sequence" if isinstance(item, Sequence) else "scalar"
                self._report(
                    item.span.start,
                    item.span.end,
                    f"Expected a mapping for merging, but found a {kind}",
                )
        # Earlier mappings of the list win, so their entries come last.
        return [entry for item in reversed(sources) for entry in item.entries]

    # -- scalars ---------------------------------------------------------------

    def _scalar(
        self,
        raw: str,
        style: str | None,
        anchor: str | None,
        ctag: str | None,
        implicit: tuple[bool, bool],
        props_start: int,
        start: int,
        end: int,
    ) -> _Placed:
        """A scalar event; `start` and `end` are those of its own text (after
        any anchor or tag), or where an omitted value belongs."""
        if style in ("|", ">"):
            # The scanner's end is past the trailing line breaks it consumed.
            end = start + len(self.text[start:end].rstrip(_LAYOUT))
        frames = self.frames  # `_in_key`, inlined: every scalar asks
        in_key = bool(frames) and frames[-1].is_mapping and not frames[-1].has_key
        explicit = ctag is not None and ctag != "!"
        tag = ctag if ctag is not None and explicit else self.resolve(raw, implicit)
        value, pykey, problem, hint = _convert(self.constructor, tag, raw, in_key, explicit)
        if problem is not None:
            self._report(props_start if explicit else start, end, problem, hint)
        text_map = _text_map(self.text, start, end, style, raw) if isinstance(value, str) else None
        node = Scalar(self.source, Span(start, end), value, text_map, plain=style is None)
        self.keys[id(node)] = pykey
        self.alive.append(node)
        if in_key and tag == _CORE + "merge" and problem is None:
            self.merge_keys.add(id(node))
        if anchor is not None:
            self.anchors[anchor] = (node, 0, 1)
        return _Placed(node, start, end)
