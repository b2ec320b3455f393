"""What a Python program's names certainly hold where a call runs.

The same certainty rules as a script's variables (`ami_lint.shell.variables`):
a name is known only from straight-line code, the statements of the
function (or of the module, for a call at the top level) before the
statement that holds the call, read in order, and the statements before it
in each block on the way down (the `if` branch, the `with` or `try` body
the call stands in). There a plain assignment records the value
(`kwargs = {…}`, `dict(…)`, a literal, a known name), and a dict is followed
through `kwargs["Key"] = …`, `.update({…})`, `.setdefault`, `.pop`, `del`
and `|=`, a list through `.append` and `.extend`.

Anything else that may change a name forgets it: an assignment in an `if`,
a loop, a `try` or a `match`, a `for` target, an import, `global`, a walrus,
a method that is not one of the above, and passing the object itself to a
call other than `print`, `len`, a logging method or a copy (the callee may
change it). A dict that an `if` or a loop may give a key (`kwargs["Key"] =
…` inside it) keeps its other keys and has that key with an unknown value:
the key is there on some runs, its name is still checked. A loop that holds
the call makes everything assigned anywhere in it unknown, as a loop may
run those statements before the call.

In a function, the names it never assigns are the module's constants: a
name bound once, by a plain assignment at the top level of the module, never
declared `global`, and (for a dict or list) never mutated anywhere in the
file.
"""

from __future__ import annotations

from typing import Any

from ami_lint.frontends.python_values import Env, Values, near, needles
from ami_lint.nodes import Entry, Mapping, Scalar, Sequence, Unknown
from ami_lint.source import Span

SCOPES = frozenset({"function_definition", "lambda", "class_definition"})
_CONDITIONAL = frozenset(
    {"if_statement", "for_statement", "while_statement", "try_statement", "match_statement"}
)
# Calls that never change the objects passed to them.
_READ_ONLY_FUNCTIONS = frozenset(
    {"print", "len", "str", "repr", "isinstance", "bool", "sorted", "dict", "list", "tuple", "pprint"}
)
_READ_ONLY_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "dumps", "dump"}
    | {"format", "deepcopy", "pprint", "pformat", "echo", "secho", "write"}
)
_READING_METHODS = frozenset({"copy", "get", "items", "keys", "values"})
# Compound statements on the way to a call deeper than this: nothing is known.
MAX_BLOCKS = 24


