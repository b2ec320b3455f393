"""Calls that reach the AWS CLI through a wrapper of the script's own.

Build scripts often name the CLI once and call it through that name:

- a function whose body runs `aws … "$@"` (`AWS() { aws --region "$R" "$@"; }`,
  `function aws_do { aws "$@"; rc=$?; … }`, `f() ( command aws "$@" )`), then
  `AWS ec2 register-image …`. The function's words between `aws` and `"$@"`
  (or `$*`) come before the call's own words, so its global options
  (`--region`, `--output text`) are the call's. After `"$@"`, global options
  with their value are the call's too (the CLI takes them anywhere). Any
  other option it writes, before or after `"$@"`, and any word after it, may
  be an option of the operation: the request is then open-ended (no option
  is reported missing). If the body captures, pipes or redirects the CLI's
  output (`out=$(aws "$@")`, `aws "$@" | jq …`), `X=$(wrapper …)` does not
  receive register-image's output (no AMI408). A function that runs
  `aws` without `"$@"`/`$*` is not a wrapper, nor one whose words before
  `"$@"` already name `register-image`. A wrapper may call another one
  (`a() { b "$@"; }`), up to `MAX_DEPTH` functions deep.
- a variable holding the command, whose name says so: it contains `aws`
  in any case (`$AWSCLI`, `"$aws"`, `${AWS_CMD}`, `"${aws_cmd[@]}"`) and the
  words after it are `[global options] ec2 register-image`. When
  `ami_lint.shell.variables` knows its value, the call is read as if that
  value were written out (`AWSCLI=/usr/local/bin/aws`; an array's global
  options count), and a value other than `aws` or `…/aws` is no call.
  Unknown, a quoted scalar (`"$aws"`) is the CLI itself; unquoted or an
  array, it may hold global options too (an `--output`): the request is
  open-ended. A variable whose name does not say aws (`$CLI`) is not taken
  for the CLI: bash may run anything through it, and what such a command
  assigns is unknown, so its value is forgotten right there.

A function is looked up only as the command itself: `sudo`, `env`,
`timeout` … run programs, not the script's functions. A function named
`aws` (`aws() { command aws --region x "$@"; }`) is a wrapper too: a plain
`aws ec2 register-image …` runs it, `/usr/bin/aws …` does not.

Which definition a call runs: bash looks a function up when the call runs.
A call written outside every function runs in text order, so it takes the
last definition written before it; a call inside a function's body runs when
that function is called, usually once the script has defined all of its
functions, so it takes the last definition in the file.

Findings never point into a wrapper's definition: they would repeat at every
call, and the definition is no request. The words borrowed from it are
listed in `Invocation.borrowed` and findings there are dropped.

The work is linear: the function definitions are indexed in one walk of the
tree (only for a script where some command looks like a call through a
wrapper), each definition is read once, and each call costs a dictionary
look-up and a bisection.
"""

from __future__ import annotations

from _bisect import bisect_left

from ami_lint.records import Record, record, replace
from ami_lint.shell.commands import (
    GLOBAL_VALUE_OPTIONS,
    WRAPPERS,
    GlobalOption,
    Invocation,
    WordList,
    Words,
    global_option,
    invocation_of,
    logical_commands,
    redirects_stdout,
    skip_wrappers,
)
from ami_lint.shell.walk import preorder
from ami_lint.shell.words import LiteralPart, ShellWord, WordDecoder
from ami_lint.source import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from typing import Any

# How many functions deep a wrapper may call another one (`a` -> `b` -> `aws`).
MAX_DEPTH = 3
_ARGUMENTS = frozenset({"$@", "${@}", "$*", "${*}"})
_NEEDLE = b"register-image"


@record(frozen=True)
class Wrapper(metaclass=Record):
    """What a wrapper function puts around the words it is called with."""

    aws: ShellWord  # the `aws` word in the definition
    before: tuple[ShellWord, ...]  # its words between `aws` and `"$@"`
    after: tuple[GlobalOption, ...]  # global options after `"$@"`
    open_ended: bool  # other words after `"$@"`: perhaps options of the operation
    spans: tuple[Span, ...]  # the wrapping commands as written, for every level
    hides_output: bool  # the CLI's output does not go straight to the function's


