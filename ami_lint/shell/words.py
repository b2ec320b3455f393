"""Shell words as the shell passes them to a command, and where each character was written.

tree-sitter-bash gives the structure of a word (quotes, expansions,
substitutions); the quoting rules that turn its raw text into argv text are
applied here: backslashes outside quotes, the five escapes of double quotes,
`$'...'` escapes, and line continuations, which vanish. The result keeps, for
every decoded character, the characters of the file it came from.

What the shell would compute at run time (`$X`, `${X}`, `$(...)`, backticks,
unquoted `*`/`?` globs, a leading `~`) is an `UnknownPart`: never guessed.
So is a run of `PLACEHOLDER` characters (U+E000) written in the text: a host
front end puts one where its input holds a value left for the reader to fill
in (`<snapshot-id>` in a Markdown runbook), mapped back to it.
A variable whose value is certain where the command runs (`Env`, from
`ami_lint.shell.variables`) is replaced by that value; unquoted, the value
is split into words at the blanks of `IFS` as the shell splits it
(`flags="--architecture x86_64 --ena-support"` … `$flags` is three words),
each character still pointing where the value was written.
An unquoted `[...]` is kept literal: as a glob it would only match a file
named like a shorthand value, and shorthand lists are written that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate

from ami_lint.cliargs import PLACEHOLDER, Word
from ami_lint.offsets import Linear, Mapper, OffsetMap
from ami_lint.records import Record, record, replace
from ami_lint.source import Source, Span, _OpenSpan, span_of, utf8

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    import re
    from array import array

# (source start, source length, decoded length): linear when the lengths are
# equal, else an atom (one escape producing its character).
Piece = tuple[int, int, int]


# 1 for each byte that starts a UTF-8 character, 0 for continuation bytes (0x80-0xBF).
_STARTS_A_CHARACTER = b"\x01" * 0x80 + bytes(0x40) + b"\x01" * 0x40
# Characters above U+FFFF (compiled when a text has one: its class is a
# costly compile, and most scripts have none).
_ASTRAL = "[\U00010000-\U0010ffff]"


class Offsets:
    """Byte offsets of tree-sitter (UTF-8) to character offsets of `Source.text`."""

    def __init__(self, text: str) -> None:
        self.data = utf8(text)  # the bytes read, when the engine has them
        self._chars: array[int] | None = None
        if len(self.data) != len(text):
            # The character of each byte: the count of characters begun up to
            # it (a byte 0x80-0xBF continues one), counted at C speed.
            from array import array  # for text that is not ASCII only: not at start-up

            starts = self.data.translate(_STARTS_A_CHARACTER)
            chars = array("l", accumulate(starts, initial=-1))
            chars[0:1] = array("l")
            chars.append(len(text))
            self._chars = chars
            if max(text) > "\uffff":
                # tree-sitter-bash 0.25 reads past its buffer on some characters
                # above U+FFFF after `{`: it is given U+10000 in their place,
                # as long in UTF-8, so every offset stays (fuzz/corpus/).
                import re

                self.data = re.sub(_ASTRAL, "\U00010000", text).encode("utf-8")

    @property
    def chars(self) -> array[int] | None:
        """The character offset of each byte; None when the text is ASCII
        (every byte offset is the character offset)."""
        return self._chars

    def char(self, byte: int) -> int:
        return byte if self._chars is None else self._chars[byte]

    def span(self, node: object) -> Span:
        """The character span of a node (a few million of these for a big script)."""
        chars = self._chars
        if chars is None:
            return span_of(node.start_byte, node.end_byte)  # type: ignore[attr-defined]
        return span_of(chars[node.start_byte], chars[node.end_byte])  # type: ignore[attr-defined]


@record(frozen=True, slots=True)
class LiteralPart(metaclass=Record):
    """Text of a shell word whose value is known."""

    text: str
    pieces: tuple[Piece, ...]
    quoted: bool
    anchor: int

    def add_to(self, target: OffsetMap) -> None:
        for start, slen, dlen in self.pieces:
            if slen == dlen:
                target.add_literal(start, slen)
            else:
                target.add_atom(start, slen, dlen)

    def tail(self, skip: int) -> LiteralPart:
        """The part without its first `skip` decoded characters."""
        pieces: list[Piece] = []
        for start, slen, dlen in self.pieces:
            if skip >= dlen:
                skip -= dlen
                continue
            if skip and slen == dlen:
                pieces.append((start + skip, slen - skip, dlen - skip))
            elif skip:  # inside an atom: what is left of it still maps to it all
                pieces.append((start, slen, dlen - skip))
            else:
                pieces.append((start, slen, dlen))
            skip = 0
        cut = len(self.text) - sum(p[2] for p in pieces)
        anchor = pieces[0][0] if pieces else self.end
        return LiteralPart(self.text[cut:], tuple(pieces), self.quoted, anchor)

    @property
    def end(self) -> int:
        if not self.pieces:
            return self.anchor
        start, slen, _ = self.pieces[-1]
        return start + slen


@record(frozen=True, slots=True)
class UnknownPart(metaclass=Record):
    """A part of a shell word whose value is not known."""

    kind: str  # "variable", "substitution" or "glob"
    span: Span
    quoted: bool
    # May become any number of words: unquoted, or a quoted `"$@"`/`"${a[@]}"`.
    splice: bool = False


Part = LiteralPart | UnknownPart


@record(frozen=True, slots=True)
class Env(metaclass=Record):
    """What the variables hold where a command runs, as far as it is certain:
    a string variable's value as one word, an array's as its element words."""

    values: Mapping[str, ShellWord | tuple[ShellWord, ...]]
    # False when the script assigns `IFS`: unquoted expansions are then
    # resolved only where `IFS` holds a known value made of blanks.
    standard_ifs: bool = True

    @property
    def ifs(self) -> str | None:
        """The characters unquoted expansions are split at; None when not certain."""
        if self.standard_ifs:
            return DEFAULT_IFS
        value = self.values.get("IFS")
        text = value.text if isinstance(value, ShellWord) else None
        # `IFS=$'\n\t'`, `IFS=` and the like; a separator such as `,` is not followed.
        if text is not None and all(c in DEFAULT_IFS for c in text):
            return text
        return None

    def string(self, name: str | None, quoted: bool) -> ShellWord | None:
        """The word `$name` stands for, None when not certain. Unquoted, only
        a value that neither splitting nor globbing can change."""
        value = self.values.get(name) if name is not None else None
        if not isinstance(value, ShellWord):
            return None
        if quoted:
            return value
        return value if _splits_to_itself(value, self.ifs) else None

    def fields(self, name: str | None) -> Fields | None:
        """The words an unquoted `$name` becomes, None when not certain."""
        value = self.values.get(name) if name is not None else None
        if not isinstance(value, ShellWord):
            return None
        return split_fields((value,), self.ifs)

    def array(self, name: str | None) -> tuple[ShellWord, ...] | None:
        """The words `"${name[@]}"` stands for (unquoted: see `array_fields`)."""
        value = self.values.get(name) if name is not None else None
        return value if isinstance(value, tuple) else None

    def array_fields(self, name: str | None) -> Fields | None:
        """The words an unquoted `${name[@]}` becomes: each element split in turn."""
        value = self.values.get(name) if name is not None else None
        if not isinstance(value, tuple):
            return None
        return split_fields(value, self.ifs)


# Bash's `IFS` when the script does not set it.
DEFAULT_IFS = " \t\n"
# Characters that make an unquoted expansion glob.
_GLOB = frozenset("*?[")
# The most words one unquoted expansion of a known value is split into: past
# it, the expansion stays unknown (as a value too large to know), so each
# expansion makes a bounded number of words, as an array holds a bounded
# number (`variables.MAX_VALUE_PARTS`).
MAX_SPLIT_WORDS = 256


def _splits_to_itself(word: ShellWord, ifs: str | None) -> bool:
    text = word.text
    return (
        ifs is not None and bool(text) and not any(c in _GLOB or c in ifs for c in text)  # type: ignore[union-attr]
    )


@record(frozen=True, slots=True)
class Fields(metaclass=Record):
    """What an unquoted expansion of a known value becomes once the shell
    splits it at the blanks of `IFS`: the literal parts of each word, each
    still pointing where it was written. `open_start`/`open_end`: the value
    begins/ends with a blank, which also separates it from the text written
    next to the expansion (`a$V` with `V=' b'` is two words)."""

    words: tuple[tuple[LiteralPart, ...], ...]
    open_start: bool
    open_end: bool


def split_fields(values: tuple[ShellWord, ...], ifs: str | None) -> Fields | None:
    """How the shell splits the known `values` (one string, or the elements
    of an array, each ending a word) of an unquoted expansion; None when it
    cannot be certain: an unknown part, a glob character, `IFS` unknown, or
    more than `MAX_SPLIT_WORDS` words."""
    if ifs is None:
        return None
    texts = [value.text for value in values]
    if any(text is None or any(c in text for c in _GLOB) for text in texts):
        return None
    blanks = _blank_runs(ifs)
    words: list[tuple[LiteralPart, ...]] = []
    current: list[LiteralPart] = []
    for n, value in enumerate(values):
        if n and current:  # array elements are separate words
            words.append(tuple(current))
            current = []
        for part in value.parts:
            assert isinstance(part, LiteralPart)
            if not part.text:
                continue
            if blanks is None or blanks.search(part.text) is None:  # most values: at C speed
                current.append(replace(part, quoted=True))
                continue
            for run, pieces, blank_after in _cut(part, blanks):
                if run:
                    current.append(LiteralPart(run, pieces, True, pieces[0][0]))
                if blank_after and current:
                    words.append(tuple(current))
                    current = []
                    if len(words) > MAX_SPLIT_WORDS:
                        return None
    if current:
        words.append(tuple(current))
    if len(words) > MAX_SPLIT_WORDS:
        return None
    first, last = (texts[0] or "", texts[-1] or "") if texts else ("", "")
    open_start = bool(first) and first[0] in ifs
    open_end = bool(last) and last[-1] in ifs
    return Fields(tuple(words), open_start, open_end)


@lru_cache(maxsize=8)
def _blank_runs(ifs: str) -> re.Pattern[str] | None:
    import re

    return re.compile("[" + re.escape(ifs) + "]+") if ifs else None


def _cut(part: LiteralPart, blanks: re.Pattern[str]) -> Iterator[tuple[str, tuple[Piece, ...], bool]]:
    """The runs of a literal part between blanks: each run's text, its
    pieces, and whether a blank follows it."""
    text = part.text
    at = 0  # decoded offset where the current piece starts
    run_text: list[str] = []
    run_pieces: list[Piece] = []
    for start, slen, dlen in part.pieces:
        i = at
        end = at + dlen
        for match in blanks.finditer(text, at, end):
            if match.start() > i:
                run_text.append(text[i : match.start()])
                run_pieces.append(_sub_piece(start, slen, dlen, i - at, match.start() - at))
            yield "".join(run_text), tuple(run_pieces), True
            run_text, run_pieces = [], []
            i = match.end()
        if end > i:
            run_text.append(text[i:end])
            run_pieces.append(_sub_piece(start, slen, dlen, i - at, end - at))
        at = end
    if run_pieces:
        yield "".join(run_text), tuple(run_pieces), False


def _sub_piece(start: int, slen: int, dlen: int, lo: int, hi: int) -> Piece:
    """Decoded characters `lo:hi` of a piece, as a piece."""
    if slen == dlen:
        return (start + lo, hi - lo, hi - lo)
    return (start, slen, hi - lo)  # part of an escape: it still maps to the whole escape


@record(frozen=True, slots=True)
class Resolved(metaclass=Record):
    """An unquoted expansion the decoder replaced by its variable's known value."""

    via: UnknownPart  # the expansion as written (`$flags`)
    written: Span  # the whole word it stands in, as written
    # Splitting made several words of the value.
    split: bool
    # Where the value's first word was written (in the assignment), if any.
    probe: int | None


