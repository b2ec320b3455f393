"""What a script's variables certainly hold where a command runs.

A variable is resolved only from straight-line code: the statements of the
script (or of one function body) before the statement that holds the
command, read in order. A plain assignment of a literal there (`V='…'`,
`V+="…"`, `a=(…)`, `a+=(…)`, and `export`/`readonly`/`local`/`declare`
forms of them) records the value, decoded as the shell decodes it, each
character still pointing where it was written. Anything else that may
assign a variable forgets it: an assignment inside `if`, a loop, a pipeline
or a subshell, `read`, `for`, `unset`, `${V:=…}`, arithmetic, a call of a
function of the script that assigns it (or anything it cannot see through,
such as `eval`, `source` or `$cmd`). Assignments anywhere in the statement
that holds the command count too, since a loop may run them first.

Inside a function body only that body's own earlier statements count: a
caller may have set anything before the call.

`IFS` decides how an unquoted expansion splits: when the script never
assigns it (`IFS= read -r line` sets it for `read` alone), the shell's
default; else its value where the command runs when that is known and made
of blanks (`IFS=$'\n\t'`), and otherwise unquoted expansions stay unknown.
"""

from __future__ import annotations

from _bisect import bisect_right
from _weakref import ref as weak_ref  # weakref.ref itself, without weakref's classes (start-up)
from collections.abc import Iterator, Mapping

from ami_lint.records import record
from ami_lint.shell.walk import children, kinds, preorder, preorder_with_path
from ami_lint.shell.words import (
    Env,
    LiteralPart,
    ShellWord,
    WordDecoder,
    _stops_unquoted,
    array_name,
    packed_plain,
    unpacked_plain,
    variable_name,
)
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