class Wrappers:
    """The wrappers of one parsed script, found when first asked for."""

    def __init__(self, root: Any, decoder: WordDecoder) -> None:
        self._root = root
        self._decoder = decoder
        # Each name's definitions in text order, and where each starts.
        self._definitions: dict[str, tuple[list[int], list[Any]]] | None = None
        self._outermost: list[tuple[int, int]] = []
        # What each definition is, read once (per depth of the call chain).
        self._read: dict[tuple[int, int], Wrapper | None] = {}
        # Whether the script may define a function named `aws` (a cheap test
        # of the text; the syntax tree decides).
        data = decoder.offsets.data
        # `bytes.find`, not `in`: on 3.11, `in` formats a TypeError first (issue 20).
        self._shadowed = (
            data.find(b"aws()") >= 0 or data.find(b"aws ()") >= 0 or data.find(b"function aws") >= 0
        )

    def invocation(self, node: Any, span: Span, words: WordList, tail: bool = True) -> Invocation | None:
        """The call `words` make, directly or through a wrapper, or None.
        Without `tail`, the words after the operation may be left out
        (`commands.invocation_of`)."""
        found = invocation_of(span, words, self._decoder, tail=tail)
        if found is not None:
            if self._shadowed and words[0].text == "aws":
                # `aws() { command aws --region x "$@"; }`: `aws` is that function.
                return self._through("aws", node, span, words) or found
            return found
        data = self._decoder.offsets.data
        if data.find(_NEEDLE, node.start_byte, node.end_byte) < 0:
            return None  # the cheap test first: most commands are not calls
        at = skip_wrappers(words, _may_run)
        if at is None:
            return None
        found = invocation_of(span, words, self._decoder, at, tail)
        if found is None:  # not `X [global options] ec2 register-image`
            return None
        word = words[at]
        name = word.text
        if name is None:
            variable = _variable(word)
            if variable is None or "aws" not in variable.lower():
                return None
            return replace(found, has_splice=found.has_splice or word.is_splice)
        if at:
            return None  # `sudo`, `env`, `command` … run programs, not the script's functions
        return self._through(name, node, span, words)

    def _through(self, name: str, node: Any, span: Span, words: WordList) -> Invocation | None:
        """The call `words` make when their first word is the function `name`."""
        wrapper = self._wrapper(name, node.start_byte, self._in_function(node.start_byte), 1)
        if wrapper is None:
            return None
        joined = [wrapper.aws, *wrapper.before] + [words[k] for k in range(1, len(words))]
        found = invocation_of(span, joined, self._decoder, 0)
        if found is None:
            return None
        return replace(
            found,
            global_options=found.global_options + wrapper.after,
            has_splice=found.has_splice or wrapper.open_ended,
            borrowed=wrapper.spans,
            hides_output=wrapper.hides_output,
        )

    # -- the function definitions -------------------------------------------

    def _index(self) -> dict[str, tuple[list[int], list[Any]]]:
        """Every function definition by name, in text order (one walk)."""
        if self._definitions is not None:
            return self._definitions
        definitions: dict[str, tuple[list[int], list[Any]]] = {}
        # A cursor's walk, in text order: no copy of the tree is kept.
        found = [node for node, _ in preorder(self._root) if node.type == "function_definition"]
        found.sort(key=lambda n: n.start_byte)
        end = -1
        for node in found:
            name = node.child_by_field_name("name")
            if name is not None and name.text:
                starts, nodes = definitions.setdefault(name.text.decode("utf-8", "replace"), ([], []))
                starts.append(node.start_byte)
                nodes.append(node)
            if node.start_byte >= end:  # not inside the one before
                self._outermost.append((node.start_byte, node.end_byte))
                end = node.end_byte
        self._definitions = definitions
        return definitions

    def _in_function(self, at: int) -> bool:
        self._index()
        i = bisect_left(self._outermost, (at + 1,)) - 1
        return i >= 0 and self._outermost[i][0] < at < self._outermost[i][1]

    def _wrapper(self, name: str, at: int, in_function: bool, depth: int) -> Wrapper | None:
        """The wrapper a call of `name` at byte `at` runs, if that function is one."""
        entry = self._index().get(name)
        if entry is None:
            return None
        starts, definitions = entry
        i = len(definitions) if in_function else bisect_left(starts, at)
        if i == 0:
            return None  # bash would not know the function yet
        definition = definitions[i - 1]
        key = (definition.id, depth)
        if key not in self._read:
            # A cycle (`a` calls `b` calls `a`) ends at MAX_DEPTH.
            self._read[key] = self._read_definition(definition, depth)
        return self._read[key]

    def _read_definition(self, definition: Any, depth: int) -> Wrapper | None:
        """The wrapper a definition is: its first command that runs `aws`, or
        another wrapper, with `"$@"`."""
        body = definition.child_by_field_name("body")
        stack = [body] if body is not None else []
        while stack:
            node = stack.pop()
            if node.type == "function_definition":
                continue  # defined, not run, by this function
            if node.type == "command":
                for span, groups in logical_commands(node, self._decoder):
                    wrapper = self._wrapping(span, Words(groups, self._decoder), depth)
                    if wrapper is not None:
                        hides = wrapper.hides_output or not _output_reaches(node, body)
                        return replace(wrapper, hides_output=hides)
            stack.extend(reversed(node.children))
        return None

    def _wrapping(self, span: Span, words: Words, depth: int) -> Wrapper | None:
        """The wrapper one command of a function's body makes, if it runs
        `aws` (or a wrapper) with the function's arguments."""
        at = skip_wrappers(words)
        inner: Wrapper | None = None
        if at is None:
            if depth >= MAX_DEPTH:
                return None
            at = 0  # another function: run as the command itself, not behind `sudo`
            name = words[0].text if len(words) else None
            if name is None or not _may_run(words[0]):
                return None
            inner = self._wrapper(name, 0, True, depth + 1)
            if inner is None:
                return None
        rest = [words[k] for k in range(at + 1, len(words))]
        arguments = next((k for k, w in enumerate(rest) if _is_arguments(w)), None)
        if arguments is None:
            return None
        if any(w.text == "register-image" for w in rest[:arguments]):
            return None  # a wrapper of the operation itself: its own request
        before, unsure = _globals_before(rest[:arguments])
        after, open_ended = _globals_after(rest[arguments + 1 :])
        open_ended = open_ended or unsure
        if inner is None:
            return Wrapper(words[at], before, after, open_ended, (span,), False)
        return Wrapper(
            inner.aws,
            inner.before + before,
            after + inner.after,
            open_ended or inner.open_ended,
            (*inner.spans, span),
            inner.hides_output,
        )


