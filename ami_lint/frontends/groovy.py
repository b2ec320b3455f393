"""A small Groovy lexer, made to find the `sh` steps of a Jenkinsfile.

It knows what can hide an `sh`: comments (`//`, `/* */`, a first `#!`
line), strings of every kind (`'…'`, `'''…'''`, `"…"`, `\"\"\"…\"\"\"`,
slashy `/…/` and dollar-slashy `$/…/$`) and the code inside a GString's
`${…}`, nested as deep as it goes (a stack, not recursion: one pass, linear
in the text). It is not a Groovy parser: it reads tokens, and an `sh` step is
the identifier `sh` followed on its line by a string, by `(` with a string or
a `script:` argument, or by `script:`.

Its limits, on purpose:

- a `/` is a slashy string where a value cannot stand before it (after an
  operator, `(`, `,`, `=`, a keyword, at the start of a line), else a
  division: the rule of thumb of Groovy's own lexer, without its grammar;
- the script must be a string literal, or literals joined with `+` (an
  identifier or a property path joined in is an unknown part); a script
  held in a variable (`sh cmd`) is not followed;
- `.stripIndent()` and `.stripMargin()` after the string are not applied
  (the shell does not mind indentation, save a here-document's end word);
- an escape Groovy rejects (`\\q`) is kept as written (the file would not
  compile: Jenkins runs none of it).

Every character of a step's decoded script points back to where it was
written: an escape (`\\'`, `\\$`, `\\u00e9`) is one atom of the offset map,
and a line continuation (a `\\` ending a line of a triple-quoted string)
vanishes, as Groovy makes it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ami_lint.offsets import OffsetMap
from ami_lint.records import Record, record
from ami_lint.source import Span

# Kinds of string, by their opening delimiter.
SINGLE, TRIPLE_SINGLE, DOUBLE, TRIPLE_DOUBLE, SLASHY, DOLLAR_SLASHY = "'", "'''", '"', '"""', "/", "$/"
CLOSE = {
    SINGLE: "'",
    TRIPLE_SINGLE: "'''",
    DOUBLE: '"',
    TRIPLE_DOUBLE: '"""',
    SLASHY: "/",
    DOLLAR_SLASHY: "/$",
}
GSTRINGS = (DOUBLE, TRIPLE_DOUBLE, SLASHY, DOLLAR_SLASHY)
# What a string of each kind writes otherwise than as itself: a fix that
# would write one of these into it is not offered (`Source.escapes`).
ESCAPES = {
    SINGLE: "\\'",
    TRIPLE_SINGLE: "\\'",
    DOUBLE: '\\"$',
    TRIPLE_DOUBLE: '\\"$',
    SLASHY: "\\/$",
    DOLLAR_SLASHY: "\\/$",
}
ONE_LINE = (SINGLE, DOUBLE)

IDENT, STRING, PUNCT, NUMBER, NEWLINE, COMMENT = "ident", "string", "punct", "number", "newline", "comment"

_CODE = re.compile(
    r"""(?P<ws>[ \t\f]+|\\(?:\r\n|\r|\n))
    |(?P<nl>\r\n|\r|\n)
    |(?P<lc>//[^\r\n]*)
    |(?P<bc>/\*)
    |(?P<str>'''|\"\"\"|'|"|\$/)
    |(?P<id>[A-Za-z_][\w$]*)
    |(?P<num>\d[\w.]*)
    |(?P<p>.)""",
    re.VERBOSE | re.DOTALL,
)
# Inside `${…}`: what opens or closes something.
_IN_CODE = re.compile(r"""[{}'"/\r\n]|\$/""")
_GROOVY_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*")
# Words after which a `/` starts a slashy string, not a division.
_KEYWORDS = frozenset(("return", "in", "case", "assert", "if", "while", "else", "throw", "and", "sh"))