# Commands that assign the variables named by their arguments.
_ASSIGNING_COMMANDS = frozenset(
    {"read", "mapfile", "readarray", "getopts", "printf", "let", "wait", "select"}
)
# Commands that may run any code: everything is forgotten after them.
_OPAQUE_COMMANDS = frozenset({"eval", "source", ".", "alias", "enable"})
# Options of `declare`/`local`/... that keep a value as written.
_PLAIN_DECLARE_FLAGS = frozenset({"-a", "-r", "-x", "-g", "-ra", "-ar", "-rx", "-xr", "-ax", "-xa"})
_DECLARATIONS_KEEPING_VALUE = frozenset({"export", "readonly"})
# POSIX special builtins: an assignment written before one stays afterwards.
_SPECIAL_BUILTINS = frozenset(
    {"break", ":", ".", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift"}
    | {"times", "trap", "unset", "source"}
)
_TRAP_ANYTIME = frozenset({"DEBUG", "ERR", "RETURN"})
_ASSIGNMENT_STATEMENTS = frozenset({"variable_assignment", "variable_assignments", "declaration_command"})
# Nodes whose statements run in order, each before the next: a call in one of
# them sees what the statements before it assigned.
_BLOCKS = frozenset(
    {
        "compound_statement",
        "do_group",
        "subshell",
        "command_substitution",
        "if_statement",
        "elif_clause",
        "else_clause",
        "case_item",
    }
)
_BRANCHES = frozenset({"elif_clause", "else_clause"})
# The bytes without which a command holds no other command and no variable.
_MAY_HOLD = b"$`(="


def _may_hold(data: bytes, start: int, end: int) -> bool:
    """Whether `data[start:end]` holds a byte of `_MAY_HOLD`: a `bytes.find`
    for each (`memchr`), as the class `[$`(=]` matches, without `re` on a
    typical run's path (issue 20)."""
    find = data.find
    return (
        find(b"$", start, end) >= 0
        or find(b"`", start, end) >= 0
        or find(b"(", start, end) >= 0
        or find(b"=", start, end) >= 0
    )


def _next_hold(data: bytes, start: int, end: int) -> int:
    """Where the first byte of `_MAY_HOLD` in `data[start:end]` is (-1: none);
    each search stops where the one before found its byte."""
    find = data.find
    at = find(b"$", start, end)
    for byte in (b"`", b"(", b"="):
        found = find(byte, start, end if at < 0 else at)
        if found >= 0:
            at = found
    return at


# The most a known value may hold: parts of a string (each literal run or
# expansion), words of an array, decoded characters. `V+=x`, `V="$V x"` and
# `A+=(x)` copy the value they extend, and `V=$V$V` doubles it: past these,
# the value is forgotten (as if assigned by code ami-lint cannot see), so each
# assignment costs at most a bounded copy and a script is read in linear time.
MAX_VALUE_PARTS = 256
MAX_VALUE_CHARS = 100_000
# Blocks (`{ }`, `if`, loops, `$( )`…) between a command and its script or
# function body. Each block on the way weighs what the statement leading to
# the command may assign once the block has assigned something, which means
# walking that statement: nested without end (`{ V+=x; { V+=x; …`), that was
# quadratic. A real script nests a handful; in a block deeper than
# MAX_BLOCKS, a statement of more than DEEP_BUDGET nodes is taken to assign
# anything (the variables it would have left known become unresolved).
MAX_BLOCKS = 24
DEEP_BUDGET = 64


@record
class _Effects:
    """Which variables a piece of code may assign."""

    names: set[str]
    everything: bool = False  # it may assign any variable

    def add(self, other: _Effects) -> None:
        self.names |= other.names
        self.everything = self.everything or other.everything


_MISSING = object()


class Ancestry:
    """The parents of the nodes on the way from the root to some commands.

    tree-sitter's `parent` walks down from the root, as deep as the node is:
    asked at every level above a command nested thousands deep (`{ { … } }`,
    `$( $( … ) )`, a long `a && b && …`), that was quadratic, and cubic over
    many such commands. The walk that finds the commands records the way.
    """

    def __init__(self) -> None:
        self._parents: dict[int, object | None] = {}
        # Per node: the `NAME=$(…)` its output reaches (`calls._capture`).
        self.captures: dict[int, object] = {}

    def add_path(self, path: list[object]) -> None:
        """`path`: the root, then each node down to one of the commands."""
        parents = self._parents
        for i in range(len(path) - 1, 0, -1):
            key = path[i].id  # type: ignore[attr-defined]
            if key in parents:
                break  # and so are all above it
            parents[key] = path[i - 1]
        parents.setdefault(path[0].id, None)  # type: ignore[attr-defined]

    def parent(self, node: object) -> Any:
        found = self._parents.get(node.id, _MISSING)  # type: ignore[attr-defined]
        return node.parent if found is _MISSING else found  # type: ignore[attr-defined]


class ScriptFacts:
    """What `Variables` needs of every node of a script: its function
    definitions and its `IFS` names, in text order. A walk of the whole
    script that is made anyway (`ami_lint.shell.calls`) shows it each node
    (`see`), and `Variables` does not walk the script again."""

    __slots__ = ("functions", "ifs")

    def __init__(self) -> None:
        self.functions: list[object] = []
        self.ifs: list[tuple[object, object | None, object | None]] = []

    def see(self, node: Any, parent: Any, grandparent: Any) -> None:
        kind = node.type
        if kind == "function_definition":
            self.functions.append(node)
        elif kind == "variable_name" and node.end_byte - node.start_byte == 3 and node.text == b"IFS":
            self.ifs.append((node, parent, grandparent))


class Variables:
    """The variables of one parsed script, resolved on demand per scope."""

    # Whether a value only the views already handed out could see is let go
    # (`_Timeline.expire`); off, every value is kept (tests compare the two).
    _EXPIRE = True

    def __init__(
        self,
        root: object,
        decoder: WordDecoder,
        commands: list[object],
        ancestry: Ancestry | None = None,
        facts: ScriptFacts | None = None,
    ) -> None:
        """`commands`: the command nodes whose environment will be asked for;
        `ancestry` knows the way to each of them. `facts`: what a walk of the
        whole script already gathered (`ScriptFacts`), else it is walked here."""
        self._root = root
        self._decoder = decoder
        self._ancestry = ancestry or Ancestry()
        if facts is None:
            facts = ScriptFacts()
            for node, parent, grandparent in _walk_with_parents(root):
                facts.see(node, parent, grandparent)
        self._functions: dict[str, list[object]] = {}
        for node in facts.functions:
            name = node.child_by_field_name("name")  # type: ignore[attr-defined]
            body = node.child_by_field_name("body")  # type: ignore[attr-defined]
            if name is not None and body is not None:
                self._functions.setdefault(_text(name), []).append(body)
        # Whether the script assigns `IFS`.
        standard_ifs = True
        # Commands run with `IFS=… name`: `IFS` changes only for them.
        prefixed: list[object] = []
        for _, parent, grandparent in facts.ifs:
            if _assigns(parent, grandparent):
                if _is_prefix(parent, grandparent):
                    prefixed.append(grandparent)
                else:
                    standard_ifs = False
                    break
        if standard_ifs:
            standard_ifs = all(self._keeps_prefix_local(command) for command in prefixed)
        self._function_effects: dict[str, _Effects] = {}
        # The nodes on the way from the root to each command: only there is
        # the environment kept, statement by statement.
        self._wanted: set[tuple[int, int]] = set()
        for command in commands:
            node = command
            while node is not None and _key(node) not in self._wanted:
                self._wanted.add(_key(node))
                node = self._ancestry.parent(node)
        # Where each wanted node starts, in order: a block's statements after
        # the last one that may be wanted are not read (`_table`).
        self._wanted_starts = sorted(start for start, _ in self._wanted)
        # Per block: the environment before each of its wanted statements.
        self._tables: dict[tuple[int, int], _BlockTable] = {}
        # Statements after (or holding) a `trap … DEBUG`: nothing inside is replayed.
        self._frozen: set[tuple[int, int]] = set()
        self._standard_ifs = standard_ifs
        # Per node on the way to a command: the environment it sees, and
        # whether nothing is known below it (`trap … DEBUG`).
        # And how many blocks lie above it (see MAX_BLOCKS).
        self._seen: dict[int, Env | tuple[Env, bool, int]] = {}

    def _keeps_prefix_local(self, command: object) -> bool:
        """Whether `NAME=value` before this command changes `NAME` for the
        command alone (`IFS= read -r line`): not for a special builtin, after
        which it stays, nor for a function of the script, where shells differ."""
        name_node = command.child_by_field_name("name")  # type: ignore[attr-defined]
        words = name_node.named_children if name_node is not None else []
        if len(words) != 1 or words[0].type != "word":  # `$cmd`: any command
            return False
        name = _text(words[0])
        return name not in _SPECIAL_BUILTINS and name not in self._functions

    def env_at(self, node: object) -> Env:
        """The environment the command `node` sees.

        From the script (or function body) down to the command, each block
        on the way is read in order: its statements before the one that
        leads to the command ran before it, in the same run of the block.
        What each node on the way sees is kept: commands that share most of
        their way (`a && b && …`) cost only the part that differs.
        """
        # (container, child on the way, whether the container is the scope), nearest first.
        path: list[tuple[object, object, bool]] = []
        child = node
        base: tuple[Env, bool, int]
        while True:
            known = self._seen.get(child.id)  # type: ignore[attr-defined]
            if known is not None:
                base = (known, False, 1) if known.__class__ is Env else known  # type: ignore[assignment]
                break
            parent = self._ancestry.parent(child)
            if parent is None:
                base = (Env({}), True, 0)
                break
            scope = self._is_scope(parent)
            path.append((parent, child, scope))
            if scope:
                base = (Env({}, self._standard_ifs), False, 0)
                break
            child = parent
        env, stopped, depth = base
        for container, on_path, scope in reversed(path):
            block = scope or container.type in _BLOCKS  # type: ignore[attr-defined]
            depth += block
            if not stopped and _key(container) in self._frozen:
                env, stopped = Env({}), True
            if not stopped and block:
                table = self._tables.get(_key(container))
                if table is None:
                    deep = depth > MAX_BLOCKS
                    table = self._tables[_key(container)] = _BlockTable(self, container, env, scope, deep)
                found = table.get(_key(on_path), take=True)
                env = Env({}) if found is None else found
            # Most often (a statement of the script) the environment alone.
            self._seen[on_path.id] = env if not stopped and depth == 1 else (env, stopped, depth)  # type: ignore[attr-defined]
        return env

    def _steps(
        self, owner: _BlockTable, block: object, entry: Env, scope: bool, deep: bool = False
    ) -> Iterator[None]:
        """The environment before each wanted statement of a block entered
        with `entry`, put in `owner.table` one statement at a time: each
        `next` reads the block on to its next wanted statement. In a scope
        every statement's effects are weighed; in a block nested in a
        statement, `entry` already lacks whatever that statement may assign,
        so only what the block itself assigns counts.

        Read as calls ask (`_BlockTable`), the values the calls asked before
        can no longer see are let go (`_Timeline.expire`): a script of many
        calls that set variables of their own holds only those the next
        calls may read, not every value ever assigned (issue 20, item 3)."""
        values = _Timeline(entry.values, self._decoder.source)
        table = owner.table
        frozen = False  # after `trap … DEBUG`, any statement may change anything
        replayed = False  # a value assigned in this block may be unassigned again
        # The start of the last wanted node inside the block: no statement
        # after it leads to a command asked about, and none is read.
        last = self._last_start(block)
        # Through a cursor: the statements are not kept on the block (`walk`).
        cursor = block.walk()  # type: ignore[attr-defined]
        # The node types asked about, as tree-sitter's `kind_id`s.
        _SKIPPED_STATEMENTS, _BRANCH_KINDS = kinds("comment", "function_definition"), kinds(*_BRANCHES)
        more = cursor.goto_first_child()
        while more:
            statement = cursor.node
            more = cursor.goto_next_sibling()
            if statement.start_byte > last:
                return
            kind_id = statement.kind_id
            if kind_id in _SKIPPED_STATEMENTS or not statement.is_named:
                continue
            if kind_id in _BRANCH_KINDS:  # `elif`/`else`: the branch before it did not run
                values.reset()
                replayed = False
            kind = statement.type
            if not (scope or replayed):
                effects = _Effects(set())
            else:  # deep down, a statement too large to weigh cheaply may assign anything
                effects = self._effects(statement, DEEP_BUDGET if deep else None)
            wanted = _key(statement) in self._wanted
            if scope:
                # A statement without the bytes `trap` holds no `trap` command: not walked.
                frozen = frozen or (
                    self._decoder.offsets.data.find(b"trap", statement.start_byte, statement.end_byte) >= 0
                    and _traps_anytime(statement)
                )
            if wanted:
                if frozen:
                    self._frozen.add(_key(statement))
                # A view of the values as they stand, not a copy: copying
                # them before each call was quadratic in a script that sets
                # a variable of its own for each of its many calls.
                # The views made before this one are let go of what only
                # they could see (asked again, they read the block again).
                if self._EXPIRE and owner.kept is None:
                    values.expire()
                made = owner.made
                owner.made = made + 1
                seen: Mapping[str, _Value] = (
                    {} if effects.everything else values.view(effects.names, owner, made)
                )
                owner.last = table[_key(statement)] = Env(seen, self._standard_ifs)
                if owner.kept is not None:
                    owner.kept.append(owner.last)
            if statement.end_byte > last:
                # Every later statement starts after the last wanted node:
                # what this one assigns is asked by none.
                return
            if wanted:
                yield None
            if frozen or effects.everything:
                values.clear()
            elif kind in _ASSIGNMENT_STATEMENTS:
                self._assign(statement, values)
                replayed = True
            else:
                for name in effects.names:
                    values.pop(name, None)

    def _last_start(self, block: Any) -> int:
        """Where the last wanted node inside `block` starts (-1: none)."""
        starts = self._wanted_starts
        i = bisect_right(starts, block.end_byte) - 1
        return starts[i] if i >= 0 else -1

    def _find(self, start: int, end: int, kind_id: int) -> Any:
        """The node of the script at `start`..`end` of this kind."""
        node: Any = self._root.descendant_for_byte_range(start, end)  # type: ignore[attr-defined]
        while node is not None and not (
            node.kind_id == kind_id and node.start_byte == start and node.end_byte == end
        ):
            node = node.parent
        return node

    def _assign(self, statement: object, values: _Timeline) -> None:
        """Record the literal assignments of a straight-line statement."""
        kind = statement.type  # type: ignore[attr-defined]
        if kind == "variable_assignment":
            self._assign_one(statement, values)
        elif kind == "variable_assignments":
            for child in statement.named_children:  # type: ignore[attr-defined]
                if child.type == "variable_assignment":
                    self._assign_one(child, values)
        elif kind == "declaration_command":
            keyword = _text(statement.children[0])  # type: ignore[attr-defined]
            args = statement.named_children  # type: ignore[attr-defined]
            plain = all(a.type != "word" or _text(a) in _PLAIN_DECLARE_FLAGS for a in args)
            for arg in args:
                if arg.type == "variable_assignment" and plain:
                    self._assign_one(arg, values)
                elif arg.type == "variable_name" and plain and keyword in _DECLARATIONS_KEEPING_VALUE:
                    continue
                else:
                    for name in self._effects(arg).names | {_text(arg)}:
                        values.pop(name, None)

    def _assign_one(self, node: object, values: _Timeline) -> None:
        name_node = node.child_by_field_name("name")  # type: ignore[attr-defined]
        value_node = node.child_by_field_name("value")  # type: ignore[attr-defined]
        if value_node is not None:  # `V=$(read X; …)`: what the value's code assigns
            effects = self._effects(value_node)
            if effects.everything:
                values.clear()
            for name in effects.names:
                values.pop(name, None)
        if name_node is None or name_node.type != "variable_name":
            for name in self._effects(node).names:  # `a[0]=x` and the like
                values.pop(name, None)
            return
        name = _text(name_node)
        append = any(c.type == "+=" for c in children(node))
        env = Env(values.view(), self._standard_ifs)  # the value may use the old value
        value: ShellWord | tuple[ShellWord, ...] | None
        plain: ShellWord | None = None
        if value_node is None:
            at = self._decoder.span(node).end
            value = ShellWord(self._decoder.source, Span(at, at), (LiteralPart("", (), True, at),))
        elif value_node.type == "array":
            value = self._array(value_node, env)
        else:
            # `decode` as it starts (a word it takes as written), to know the
            # value may be kept as a number (`packed_plain`).
            decoder = self._decoder
            plain = None if decoder.marks else decoder._plain(value_node)
            value = plain if plain is not None else decoder.decode([value_node], env, assignment=True)
            if any(p.splice for p in value.unknowns):
                value = None
        # Not made again from its number unless extended (`old` is then only
        # asked whether it is an array).
        old = values.pop(name, None, packed=not append)
        if value is None:
            return
        if append:
            value = _appended(old, value)
        elif isinstance(old, tuple) and isinstance(value, ShellWord):
            value = None  # `a=x` on an array sets only its first element
        if value is not None and not _too_large(value):
            if value is plain and not append:
                values[name] = packed_plain(value_node.type, value.span)  # type: ignore[attr-defined,assignment]
            else:
                values[name] = value

    def _array(self, node: object, env: Env) -> tuple[ShellWord, ...] | None:
        words: list[ShellWord] = []
        for element in node.named_children:  # type: ignore[attr-defined]
            if element.type == "comment":
                continue
            for word in self._decoder.decode_words([element], env):
                if word.is_splice:
                    return None  # cannot tell how many words it becomes
                words.append(word)
        return tuple(words)

    def _effects(self, root: object, budget: int | None = None) -> _Effects:
        """The variables code may assign when it runs (function bodies it
        defines run later: not counted); anything, past `budget` nodes."""
        effects = _Effects(set())
        # The parent and grandparent of `root`: only a name or a subscript
        # needs to know what is above it (see `_assigns`).
        parent: Any = None
        grandparent: Any = None
        # The node types asked about, as tree-sitter's `kind_id`s.
        _VARIABLE_NAME, _COMMAND = kinds("variable_name"), kinds("command")
        if root.kind_id in kinds("variable_name", "subscript"):  # type: ignore[attr-defined]
            parent = self._ancestry.parent(root)
            grandparent = self._ancestry.parent(parent) if parent is not None else None
        # One cursor's walk in preorder (`walk.preorder_with_path`, written
        # out: this runs over every statement a call's variables depend on).
        # The body of a function defined here is walked too.
        data = self._decoder.offsets.data
        cursor = root.walk()  # type: ignore[attr-defined]
        first_child, next_sibling, up = cursor.goto_first_child, cursor.goto_next_sibling, cursor.goto_parent
        to_byte = cursor.goto_first_child_for_byte
        path: list[Any] = [root]
        # The depths (`len(path)`) of the commands on the path whose children
        # are visited only where they hold a byte of `_MAY_HOLD` (a word
        # without one holds no command and no variable): reached through
        # tree-sitter's goto_first_child_for_byte, not a step to each word.
        sieved: list[int] = []
        while True:
            if budget is not None:
                budget -= 1
                if budget < 0:
                    return _Effects(set(), True)
            node = path[-1]
            kind = node.kind_id
            descend = True
            if kind in _VARIABLE_NAME:
                depth = len(path)
                if depth == 1:
                    assigns = _assigns(parent, grandparent)
                elif depth == 2:
                    assigns = _assigns(path[0], parent)
                else:
                    assigns = _assigns(path[-2], path[-3])
                if assigns:
                    effects.names.add(_text(node))
            elif kind in _COMMAND:
                effects.add(self._command_effects(node))
                # Not past a budget (it counts the nodes of the whole walk),
                # nor with a syntax error (a node may then be anywhere).
                if budget is None and not node.has_error:
                    at = _next_hold(data, node.start_byte, node.end_byte)
                    if at >= 0 and to_byte(at) is not None:
                        sieved.append(len(path))
                        path.append(cursor.node)
                        continue
                    descend = False  # its words hold no command and no variable
            if descend and first_child():
                path.append(cursor.node)
                continue
            # The node after this one's subtree: its next sibling (in a sieved
            # command, the next child holding a byte of `_MAY_HOLD`), else
            # its parent's, and so on up to `root`.
            while True:
                depth = len(path)
                if depth == 1:
                    return effects
                if sieved and sieved[-1] == depth - 1:
                    at = _next_hold(data, path[-1].end_byte, path[-2].end_byte)
                    up()
                    if at >= 0 and to_byte(at) is not None:
                        path[-1] = cursor.node
                        break
                    sieved.pop()
                    path.pop()
                elif next_sibling():
                    path[-1] = cursor.node
                    break
                else:
                    up()
                    path.pop()

    def _is_scope(self, node: object) -> bool:
        if node.type == "program":  # type: ignore[attr-defined]
            return True
        if node.type != "compound_statement":  # type: ignore[attr-defined]
            return False
        parent = self._ancestry.parent(node)
        return parent is not None and parent.type == "function_definition"  # type: ignore[attr-defined]

    def _command_effects(self, command: object) -> _Effects:
        name_node = command.child_by_field_name("name")  # type: ignore[attr-defined]
        if name_node is None:
            return _Effects(set())
        if name_node.named_child_count:
            name_node = name_node.named_child(0)
        name = self._name(name_node)
        if name is None and _names_aws(name_node):
            # The AWS CLI through a variable (`$AWSCLI`, `"${aws_cmd[@]}"`,
            # see `aws_wrappers`): it assigns no variable of the script.
            return _Effects(set())
        if name is None or name in _OPAQUE_COMMANDS:
            return _Effects(set(), True)
        if name in self._functions:
            return self._called(name)
        if name in _ASSIGNING_COMMANDS:
            args = command.children_by_field_name("argument")  # type: ignore[attr-defined]
            return _Effects({ident for a in args for ident in _identifiers(_text(a))})
        return _Effects(set())

    def _name(self, node: Any) -> str | None:
        """`self._decoder.decode([node]).text`: a plain word's text is taken
        as it is written, without making its word (`WordDecoder._plain`)."""
        decoder = self._decoder
        if node.kind_id in kinds("word") and not decoder.marks:
            span = decoder.span(node)
            raw = decoder.source.text[span.start : span.end]
            if raw and raw[0] != "~" and not _stops_unquoted(raw):
                return raw
        return decoder.decode([node]).text

    def _called(self, function: str) -> _Effects:
        """What calling a function of the script may assign, through the
        functions it calls in turn (a call cycle is followed once)."""
        cached = self._function_effects.get(function)
        if cached is not None:
            return cached
        # Seen while being computed: a recursive call adds nothing new.
        self._function_effects[function] = _Effects(set())
        effects = _Effects(set())
        for body in self._functions[function]:
            effects.add(self._effects(body))
        self._function_effects[function] = effects
        return effects


_Value = ShellWord | tuple[ShellWord, ...]
_GONE: Any = object()
_FLATTEN = 32
_NO_NAMES: frozenset[str] = frozenset()


class _BlockTable:
    """The environment before each wanted statement of one block
    (`Variables._steps`), read only as far as the statements asked for."""

    __slots__ = (
        "_again",
        "_steps",
        "_variables",
        "deep",
        "entry",
        "kept",
        "last",
        "made",
        "place",
        "scope",
        "table",
    )

    def __init__(
        self, variables: Variables, block: Any, entry: Env, scope: bool, deep: bool, keep: bool = False
    ) -> None:
        self.table: dict[tuple[int, int], Env] = {}
        # Not held: the views it makes would hold the script's tree through
        # the `Variables` that holds this table (a cycle, let go only by gc).
        self._variables = weak_ref(variables)
        # The block as numbers, to read it again (`replay`) without holding its node.
        self.place = (block.start_byte, block.end_byte, block.kind_id)
        self.entry, self.scope, self.deep = entry, scope, deep
        # How many environments were made, and the last one.
        self.made = 0
        self.last: Env | None = None
        # `keep`: every environment, in the order made, none let go (`replay`).
        self.kept: list[Env] | None = [] if keep else None
        self._again: _BlockTable | None = None
        self._steps: Iterator[None] | None = variables._steps(self, block, entry, scope, deep)

    def get(self, key: tuple[int, int], take: bool = False) -> Env | None:
        """The environment before the statement at `key`; None when it is
        not wanted. `take`: it is not kept here (`Variables.env_at` keeps
        what each node on the way sees, and is not asked for it again)."""
        table = self.table
        while key not in table and self._steps is not None:
            self._step()
        return table.pop(key, None) if take else table.get(key)

    def _step(self) -> None:
        if next(self._steps, _GONE) is _GONE:  # type: ignore[arg-type]
            self._steps = None

    def replay(self, made: int) -> Mapping[str, _Value]:
        """The values of the environment made `made`th (from 0), the block
        read again from its start: for a view asked after the values only it
        could see were let go."""
        again = self._again
        if again is None:
            # Once, and keeping every value: views asked out of order (a
            # write's environment after a later heredoc's, `written`) cost
            # one more reading of the block, not one each.
            variables = self._variables()
            assert variables is not None, "a view is read while its script's variables are"
            place = variables._find(*self.place)
            again = self._again = _BlockTable(variables, place, self.entry, self.scope, self.deep, keep=True)
        while again.made <= made and again._steps is not None:
            again._step()
        assert again.kept is not None and len(again.kept) > made, "the block reads the same again"
        return again.kept[made].values


class _Timeline:
    """The variables of one block as its statements assign them, one after
    the other, and read-only views of them as they stood at any point.

    Every change is a tick of a clock: a variable's history is the ticks at
    which it was set (or unset) and its values then; a view is a tick. What
    the block does not assign itself comes from `entry`, the values it was
    entered with, unless a `clear` (anything may have been assigned) or a
    `reset` (`elif`/`else`: the values at entry again) came between."""

    __slots__ = ("_barrier_keeps", "_barrier_ticks", "_history", "clock", "depth", "entry", "floor", "source")

    def __init__(self, entry: Mapping[str, _Value], source: Source) -> None:
        self.source = source  # of the values kept as numbers (`words.packed_plain`)
        # A block nested in a block reads through its entry's timeline: every
        # _FLATTEN levels the entry is copied instead, so that a lookup in a
        # block nested thousands deep walks a bounded chain.
        depth = entry.depth if isinstance(entry, _View) else 0
        if depth >= _FLATTEN:
            entry, depth = dict(entry.items()), 0
        self.entry = entry
        self.depth = depth + 1
        self.clock = 0
        # Views of a tick before `floor` may no more be read here: a value
        # only they could see is let go (`expire`); they read their block again.
        self.floor = 0
        # Per name: the ticks it was set at and its values then, or, set
        # once, that tick and value (most names of a script of many calls).
        self._history: dict[str, Any] = {}  # tuple[list[int], list[Any]] | tuple[int, Any]
        self._barrier_ticks: list[int] = []
        self._barrier_keeps: list[bool] = []  # a reset keeps `entry`; a clear does not

    def lookup(self, name: str, tick: int, packed: bool = False) -> _Value | None:
        """The value of `name` at `tick`; None when not known. `packed`: a
        plain word as the number it is kept as (`words.packed_plain`)."""
        timeline = self
        while True:
            since, keeps = 0, True
            barriers = timeline._barrier_ticks
            if barriers:
                i = bisect_right(barriers, tick) - 1
                if i >= 0:
                    since, keeps = barriers[i], timeline._barrier_keeps[i]
            own = timeline._history.get(name)
            if own is not None:
                ticks, values = own
                if ticks.__class__ is int:  # set once: (tick, value)
                    if since < ticks <= tick:
                        value = values
                        if value.__class__ is int:
                            return value if packed else unpacked_plain(timeline.source, value)  # type: ignore[return-value]
                        return None if value is _GONE else value  # type: ignore[no-any-return]
                else:
                    j = bisect_right(ticks, tick) - 1
                    if j >= 0 and ticks[j] > since:
                        value = values[j]
                        if value.__class__ is int:
                            return value if packed else unpacked_plain(timeline.source, value)  # type: ignore[return-value]
                        return None if value is _GONE else value  # type: ignore[no-any-return]
            entry = timeline.entry
            if not keeps:
                return None
            if not isinstance(entry, _View):
                return entry.get(name)
            if name in entry._hidden:
                return None
            if entry._tick < entry._timeline.floor:
                return entry.get(name)  # type: ignore[no-any-return]
            timeline, tick = entry._timeline, entry._tick

    def names(self) -> Iterator[str]:
        """Every name that may have a value at some tick (each once)."""
        yield from self.entry
        for name in self._history:
            if name not in self.entry:
                yield name

    def view(
        self,
        hidden: set[str] | frozenset[str] = frozenset(),
        owner: _BlockTable | None = None,
        made: int = 0,
    ) -> _View:
        """The values as they stand now, but for the names `hidden`
        (`owner`, `made`: the block to read again should the view be asked
        after `expire`, and which of its environments it is)."""
        return _View(self, self.clock, frozenset(hidden) if hidden else _NO_NAMES, owner, made)

    def expire(self) -> None:
        """Views made before now may no more be read here: each value that
        only they could see is let go when its name is next set."""
        self.floor = self.clock

    def _record(self, name: str, value: Any) -> None:
        self.clock += 1
        own = self._history.get(name)
        if own is None:
            self._history[name] = (self.clock, value)
            return
        ticks, values = own
        if ticks.__class__ is int:
            ticks, values = [ticks], [values]
            self._history[name] = (ticks, values)
        ticks.append(self.clock)
        values.append(value)
        if ticks[1] <= self.floor:
            # Every view left is of `floor` or later: it sees no value before
            # the last one set by then.
            i = bisect_right(ticks, self.floor) - 1
            del ticks[:i], values[:i]

    def __setitem__(self, name: str, value: _Value) -> None:
        self._record(name, value)

    def pop(self, name: str, default: None = None, packed: bool = False) -> _Value | None:
        """Unset `name`; its value (`packed`: a plain word as its number)."""
        old = self.lookup(name, self.clock, packed)
        if old is not None:
            self._record(name, _GONE)
        return old

    def clear(self) -> None:
        self._barrier(keeps=False)

    def reset(self) -> None:
        self._barrier(keeps=True)

    def _barrier(self, keeps: bool) -> None:
        self.clock += 1
        self._barrier_ticks.append(self.clock)
        self._barrier_keeps.append(keeps)


class _View(Mapping[str, _Value]):
    """The values of a `_Timeline` at one tick, but for some names."""

    __slots__ = ("_again", "_hidden", "_made", "_owner", "_tick", "_timeline")

    def __init__(
        self,
        timeline: _Timeline,
        tick: int,
        hidden: frozenset[str],
        owner: _BlockTable | None = None,
        made: int = 0,
    ) -> None:
        self._timeline = timeline
        self._tick = tick
        self._hidden = hidden
        self._owner = owner
        self._made = made
        self._again: Mapping[str, _Value] | None = None  # read again (`_BlockTable.replay`)

    @property
    def depth(self) -> int:
        return self._timeline.depth

    def get(self, name: str, default: Any = None, packed: bool = False) -> Any:
        """`packed`: a plain word as its number (enough to tell it is known)."""
        if name in self._hidden:
            return default
        if self._tick < self._timeline.floor:
            if self._again is None:
                assert self._owner is not None, "a view made to be read at once is read at once"
                self._again = self._owner.replay(self._made)
            return self._again.get(name, default)
        value = self._timeline.lookup(name, self._tick, packed)
        return default if value is None else value

    def __getitem__(self, name: str) -> _Value:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value  # type: ignore[no-any-return]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name, packed=True) is not None

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._timeline.names() if self.get(name, packed=True) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)


