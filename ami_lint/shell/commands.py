"""A shell command as the CLI sees it: which words make an `aws ec2
register-image` call (behind wrappers such as `sudo`), its global options,
and the `Invocation` record the rest of the shell front end works on."""

from __future__ import annotations

from collections.abc import Callable

from ami_lint.records import Record, record
from ami_lint.shell.walk import field_ids, kinds
from ami_lint.shell.words import Env, ShellWord, WordDecoder
from ami_lint.shell.written import Unsure, Writes, Written
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # only for type checkers: a plain class at run time

# Global options of the AWS CLI that take a value, and those that do not.
GLOBAL_VALUE_OPTIONS = frozenset(
    {
        "--region",
        "--profile",
        "--output",
        "--query",
        "--endpoint-url",
        "--color",
        "--ca-bundle",
        "--cli-read-timeout",
        "--cli-connect-timeout",
        "--cli-binary-format",
    }
)


GLOBAL_FLAGS = frozenset(
    {
        "--debug",
        "--no-verify-ssl",
        "--no-paginate",
        "--no-sign-request",
        "--no-cli-pager",
        "--cli-auto-prompt",
        "--no-cli-auto-prompt",
    }
)


# Commands that run their arguments as a command, with the options they take
# a value for (their other options are flags).
WRAPPERS: dict[str, frozenset[str]] = {
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset({"-a"}),
    "nohup": frozenset(),
    "time": frozenset(),
    "sudo": frozenset({"-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "-D", "-T", "-R"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir", "--split-string"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
}


@record(frozen=True, slots=True)
class GlobalOption(metaclass=Record):
    """An option of `aws` itself, before the service name."""

    name: str
    word: ShellWord
    value: ShellWord | None


@record(frozen=True, slots=True)
class Capture(metaclass=Record):
    """`NAME=$(...)`: the variable that receives a command's standard output."""

    name: str
    span: Span  # the variable name as written
    # Some use of the variable in the script parses it (`jq … <<< "$V"`).
    parsed: bool = False


# Slotted: each field set through its slot's setter, a third of what a
# frozen field set through `object.__setattr__` costs (`records`); a call's
# record is made once by `invocation_of` and once more with what the walk
# knows of it (issue 20).
@record(frozen=True, slots=True)
class Invocation(metaclass=Record):
    """One `aws ec2 register-image` command."""

    source: Source
    span: Span
    # The words after `register-image`, as the CLI's operation parser gets them.
    words: tuple[ShellWord, ...]
    global_options: tuple[GlobalOption, ...]
    # A word before the operation may stand for any options (`aws $opts ec2 ...`).
    has_splice: bool
    # The shell that runs the script (`bash`, `sh`, `dash`, ...), None when unknown.
    shell: str | None = None
    # The variable the command's output goes to, when it goes straight there.
    capture: Capture | None = None
    # Where a shell syntax error cuts the command short (an unterminated
    # quote, say): its last word and what follows may be cut off.
    syntax_error: int | None = None
    # The files the script writes, as this command finds them.
    files: CallFiles | None = None
    # Spans of a wrapper function's definition whose words the call borrows
    # (`ami_lint.shell.aws_wrappers`): no finding is reported there.
    borrowed: tuple[Span, ...] = ()
    # The wrapper sends the CLI's output elsewhere (`out=$(aws "$@")`, `| jq`):
    # what `X=$(wrapper …)` receives is not register-image's output.
    hides_output: bool = False


class _OpenInvocation:
    """`Invocation`'s layout (its slots, in order) without its refusal of
    assignment: what `invocation_with` fills and makes an `Invocation`."""

    # The order of `Invocation`'s slots.
    __slots__ = (  # noqa: RUF023
        "source",
        "span",
        "words",
        "global_options",
        "has_splice",
        "shell",
        "capture",
        "syntax_error",
        "files",
        "borrowed",
        "hides_output",
    )
    source: Source
    span: Span
    words: tuple[ShellWord, ...]
    global_options: tuple[GlobalOption, ...]
    has_splice: bool
    shell: str | None
    capture: Capture | None
    syntax_error: int | None
    files: CallFiles | None
    borrowed: tuple[Span, ...]
    hides_output: bool


def invocation_with(
    invocation: Invocation,
    shell: str | None,
    capture: Capture | None,
    syntax_error: int | None,
    files: CallFiles | None,
) -> Invocation:
    """`replace(invocation, shell=shell, capture=capture,
    syntax_error=syntax_error, files=files)`, made as
    `ami_lint.source.span_of` makes a span: `replace` looks up each of the
    eleven fields by name and calls the frozen record's `__init__`, which
    sets each by its slot's setter (every call of a script comes here, issue
    20). tests/test_shell_fast_paths.py compares the two."""
    made = _OpenInvocation()
    made.source = invocation.source
    made.span = invocation.span
    made.words = invocation.words
    made.global_options = invocation.global_options
    made.has_splice = invocation.has_splice
    made.shell = shell
    made.capture = capture
    made.syntax_error = syntax_error
    made.files = files
    made.borrowed = invocation.borrowed
    made.hides_output = invocation.hides_output
    made.__class__ = Invocation  # type: ignore[assignment]
    return made  # type: ignore[return-value]


class CallFiles:
    """The files a script writes, seen from one of its commands."""

    __slots__ = ("_node", "_writes")

    def __init__(self, writes: Writes, node: object) -> None:
        self._writes = writes
        self._node = node

    def lookup(self, path: str) -> Written | Unsure | None:
        """What the script certainly wrote to `path` before the command,
        `Unsure` when it may write it in a way not followed, else None."""
        return self._writes.lookup(self._node, path)

    def output_of(self, span: Span) -> ShellWord | None:
        """The output of `$(cat <<EOF … EOF)` at `span`, else None."""
        return self._writes.output_of(span)


class WordList(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> ShellWord: ...


class Words:
    """The words of one command, each decoded when first asked for: most
    commands of a script (`echo`, `jq`, other `aws` calls) are told apart
    from a register-image call by their first few words."""

    __slots__ = ("_decoder", "_groups", "_words")

    def __init__(self, groups: list[list[object]], decoder: WordDecoder) -> None:
        self._groups = groups
        self._decoder = decoder
        self._words: list[ShellWord | None] = [None] * len(groups)

    def __len__(self) -> int:
        return len(self._groups)

    def __getitem__(self, i: int) -> ShellWord:
        word = self._words[i]
        if word is None:
            word = self._words[i] = self._decoder.decode(self._groups[i])
        return word

    def all(self) -> list[ShellWord]:
        return self.since(0)

    def since(self, start: int) -> list[ShellWord]:
        """The words from index `start` on (`words[start:]`), each decoded once."""
        words, groups, decode = self._words, self._groups, self._decoder.decode
        for i in range(start, len(groups)):
            if words[i] is None:
                words[i] = decode(groups[i])
        return words[start:]  # type: ignore[return-value]

    def decode_words(self, i: int, env: Env) -> list[ShellWord]:
        """The words word `i` becomes with the values of `env` (`WordDecoder.decode_words`)."""
        return self._decoder.decode_words(self._groups[i], env)


class Trimmed:
    """A word node without the line break tree-sitter put in front of it."""

    type = "word"
    children: tuple[object, ...] = ()

    def __init__(self, node: object, start_byte: int) -> None:
        self.start_byte = start_byte
        self.end_byte = node.end_byte  # type: ignore[attr-defined]
        self.text = node.text[start_byte - node.start_byte :]  # type: ignore[attr-defined]


def logical_commands(node: object, decoder: WordDecoder) -> list[tuple[Span, list[list[object]]]]:
    """The commands of one `command` node, each with its span and the nodes of
    each of its words.

    tree-sitter-bash joins a line that starts with a backslash (`\\aws ...`) to
    the command before it, with the line break inside the first word; the
    shell runs them as two commands. Nodes joined by a line continuation alone
    (`ab\\<newline>cd`, which tree-sitter splits) are one word, and so are
    nodes with nothing between them: tree-sitter splits `x={a=$V,b=c}` after
    the bare `$`, and `Ebs=\\{SnapshotId="$S"\\}` before the escaped brace, where
    the shell reads one word.
    """
    text = decoder.source.text
    data = decoder.offsets.data
    commands: list[tuple[int, list[list[object]]]] = [(decoder.span(node).start, [])]
    prev_end = -1
    # Character offsets of bytes: each is its byte in an ASCII text.
    chars = decoder.offsets.chars
    # The fields of a command that hold its words, and the node types asked about.
    _WORD_FIELDS, _COMMAND_NAME, _WORD = field_ids("name", "argument"), kinds("command_name"), kinds("word")
    # A cursor over the children: `node.children` would keep them all on
    # `node`, and `node.field_name_for_child(i)` counts up to `i` each time.
    cursor = node.walk()  # type: ignore[attr-defined]
    more = cursor.goto_first_child()
    while more:
        child = cursor.node if cursor.field_id in _WORD_FIELDS else None
        more = cursor.goto_next_sibling()
        if child is None:
            continue
        kind = child.kind_id
        if kind in _COMMAND_NAME and child.named_child_count:
            child = child.named_child(0)
            kind = child.kind_id
        start_byte, end_byte = child.start_byte, child.end_byte
        # The first byte from the parsed buffer: `child.text` would copy the whole word.
        if kind in _WORD and data[start_byte : start_byte + 1] in (b"\n", b"\r"):
            raw = child.text or b""
            start = start_byte + len(raw) - len(raw.lstrip(b"\r\n"))
            trimmed = Trimmed(child, start)
            commands.append((decoder.offsets.char(start), [[trimmed]]))
            prev_end = end_byte if chars is None else chars[end_byte]
            continue
        groups = commands[-1][1]
        if chars is None:
            span_start, span_end = start_byte, end_byte
        else:
            span_start, span_end = chars[start_byte], chars[end_byte]
        continued = (
            span_start > prev_end
            and text[prev_end] == "\\"
            and only_continuations(text, prev_end, span_start)
        )
        if groups and (continued or span_start == prev_end):
            groups[-1].append(child)
        else:
            groups.append([child])
        prev_end = span_end
    return [(Span(start, decoder.span(groups[-1][-1]).end), groups) for start, groups in commands if groups]


STDOUT_REDIRECTS = frozenset({">", ">>", ">|", "&>", "&>>", ">&"})


def redirects_stdout(redirect: object) -> bool:
    if redirect.type != "file_redirect":  # type: ignore[attr-defined]
        return False
    fd = redirect.child_by_field_name("descriptor")  # type: ignore[attr-defined]
    if fd is not None and fd.text != b"1":
        return False
    return any(c.type in STDOUT_REDIRECTS for c in redirect.children)  # type: ignore[attr-defined]


def only_continuations(text: str, start: int, end: int, blanks: bool = False) -> bool:
    """Whether only line continuations (and, with `blanks`, spaces and tabs)
    stand between two offsets."""
    i = start
    while i < end:
        if blanks and text[i] in " \t":
            i += 1
        elif text.startswith("\\\n", i):
            i += 2
        elif text.startswith("\\\r\n", i):
            i += 3
        else:
            return False
    return True


def is_aws(word: ShellWord) -> bool:
    text = word.text
    return text is not None and (text == "aws" or text.endswith("/aws"))


def skip_wrappers(words: WordList, command: Callable[[ShellWord], bool] = is_aws) -> int | None:
    """Index of the `aws` word of a command (or another word `command`
    accepts), behind wrappers such as `sudo -E`."""
    i = 0
    while i < len(words):
        word = words[i]
        if command(word):
            return i
        text = word.text
        name = text.rsplit("/", 1)[-1] if text else None
        if name not in WRAPPERS:
            return None
        takes_value = WRAPPERS[name]
        i += 1
        while i < len(words):
            arg = words[i].text
            if arg is None:
                return None
            if arg == "--":
                i += 1
                break
            if name == "env" and "=" in arg and not arg.startswith("-"):
                i += 1
            elif arg.startswith("-") and len(arg) > 1:
                i += 2 if arg in takes_value else 1
            elif name == "timeout" and not command(words[i]):
                i += 1  # the duration
            elif name == "nice" and arg.lstrip("-").isdigit():
                i += 1
            else:
                break
    return None


def invocation_of(
    span: Span, words: WordList, decoder: WordDecoder, at: int | None = None, tail: bool = True
) -> Invocation | None:
    """The call `words` make, with `aws` at index `at` (found when not given).
    Without `tail`, its words after the operation are not decoded (left out):
    only whether it is a call, and how, is asked."""
    at = skip_wrappers(words) if at is None else at
    if at is None:
        return None
    globals_seen: list[GlobalOption] = []
    splice = False
    wanted = ["ec2", "register-image"]
    i = at + 1
    while i < len(words) and wanted:
        word = words[i]
        text = word.text
        if text is None:
            if not word.is_splice:
                return None
            splice = True
            i += 1
            continue
        option = global_option(text)
        if option is not None:
            value = None
            if option in GLOBAL_VALUE_OPTIONS and "=" not in text and i + 1 < len(words):
                value = words[i + 1]
                i += 1
            globals_seen.append(GlobalOption(option, word, value))
            i += 1
            continue
        if text != wanted[0]:
            return None
        wanted.pop(0)
        i += 1
    if wanted:
        return None
    rest: tuple[ShellWord, ...] = ()
    if tail:
        rest = tuple(words.since(i) if isinstance(words, Words) else [words[k] for k in range(i, len(words))])
    # `Invocation(decoder.source, span, rest, tuple(globals_seen), splice)`,
    # made as `invocation_with` makes one.
    made = _OpenInvocation()
    made.source = decoder.source
    made.span = span
    made.words = rest
    made.global_options = tuple(globals_seen)
    made.has_splice = splice
    made.shell = made.capture = made.syntax_error = made.files = None
    made.borrowed = ()
    made.hides_output = False
    made.__class__ = Invocation  # type: ignore[assignment]
    return made  # type: ignore[return-value]


def global_option(text: str) -> str | None:
    """The global option a word names (`--region`, `--region=x`), or None.

    The CLI's main parser reads the whole command line first and takes any
    unambiguous prefix of one of its options (`--endpoint` is `--endpoint-url`:
    argparse's abbreviations), before the operation sees what is left."""
    name = text.split("=", 1)[0] if text.startswith("--") else text
    if name in GLOBAL_FLAGS and "=" not in text:
        return name
    if name in GLOBAL_VALUE_OPTIONS:
        return name
    if len(name) > 3 and name.startswith("--"):
        matches = _GLOBAL_PREFIXES.get(name)
        if matches is None:
            matches = _GLOBAL_PREFIXES[name] = tuple(o for o in _GLOBALS if o.startswith(name))
        if len(matches) == 1 and (matches[0] in GLOBAL_VALUE_OPTIONS or "=" not in text):
            return matches[0]
    return None


_GLOBALS = sorted(GLOBAL_FLAGS | GLOBAL_VALUE_OPTIONS)
_GLOBAL_PREFIXES: dict[str, tuple[str, ...]] = {}
