"""The libyaml fast path: the events of a YAML stream from PyYAML's C parser,
several times faster than ruamel's pure-Python scanner, taken only where
libyaml surely reads the text as ruamel does (else `_Fallback`: ruamel
reads it again)."""

from __future__ import annotations

import re
import sys

from ami_lint.diagnostics import Finding
from ami_lint.nodes import Mapping, Node, Scalar, Sequence, entry_of, scalar_of
from ami_lint.offsets import Linear, OffsetMap, linear_of
from ami_lint.readers.yaml_events import RULE, _Composer, _Placed, _Stop
from ami_lint.readers.yaml_scalars import _CORE, _convert, _resolve_1_2
from ami_lint.readers.yaml_text_map import _LAYOUT, _SPACE_RUN, _has_break, _text_map
from ami_lint.source import Span, span_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


class _Fallback(Exception):
    """libyaml might not read this input as ruamel does: ruamel reads it again."""


# Characters YAML 1.1 (libyaml) and 1.2 (ruamel) treat differently as syntax:
# NEL and the Unicode separators are line breaks in 1.1 only, a BOM inside the
# text is handled differently, and the two allow tabs as separation in
# different places; such rare files are left to ruamel.
# (Tested with `in`, not a pattern: a class of characters past U+00FF costs
# about 2.5M instructions to compile, issue 20.)
_NOT_FAST = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")

# A tag libyaml and ruamel read alike: `!`, `!local` or `!!core`, followed by a
# separator (no verbatim `!<...>`, `%` escapes or named handles).
_TAG = r"!!?[0-9A-Za-z_\-.:/]*(?=[ \r\n]|\Z)"
# A block scalar libyaml reads and ruamel rejects: its header with a comment
# not separated from it (`|#`), or, with no indentation indicator, a first
# line of only spaces (ruamel fails if a later line is indented more).
_BLOCK_DIFFERS = r"[|>](?:[-+0-9]*#|[-+]? *(?:#[^\r\n]*)?(?:\r\n|\r|\n) +[\r\n])"
# A character that ends an anchor or alias name for both parsers.
_NAME_ENDS = frozenset(("", " ", "\r", "\n", ",", "[", "]", "{", "}"))


_STR = _CORE + "str"
_MERGE = _CORE + "merge"
# Block scalar styles.
_BLOCK = frozenset(("|", ">"))
# A `_Placed` made without its class's Python `__new__`.
_new_placed = tuple.__new__


def _fast_candidate(text: str) -> bool:
    for ch in _NOT_FAST:  # noqa: SIM110  # a loop, not `any` over a generator
        if ch in text:
            return False
    return True


def _skip_layout(text: str, p: int) -> int:
    """The first character at or after `p` that is not whitespace, a line break or in a comment."""
    return _compiled(_LAYOUT_AND_COMMENTS).match(text, p).end()  # type: ignore[union-attr]


_LAYOUT_AND_COMMENTS = r"(?:[ \r\n]|#[^\r\n]*)*"
# The patterns above, compiled when first needed (most requests have no
# block scalar, tag or explicit document end: issue 20).
_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        compiled = _COMPILED[pattern] = re.compile(pattern)
    return compiled


# PyYAML's error class, events module and C parser, imported when first
# needed, then without import statements for each file (about 8,000
# instructions each, issue 20).
_LIBYAML: list[tuple[Any, Any, Any, Any]] = []
_modules = sys.modules


def _libyaml() -> tuple[Any, Any, Any, Any]:
    """PyYAML's error class, events module and C parser (and the module
    holding it), or `_Fallback` when PyYAML has no libyaml."""
    # Held while `yaml._yaml` is the module imported (a test takes it away).
    if not _LIBYAML or _modules.get("yaml._yaml") is not _LIBYAML[0][3]:
        seeded = _seed_pattern(PYYAML_NON_PRINTABLE) if "yaml" not in _modules else None
        try:
            from yaml import YAMLError, events
            from yaml._yaml import CParser as Parser
        except ImportError as exc:  # a PyYAML built without libyaml
            raise _Fallback from exc
        finally:
            if seeded is not None:
                seeded.unseed()
        _LIBYAML[:] = [(YAMLError, events, Parser, _modules["yaml._yaml"])]
    return _LIBYAML[0]