def _names_aws(node: Any) -> bool:
    """Whether a command name is one variable whose name says `aws`."""
    if node.type == "string" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type not in ("simple_expansion", "expansion"):
        return False
    name = variable_name(node) or array_name(node)
    return name is not None and "aws" in name.lower()


def _appended(
    old: ShellWord | tuple[ShellWord, ...] | None, value: ShellWord | tuple[ShellWord, ...]
) -> ShellWord | tuple[ShellWord, ...] | None:
    """`V+=…`: known only when the old value is, and of the same kind."""
    if isinstance(old, tuple) and isinstance(value, tuple):
        return old + value
    if isinstance(old, ShellWord) and isinstance(value, ShellWord):
        return ShellWord(value.source, value.span, old.parts + value.parts)
    return None


def _too_large(value: ShellWord | tuple[ShellWord, ...]) -> bool:
    """Whether a value is past `MAX_VALUE_PARTS` or `MAX_VALUE_CHARS` (see there)."""
    words = value if isinstance(value, tuple) else (value,)
    parts = sum(len(word.parts) for word in words) if len(words) <= MAX_VALUE_PARTS else MAX_VALUE_PARTS + 1
    if parts > MAX_VALUE_PARTS:
        return True
    chars = sum(len(part.text) for word in words for part in word.parts if isinstance(part, LiteralPart))
    return chars > MAX_VALUE_CHARS


