"""Whether a script parses what it captured from a command, or uses it as it is.

`RESP=$(aws ec2 register-image …)` holds the CLI's JSON unless the command
asks for text. That is a defect only where the JSON is taken for the image
id; a script that reads the id out of it (`jq -r .ImageId <<< "$RESP"`,
`echo "$RESP" | jq …`, `${RESP//\\"/}`) meant to capture JSON. A use of the
variable counts as parsing it when its value goes to a program that reads
it (as standard input through a pipe on to anything but `tee` or `cat`, a
here-string or a heredoc, or as an argument of `jq`, `python`, `grep`, `sed`
and the like), when a parameter expansion transforms it, or when it is
written to a `.json` file. One such use anywhere in the script is enough.
"""

from __future__ import annotations

from _bisect import bisect_left
from collections.abc import Iterable, Iterator

from ami_lint.shell.walk import kinds

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

# Programs that read structured text out of their input or arguments.
_PARSERS = frozenset(
    {
        "jq",
        "gojq",
        "jaq",
        "jp",
        "yq",
        "python",
        "python2",
        "python3",
        "node",
        "nodejs",
        "ruby",
        "perl",
        "php",
        "grep",
        "egrep",
        "sed",
        "awk",
        "gawk",
        "mawk",
        "cut",
        "tr",
    }
)
# Pipeline stages that pass their input on as it is (to a file, the log).
_PASSING_ON = frozenset({"tee", "cat", "logger"})
# Nodes on the way from a variable up to its command through which its value
# is fed to that command, not passed as a word.
_FEEDS = frozenset({"herestring_redirect", "heredoc_body", "heredoc_redirect", "process_substitution"})
# Nodes that wrap a command without changing where its output goes.
_WRAPPING = frozenset({"redirected_statement", "negated_command"})


# The most names whose places in the text are searched for (see above).
FEW_NAMES = 8
# The most places reached each from the way to the last (`parsed_variables`):
# past them, one walk of the nodes that hold any costs less.
FEW_PLACES = 16


def parsed_variables(root: object, names: Iterable[str], data: bytes | None = None) -> set[str]:
    """Those of `names` that some use in the script parses (see the module).
    `data`: the bytes the tree was parsed from; then only the nodes that
    hold a place where one of the names is written are visited."""
    wanted = {name.encode("utf-8") for name in names}
    found: set[str] = set()
    if not wanted:
        return found
    # Where a name may be written: a `variable_name` node of one starts there.
    # Each name is searched for through the whole text, so only for a few
    # names: a script capturing into a name per call (`IMAGE_17=$(aws …)`)
    # would be read once per call, quadratic; then every node is visited.
    places: list[int] | None = None
    if data is not None and len(wanted) <= FEW_NAMES:
        places = sorted(at for name in wanted for at in _occurrences(data, name))
        if not places:
            return found
    variable_name = kinds("variable_name")
    if places is not None and len(places) <= FEW_PLACES and not root.has_error:  # type: ignore[attr-defined]
        # The nodes that hold a place are those on the way down to it: each
        # place is reached a level at a time, by the child that holds it,
        # from the deepest node of the way before that also holds it (the
        # nodes the walk below enters, without the children it only passes).
        path: list[object] = [root]
        for at in places:
            while len(path) > 1 and not path[-1].start_byte <= at < path[-1].end_byte:  # type: ignore[attr-defined]
                path.pop()
            cursor = path[-1].walk()  # type: ignore[attr-defined]
            while cursor.goto_first_child_for_byte(at) is not None:
                node: Any = cursor.node
                if node.start_byte > at:
                    break
                path.append(node)
                if node.kind_id in variable_name:
                    text = node.text
                    if text in wanted and _parses(path):
                        found.add(text.decode("utf-8"))
        return found
    # One cursor's preorder walk (`walk.preorder_with_path` written out): no
    # copy of the tree is kept. With `places`, a node that holds none of them
    # is not entered.
    cursor = root.walk()  # type: ignore[attr-defined]
    first_child, next_sibling, up = cursor.goto_first_child, cursor.goto_next_sibling, cursor.goto_parent
    path = [root]
    while True:
        node = path[-1]
        enter = True
        if places is not None:
            i = bisect_left(places, node.start_byte)
            enter = i < len(places) and places[i] < node.end_byte
        if enter:
            if node.kind_id in variable_name:
                text = node.text
                if text in wanted and _parses(path):
                    found.add(text.decode("utf-8"))
            if first_child():
                path.append(cursor.node)
                continue
        while len(path) > 1 and not next_sibling():
            up()
            path.pop()
        if len(path) == 1:
            return found
        path[-1] = cursor.node


def _occurrences(data: bytes, name: bytes) -> Iterator[int]:
    at = data.find(name)
    while at >= 0:
        yield at
        at = data.find(name, at + 1)


def _parses(path: list[object]) -> bool:
    """Whether the variable read at the end of `path` (the nodes from the
    root down to its name) is parsed there."""
    if len(path) < 2:
        return False
    expansion = path[-2]
    if expansion.type not in ("simple_expansion", "expansion"):  # type: ignore[attr-defined]
        return False  # assigned here, not read
    if expansion.type == "expansion" and len(expansion.children) > 3:  # type: ignore[attr-defined]
        return True  # `${V//\"/}`, `${V#*:}`: an operator transforms the value
    for i in range(len(path) - 3, -1, -1):
        node = path[i]
        kind = node.type  # type: ignore[attr-defined]
        if kind in _FEEDS:
            return True
        if kind == "command":
            return _command_parses(node, path[:i])
    return False


def _command_parses(command: object, above: list[object]) -> bool:
    """Whether a command reads its arguments as data, or its output goes on
    to another command of a pipeline or into a `.json` file."""
    if _name(command) in _PARSERS:
        return True
    child = command
    for parent in reversed(above):
        kind = parent.type  # type: ignore[attr-defined]
        if kind == "pipeline":
            stages = parent.named_children  # type: ignore[attr-defined]
            later = stages[stages.index(child) + 1 :] if child in stages else []
            return any(_name(stage) not in _PASSING_ON for stage in later)
        if kind not in _WRAPPING:
            return False
        if kind == "redirected_statement" and any(_to_json_file(r) for r in parent.children):  # type: ignore[attr-defined]
            return True
        child = parent
    return False


def _name(stage: object) -> str | None:
    """The program a pipeline stage (or command) runs, without its folder."""
    while stage.type in _WRAPPING and stage.named_children:  # type: ignore[attr-defined]
        stage = stage.named_children[0]  # type: ignore[attr-defined]
    if stage.type != "command":  # type: ignore[attr-defined]
        return None
    name = stage.child_by_field_name("name")  # type: ignore[attr-defined]
    if name is None:
        return None
    return (name.text or b"").decode("utf-8", "replace").rsplit("/", 1)[-1]  # type: ignore[attr-defined]


def _to_json_file(redirect: object) -> bool:
    if redirect.type != "file_redirect":  # type: ignore[attr-defined]
        return False
    target = redirect.child_by_field_name("destination")  # type: ignore[attr-defined]
    text = (target.text or b"") if target is not None else b""
    return text.strip(b"'\"").endswith(b".json")
