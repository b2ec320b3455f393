"""The libyaml fast path: the events of a YAML stream from PyYAML's C parser,
several times faster than ruamel's pure-Python scanner, taken only where
libyaml surely reads the text as ruamel does (else `_Fallback`: ruamel
reads it again)."""

from __future__ import annotations

import re
import sys
from typing import Any

from ami_lint.nodes import Scalar
from ami_lint.offsets import Linear, OffsetMap
from ami_lint.readers.yaml_events import _Composer, _Placed, _Stop
from ami_lint.readers.yaml_scalars import _CORE, _fast_loader, _resolve_1_2
from ami_lint.readers.yaml_text_map import _SPACE_RUN, _text_map
from ami_lint.readers.yaml_text_map import _VERBATIM_BREAKS as _BREAK
from ami_lint.source import Span


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


_STR = _CORE + "str"
# A `_Placed` made without its class's Python `__new__`.
_new_placed = tuple.__new__


def _fast_candidate(text: str) -> bool:
    return _NOT_FAST.search(text) is None


def _skip_layout(text: str, p: int) -> int:
    """The first character at or after `p` that is not whitespace, a line break or in a comment."""
    return _LAYOUT_AND_COMMENTS.match(text, p).end()  # type: ignore[union-attr]


_LAYOUT_AND_COMMENTS = re.compile(r"(?:[ \r\n]|#[^\r\n]*)*")


# PyYAML's error class, events module and C parser, imported when first
# needed, then without import statements for each file (about 8,000
# instructions each, issue 20).
_LIBYAML: list[tuple[Any, Any, Any, Any]] = []
_modules = sys.modules


class _LibyamlEvents(_Composer):
    """Reads the stream with libyaml, or raises `_Fallback`."""

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
        # Held while `yaml._yaml` is the module imported (a test takes it away).
        if not _LIBYAML or _modules.get("yaml._yaml") is not _LIBYAML[0][3]:
            try:
                from yaml import YAMLError, events
                from yaml._yaml import CParser as Parser
            except ImportError as exc:  # a PyYAML built without libyaml
                raise _Fallback from exc
            _LIBYAML[:] = [(YAMLError, events, Parser, _modules["yaml._yaml"])]
        LibYAMLError, ev, CParser, _ = _LIBYAML[0]

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
                if (
                    hi - lo == len(raw)
                    and text.startswith(raw, lo)
                    and (
                        style is None
                        or ("'" not in raw if style == "'" else "\\" not in raw and '"' not in raw)
                    )
                    # No line break, tab or space (most values): neither
                    # pattern can match, and neither is run.
                    and (
                        (raw.isprintable() and " " not in raw)
                        or (_BREAK.search(raw) is None and _SPACE_RUN.search(raw, 1) is None)
                    )
                ):
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
