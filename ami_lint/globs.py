"""The globs of a configuration (`exclude`, `per-file-ignores`), matched in
linear time.

A configuration may come from an untrusted change, so a glob must not be able
to make matching slow: translated to a backtracking regex, `*****…x` or
`*a*a*a*…b` takes time exponential in the number of stars on a long name (a
committed `.ami-lint.yaml` hung the linter). Here a glob becomes a small
automaton whose states are simulated all at once over the path, one character
at a time: the work is at most the glob's length times the path's.

The language: `*` and `?` stay within one name, `[abc]`, `[a-z]` and `[!a]`
match one character of a name, `**/` matches any number of folders (none
included), `**` elsewhere any text, `/` across folders included; a glob
without `/` matches a name at any depth (as in .gitignore), and a glob that
matches a folder matches everything in it.
"""

from __future__ import annotations

from functools import lru_cache

# Longer globs are a configuration error: no one writes them, and the work of
# a match grows with the length.
MAX_GLOB_LENGTH = 1024

_LITERAL, _ONE, _CLASS, _STAR, _ANY, _DIRS = range(6)
# A token: (kind, literal character or class); a class is (members, negated),
# members a tuple of (first, last) character ranges.
Token = tuple[int, object]


class GlobError(ValueError):
    """A glob that cannot be used; the message says why."""


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> tuple[Token, ...]:
    """The tokens of `pattern`, or `GlobError`."""
    if len(pattern) > MAX_GLOB_LENGTH:
        raise GlobError(f"longer than {MAX_GLOB_LENGTH} characters")
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    tokens: list[Token] = [] if anchored else [(_DIRS, None)]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            _add_star(tokens, _DIRS)
            i += 3
        elif pattern.startswith("**", i):
            _add_star(tokens, _ANY)
            i += 2
        elif char == "*":
            _add_star(tokens, _STAR)
            i += 1
        elif char == "?":
            tokens.append((_ONE, None))
            i += 1
        elif char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            tokens.append((_CLASS, _class(pattern[i + 1 : end])))
            i = end + 1
        else:
            tokens.append((_LITERAL, char))
            i += 1
    return tuple(tokens)


def _add_star(tokens: list[Token], kind: int) -> None:
    """Append a star, folding runs (`***`, `*/**/`) that match the same text
    into one: they add nothing but states."""
    if tokens and tokens[-1][0] in (_STAR, _ANY, _DIRS):
        last = tokens[-1][0]
        if kind == last or last == _ANY:
            return
        if kind == _ANY:  # `*` then `**`: the `**` covers both
            tokens[-1] = (_ANY, None)
            return
    tokens.append((kind, None))


def _class(body: str) -> tuple[tuple[tuple[str, str], ...], bool]:
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            ranges.append((body[i], body[i + 2]))
            i += 3
        else:
            ranges.append((body[i], body[i]))
            i += 1
    return tuple(ranges), negated


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether the `/`-separated relative path, or a folder above it, matches."""
    tokens = compile_glob(pattern)
    end = len(tokens)
    states = _closure({0}, tokens)
    for char in relative:
        if char == "/" and end in states:
            return True  # a folder above the path matches
        following: set[int] = set()
        for state in states:
            if state < 0:  # inside `**/`: any text, left after a `/`
                following.add(state)
                if char == "/":
                    following.add(-state)
                continue
            if state == end:
                continue
            kind, value = tokens[state]
            if kind == _LITERAL:
                if char == value:
                    following.add(state + 1)
            elif kind == _ONE:
                if char != "/":
                    following.add(state + 1)
            elif kind == _CLASS:
                if char != "/" and _in_class(char, value):  # type: ignore[arg-type]
                    following.add(state + 1)
            elif kind == _STAR:
                if char != "/":
                    following.add(state)
            elif kind == _ANY:
                following.add(state)
            else:  # _DIRS, entered: `(.*/)?` has begun
                following.add(-(state + 1))
                if char == "/":
                    following.add(state + 1)
        if not following:
            return False
        states = _closure(following, tokens)
    return end in states


def _closure(states: set[int], tokens: tuple[Token, ...]) -> set[int]:
    """`states` and those reached without reading: every star may match nothing."""
    todo = [s for s in states if 0 <= s < len(tokens)]
    while todo:
        state = todo.pop()
        if tokens[state][0] in (_STAR, _ANY, _DIRS) and state + 1 not in states:
            states.add(state + 1)
            if state + 1 < len(tokens):
                todo.append(state + 1)
    return states


def _in_class(char: str, value: tuple[tuple[tuple[str, str], ...], bool]) -> bool:
    ranges, negated = value
    return any(first <= char <= last for first, last in ranges) != negated
