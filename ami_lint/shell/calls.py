"""Every `aws ... ec2 register-image ...` command of a shell script.

The script is parsed with tree-sitter-bash and the whole tree is walked
(iteratively: nesting costs no stack), so a call is found wherever it stands:
functions, `if`/`case`/loops, pipelines, `&&`/`||` lists, `$(...)` and
backticks, after `VAR=x` prefixes, behind `command`, `sudo`, `env` and the like.
The AWS CLI's global options may stand before the service and the operation.
"""

from __future__ import annotations

from _bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from ami_lint.paths import suffix
from ami_lint.records import Record, record, replace
from ami_lint.shell.aws_wrappers import Wrappers
from ami_lint.shell.captured import parsed_variables
from ami_lint.shell.commands import (
    CallFiles,
    Capture,
    Invocation,
    Words,
    invocation_of,
    invocation_with,
    logical_commands,
    only_continuations,
    redirects_stdout,
)
from ami_lint.shell.embedded import Piece
from ami_lint.shell.nested import command_string
from ami_lint.shell.shebang import SHEBANG_BYTES, shebang_shell
from ami_lint.shell.variables import Ancestry, ScriptFacts, Variables, _may_hold
from ami_lint.shell.walk import kinds, preorder
from ami_lint.shell.words import Env, Offsets, ShellWord, WordDecoder
from ami_lint.shell.written import Writes
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

_NEEDLE_TEXT = "register-image"
_NEEDLE = _NEEDLE_TEXT.encode()


@lru_cache(maxsize=1)
def _parser() -> object:
    from ami_lint.grammars import parser

    return parser("tree_sitter_bash")


@record(frozen=True, slots=True, eq=False)
class Script(metaclass=Record):
    """A script parsed by tree-sitter-bash, once: its calls and its comments
    are both read from this tree."""

    source: Source
    offsets: Offsets
    tree: Any


def parse_script(source: Source, keep: bool = False) -> Script:
    """The script's tree. `keep`: hold it for the next parse of the same text,
    which takes it: standard input without `--stdin-filename` is parsed to
    tell whether it is a script (`ami_lint.frontends.sniff`), then linted, and
    is still parsed once. Nothing else is held once linted."""
    kept, _KEPT[0] = _KEPT[0], None
    if kept is not None and kept.source.text == source.text:
        return Script(source, kept.offsets, kept.tree)
    offsets = Offsets(source.text)
    # An editor buffer linted again: its last tree reused (`ami_lint.shell.reparse`).
    reparse = REPARSE[0] if source.host is None else None
    if reparse is not None:
        REPARSE[0] = None  # taken once: by the buffer's own script
        script = Script(source, offsets, reparse.parse(_parser(), offsets.data))
    else:
        script = Script(source, offsets, _parser().parse(offsets.data))  # type: ignore[attr-defined]
    if keep:
        _KEPT[0] = script
    return script


_KEPT: list[Script | None] = [None]
# The `ami_lint.shell.reparse.Reparse` of the editor buffer being linted,
# set around its lint by the language server; None on the command line.
REPARSE: list[Any] = [None]


def find_invocations(
    source: Source, script: Script | None = None, nested: list[Piece] | None = None
) -> list[Invocation]:
    """The register-image calls of a script (`script`: its tree, when it was
    parsed already). With `nested`, the command strings of `bash -c '…'` and
    `ssh host '…'` that mention register-image are added to it
    (`ami_lint.shell.nested`), for the caller to read as scripts."""
    return list(scan(source, script, nested).take())


# From this many calls on, a script's calls are kept as a few numbers each
# until they are checked (see `Calls`).
LAZY_CALLS = 64


