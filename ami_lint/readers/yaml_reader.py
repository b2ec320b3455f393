"""YAML input as the AWS CLI v2 reads `--cli-input-yaml`: ruamel.yaml, safe, YAML 1.2.

The parser's events are composed here, iteratively, instead of by ruamel's
composer and constructor: the composer recurses (a deep document would exhaust
the stack), forgets where each alias was written, and its tree would have to be
converted afterwards anyway. Tags are resolved by ruamel's own resolver and
scalars of the standard tags are converted by ruamel's own `SafeConstructor`
methods, so values are exactly what `YAML(typ='safe', pure=True).load` returns.
Nothing is ever constructed from any other tag.

ruamel's pure-Python scanner is slow, so the events come from libyaml (PyYAML's
C parser) whenever it surely reads the text as ruamel does: no directive, no
character or construct where YAML 1.1 and 1.2 or the two parsers differ, no
error (ruamel gives its own message and place). Otherwise ruamel reads it
again. Either way the events go through the same code below, and a test
compares the two on generated and real inputs.

Where a value differs from what the safe loader would return, on purpose:

- `!!timestamp` (also implicit: `2024-01-01`) stays the string as written; the
  loader makes a `date`, which the CLI then rejects for any string parameter.
  It is still checked, so an impossible date is reported as the loader fails on it.
- `!!binary` stays the base64 text as written (the loader makes `bytes`).
- `!!set`, `!!omap` and `!!pairs` keep the shape they were written in (a mapping
  of nulls, a sequence of one-entry mappings).
- A complex key (a mapping or sequence used as a key) is reported and its entry
  left out: a request has no such key.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple, NoReturn

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner, ScannerError
from ruamel.yaml.tokens import (
    BlockEntryToken,
    DocumentStartToken,
    KeyToken,
    ScalarToken,
    ValueToken,
)

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence
from ami_lint.offsets import OffsetMap
from ami_lint.readers import DEFAULT_LIMITS, ReadResult, read_limits
from ami_lint.records import field, record
from ami_lint.source import Source, Span

RULE = rule_ids.YAML_SYNTAX_ERROR

# ruamel's recursive composer and constructor run out of Python stack a little
# below 500 levels, so the CLI cannot load anything deeper; its scanner also
# slows down quadratically with flow depth. Stop well before either, unless
# `--max-depth` says otherwise.
MAX_DEPTH = 400

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({"null", "bool", "int", "float", "str", "timestamp", "binary"})
_SEQUENCE_TAGS = frozenset({"seq", "omap", "pairs"})
_MAPPING_TAGS = frozenset({"map", "set"})

# Whitespace and line breaks the scanner folds, strips or keeps between the
# characters of a scalar.
_LAYOUT = " \t\r\n\x85\u2028\u2029"
_LINE_BREAKS = "\r\n\x85\u2028\u2029"


class _TrackingScanner(Scanner):
    """Remembers the last token the parser consumed.

    A scalar event starts at its anchor or tag, not at the scalar's own text,
    and an omitted value's event sits at the next token, possibly on the next
    line. The token just consumed says where each really is.
    """

    last_token: Any = None

    def get_token(self) -> Any:
        token = super().get_token()
        if token is not None:
            self.last_token = token
        return token

    # ruamel scans every saved simple key, one per open flow level, for every
    # token: quadratic in the flow depth, so a file of many 400-deep `[[[...]]]`
    # took minutes. The saved keys are always in the order of their levels and
    # positions (a key is saved at the current level, and leaving a level drops
    # its key), so the nearest key is the first, and stale keys are a prefix.
    # Same results, in constant amortized time.

    def next_possible_simple_key(self) -> Any:
        for key in self.possible_simple_keys.values():
            return key.token_number
        return None

    def stale_possible_simple_keys(self) -> None:
        keys = self.possible_simple_keys
        line = self.reader.line
        index = self.reader.index
        while keys:
            level = next(iter(keys))
            key = keys[level]
            if key.line == line and index - key.index <= 1024:
                return
            if key.required:
                raise ScannerError(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                    self.reader.get_mark(),
                )
            del keys[level]


class _Placed(NamedTuple):
    """A node where it was written: an alias reuses its anchor's node, but the
    collection holding the alias ends where the alias was written."""

    node: Node
    start: int
    end: int


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


class _Fallback(Exception):
    """libyaml might not read this input as ruamel does: ruamel reads it again."""


# Characters YAML 1.1 (libyaml) and 1.2 (ruamel) treat differently as syntax:
# NEL and the Unicode separators are line breaks in 1.1 only, a BOM inside the
# text is handled differently, and the two allow tabs as separation in
# different places; such rare files are left to ruamel.
_NOT_FAST = re.compile("[\t\x85\u2028\u2029\ufeff]")

# A tag libyaml and ruamel read alike: `!`, `!local` or `!!core`, followed by a
# separator (no verbatim `!<...>`, `%` escapes or named handles).
_TAG = re.compile(r"!!?[0-9A-Za-z_\-.:/]*(?=[ \r\n]|\Z)")
# A block scalar libyaml reads and ruamel rejects: its header with a comment
# not separated from it (`|#`), or, with no indentation indicator, a first
# line of only spaces (ruamel fails if a later line is indented more).
_BLOCK_DIFFERS = re.compile(r"[|>](?:[-+0-9]*#|[-+]? *(?:#[^\r\n]*)?(?:\r\n|\r|\n) +[\r\n])")
# A character that ends an anchor or alias name for both parsers.
_NAME_ENDS = frozenset(("", " ", "\r", "\n", ",", "[", "]", "{", "}"))


def _fast_candidate(text: str) -> bool:
    return _NOT_FAST.search(text) is None


def _skip_layout(text: str, p: int) -> int:
    """The first character at or after `p` that is not whitespace, a line break or in a comment."""
    return _LAYOUT_AND_COMMENTS.match(text, p).end()  # type: ignore[union-attr]


_LAYOUT_AND_COMMENTS = re.compile(r"(?:[ \r\n]|#[^\r\n]*)*")


@functools.cache
def _fast_loader() -> YAML:
    """ruamel's resolver and constructor for the libyaml path. They keep no
    state between scalars, and without a `%YAML` directive (which the libyaml
    path never reads) they always resolve YAML 1.2, so one serves every file."""
    return YAML(typ="safe", pure=True)


@functools.lru_cache(maxsize=4096)
def _resolve_1_2(raw: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar, by ruamel's YAML 1.2 resolver: the same
    few keys and values recur in every request file, so it is worth caching."""
    return str(_fast_loader().resolver.resolve(ScalarNode, raw, implicit))


