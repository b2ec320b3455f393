"""The scripts of a CI file (`ami_lint.frontends.workflows`), each made a
shell `Source` embedded in the file: which keys hold scripts in each CI
system, the environment they get, the expressions the CI system fills in,
and the offset map from the script the shell reads to the YAML as written."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ami_lint.frontend import (
    NOT_CHECKED,
    SKIP_NO_CALL,
    SKIP_NO_CALL_FOUND,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Resolver,
    chained,
    lifted,
    mentions,
)
from ami_lint.frontends.ci_paths import ACTION, CIRCLECI, GITHUB, GITLAB
from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.nodes import Mapping, Node, Scalar


_CALL = "register-image"
# The shells whose scripts are read; any other runs something else.
POSIX_SHELLS = frozenset({"bash", "sh", "dash", "ksh", "mksh", "ash", "zsh"})
# What each CI system substitutes into the script text before the shell sees it.
_EXPRESSIONS = {
    GITHUB: re.compile(r"\$\{\{.*?\}\}", re.DOTALL),
    ACTION: re.compile(r"\$\{\{.*?\}\}", re.DOTALL),
    GITLAB: re.compile(r"\$\[\[.*?\]\]", re.DOTALL),
    CIRCLECI: re.compile(r"<<\s*(?:parameters|pipeline)\.[^<>\n]*?>>"),
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NOT_IDENT = re.compile(r"[^A-Za-z0-9_]")
# Lines dropped, one at a time, before a syntax error, to find text that parses.
_BACKTRACK = 8
# GitLab nests script lists (aliases of lists) this deep, and flattens them.
_MAX_NESTING = 10


def extract(source: Source, kind: str, resolver: Resolver, lenient: bool) -> Extraction:
    """The requests of the scripts of a CI file of `kind` (`GITHUB`, …)."""
    notes: list[str] = []
    documents, cut = _documents(source, notes)
    scripts: list[Script] = []
    for document in documents:
        scripts.extend(_SCRIPTS[kind](document))
    whole = Extraction(notes=notes)
    parts: list[tuple[Source, Extraction]] = []
    seen: set[tuple[int, ...]] = set()
    mentioned = False
    linted: list[Script] = []
    for script in scripts:
        key = tuple(id(node) for node in script.nodes)
        if key in seen or not any(mentions(str(node.value), _CALL) for node in script.nodes):
            continue
        seen.add(key)
        if cut is not None and cut.may_cut(source, script.nodes[-1]):
            continue  # it may be cut short by the syntax error
        mentioned = True
        linted.append(script)
        if not script.posix:
            at = source.position(script.where.start)
            notes.append(
                f"the script at {at.line}:{at.column} runs in `{script.shell}`, not checked "
                "(only POSIX shells are linted)"
            )
            continue
        piece = _piece(source, script, _EXPRESSIONS[kind])
        part = _shell_extract(piece, resolver, lenient)
        whole.findings += part.findings
        whole.comments += lifted(part.comments, piece)
        if part.skipped is None:
            parts.append((piece, part))
    if SUPPRESSION_MARKER in source.text:
        whole.comments += _yaml_directives(source, linted)
    if not parts:
        # Nothing to check: why, for `--verbose` (or on stderr for a file named).
        if notes:
            whole.skipped = NOT_CHECKED + "; ".join(notes)
        else:
            whole.skipped = SKIP_NO_CALL_FOUND if mentioned else SKIP_NO_CALL
        return whole
    whole.requests = chained((part for _, part in parts), whole.notes)
    return whole


def _shell_extract(piece: Source, resolver: Resolver, lenient: bool) -> Extraction:
    from ami_lint.frontends.shell import SHELL

    return SHELL.extract(piece, resolver, lenient)


def _yaml_directives(source: Source, scripts: list[Script]) -> list[Comment]:
    """The YAML comments that may hold directives: one just above a step, a
    job or its `run:`/`script:` key (or after code on that line) covers all
    of the script, not only that line."""
    from ami_lint.readers.yaml_comments import yaml_comments

    covers: dict[int, int] = {}
    for script in scripts:
        end = script.nodes[-1].span.end
        for head in script.heads:
            start = source.offset_of_line(source.position(head).line)
            covers[start] = max(covers.get(start, end), end)
    out = []
    for comment in yaml_comments(source):
        scope = comment.scopes[0] if comment.scopes else None
        if scope is not None and scope.start in covers:
            comment = Comment(
                comment.span, comment.own_line, (Span(scope.start, max(scope.end, covers[scope.start])),)
            )
        out.append(comment)
    return out


# -- reading the file ----------------------------------------------------------


def _documents(source: Source, notes: list[str]) -> tuple[list[Node], _Cut | None]:
    """The documents of the file; past a syntax error, those of the text before
    the error's line, and the offset where that text ends (None when whole)."""
    from ami_lint.readers.yaml_reader import read_yaml

    result = read_yaml(source)
    if not result.failed:
        return result.documents, None
    # The error that stopped the parser is the last finding.
    error = result.findings[-1] if result.findings else None
    at = error.span.start if error is not None else 0
    where = source.position(at)
    message = error.message if error is not None else "syntax error"
    documents: list[Node] = []
    line = where.line
    # The text before the error's line, else a line or a few less (an unclosed
    # `[` further up): the same offsets as the whole text, so nodes read from
    # it place the scripts in it.
    for line in range(where.line, max(1, where.line - _BACKTRACK), -1):
        before = read_yaml(Source(source.text[: source.offset_of_line(line)], source.path))
        if not before.failed:
            documents = before.documents
            break
    line_start = source.offset_of_line(line)
    checked = ": checked up to it" if documents else ""
    notes.append(f"YAML syntax error at {where.line}:{where.column} ({message}){checked}")
    # A script that reaches the text left out may go on there: when the next
    # line is indented more than the line the script starts on.
    rest = source.text[line_start:].lstrip("\r\n")
    indent = len(rest) - len(rest.lstrip(" "))
    return documents, _Cut(len(source.text[:line_start].rstrip()), indent)


