"""Every `aws ... ec2 register-image ...` command of a shell script.

The script is parsed with tree-sitter-bash and the whole tree is walked
(iteratively: nesting costs no stack), so a call is found wherever it stands:
functions, `if`/`case`/loops, pipelines, `&&`/`||` lists, `$(...)` and
backticks, after `VAR=x` prefixes, behind `command`, `sudo`, `env` and the like.
The AWS CLI's global options may stand before the service and the operation.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Protocol

from ami_lint.files import SHEBANG_BYTES, shebang_shell
from ami_lint.records import record, replace
from ami_lint.shell.captured import parsed_variables
from ami_lint.shell.variables import Ancestry, Variables
from ami_lint.shell.words import Offsets, ShellWord, WordDecoder
from ami_lint.shell.written import Unsure, Writes, Written
from ami_lint.source import Source, Span

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
_WRAPPERS: dict[str, frozenset[str]] = {
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


@record(frozen=True)
class GlobalOption:
    """An option of `aws` itself, before the service name."""

    name: str
    word: ShellWord
    value: ShellWord | None


@record(frozen=True)
class Capture:
    """`NAME=$(...)`: the variable that receives a command's standard output."""

    name: str
    span: Span  # the variable name as written
    # Some use of the variable in the script parses it (`jq … <<< "$V"`).
    parsed: bool = False


@record(frozen=True)
class Invocation:
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


@lru_cache(maxsize=1)
def _parser() -> object:
    import tree_sitter

    return tree_sitter.Parser(tree_sitter.Language(_bash_grammar()))


def _bash_grammar() -> object:
    """tree-sitter-bash's compiled grammar.

    Its package imports `importlib.resources` (and with it tempfile, random,
    zipfile...) for highlight queries ami-lint never reads: a few ms of every
    run that reads a script. The compiled module is loaded from the package's
    folder without running the package; an install laid out otherwise is
    imported the usual way."""
    try:
        from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
        from importlib.util import find_spec, module_from_spec, spec_from_loader

        package = find_spec("tree_sitter_bash")
        for folder in (package and package.submodule_search_locations) or ():
            for suffix in EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_binding" + suffix)
                if os.path.isfile(path):
                    loader = ExtensionFileLoader("tree_sitter_bash._binding", path)
                    spec = spec_from_loader(loader.name, loader)
                    if spec is not None:
                        binding = module_from_spec(spec)
                        loader.exec_module(binding)
                        return binding.language()
    except (ImportError, OSError, AttributeError):
        pass
    import tree_sitter_bash

    return tree_sitter_bash.language()


def find_invocations(source: Source) -> list[Invocation]:
    from ami_lint.shell.aws_wrappers import Wrappers

    offsets = Offsets(source.text)
    tree = _parser().parse(offsets.data)  # type: ignore[attr-defined]
    decoder = WordDecoder(source, offsets)
    # `aws ec2 …`, and through the script's wrappers: `AWS ec2 …`, `$AWSCLI ec2 …`
    wrappers = Wrappers(tree.root_node, decoder)
    shell = script_shell(source)
    errors = _ErrorStarts(tree.root_node, decoder) if tree.root_node.has_error else None
    found: list[Invocation] = []
    # Calls with variables in them, read again once the variables are known.
    pending: list[tuple[object, Span, list[list[object]], Invocation]] = []
    ancestry = Ancestry()
    writes = Writes(tree.root_node, decoder, ancestry)
    path: list[object] = []  # the nodes from the root down to `node`
    stack: list[tuple[Any, int]] = [(tree.root_node, 0)]
    while stack:
        node, depth = stack.pop()
        del path[depth:]
        path.append(node)
        if node.type == "command":
            commands = _logical_commands(node, decoder)
            for n, (span, groups) in enumerate(commands, 1):
                lazy = _Words(groups, decoder)
                invocation = wrappers.invocation(node, span, lazy)
                if invocation is None:
                    continue
                words = lazy.all()
                ancestry.add_path(path)
                # Only the last of commands joined by tree-sitter is the node's own.
                capture = (
                    _capture(node, decoder, ancestry)
                    if n == len(commands) and not invocation.hides_output
                    else None
                )
                error = errors.cutting(node) if errors is not None else None
                invocation = replace(
                    invocation,
                    shell=shell,
                    capture=capture,
                    syntax_error=error,
                    files=CallFiles(writes, node),
                )
                if any(part.kind == "variable" for word in words for part in word.unknowns):
                    pending.append((node, span, groups, invocation))
                else:
                    found.append(invocation)
        elif node.type == "ERROR":
            # A command tree-sitter could not finish (a stray quote inside
            # `$(…)` or backticks) is left as loose nodes of the error.
            for span, groups, error in _loose_commands(node, decoder):
                lazy = _Words(groups, decoder)
                invocation = _invocation(span, lazy, decoder)
                if invocation is None:
                    continue
                ancestry.add_path(path)
                invocation = replace(
                    invocation, shell=shell, syntax_error=error, files=CallFiles(writes, node)
                )
                if any(part.kind == "variable" for word in lazy.all() for part in word.unknowns):
                    # The variables it sees are those before the whole error.
                    pending.append((node, span, groups, invocation))
                else:
                    found.append(invocation)
        stack.extend((child, depth + 1) for child in node.children)
    if pending:
        variables = Variables(tree.root_node, decoder, [p[0] for p in pending], ancestry)
        for node, span, groups, invocation in pending:
            env = variables.env_at(node)
            if env.values:
                words = [w for g in groups for w in decoder.decode_words(g, env)]
                again = wrappers.invocation(node, span, words)
                if again is None:  # the variables make it another command
                    continue
                invocation = replace(
                    again,
                    shell=invocation.shell,
                    capture=invocation.capture,
                    syntax_error=invocation.syntax_error,
                    files=invocation.files,
                )
            found.append(invocation)
    found.sort(key=lambda inv: (inv.span.start, inv.span.end))
    captured = {inv.capture.name for inv in found if inv.capture is not None}
    if captured:
        parsed = parsed_variables(tree.root_node, captured)
        found = [_with_parsed(inv, parsed) for inv in found]
    return found


