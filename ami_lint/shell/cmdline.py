"""The words after `register-image` read as the AWS CLI's argparse reads them.

The option table comes from the request model: each member is an option named
as the CLI names it (`BlockDeviceMappings` -> `--block-device-mappings`);
boolean members are flags with a `--no-` form; list members take every
following word up to the next option-like word (argparse `nargs='+'`).
`--opt=value` gives exactly one value. A word that is an unambiguous prefix of
one option means that option (argparse's `allow_abbrev`), and the use is
recorded as abbreviated. The AWS CLI's global options are accepted anywhere,
as its main parser takes them from the whole command line.
"""

from __future__ import annotations

from functools import lru_cache

from ami_lint import rule_ids
from ami_lint.cliargs import member_schemas, option_name
from ami_lint.diagnostics import Finding
from ami_lint.edits import exact, fix
from ami_lint.records import Record, field, record
from ami_lint.shell.commands import GLOBAL_VALUE_OPTIONS, Invocation, global_option
from ami_lint.shell.words import LiteralPart, ShellWord, UnknownPart
from ami_lint.source import Source, Span

# Kinds of option.
VALUE = "value"
LIST = "list"
FLAG = "flag"
SKELETON = "skeleton"  # `--generate-cli-skeleton [input|output|yaml-input]`

CLI_INPUT_OPTIONS = ("--cli-input-json", "--cli-input-yaml")

# Compiled (and cached by `re`) when first used: not at start-up.
_NEGATIVE_NUMBER = r"^-\d+$|^-\d*\.\d+$"


@record(frozen=True)
class OptionSpec:
    """An option register-image accepts."""

    name: str  # `--block-device-mappings`, `--no-ena-support`
    kind: str
    member: str | None  # None for the CLI's own options (`--cli-input-json`)
    flag_value: bool | None = None


@lru_cache(maxsize=1)
def option_table() -> dict[str, OptionSpec]:
    table: dict[str, OptionSpec] = {}
    for member, schema in member_schemas().items():
        name = "--" + option_name(member)
        if schema.get("type") == "boolean":
            table[name] = OptionSpec(name, FLAG, member, True)
            negated = "--no-" + option_name(member)
            table[negated] = OptionSpec(negated, FLAG, member, False)
        elif schema.get("type") == "array":
            table[name] = OptionSpec(name, LIST, member)
        else:
            table[name] = OptionSpec(name, VALUE, member)
    for name in CLI_INPUT_OPTIONS:
        table[name] = OptionSpec(name, VALUE, None)
    table["--generate-cli-skeleton"] = OptionSpec("--generate-cli-skeleton", SKELETON, None)
    return table


@record(frozen=True, slots=True)
class OptionUse(metaclass=Record):
    """An option as a command line gives it."""

    spec: OptionSpec
    word: ShellWord  # the word that names the option
    name_span: Span  # the option name as written (`--name` of `--name=x`)
    written: str  # the name as written, perhaps a prefix
    values: tuple[ShellWord, ...] = ()
    # `--opt=value`: the value came in the option's own word.
    explicit: bool = False
    # A value was needed and none followed (the CLI: `expected one argument`).
    missing_value: bool = False
    # A list whose values are followed by a splice (`$extra`): it may hold
    # more items, or the splice may start other options.
    open_list: bool = False

    @property
    def abbreviated(self) -> bool:
        return self.written != self.spec.name

    # Where a finding about the option points (`Rule.report`): its name as written.
    @property
    def source(self) -> Source:
        return self.word.source

    @property
    def span(self) -> Span:
        return self.name_span


class _OpenUse:
    """`OptionUse`'s layout (its slots, in order) without its refusal of
    assignment: what `_use_of` fills and makes an `OptionUse`."""

    __slots__ = ("spec", "word", "name_span", "written", "values", "explicit", "missing_value", "open_list")  # noqa: RUF023 -- the order of `OptionUse`'s slots
    spec: OptionSpec
    word: ShellWord
    name_span: Span
    written: str
    values: tuple[ShellWord, ...]
    explicit: bool
    missing_value: bool
    open_list: bool


