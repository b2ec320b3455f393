"""The AWS CLI's shorthand syntax, read exactly as `awscli.shorthand` reads it.

`DeviceName=/dev/xvda,Ebs={SnapshotId=snap-1,VolumeSize=8},Tags=[a,b]` becomes
a `Mapping` of strings, `Sequence`s and `Mapping`s, with the same shape and the
same strings as the CLI's parser, and every accepted or rejected input agrees
with it. The CLI's rules, as observed in its parser (awscli 1.x and 2.x share it):

- The top level is `key=value` items separated by `,`; a repeated top-level
  key is an error, a repeated key inside `{...}` silently keeps the last value
  (at the position of the first).
- Keys are runs of `[A-Za-z0-9_.#/:-]`, possibly empty; `key@=value` is the
  paramfile form, which loads `file://` and `fileb://` values from files.
- A top-level value is `[...]`, `{...}`, or a comma list: one item stays a
  string, several make a list. An item after a comma that turns out to be
  followed by `=` belongs to the next key, so the list gives back everything
  from the last `,` before that point (the CLI searches the raw text
  backwards for a comma, even into quotes or a `\\,`).
- Inside brackets, items are strings, lists or hashes separated by `,`, and a
  trailing `,` is allowed.
- Unquoted strings may hold `\\,` for a comma; trailing whitespace is dropped.
  Quoted strings end at the first unescaped quote, or else after the last
  escaped one; inside them `\\'` (or `\\"`) and then `\\\\` are unescaped.
- Only ASCII whitespace is skipped between tokens; characters beyond U+FFFF
  are accepted only inside quotes.

The parser is iterative: nesting depth costs no stack. The CLI's parser is
recursive and fails beyond about 487 levels, so deeper input is rejected too.
"""

from __future__ import annotations

from collections.abc import Callable

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, entry_of, scalar_of
from ami_lint.offsets import Composed, Mapper, OffsetMap, linear_then
from ami_lint.readers import read_limits
from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span

RULE = rule_ids.SHORTHAND_SYNTAX_ERROR

# With CPython's default recursion limit of 1000 and the frames `aws` itself
# puts on the stack, the CLI's recursive descent fails at the 488th level.
MAX_NESTING = 487

PARAMFILE_PREFIXES = ("file://", "fileb://")

# `string.ascii_letters + string.digits`, written out: importing `string`
# (which compiles a regex for its Template) was a cost of every run.
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_KEY_CHARS = frozenset(_ASCII_LETTERS + "0123456789" + "-_.#/:")
_KEY_STRING = "".join(sorted(_KEY_CHARS))
# What the CLI skips around punctuation: `string.whitespace`, ASCII only,
# although values are right-stripped of any Unicode whitespace.
_SKIPPED = frozenset(" \t\n\r\x0b\x0c")

# Characters an unquoted word may not contain, by position. Apart from these,
# a word is made of the code points U+0021..U+FFFF, and after its first
# character also of whitespace.
_NOT_FIRST = "\"',=[{"
_NOT_IN_FIRST_VALUE = "\"',]}"
_NOT_IN_LATER_VALUE = "\"',="

# The CLI names the pattern it expected in its error message.
_QUOTE_NAMES = {"'": "<singled quoted>", '"': "<double quoted>"}
_LATER_VALUE_NAME = "<second>"


def _key_end(text: str, start: int) -> int:
    """Where the run of `_KEY_CHARS` that starts at `start` ends, as the
    pattern `[<_KEY_CHARS>]*` matches: `str.lstrip` a chunk at a time, each
    twice as long as the last (no `re` on a typical run's path, issue 20)."""
    size = 32
    i = start
    while i < len(text):
        chunk = text[i : i + size]
        left = len(chunk.lstrip(_KEY_STRING))
        if left:
            return i + len(chunk) - left
        i += size
        size *= 2
    return max(start, len(text))


def _plain_word_end(text: str, i: int, n: int, continues: Callable[[str], bool], run: _Run) -> int | None:
    """Where the unquoted word at `i` ends when it is its first character
    and at most one run after it (`_Parser.word`'s loop: no `\\` in it,
    none of the characters that only `continues` takes one at a time, no
    whitespace at its end); None for any other word, or none."""
    if i >= n:
        return None
    c = text[i]
    if c == "\\" or not _starts_word(c):
        return None
    end = run.end(text, i + 1)
    if end is None:
        end = i + 1
    if end < n:
        after = text[end]
        # The loop goes on a character at a time here (a `\\`, say): not a plain word.
        if continues(after):
            return None
    if text[end - 1].isspace():
        return None
    return end


