"""The comments of a YAML text that may hold `ami-lint:` directives, with the
line a `disable=` in each covers (`ami_lint.suppressions`)."""

from __future__ import annotations

from bisect import bisect_right

from ami_lint.frontend import SUPPRESSION_MARKER, Comment, line_span, next_code_line
from ami_lint.source import Source, Span

# What may follow `:`, `?` or `-` as an indicator for both scanners.
_INDICATOR_ENDS = frozenset(("", " ", "\r", "\n", ",", "[", "]", "{", "}"))
# Past this flow nesting the YAML reader gives up (AMI002), and so does the comment scan.
MAX_FLOW_DEPTH = 400


def yaml_comments(source: Source) -> list[Comment]:
    """The comments of a YAML text holding `ami-lint:`, with the line each applies to.

    ruamel's scanner gives where every token is (or libyaml's, where it
    surely scans as ruamel does: `_libyaml_scan`); a `#` outside all of them,
    at a line start or after a blank, starts a comment. Past a syntax error
    only comment-only lines count."""
    text = source.text
    scanned = _libyaml_scan(text)
    starts, ends, scanned_to = scanned if scanned is not None else _ruamel_scan(text)

    def in_token(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def comment_start(line: int) -> tuple[int, bool] | None:
        lo = source.offset_of_line(line)
        row = source.line_text(line)
        pos = row.find("#")
        while pos >= 0:
            at = lo + pos
            own = not row[:pos].strip()
            if (pos == 0 or row[pos - 1] in " \t") and not in_token(at) and (own or at < scanned_to):
                return at, own
            pos = row.find("#", pos + 1)
        return None

    lines = range(1, source.line_count() + 1)
    comment_at = {n: found for n in lines if "#" in source.line_text(n) and (found := comment_start(n))}
    comment_lines = {n for n, (_, own) in comment_at.items() if own}
    comments = []
    for line, (at, own) in sorted(comment_at.items()):
        if SUPPRESSION_MARKER not in source.line_text(line):
            continue
        end = source.offset_of_line(line) + len(source.line_text(line))
        target = next_code_line(source, line, comment_lines) if own else line
        if target is None:
            continue
        comments.append(Comment(Span(at, end), own, (line_span(source, target, target),)))
    return comments


def _ruamel_scan(text: str) -> tuple[list[int], list[int], int]:
    """Where each token ruamel's scanner gives starts and ends (those not
    empty), and how far it scanned: the whole text, or to its error."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    starts: list[int] = []
    ends: list[int] = []
    scanned_to = len(text)
    depth = 0
    tokens = YAML(typ="safe", pure=True).scan(text)
    try:
        for token in tokens:
            name = type(token).__name__
            if name in ("FlowSequenceStartToken", "FlowMappingStartToken"):
                depth += 1
                if depth > MAX_FLOW_DEPTH:  # the scanner slows down quadratically with depth
                    scanned_to = token.start_mark.index
                    break
            elif name in ("FlowSequenceEndToken", "FlowMappingEndToken"):
                depth -= 1
            if token.end_mark.index > token.start_mark.index:
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        scanned_to = getattr(mark, "index", 0) if mark is not None else 0
        if ends:
            scanned_to = min(scanned_to, ends[-1])
    finally:
        tokens.close()
    return starts, ends, scanned_to


def _libyaml_scan(text: str) -> tuple[list[int], list[int], int] | None:
    """What `_ruamel_scan` gives, from libyaml's scanner (PyYAML's C one: no
    import of ruamel.yaml, issue 20), for a text both scan alike: one the
    libyaml reading path would take (`yaml_libyaml`), without a directive or
    a block scalar header they read differently, that libyaml scans without
    error (ruamel says where an error is). None otherwise: ruamel scans it.
    Their tokens are the same, each where ruamel puts it
    (tests/test_yaml_comments.py compares them)."""
    from ami_lint.readers.yaml_libyaml import (
        _BLOCK_DIFFERS,
        _NAME_ENDS,
        _TAG,
        _compiled,
        _Fallback,
        _fast_candidate,
        _libyaml,
    )

    if not _fast_candidate(text):
        return None
    try:
        error, _, parser_class, _ = _libyaml()
        parser = parser_class(text)
    except (_Fallback, UnicodeError):
        return None
    starts: list[int] = []
    ends: list[int] = []
    depth = 0
    blocks = 0  # open block collections
    get_token = parser.get_token
    try:
        while True:
            token = get_token()
            if token is None:
                return starts, ends, len(text)
            name = type(token).__name__
            start = token.start_mark.index
            if name in ("FlowSequenceStartToken", "FlowMappingStartToken"):
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    return starts, ends, start
            elif name in ("FlowSequenceEndToken", "FlowMappingEndToken"):
                depth -= 1
            elif name in ("BlockMappingStartToken", "BlockSequenceStartToken"):
                blocks += 1
            elif name == "BlockEndToken":
                blocks -= 1
            elif name == "DirectiveToken" or (
                name == "ScalarToken"
                and token.style in ("|", ">")
                # A top-level block scalar may have unindented text in YAML 1.2 only.
                and (_compiled(_BLOCK_DIFFERS).match(text, start) or blocks <= 0)
            ):
                return None
            end = token.end_mark.index
            if name in ("AnchorToken", "AliasToken"):
                # ruamel takes more characters into a name than libyaml.
                if text[end : end + 1] not in _NAME_ENDS:
                    return None
            elif name in ("ValueToken", "KeyToken", "BlockEntryToken") and end > start:
                # `:x`, `?x`, `-x`: an indicator in YAML 1.1, a plain scalar's
                # first character in 1.2 (in flow context).
                if text[end : end + 1] not in _INDICATOR_ENDS:
                    return None
            elif name == "TagToken":
                tag = _compiled(_TAG).match(text, start)
                if tag is None or tag.end() != end:
                    return None
            if end > start:
                starts.append(start)
                ends.append(end)
    except (error, UnicodeError):
        return None
    finally:
        parser.dispose()