# The pattern `yaml.reader` compiles as it is imported: every character its
# pure-Python reader refuses. Compiling it (a class holding most of Unicode,
# which `re` walks character by character) is about 57M instructions, 12 ms,
# more than the rest of PyYAML's import; and the C parser, the only part of
# PyYAML ami-lint uses, never runs that reader. So `re` is given it, before
# the import, as a pattern compiled on its first use (`_seed_pattern`).
PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# `re`'s caches of compiled patterns, by (type, pattern, flags): where
# `re.compile` looks first (CPython 3.10 to 3.13 have the first; 3.12 on the
# second too). Where neither is a dict, nothing is seeded: the pattern is
# compiled as before.
_RE_CACHES = ("_cache", "_cache2")


class OnFirstUse:
    """A compiled pattern that compiles itself when first used: attributes
    (`search`, `match`, `pattern`...) are those of `re.compile(pattern)`."""

    __slots__ = ("_compiled", "_pattern")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            self.unseed()  # so that `re.compile` compiles it, not give this back
            compiled = self._compiled = re.compile(self._pattern)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"OnFirstUse({self._pattern!r})"

    def unseed(self) -> None:
        """Take this out of `re`'s caches."""
        key = (str, self._pattern, 0)
        for name in _RE_CACHES:
            cache = getattr(re, name, None)
            if isinstance(cache, dict) and cache.get(key) is self:
                del cache[key]


def _seed_pattern(pattern: str) -> OnFirstUse | None:
    """Put an `OnFirstUse` of `pattern` in `re`'s cache, where the next
    `re.compile(pattern)` finds it; None when `re` has no such cache or
    holds the pattern compiled already."""
    key = (str, pattern, 0)
    caches = [getattr(re, name, None) for name in _RE_CACHES]
    first = caches[0]
    if not isinstance(first, dict) or any(isinstance(c, dict) and key in c for c in caches):
        return None
    seeded = OnFirstUse(pattern)
    first[key] = seeded
    return seeded


def _written_as_is(text: str, raw: str, lo: int, hi: int, style: str | None) -> bool:
    """True when a flow scalar's value `raw` is its text from `lo` to `hi`
    as written, character for character: its text map is then a `Linear`
    one (the map `_text_map` would give, without working it out)."""
    return (
        hi - lo == len(raw)
        and text.startswith(raw, lo)
        and (style is None or ("'" not in raw if style == "'" else "\\" not in raw and '"' not in raw))
        # No line break, tab or space (most values): neither pattern can
        # match, and neither is run.
        and (
            (raw.isprintable() and " " not in raw)
            or (not _has_break(raw) and _SPACE_RUN.search(raw, 1) is None)
        )
    )


class _Slow(Exception):
    """`_read_direct` met what only the composer of events reads exactly:
    `_read_libyaml` reads the text again."""


class _Open:
    """A collection `_read_direct` has not met the end of: what `_Frame` holds
    of it when it has no properties and no merge key."""

    __slots__ = ("duplicates", "end", "flow", "items", "key", "mapping", "pykeys", "start")

    def __init__(self, mapping: bool, flow: bool, start: int) -> None:
        self.mapping = mapping
        self.flow = flow
        self.start = start
        # Where its last item ends: a block collection ends there.
        self.end = start
        # Items, or a mapping's entries.
        self.items: list[Any] = []
        # A mapping's key waiting for its value, and what the safe loader
        # would use as a dict key for each key so far.
        self.key: Scalar | None = None
        self.pykeys: set[object] = set()
        self.duplicates: list[Scalar] = []


