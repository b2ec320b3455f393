"""The comments of a YAML text that may hold `ami-lint:` directives, with the
line a `disable=` in each covers (`ami_lint.suppressions`)."""

from __future__ import annotations

from bisect import bisect_right

from ami_lint.frontend import SUPPRESSION_MARKER, Comment, line_span, next_code_line
from ami_lint.source import Source, Span

# Past this flow nesting the YAML reader gives up (AMI002), and so does the comment scan.
MAX_FLOW_DEPTH = 400


def yaml_comments(source: Source) -> list[Comment]:
    """The comments of a YAML text holding `ami-lint:`, with the line each applies to.

    ruamel's scanner gives where every token is; a `#` outside all of them, at
    a line start or after a blank, starts a comment. Past a syntax error only
    comment-only lines count."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    text = source.text
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