def scan(
    source: Source, script: Script | None = None, nested: list[Piece] | None = None, lazy: int = LAZY_CALLS
) -> Calls:
    """`find_invocations`, the calls given one at a time (`Calls.take`): from
    `lazy` calls on, each call's words are decoded only when it is taken."""
    if script is None:
        script = parse_script(source)
    offsets, tree = script.offsets, script.tree
    decoder = WordDecoder(source, offsets)
    # `aws ec2 …`, and through the script's wrappers: `AWS ec2 …`, `$AWSCLI ec2 …`
    wrappers = Wrappers(tree.root_node, decoder)
    shell = script_shell(source)
    errors = _ErrorStarts(tree.root_node, decoder) if tree.root_node.has_error else None
    found: list[Invocation | _Call] = []
    # Calls with variables in them, read again once the variables are known.
    pending: list[tuple[object, Span, Words, Invocation]] = []
    # The command nodes of calls kept as `_Call`s with variables in them.
    later: list[object] = []
    ancestry = Ancestry()
    writes = Writes(tree.root_node, decoder, ancestry)
    pieces: list[tuple[tuple[int, int], Piece]] = []
    # Each call as a `_Call` rather than an `Invocation`: decided once there are many.
    few = lazy
    # The nodes from the root down to each node (a cursor's walk: no copy of
    # the tree is kept, `ami_lint.shell.walk`).
    # What `Variables` needs of the whole script, gathered on the way.
    facts = ScriptFacts()
    # The node types the walk stops at, as tree-sitter's `kind_id`s (the
    # grammar is loaded by then: not when this module is imported).
    _COMMAND, _FUNCTION = kinds("command"), kinds("function_definition")
    _VARIABLE_NAME, _ERROR = kinds("variable_name"), kinds("ERROR")
    data = offsets.data
    # Where `register-image` is only ever written whole, a command whose
    # bytes do not hold it is no call (nor a `bash -c` string with one):
    # it is not read further. None where it may be spelt otherwise.
    spelt_out = _spelt_out(data)
    root = tree.root_node

    def on_command(node: Any, path: list[Any]) -> None:
        """Read the command `node` (`path`: the nodes from the root down to it)."""
        nonlocal few
        commands = logical_commands(node, decoder)
        for n, (span, groups) in enumerate(commands, 1):
            lazy_words = Words(groups, decoder)
            # Kept as a `_Call`: its words after the operation are not decoded now.
            as_call = not few or len(found) + len(pending) + 1 >= few
            invocation = wrappers.invocation(node, span, lazy_words, tail=not as_call)
            if invocation is None:
                if nested is not None and data.find(_NEEDLE, node.start_byte, node.end_byte) >= 0:
                    piece = command_string(lazy_words)
                    if piece is not None and _NEEDLE_TEXT in piece.text:
                        pieces.append(((-node.end_byte, node.start_byte), piece))
                continue
            ancestry.add_path(path)
            # Only the last of commands joined by tree-sitter is the node's own.
            capture = (
                _capture(node, decoder, ancestry)
                if n == len(commands) and not invocation.hides_output
                else None
            )
            error = errors.cutting(node) if errors is not None else None
            # A variable is written `$…` or `~` (the home directory): a
            # command without either has none, and its words are not asked.
            has_variables = _may_expand(data, node.start_byte, node.end_byte) and any(
                part.kind == "variable" for word in lazy_words.all() for part in word.unknowns
            )
            if as_call:
                few = 0
                # Its words are decoded again when it is taken; until then, a few numbers.
                start_byte, end_byte, start, end = node.start_byte, node.end_byte, span.start, span.end
                # The same numbers once where they are equal (most calls, in ASCII text).
                call = _Call(
                    start_byte,
                    end_byte,
                    start_byte if start == start_byte else start,
                    end_byte if end == end_byte else end,
                    n,
                )
                call.capture, call.syntax_error, call.pending = capture, error, has_variables
                found.append(call)
                if has_variables:
                    later.append(node)
                continue
            invocation = invocation_with(invocation, shell, capture, error, CallFiles(writes, node))
            if has_variables:
                pending.append((node, span, lazy_words, invocation))
            else:
                found.append(invocation)

    # A script whose calls can be found without walking it all (most): the
    # way down to each place `register-image` is written, and nothing else.
    ways = _needle_paths(root, data) if spelt_out is not None and not root.has_error else None
    if ways is not None:
        for way in ways:
            on_command(way[-1], way)
    else:
        cursor = root.walk()
        first_child, next_sibling, up = cursor.goto_first_child, cursor.goto_next_sibling, cursor.goto_parent
        # The nodes from the root down to the node the cursor stands at (one
        # cursor's preorder walk, `walk.preorder_with_path` written out: no copy
        # of the tree is kept, and each node is told apart by its `kind_id`).
        path: list[Any] = [root]
        while True:
            node = path[-1]
            kind = node.kind_id
            enter = True
            if kind in _COMMAND:
                # What stands inside a command: its words, and the commands and
                # variables of its expansions (`$`, `` ` ``, `<(`) and of its
                # `NAME=value` prefixes. Without any, nothing there is looked for.
                enter = node.has_error or _may_hold(data, node.start_byte, node.end_byte)
                if spelt_out is None or data.find(_NEEDLE, node.start_byte, node.end_byte) >= 0:
                    on_command(node, path)
            elif kind in _FUNCTION:
                facts.functions.append(node)
            elif kind in _VARIABLE_NAME:
                if node.end_byte - node.start_byte == 3 and node.text == b"IFS":
                    depth = len(path)
                    facts.ifs.append((node, path[-2] if depth > 1 else None, path[-3] if depth > 2 else None))
            elif kind in _ERROR:
                # A command tree-sitter could not finish (a stray quote inside
                # `$(…)` or backticks) is left as loose nodes of the error.
                for span, groups, error in _loose_commands(node, decoder):
                    lazy_words = Words(groups, decoder)
                    invocation = invocation_of(span, lazy_words, decoder)
                    if invocation is None:
                        continue
                    ancestry.add_path(path)
                    invocation = replace(
                        invocation, shell=shell, syntax_error=error, files=CallFiles(writes, node)
                    )
                    if any(part.kind == "variable" for word in lazy_words.all() for part in word.unknowns):
                        # The variables it sees are those before the whole error.
                        pending.append((node, span, lazy_words, invocation))
                    else:
                        found.append(invocation)
            if enter and first_child():
                path.append(cursor.node)
                continue
            while len(path) > 1 and not next_sibling():
                up()
                path.pop()
            if len(path) == 1:
                break
            path[-1] = cursor.node
    if nested is not None:
        # In the order of a walk that takes the last child first: a command
        # before those inside it, and the one written last first.
        pieces.sort(key=lambda keyed: keyed[0])
        nested.extend(piece for _, piece in pieces)
    variables = None
    if pending or later:
        variables = Variables(tree.root_node, decoder, [p[0] for p in pending] + later, ancestry, facts)
        del later
        for node, span, lazy_words, invocation in pending:
            env = variables.env_at(node)
            if env.values:
                again = wrappers.invocation(node, span, _with_values(lazy_words, env))
                if again is None:  # the variables make it another command
                    continue
                invocation = invocation_with(
                    again, invocation.shell, invocation.capture, invocation.syntax_error, invocation.files
                )
            found.append(invocation)
        del pending
    found.sort(key=_place)
    # What `_capture` learnt of each command's way up: of no use past the walk.
    ancestry.captures.clear()
    # A `_Call` the variables make another command counts here too: whether
    # a name is parsed does not depend on the other names asked about.
    captured = {inv.capture.name for inv in found if inv.capture is not None}
    if captured:
        parsed = parsed_variables(tree.root_node, captured, offsets.data)
        found = [_with_parsed(inv, parsed) for inv in found]
    for call in found:  # a loop: no generator made for every script
        if isinstance(call, _Call):
            break
    else:
        return Calls(found)
    return Calls(found, _Taker(tree, decoder, wrappers, writes, variables, shell))