@record(frozen=True)
class _Cut(metaclass=Record):
    """Where the text read before a syntax error ends, and the indentation of
    the first line left out."""

    end: int
    indent: int

    def may_cut(self, source: Source, node: Scalar) -> bool:
        if node.span.end < self.end:
            return False
        start = source.position(node.span.start)
        line = source.line_text(start.line)
        return self.indent > len(line) - len(line.lstrip(" "))


# -- the scripts of each kind of file --------------------------------------------


@record(eq=False)
class Script(metaclass=Record):
    """One shell script of a workflow: the scalars it is made of, in order
    (a GitLab job's `before_script` and `script` lines run in one shell), the
    environment given to it as (name, value) scalars, earlier ones overridden
    by later ones, and the shell that runs it."""

    nodes: tuple[Scalar, ...]
    env: list[tuple[Scalar, Scalar]] = field(default_factory=list)
    shell: str = "bash"
    # Where the script is, for a note.
    where: Span = Span(0, 0)
    # Where the step or job holding it starts, and its key: a YAML directive
    # on the line above (or after code on) one of these lines covers the script.
    heads: tuple[int, ...] = ()
    # Variables a CI system expands in `env` values (GitLab): a value with `$` is unknown.
    expands: bool = False

    @property
    def posix(self) -> bool:
        return _shell_name(self.shell) in POSIX_SHELLS


def _shell_name(shell: str) -> str:
    """`bash` of `bash --noprofile --norc -eo pipefail {0}` or `/bin/bash -eo pipefail`."""
    if "${{" in shell:
        return "bash"  # chosen at run time: most often bash
    words = shell.split()
    if not words:
        return "bash"
    name = words[0].rsplit("/", 1)[-1]
    if name == "env" and len(words) > 1:
        name = words[1].rsplit("/", 1)[-1]
    return name