@record(frozen=True, slots=True)
class ShellWord(metaclass=Record):
    """A shell word, as its known and unknown parts."""

    source: Source
    span: Span
    parts: tuple[Part, ...]
    # Unquoted expansions replaced by the literal their variable was assigned
    # earlier in the script (`ami_lint.shell.variables`); their parts point there.
    resolved: tuple[Resolved, ...] = ()

    @property
    def text(self) -> str | None:
        """The argv word, or None when any part is unknown."""
        if len(self.parts) == 1:  # most words: asked for often, answered at once
            part = self.parts[0]
            return part.text if isinstance(part, LiteralPart) else None
        if any(isinstance(p, UnknownPart) for p in self.parts):
            return None
        return "".join(p.text for p in self.parts if isinstance(p, LiteralPart))

    @property
    def known_prefix(self) -> str:
        if len(self.parts) == 1:
            part = self.parts[0]
            return part.text if isinstance(part, LiteralPart) else ""
        out = []
        for part in self.parts:
            if isinstance(part, UnknownPart):
                break
            out.append(part.text)
        return "".join(out)

    @property
    def is_known(self) -> bool:
        for p in self.parts:  # noqa: SIM110 (a loop: no generator made for every word asked)
            if not isinstance(p, LiteralPart):
                return False
        return True

    @property
    def is_quoted_fully(self) -> bool:
        return bool(self.parts) and all(p.quoted for p in self.parts)

    @property
    def unknowns(self) -> tuple[UnknownPart, ...]:
        if len(self.parts) == 1 and isinstance(self.parts[0], LiteralPart):
            return ()
        return tuple(p for p in self.parts if isinstance(p, UnknownPart))

    @property
    def is_splice(self) -> bool:
        """Whether the word may stand for any number of words (`$flags`, `"${a[@]}"`)."""
        return any(p.splice for p in self.unknowns)

    def mapper(self) -> Mapper:
        """Decoded offsets of the known prefix to file offsets."""
        parts = self.parts
        if len(parts) == 1:
            part = parts[0]
            if part.__class__ is LiteralPart and len(part.pieces) == 1:  # type: ignore[union-attr]
                start, slen, dlen = part.pieces[0]  # type: ignore[union-attr]
                if slen == dlen:
                    # One run copied as written (most words): the light map that
                    # answers as the `OffsetMap` below would (`offsets.Linear`).
                    return Linear(start, slen)
        target = OffsetMap(anchor=self._anchor())
        for part in self.parts:
            if isinstance(part, UnknownPart):
                break
            part.add_to(target)
        return target

    def _anchor(self) -> int:
        first = self.parts[0] if self.parts else None
        if isinstance(first, LiteralPart):
            return first.pieces[0][0] if first.pieces else first.anchor
        return self.span.start

    def with_placeholders(self, json: bool = False) -> tuple[Word, int]:
        """The word with each unknown part replaced by `PLACEHOLDER` (mapped to
        the part's span), and the decoded offset of the first one.

        In JSON (`json=True`), an unknown part outside a string becomes the
        string `"<PLACEHOLDER>"`, so `"VolumeSize":${SIZE}` still parses.
        """
        target = OffsetMap(anchor=self._anchor())
        text: list[str] = []
        first_unknown = -1
        in_string = False
        for part in self.parts:
            if isinstance(part, LiteralPart):
                part.add_to(target)
                text.append(part.text)
                if json:
                    in_string = json_string_state(part.text, in_string)
                continue
            if first_unknown < 0:
                first_unknown = len("".join(text))
            filler = PLACEHOLDER if (in_string or not json) else f'"{PLACEHOLDER}"'
            target.add_atom(part.span.start, part.span.end - part.span.start, len(filler))
            text.append(filler)
        return Word("".join(text), self.source, target), first_unknown

    def to_word(self) -> Word | None:
        text = self.text
        if text is None:
            return None
        # `Word(text, self.source, self.mapper())` made as `literal_part_of` makes a part.
        word = _OpenArgv()
        word.text = text
        word.source = self.source
        word.mapper = self.mapper()
        word.__class__ = Word  # type: ignore[assignment]
        return word  # type: ignore[return-value]

    def prefix_span(self, length: int) -> Span:
        """File span of the first `length` decoded characters of the known prefix."""
        first = self.parts[0] if self.parts else None
        if length > 0 and isinstance(first, LiteralPart) and first.pieces:
            # Written as it reads (an option's name, nearly always): no map needed.
            start, slen, dlen = first.pieces[0]
            if slen == dlen >= length:
                # `span_of(start, start + length)` written out: asked of each option's word.
                span = _OpenSpan()
                span.start = start
                span.end = start + length
                span.__class__ = Span  # type: ignore[assignment]
                return span  # type: ignore[return-value]
        return self.mapper().span(0, length)

    def tail(self, skip: int) -> ShellWord:
        """The word without its first `skip` characters, which must be known
        (the value of `--opt=value`)."""
        parts: list[Part] = []
        cut_at = self.span.start  # where the value starts as written in the word
        for part in self.parts:
            if skip and isinstance(part, LiteralPart):
                if skip >= len(part.text):
                    skip -= len(part.text)
                    cut_at = part.end
                    if skip == 0:
                        cut = part.tail(len(part.text))
                        if part.quoted:  # `--opt=""`: an empty quoted value stays a word
                            parts.append(cut)
                    continue
                parts.append(part.tail(skip))
                skip = 0
                continue
            parts.append(part)
        if not parts:
            at = self.span.end
            return ShellWord(self.source, Span(at, at), (LiteralPart("", (), False, at),), self.resolved)
        start = part_start(parts[0])
        if not self.span.start <= start <= self.span.end:
            # The value came from a variable: the word as written starts after the cut.
            start = cut_at if self.span.start <= cut_at <= self.span.end else self.span.end
        return ShellWord(self.source, Span(start, self.span.end), tuple(parts), self.resolved)


