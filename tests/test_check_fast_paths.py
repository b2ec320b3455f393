"""The checking part's shortcuts (issue 20), each against the general path it stands for."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from ami_lint.diagnostics import Finding
from ami_lint.edits import Edit, Fix
from ami_lint.engine import _about_request
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.records import fields, replace
from ami_lint.shell.words import LiteralPart, ShellWord, UnknownPart
from ami_lint.source import Source, Span
from rules.brace_expansion import _brace_groups, _plainly_without_group

_SOURCE = Source.from_text("aws ec2 register-image --name x\n", "a.sh")


@given(
    rule=st.text(max_size=8),
    message=st.text(max_size=20),
    hint=st.none() | st.text(max_size=20),
    was=st.none() | st.text(max_size=8),
    whole=st.text(max_size=12),
    start=st.integers(0, 5),
    length=st.integers(0, 5),
    fixed=st.booleans(),
)
def test_a_finding_about_the_request_is_replace_of_it(
    rule: str,
    message: str,
    hint: str | None,
    was: str | None,
    whole: str,
    start: int,
    length: int,
    fixed: bool,
) -> None:
    span = Span(start, start + length)
    fix = Fix("Do it", (Edit(span, "x"),)) if fixed else None
    f = Finding(rule, _SOURCE, span, message, hint, request=was, fix=fix)
    made, general = _about_request(f, whole), replace(f, request=whole)
    # Every field, so that a field added to `Finding` and not to the shortcut fails here.
    assert [getattr(made, name) for name in fields(Finding)] == [
        getattr(general, name) for name in fields(Finding)
    ]
    assert made == general


def test_what_a_request_derives_is_kept_and_a_copy_starts_afresh() -> None:
    calls: list[Request] = []

    def count(request: Request) -> int:
        calls.append(request)
        return len(calls)

    request = Request(Mapping(_SOURCE, Span(0, 0)))
    assert request.derive(count) == 1
    assert request.derive(count) == 1  # remembered
    copy = replace(request, open_ended=True)
    assert copy.derive(count) == 2  # a copy is another request: computed for it
    assert request.derive(count) == 1
    assert pickle.loads(pickle.dumps(request))._derived == {}
    assert "_derived" not in repr(request)


@given(
    text=st.text(alphabet="{},ab$ =", max_size=10),
    quoted=st.booleans(),
    known=st.booleans(),
    more=st.integers(0, 2),
)
def test_brace_expansion_skips_a_word_only_when_it_has_no_group(
    text: str, quoted: bool, known: bool, more: int
) -> None:
    source = Source.from_text(text or "x", "a.sh")
    n = len(text)
    part: LiteralPart | UnknownPart
    if known:
        part = LiteralPart(text, ((0, n, n),), quoted, 0)
    else:
        part = UnknownPart("variable", Span(0, n), quoted)
    word = ShellWord(source, Span(0, n), (part,) * (1 + more))
    general = any(isinstance(p, LiteralPart) and not p.quoted and "{" in p.text for p in word.parts)
    if _plainly_without_group(word):
        # The general path's own test says the same: nothing to find.
        assert not general
        assert list(_brace_groups(word)) == []
    elif len(word.parts) == 1:
        assert general  # a one-part word is skipped whenever it can be