# The escapes of a `$'…'` string that may write a letter (`frontends.shell`).
_ANSI_C_CHARACTERS = (b"\\x", b"\\u", b"\\U", *(b"\\%d" % digit for digit in range(8)))


def _spelt_out(data: bytes) -> bool | None:
    """True when every place a script's words may read `register-image`
    (with quotes, backslashes, line continuations or `$'…'` escapes taken
    out, as `ShellFrontEnd.skip_unread` reads them) writes it whole; else None.

    Taking those characters out keeps each whole `register-image` whole and
    apart: as many of them afterwards means no other way of writing it."""
    # `bytes.find`, not `in`: on 3.11, `in` formats a TypeError first (issue 20).
    if data.find(b"$'") >= 0 and any(data.find(escape) >= 0 for escape in _ANSI_C_CHARACTERS):
        return None
    if data.translate(None, b"\"'\\$\r\n").count(_NEEDLE) != data.count(_NEEDLE):
        return None
    return True


# Up to this many places where `register-image` is written, each is reached
# by its way down (`_needle_paths`); from there on, only while tree-sitter's
# steps down stay within the script's size.
FEW_NEEDLES = 16
# What may stand between the `(` and `)` of `name ( )`, a function
# definition: tree-sitter-bash's extras (blanks, a line continuation, a comment).
_AFTER_OPEN = frozenset(b" \t\n\r\x0b\x0c)\\#")