class _OpenPart:
    """`LiteralPart`'s layout (its slots, in order) without its refusal of
    assignment: what `literal_part_of` fills and makes a `LiteralPart`."""

    __slots__ = ("text", "pieces", "quoted", "anchor")  # noqa: RUF023 -- the order of `LiteralPart`'s slots
    text: str
    pieces: tuple[Piece, ...]
    quoted: bool
    anchor: int


class _OpenArgv:
    """`ami_lint.cliargs.Word`'s layout without its refusal of assignment (`ShellWord.to_word`)."""

    __slots__ = ("text", "source", "mapper")  # noqa: RUF023 -- the order of `Word`'s slots
    text: str
    source: Source
    mapper: Mapper


class _OpenWord:
    """`ShellWord`'s layout without its refusal of assignment (`shell_word_of`)."""

    __slots__ = ("source", "span", "parts", "resolved")  # noqa: RUF023 -- the order of `ShellWord`'s slots
    source: Source
    span: Span
    parts: tuple[Part, ...]
    resolved: tuple[Resolved, ...]


def literal_part_of(text: str, pieces: tuple[Piece, ...], quoted: bool, anchor: int) -> LiteralPart:
    """`LiteralPart(text, pieces, quoted, anchor)`, made as `span_of` makes a
    span: a plain slotted twin's slots set, then its class. A frozen record's
    `__init__` runs through `slot_tp_init` and sets each field by its slot's
    setter: about 4,100 instructions for a part, 1,400 so (callgrind); most
    words of a script are one part (issue 20). tests/test_shell_fast_paths.py
    compares the two."""
    part = _OpenPart()
    part.text = text
    part.pieces = pieces
    part.quoted = quoted
    part.anchor = anchor
    part.__class__ = LiteralPart  # type: ignore[assignment]
    return part  # type: ignore[return-value]