def _use_of(
    spec: OptionSpec,
    word: ShellWord,
    name_span: Span,
    written: str,
    values: tuple[ShellWord, ...],
    explicit: bool,
    missing_value: bool,
    open_list: bool,
) -> OptionUse:
    """`OptionUse(...)` made as `ami_lint.source.span_of` makes a span: a
    frozen record's `__init__` sets each of its eight fields by its slot's
    setter, through `slot_tp_init`; a command line has an option use for
    each option (issue 20). tests/test_shell_fast_paths.py compares the two."""
    use = _OpenUse()
    use.spec = spec
    use.word = word
    use.name_span = name_span
    use.written = written
    use.values = values
    use.explicit = explicit
    use.missing_value = missing_value
    use.open_list = open_list
    use.__class__ = OptionUse  # type: ignore[assignment]
    return use  # type: ignore[return-value]


@record(frozen=True, slots=True)
class Stray(metaclass=Record):
    """A word that belongs to no option."""

    word: ShellWord
    reason: str  # "unknown-option", "ambiguous-option", "argument", "after-double-dash"
    candidates: tuple[str, ...] = ()
    # An argument right after a flag (`--ena-support true`): meant as its value.
    after_flag: OptionUse | None = None


@record
class CommandLine:
    """A register-image call read as the CLI reads its arguments."""

    invocation: Invocation
    options: list[OptionUse] = field(default_factory=list)
    strays: list[Stray] = field(default_factory=list)
    # Words that may stand for any options (`$flags`, `"${args[@]}"`).
    splices: list[ShellWord] = field(default_factory=list)
    globals_after: list[ShellWord] = field(default_factory=list)

    @property
    def has_splice(self) -> bool:
        return self.invocation.has_splice or bool(self.splices)

    def last_uses(self) -> dict[str, OptionUse]:
        """The option that counts for each member: the last one written."""
        out: dict[str, OptionUse] = {}
        for use in self.options:
            if use.spec.member is not None:
                out[use.spec.member] = use
        return out


@record(slots=True)
class _Classified(metaclass=Record):
    """What argparse makes of a word before it assigns values. Not frozen
    (nothing assigns to one): its fields set with plain stores, not each by
    its slot's setter (a command line classifies each word, issue 20)."""

    spec: OptionSpec | None
    written: str | None  # option-like: the name part as written
    explicit: ShellWord | None
    ambiguous: tuple[str, ...] = ()


def _classify(word: ShellWord) -> _Classified | None:
    """None for an argument word, else the option it names (argparse `_parse_optional`)."""
    text = word.text
    known = word.known_prefix
    if text is None:
        # `--name=$X` names its option; `--$X` or `$X` cannot be read.
        if not known.startswith("-") or "=" not in known:
            return None
        text = known
    table = option_table()
    if not text or text[0] != "-":
        return None
    if text in table and word.text is not None:
        return _Classified(table[text], text, None)
    if len(text) == 1:
        return None
    name = text.split("=", 1)[0] if "=" in text else text
    explicit = word.tail(len(name) + 1) if "=" in text else None
    if name in table:
        return _Classified(table[name], name, explicit)
    if global_option(text) is not None:
        return _Classified(None, name, explicit)
    if name.startswith("--"):
        matches = tuple(option for option in table if option.startswith(name))
        if len(matches) == 1:
            return _Classified(table[matches[0]], name, explicit)
        if len(matches) > 1:
            return _Classified(None, name, explicit, matches)
    import re

    if re.match(_NEGATIVE_NUMBER, text) or " " in text:
        return None
    return _Classified(None, name, explicit)


# `_classify` of a word that is one literal naming an option whole
# (`--name`): the same for every such word, kept by its text.
_WHOLE_OPTIONS: dict[str, _Classified] = {}


def _classify_all(words: tuple[ShellWord, ...]) -> tuple[list[_Classified | None], list[str | None]]:
    """`_classify` of each word, and each word's text: a word that is one
    literal part (most words) is told at once when it is not option-like
    or names an option whole, as `_classify` tells it."""
    table = option_table()
    classified: list[_Classified | None] = []
    texts: list[str | None] = []
    for word in words:
        parts = word.parts
        if len(parts) == 1 and type(parts[0]) is LiteralPart:
            text = parts[0].text
            texts.append(text)
            if not text or text[0] != "-":
                classified.append(None)
                continue
            whole = _WHOLE_OPTIONS.get(text)
            if whole is None and text in table:
                whole = _WHOLE_OPTIONS[text] = _Classified(table[text], text, None)
            if whole is not None:
                classified.append(whole)
                continue
        else:
            texts.append(word.text)
        classified.append(_classify(word))
    return classified, texts