def read_yaml(
    source: Source,
    *,
    max_aliases: int | None = None,
    max_depth: int | None = None,
    max_alias_nodes: int | None = None,
) -> ReadResult:
    """Every document of a YAML stream as our nodes, with findings (rule AMI002).

    The limits default to those in force (`ami_lint.readers.read_limits`)."""
    limits = read_limits()
    return _Reader(
        source,
        limits.max_aliases if max_aliases is None else max_aliases,
        max_depth or limits.max_depth or MAX_DEPTH,
        max_alias_nodes=limits.max_alias_nodes if max_alias_nodes is None else max_alias_nodes,
    ).read()


class _Reader:
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

    def read(self) -> ReadResult:
        if self.fast and _fast_candidate(self.text):
            try:
                self._read_libyaml()
            except _Fallback:
                self._reset()
            else:
                if not self.complex_key:
                    self.parser = "libyaml"
                    return self.result
                # After a complex key (`? \r\n- `) the two place the end of
                # the mapping differently: ruamel, whose places the rest of
                # the reader follows, says. Such a document is rare.
                self._reset()
        self._read_ruamel()
        self.parser = "ruamel"
        return self.result

    def _read_ruamel(self) -> None:
        self.yaml = YAML(typ="safe", pure=True)
        self.yaml.Scanner = _TrackingScanner
        resolver = self.yaml.resolver
        self.resolve: Callable[[str, tuple[bool, bool]], str] = lambda raw, implicit: str(
            resolver.resolve(ScalarNode, raw, implicit)
        )
        self.constructor = self.yaml.constructor
        events = self.yaml.parse(self.text)
        try:
            with warnings.catch_warnings():
                # ruamel warns about reused anchors and YAML 1.1 floats; neither is a finding.
                warnings.simplefilter("ignore")
                for event in events:
                    self._ruamel_event(event)
        except _Stop:
            self.result.failed = True
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or exc.context or "Invalid YAML"
            self._fail(mark.index if mark is not None else 0, message)
        except ReaderError as exc:
            reason = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
            self._fail(exc.position if isinstance(exc.position, int) else 0, reason)
        except YAMLError as exc:
            self._fail(0, str(exc).strip().splitlines()[0] if str(exc).strip() else "Invalid YAML")
        except RecursionError:
            self._fail(0, "Nesting too deep")
        finally:
            events.close()

    def _read_libyaml(self) -> None:
        """The same events from libyaml (PyYAML's C parser), several times faster.

        Only events are taken from it: tags are still resolved and scalars
        converted by ruamel's YAML 1.2 resolver and constructor, never by
        PyYAML's YAML 1.1 ones. Anything it might read differently from ruamel
        raises `_Fallback`: an error (ruamel gives its own message and place),
        a directive, a property or alias whose extent is unclear, the few
        constructs the tests found the two to differ on, and reaching a limit
        (ruamel might have failed before it).
        """
        try:
            from yaml import YAMLError as LibYAMLError
            from yaml import events as ev
            from yaml._yaml import CParser
        except ImportError as exc:  # a PyYAML built without libyaml
            raise _Fallback from exc

        self.resolve = _resolve_1_2
        self.constructor = _fast_loader().constructor
        try:
            parser = CParser(self.text)
        except UnicodeError as exc:  # a lone surrogate cannot go to libyaml as UTF-8
            raise _Fallback from exc
        # ruamel places an omitted value after the last token consumed before
        # it if that is a `:`, `?`, `-` or `---` (`_ruamel_scalar`); libyaml
        # places it there in block context but at the next token in flow
        # context and after `---`. So the text between events is scanned for
        # those indicators: `self.consumed` is how far, `self.indicator_end`
        # the end of such an indicator if it was the last token (else None).
        self.consumed = 0
        self.indicator_end: int | None = None
        try:
            while True:
                try:
                    event = parser.get_event()
                except (LibYAMLError, UnicodeError) as exc:
                    raise _Fallback from exc
                kind = type(event)
                if kind is ev.ScalarEvent:
                    self._attach(self._libyaml_scalar(event))
                    continue
                end = event.end_mark.index
                if kind is ev.AliasEvent:
                    start = event.start_mark.index
                    self._check_name(start, event.anchor)
                    self._alias(event.anchor, start, end)
                elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                    if event.flow_style and kind is ev.MappingStartEvent and self.text[end - 1 : end] != "{":
                        raise _Fallback  # `["a":1]`, a single pair libyaml allows more of
                    start = event.start_mark.index
                    if event.anchor is not None or event.tag is not None:
                        start = self._properties(start, event.anchor, event.tag)[0]
                    self._start(
                        kind is ev.MappingStartEvent,
                        bool(event.flow_style),
                        event.anchor,
                        event.tag,
                        start,
                        end,
                    )
                elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                    self._end(end)
                elif kind is ev.DocumentStartEvent:
                    if event.version is not None or event.tags is not None:
                        raise _Fallback
                    self.anchors = {}
                elif kind is ev.DocumentEndEvent:
                    # libyaml skips a second `...`; ruamel fails on it.
                    if event.explicit and self.text.startswith("...", _skip_layout(self.text, end)):
                        raise _Fallback
                    self._document_end()
                elif kind is ev.StreamEndEvent:
                    break
                # The event's own token is the last consumed; an explicit `---` counts.
                self.consumed = max(self.consumed, end)
                self.indicator_end = end if kind is ev.DocumentStartEvent and event.explicit else None
        except _Stop as exc:
            raise _Fallback from exc
        finally:
            parser.dispose()

    def _libyaml_scalar(self, event: Any) -> _Placed:
        raw: str = event.value
        style: str | None = event.style or None  # libyaml's plain style is ""
        anchor: str | None = event.anchor
        tag: str | None = event.tag
        props_start = event.start_mark.index
        end = event.end_mark.index
        if anchor is None and tag is None:
            if style is None and raw == "":
                # An omitted value: it consumes no token.
                self._scan_indicators(props_start)
                start = end = props_start if self.indicator_end is None else self.indicator_end
            else:
                start = props_start
                self.consumed, self.indicator_end = end, None
        else:
            if tag == "!":
                raise _Fallback  # libyaml and ruamel disagree on what it leaves implicit
            props_start, props_end = self._properties(props_start, anchor, tag)
            if style is None and raw == "":
                if end != props_end:
                    raise _Fallback
                start = end
            else:
                start = _skip_layout(self.text, props_end)
            self.consumed, self.indicator_end = end, None
        if (
            style is not None
            and style in "|>"
            and (not self.frames or _BLOCK_DIFFERS.match(self.text, start))
        ):
            # A top-level block scalar may have unindented text in YAML 1.2 only.
            raise _Fallback
        return self._scalar(raw, style, anchor, tag, event.implicit, props_start, start, end)

    def _scan_indicators(self, stop: int) -> None:
        """Consume the tokens between the last event and `stop`, where
        libyaml put an omitted value: only indicators, layout and comments can
        be there (anything else: `_Fallback`)."""
        text = self.text
        p = self.consumed
        while p < stop:
            ch = text[p]
            if ch in " \r\n":
                p += 1
            elif ch == "#" and (p == 0 or text[p - 1] in " \r\n"):
                p = _skip_layout(text, p)
            elif ch in ":?-,":
                if ch == "-" and text.startswith("--", p + 1):
                    raise _Fallback
                p += 1
                self.indicator_end = None if ch == "," else p
            else:
                raise _Fallback
        self.consumed = max(self.consumed, stop)

    def _properties(self, start: int, anchor: str | None, tag: str | None) -> tuple[int, int]:
        """Where ruamel's event starts (at the anchor when it follows the tag,
        where libyaml's starts at the tag) and where the properties written at
        `start` end, when libyaml and ruamel surely read them alike (else
        `_Fallback`)."""
        text = self.text
        p = start
        for _ in range(2):
            if anchor is not None and text.startswith("&", p):
                if tag is None:
                    start = p
                p = self._check_name(p, anchor)
                anchor = None
            elif tag is not None and text.startswith("!", p):
                found = _TAG.match(text, p)
                if found is None:
                    raise _Fallback
                p = found.end()
                tag = None
            else:
                raise _Fallback
            if anchor is None and tag is None:
                return start, p
            p = _skip_layout(text, p)
        raise _Fallback

    def _check_name(self, start: int, name: str) -> int:
        """The end of `&name` or `*name` at `start`. ruamel takes more
        characters into a name than libyaml: the name must end where both stop."""
        end = start + 1 + len(name)
        if not self.text.startswith(name, start + 1) or self.text[end : end + 1] not in _NAME_ENDS:
            raise _Fallback
        return end

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

    def _ruamel_event(self, event: Any) -> None:
        if isinstance(event, ScalarEvent):
            self._attach(self._ruamel_scalar(event))
        elif isinstance(event, AliasEvent):
            self._alias(event.anchor, event.start_mark.index, event.end_mark.index)
        elif isinstance(event, CollectionStartEvent):
            self._start(
                isinstance(event, MappingStartEvent),
                bool(event.flow_style),
                event.anchor,
                None if event.ctag is None else str(event.ctag),
                event.start_mark.index,
                event.end_mark.index,
            )
        elif isinstance(event, CollectionEndEvent):
            self._end(event.end_mark.index)
        elif isinstance(event, DocumentStartEvent):
            self.anchors = {}
        elif isinstance(event, DocumentEndEvent):
            self._document_end()

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

    def _ruamel_scalar(self, event: Any) -> _Placed:
        raw: str = event.value
        style: str | None = event.style
        token = self.yaml.scanner.last_token
        has_props = event.anchor is not None or event.ctag is not None
        props_start = event.start_mark.index
        if style is None and raw == "":
            # An omitted value: put it right after the `:`, `-` or `---` it follows.
            if has_props:
                start = event.end_mark.index
            elif isinstance(token, (ValueToken, BlockEntryToken, KeyToken, DocumentStartToken)):
                start = token.end_mark.index
            else:
                start = event.start_mark.index
            end = start
        else:
            start = props_start
            if has_props and isinstance(token, ScalarToken):
                start = token.start_mark.index
            end = event.end_mark.index
        ctag = None if event.ctag is None else str(event.ctag)
        return self._scalar(raw, style, event.anchor, ctag, event.implicit, props_start, start, end)

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
        in_key = self._in_key()
        explicit = ctag is not None and ctag != "!"
        tag = ctag if ctag is not None and explicit else self.resolve(raw, implicit)
        value, pykey, problem, hint = self._convert(tag, raw, in_key, explicit)
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

    def _convert(
        self, tag: str, raw: str, in_key: bool, explicit: bool
    ) -> tuple[Any, object, str | None, str | None]:
        """Our value, the safe loader's value (for key comparison), a problem and its hint."""
        suffix = tag[len(_CORE) :] if tag.startswith(_CORE) else None
        if suffix == "str":
            return raw, raw, None, None
        if suffix in ("merge", "value") and in_key:
            # The loader takes `<<` as a merge and a `=` key as a string.
            return raw, raw, None, None
        if suffix == "merge":
            return raw, raw, "`<<` is a merge key and cannot be a value", "Quote it: `'<<'`"
        if suffix == "value":
            return raw, raw, "`=` is the YAML value key and cannot be a value", "Quote it: `'='`"
        if suffix in _MAPPING_TAGS or suffix in _SEQUENCE_TAGS:
            return raw, raw, f"Tag `{_short(tag)}` cannot be applied to a scalar", None
        if suffix not in _SCALAR_TAGS:
            return raw, raw, _not_allowed(tag), None
        constructor = self.constructor
        node = ScalarNode(tag, raw)
        try:
            loaded = getattr(constructor, f"construct_yaml_{suffix}")(node)
            hash(loaded)
        except (YAMLError, ValueError, KeyError, TypeError, OverflowError, IndexError):
            if explicit:
                problem = f"`{raw}` is not a valid `{_short(tag)}`: the CLI's YAML loader fails on it"
                return raw, raw, problem, None
            problem = f"`{raw}` looks like a {suffix} but is not one: the CLI's YAML loader fails on it"
            return raw, raw, problem, "Quote it to keep it a string"
        if suffix in ("timestamp", "binary"):
            return raw, loaded, None, None
        return loaded, loaded, None, None


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _not_allowed(tag: str) -> str:
    return f"Tag `{_short(tag)}` is not allowed: the CLI's safe loader rejects it"