class _Run:
    """A run of characters that continue a word (`\\s` is `str.isspace`), a
    backslash left out: it may start a `\\,` escape. As the pattern
    `(?:\\s|[^\\x00-\\x20\\\\\\U00010000-\\U0010ffff<excluded>])+` matches, with
    the characters above U+FFFF looked for in what the run holds.

    Only a few characters end a run: a character of U+0000..U+0020 is in it
    when it is white space, any other when it is neither `\\` nor excluded. So
    the run ends at the first of those few (`_stops`, each translated to NUL,
    itself one of them), found a chunk at a time (each twice as long as the
    last) with `str.translate` and `str.find`: no `re` on a typical run's path
    (issue 20)."""

    __slots__ = ("_ascii", "_stops")

    def __init__(self, excluded: str) -> None:
        stops = [chr(code) for code in range(0x21) if not chr(code).isspace()]
        self._stops = {ord(char): 0 for char in (*stops, "\\", *excluded)}
        # The same for an ASCII chunk, as a table of bytes that
        # `bytes.translate` reads in C: `str.translate` looks each character
        # up in the dict, about 7,800 instructions a chunk (issue 20).
        table = bytearray(range(256))
        for code in self._stops:
            if code < 0x80:  # only ASCII chunks are read with it
                table[code] = 0
        self._ascii = bytes(table)

    def end(self, text: str, start: int) -> int | None:
        """Where the run that starts at `start` ends; None when none does."""
        end = len(text)
        size = 32
        i = start
        while i < end:
            chunk = text[i : i + size]
            if chunk.isascii():
                at = chunk.encode("ascii").translate(self._ascii).find(b"\0")
            else:
                at = chunk.translate(self._stops).find("\0")
            if at >= 0:
                end = i + at
                break
            i += size
            size *= 2
        if end <= start:
            return None
        run = text[start:end]
        if not run.isascii() and max(run) > "\uffff":
            end = start + next(n for n, char in enumerate(run) if char > "\uffff")
        return end if end > start else None


# What `_continues_first` and `_continues_later` accept, matched a run at a time.
_FIRST_RUN = _Run(_NOT_IN_FIRST_VALUE)
_LATER_RUN = _Run(_NOT_IN_LATER_VALUE)


def _word_char(c: str, excluded: str) -> bool:
    return "!" <= c <= "\uffff" and c not in excluded


def _starts_word(c: str) -> bool:
    return _word_char(c, _NOT_FIRST)


def _continues_first(c: str) -> bool:
    return c.isspace() or _word_char(c, _NOT_IN_FIRST_VALUE)


def _continues_later(c: str) -> bool:
    return c.isspace() or _word_char(c, _NOT_IN_LATER_VALUE)


def _copied(segments: list[tuple[int, int, int]], at: int, length: int) -> None:
    """Add `length` characters copied as written from `at` to a word's segments."""
    if segments:
        last_at, last_length, decoded = segments[-1]
        if decoded == last_length and last_at + last_length == at:
            segments[-1] = (last_at, last_length + length, last_length + length)
            return
    segments.append((at, length, length))


@record(frozen=True, slots=True)
class ShorthandResult(metaclass=Record):
    """A shorthand value, parsed, and the problems found."""

    node: Mapping | None
    findings: list[Finding] = field(default_factory=list)
    # Values written after `key@=` that start with `file://` or `fileb://`:
    # the CLI replaces each with the contents of that file.
    paramfile_values: tuple[Scalar, ...] = ()


def parse_shorthand(text: str, source: Source, mapper: Mapper) -> tuple[Node | None, list[Finding]]:
    """Parse one shorthand value (one argv word, decoded) as the AWS CLI does.

    `mapper` maps offsets in `text` to offsets in `source`. On a value the CLI
    rejects, the result is `None` and one AMI003 finding at the character the
    CLI's error points at.
    """
    result = read_shorthand(text, source, mapper)
    return result.node, result.findings