def _with_parsed(invocation: Invocation, parsed: set[str]) -> Invocation:
    capture = invocation.capture
    if capture is None or capture.name not in parsed:
        return invocation
    return replace(invocation, capture=replace(capture, parsed=True))


class _WordList(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> ShellWord: ...


class _Words:
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
        return [self[i] for i in range(len(self._groups))]


class _ErrorStarts:
    """Where tree-sitter found syntax errors, to tell which commands they cut."""

    def __init__(self, root: object, decoder: WordDecoder) -> None:
        self._decoder = decoder
        self._starts: list[int] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:  # type: ignore[attr-defined]
                self._starts.append(node.start_byte)  # type: ignore[attr-defined]
            elif node.has_error:  # type: ignore[attr-defined]
                stack.extend(node.children)  # type: ignore[attr-defined]
        self._starts.sort()

    def cutting(self, command: object) -> int | None:
        """The character offset of a syntax error inside `command`, or right
        after it on the same line (`--description "unterminated`), else None."""
        start, end = command.start_byte, command.end_byte  # type: ignore[attr-defined]
        i = bisect_left(self._starts, start)
        if i == len(self._starts):
            return None
        at = self._starts[i]
        data = self._decoder.offsets.data
        if at > end and data[end:at].replace(b"\\\n", b"").strip(b" \t"):
            return None
        return self._decoder.offsets.char(at)


# Nodes that stand for (a piece of) one argument word.
_ARGUMENT_NODES = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "arithmetic_expansion",
        "process_substitution",
        "brace_expression",
        "number",
    }
)


def _loose_commands(error: Any, decoder: WordDecoder) -> list[tuple[Span, list[list[object]], int]]:
    """The commands left as loose children of an `ERROR` node: from each
    `command_name` on, the argument nodes that follow on its line (or its
    continued lines), each with its span, the nodes of each word, and where
    the syntax error cuts it (the first node that is not an argument: the
    stray quote, say; else the end of the error)."""
    text = decoder.source.text
    out: list[tuple[Span, list[list[object]], int]] = []
    children = error.children
    i = 0
    while i < len(children):
        child = children[i]
        i += 1
        if child.type != "command_name":
            continue
        first = child.named_children[0] if child.named_child_count else child
        groups: list[list[object]] = [[first]]
        prev_end = decoder.span(first).end
        cut = decoder.span(error).end
        while i < len(children):
            node = children[i]
            span = decoder.span(node)
            if node.type not in _ARGUMENT_NODES:
                cut = span.start
                break
            if span.start == prev_end:
                groups[-1].append(node)
            elif _only_continuations(text, prev_end, span.start, blanks=True):
                groups.append([node])
            else:
                cut = prev_end  # the command ended with its line
                break
            prev_end = span.end
            i += 1
        start = decoder.span(first).start
        out.append((Span(start, prev_end), groups, cut))
    return out


class _Trimmed:
    """A word node without the line break tree-sitter put in front of it."""

    type = "word"
    children: tuple[object, ...] = ()

    def __init__(self, node: object, start_byte: int) -> None:
        self.start_byte = start_byte
        self.end_byte = node.end_byte  # type: ignore[attr-defined]
        self.text = node.text[start_byte - node.start_byte :]  # type: ignore[attr-defined]


def _logical_commands(node: object, decoder: WordDecoder) -> list[tuple[Span, list[list[object]]]]:
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
    for i, child in enumerate(node.children):  # type: ignore[attr-defined]
        if node.field_name_for_child(i) not in ("name", "argument"):  # type: ignore[attr-defined]
            continue
        if child.type == "command_name" and child.named_child_count:
            child = child.named_children[0]
        # The first byte from the parsed buffer: `child.text` would copy the whole word.
        if child.type == "word" and data[child.start_byte : child.start_byte + 1] in (b"\n", b"\r"):
            raw = child.text or b""
            start = child.start_byte + len(raw) - len(raw.lstrip(b"\r\n"))
            trimmed = _Trimmed(child, start)
            commands.append((decoder.offsets.char(start), [[trimmed]]))
            prev_end = decoder.span(child).end
            continue
        groups = commands[-1][1]
        span = decoder.span(child)
        continued = (
            span.start > prev_end
            and text[prev_end] == "\\"
            and _only_continuations(text, prev_end, span.start)
        )
        if groups and (continued or span.start == prev_end):
            groups[-1].append(child)
        else:
            groups.append([child])
        prev_end = span.end
    return [(Span(start, decoder.span(groups[-1][-1]).end), groups) for start, groups in commands if groups]