def _mapping(node: Node | None) -> Mapping | None:
    from ami_lint.nodes import Mapping

    return node if isinstance(node, Mapping) else None


def _string(node: Node | None) -> Scalar | None:
    from ami_lint.nodes import Scalar

    return node if isinstance(node, Scalar) and isinstance(node.value, str) else None


def _items(node: Node | None) -> Iterator[Node]:
    from ami_lint.nodes import Sequence

    if isinstance(node, Sequence):
        yield from node.items


def _env(node: Node | None, expands: bool = False) -> list[tuple[Scalar, Scalar]]:
    """The literal entries of an `env:` mapping (GitHub), `variables:` (GitLab,
    where a `{value: …}` entry with `description` is asked for at run time) or
    `environment:` (CircleCI, also a list of `NAME=value`)."""
    from ami_lint.nodes import Scalar

    out: list[tuple[Scalar, Scalar]] = []
    mapping = _mapping(node)
    if mapping is None:
        return out
    for entry in mapping.entries:
        value: Node | None = entry.value
        inner = _mapping(value)
        if inner is not None:  # GitLab: `NAME: {value: x, description: …}`
            if "description" in inner or "options" in inner:
                continue
            value = inner.get("value")
        if isinstance(value, Scalar) and _NAME.match(entry.name):
            out.append((entry.key, value))
    return out


def _scalar_text(value: Scalar) -> str | None:
    """What the environment variable holds: the string, or a plain `true`,
    `8` as written; None when not knowable (an expression, a float, null)."""
    if isinstance(value.value, str):
        if "${{" in value.value or "<<" in value.value:
            return None
        return value.value
    if isinstance(value.value, bool):
        return "true" if value.value else "false"
    if isinstance(value.value, int):
        return str(value.value)
    return None


def _defaults_shell(node: Node | None) -> str | None:
    mapping = _mapping(node)
    if mapping is None:
        return None
    defaults = _mapping(mapping.get("defaults"))
    run = _mapping(defaults.get("run")) if defaults is not None else None
    shell = _string(run.get("shell")) if run is not None else None
    return str(shell.value) if shell is not None else None


def _github_env_names(steps: list[Node]) -> set[str]:
    """Names a job's scripts write to `$GITHUB_ENV`: their `env:` value may
    not be what the step sees, so it stays unknown."""
    names: set[str] = set()
    for step in steps:
        mapping = _mapping(step)
        run = _string(mapping.get("run")) if mapping is not None else None
        if run is not None and "GITHUB_ENV" in str(run.value):
            names.update(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:=|<<)", str(run.value)))
    return names


def _github_steps(
    steps: list[Node], env: list[tuple[Scalar, Scalar]], shell: str | None, windows: bool
) -> Iterator[Script]:
    written = _github_env_names(steps)
    for step in steps:
        mapping = _mapping(step)
        if mapping is None:
            continue
        run = _string(mapping.get("run"))
        if run is None:
            continue
        own = _string(mapping.get("shell"))
        chosen = own.value if own is not None else shell
        if chosen is None:
            chosen = "pwsh" if windows else "bash"
        step_env = [*env, *_env(mapping.get("env"))]
        step_env = [(k, v) for k, v in step_env if k.value not in written]
        entry = mapping.entry("run")
        where = entry.key.span if entry is not None else run.span
        yield Script((run,), step_env, str(chosen), where, (mapping.span.start, where.start))


def _github(document: Node) -> Iterator[Script]:
    root = _mapping(document)
    if root is None:
        return
    env = _env(root.get("env"))
    shell = _defaults_shell(root)
    jobs = _mapping(root.get("jobs"))
    if jobs is None:
        return
    for job_entry in jobs.entries:
        job = _mapping(job_entry.value)
        if job is None:
            continue
        runs_on = job.get("runs-on")
        windows = runs_on is not None and "windows" in runs_on.text().lower()
        job_shell = _defaults_shell(job) or shell
        job_env = [*env, *_env(job.get("env"))]
        yield from _github_steps(list(_items(job.get("steps"))), job_env, job_shell, windows)