def shell_word_of(
    source: Source, span: Span, parts: tuple[Part, ...], resolved: tuple[Resolved, ...] = ()
) -> ShellWord:
    """`ShellWord(source, span, parts, resolved)`, made as `literal_part_of` makes a part."""
    word = _OpenWord()
    word.source = source
    word.span = span
    word.parts = parts
    word.resolved = resolved
    word.__class__ = ShellWord  # type: ignore[assignment]
    return word  # type: ignore[return-value]


class WordBuilder:
    def __init__(self, source: Source, marks: bool = False) -> None:
        self.source = source
        # The text holds `PLACEHOLDER`s: each run of them is an unknown part.
        self.marks = marks
        self.parts: list[Part] = []
        self._text: list[str] = []
        self._pieces: list[Piece] = []
        self._quoted = False
        self._open = False
        self._anchor = 0
        # The unquoted expansions resolved in the current word: (expansion,
        # whether splitting changed its value, where its value's first word was written).
        self.resolved: list[tuple[UnknownPart, bool, int | None]] = []
        # Words finished before the current one (an unquoted value with blanks
        # makes several), with their resolved expansions.
        self.done: list[tuple[list[Part], list[tuple[UnknownPart, bool, int | None]]]] = []
        # Whether unquoted expansions of known values are split into words.
        self.split = False
        # Text up to here was consumed with a `$` that tree-sitter split off.
        self.skip_until = -1
        # Unquoted `*`, `?` are globs, except in an assignment's value.
        self.globs = True

    def begin(self, quoted: bool, anchor: int) -> None:
        """Start a literal run; a quoted run is kept even when empty (`""`)."""
        self.flush()
        self._open, self._quoted, self._anchor = quoted, quoted, anchor

    def literal(self, start: int, length: int, quoted: bool) -> None:
        if self.marks and PLACEHOLDER in self.source.text[start : start + length]:
            self._marked(start, length, quoted)
            return
        if not self._open or self._quoted != quoted:
            self.begin(quoted, start)
        self._open = True
        self._text.append(self.source.text[start : start + length])
        if self._pieces and self._pieces[-1][1] == self._pieces[-1][2] and sum(self._pieces[-1][:2]) == start:
            s, n, _ = self._pieces[-1]
            self._pieces[-1] = (s, n + length, n + length)
        else:
            self._pieces.append((start, length, length))

    def _marked(self, start: int, length: int, quoted: bool) -> None:
        """A literal run holding `PLACEHOLDER`s: each run of them is unknown."""
        text, end, i = self.source.text, start + length, start
        while i < end:
            j = text.find(PLACEHOLDER, i, end)
            if j < 0:
                j = end
            if j > i:
                self.marks = False
                self.literal(i, j - i, quoted)
                self.marks = True
            if j == end:
                break
            k = j
            while k < end and text[k] == PLACEHOLDER:
                k += 1
            self.unknown("placeholder", Span(j, k), quoted)
            i = k

    def atom(self, start: int, length: int, decoded: str, quoted: bool) -> None:
        if not self._open or self._quoted != quoted:
            self.begin(quoted, start)
        self._open = True
        self._text.append(decoded)
        self._pieces.append((start, length, len(decoded)))

    def unknown(self, kind: str, span: Span, quoted: bool, splice: bool = False) -> None:
        self.flush()
        self.parts.append(UnknownPart(kind, span, quoted, splice))

    def substitute(self, value: ShellWord, via: UnknownPart) -> None:
        """The parts of a variable's value where its expansion `via` stands:
        they keep their positions, and expand no further."""
        self.flush()
        for part in value.parts:
            if isinstance(part, LiteralPart):
                self.parts.append(replace(part, quoted=True))
            else:
                self.parts.append(replace(part, quoted=True, splice=False))
        if not via.quoted:
            self.resolved.append((via, False, part_start(value.parts[0]) if value.parts else None))

    def spread(self, fields: Fields, via: UnknownPart) -> None:
        """The words of an unquoted expansion's known value where `via`
        stands: the first joins the text before it, the last the text after
        it, unless a blank separates them."""
        self.flush()
        probe = fields.words[0][0].pieces[0][0] if fields.words else None
        entry = (via, len(fields.words) > 1, probe)
        if fields.open_start:
            self.cut()
        for i, word in enumerate(fields.words):
            if i:
                self.cut()
            self.parts.extend(word)
            if entry not in self.resolved:
                self.resolved.append(entry)
        if fields.open_end:
            self.cut()

    def cut(self) -> None:
        """End the current word (a word with nothing in it is no word)."""
        self.flush()
        if self.parts:
            self.done.append((self.parts, self.resolved))
        self.parts, self.resolved = [], []

    def flush(self) -> None:
        if self._open and (self._pieces or self._quoted):
            self.parts.append(
                LiteralPart("".join(self._text), tuple(self._pieces), self._quoted, self._anchor)
            )
        self._text, self._pieces, self._open = [], [], False


