"""Which rules run: `--select` and `--ignore` by id, prefix or name."""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.records import Record, record
from ami_lint.registry import Registry
from ami_lint.rule import Rule


class SelectionError(ValueError):
    pass


@record(frozen=True)
class Selection(metaclass=Record):
    """The rule ids or prefixes selected and ignored."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def validate(self, registry: Registry) -> None:
        for code in (*self.select, *self.ignore):
            if code.upper() == "ALL":
                continue
            if not any(_matches(rule, code) for rule in registry):
                raise SelectionError(f"unknown rule or prefix {code!r} (see `ami-lint --list-rules`)")

    def enabled(self, registry: Registry) -> list[Rule]:
        chosen = []
        for rule in registry:
            if self.select:
                # A rule that is off by default runs only when selected by its
                # own id or name, not through a prefix (as with ruff).
                explicit = any(c.upper() == rule.id or c == rule.name for c in self.select)
                on = explicit or (rule.default_enabled and any(_matches(rule, c) for c in self.select))
            else:
                on = rule.default_enabled
            if on and not any(_matches(rule, c) for c in self.ignore):
                chosen.append(rule)
        return chosen


def _matches(rule: Rule, code: str) -> bool:
    code = code.strip()
    return code.upper() == "ALL" or rule.id.startswith(code.upper()) or code == rule.name


def parse_codes(values: Iterable[str] | None) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values or ():
        codes.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(codes)