_SHELL_SUFFIXES = {".bash": "bash", ".zsh": "zsh", ".ksh": "ksh"}
_STDOUT_REDIRECTS = frozenset({">", ">>", ">|", "&>", "&>>", ">&"})


def script_shell(source: Source) -> str | None:
    """The shell named by the script's `#!` line, else by its suffix (`.zsh`)."""
    shell = shebang_shell(source.text[:SHEBANG_BYTES].encode("utf-8", "replace"))
    return shell or _SHELL_SUFFIXES.get(PurePath(source.path).suffix.lower())


def _capture(node: object, decoder: WordDecoder, ancestry: Ancestry) -> Capture | None:
    """The variable of `NAME=$(command)` when the command's standard output
    reaches it directly: not piped on, not redirected elsewhere.

    Each node's answer is kept: many commands in one deep `{ … }` share the
    way up."""
    chain: list[object] = []
    child = node
    result: object
    while True:
        result = ancestry.captures.get(child.id, _UNKNOWN)  # type: ignore[attr-defined]
        if result is not _UNKNOWN:
            break
        chain.append(child)
        parent = ancestry.parent(child)
        if parent is None:
            result = None
            break
        if parent.type == "command_substitution":  # type: ignore[attr-defined]
            result = _assigned_from(parent, decoder, ancestry)
            break
        if parent.type == "pipeline":  # type: ignore[attr-defined]
            passes = parent.named_children[-1] == child  # type: ignore[attr-defined]
        elif parent.type == "redirected_statement":  # type: ignore[attr-defined]
            passes = not any(_redirects_stdout(r) for r in parent.children if r != child)  # type: ignore[attr-defined]
        else:
            passes = parent.type in ("list", "subshell", "compound_statement")  # type: ignore[attr-defined]
        if not passes:
            result = None
            break
        child = parent
    for each in chain:
        ancestry.captures[each.id] = result  # type: ignore[attr-defined]
    assert result is None or isinstance(result, Capture)
    return result


_UNKNOWN = object()


def _assigned_from(parent: Any, decoder: WordDecoder, ancestry: Ancestry) -> Capture | None:
    """The variable a command substitution is assigned to, if any."""
    assignment = ancestry.parent(parent)
    if assignment is not None and assignment.type == "string":  # type: ignore[attr-defined]
        assignment = ancestry.parent(assignment)
    if assignment is None or assignment.type != "variable_assignment":
        return None
    name = assignment.child_by_field_name("name")
    if name is None or name.type != "variable_name":
        return None
    return Capture(name.text.decode("utf-8", "replace"), decoder.span(name))


def _redirects_stdout(redirect: object) -> bool:
    if redirect.type != "file_redirect":  # type: ignore[attr-defined]
        return False
    fd = redirect.child_by_field_name("descriptor")  # type: ignore[attr-defined]
    if fd is not None and fd.text != b"1":
        return False
    return any(c.type in _STDOUT_REDIRECTS for c in redirect.children)  # type: ignore[attr-defined]


def _only_continuations(text: str, start: int, end: int, blanks: bool = False) -> bool:
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


def _is_aws(word: ShellWord) -> bool:
    text = word.text
    return text is not None and (text == "aws" or text.endswith("/aws"))


def _skip_wrappers(words: _WordList, command: Callable[[ShellWord], bool] = _is_aws) -> int | None:
    """Index of the `aws` word of a command (or another word `command`
    accepts), behind wrappers such as `sudo -E`."""
    i = 0
    while i < len(words):
        word = words[i]
        if command(word):
            return i
        text = word.text
        name = text.rsplit("/", 1)[-1] if text else None
        if name not in _WRAPPERS:
            return None
        takes_value = _WRAPPERS[name]
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


def _invocation(
    span: Span, words: _WordList, decoder: WordDecoder, at: int | None = None
) -> Invocation | None:
    """The call `words` make, with `aws` at index `at` (found when not given)."""
    at = _skip_wrappers(words) if at is None else at
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
    return Invocation(
        decoder.source,
        span,
        tuple(words[k] for k in range(i, len(words))),
        tuple(globals_seen),
        splice,
    )


def global_option(text: str) -> str | None:
    """The global option a word names (`--region`, `--region=x`), or None."""
    name = text.split("=", 1)[0] if text.startswith("--") else text
    if name in GLOBAL_FLAGS and "=" not in text:
        return name
    if name in GLOBAL_VALUE_OPTIONS:
        return name
    return None