class Flow:
    """The names known at each call of one file."""

    def __init__(self, values: Values, root: Any) -> None:
        self.values = values
        self.root = root
        self._constants: Env | None = None

    def raw(self, node: Any) -> str:
        return self.values.raw(node)

    def scopes(self, calls: list[Any], paths: dict[int, list[Any]]) -> dict[int, tuple[Any, list[Any]]]:
        """The calls of each scope (a function, a lambda, a class or the
        module), by the scope's id, scopes in the order their first call comes."""
        by_scope: dict[int, tuple[Any, list[Any]]] = {}
        for call in calls:
            path = paths[call.id]
            scope = next((n for n in reversed(path[:-1]) if n.type in SCOPES), self.root)
            by_scope.setdefault(scope.id, (scope, []))[1].append(call)
        return by_scope

    def environments(self, calls: list[Any], paths: dict[int, list[Any]]) -> dict[int, Env]:
        """For each call (by id), its names; `paths`: the nodes from the root
        down to each call. The names at a call do not depend on the other
        calls asked for: the calls of one scope may be asked for alone."""
        on_path: set[int] = set()
        for call in calls:
            on_path.update(node.id for node in paths[call.id])
        found: dict[int, Env] = {}
        targets = {call.id for call in calls}
        for scope, _ in self.scopes(calls, paths).values():
            env = self._start(scope)
            body = scope if scope.type == "module" else scope.child_by_field_name("body")
            if body is None:
                continue
            if body.type == "block" or body.type == "module":
                self._block(body, env, on_path, targets, found, 0)
            else:  # a lambda's expression
                self._descend(body, env, on_path, targets, found, 0)
        return found

    def _start(self, scope: Any) -> Env:
        if scope.type == "module":
            return {}
        constants = self.constants()
        if not constants:
            return {}
        local = _bound_names(scope, self.raw, whole_scope=True)
        parameters = scope.child_by_field_name("parameters")
        if parameters is not None:
            local |= _identifiers(parameters, self.raw)
        return {name: value for name, value in constants.items() if name not in local}

    def _block(
        self, block: Any, env: Env, on_path: set[int], targets: set[int], found: dict[int, Env], depth: int
    ) -> None:
        for statement in block.named_children:
            if statement.type == "comment":
                continue
            if statement.id in on_path:
                self._descend(statement, dict(env), on_path, targets, found, depth)
            self.apply(statement, env)

    def _descend(
        self, node: Any, env: Env, on_path: set[int], targets: set[int], found: dict[int, Env], depth: int
    ) -> None:
        """Walk down `node` (on the way to calls) with the names `env` known on entering it."""
        stack = [(node, env, depth)]
        while stack:
            current, names, level = stack.pop()
            if current.id in targets:
                found[current.id] = dict(names)
            if current.type in SCOPES:
                continue  # a scope of its own
            kind = current.type
            if kind in _CONDITIONAL or kind == "with_statement":
                level += 1
                if level > MAX_BLOCKS:
                    names = {}
            if kind in ("for_statement", "while_statement", "match_statement"):
                names = dict(names)
                self.apply(current, names, conditional=True)
            for child in current.children:
                if child.id not in on_path:
                    continue
                if kind == "try_statement" and child.type != "block":
                    # The body may have stopped anywhere: what it (or another clause) assigns is unknown.
                    names = dict(names)
                    self.apply(current, names, conditional=True)
                if child.type in ("block", "module"):
                    self._block(child, dict(names), on_path, targets, found, level)
                else:
                    stack.append((child, dict(names), level))

    # The effects of statements.

    def apply(self, statement: Any, env: Env, conditional: bool = False) -> None:
        """`env` after `statement` ran (`conditional`: it may or may not have run, in part)."""
        conditional = conditional or statement.type in _CONDITIONAL
        if not env and conditional:
            return
        primary = None
        if not conditional and statement.type == "expression_statement":
            inner = [c for c in statement.named_children if c.type != "comment"]
            if len(inner) == 1:
                primary = inner[0]
        self._side_effects(statement, env, conditional, primary)
        if primary is not None:
            self._primary(primary, env)

    def _primary(self, node: Any, env: Env) -> None:
        kind = node.type
        if kind == "assignment":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return
            if right.type == "assignment":  # `a = b = {…}`: shared
                for name in _identifiers(node, self.raw):
                    env.pop(name, None)
                return
            if left.type == "identifier":
                name = self.raw(left)
                value = self.values.value(right, env)
                if right.type == "identifier" and isinstance(value, (Mapping, Sequence)):
                    env.pop(self.raw(right), None)  # an alias: a change through either is not followed
                    env.pop(name, None)
                    return
                if isinstance(value, Unknown):
                    env.pop(name, None)
                else:
                    env[name] = value
            elif left.type == "subscript":
                self._store(left, right, env)
            else:
                for name in _identifiers(left, self.raw):
                    env.pop(name, None)
        elif kind == "augmented_assignment":
            self._augmented(node, env)
        elif kind == "call":
            self._method(node, env)

    def _store(self, target: Any, right: Any | None, env: Env) -> None:
        """`d["Key"] = value` (`right` None: `del d["Key"]`)."""
        base = target.child_by_field_name("value")
        key_node = target.child_by_field_name("subscript")
        if base is None:
            return
        if base.type == "subscript":  # `d["A"]["B"] = …`: `d["A"]` changes
            self._touch(base, env)
            return
        if base.type != "identifier":
            return
        name = self.raw(base)
        current = env.get(name)
        if not isinstance(current, Mapping):
            env.pop(name, None)
            return
        key = self.values.value(key_node, env) if key_node is not None else None
        if not isinstance(key, Scalar) or not isinstance(key.value, str):
            env.pop(name, None)
            return
        kept = tuple(e for e in current.entries if e.name != key.value)
        if right is None:
            env[name] = Mapping(current.source, current.span, kept)
            return
        env[name] = Mapping(current.source, current.span, (*kept, Entry(key, self.values.value(right, env))))

    def _touch(self, target: Any, env: Env, reason: str = "computed") -> None:
        """`d["Key"]` changes in a way not followed: its value becomes unknown."""
        base = target.child_by_field_name("value")
        key_node = target.child_by_field_name("subscript")
        while base is not None and base.type == "subscript":
            target, key_node, base = (
                base,
                base.child_by_field_name("subscript"),
                base.child_by_field_name("value"),
            )
        if base is None or base.type != "identifier":
            return
        name = self.raw(base)
        current = env.get(name)
        key = self.values.value(key_node, env) if key_node is not None else None
        if not isinstance(current, Mapping) or not isinstance(key, Scalar) or not isinstance(key.value, str):
            env.pop(name, None)
            return
        self._unknown_key(name, current, key, self.values.span(target), env, reason)

    def _unknown_key(self, name: str, current: Mapping, key: Scalar, at: Span, env: Env, reason: str) -> None:
        """`current` with `key` there and its value unknown."""
        unknown = Unknown(current.source, at, reason)
        entries = []
        placed = False
        for entry in current.entries:
            if entry.name == key.value:
                entries.append(Entry(entry.key, unknown))
                placed = True
            else:
                entries.append(entry)
        if not placed:
            entries.append(Entry(key, unknown))
        env[name] = Mapping(current.source, current.span, tuple(entries))

    def _augmented(self, node: Any, env: Env) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return
        if left.type == "subscript":
            self._touch(left, env)
            return
        if left.type != "identifier":
            return
        name = self.raw(left)
        current, added = env.get(name), self.values.value(right, env)
        sign = self.raw(operator)
        if sign == "+=" and isinstance(current, Sequence) and isinstance(added, Sequence):
            env[name] = Sequence(current.source, current.span, (*current.items, *added.items))
        elif sign == "|=" and isinstance(current, Mapping) and isinstance(added, Mapping):
            env[name] = _merged(current, added.entries)
        else:
            env.pop(name, None)

    def _method(self, call: Any, env: Env, conditional: bool = False) -> None:
        """`d.update({…})`, `d.setdefault(k, v)`, `d.pop(k)`, `l.append(x)`, `l.extend([…])`."""
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if function is None or function.type != "attribute" or arguments is None:
            return
        target = function.child_by_field_name("object")
        attribute = function.child_by_field_name("attribute")
        if target is None or attribute is None:
            return
        method = self.raw(attribute)
        if target.type == "subscript":
            if method not in _READING_METHODS:
                self._touch(target, env, "conditional" if conditional else "computed")
            return
        if target.type != "identifier":
            return
        name = self.raw(target)
        current = env.get(name)
        if current is None or method in _READING_METHODS:
            return
        args = [c for c in arguments.named_children if c.type != "comment"]
        values = self.values
        if isinstance(current, Mapping) and method == "update":
            entries, splats = values.keywords(arguments, env)
            positional = [a for a in args if a.type not in ("keyword_argument", "dictionary_splat")]
            if len(positional) == 1:
                got = values.value(positional[0], env)
                if not isinstance(got, Mapping):
                    env.pop(name, None)
                    return
                entries = [*got.entries, *entries]
            if splats or len(positional) > 1:
                env.pop(name, None)
                return
            if conditional:
                for entry in entries:
                    current = env[name]
                    assert isinstance(current, Mapping)
                    self._unknown_key(name, current, entry.key, entry.value.span, env, "conditional")
                return
            env[name] = _merged(current, entries)
            return
        if conditional:
            env.pop(name, None)
            return
        if isinstance(current, Mapping) and method in ("setdefault", "pop") and args:
            key = values.value(args[0], env)
            if not isinstance(key, Scalar) or not isinstance(key.value, str):
                env.pop(name, None)
                return
            if method == "pop":
                kept = tuple(e for e in current.entries if e.name != key.value)
                env[name] = Mapping(current.source, current.span, kept)
            elif key.value not in current and len(args) == 2:
                env[name] = _merged(current, [Entry(key, values.value(args[1], env))])
            elif key.value not in current:
                env.pop(name, None)
            return
        if isinstance(current, Sequence) and method == "append" and len(args) == 1:
            item = values.value(args[0], env)
            env[name] = Sequence(current.source, current.span, (*current.items, item))
            return
        if isinstance(current, Sequence) and method == "extend" and len(args) == 1:
            more = values.value(args[0], env)
            if isinstance(more, Sequence):
                env[name] = Sequence(current.source, current.span, (*current.items, *more.items))
                return
        env.pop(name, None)

    def _side_effects(self, statement: Any, env: Env, conditional: bool, primary: Any) -> None:
        """Forget what `statement` may change other than by its `primary` effect."""
        raw = self.raw
        stack = [statement]
        while stack and env:
            node = stack.pop()
            kind = node.type
            if kind in ("function_definition", "class_definition"):
                name = node.child_by_field_name("name")
                if name is not None:
                    env.pop(raw(name), None)
                continue
            if kind in ("lambda", "list_comprehension", "dictionary_comprehension", "generator_expression"):
                continue
            if kind == "set_comprehension":
                continue
            if node is not primary:
                if kind == "assignment" or kind == "augmented_assignment":
                    left = node.child_by_field_name("left")
                    if left is not None and left.type == "subscript" and conditional:
                        self._touch(left, env, "conditional")
                    elif left is not None and left.type == "subscript":
                        self._touch(left, env)
                    elif left is not None:
                        for name in _identifiers(left, raw):
                            env.pop(name, None)
                elif kind == "call":
                    if conditional:
                        self._method(node, env, conditional=True)
                    self._escapes(node, env, skip_method=conditional)
                elif kind in ("named_expression",):
                    name = node.child_by_field_name("name")
                    if name is not None:
                        env.pop(raw(name), None)
                elif kind in ("for_statement",):
                    left = node.child_by_field_name("left")
                    if left is not None:
                        for name in _identifiers(left, raw):
                            env.pop(name, None)
                elif kind in ("as_pattern_target", "global_statement", "nonlocal_statement"):
                    for name in _identifiers(node, raw):
                        env.pop(name, None)
                elif kind in ("import_statement", "import_from_statement", "future_import_statement"):
                    for name in _imported(node, raw):
                        env.pop(name, None)
                elif kind == "delete_statement":
                    for target in node.named_children:
                        for one in target.named_children if target.type == "expression_list" else [target]:
                            if one.type == "subscript" and not conditional:
                                self._store(one, None, env)
                            elif one.type == "subscript":
                                self._touch(one, env, "conditional")
                            else:
                                for name in _identifiers(one, raw):
                                    env.pop(name, None)
                    continue
                elif kind == "except_clause":
                    for child in node.named_children:
                        if child.type == "as_pattern":
                            for name in _identifiers(child, raw):
                                env.pop(name, None)
                elif kind == "case_pattern" or kind == "keyword_pattern":
                    for name in _identifiers(node, raw):
                        env.pop(name, None)
            elif kind == "call":
                self._escapes(node, env, skip_method=True)
            stack.extend(reversed(node.children))

    def _escapes(self, call: Any, env: Env, skip_method: bool) -> None:
        """A known dict or list passed to a call that may change it, or whose
        method is called in a way not followed, is forgotten."""
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if function is None:
            return
        read_only = False
        if function.type == "identifier":
            read_only = self.raw(function) in _READ_ONLY_FUNCTIONS
        elif function.type == "attribute":
            attribute = function.child_by_field_name("attribute")
            target = function.child_by_field_name("object")
            method = self.raw(attribute) if attribute is not None else ""
            read_only = method in _READ_ONLY_METHODS
            if (
                target is not None
                and target.type == "identifier"
                and not skip_method
                and method not in _READING_METHODS
                and self.raw(target) in env
                and isinstance(env[self.raw(target)], (Mapping, Sequence))
            ):
                env.pop(self.raw(target), None)
        if read_only or arguments is None:
            return
        for argument in arguments.named_children:
            if argument.type == "keyword_argument":
                argument = argument.child_by_field_name("value")
            if argument is not None and argument.type == "identifier":
                name = self.raw(argument)
                if isinstance(env.get(name), (Mapping, Sequence)):
                    env.pop(name, None)

    def constants(self) -> Env:
        """The module's constants (see the module's docstring)."""
        if self._constants is not None:
            return self._constants
        raw = self.raw
        counts: dict[str, int] = {}
        candidates: list[tuple[str, Any]] = []
        for statement in self.root.named_children:
            if statement.type == "expression_statement":
                inner = [c for c in statement.named_children if c.type != "comment"]
                if len(inner) == 1 and inner[0].type == "assignment":
                    left = inner[0].child_by_field_name("left")
                    right = inner[0].child_by_field_name("right")
                    if left is not None and left.type == "identifier" and right is not None:
                        name = raw(left)
                        counts[name] = counts.get(name, 0) + 1
                        candidates.append((name, right))
                        continue
            for name in (
                _bound_names(statement, raw, whole_scope=False) if statement.type != "comment" else ()
            ):
                counts[name] = counts.get(name, 0) + 2
        env: Env = {}
        for name, right in candidates:
            if counts.get(name) != 1:
                continue
            value = self.values.value(right, env)
            if not isinstance(value, Unknown):
                env[name] = value
        if env:
            containers = {n for n, v in env.items() if isinstance(v, (Mapping, Sequence))}
            words = (b"global", *(n.encode() for n in containers))
            declared, changed = _declared_or_changed(self.root, raw, needles(self.values.data, words))
            env = {
                n: v for n, v in env.items() if n not in declared and not (n in containers and n in changed)
            }
        self._constants = env
        return env