# Statements whose output is that of the commands they hold.
_PASSING = frozenset(
    {
        "list",
        "subshell",
        "compound_statement",
        "if_statement",
        "elif_clause",
        "else_clause",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "do_group",
        "case_statement",
        "case_item",
        "negated_command",
    }
)


def _output_reaches(command: Any, body: Any) -> bool:
    """Whether a command's standard output is the function's: not captured
    (`out=$(aws "$@")`), piped on (`| jq`) or redirected (`> log`)."""
    child, parent = command, command.parent
    while parent is not None and child != body:
        if parent.type == "pipeline":
            passes = parent.named_children[-1] == child
        elif parent.type == "redirected_statement":
            passes = not any(redirects_stdout(r) for r in parent.children if r != child)
        else:
            passes = parent.type in _PASSING
        if not passes:
            return False
        child, parent = parent, parent.parent
    return True


def _may_run(word: ShellWord) -> bool:
    """Whether a word may name the command being run: a function's name or a
    variable (not a number, such as the duration of `timeout 60 cmd`, nor one of
    the commands `skip_wrappers` looks behind: `sudo`, `env`, …)."""
    text = word.text
    if text is None:
        return True
    return bool(text) and (text[0].isalpha() or text[0] == "_") and text not in WRAPPERS


def _is_arguments(word: ShellWord) -> bool:
    """`"$@"`, `$*` and the like: the function's own arguments."""
    unknowns = word.unknowns
    if len(unknowns) != 1 or any(isinstance(p, LiteralPart) and p.text for p in word.parts):
        return False
    return word.source.slice(unknowns[0].span) in _ARGUMENTS


def _variable(word: ShellWord) -> str | None:
    """The name of the variable a word is and nothing else: `$X`, `"${X}"`, `"${X[@]}"`."""
    unknowns = word.unknowns
    if len(unknowns) != 1 or unknowns[0].kind != "variable":
        return None
    if any(isinstance(p, LiteralPart) and p.text for p in word.parts):
        return None
    raw = word.source.slice(unknowns[0].span).removeprefix("$").removeprefix("{")
    end = 0
    while end < len(raw) and (raw[end] == "_" or (raw[end].isascii() and raw[end].isalnum())):
        end += 1
    return raw[:end] or None


def _globals_before(words: list[ShellWord]) -> tuple[tuple[ShellWord, ...], bool]:
    """The words a wrapper writes between `aws` and `"$@"` that the call
    keeps: global options with their values, splices (`$AWS_OPTS`) and
    service names; and whether it wrote another option there (or a word
    that cannot be read), which may be one of the operation's: left out,
    and the request is open-ended."""
    kept: list[ShellWord] = []
    unsure = False
    i = 0
    while i < len(words):
        word = words[i]
        text = word.text
        option = global_option(text) if text is not None else None
        if option is not None:
            kept.append(word)
            if option in GLOBAL_VALUE_OPTIONS and "=" not in text and i + 1 < len(words):  # type: ignore[operator]
                kept.append(words[i + 1])
                i += 1
        elif (text is None and not word.is_splice) or (text is not None and text.startswith("-")):
            unsure = True
        else:
            kept.append(word)
        i += 1
    return tuple(kept), unsure


def _globals_after(words: list[ShellWord]) -> tuple[tuple[GlobalOption, ...], bool]:
    """The global options a wrapper writes after `"$@"`, and whether any other
    word stands there (then the request is open-ended)."""
    found: list[GlobalOption] = []
    i = 0
    while i < len(words):
        word = words[i]
        option = global_option(word.text) if word.text is not None else None
        if option is None:
            return tuple(found), True
        value = None
        if option in GLOBAL_VALUE_OPTIONS and "=" not in (word.text or ""):
            # An unquoted unknown value may be no word at all, or several.
            if i + 1 == len(words) or words[i + 1].is_splice:
                return tuple(found), True
            value = words[i + 1]
            i += 1
        found.append(GlobalOption(option, word, value))
        i += 1
    return tuple(found), False