_DQ_ESCAPES = frozenset('$`"\\')
_ANSI_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_HEX = frozenset("0123456789abcdefABCDEF")
_UNKNOWN_KINDS = {
    "simple_expansion": "variable",
    "expansion": "variable",
    "command_substitution": "substitution",
    "process_substitution": "substitution",
    "arithmetic_expansion": "substitution",
    "brace_expression": "glob",
}


def _continuation(text: str, i: int, end: int) -> int:
    """Length of a line continuation (`\\` + newline) at `i`, or 0."""
    if text.startswith("\\\n", i) and i + 2 <= end:
        return 2
    if text.startswith("\\\r\n", i) and i + 3 <= end:
        return 3
    return 0


def _unescaped_blank(text: str, i: int, end: int) -> int:
    """Where the first blank or line break in `text[i:end]` that no
    backslash escapes is (one that ends a word), or `end`."""
    while i < end:
        c = text[i]
        if c == "\\":
            i += _continuation(text, i, end) or 2
        elif c in " \t\n":
            return i
        else:
            i += 1
    return end


# Where a run of plain unquoted text ends: at one of these characters. Looked
# for with `str.find` and `in`, as the class `[\\*?]` matches, without `re`
# on a typical run's path (issue 20).
_UNQUOTED_STOP = "\\*?"


def _stops_unquoted(text: str) -> bool:
    """Whether `text` holds a character of `_UNQUOTED_STOP`."""
    return "\\" in text or "*" in text or "?" in text


def _next_stop(text: str, i: int, end: int, ahead: list[int]) -> int:
    """Where the first character of `_UNQUOTED_STOP` in `text[i:end]` is, or
    `end`. `ahead` holds where each was last found (-1: none before `end`,
    -2: not looked for) and is updated: with `i` never going back, the text is
    read once however many stops it holds."""
    stop = end
    for n, char in enumerate(_UNQUOTED_STOP):
        at = ahead[n]
        if -1 != at < i:
            at = ahead[n] = text.find(char, i, end)
        if -1 != at < stop:
            stop = at
    return stop


def _unquoted(b: WordBuilder, start: int, end: int, word_start: int) -> None:
    text = b.source.text
    i = max(start, b.skip_until)
    ahead = [-2] * len(_UNQUOTED_STOP)
    while i < end:
        c = text[i]
        if c == "\\":
            cont = _continuation(text, i, end)
            if cont:
                i += cont
            elif i + 1 < end:
                b.atom(i, 2, text[i + 1], False)
                i += 2
            else:
                b.literal(i, 1, False)
                i += 1
        elif (c in "*?" and b.globs) or (c == "~" and i == word_start):
            b.unknown("glob" if c != "~" else "variable", Span(i, i + 1), False, c != "~")
            i += 1
        else:
            j = _next_stop(text, i + 1, end, ahead)
            b.literal(i, j - i, False)
            i = j