def _identifiers(text: str) -> Iterator[str]:
    """The names in an argument such as `x`, `x=1` or `x+=y*2` (for `let`)."""
    i = 0
    while i < len(text):
        if text[i] == "_" or (text[i].isascii() and text[i].isalpha()):
            j = i + 1
            while j < len(text) and (text[j] == "_" or (text[j].isascii() and text[j].isalnum())):
                j += 1
            yield text[i:j]
            i = j
        else:
            i += 1


def _assigns(parent: Any, grandparent: Any) -> bool:
    """Whether a `variable_name` node under `parent` (under `grandparent`) is
    assigned to (not only read) there."""
    if parent is None:
        return True
    if parent.type == "subscript":  # type: ignore[attr-defined]
        parent = grandparent
        if parent is None:
            return True
    if parent.type == "simple_expansion":
        return False
    if parent.type == "expansion":  # `${V:=x}` and `${V=x}` assign
        return any(c.type in (":=", "=") for c in parent.children)
    return True


def _is_prefix(assignment: Any, command: Any) -> bool:
    """Whether an assignment is written before a command's name (`IFS= read`)."""
    return (
        assignment is not None
        and assignment.type == "variable_assignment"
        and command is not None
        and command.type == "command"
        and command.child_by_field_name("name") is not None
    )