class _LibyamlEvents(_Composer):
    """Reads the stream with libyaml, or raises `_Fallback`."""

    def _read_direct(self) -> None:
        """What `_read_libyaml` composes, for the streams most request files
        are: scalars and collections without anchors, tags or aliases, no
        omitted value, merge or complex key, no finding but a
        duplicate key. The nodes are made in the event loop, without
        `_Placed`, `_Frame` and `_attach` (about 40% of the instructions of
        reading a YAML request, issue 20); anything else raises `_Slow`
        before a finding is made, and the composer of events reads the text
        again. tests/test_yaml_fastpath.py compares the two."""
        LibYAMLError, ev, CParser, _ = _libyaml()
        try:
            parser = CParser(self.text)
        except UnicodeError as exc:
            raise _Slow from exc
        text, source, max_depth = self.text, self.source, self.max_depth
        documents, findings = self.result.documents, self.result.findings
        get_event, scalar_event, mapping_start = parser.get_event, ev.ScalarEvent, ev.MappingStartEvent
        sequence_start, document_start = ev.SequenceStartEvent, ev.DocumentStartEvent
        collection_end = (ev.MappingEndEvent, ev.SequenceEndEvent)
        stack: list[_Open] = []
        frame: _Open | None = None  # the innermost open collection
        root: Node | None = None
        node: Node
        try:
            while True:
                try:
                    event = get_event()
                except (LibYAMLError, UnicodeError) as exc:
                    raise _Slow from exc
                kind = type(event)
                if kind is scalar_event:
                    raw: str = event.value
                    style: str | None = event.style or None  # libyaml's plain style is ""
                    if (not raw and style is None) or event.anchor is not None or event.tag is not None:
                        raise _Slow  # an omitted value, or properties
                    start = event.start_mark.index
                    end = event.end_mark.index
                    if style in _BLOCK:
                        # As `_libyaml_scalar` and `_scalar` take a block scalar.
                        if frame is None or _compiled(_BLOCK_DIFFERS).match(text, start):
                            raise _Slow
                        end = start + len(text[start:end].rstrip(_LAYOUT))
                    implicit = event.implicit
                    pykey: object = raw
                    # Not plain (not implicit as plain): ruamel's resolver says `str`.
                    if not implicit[0] or _resolve_1_2(raw, implicit) == _STR:
                        lo, hi = (start, end) if style is None else (start + 1, end - 1)
                        if raw and style not in _BLOCK and _written_as_is(text, raw, lo, hi, style):
                            text_map: Linear | OffsetMap | None = linear_of(lo, hi - lo)
                        else:
                            text_map = _text_map(text, start, end, style, raw)
                        node = scalar_of(source, span_of(start, end), raw, text_map, style is None)
                    else:
                        in_key = frame is not None and frame.mapping and frame.key is None
                        tag = _resolve_1_2(raw, implicit)
                        value, pykey, problem, _ = _convert(None, tag, raw, in_key, False)
                        if problem is not None or tag == _MERGE:
                            raise _Slow
                        text_map = _text_map(text, start, end, style, raw) if isinstance(value, str) else None
                        node = scalar_of(source, span_of(start, end), value, text_map, style is None)
                elif kind is mapping_start or kind is sequence_start:
                    end = event.end_mark.index
                    mapping = kind is mapping_start
                    flow = bool(event.flow_style)
                    if (
                        event.anchor is not None
                        or event.tag is not None
                        or (frame is not None and frame.mapping and frame.key is None)  # a complex key
                        # The open collections are `stack` and `frame`: this
                        # one is one deeper (as `_Composer._start` counts).
                        or len(stack) + (frame is not None) >= max_depth
                    ):
                        raise _Slow
                    if flow:
                        if mapping and text[end - 1 : end] != "{":
                            raise _Slow  # a single pair in a flow sequence (`[a: 1]`)
                        end -= 1  # the event ends after `[` or `{`
                    elif not mapping and text[end : end + 1] != "-":
                        end -= 1  # an indentless sequence's event ends after its first `-`
                    if frame is not None:
                        stack.append(frame)
                    frame = _Open(mapping, flow, end)
                    continue
                elif kind in collection_end:
                    assert frame is not None
                    done = frame
                    end = event.end_mark.index if done.flow else done.end
                    span = span_of(done.start, max(end, done.start))
                    if done.mapping:
                        node = Mapping(source, span, tuple(done.items))
                        for key in done.duplicates:
                            findings.append(
                                Finding(
                                    RULE,
                                    source,
                                    Span(key.span.start, key.span.end),
                                    f"Duplicate key `{key.value!s}`: the CLI's YAML loader rejects it",
                                )
                            )
                    else:
                        node = Sequence(source, span, tuple(done.items))
                    frame = stack.pop() if stack else None
                    end = span.end
                elif kind is document_start:
                    if event.version is not None or event.tags is not None:
                        raise _Slow
                    continue
                elif kind is ev.DocumentEndEvent:
                    # libyaml skips a second `...`; ruamel fails on it.
                    if event.explicit and text.startswith("...", _skip_layout(text, event.end_mark.index)):
                        raise _Slow
                    if root is not None:
                        documents.append(root)
                        root = None
                    continue
                elif kind is ev.StreamEndEvent:
                    return
                elif kind is ev.StreamStartEvent:
                    continue
                else:
                    raise _Slow  # an alias
                # `node` is the next item, key or value of `frame`, and ends at `end`.
                if frame is None:
                    root = node
                    continue
                frame.end = end
                if not frame.mapping:
                    frame.items.append(node)
                elif frame.key is None:
                    frame.key = node  # type: ignore[assignment]  # a collection raised `_Slow`
                    if pykey in frame.pykeys:
                        frame.duplicates.append(node)  # type: ignore[arg-type]
                    else:
                        frame.pykeys.add(pykey)
                else:
                    frame.items.append(entry_of(frame.key, node))
                    frame.key = None
        finally:
            parser.dispose()

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
        LibYAMLError, ev, CParser, _ = _libyaml()

        self.resolve = _resolve_1_2
        self.constructor = None  # `_fast_loader`'s, made if a scalar needs it
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
        # Bound once: a request file is mostly scalars, one event each.
        get_event, scalar_event, scalar, attach = (
            parser.get_event,
            ev.ScalarEvent,
            self._libyaml_scalar,
            self._attach,
        )
        try:
            while True:
                try:
                    event = get_event()
                except (LibYAMLError, UnicodeError) as exc:
                    raise _Fallback from exc
                kind = type(event)
                if kind is scalar_event:
                    attach(scalar(event))
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
        if anchor is None and tag is None and raw and (style is None or style == '"' or style == "'"):
            # Most scalars of a request: a one-line string, plain or quoted,
            # without properties. What `_scalar` does for them, inline
            # (tests/test_yaml_fastpath.py compares the two).
            self.consumed, self.indicator_end = end, None
            if self.resolve(raw, event.implicit) == _STR:
                text = self.text
                lo, hi = (props_start, end) if style is None else (props_start + 1, end - 1)
                if _written_as_is(text, raw, lo, hi, style):
                    text_map: Linear | OffsetMap | None = Linear(lo, hi - lo)
                else:
                    text_map = _text_map(text, props_start, end, style, raw)
                node = Scalar(self.source, Span(props_start, end), raw, text_map, style is None)
                self.keys[id(node)] = raw
                self.alive.append(node)
                return _new_placed(_Placed, (node, props_start, end))
            return self._scalar(raw, style, None, None, event.implicit, props_start, props_start, end)
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
            and (not self.frames or _compiled(_BLOCK_DIFFERS).match(self.text, start))
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
                found = _compiled(_TAG).match(text, p)
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