def read_command_line(invocation: Invocation) -> CommandLine:
    line = CommandLine(invocation)
    words = invocation.words
    classified, texts = _classify_all(words)
    after_splice = False
    flag: OptionUse | None = None
    i = 0
    while i < len(words):
        word, kind = words[i], classified[i]
        flag_before, flag = flag, None
        i += 1
        if texts[i - 1] == "--":
            line.strays.extend(Stray(w, "after-double-dash") for w in words[i:])
            break
        if kind is None:
            if not word.is_known:
                # An unknown word where an option goes may be options and
                # their values; the words after it may be its values.
                line.splices.append(word)
                after_splice = True
            elif after_splice:
                line.splices.append(word)
            else:
                line.strays.append(Stray(word, "argument", after_flag=flag_before))
            continue
        after_splice = False
        written = kind.written or ""
        name_span = word.prefix_span(len(written))
        if kind.spec is None:
            option = global_option(word.known_prefix)
            if option is not None:
                line.globals_after.append(word)
                if option in GLOBAL_VALUE_OPTIONS and kind.explicit is None and i < len(words):
                    line.globals_after.append(words[i])
                    i += 1
            elif kind.ambiguous:
                line.strays.append(Stray(word, "ambiguous-option", kind.ambiguous))
            else:
                line.strays.append(Stray(word, "unknown-option"))
            continue
        spec = kind.spec
        if kind.explicit is not None:
            line.options.append(_use_of(spec, word, name_span, written, (kind.explicit,), True, False, False))
            continue
        values: list[ShellWord] = []
        if spec.kind == VALUE:
            if i < len(words) and classified[i] is None:
                values.append(words[i])
                i += 1
        elif spec.kind == LIST:
            while i < len(words) and classified[i] is None and texts[i] != "--":
                if values and _starts_with_splice(words[i]):
                    break  # read as a splice where options go, on the next turn
                values.append(words[i])
                i += 1
        elif spec.kind == SKELETON and i < len(words) and classified[i] is None:
            values.append(words[i])
            i += 1
        missing = spec.kind in (VALUE, LIST) and not values
        open_list = spec.kind == LIST and i < len(words) and classified[i] is None and not words[i].is_known
        use = _use_of(spec, word, name_span, written, tuple(values), False, missing, open_list)
        line.options.append(use)
        if spec.kind == FLAG:
            flag = use
    return line


def _starts_with_splice(word: ShellWord) -> bool:
    """Whether a word begins with an unquoted expansion (`$extra`,
    `${args[@]}`, `"${args[@]}"`): its first words may be options."""
    # `"${args[@]}"` begins with the empty text before the expansion.
    first = next((p for p in word.parts if isinstance(p, UnknownPart) or p.text), None)
    return isinstance(first, UnknownPart) and first.splice and first.kind != "glob"


def unknown_option_findings(line: CommandLine) -> list[Finding]:
    """AMI101 for each `--option` the command does not have, with the closest
    real option suggested (a prefix of a real one is AMI411 instead)."""
    findings = []
    for stray in line.strays:
        if stray.reason != "unknown-option":
            continue
        word = stray.word
        text = _option_text(stray)
        guess = guessed_option(stray)
        from ami_lint.messages import unknown_option  # only for an unknown name

        message, hint = unknown_option(text, guess)
        span = word.prefix_span(len(text)) if word.text is None else word.span
        rename = None
        if guess is not None and not word.resolved:
            name = Span(word.span.start, word.span.start + len(text))
            rename = fix(f"Write `{guess}`", [exact(word.source, name, text, guess)], safe=False)
        findings.append(Finding(rule_ids.UNKNOWN_PARAMETER, word.source, span, message, hint, fix=rename))
    return findings


def guessed_option(stray: Stray) -> str | None:
    """The real option an unknown `--option` probably meant (`--architechture`
    -> `--architecture`), or None."""
    from ami_lint.suggest import suggest

    return suggest(_option_text(stray), sorted(option_table()))


def _option_text(stray: Stray) -> str:
    word = stray.word
    return (word.text if word.text is not None else word.known_prefix).split("=", 1)[0]
