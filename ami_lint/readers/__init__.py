"""Readers turn a `Source` into our node tree (or findings about why they cannot)."""

from __future__ import annotations

from _contextvars import ContextVar  # contextvars.ContextVar itself, without the module around it

from ami_lint.diagnostics import Finding
from ami_lint.nodes import Node
from ami_lint.records import field, record


@record
class ReadResult:
    """The documents of a file and the problems met reading it."""

    # Each parsed document; a YAML stream can hold several, JSON holds one.
    documents: list[Node] = field(default_factory=list)
    # Syntax errors, duplicate keys and the like, with the rule id they belong to.
    findings: list[Finding] = field(default_factory=list)
    # True when the text could not be parsed at all (documents may then be empty).
    failed: bool = False


@record(frozen=True)
class ReadLimits:
    """Bounds on what reading one input may cost (`--max-file-size`,
    `--max-depth`, `--max-aliases`, `--max-alias-nodes`): past one, the input
    gets a finding instead of more time, memory or stack."""

    # Bytes of one linted file, stdin or `file://` reference; at most one more is read.
    max_file_size: int = 1024 * 1024
    # Nested JSON arrays/objects, YAML collections and shorthand brackets.
    # None: as deep as the CLI itself reads each (the JSON decoder's recursion
    # limit, about 1000; 487 shorthand brackets) and 400 YAML collections.
    max_depth: int | None = None
    # YAML alias uses, counted as a full expansion would meet them.
    max_aliases: int = 1000
    # Nodes (collections, keys, scalars) YAML aliases stand for, counted as a
    # full expansion creates them: every later stage walks that expansion.
    max_alias_nodes: int = 10_000


DEFAULT_LIMITS = ReadLimits()
_limits: ContextVar[ReadLimits] = ContextVar("ami_lint_read_limits", default=DEFAULT_LIMITS)


def read_limits() -> ReadLimits:
    """The limits in force for the input being read."""
    return _limits.get()


class limits_applied:
    """Read everything inside the block under `limits`. (A class, not
    `contextlib.contextmanager`: contextlib is not imported at start-up.)"""

    __slots__ = ("_limits", "_token")

    def __init__(self, limits: ReadLimits) -> None:
        self._limits = limits

    def __enter__(self) -> None:
        self._token = _limits.set(self._limits)

    def __exit__(self, *exc: object) -> None:
        _limits.reset(self._token)