def _double_quoted(b: WordBuilder, start: int, end: int) -> None:
    text = b.source.text
    i = start
    while i < end:
        if text[i] == "\\" and i + 1 < end:
            cont = _continuation(text, i, end)
            if cont:
                i += cont
                continue
            if text[i + 1] in _DQ_ESCAPES:
                b.atom(i, 2, text[i + 1], True)
                i += 2
                continue
        j = text.find("\\", i + 1, end)
        j = end if j < 0 else j
        b.literal(i, j - i, True)
        i = j


def _ansi_c(b: WordBuilder, start: int, end: int) -> None:
    text = b.source.text
    i = start
    while i < end:
        c = text[i]
        if c != "\\" or i + 1 >= end:
            j = text.find("\\", i + 1, end)
            j = end if j < 0 else j
            b.literal(i, j - i, True)
            i = j
            continue
        e = text[i + 1]
        n, value = 2, ""
        if e in _ANSI_SIMPLE:
            value = _ANSI_SIMPLE[e]
        elif e in "01234567":
            while n < 4 and i + n < end and text[i + n] in "01234567":
                n += 1
            value = chr(int(text[i + 1 : i + n], 8) & 0xFF)
        elif e in "xuU":
            limit = {"x": 2, "u": 4, "U": 8}[e]
            while n < 2 + limit and i + n < end and text[i + n] in _HEX:
                n += 1
            digits = text[i + 2 : i + n]
            value = chr(min(int(digits, 16), 0x10FFFF)) if digits else "\\" + e
        elif e == "c" and i + 2 < end:
            n, value = 3, chr(ord(text[i + 2]) & 0x1F)
        else:
            value = "\\" + e
        b.atom(i, n, value, True)
        i += n


def _is_array_splice(node: object) -> bool:
    """`$@`, `$*`, `${a[@]}`: several words even inside double quotes."""
    raw = _node_text(node)
    return raw in ("$@", "${@}") or (raw.startswith("${") and raw.endswith("[@]}"))


def _node_text(node: object) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""  # type: ignore[attr-defined]


def plain_word(source: Source, kind: str, span: Span) -> ShellWord | None:
    """The word `WordDecoder._plain` makes of a node of `kind` at `span`, as
    far as its text tells (a `string` must also hold no node but its text)."""
    text = source.text
    if kind == "word":
        start, end = span.start, span.end
        raw = text[start:end]
        if not raw or raw[0] == "~" or _stops_unquoted(raw):
            return None
        part = LiteralPart(raw, ((start, end - start, end - start),), False, start)
    elif kind == "raw_string":
        start, end = span.start + 1, max(span.start + 1, span.end - 1)
        part = LiteralPart(text[start:end], ((start, end - start, end - start),), True, start)
    elif kind == "string":
        start = span.start + (2 if text.startswith('$"', span.start) else 1)
        end = span.end - 1 if span.end - 1 >= start and text[span.end - 1] == '"' else span.end
        raw = text[start:end]
        if "$" in raw or "`" in raw or "\\" in raw:
            return None
        part = LiteralPart(raw, ((start, end - start, end - start),) if raw else (), True, start)
    else:
        return None
    return ShellWord(source, span, (part,))


_PLAIN_KINDS = ("word", "raw_string", "string")


def packed_plain(kind: str, span: Span) -> int:
    """A word `WordDecoder._plain` made of a node of `kind` at `span`
    (`V=web`, `V="web"`), kept as one number: a script of many calls keeps
    the value of each of its variables for as long as a later call may read
    it (`ami_lint.shell.variables`), and `unpacked_plain` makes the word again
    when one does (issue 20, item 3)."""
    return (((span.start << 32) | (span.end - span.start)) << 2) | _PLAIN_KINDS.index(kind)


def unpacked_plain(source: Source, packed: int) -> ShellWord:
    """The word `packed_plain` packed, of a node of `source`."""
    length = (packed >> 2) & 0xFFFFFFFF
    start = packed >> 34
    word = plain_word(source, _PLAIN_KINDS[packed & 3], Span(start, start + length))
    assert word is not None, "made of a plain word"
    return word


