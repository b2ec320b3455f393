"""ruamel.yaml's parser (YAML 1.2, as the CLI v2 reads it), with a scanner
that remembers where each token was and scans simple keys in constant time,
and its errors turned into findings: the reference path, for every text the
libyaml fast path leaves to it."""

from __future__ import annotations

from ami_lint.readers.yaml_events import _Composer, _Placed, _Stop

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

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
    from ruamel.yaml.scanner import ScannerError
    from ruamel.yaml.tokens import (
        BlockEntryToken,
        DocumentStartToken,
        KeyToken,
        ScalarToken,
        ValueToken,
    )


_TrackingScanner: Any = None


def _load() -> None:
    """ruamel.yaml's names this module uses, imported when a text first needs
    ruamel (most requests are read by the libyaml path alone, issue 20)."""
    global YAML, MarkedYAMLError, YAMLError, AliasEvent, CollectionEndEvent, CollectionStartEvent
    global DocumentEndEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent, ScalarNode
    global ReaderError, ScannerError, BlockEntryToken, DocumentStartToken, KeyToken
    global ScalarToken, ValueToken, _TrackingScanner
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

    _TrackingScanner = _tracking_scanner(Scanner)


def _tracking_scanner(scanner: Any) -> Any:
    """ruamel's `Scanner` subclassed (when ruamel is imported)."""

    class _TrackingScanner(scanner):  # type: ignore[misc, valid-type]
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

    return _TrackingScanner


class _RuamelEvents(_Composer):
    """Reads the stream with ruamel's parser."""

    yaml: YAML

    def _read_ruamel(self) -> None:
        if _TrackingScanner is None:
            _load()
        self.yaml = YAML(typ="safe", pure=True)
        self.yaml.Scanner = _TrackingScanner
        resolver = self.yaml.resolver
        self.resolve: Callable[[str, tuple[bool, bool]], str] = lambda raw, implicit: str(
            resolver.resolve(ScalarNode, raw, implicit)
        )
        self.constructor = self.yaml.constructor
        events = self.yaml.parse(self.text)
        try:
            import warnings  # not at start-up

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
