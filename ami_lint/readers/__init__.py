"""Readers turn a `Source` into our node tree (or findings about why they cannot)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ami_lint.diagnostics import Finding
from ami_lint.nodes import Node


@dataclass
class ReadResult:
    # Each parsed document; a YAML stream can hold several, JSON holds one.
    documents: list[Node] = field(default_factory=list)
    # Syntax errors, duplicate keys and the like, with the rule id they belong to.
    findings: list[Finding] = field(default_factory=list)
    # True when the text could not be parsed at all (documents may then be empty).
    failed: bool = False