def _traps_anytime(statement: object) -> bool:
    """`trap … DEBUG` (or ERR, RETURN): its code may run before any command."""
    for node in _walk(statement):
        if node.type == "command":  # type: ignore[attr-defined]
            name = node.child_by_field_name("name")  # type: ignore[attr-defined]
            if name is not None and _text(name) == "trap":
                args = node.children_by_field_name("argument")  # type: ignore[attr-defined]
                if any(_text(a).strip("'\"") in _TRAP_ANYTIME for a in args):
                    return True
    return False


def _walk_with_parents(
    root: object, top: tuple[object, object | None, object | None] | None = None
) -> Iterator[tuple[object, object | None, object | None]]:
    """Every node under `root` with its parent and grandparent (`top`: those
    of `root` itself, else none), without asking tree-sitter for either (and
    with a cursor: no copy of the tree is kept, `ami_lint.shell.walk`)."""
    above = [top[2], top[1]] if top is not None else [None, None]
    for path in preorder_with_path(root):
        if len(path) == 1:
            yield root, above[1], above[0]
        elif len(path) == 2:
            yield path[-1], path[-2], above[1]
        else:
            yield path[-1], path[-2], path[-3]


def _walk(root: object) -> Iterator[object]:
    for node, _ in preorder(root):
        yield node


def _key(node: object) -> tuple[int, int]:
    return (node.start_byte, node.end_byte)  # type: ignore[attr-defined]


def _text(node: object) -> str:
    raw = node.text  # type: ignore[attr-defined]
    return raw.decode("utf-8", "replace") if raw is not None else ""
