"""Fixes made again from plain values (`ami_lint.edits.fix_of`): the parent
of `--jobs` makes each fix a worker sends with it (issue 20)."""

from __future__ import annotations

import pickle

import pytest

from ami_lint.edits import OWN_SYNTAX, SAFE, UNSAFE, Edit, Fix, Meaning, fix_of
from ami_lint.records import FrozenInstanceError
from ami_lint.source import Span


@pytest.mark.parametrize("safety", [SAFE, UNSAFE])
def test_fix_of_is_the_fix_its_class_makes(safety: str) -> None:
    parts = [(3, 5, "x86_64", Meaning("text", "", "x86_64", None), True), (9, 9, "hvm", OWN_SYNTAX, False)]
    made = fix_of("Write `x86_64`", parts, safety)
    edits = tuple(Edit(Span(s, e), text, meaning, written) for s, e, text, meaning, written in parts)
    called = Fix("Write `x86_64`", edits, safety)
    assert type(made) is Fix and made == called and hash(made) == hash(called)
    assert repr(made) == repr(called) and all(type(e) is Edit for e in made.edits)
    assert made.safe == (safety == SAFE) and made.span == called.span
    assert pickle.loads(pickle.dumps(made)) == called
    with pytest.raises(FrozenInstanceError):
        made.title = "y"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        made.edits[0].replacement = "y"  # type: ignore[misc]