class WordDecoder:
    """Decodes the argument nodes of one parsed file."""

    def __init__(self, source: Source, offsets: Offsets) -> None:
        self.source = source
        self.offsets = offsets
        self.marks = PLACEHOLDER in source.text

    def span(self, node: object) -> Span:
        return self.offsets.span(node)

    def decode(self, nodes: Iterable[object], env: Env | None = None, assignment: bool = False) -> ShellWord:
        """One word from one node, or from nodes joined only by line continuations.

        With `env`, expansions of variables it knows are replaced by their
        values (unquoted, only values that splitting leaves whole). In an
        assignment's value (`assignment=True`), `*` and `?` are not globs.
        """
        if type(nodes) is not list:
            nodes = list(nodes)
        if len(nodes) == 1 and not self.marks:
            plain = self._plain(nodes[0])
            if plain is not None:
                return plain
        b, written = self._build(nodes, env, assignment, split=False)
        return ShellWord(self.source, written, tuple(b.parts), resolved_parts(b.resolved, written))

    def _build(
        self, nodes: list[object], env: Env | None, assignment: bool, split: bool
    ) -> tuple[WordBuilder, Span]:
        b = WordBuilder(self.source, self.marks)
        b.globs = not assignment
        b.split = split and env is not None
        first = self.span(nodes[0])
        word_start = first.start
        prev_end = first.start
        for node in nodes:
            span = self.span(node)
            if span.start > prev_end:  # a continuation between two nodes of one word
                _unquoted(b, prev_end, span.start, word_start)
            self._node(b, node, word_start, env)
            prev_end = span.end
        b.flush()
        return b, Span(first.start, prev_end)

    def _plain(self, node: object) -> ShellWord | None:
        """The word of one node that holds no expansion, escape or glob (most
        words of a script: `--name`, `"web"`, `'x'`), as `decode` makes it
        but without its general machinery; None for any other node."""
        # `plain_word` written out, with the check only a node allows: this
        # runs for most words of a script (tests/test_shell_fast_paths.py
        # compares the two). The node's span as `Offsets.span` makes it.
        kind = node.type  # type: ignore[attr-defined]
        chars = self.offsets._chars
        start_byte, end_byte = node.start_byte, node.end_byte  # type: ignore[attr-defined]
        if chars is None:
            span_start, span_end = start_byte, end_byte
        else:
            span_start, span_end = chars[start_byte], chars[end_byte]
        text = self.source.text
        if kind == "word":
            raw = text[span_start:span_end]
            if not raw or raw[0] == "~" or "\\" in raw or "*" in raw or "?" in raw:  # `_stops_unquoted`
                return None
            length = span_end - span_start
            pieces: tuple[Piece, ...] = ((span_start, length, length),)
            quoted = False
            anchor = span_start
        elif kind == "raw_string":
            start, end = span_start + 1, max(span_start + 1, span_end - 1)
            raw = text[start:end]
            pieces = ((start, end - start, end - start),)
            quoted = True
            anchor = start
        elif kind == "string":
            start = span_start + (2 if text.startswith('$"', span_start) else 1)
            end = span_end - 1 if span_end - 1 >= start and text[span_end - 1] == '"' else span_end
            raw = text[start:end]
            if "$" in raw or "`" in raw or "\\" in raw:
                return None
            count = node.named_child_count  # type: ignore[attr-defined]
            if count > 1 or (count == 1 and node.named_children[0].type != "string_content"):  # type: ignore[attr-defined]
                return None
            pieces = ((start, end - start, end - start),) if raw else ()
            quoted = True
            anchor = start
        else:
            return None
        # `literal_part_of`, `shell_word_of` and `span_of` written out.
        part = _OpenPart()
        part.text = raw
        part.pieces = pieces
        part.quoted = quoted
        part.anchor = anchor
        part.__class__ = LiteralPart  # type: ignore[assignment]
        span = _OpenSpan()
        span.start = span_start
        span.end = span_end
        span.__class__ = Span  # type: ignore[assignment]
        word = _OpenWord()
        word.source = self.source
        word.span = span  # type: ignore[assignment]
        word.parts = (part,)  # type: ignore[assignment]
        word.resolved = ()
        word.__class__ = ShellWord  # type: ignore[assignment]
        return word  # type: ignore[return-value]

    def decode_words(self, nodes: list[object], env: Env | None = None) -> list[ShellWord]:
        """The words one written word becomes: with `env`, several for
        `"${flags[@]}"` when it knows the array, and for an unquoted `$flags`
        (or `${flags[@]}`) when it knows a value the shell splits at blanks;
        none for an unquoted expansion of an empty value. Else one."""
        if env is None:
            return [self.decode(nodes)]
        if len(nodes) == 1:
            elements = self._array_splice(nodes[0], env)
            if elements is not None:
                return list(elements)
            plain = None if self.marks else self._plain(nodes[0])
            if plain is not None:
                return [plain]
        b, written = self._build(nodes, env, False, split=True)
        if not b.done:
            if not b.parts:  # only expansions of empty values: no word at all
                return []
            return [ShellWord(self.source, written, tuple(b.parts), resolved_parts(b.resolved, written))]
        b.cut()
        return [
            ShellWord(
                self.source, _field_span(parts, written), tuple(parts), resolved_parts(resolved, written)
            )
            for parts, resolved in b.done
        ]

    def _array_splice(self, node: object, env: Env) -> tuple[ShellWord, ...] | None:
        """The element words of a quoted `"${name[@]}"` the environment knows."""
        if node.type != "string":  # type: ignore[attr-defined]
            return None
        children = node.named_children  # type: ignore[attr-defined]
        if len(children) != 1 or children[0].type != "expansion":
            return None
        inner = children[0]
        if node.text != b'"' + inner.text + b'"':  # type: ignore[attr-defined]
            return None
        return env.array(array_name(inner))

    def _node(self, b: WordBuilder, root: object, word_start: int, env: Env | None) -> None:
        stack: list[object] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, tuple):  # a gap inside a concatenation
                _unquoted(b, node[1], node[2], word_start)
                continue
            kind = node.type  # type: ignore[attr-defined]
            span = self.span(node)
            if span.end <= b.skip_until:
                continue
            if kind in _UNKNOWN_KINDS:
                # Unquoted, any expansion is split into words and globbed.
                part = UnknownPart(_UNKNOWN_KINDS[kind], span, False, kind != "arithmetic_expansion")
                if env is None or not self._resolve(b, env, part, variable_name(node), array_name(node)):
                    b.flush()
                    b.parts.append(part)
            elif kind == "concatenation":
                children = list(node.children)  # type: ignore[attr-defined]
                # Gaps between pieces are continuations or escaped blanks
                # (`"a"\ b`); fill them as unquoted text. An unescaped blank
                # or line break in one ends the word there, as in the shell:
                # tree-sitter may join a word across the line break after
                # `<<EOF > f` when the next line starts with `\ ` (its extras).
                text = self.source.text
                pos = span.start
                items: list[object] = []
                for child in [*children, None]:
                    cs = span_of(span.end, span.end) if child is None else self.span(child)
                    if cs.start > pos:
                        blank = _unescaped_blank(text, pos, cs.start)
                        if blank < cs.start:
                            if blank > pos:
                                items.append(("gap", pos, blank))
                            break
                        items.append(("gap", pos, cs.start))
                    if child is None:
                        break
                    items.append(child)
                    pos = cs.end
                stack.extend(reversed(items))
            elif kind == "$":
                # A `$` that tree-sitter split from its name (see
                # calls._logical_commands): the expansion is `$` and the name after it.
                end = _name_end(self.source.text, span.end)
                part = UnknownPart("variable", Span(span.start, end), False, True)
                name = self.source.text[span.end : end] or None
                if env is None or not self._resolve(b, env, part, name, None):
                    b.flush()
                    b.parts.append(part)
                b.skip_until = end
            elif kind in ("string", "translated_string"):
                self._string(b, node, span, env)
            elif kind == "raw_string":
                inner = Span(span.start + 1, max(span.start + 1, span.end - 1))
                b.begin(True, inner.start)
                b.literal(inner.start, inner.end - inner.start, True)
            elif kind == "ansi_c_string":
                inner = Span(span.start + 2, max(span.start + 2, span.end - 1))
                b.begin(True, inner.start)
                _ansi_c(b, inner.start, inner.end)
            else:  # word, number and anything else written as plain text
                _unquoted(b, span.start, span.end, word_start)

    @staticmethod
    def _resolve(b: WordBuilder, env: Env, part: UnknownPart, name: str | None, array: str | None) -> bool:
        """Put the known value of an unquoted `$name` (or `${array[@]}`) where
        `part` stands; False when it is not known for certain."""
        if not b.split:  # one word wanted: only a value that stays whole
            value = env.string(name, quoted=False)
            if value is None:
                return False
            b.substitute(value, part)
            return True
        fields = env.array_fields(array) if array is not None else env.fields(name)
        if fields is None:
            return False
        b.spread(fields, part)
        return True

    def _string(self, b: WordBuilder, node: object, span: Span, env: Env | None) -> None:
        text = self.source.text
        start = span.start + (2 if text.startswith('$"', span.start) else 1)
        end = span.end - 1 if span.end - 1 >= start and text[span.end - 1] == '"' else span.end
        b.begin(True, start)
        pos = start
        for child in node.children:  # type: ignore[attr-defined]
            kind = child.type
            if kind not in _UNKNOWN_KINDS:
                continue
            cs = self.span(child)
            if cs.start > pos:
                _double_quoted(b, pos, cs.start)
            part = UnknownPart(_UNKNOWN_KINDS[kind], cs, True, _is_array_splice(child))
            value = env.string(variable_name(child), quoted=True) if env is not None else None
            if value is not None:
                b.substitute(value, part)
            else:
                b.unknown(part.kind, part.span, part.quoted, part.splice)
            pos = cs.end
        if end > pos:
            _double_quoted(b, pos, end)
        b.flush()