def _action(document: Node) -> Iterator[Script]:
    root = _mapping(document)
    runs = _mapping(root.get("runs")) if root is not None else None
    if runs is None:
        return
    using = _string(runs.get("using"))
    if using is None or using.value != "composite":
        return
    # Every `run` step of a composite action names its shell.
    yield from _github_steps(list(_items(runs.get("steps"))), [], None, False)


_GITLAB_KEYWORDS = frozenset(
    {"variables", "stages", "include", "workflow", "spec", "image", "services", "cache"}
)


def _gitlab_lines(node: Node | None, text: str, depth: int = 0) -> Iterator[Scalar]:
    """The lines of a `script:` (a string, or a list of strings and of lists,
    flattened); a `!reference [...]` is only known to GitLab."""
    from ami_lint.nodes import Sequence

    single = _string(node)
    if single is not None:
        yield single
        return
    if not isinstance(node, Sequence) or depth > _MAX_NESTING:
        return
    if text[: node.span.start].rstrip().endswith("!reference"):
        return
    for item in node.items:
        yield from _gitlab_lines(item, text, depth + 1)


def _gitlab(document: Node) -> Iterator[Script]:
    root = _mapping(document)
    if root is None:
        return
    text = root.source.text
    env = _env(root.get("variables"), expands=True)
    default = _mapping(root.get("default"))
    default_before = default.get("before_script") if default is not None else None
    default_after = default.get("after_script") if default is not None else None
    for entry in root.entries:
        job = _mapping(entry.value)
        if job is None or entry.name in _GITLAB_KEYWORDS:
            continue
        job_env = [*env, *_env(job.get("variables"), expands=True)]
        before = job.get("before_script") if "before_script" in job else default_before
        after = job.get("after_script") if "after_script" in job else default_after
        if entry.name == "default":
            before, after = job.get("before_script"), job.get("after_script")
        # `before_script` and `script` run in one shell, `after_script` in another.
        for group in ((before, job.get("script")), (after,)):
            lines = tuple(line for node in group for line in _gitlab_lines(node, text))
            if lines:
                keys = (job.entry(key) for key in ("before_script", "script", "after_script"))
                heads = (entry.key.span.start, *(k.key.span.start for k in keys if k is not None))
                yield Script(lines, job_env, "bash", lines[0].span, heads, expands=True)


def _circleci_steps(steps: Node | None, env: list[tuple[Scalar, Scalar]]) -> Iterator[Script]:
    for step in _items(steps):
        mapping = _mapping(step)
        if mapping is None:
            continue
        entry = mapping.entry("run")
        if entry is None:
            continue
        command = _string(entry.value)
        shell = "bash"
        step_env = env
        run = _mapping(entry.value)
        if run is not None:
            command = _string(run.get("command"))
            chosen = _string(run.get("shell"))
            shell = str(chosen.value) if chosen is not None else shell
            step_env = [*env, *_env(run.get("environment"))]
        if command is not None:
            yield Script(
                (command,), step_env, shell, entry.key.span, (mapping.span.start, entry.key.span.start)
            )


def _circleci(document: Node) -> Iterator[Script]:
    root = _mapping(document)
    if root is None:
        return
    for section in ("jobs", "commands"):
        jobs = _mapping(root.get(section))
        if jobs is None:
            continue
        for job_entry in jobs.entries:
            job = _mapping(job_entry.value)
            if job is not None:
                yield from _circleci_steps(job.get("steps"), _env(job.get("environment")))


_SCRIPTS = {GITHUB: _github, ACTION: _action, GITLAB: _gitlab, CIRCLECI: _circleci}


# -- the embedded script -----------------------------------------------------------


class _Fixed:
    """Every offset of a fragment maps to one span of the host."""

    __slots__ = ("at",)

    def __init__(self, at: Span) -> None:
        self.at = at

    def span(self, start: int, end: int) -> Span:
        return self.at