def _text_map(text: str, start: int, end: int, style: str | None, value: str) -> OffsetMap | None:
    """Map a scalar's decoded text back to the characters it was written with.

    Every written character (escapes and `''` as one unit each) maps exactly.
    Whitespace the scanner folds, strips or keeps (line breaks, indentation,
    trailing spaces) maps as one atom per run: a single-line scalar is exact,
    a multi-line or block scalar is exact except inside those runs.
    """
    if style in ("'", '"'):
        lo, hi = start + 1, end - 1
    elif style in ("|", ">"):
        # Skip the header line (`|-`, `>2`, a comment).
        lo = end
        for i in range(start, end):
            if text[i] in _LINE_BREAKS:
                lo = i + 2 if text.startswith("\r\n", i) else i + 1
                break
        hi = end
    else:
        lo, hi = start, end
    if (
        style not in ("|", ">")
        and hi - lo == len(value)
        and text.startswith(value, lo)
        and _verbatim(value, style)
    ):
        return _verbatim_map(lo, value)
    result = OffsetMap()
    decoded = 0  # characters of `value` mapped so far
    run = lo  # start of the whitespace run before the next unit
    p = lo
    while p < hi:
        ch = text[p]
        if ch in _LAYOUT:
            p += 1
            continue
        if style == '"' and ch == "\\":
            nxt = text[p + 1 : p + 2]
            if nxt and nxt in _LINE_BREAKS:
                p += 1  # an escaped line break: layout, like the break itself
                continue
            length = 2 + Scanner.ESCAPE_CODES.get(nxt, 0)
            if nxt in Scanner.ESCAPE_CODES:
                try:
                    out = chr(int(text[p + 2 : p + length], 16))
                except ValueError:
                    return None
            elif nxt in Scanner.ESCAPE_REPLACEMENTS:
                out = Scanner.ESCAPE_REPLACEMENTS[nxt]
            else:
                return None
        elif style == "'" and ch == "'" and text.startswith("''", p):
            out, length = "'", 2
        else:
            out, length = ch, 1
        # Decoded characters before this unit came from the whitespace run.
        at = decoded
        while not value.startswith(out, at):
            if at < len(value) and value[at] in _LAYOUT:
                at += 1
            else:
                return None
        if at > decoded:
            if p == run:
                return None
            result.add_atom(run, p - run, at - decoded)
        if length == 1:
            result.add_literal(p, 1)
        else:
            result.add_atom(p, length, len(out))
        decoded = at + len(out)
        p += length
        run = p
    rest = value[decoded:]
    if rest.strip(_LAYOUT):
        return None
    if rest:
        result.add_atom(run, hi - run, len(rest))
    return result if len(result) == len(value) else None


def _verbatim(value: str, style: str | None) -> bool:
    """Whether a one-line scalar written as `value` decodes to `value` itself:
    nothing folded, no escape or `''` (most scalars of a request)."""
    if _VERBATIM_BREAKS.search(value):
        return False
    if style == "'":
        return "'" not in value
    return style != '"' or ("\\" not in value and '"' not in value)


def _verbatim_map(lo: int, value: str) -> OffsetMap:
    """What `_text_map` builds, character by character, for a verbatim scalar:
    one segment from the start, and one from each inner whitespace run on."""
    result = OffsetMap()
    piece = 0
    for run in _SPACE_RUN.finditer(value, 1):
        if run.start() > piece:
            result.add_atom(lo + piece, run.start() - piece, run.start() - piece)
            piece = run.start()
    result.add_atom(lo + piece, len(value) - piece, len(value) - piece)
    return result


_VERBATIM_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")
_SPACE_RUN = re.compile("(?<![ \t])[ \t]")