def _needle_paths(root: Any, data: bytes) -> list[list[Any]] | None:
    """The nodes from the root down to each command whose bytes hold
    `register-image`, in the order of a preorder walk; None when the walk
    of the whole script is needed (or costs no more).

    Those are the commands `scan`'s walk reads (where `register-image` is
    only ever written whole); what else the walk gathers (`ScriptFacts`)
    is nothing in a script without `IFS` and without a function
    definition, which these bytes rule out. Each place is reached from the
    root, a level at a time, by the child that holds it: not in a script
    with a here-document, whose body tree-sitter gives to a node that also
    spans the commands written after it on its line (`cat <<EOF | aws …`)."""
    # `bytes.find`, not `in`: on 3.11, `in` formats a TypeError first (issue 20).
    if data.find(b"IFS") >= 0 or data.find(b"<<") >= 0 or data.find(b"function") >= 0:
        return None
    # `name ( )`: a `(` with nothing but extras up to a `)`.
    at = data.find(b"(")
    while at >= 0:
        if at + 1 == len(data) or data[at + 1] in _AFTER_OPEN:
            return None
        at = data.find(b"(", at + 1)
    command = kinds("command")
    ways: dict[tuple[int, int], list[Any]] = {}
    at = data.find(_NEEDLE)
    count = 0
    # Each step down passes over the children before the one it takes (in
    # C). Past the first few places, once more children were passed over
    # than the script has bytes, the walk is taken: many calls in one long
    # list of commands would otherwise take time in the square of its
    # length. (A bound of 16 places alone had a long script with a few
    # dozen calls walked whole: 10x the size took 14x the time, issue 20.)
    passed, budget = 0, len(data)
    while at >= 0:
        count += 1
        end = at + len(_NEEDLE)
        cursor = root.walk()
        path = [root]
        # The child that holds the byte `at`, a level at a time.
        while True:
            if count > FEW_NEEDLES:
                passed += path[-1].child_count
                if passed > budget:
                    return None
            if cursor.goto_first_child_for_byte(at) is None:
                break
            node = cursor.node
            if node.start_byte > at:
                break
            path.append(node)
            if node.kind_id in command and node.end_byte >= end:
                ways.setdefault((node.start_byte, -node.end_byte), path[:])
        at = data.find(_NEEDLE, at + 1)
    return [ways[key] for key in sorted(ways)]


def _with_values(words: Words, env: Env) -> list[ShellWord]:
    """The words of a command with the values `env` knows put in
    (`WordDecoder.decode_words` of each written word). A word without a
    variable is the word already decoded: `decode_words` gives it as
    `decode` does (none at all when it has no part)."""
    out: list[ShellWord] = []
    for i in range(len(words)):
        word = words[i]
        if any(part.kind == "variable" for part in word.unknowns):
            out.extend(words.decode_words(i, env))
        elif word.parts:
            out.append(word)
    return out


def _may_expand(data: bytes, start: int, end: int) -> bool:
    return data.find(b"$", start, end) >= 0 or data.find(b"~", start, end) >= 0


def _place(call: Invocation | _Call) -> tuple[int, int]:
    if isinstance(call, _Call):
        return (call.start, call.end)
    return (call.span.start, call.span.end)


class _Call:
    """A call kept as a few numbers until it is taken (`Calls`): its command
    node's bytes, its span, which of the node's commands it is (tree-sitter
    joins some: `logical_commands`), and what the walk that found it knew."""

    __slots__ = ("capture", "end", "end_byte", "n", "pending", "start", "start_byte", "syntax_error")

    def __init__(self, start_byte: int, end_byte: int, start: int, end: int, n: int) -> None:
        self.start_byte, self.end_byte, self.start, self.end, self.n = start_byte, end_byte, start, end, n
        self.capture: Capture | None = None
        self.syntax_error: int | None = None
        self.pending = False  # variables in its words: read again with what they hold


