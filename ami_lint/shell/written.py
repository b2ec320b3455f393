"""Files a script writes itself, for the `file://` references of its calls.

`cat > req.json <<EOF … EOF`, `cat <<EOF > req.json`, `cat <<'EOF' | tee
req.json`, `printf '%s' '…' > req.json` and `echo '…' > req.json` write a
text the script holds. When such a write certainly ran before a call that
reads `file://req.json`, the call's reference is that text, each character
still pointing where it is written in the script: an unquoted here-document's
`$VAR`, `${VAR}`, `$(…)` and backticks are unknown parts (resolved when the
variable holds a literal, as for a word), `\\$`, `\\\\`, `` \\` `` and a line
continuation are read as bash reads them, and `<<-` drops each line's leading
tabs.

Certain means what it means for variables (`ami_lint.shell.variables`): the
write is a statement of a block the call is in (or the left side of an `&&`
that leads to it), before the statement that holds the call, in the same
function body or the script. Anything else that may write that path makes
the reference not certain: the same write inside an `if`, a loop or a
function, a write after the call (in a loop around it, or in a function),
`>>`, a redirection or an argument of another program (`jq … > req.json`,
`mv`, `cp`, `sed -i`, `python gen.py req.json`), and for a relative path a
`cd` between the write and the call. Paths are compared normalised
(`./req.json` is `req.json`); a path built from a variable the variables
module resolves is compared by its value, and one that stays partly unknown
(`"$DIR/req.json"`) may be any path ending that way.
"""

from __future__ import annotations

import posixpath
import sys
from _bisect import bisect_left, bisect_right

from ami_lint.records import Record, record
from ami_lint.shell import variables
from ami_lint.shell.variables import MAX_VALUE_CHARS, Ancestry, Variables
from ami_lint.shell.walk import preorder_with_path
from ami_lint.shell.words import (
    Env,
    LiteralPart,
    ShellWord,
    UnknownPart,
    WordBuilder,
    WordDecoder,
    resolved_parts,
    variable_name,
)
from ami_lint.source import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

# Redirections that write a file: with the operators that overwrite it whole.
_WRITES = frozenset({">", ">>", ">|", "&>", "&>>", ">&", "<>"})
_OVERWRITES = frozenset({">", ">|"})
# Commands that only read the files they name (or print their arguments).
_READERS = frozenset(
    {
        "cat",
        "jq",
        "yq",
        "head",
        "tail",
        "grep",
        "egrep",
        "fgrep",
        "wc",
        "less",
        "more",
        "test",
        "[",
        "[[",
        "ls",
        "echo",
        "printf",
        "diff",
        "cmp",
        "stat",
        "file",
        "md5sum",
        "sha1sum",
        "sha256sum",
        "base64",
        "source",
        ".",
    }
)
_CHANGES_DIRECTORY = frozenset({"cd", "pushd", "popd"})
# Blocks whose statements run in order, one after the other.
_BLOCKS = variables._BLOCKS | {"program"}
_BRANCHES = variables._BRANCHES
_LOOPS = frozenset({"for_statement", "c_style_for_statement", "while_statement"})
_EXPANSIONS = {
    "simple_expansion": "variable",
    "expansion": "variable",
    "command_substitution": "substitution",
    "arithmetic_expansion": "substitution",
}
# The functions of a path written outside any function only.
_SCRIPT_ONLY: frozenset[tuple[int, int] | None] = frozenset([None])
# How far up from a call its blocks are looked for: a real script nests a
# handful; deeper, no write counts as certain for it.
MAX_LEVELS = 256


@record(frozen=True, slots=True)
class Written(metaclass=Record):
    """The text a script certainly wrote to a file before a call."""

    content: ShellWord  # the text, placed in the script
    at: Span  # the command that wrote it


@record(frozen=True, slots=True)
class Unsure(metaclass=Record):
    """A file something in the script may write, in a way not followed."""

    at: Span  # a command that may write it


_Blocks = tuple[tuple[tuple[int, int], int], ...]


# How a command makes the text it writes (`_certain_form`), by its number in
# `Writes._hows` (0: the text is decoded already, or there is none).
_HOWS = ("", "heredoc", "line", "text", "echo-n", "echo")
# A here-document read without its nodes (`_plain_heredoc`): from this number
# on, plus 2 when its delimiter is quoted and 1 for `<<-`; where its text
# starts and ends kept in `Writes._regions`.
_PLAIN = 8


@record(frozen=True, slots=True)
class _CallPlace(metaclass=Record):
    start: int
    blocks: dict[tuple[int, int], int]  # block -> start byte of the statement leading to the call
    function: tuple[int, int] | None
    loop_end: int  # end (in characters) of the outermost loop around the call, else -1