def part_start(part: Part) -> int:
    """Where a part of a word was written (its first character)."""
    if isinstance(part, UnknownPart):
        return part.span.start
    return part.pieces[0][0] if part.pieces else part.anchor


def resolved_parts(
    entries: list[tuple[UnknownPart, bool, int | None]], written: Span
) -> tuple[Resolved, ...]:
    return tuple(Resolved(via, written, split, probe) for via, split, probe in entries)


def _field_span(parts: list[Part], written: Span) -> Span:
    """Where one of the words of a split value is written: the written word
    when it holds text of it, else the value's text in its assignment."""
    starts = [part_start(p) for p in parts]
    if any(written.start <= at < written.end for at in starts):
        return written
    last = parts[-1]
    end = last.span.end if isinstance(last, UnknownPart) else last.end
    return Span(starts[0], end) if end >= starts[0] else written


def variable_name(node: object) -> str | None:
    """`NAME` of `$NAME` or `${NAME}`; None for any other expansion."""
    kind = node.type  # type: ignore[attr-defined]
    children = node.children  # type: ignore[attr-defined]
    if kind == "simple_expansion" and len(children) == 2 and children[1].type == "variable_name":
        return _node_text(children[1])
    if kind == "expansion" and len(children) == 3 and children[1].type == "variable_name":
        return _node_text(children[1])
    return None


def array_name(node: object) -> str | None:
    """`NAME` of `${NAME[@]}`; None for any other expansion."""
    children = node.children  # type: ignore[attr-defined]
    if len(children) != 3 or children[1].type != "subscript":
        return None
    subscript = children[1]
    name = subscript.child_by_field_name("name")
    index = subscript.child_by_field_name("index")
    if name is None or index is None or name.type != "variable_name" or index.text != b"@":
        return None
    return _node_text(name)


def _name_end(text: str, start: int) -> int:
    """End of the variable name that starts at `start` (none: `start`)."""
    i = start
    while i < len(text) and (text[i] == "_" or (text[i].isascii() and text[i].isalnum())):
        if i == start and text[i].isdigit():
            return i + 1  # `$1`
        i += 1
    return i


def json_string_state(text: str, in_string: bool) -> bool:
    """Whether JSON text that continues `text` stands inside a string literal."""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and in_string:
            escaped = True
        elif char == '"':
            in_string = not in_string
    return in_string