@record(frozen=True, slots=True)
class Token(metaclass=Record):
    kind: str
    start: int
    end: int
    # A string's kind, where its body starts and ends, whether it is closed,
    # and its interpolations (`${…}`, `$name`) as spans of the text.
    quote: str = ""
    body: Span | None = None
    closed: bool = True
    holes: tuple[Span, ...] = ()


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, blanks left out, comments and line ends kept."""
    i, n = 0, len(text)
    value_before = False  # a value stands before: a `/` is a division
    if text.startswith("#!"):
        end = _line_end(text, 0)
        yield Token(COMMENT, 0, end)
        i = end
    match = _CODE.match
    while i < n:
        m = match(text, i)
        assert m is not None  # `.` with DOTALL matches any character
        kind = m.lastgroup
        start, end = m.start(), m.end()
        if kind == "ws":
            i = end
            continue
        if kind == "nl":
            yield Token(NEWLINE, start, end)
            value_before = False
        elif kind == "lc":
            yield Token(COMMENT, start, end)
        elif kind == "bc":
            close = text.find("*/", end)
            end = n if close < 0 else close + 2
            yield Token(COMMENT, start, end)
        elif kind == "str" or (kind == "p" and text[start] == "/" and not value_before):
            quote = text[start:end]
            token = _string(text, start, end, quote)
            yield token
            end = token.end
            value_before = True
        elif kind == "id":
            yield Token(IDENT, start, end)
            value_before = text[start:end] not in _KEYWORDS
        elif kind == "num":
            yield Token(NUMBER, start, end)
            value_before = True
        else:
            yield Token(PUNCT, start, end)
            value_before = text[start] in ")]}"
        i = end


_EOL = re.compile(r"[\r\n]")


def _line_end(text: str, i: int) -> int:
    m = _EOL.search(text, i)
    return len(text) if m is None else m.start()


def _string(text: str, start: int, body_start: int, quote: str) -> Token:
    """The string opened by `quote` at `start`; its interpolations are found
    by walking the code inside each `${…}` with a stack of what is open."""
    n = len(text)
    close = CLOSE[quote]
    holes: list[Span] = []
    # Each frame: [kind, quote or brace depth]. The bottom frame is this string.
    stack: list[list] = [["s", quote]]
    i = body_start
    body_end = n
    closed = False
    hole_start = -1
    while stack and i < n:
        frame = stack[-1]
        if frame[0] == "s":
            q = frame[1]
            c = text[i]
            if c == "\\" and q not in (DOLLAR_SLASHY,):
                i += 2
                continue
            if q in ONE_LINE and c in "\r\n":
                stack.pop()  # unterminated on its line: ends there
                if not stack:
                    body_end = i
                    return Token(STRING, start, i, quote, Span(body_start, i), False, tuple(holes))
                continue
            if text.startswith(CLOSE[q], i):
                stack.pop()
                if not stack:
                    body_end = i
                    closed = True
                    i += len(close)
                    break
                i += len(CLOSE[q])
                continue
            if c == "$" and q in GSTRINGS:
                if q == DOLLAR_SLASHY and text.startswith(("$$", "$/"), i):
                    i += 2
                    continue
                if text.startswith("${", i):
                    if len(stack) == 1:
                        hole_start = i
                    stack.append(["c", 0])
                    i += 2
                    continue
                m = _GROOVY_NAME.match(text, i + 1)
                if m is not None:
                    if len(stack) == 1:
                        holes.append(Span(i, m.end()))
                    i = m.end()
                    continue
            i += 1
            continue
        # Code inside `${…}`.
        m = _IN_CODE.search(text, i)
        if m is None:
            i = n
            break
        c = m.group()
        i = m.end()
        if c == "{":
            frame[1] += 1
        elif c == "}":
            if frame[1]:
                frame[1] -= 1
            else:
                stack.pop()
                if len(stack) == 1 and hole_start >= 0:
                    holes.append(Span(hole_start, i))
                    hole_start = -1
        elif c == "/":
            if text.startswith("/", i):
                i = _line_end(text, i)
            elif text.startswith("*", i):
                end = text.find("*/", i + 1)
                i = n if end < 0 else end + 2
            # else a division: a slashy string inside `${…}` is not looked for
        elif c in "\r\n":
            pass
        else:
            q = c
            if c in "'\"" and text.startswith(c * 3, m.start()):
                q = c * 3
                i = m.start() + 3
            stack.append(["s", q])
    if not closed:
        if hole_start >= 0:
            holes.append(Span(hole_start, n))
        return Token(STRING, start, n, quote, Span(body_start, n), False, tuple(holes))
    return Token(STRING, start, i, quote, Span(body_start, body_end), True, tuple(holes))


# ---------------------------------------------------------------------------
# Decoding a string's body: its text as Groovy makes it, and where each
# character was written.

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "\\": "\\", "'": "'", '"': '"', "$": "$"}
_OCTAL = re.compile(r"[0-3]?[0-7]{1,2}")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")


# One piece of a decoded script: (file offset, file length, decoded text),
# linear when the text was copied as written (`literal`), else one atom; a
# hole has no text (None).
Op = tuple[int, int, "str | None", bool]


def decode_into(text: str, token: Token, ops: list[Op]) -> None:
    """Append the decoded body of string `token` of `text` to `ops`."""
    assert token.body is not None
    quote = token.quote
    i, end = token.body.start, token.body.end
    holes = token.holes
    h = 0
    run = i

    def flush(upto: int) -> None:
        if upto > run:
            ops.append((run, upto - run, text[run:upto], True))

    while i < end:
        if h < len(holes) and holes[h].start == i:
            flush(i)
            ops.append((i, holes[h].end - i, None, False))
            i = holes[h].end
            run = i
            h += 1
            continue
        c = text[i]
        if quote == DOLLAR_SLASHY:
            if c == "$" and i + 1 < end and text[i + 1] in "$/":
                flush(i)
                ops.append((i, 2, text[i + 1], False))
                i += 2
                run = i
                continue
            i += 1
            continue
        if c != "\\" or i + 1 >= end:
            i += 1
            continue
        nxt = text[i + 1]
        decoded: str | None = None
        width = 2
        if quote == SLASHY:
            if nxt == "/":
                decoded = "/"
        elif nxt in "\r\n":
            decoded = ""  # a line continuation
            width = 3 if text.startswith("\r\n", i + 1) else 2
        elif nxt in _ESCAPES:
            decoded = _ESCAPES[nxt]
        elif nxt == "u":
            j = i + 2
            m = _HEX4.match(text, j)
            while m is None and j < end and text[j] == "u":  # `\\uuuu0041` is allowed
                j += 1
                m = _HEX4.match(text, j)
            if m is not None:
                decoded = chr(int(m.group(), 16))
                width = m.end() - i
        elif "0" <= nxt <= "7":
            m = _OCTAL.match(text, i + 1)
            assert m is not None
            decoded = chr(int(m.group(), 8))
            width = 1 + len(m.group())
        if decoded is None:  # kept as written
            i += 2
            continue
        flush(i)
        ops.append((i, width, decoded, False))
        i += width
        run = i
    flush(end)


# ---------------------------------------------------------------------------
# Where the shell stands at each hole: the unknown part is written so that
# the shell reads it as one unknown value in that place.

_SHELL_SPECIAL = re.compile(r"""['"\\`$#()}\n]|<<-?""")
_HEREDOC_WORD = re.compile(r"""[ \t]*(?:(['"])([^'"\s]+)\1|\\?([^\s;&|<>()'"]+))""")
# Shell states: unquoted (also in `$(…)`, `${…}` and backticks), single
# quotes, `$'…'`, double quotes, a comment, a here-document's body
# (quoted end word: literal; else expanded).
U, S, A, D, C, HQ, HU = "u", "s", "a", "d", "c", "hq", "hu"


def shell_states(text: str, at: list[int]) -> list[str]:
    """The shell's quoting state at each offset of `at` (sorted) of the script
    `text`: a quote-and-here-document tracker, not a parser."""
    keys: list[int] = [0]
    states: list[str] = [U]
    stack: list[list] = [[U, 0]]
    pending: list[tuple[str, bool, bool]] = []  # here-documents waiting for the line's end
    i, n = 0, len(text)

    def mark(pos: int) -> None:
        state = stack[-1][0]
        if states[-1] != state:
            keys.append(pos)
            states.append(state)

    while i < n:
        top = stack[-1]
        state = top[0]
        if state == S:
            j = text.find("'", i)
            if j < 0:
                break
            stack.pop()
            i = j + 1
            mark(i)
            continue
        if state == C:
            j = text.find("\n", i)
            if j < 0:
                break
            stack.pop()
            i = j
            mark(i)
            continue
        m = _SHELL_SPECIAL.search(text, i)
        if m is None:
            break
        c = m.group()
        j = m.start()
        i = m.end()
        if c == "\\":
            i = j + 2
            continue
        if state == A:
            if c == "'":
                stack.pop()
                mark(i)
            continue
        if state == D:
            if c == '"':
                stack.pop()
            elif c == "`":
                stack.append(["b", 0])
            elif c == "$" and text.startswith("$(", j):
                stack.append([U, 0])
                i = j + 2
            mark(i)
            continue
        # Unquoted (U, in `$(…)`, or "b" in backticks).
        if c == "'":
            stack.append([S, 0])
        elif c == '"':
            stack.append([D, 0])
        elif c == "`":
            if state == "b":
                stack.pop()
            else:
                stack.append(["b", 0])
        elif c == "$":
            if text.startswith("$'", j):
                stack.append([A, 0])
                i = j + 2
            elif text.startswith("$(", j):
                stack.append([U, 0])
                i = j + 2
            elif text.startswith("${", j):
                stack.append([U, -1])  # ends at its `}`
                i = j + 2
        elif c == "(":
            if top[1] >= 0:
                top[1] += 1
        elif c == ")":
            if top[1] > 0:
                top[1] -= 1
            elif len(stack) > 1 and top[1] == 0 and state == U:
                stack.pop()
        elif c == "}":
            if top[1] == -1:
                stack.pop()
        elif c == "#":
            if j == 0 or text[j - 1] in " \t\n;&|(":
                stack.append([C, 0])
        elif c.startswith("<<"):
            word = _HEREDOC_WORD.match(text, i)
            if word is not None and not text.startswith("<", i):
                name = word.group(2) or word.group(3)
                pending.append(
                    (name, word.group(1) is not None or word.group(0).lstrip().startswith("\\"), c == "<<-")
                )
                i = word.end()
        elif c == "\n" and pending:
            # The here-documents' bodies start on the next line.
            pos = j + 1
            for name, quoted, strip in pending:
                end = re.compile(r"^" + ("\t*" if strip else "") + re.escape(name) + r"$", re.M).search(
                    text, pos
                )
                stop = n if end is None else end.end()
                keys.append(pos)
                states.append(HQ if quoted else HU)
                pos = stop
            pending.clear()
            keys.append(pos)
            states.append(stack[-1][0])
            i = pos
            continue
        mark(i)
    return [states[bisect_right(keys, p) - 1] for p in at]


# ---------------------------------------------------------------------------
# `sh` steps.

# Tokens looked at for the `script:` argument of one `sh(…)`: a file with an
# `sh(` left open is not read to its end for each of them.
MAX_ARGUMENT_TOKENS = 4096
_NAME = re.compile(r"[A-Za-z_]\w*")


@record(eq=False)
class Step(metaclass=Record):
    """One `sh` step whose script is a string."""

    span: Span  # from `sh` to the end of its script
    script: str  # as the shell receives it, each unknown part a `${…}`
    map: OffsetMap  # from the script's offsets to the file's
    # Each unknown part's text in the script, where it differs from what
    # was written (`${env_NAME}` for `${env.NAME}`), and that text.
    written: dict[str, str]
    # What the step's strings write otherwise than as themselves (`ESCAPES`).
    escapes: str = ""


class _Stream:
    """The tokens, with a look-ahead buffer."""

    def __init__(self, text: str) -> None:
        self.it = tokens(text)
        self.buf: list[Token] = []
        self.head = 0  # the buffer's next token
        self.taken = 0  # tokens handed out by `next`
        self.farthest = -1  # the farthest token looked at, counted as `taken`

    def peek(self, k: int) -> Token | None:
        while len(self.buf) - self.head <= k:
            token = next(self.it, None)
            if token is None:
                return None
            self.buf.append(token)
        self.farthest = max(self.farthest, self.taken + k)
        return self.buf[self.head + k]

    def next(self) -> Token | None:
        self.taken += 1
        if self.head < len(self.buf):
            token = self.buf[self.head]
            self.head += 1
            if self.head > 1024 and self.head * 2 > len(self.buf):
                del self.buf[: self.head]
                self.head = 0
            return token
        return next(self.it, None)


def sh_steps(text: str) -> tuple[list[Step], list[Token]]:
    """The `sh` steps of a Groovy text, and its comments."""
    stream = _Stream(text)
    steps: list[Step] = []
    comments: list[Token] = []
    before: Token | None = None
    # An `sh` among the tokens an earlier `sh(` looked through for its
    # `script:` is not looked at again: each token is looked at once.
    looked = -1
    while True:
        token = stream.next()
        if token is None:
            break
        if token.kind == COMMENT:
            comments.append(token)
            continue
        if (
            token.kind == IDENT
            and stream.taken > looked
            and text[token.start : token.end] == "sh"
            and not (before is not None and before.kind == IDENT and text[before.start : before.end] == "def")
        ):
            found = _step(text, stream, token)
            looked = stream.farthest
            if found is not None:
                step, used = found
                steps.append(step)
                for _ in range(used):
                    skipped = stream.next()
                    if skipped is not None and skipped.kind == COMMENT:
                        comments.append(skipped)
                before = None
                continue
        if token.kind != NEWLINE:
            before = token
    return steps, comments


def _step(text: str, stream: _Stream, sh: Token) -> tuple[Step, int] | None:
    """The step an `sh` starts, and how many tokens after it are its own."""

    def at(k: int, lines: bool = False) -> tuple[Token | None, int]:
        while True:
            token = stream.peek(k)
            if token is None or not (token.kind == COMMENT or (lines and token.kind == NEWLINE)):
                return token, k
            k += 1

    def punct(token: Token | None, chars: str) -> bool:
        return _punct(text, token, chars)

    def named_script(k: int) -> int | None:
        """`script:` at `k`: where its value starts."""
        token, k = at(k, True)
        if token is None or token.kind != IDENT or text[token.start : token.end] != "script":
            return None
        colon, k = at(k + 1, True)
        return k + 1 if punct(colon, ":") else None

    first, k = at(0)
    start: int | None = None
    if first is not None and first.kind == STRING:
        start = k
    elif punct(first, "(") or (first is not None and first.kind == IDENT and punct(at(k + 1)[0], ":")):
        # `sh(…)`, or named arguments without parentheses (`sh label: 'x', script: '…'`).
        parens = punct(first, "(")
        if parens:
            inner, j = at(k + 1, True)
            if inner is not None and inner.kind == STRING:
                parts, after = _joined(text, at, j)
                close, _ = at(after, True)
                if punct(close, ",)"):
                    return _made(text, sh, parts), after
        depth = 0
        j = k + 1 if parens else k
        comma = False
        while j - k < MAX_ARGUMENT_TOKENS:
            token, j = at(j, parens or depth > 0)
            if token is None:
                return None
            if token.kind == NEWLINE:  # the statement ends, unless a `,` continues it
                if not comma:
                    return None
            elif punct(token, "([{"):
                depth += 1
            elif punct(token, ")]}"):
                depth -= 1
                if depth < 0:
                    return None
            elif depth == 0 and (value := named_script(j)) is not None:
                start = value
                break
            if token.kind != NEWLINE:
                comma = punct(token, ",")
            j += 1
    if start is None:
        return None
    token, start = at(start, True)
    if token is None or token.kind != STRING:
        return None
    parts, after = _joined(text, at, start)
    return _made(text, sh, parts), after


def _joined(text: str, at, k: int) -> tuple[list[Token | Span], int]:  # type: ignore[no-untyped-def]
    """The string at `k` and what `+` joins to it (strings; a name or a
    property path is an unknown part), and the index after them."""
    first, k = at(k)
    parts: list[Token | Span] = [first]
    k += 1
    while True:
        plus, j = at(k)
        if plus is None or plus.kind != PUNCT or text[plus.start] != "+":
            return parts, k
        operand, j = at(j + 1, True)
        if operand is None:
            return parts, k
        if operand.kind == STRING:
            parts.append(operand)
            k = j + 1
            continue
        if operand.kind != IDENT:
            return parts, k
        # A name, or a property path: `env.NAME`, `params.X`.
        end = operand.end
        j += 1
        while True:
            dot, d = at(j)
            name, e = at(d + 1) if _punct(text, dot, ".") else (None, d)
            if name is None or name.kind != IDENT or dot is None or dot.end != name.start:
                break
            end = name.end
            j = e + 1
        parts.append(Span(operand.start, end))
        k = j


def _punct(text: str, token: Token | None, chars: str) -> bool:
    return token is not None and token.kind == PUNCT and text[token.start] in chars


def _made(text: str, sh: Token, parts: list[Token | Span]) -> Step:
    ops: list[Op] = []
    for part in parts:
        if isinstance(part, Token):
            decode_into(text, part, ops)
        else:
            ops.append((part.start, part.end - part.start, None, False))
    last = parts[-1]
    span = Span(sh.start, last.end)
    first = parts[0]
    anchor = first.body.start if isinstance(first, Token) and first.body is not None else first.start
    step = script_of(text, ops, span, anchor)
    step.escapes = "".join(
        sorted({c for p in parts if isinstance(p, Token) for c in ESCAPES.get(p.quote, "")})
    )
    return step


def script_of(text: str, ops: list[Op], span: Span, anchor: int) -> Step:
    """The script of decoded `ops`, each hole written as an unknown value
    where the shell stands there (in single quotes, `'"${x}"'`)."""
    literal = "".join(op[2] for op in ops if op[2] is not None)
    at: list[int] = []
    length = 0
    for op in ops:
        if op[2] is None:
            at.append(length)
        else:
            length += len(op[2])
    states = shell_states(literal, at) if at else []
    written: dict[str, str] = {}
    taken: dict[str, str] = {}
    out: list[str] = []
    omap = OffsetMap(anchor)
    h = 0
    for start, size, decoded, copied in ops:
        if decoded is None:
            raw = text[start : start + size]
            expansion = _expansion(raw, literal, taken)
            if expansion != raw:
                written[expansion] = raw
            state = states[h]
            h += 1
            if state == S:
                filler = "'\"" + expansion + "\"'"
            elif state == A:
                filler = "'\"" + expansion + "\"$'"
            else:
                filler = expansion
            omap.add_atom(start, size, len(filler))
            out.append(filler)
        elif copied:
            omap.add_literal(start, size)
            out.append(decoded)
        else:
            omap.add_atom(start, size, len(decoded))
            out.append(decoded)
    return Step(span, "".join(out), omap, written)


def _expansion(raw: str, script: str, taken: dict[str, str]) -> str:
    """The shell expansion that stands for Groovy's `raw` (`${…}`, `$name`,
    a joined name): its own name when it is a plain one the script does not
    assign, else a name made of it."""
    expr = raw[2:-1].strip() if raw.startswith("${") else raw.lstrip("$")
    name = expr if _NAME.fullmatch(expr) else re.sub(r"\W+", "_", expr).strip("_")
    if not name or name[0].isdigit():
        name = "groovy_" + name
    base, n = name, 1
    while (name in taken and taken[name] != raw) or _assigned(name, script):
        n += 1
        name = f"{base}_{n}"
    taken[name] = raw
    return "${" + name + "}"


def _assigned(name: str, script: str) -> bool:
    if name not in script:
        return False
    return re.search(r"(?<![\w$])" + re.escape(name) + r"(?:\[[^\]]*\])?\+?=", script) is not None