class _InValue:
    """A fragment copied from a scalar's value from `shift` on: mapped by the
    scalar's own map (`Scalar.inner_span`)."""

    __slots__ = ("scalar", "shift")

    def __init__(self, scalar: Scalar, shift: int) -> None:
        self.scalar = scalar
        self.shift = shift

    def span(self, start: int, end: int) -> Span:
        return self.scalar.inner_span(start + self.shift, end + self.shift)


class PieceMap:
    """From the offsets of the script given to the shell to the workflow's:
    fragments in order, each with its own map."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.lengths: list[int] = []
        self.maps: list[_Fixed | _InValue] = []
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str, mapper: _Fixed | _InValue) -> None:
        if not text:
            return
        self.starts.append(self.length)
        self.lengths.append(len(text))
        self.maps.append(mapper)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def _local(self, offset: int, last: bool) -> tuple[int, int]:
        """The fragment holding `offset` (of the character before it when `last`), and the offset in it."""
        probe = offset - 1 if last and offset > 0 else offset
        k = max(0, bisect_right(self.starts, max(probe, 0)) - 1)
        return k, offset - self.starts[k]

    def span(self, start: int, end: int) -> Span:
        if not self.maps:
            return Span(0, 0)
        k, local = self._local(start, False)
        if end <= start:
            at = self.maps[k].span(local, local)
            return Span(at.start, at.start)
        j, local_end = self._local(end, True)
        if j == k:
            return self.maps[k].span(local, local_end)
        first = self.maps[k].span(local, self.lengths[k])
        last = self.maps[j].span(0, local_end)
        return first.through(last)


def _quote_contexts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """How the shell reads the text at each of `spans` (expressions the CI
    system substitutes): `'` inside single quotes, `$'` inside `$'…'`, else
    `""` (an expansion there is one). A scan of quotes, `$(…)`, comments and
    here-documents, enough to tell these apart."""
    out = ["" for _ in spans]
    at = {start: (n, end) for n, (start, end) in enumerate(spans)}
    stack = ["N"]
    pending: list[tuple[str, bool]] = []  # here-documents: delimiter, strip tabs
    i, n = 0, len(text)
    while i < n:
        if i in at:
            index, end = at[i]
            top = stack[-1]
            out[index] = "'" if top == "S" else "$'" if top == "A" else ""
            i = end
            continue
        c = text[i]
        top = stack[-1]
        if top == "S":
            if c == "'":
                stack.pop()
            i += 1
        elif top == "A":
            if c == "\\":
                i += 2
                continue
            if c == "'":
                stack.pop()
            i += 1
        elif top == "D":
            if c == "\\":
                i += 2
            elif c == '"':
                stack.pop()
                i += 1
            elif text.startswith("$(", i):
                stack.append("P")
                i += 2
            else:
                i += 1
        else:
            if c == "\\":
                i += 2
            elif c == "'":
                stack.append("S")
                i += 1
            elif text.startswith("$'", i):
                stack.append("A")
                i += 2
            elif c == '"':
                stack.append("D")
                i += 1
            elif text.startswith("$(", i) or c == "(":
                stack.append("P")
                i += 2 if c == "$" else 1
            elif c == ")" and top == "P":
                stack.pop()
                i += 1
            elif c == "#" and (i == 0 or text[i - 1] in " \t\n;&|()"):
                eol = text.find("\n", i)
                i = n if eol < 0 else eol
            elif text.startswith("<<", i) and not text.startswith("<<<", i):
                j = i + 2
                strip = text.startswith("-", j)
                j += int(strip)
                while j < n and text[j] in " \t":
                    j += 1
                k = j
                while k < n and text[k] not in " \t\n;&|<>()":
                    k += 1
                word = text[j:k]
                if word:
                    pending.append((word.replace("'", "").replace('"', "").replace("\\", ""), strip))
                i = k if k > i + 2 else i + 2
            elif c == "\n" and pending:
                i += 1
                for delimiter, strip in pending:
                    # The body: expressions there read as in double quotes (or
                    # literally, after a quoted delimiter: either way not single-quoted).
                    while i < n:
                        eol = text.find("\n", i)
                        eol = n if eol < 0 else eol
                        line = text[i:eol]
                        i = eol + 1
                        if (line.lstrip("\t") if strip else line) == delimiter:
                            break
                pending = []
            else:
                i += 1
    return out


def _replacement(written: str, context: str) -> str:
    """A shell expansion standing for an expression: `${…}` of the same
    length, named after it (a name no script assigns), closing and reopening
    the quotes when it stands in single quotes."""
    name = _NOT_IDENT.sub("_", written[2:-1]) or "_"
    if name[0].isdigit():
        name = "_" + name[1:]
    expansion = "${" + name + "}"
    if context == "'":
        return "'\"" + expansion + "\"'"
    if context == "$'":
        return "'\"" + expansion + "\"$'"
    return expansion


def _piece(host: Source, script: Script, expression: re.Pattern[str]) -> Source:
    """The script as the shell runs it, embedded in the workflow: the
    environment's literal entries as assignments first, then each line."""
    pieces = PieceMap()
    for key, value in script.env:
        text = _scalar_text(value)
        if text is None or (script.expands and "$" in text):
            continue
        _assignment(pieces, key, value, text)
    for n, node in enumerate(script.nodes):
        if n:
            end = node.span.start
            pieces.add("\n", _Fixed(Span(end, end)))
        _value_text(pieces, node, str(node.value), expression)
    pieces.add("\n", _Fixed(Span(script.nodes[-1].span.end, script.nodes[-1].span.end)))
    return Source.embedded(pieces.text(), host, pieces, escapes=_escapes(script.nodes))