class Writes:
    """The writes of one parsed script, indexed on first use."""

    def __init__(self, root: Any, decoder: WordDecoder, ancestry: Ancestry) -> None:
        self._root = root
        self._decoder = decoder
        self._ancestry = ancestry
        # Each path's writers in text order, by number (one alone: most paths
        # have one). A script of many here-documents keeps each writer as a
        # few numbers in the columns below, its `Span` made when a call asks
        # (issue 20).
        self._by_path: dict[str, int | list[int]] | None = None
        # Numbers of 4 bytes each while every place in the script fits (its
        # bytes: at most 4 a character), else 8. Each column is written as
        # bytes while the index is built, then read through a memoryview of
        # numbers (the `array` module is not imported for it: start-up).
        self._size = 4 if 4 * len(decoder.source.text) < 2**31 - 1 else 8
        # Where each writer's command is, in characters.
        self._starts: Any = bytearray()
        self._ends: Any = bytearray()
        # The text, when the command certainly writes it whole: its node, to be
        # decoded (`_hows` says how), or decoded already (a `ShellWord`, with
        # the variables it holds); None when it does not, or cannot be told.
        self._texts: list[Any] = []
        self._hows = bytearray()
        # Writer `w`'s here-document text read without its nodes: it starts at
        # `_regions[2 * w]` and ends at `_regions[2 * w + 1]` (else 0 and 0).
        self._regions: Any = bytearray()
        # Each block the write is a statement of (itself, or the `w && …` it
        # starts), with where that statement ends, in bytes: writer `w`'s are
        # the triples (block start, block end, statement end) of
        # `_block_data[3 * _block_at[w] : 3 * _block_at[w + 1]]`.
        self._block_at: Any = bytearray(self._size)  # 0: where the first writer's are
        self._block_data: Any = bytearray()
        # The function each is in: while the index is built (then `_functions`).
        self._function_of: list[tuple[int, int] | None] = []
        # The functions each path is written in, when not only the script's
        # own statements (`_SCRIPT_ONLY`, most paths): none kept for those.
        self._functions: dict[str, frozenset[tuple[int, int] | None]] = {}
        # Paths partly unknown (`"$DIR/req.json"`): basename -> known suffix -> where first.
        self._partial: dict[str, dict[str, int]] = {}
        self._directory_changes: list[int] = []
        # The place of the call asked about last (a call asks for each file it
        # reads, then the next call comes): by its node's id.
        self._place_of: tuple[int, _CallPlace | None] = (-1, None)
        # `$(cat <<EOF … EOF)`, by span: the here-document it outputs.
        self._outputs: dict[tuple[int, int], ShellWord | None] = {}
        # Characters of written text handed out: each call that reads a
        # written file parses it again, so a script may have at most a few
        # times its own size read this way.
        self._budget = 0
        # The text last decoded for a `_Text` (calls that read the same file
        # one after the other decode it once).
        self._decoded: tuple[int, ShellWord | None] = (-1, None)

    def lookup(self, call: Any, path: str) -> Written | Unsure | None:
        """What the script wrote to `path` for the call `call` (a command
        node): the text, `Unsure` when something may write it in a way not
        followed, None when nothing in the script writes it."""
        if self._by_path is None:
            self._index()
        key = _normal(path)
        found = self._by_path.get(key, ()) if self._by_path is not None else ()
        writers = (found,) if isinstance(found, int) else found
        partial = self._partial.get(posixpath.basename(key), {})
        maybe = next((at for suffix, at in partial.items() if ("/" + key).endswith(suffix)), None)
        if not writers:
            return None if maybe is None else Unsure(Span(maybe, maybe))
        starts = self._starts
        place = self._place(call)
        if place is None:
            return Unsure(self._span(writers[0]))
        i = bisect_left(writers, place.start, key=starts.__getitem__) - 1
        if i < 0:  # written only after the call
            return Unsure(self._span(writers[0]))
        writer = writers[i]
        content = self._content(writer)
        if content is None or maybe is not None:
            return Unsure(self._span(writer))
        data = self._block_data
        blocks = place.blocks
        if not any(
            blocks.get((data[b], data[b + 1]), -1) >= data[b + 2]
            for b in range(3 * self._block_at[writer], 3 * self._block_at[writer + 1], 3)
        ):
            return Unsure(self._span(writer))  # in an `if`, a loop, … the call is not in
        functions = self._functions.get(key, _SCRIPT_ONLY)
        if len(functions) > 1 or place.function not in functions:
            return Unsure(self._span(writer))  # a function may write it at any time
        j = bisect_right(writers, place.start, key=starts.__getitem__)
        if place.loop_end >= 0 and j < len(writers) and starts[writers[j]] < place.loop_end:
            return Unsure(self._span(writers[j]))  # a later round of the loop writes it again
        if not posixpath.isabs(key):
            k = bisect_right(self._directory_changes, starts[writer])
            if k < len(self._directory_changes) and self._directory_changes[k] < place.start:
                return Unsure(self._span(writer))  # `cd` between: another file
        text_size = sum(len(p.text) for p in content.parts if isinstance(p, LiteralPart))
        self._budget -= text_size
        if self._budget < 0:
            return Unsure(self._span(writer))
        return Written(content, self._span(writer))

    def _span(self, writer: int) -> Span:
        """Where the command of `writer` is."""
        return Span(self._starts[writer], self._ends[writer])

    def _content(self, writer: int) -> ShellWord | None:
        """The text `writer` certainly writes, decoded now if it was not."""
        content = self._texts[writer]
        how = self._hows[writer]
        if not how:
            return content  # type: ignore[no-any-return]
        last, decoded = self._decoded
        if last != writer:
            if how >= _PLAIN:
                start, end = self._regions[2 * writer], self._regions[2 * writer + 1]
                decoded = _plain_heredoc_text(self._decoder, start, end, bool(how & 2), bool(how & 1))
            else:
                # Through an object of its own for the node: what decoding asks
                # of it (its children) is not kept on the one held.
                decoded = _content(content.walk().node, _HOWS[how], self._decoder, None)
            self._decoded = (writer, decoded)
        return decoded

    def output_of(self, span: Span) -> ShellWord | None:
        """The output of the command substitution at `span` when it is
        `$(cat <<EOF … EOF)`: the here-document, less its final line breaks."""
        if self._by_path is None:
            self._index()
        return self._outputs.get((span.start, span.end))

    def _place(self, call: Any) -> _CallPlace | None:
        """Where a call stands: the blocks on its way up to its function
        body (or the script), each with the statement that leads to it."""
        if self._place_of[0] == call.id:
            return self._place_of[1]
        blocks: dict[tuple[int, int], int] = {}
        loop_end = -1
        function: tuple[int, int] | None = None
        child, parent = call, self._ancestry.parent(call)
        place: _CallPlace | None = None
        for _ in range(MAX_LEVELS):
            if parent is None:
                break
            kind = parent.type
            if kind == "function_definition":
                function = _key(parent)
                break
            runs_before = kind in _BLOCKS and not (kind == "if_statement" and child.type in _BRANCHES)
            if runs_before or (kind in ("list", "heredoc_redirect") and _after_and(parent, child)):
                blocks[_key(parent)] = child.start_byte
            if kind in _LOOPS:
                loop_end = self._decoder.span(parent).end
            child, parent = parent, self._ancestry.parent(parent)
        else:
            self._place_of = (call.id, None)
            return None
        place = _CallPlace(self._decoder.span(call).start, blocks, function, loop_end)
        self._place_of = (call.id, place)
        return place

    def _index(self) -> None:
        """One walk of the script finds every command that writes or names a
        file. What each needs of its place is taken from the walk's own path
        as it goes, so a script nested thousands deep is still linear."""
        decoder = self._decoder
        self._budget = 2 * max(len(decoder.source.text), MAX_VALUE_CHARS)
        # Each write or mention, in the walk's order, from the first whose
        # path or text holds variables on (none in most scripts): what it
        # adds to the index (`_made`), made as the walk passes it, or for
        # such a write its nodes (`_Later`) until the variables are known.
        # Before it, each is put in the index at once. No node is kept for
        # the others: a node holds its children once asked for them (issue 20).
        seen: list[_Made | _Later] = []
        # Each path's writers by number (one alone, most often), in the walk's order.
        by_path: dict[str, int | list[int]] = {}
        consumed: set[int] = set()
        outputs: list[tuple[Any, Any]] = []  # (here-document, its `$(…)`)
        with_variables: list[Any] = []
        # The function each depth's nodes are in (a cursor's walk, in text
        # order: no copy of the tree is kept, `ami_lint.shell.walk`).
        functions: list[tuple[int, int] | None] = [None]
        for path in preorder_with_path(self._root):
            node, depth = path[-1], len(path) - 1
            function = functions[depth]
            kind = node.type
            command, target, text = None, None, None
            if kind == "redirected_statement":
                form = _certain_form(node, decoder)
                if form is not None:
                    used, target, text_node, how = form
                    consumed.add(used.id)
                    command, text = node, (text_node, how)
            elif kind == "file_redirect" and not _taken(consumed, node) and len(path) > 1:
                if any(c.type in _WRITES for c in node.children):
                    # Placed at the command it redirects.
                    command, target = path[-2], node.child_by_field_name("destination")
            elif kind == "command_substitution":
                heredoc = _cat_heredoc(node, decoder)
                if heredoc is not None:
                    outputs.append((heredoc, node))
                    if _has_variables(node):
                        self._ancestry.add_path(path)
                        with_variables.append(node)
            elif kind == "command":
                name = _command_name(node, decoder)
                if name in _CHANGES_DIRECTORY:
                    self._directory_changes.append(decoder.span(node).start)
                elif name is None or name not in _READERS:
                    for arg in node.children_by_field_name("argument"):
                        if not _taken(consumed, arg) and _may_name_a_file(arg):
                            word = _after_equals_of(decoder.decode([arg], None))
                            made = self._made(decoder.span(node), word, None, None, (), function)
                            if seen:
                                seen.append(made)
                            else:
                                self._put(by_path, made)
            if command is not None and target is not None:
                way = path if command is node else path[:-1]
                blocks = _blocks(way) if text is not None else ()
                if _has_variables(command):
                    seen.append(_Later(command, target, text, blocks, function))
                    self._ancestry.add_path(way)
                    with_variables.append(command)
                else:
                    # Decoded when a call reads it (`Writes._content`).
                    word = decoder.decode([target], None)
                    made = self._made(decoder.span(command), word, text, None, blocks, function)
                    if seen:
                        seen.append(made)
                    else:
                        self._put(by_path, made)
            del functions[depth + 1 :]
            functions.append(_key(node) if kind == "function_definition" else function)
        self._directory_changes.sort()
        # The variables a write's path or text holds, where it stands.
        variables = Variables(self._root, decoder, with_variables, self._ancestry) if with_variables else None
        known = {id(n) for n in with_variables}

        def env_at(node: Any) -> Env | None:
            return variables.env_at(node) if variables is not None and id(node) in known else None

        for heredoc, substitution in outputs:
            written = heredoc_text(heredoc, decoder, env_at(substitution))
            span = decoder.span(substitution)
            self._outputs[(span.start, span.end)] = (
                None if written is None else without_trailing_newlines(written)
            )
        for i, entry in enumerate(seen):
            if isinstance(entry, _Later):
                later = entry
                env = env_at(later.command)
                # With variables: decoded now, with what they hold here.
                text, content = later.text, None
                if text is not None and env is not None:
                    content = _content(text[0], text[1], decoder, env)
                    text = None
                word = decoder.decode([later.target], env)
                made = self._made(
                    decoder.span(later.command), word, text, content, later.blocks, later.function
                )
                seen[i] = made  # its nodes let go
            else:
                made = entry
            self._put(by_path, made)
        del seen
        # The columns as numbers from here on.
        size = self._size
        self._starts = _numbers(self._starts, size)
        self._ends = _numbers(self._ends, size)
        self._block_at = _numbers(self._block_at, size)
        self._block_data = _numbers(self._block_data, size)
        self._regions = _numbers(self._regions, size)
        starts, function_of = self._starts, self._function_of
        for v in by_path.values():
            if not isinstance(v, int):
                v.sort(key=starts.__getitem__)
        self._by_path = by_path
        # Most paths are written in one function (or none): one set for all of them.
        shared: dict[frozenset[tuple[int, int] | None], frozenset[tuple[int, int] | None]] = {}
        self._functions = {}
        for k, v in by_path.items():
            written_in = frozenset([function_of[v]] if isinstance(v, int) else [function_of[w] for w in v])
            if written_in != _SCRIPT_ONLY:
                self._functions[k] = shared.setdefault(written_in, written_in)
        self._function_of = []

    def _put(self, by_path: dict[str, int | list[int]], made: _Made) -> None:
        """`made` put in the index: a writer of its path, or a path partly
        unknown (where it is first written)."""
        if made is None:
            return
        if len(made) == 3:
            self._partial.setdefault(made[0], {}).setdefault(made[1], made[2])
            return
        path, writer = made
        before = by_path.get(path)
        if before is None:
            by_path[path] = writer
        elif isinstance(before, int):
            by_path[path] = [before, writer]
        else:
            before.append(writer)

    def _made(
        self,
        span: Span,
        word: ShellWord | None,
        text: tuple[Any, str] | None,
        content: ShellWord | None,
        blocks: _Blocks,
        function: tuple[int, int] | None,
    ) -> _Made:
        """What a write or mention of the file `word` by the command at `span`
        adds to the index: (path, the writer's number), or (basename, known
        suffix, where) for a path partly unknown, or None. The text it
        writes: `text`, its node and how it is made, to be decoded when a
        call reads it, or `content`, decoded already."""
        if word is None:
            return None
        path = word.text
        if path is None:
            suffix = _known_suffix(word)
            if "/" in suffix and not suffix.endswith("/"):
                return (posixpath.basename(suffix), suffix, span.start)
            return None
        if not path or path == "-" or path.startswith("/dev/"):
            return None
        size = self._size
        writer = len(self._starts) // size
        self._starts += span.start.to_bytes(size, sys.byteorder)
        self._ends += span.end.to_bytes(size, sys.byteorder)
        plain = _plain_heredoc(text[0], self._decoder) if text is not None and text[1] == "heredoc" else None
        if plain is not None:
            # Two numbers rather than a node (a script of many here-documents).
            region_start, region_end, quoted, strip_tabs = plain
            self._texts.append(None)
            self._hows.append(_PLAIN + 2 * quoted + strip_tabs)
            self._regions += region_start.to_bytes(size, sys.byteorder)
            self._regions += region_end.to_bytes(size, sys.byteorder)
        elif text is not None:
            # The node as an object of its own: the walk's asked for its
            # children, which tree-sitter keeps on the object (a list of nodes).
            self._texts.append(text[0].walk().node)
            self._hows.append(_HOWS.index(text[1]))
        else:
            self._texts.append(content)
            self._hows.append(0)
        if plain is None:
            self._regions += bytes(2 * size)
        if text is not None or content is not None:
            data = self._block_data
            for (start, end), statement_end in blocks:
                data += start.to_bytes(size, sys.byteorder)
                data += end.to_bytes(size, sys.byteorder)
                data += statement_end.to_bytes(size, sys.byteorder)
        self._block_at += (len(self._block_data) // (3 * size)).to_bytes(size, sys.byteorder)
        self._function_of.append(function)
        return (_normal(path), writer)


class _Later:
    """A write whose path or text holds variables: its nodes, until the
    variables are known."""

    __slots__ = ("blocks", "command", "function", "target", "text")

    def __init__(
        self, command: Any, target: Any, text: tuple[Any, str] | None, blocks: _Blocks, function: Any
    ) -> None:
        self.command = command
        self.target = target
        self.text = text
        self.blocks = blocks
        self.function = function


# What one write or mention adds to the index (`Writes._made`).
_Made = tuple[str, int] | tuple[str, str, int] | None


def _numbers(column: bytearray, size: int) -> memoryview:
    """A column written as bytes, read as numbers of `size` bytes each."""
    return memoryview(column).cast("I") if size == 4 else memoryview(column).cast("Q")


def _taken(consumed: set[int], node: Any) -> bool:
    """Whether `node` is the file of a write already indexed (each such node
    is asked about once, as the walk passes it: then let go)."""
    if not consumed:
        return False
    node_id = node.id
    if node_id in consumed:
        consumed.discard(node_id)
        return True
    return False


def _after_equals_of(word: ShellWord | None) -> ShellWord | None:
    """`_after_equals`, of an argument: `--output=req.json` names it too."""
    return None if word is None else _after_equals(word)


def _normal(path: str) -> str:
    normal = posixpath.normpath(path)
    return normal[1:] if normal.startswith("//") else normal


def _key(node: Any) -> tuple[int, int]:
    return (node.start_byte, node.end_byte)


def _after_and(lst: Any, child: Any) -> bool:
    """Whether `child` is the right side of `a && child`."""
    children = lst.children
    if not children or children[0] == child:
        return False
    return any(c.type == "&&" for c in children)


def _blocks(way: list[Any]) -> _Blocks:
    """The blocks a write statement (the last node of `way`) is a statement
    of, each with where that statement ends: the block holding it, and while
    it starts an `a && b` list, the block holding the list too."""
    out = []
    # `cat <<EOF > f && aws …`: tree-sitter-bash puts `&& aws …` inside the
    # here-document redirect (the body follows that line); what follows the
    # `&&` runs after the write.
    for redirect in way[-1].children if way else ():
        if redirect.type == "heredoc_redirect":
            ands = [c for c in redirect.children if c.type == "&&"]
            if ands:
                out.append((_key(redirect), ands[0].end_byte))
    i = len(way) - 1
    while i > 0:
        statement, parent = way[i], way[i - 1]
        if parent.type == "list":
            out.append((_key(parent), statement.end_byte))
            if parent.children[0] != statement:
                break  # it may not run
            i -= 1
            continue
        if parent.type in _BLOCKS and not (parent.type == "if_statement" and statement.type in _BRANCHES):
            out.append((_key(parent), statement.end_byte))
        break
    return tuple(out)


def _command_name(command: Any, decoder: WordDecoder) -> str | None:
    name = command.child_by_field_name("name")
    if name is None:
        return None
    if name.named_child_count:
        name = name.named_children[0]
    text = decoder.decode([name]).text
    return text.rsplit("/", 1)[-1] if text else None


def _may_name_a_file(node: Any) -> bool:
    raw = node.text or b""
    # `bytes.find`, not `in`: on 3.11, `in` formats a TypeError first (issue 20).
    return raw.find(b".") >= 0 or raw.find(b"/") >= 0


def _has_variables(node: Any) -> bool:
    raw = node.text or b""
    return raw.find(b"$") >= 0 or raw.find(b"`") >= 0


def _after_equals(word: ShellWord) -> ShellWord | None:
    """The path an argument names: the word, or what follows its `=`
    (`--output=req.json`)."""
    text = word.text
    if text is not None:
        if "=" in text:
            return word.tail(text.rindex("=") + 1)
        return word
    known = word.known_prefix
    return word.tail(known.rindex("=") + 1) if "=" in known else word


def _known_suffix(word: ShellWord) -> str:
    out: list[str] = []
    for part in reversed(word.parts):
        if isinstance(part, UnknownPart):
            break
        out.append(part.text)
    return "".join(reversed(out))


def _certain_form(statement: Any, decoder: WordDecoder) -> tuple[Any, Any, Any, str] | None:
    """A statement that certainly writes a text it holds, whole, to one file:
    (the redirection or `tee` argument that names the file, the word node of
    the file, the node of the text, how the text is made)."""
    body = statement.child_by_field_name("body")
    if body is None or body.type != "command":
        return None
    name = _command_name(body, decoder)
    args = body.children_by_field_name("argument")
    redirects = [
        c
        for c in statement.children
        if c.type in ("file_redirect", "heredoc_redirect", "herestring_redirect")
    ]
    heredocs = [r for r in redirects if r.type == "heredoc_redirect"]
    outputs = [r for r in redirects if r.type == "file_redirect"]
    inside: list[Any] = []
    pipeline = None
    for heredoc in heredocs:
        for child in heredoc.children:
            if child.type == "file_redirect":
                inside.append(child)
            elif child.type == "pipeline":
                pipeline = child
            elif child.type == "&&":
                break  # `cat <<EOF > f && next …`: what follows runs once the file is written
            elif child.type in ("||", "command", "list", ";"):
                return None
    outputs += inside
    if any(r.type == "herestring_redirect" for r in redirects):
        return None
    if name == "cat" and len(heredocs) == 1 and all(_text(a, decoder) == "-" for a in args):
        if pipeline is not None:
            if outputs:
                return None
            tee = _tee_target(pipeline, decoder)
            return (tee, tee, heredocs[0], "heredoc") if tee is not None else None
        redirect = _only_overwrite(outputs)
        if redirect is None:
            return None
        return redirect, redirect.child_by_field_name("destination"), heredocs[0], "heredoc"
    if heredocs or pipeline is not None:
        return None
    redirect = _only_overwrite(outputs)
    if redirect is None:
        return None
    target = redirect.child_by_field_name("destination")
    if name == "printf" and args:
        fmt = _text(args[0], decoder)
        if fmt in ("%s", "%s\\n") and len(args) == 2:
            return (redirect, target, args[1], "line" if fmt == "%s\\n" else "text")
        if len(args) == 1 and fmt is not None and "%" not in fmt and "\\" not in fmt:
            return (redirect, target, args[0], "text")
        return None
    if name == "echo":
        if args and _text(args[0], decoder) == "-n" and len(args) == 2:
            return (redirect, target, args[1], "echo-n")
        if len(args) == 1 and not (_text(args[0], decoder) or "").startswith("-"):
            return (redirect, target, args[0], "echo")
    return None


def _cat_heredoc(substitution: Any, decoder: WordDecoder) -> Any:
    """The here-document of `$(cat <<EOF … EOF)`, with nothing else in it."""
    inner = substitution.named_children
    if len(inner) != 1 or inner[0].type != "redirected_statement":
        return None
    statement = inner[0]
    body = statement.child_by_field_name("body")
    if body is None or body.type != "command" or _command_name(body, decoder) != "cat":
        return None
    if body.children_by_field_name("argument"):
        return None
    redirects = [c for c in statement.children if c != body]
    if len(redirects) != 1 or redirects[0].type != "heredoc_redirect":
        return None
    heredoc = redirects[0]
    if any(
        c.type not in ("<<", "<<-", "heredoc_start", "heredoc_body", "heredoc_end") for c in heredoc.children
    ):
        return None
    return heredoc


def _only_overwrite(outputs: list[Any]) -> Any:
    """The one redirection of standard output, when it overwrites its file."""
    if len(outputs) != 1:
        return None
    redirect = outputs[0]
    descriptor = redirect.child_by_field_name("descriptor")
    if descriptor is not None and descriptor.text != b"1":
        return None
    if not any(c.type in _OVERWRITES for c in redirect.children):
        return None
    if redirect.child_by_field_name("destination") is None:
        return None
    return redirect


def _tee_target(pipeline: Any, decoder: WordDecoder) -> Any:
    """The file of `| tee FILE` (or `| sudo tee FILE`) right after a here-document."""
    commands = [c for c in pipeline.named_children]
    if not commands:
        return None
    first = commands[0]
    if first.type == "redirected_statement":
        first = first.child_by_field_name("body")
    if first is None or first.type != "command":
        return None
    name = _command_name(first, decoder)
    args = list(first.children_by_field_name("argument"))
    if name == "sudo" and args and _text(args[0], decoder) == "tee":
        args = args[1:]
    elif name != "tee":
        return None
    if len(args) != 1 or (_text(args[0], decoder) or "-").startswith("-"):
        return None
    return args[0]


def _text(node: Any, decoder: WordDecoder) -> str | None:
    return decoder.decode([node]).text


def _content(node: Any, how: str, decoder: WordDecoder, env: Env | None) -> ShellWord | None:
    """The text a certain write puts in its file, placed in the script; None
    when it cannot be told (an unquoted expansion that may split)."""
    if how == "heredoc":
        return heredoc_text(node, decoder, env)
    word = decoder.decode([node], env)
    if word.is_splice:
        return None
    if how in ("echo", "echo-n") and any(isinstance(p, LiteralPart) and "\\" in p.text for p in word.parts):
        return None  # `echo` of some shells reads backslashes
    if how in ("line", "echo"):
        end = word.span.end
        word = ShellWord(word.source, word.span, (*word.parts, LiteralPart("\n", ((end, 0, 1),), True, end)))
    return word if _size(word) <= MAX_VALUE_CHARS else None


def _size(word: ShellWord) -> int:
    return sum(len(p.text) for p in word.parts if isinstance(p, LiteralPart))


def heredoc_text(redirect: Any, decoder: WordDecoder, env: Env | None = None) -> ShellWord | None:
    """The text of a here-document as the command reads it on its standard
    input, each character placed in the script; None when it has no end."""
    region = _heredoc_region(redirect, decoder)
    if region is None:
        return None
    body, region_start, region_end, quoted, strip_tabs = region
    source = decoder.source
    b = WordBuilder(source)
    b.globs = False
    pos = region_start
    if not quoted and body is not None:
        for child in body.children:
            kind = _EXPANSIONS.get(child.type)
            if kind is None:
                continue
            span = decoder.span(child)
            if span.start < pos:
                continue  # inside a backtick substitution
            pos = _heredoc_run(b, pos, span.start, region_start, strip_tabs)
            part = UnknownPart(kind, span, True)
            name = variable_name(child)
            value = env.string(name, quoted=True) if env is not None and name else None
            if value is not None:
                b.substitute(value, part)
            else:
                b.unknown(kind, span, True)
            pos = max(pos, span.end)
    return _heredoc_end(b, pos, region_start, region_end, quoted, strip_tabs)


def _heredoc_region(redirect: Any, decoder: WordDecoder) -> tuple[Any, int, int, bool, bool] | None:
    """A here-document's body node, where its text is (in characters), and
    whether its delimiter is quoted and `<<-` drops leading tabs; None when
    it has no end, or a text too long to follow."""
    start_node = redirect.child_by_field_name("delimiter") or next(
        (c for c in redirect.children if c.type == "heredoc_start"), None
    )
    end_node = next((c for c in redirect.children if c.type == "heredoc_end"), None)
    body = next((c for c in redirect.children if c.type == "heredoc_body"), None)
    if start_node is None or end_node is None:
        return None
    strip_tabs = any(c.type == "<<-" for c in redirect.children)
    quoted = any(q in (start_node.text or b"") for q in (b"'", b'"', b"\\"))
    region_end = decoder.span(end_node).start
    region_start = decoder.span(body).start if body is not None else region_end
    if region_end - region_start > MAX_VALUE_CHARS:
        return None
    return body, region_start, region_end, quoted, strip_tabs


def _plain_heredoc(redirect: Any, decoder: WordDecoder) -> tuple[int, int, bool, bool] | None:
    """Where a here-document's text is and how it is read, when reading it
    needs no node (`_plain_heredoc_text`): no expansion in it is read."""
    region = _heredoc_region(redirect, decoder)
    if region is None:
        return None
    body, region_start, region_end, quoted, strip_tabs = region
    if not quoted and body is not None and any(c.type in _EXPANSIONS for c in body.children):
        return None
    return region_start, region_end, quoted, strip_tabs


def _plain_heredoc_text(
    decoder: WordDecoder, region_start: int, region_end: int, quoted: bool, strip_tabs: bool
) -> ShellWord:
    """`heredoc_text` of a here-document `_plain_heredoc` told apart, from its numbers."""
    b = WordBuilder(decoder.source)
    b.globs = False
    return _heredoc_end(b, region_start, region_start, region_end, quoted, strip_tabs)


def _heredoc_end(
    b: WordBuilder, pos: int, region_start: int, region_end: int, quoted: bool, strip_tabs: bool
) -> ShellWord:
    """A here-document's text from `pos` on (past its expansions), and the word."""
    source = b.source
    if quoted:
        _quoted_run(b, pos, region_end, region_start, strip_tabs)
    else:
        _heredoc_run(b, pos, region_end, region_start, strip_tabs)
    b.flush()
    parts = tuple(b.parts) or (LiteralPart("", (), True, region_start),)
    return ShellWord(
        source,
        Span(region_start, region_end),
        parts,
        resolved_parts(b.resolved, Span(region_start, region_end)),
    )


def _past_tabs(text: str, i: int, end: int, region_start: int, strip_tabs: bool) -> int:
    """Past the leading tabs `<<-` drops, when `i` starts a line."""
    if strip_tabs and (i == region_start or text[i - 1] == "\n"):
        while i < end and text[i] == "\t":
            i += 1
    return i


def _quoted_run(b: WordBuilder, start: int, end: int, region_start: int, strip_tabs: bool) -> None:
    """Text of a here-document with a quoted delimiter: as written, less the
    leading tabs of `<<-`."""
    text = b.source.text
    i = start
    while i < end:
        i = _past_tabs(text, i, end, region_start, strip_tabs)
        j = text.find("\n", i, end)
        j = end if j < 0 else j + 1
        b.literal(i, j - i, True)
        i = j


def _heredoc_run(b: WordBuilder, start: int, end: int, region_start: int, strip_tabs: bool) -> int:
    """Text of an unquoted here-document between two expansions, as bash
    reads it: `\\$`, `\\\\`, `` \\` `` escaped, line continuations removed,
    backticks a command substitution; returns where it stopped (past a
    backtick substitution that runs beyond `end`)."""
    text = b.source.text
    i = start
    while i < end:
        i = _past_tabs(text, i, end, region_start, strip_tabs)
        if i >= end:
            break
        c = text[i]
        if c == "\\" and i + 1 < end:
            nxt = text[i + 1]
            if nxt == "\n":
                i += 2
                continue
            if nxt in "$`\\":
                b.atom(i, 2, nxt, True)
                i += 2
                continue
            b.literal(i, 2, True)
            i += 2
            continue
        if c == "`":
            close = _closing_backtick(text, i + 1, len(text))
            b.unknown("substitution", Span(i, close), True)
            i = close
            continue
        j = i + 1
        while j < end and text[j] not in "\\`\n":
            j += 1
        if j < end and text[j] == "\n":
            j += 1
        b.literal(i, j - i, True)
        i = j
    return i


def _closing_backtick(text: str, i: int, end: int) -> int:
    """Just past the backtick that closes a substitution begun before `i`."""
    while i < end:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            return i + 1
        else:
            i += 1
    return end


def without_trailing_newlines(word: ShellWord) -> ShellWord:
    """What `$(…)` makes of a command's output: its final line breaks removed."""
    parts = list(word.parts)
    while parts and isinstance(parts[-1], LiteralPart):
        last = parts[-1]
        assert isinstance(last, LiteralPart)
        kept = len(last.text.rstrip("\n"))
        if kept == len(last.text):
            break
        parts.pop()
        if kept:
            parts.append(_head(last, kept))
            break
    return ShellWord(word.source, word.span, tuple(parts), word.resolved)


def _head(part: LiteralPart, keep: int) -> LiteralPart:
    pieces = []
    left = keep
    for start, slen, dlen in part.pieces:
        if left <= 0:
            break
        if dlen <= left:
            pieces.append((start, slen, dlen))
            left -= dlen
        elif slen == dlen:
            pieces.append((start, left, left))
            left = 0
        else:
            pieces.append((start, slen, left))
            left = 0
    return LiteralPart(part.text[:keep], tuple(pieces), part.quoted, part.anchor)