class Calls:
    """The calls of a script, in text order, each an `Invocation` when taken.

    A script of many calls keeps each as a few numbers (`_Call`): its words
    are decoded, and its command node found again in the tree, when it is
    taken, and let go once the caller lets go of it. The tree is held until
    the last call is taken, and then let go."""

    def __init__(self, calls: list[Invocation | _Call], taker: _Taker | None = None) -> None:
        self._calls = calls
        self._taker = taker

    def __len__(self) -> int:
        return len(self._calls)

    def take(self) -> Iterator[Invocation]:
        """Each call, once; what was taken is not kept here."""
        calls, taker = self._calls, self._taker
        self._calls, self._taker = [], None
        calls.reverse()
        while calls:
            call = calls.pop()
            if isinstance(call, _Call):
                assert taker is not None
                invocation = taker.invocation(call)
                if invocation is None:
                    continue
                call = invocation
            yield call
        del taker


class _Taker:
    """What a `_Call` needs to become an `Invocation`: the tree, and what was
    learnt of the script while finding its calls."""

    __slots__ = ("_decoder", "_root", "_shell", "_tree", "_variables", "_wrappers", "_writes")

    def __init__(
        self,
        tree: Any,
        decoder: WordDecoder,
        wrappers: Wrappers,
        writes: Writes,
        variables: Variables | None,
        shell: str | None,
    ) -> None:
        self._tree, self._root, self._decoder = tree, tree.root_node, decoder
        self._wrappers, self._writes, self._variables, self._shell = wrappers, writes, variables, shell

    def invocation(self, call: _Call) -> Invocation | None:
        """The call as the walk that found it made it (None: its variables
        make it another command)."""
        decoder = self._decoder
        node = _command_at(self._root, call.start_byte, call.end_byte)
        span, groups = logical_commands(node, decoder)[call.n - 1]
        lazy_words = Words(groups, decoder)
        invocation = self._wrappers.invocation(node, span, lazy_words)
        assert invocation is not None, "a call found is found again"
        if call.pending:
            assert self._variables is not None
            env = self._variables.env_at(node)
            if env.values:
                invocation = self._wrappers.invocation(node, span, _with_values(lazy_words, env))
                if invocation is None:  # the variables make it another command
                    return None
        return invocation_with(
            invocation, self._shell, call.capture, call.syntax_error, CallFiles(self._writes, node)
        )


def _command_at(root: Any, start: int, end: int) -> Any:
    """The `command` node of the tree that spans the bytes `start`-`end`."""
    node = root.descendant_for_byte_range(start, end)
    while node is not None and not _is_command_at(node, start, end):
        node = node.parent
    if node is None:  # not expected: look through the whole tree
        node = next(n for n, _ in preorder(root) if _is_command_at(n, start, end))
    return node


def _is_command_at(node: Any, start: int, end: int) -> bool:
    return bool(node.type == "command" and node.start_byte == start and node.end_byte == end)


def _with_parsed(call: Invocation | _Call, parsed: set[str]) -> Invocation | _Call:
    capture = call.capture
    if capture is None or capture.name not in parsed:
        return call
    if isinstance(call, _Call):
        call.capture = replace(capture, parsed=True)
        return call
    return replace(call, capture=replace(capture, parsed=True))


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
            elif only_continuations(text, prev_end, span.start, blanks=True):
                groups.append([node])
            else:
                cut = prev_end  # the command ended with its line
                break
            prev_end = span.end
            i += 1
        start = decoder.span(first).start
        out.append((Span(start, prev_end), groups, cut))
    return out


_SHELL_SUFFIXES = {".bash": "bash", ".zsh": "zsh", ".ksh": "ksh"}


def script_shell(source: Source) -> str | None:
    """The shell named by the script's `#!` line, else by its suffix (`.zsh`)."""
    shell = shebang_shell(source.text[:SHEBANG_BYTES].encode("utf-8", "replace"))
    return shell or _SHELL_SUFFIXES.get(suffix(source.path).lower())


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
            passes = not any(redirects_stdout(r) for r in parent.children if r != child)  # type: ignore[attr-defined]
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