def read_shorthand(text: str, source: Source, mapper: Mapper) -> ShorthandResult:
    """`parse_shorthand`, also returning the values the CLI reads from files."""
    parser = _Parser(text, source, mapper)
    try:
        node = parser.parameter()
    except _Rejected as err:
        return ShorthandResult(None, [parser.finding(err)])
    return ShorthandResult(node, [], tuple(parser.paramfiles))


class _Rejected(Exception):
    def __init__(self, index: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.index = index
        self.message = message
        self.hint = hint


def _show(actual: str) -> str:
    # The CLI prints the character raw; a newline would break our one-line messages.
    if len(actual) == 1 and not actual.isprintable():
        return repr(actual)[1:-1]
    return actual


def _syntax_error(expected: str, actual: str, index: int, hint: str | None = None) -> _Rejected:
    """The CLI's message; `hint` says in words what is wrong (each hint only
    states what the parser saw, so it cannot mislead)."""
    if hint is None and expected == _LATER_VALUE_NAME:
        hint = "Remove the trailing `,` or add the missing value"
    return _Rejected(index, f"Expected: '{expected}', received: '{_show(actual)}'", hint)


def _opening(frame: _Open) -> str:
    return "[" if frame.close == "]" else "{"


class _Point:
    """Maps every position of an empty string to one offset."""

    __slots__ = ("at",)

    def __init__(self, at: int) -> None:
        self.at = at

    def span(self, start: int, end: int) -> Span:
        return Span(self.at, self.at)


@record
class _Open:
    """A `[` or `{` whose items are being read."""

    start: int
    close: str
    items: list[Node] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    key: Scalar | None = None


class _Parser:
    def __init__(self, text: str, source: Source, mapper: Mapper) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.source = source
        self.mapper = mapper
        # Like the CLI, one flag for the whole parser: set by each key's `@=`
        # or `=`, and still in force for list items after a nested hash.
        self.from_file = False
        self.paramfiles: list[Scalar] = []
        # Where the last string value ends, trailing whitespace excluded.
        self.value_end = 0
        # The CLI's own limit, or a lower `--max-depth`.
        self.max_depth = min(MAX_NESTING, read_limits().max_depth or MAX_NESTING)

    def finding(self, err: _Rejected) -> Finding:
        at = min(err.index, self.n)
        span = self.mapper.span(at, min(at + 1, self.n))
        return Finding(RULE, self.source, span, err.message, err.hint)

    def current(self) -> str:
        return self.text[self.i] if self.i < self.n else ""

    def skip_space(self) -> None:
        text, n, i = self.text, self.n, self.i
        while i < n and text[i] in _SKIPPED:
            i += 1
        self.i = i

    def expect(self, char: str, skip_space: bool = False) -> None:
        if skip_space:
            self.skip_space()
        if self.i >= self.n:
            raise _syntax_error(char, "EOF", self.i)
        if self.text[self.i] != char:
            raise _syntax_error(char, self.text[self.i], self.i)
        self.i += 1
        if skip_space:
            self.skip_space()

    def string(
        self,
        value: str,
        start: int,
        end: int,
        pieces: list[tuple[int, int]],
        plain: bool,
        copied: int | None = None,
    ) -> Scalar:
        """A string node for text `[start, end)`, decoded char k coming from
        `pieces[k]`; or, with `copied`, the whole value copied as written from there."""
        text_map: Mapper
        if copied is not None:
            # What `pieces` of one run would make (`Linear` answers as that map does).
            text_map = linear_then(copied, len(value), self.mapper)
        elif pieces:
            local = OffsetMap()
            # Runs of characters copied one for one go in whole: the map is
            # the same as one character at a time, in a call per run.
            run_start = run_length = 0
            for at, length in pieces:
                if length == 1 and run_length and at == run_start + run_length:
                    run_length += 1
                    continue
                if run_length:
                    local.add_literal(run_start, run_length)
                    run_length = 0
                if length == 1:
                    run_start, run_length = at, 1
                else:
                    local.add_atom(at, length)
            if run_length:
                local.add_literal(run_start, run_length)
            text_map = local.then(self.mapper)
        else:
            text_map = Composed(_Point(start), self.mapper)
        node = scalar_of(self.source, self.mapper.span(start, end), value, text_map, plain)
        self.value_end = end
        if self.from_file and value.startswith(PARAMFILE_PREFIXES):
            self.paramfiles.append(node)
        return node

    def empty(self, at: int | None = None) -> Scalar:
        """The empty string the CLI returns where no value was written."""
        if at is None:
            at = self.i
        self.value_end = at
        return Scalar(self.source, self.mapper.span(at, at), "", Composed(_Point(at), self.mapper), True)

    def parameter(self) -> Mapping:
        entries: list[Entry] = []
        seen: set[str] = set()
        entry = self.keyval()
        entries.append(entry)
        seen.add(entry.name)
        end_of_last = self.i
        while self.i < self.n:
            self.skip_space()
            c = self.current()
            if c != ",":
                hint = None
                if c in ("]", "}"):
                    hint = self._stray_closer_hint(c)
                elif c:
                    hint = "A `,` must come between one `key=value` and the next"
                raise _syntax_error(",", c or "EOF", self.i, hint)
            self.i += 1
            self.skip_space()
            entry = self.keyval()
            if entry.name in seen:
                raise _Rejected(
                    end_of_last + 1,
                    f"Second instance of key `{entry.name}` encountered",
                    "Separate list items with a space, not `,`, or remove the repeated key",
                )
            entries.append(entry)
            seen.add(entry.name)
            end_of_last = self.i
        return Mapping(self.source, self.mapper.span(0, self.n), tuple(entries))

    def key(self) -> Scalar:
        text = self.text
        start = self.i
        i = self.i = _key_end(text, start)
        if i == start:
            return self.empty()
        return scalar_of(
            self.source,
            self.mapper.span(start, i),
            text[start:i],
            linear_then(start, i - start, self.mapper),  # as `OffsetMap.linear`, without its lists
            True,
        )

    def assign(self, key: Scalar, stack: list[_Open] | None = None) -> None:
        """`=` or `@=` after a key, with whitespace around either part."""
        text, n, i = self.text, self.n, self.i
        # `skip_space` and `current`, written out: once per key.
        while i < n and text[i] in _SKIPPED:
            i += 1
        self.from_file = i < n and text[i] == "@"
        if self.from_file:
            i += 1
            while i < n and text[i] in _SKIPPED:
                i += 1
        self.i = i
        if i >= n or text[i] != "=":
            c = self.current()
            raise _syntax_error("=", c or "EOF", self.i, self._no_equals_hint(key, stack or []))
        i += 1
        while i < n and text[i] in _SKIPPED:
            i += 1
        self.i = i

    def _no_equals_hint(self, key: Scalar, stack: list[_Open]) -> str | None:
        if key.value:
            return f"`{key.value}` has no `=`: write `{key.value}=` and its value"
        if self.current():
            return None
        if stack:
            return self._unclosed(stack)
        before = self.text[: self.i].rstrip()
        if before.endswith(","):
            return "Nothing follows the last `,`: remove it"
        return None

    def _stray_closer_hint(self, c: str) -> str:
        opening = "[" if c == "]" else "{"
        before = self.text[: self.i]
        if before.count(opening) > before.count(c):
            # `DeviceName=/dev/xvda Ebs={...}`: the `{` went into a value.
            at = self._at(before.rfind(opening))
            where = f"the `{opening}` at {at} was read as part of a value"
            return f"This `{c}` closes nothing: {where} (a `,` missing?)"
        return f"This `{c}` closes nothing: no `{opening}` is open here"

    def _at(self, index: int) -> str:
        """`line:column` in the source of the character at `index` of the value."""
        where = self.source.host_position(self.mapper.span(index, index + 1).start)
        return f"{where.line}:{where.column}"

    def _unclosed(self, stack: list[_Open]) -> str:
        opened = [f"the `{_opening(f)}` at {self._at(f.start)}" for f in stack]
        closers = "".join(f.close for f in reversed(stack))
        verb = "is" if len(opened) == 1 else "are"
        what = opened[0] if len(opened) == 1 else ", ".join(opened[:-1]) + " and " + opened[-1]
        return f"{what[0].upper()}{what[1:]} {verb} never closed: add `{closers}`"

    def keyval(self) -> Entry:
        key = self.key()
        self.assign(key)
        c = self.current()
        if not c:
            value: Node = self.empty()
        elif c in "[{":
            value = self.bracketed()
        else:
            value = self.comma_list()
        return entry_of(key, value)

    def comma_list(self) -> Node:
        start = self.i
        first = self.first_value()
        self.skip_space()
        if self.current() != ",":
            return first
        self.expect(",", skip_space=True)
        items = [first]
        end = self.value_end
        while True:
            recorded = len(self.paramfiles)
            try:
                item = self.later_value()
                self.skip_space()
                if self.i >= self.n:
                    items.append(item)
                    end = self.value_end
                    break
                self.expect(",", skip_space=True)
                items.append(item)
                end = self.value_end
            except _Rejected:
                if self.i >= self.n:
                    raise
                # Not a list item after all (`a=b,c=d`): give the text back
                # from the nearest comma at or before this point.
                del self.paramfiles[recorded:]
                while self.i >= 0 and self.text[self.i] != ",":
                    self.i -= 1
                break
        if len(items) == 1:
            return first
        return Sequence(self.source, self.mapper.span(start, end), tuple(items))

    def first_value(self) -> Scalar:
        c = self.current()
        if c == "'" or c == '"':
            return self.quoted(c)
        word = self.word(_continues_first, _FIRST_RUN)
        return word if word is not None else self.empty()

    def later_value(self) -> Scalar:
        c = self.current()
        if c == "'" or c == '"':
            return self.quoted(c)
        word = self.word(_continues_later, _LATER_RUN)
        if word is None:
            raise _syntax_error(_LATER_VALUE_NAME, "<none>", self.i)
        return word

    def word(self, continues: Callable[[str], bool], run: _Run) -> Scalar | None:
        """An unquoted word, or None where none starts."""
        text, n = self.text, self.n
        start = i = self.i
        # Most words: a first character, then one run up to a character that
        # ends the word (a `,`, `}`, the end), no escape, no trailing blank.
        # As the loop below reads them: `_word_plain` tells where one ends.
        end = _plain_word_end(text, i, n, continues, run)
        if end is not None:
            self.i = end
            return self.string(text[i:end], i, end, [], plain=True, copied=i)
        chars: list[str] = []
        # Where the decoded text comes from, a segment at a time: runs copied
        # as written (`length`, `length`) and `\\,` escapes (2, 1).
        segments: list[tuple[int, int, int]] = []
        first = True
        # Right after a run, at the character that ended it: `run.end` would
        # find no run there (it ends at its first character), so it is not asked.
        after_run = False
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] == ",":
                chars.append(",")
                segments.append((i, 2, 1))
                i += 2
                after_run = False
            elif not first and not after_run and (j := run.end(text, i)) is not None:
                # Character by character as below, at C speed.
                chars.append(text[i:j])
                _copied(segments, i, j - i)
                i = j
                after_run = True
            elif _starts_word(c) if first else continues(c):
                chars.append(c)
                _copied(segments, i, 1)
                i += 1
                after_run = False
            else:
                break
            first = False
        if first:
            return None
        self.i = i
        value = "".join(chars)
        kept = value.rstrip()  # what `str.isspace` calls whitespace, as the CLI strips
        if not kept:
            return self.empty(start)
        if len(kept) < len(value):
            # Only copied runs hold whitespace (an escape is a `,`): cut the last ones.
            cut = len(value) - len(kept)
            while cut:
                at, length, _ = segments[-1]
                if length > cut:
                    segments[-1] = (at, length - cut, length - cut)
                    break
                segments.pop()
                cut -= length
        at, length, _ = segments[-1]
        end = at + length
        if len(segments) == 1 and segments[0][2] == length:
            # One run as written (most words): the map of a plain string.
            return self.string(kept, start, end, [], plain=True, copied=at)
        pieces: list[tuple[int, int]] = []
        for at, length, decoded in segments:
            if decoded == length:
                pieces.extend(zip(range(at, at + length), [1] * length, strict=True))
            else:
                pieces.append((at, length))
        return self.string(kept, start, end, pieces, plain=True)

    def quoted(self, quote: str) -> Scalar:
        text, n = self.text, self.n
        start = self.i
        i = start + 1
        last_escape = -1
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] == quote:
                last_escape = i
                i += 2
            elif c == quote:
                break
            else:
                i += 1
        if i < n:
            close = i
        elif last_escape >= 0:
            # The CLI's pattern backtracks: the last `\'` becomes a backslash
            # followed by the closing quote.
            close = last_escape + 1
        else:
            hint = f"The `{quote}` at {self._at(start)} is never closed: add the closing `{quote}`"
            raise _syntax_error(_QUOTE_NAMES[quote], "<none>", start, hint)
        self.i = close + 1

        # First every backslash-quote becomes a quote, then in what results
        # every pair of backslashes becomes one (two passes, as the CLI does).
        chars: list[str] = []
        pieces: list[tuple[int, int]] = []
        i = start + 1
        while i < close:
            if text[i] == "\\" and i + 1 < close and text[i + 1] == quote:
                chars.append(quote)
                pieces.append((i, 2))
                i += 2
            else:
                chars.append(text[i])
                pieces.append((i, 1))
                i += 1
        out: list[str] = []
        out_pieces: list[tuple[int, int]] = []
        k = 0
        while k < len(chars):
            if chars[k] == "\\" and k + 1 < len(chars) and chars[k + 1] == "\\":
                out.append("\\")
                out_pieces.append((pieces[k][0], 2))
                k += 2
            else:
                out.append(chars[k])
                out_pieces.append(pieces[k])
                k += 1
        return self.string("".join(out), start, close + 1, out_pieces, plain=False)

    def bracketed(self) -> Node:
        """A `[...]` or `{...}` value and everything nested in it, without recursion."""
        stack: list[_Open] = []
        self.open(stack)
        while True:
            frame = stack[-1]
            if self.current() == frame.close:
                self.i += 1
                done = self.close(frame)
                stack.pop()
                if not stack:
                    return done
                self.after_item(stack, done)
                continue
            if frame.close == "}":
                frame.key = self.key()
                self.assign(frame.key, stack)
            c = self.current()
            if c and c in "[{":
                self.open(stack)
                continue
            self.after_item(stack, self.first_value())

    def open(self, stack: list[_Open]) -> None:
        start = self.i
        if len(stack) >= self.max_depth:
            if self.max_depth < MAX_NESTING:
                raise _Rejected(
                    start,
                    f"Nesting too deep (more than {self.max_depth} levels of `[` and `{{`)",
                    "Nest less deeply, or raise `--max-depth`",
                )
            raise _Rejected(
                start,
                f"Nesting too deep: the AWS CLI fails beyond {MAX_NESTING} levels of `[` and `{{`",
            )
        close = "]" if self.text[start] == "[" else "}"
        self.expect(self.text[start], skip_space=True)
        stack.append(_Open(start, close))

    def after_item(self, stack: list[_Open], item: Node) -> None:
        frame = stack[-1]
        text, n, i = self.text, self.n, self.i
        # `skip_space` and `current`, written out: once per item.
        while i < n and text[i] in _SKIPPED:
            i += 1
        self.i = i
        c = text[i] if i < n else ""
        if c != frame.close:
            if c != ",":
                raise _syntax_error(",", c or "EOF", self.i, self._after_item_hint(stack, c))
            i += 1
            while i < n and text[i] in _SKIPPED:
                i += 1
            self.i = i
        if frame.close == "]":
            frame.items.append(item)
            return
        assert frame.key is not None
        entry = entry_of(frame.key, item)
        at = frame.positions.get(entry.name)
        if at is None:
            frame.positions[entry.name] = len(frame.entries)
            frame.entries.append(entry)
        else:
            frame.entries[at] = entry

    def _after_item_hint(self, stack: list[_Open], c: str) -> str:
        frame = stack[-1]
        if not c:
            return self._unclosed(stack)
        opening = f"the `{_opening(frame)}` at {self._at(frame.start)}"
        if c in ("]", "}"):
            return f"This `{c}` cannot close {opening}: write `{frame.close}`"
        return f"After an item of {opening} comes `,` or `{frame.close}`"

    def close(self, frame: _Open) -> Node:
        span = self.mapper.span(frame.start, self.i)
        if frame.close == "]":
            return Sequence(self.source, span, tuple(frame.items))
        return Mapping(self.source, span, tuple(frame.entries))
