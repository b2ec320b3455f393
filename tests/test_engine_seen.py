"""`engine._Seen`, the keys of the diagnostics a file has made (issue 20,
memory): it answers as the set of (rule, path, span, message) tuples it
replaced, with each span's keys kept by span and equal rests shared."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ami_lint.engine import _Seen
from ami_lint.source import Span

_KEYS = st.tuples(
    st.sampled_from([(0, 0), (0, 3), (1, 3), (7, 9)]),
    st.sampled_from(["AMI104", "AMI208"]),
    st.sampled_from(["a.sh", "request.json"]),
    st.sampled_from(["`io1` needs `Iops`", "`amd64` is not one", "x"]),
)


def _fresh(text: str) -> str:
    """An equal string that is not the same object (as each finding's is)."""
    return "".join(list(text))


@given(st.lists(_KEYS, max_size=30), st.lists(_KEYS, max_size=10))
def test_seen_answers_as_a_set_of_tuples(adds: list, others: list) -> None:  # type: ignore[type-arg]
    seen, reference = _Seen(keep_order=True), set()
    made = []
    for (start, end), rule, path, message in adds:
        key = (rule, path, Span(start, end), message)
        new = seen.add(Span(start, end), _fresh(rule), _fresh(path), _fresh(message))
        assert new == (key not in reference)
        if new:
            reference.add(key)
            made.append((Span(start, end), (rule, path, message)))
    assert list(seen.ordered()) == made
    assert bool(seen) == bool(reference)
    assert sorted(seen.keys(), key=repr) == sorted(made, key=repr)
    other, other_reference = _Seen(), set()
    for (start, end), rule, path, message in others:
        other.add(Span(start, end), rule, path, message)
        other_reference.add((rule, path, Span(start, end), message))
    for span, (rule, path, message) in made:
        assert ((span, (rule, path, message)) in other) == ((rule, path, span, message) in other_reference)
    assert other.isdisjoint(seen) == other_reference.isdisjoint(reference)


def test_equal_rests_are_one_tuple() -> None:
    seen = _Seen(keep_order=True)
    for start in range(50):
        assert seen.add(Span(start, start + 1), "AMI104", "a.sh", _fresh("`amd64` is not one"))
    rests = {id(rest) for _, rest in seen.ordered()}
    assert len(rests) == 1