def _merged(current: Mapping, entries: list[Entry] | tuple[Entry, ...]) -> Mapping:
    names = {e.name for e in entries}
    kept = tuple(e for e in current.entries if e.name not in names)
    return Mapping(current.source, current.span, (*kept, *entries))


def _identifiers(node: Any, raw: Any) -> set[str]:
    """Every identifier in `node` (the names a target or a declaration binds)."""
    names = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "identifier":
            names.add(raw(current))
        elif current.type in ("attribute", "subscript"):
            continue  # `a.b = …`, `a[k] = …` bind no name
        else:
            stack.extend(current.children)
    return names


def _imported(node: Any, raw: Any) -> set[str]:
    names = set()
    for child in node.named_children:
        if child.type == "aliased_import":
            alias = child.child_by_field_name("alias")
            if alias is not None:
                names.add(raw(alias))
        elif child.type == "dotted_name" and child.id != getattr(
            node.child_by_field_name("module_name"), "id", None
        ):
            first = child.named_children[0] if child.named_children else None
            if first is not None:
                names.add(raw(first))
    return names


def _bound_names(scope: Any, raw: Any, whole_scope: bool) -> set[str]:
    """The names a statement (or, `whole_scope`, a function's body) binds,
    nested functions' bodies left out."""
    names: set[str] = set()
    start = scope.child_by_field_name("body") if whole_scope else scope
    if start is None:
        return names
    stack = [start]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in ("function_definition", "class_definition"):
            name = node.child_by_field_name("name")
            if name is not None:
                names.add(raw(name))
            continue
        if kind in ("lambda", "list_comprehension", "dictionary_comprehension", "generator_expression"):
            continue
        if kind in ("assignment", "augmented_assignment", "for_statement"):
            left = node.child_by_field_name("left")
            if left is not None:
                names |= _identifiers(left, raw)
        elif kind == "named_expression":
            name = node.child_by_field_name("name")
            if name is not None:
                names.add(raw(name))
        elif kind in ("as_pattern_target", "global_statement", "nonlocal_statement", "delete_statement"):
            names |= _identifiers(node, raw)
        elif kind in ("import_statement", "import_from_statement"):
            names |= _imported(node, raw)
        elif kind == "except_clause":
            for child in node.named_children:
                if child.type == "as_pattern":
                    names |= _identifiers(child, raw)
        stack.extend(node.children)
    return names


def _declared_or_changed(root: Any, raw: Any, offsets: list[int]) -> tuple[set[str], set[str]]:
    """Names declared `global` anywhere, and names whose object is changed
    anywhere (`x[k] = …`, `x.method(…)`, `del x[k]`, `x += …`, `f(x)`), among
    the nodes at `offsets`."""
    declared: set[str] = set()
    changed: set[str] = set()
    for node, _ in near(root, offsets):
        kind = node.type
        if kind == "global_statement":
            declared |= _identifiers(node, raw)
        elif kind == "attribute":
            target = node.child_by_field_name("object")
            if target is not None and target.type == "identifier":
                changed.add(raw(target))
        elif kind == "subscript":
            target = node.child_by_field_name("value")
            if target is not None and target.type == "identifier":
                changed.add(raw(target))
        elif kind == "augmented_assignment":
            left = node.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                changed.add(raw(left))
        elif kind == "argument_list":
            for argument in node.named_children:
                if argument.type == "identifier":
                    changed.add(raw(argument))
    return declared, changed
