"""One measured figure of the benchmarks and its goal (issue 20).

Every part of the benchmark (`bench/run.py` and the modules it runs) reports
what it measured as `Figure`s: `run.py` prints them all in one table with
their goals and exits 0 only when every goal is met. A module that measures
one part on its own can also be run alone; `report` prints its figures the
same way and gives the exit code.

A figure without a goal (`goal=None`) is context: a row of the table (a peer
tool's time, say) that is measured and printed but neither met nor missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """`value` measured against `goal`: at most (`at_most=True`) or at least;
    `goal=None`: context only, always counted as met."""

    name: str
    value: float
    goal: float | None
    unit: str = "x"
    at_most: bool = True
    note: str = ""

    @property
    def met(self) -> bool:
        if self.goal is None:
            return True
        return self.value <= self.goal if self.at_most else self.value >= self.goal

    def row(self) -> str:
        sign = "≤" if self.at_most else "≥"
        value = f"{_number(self.value)}{self.unit}" if self.unit != "x" else f"{self.value:.3f}x"
        if self.goal is None:
            return f"| {self.name} | {value} | (context) | {self.note} |"
        mark = "met" if self.met else "NOT MET"
        goal = f"{_number(self.goal)}{self.unit}" if self.unit != "x" else f"{self.goal:g}x"
        note = f" ({self.note})" if self.note else ""
        return f"| {self.name} | {value} | {sign} {goal} | {mark}{note} |"


def _number(value: float) -> str:
    """Three significant digits, and whole numbers from 1,000 on (not 1.51e+03)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table."""
    head = "| figure | measured | goal | |\n|---|---|---|---|"
    return "\n".join([head, *(f.row() for f in figures)])


def report(figures: Sequence[Figure]) -> int:
    """Print the table of `figures`; the exit code: 0 when every goal is met."""
    print(table(figures))
    return 0 if all(f.met for f in figures) else 1