# What a YAML scalar of each style cannot hold as it is: a fix written into a
# `run:` value leaves these out (`ami_lint.edits`). A block scalar holds any
# character of a line; a plain one is cut short by several.
_ESCAPED_BY_STYLE = {'"': '"\\', "'": "'", "": "\"'#:{}[],&*!|>%@`\\"}


def _escapes(nodes: Iterable[Scalar]) -> str:
    """The characters a fix may not write into these scalars (block, quoted or plain)."""
    out: set[str] = set()
    for node in nodes:
        first = node.text()[:1]
        if first in ("|", ">"):
            continue
        out.update(_ESCAPED_BY_STYLE.get(first, _ESCAPED_BY_STYLE[""]))
    return "".join(sorted(out))


def _assignment(pieces: PieceMap, key: Scalar, value: Scalar, text: str) -> None:
    """`NAME='value'`, each character of the value placed where it was written."""
    pieces.add(f"{key.value}=", _Fixed(key.span))
    start = Span(value.span.start, value.span.start)
    pieces.add("'", _Fixed(start))
    if isinstance(value.value, str):
        at = 0
        for chunk in text.split("'"):
            if at:
                pieces.add("'\\''", _Fixed(value.inner_span(at - 1, at)))
            pieces.add(chunk, _InValue(value, at))
            at += len(chunk) + 1
    else:
        pieces.add(text, _Fixed(value.span))
    end = Span(value.span.end, value.span.end)
    pieces.add("'\n", _Fixed(end))


def _value_text(pieces: PieceMap, node: Scalar, value: str, expression: re.Pattern[str]) -> None:
    """A script's text, its CI expressions replaced by shell expansions."""
    found = [(m.start(), m.end()) for m in expression.finditer(value)]
    contexts = _quote_contexts(value, found) if found else []
    at = 0
    for (start, end), context in zip(found, contexts, strict=True):
        pieces.add(value[at:start], _InValue(node, at))
        pieces.add(_replacement(value[start:end], context), _Fixed(node.inner_span(start, end)))
        at = end
    pieces.add(value[at:], _InValue(node, at))
