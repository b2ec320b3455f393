"""`display_path`'s fast path (a file's folder shown once per folder) gives
what the general path (`relpath` of the whole path) gives (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ami_lint.files import _display_path, display_path
from ami_lint.paths import normal

# Names that make a path below, at, above or beside the working directory.
PARTS = ["", ".", "..", "a", "b", "..a", "x.sh", "sub", "work"]


def general(path: str) -> str:
    return _display_path(normal(path))


@pytest.fixture
def in_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory `tmp_path/work/sub`, with a file's folders beside it."""
    work = tmp_path / "work" / "sub"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


# The working directory is the same for every example: only read.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    absolute=st.booleans(),
    names=st.lists(st.sampled_from(PARTS), min_size=1, max_size=6),
    name=st.sampled_from(["x.sh", "a", "..a", "req.json"]),
)
def test_display_path_is_the_general_paths(
    in_work: Path, absolute: bool, names: list[str], name: str
) -> None:
    folder = "/".join(names)
    if absolute:
        folder = f"{in_work}/{folder}"
    path = f"{folder}/{name}"
    assert display_path(path) == general(path)


@pytest.mark.parametrize(
    "path",
    [
        "/x.sh", "//x.sh", "///x.sh", "/tmp/../x.sh", "a//b/./x.sh", "./x.sh", "../x.sh",
        # A name that starts with `..` in a folder that is the working directory.
        "a/../..a", "a/../..", "a/..a", "sub/../../sub/..x.sh",
    ],
)  # fmt: skip
def test_display_path_at_roots_and_odd_spellings(in_work: Path, path: str) -> None:
    assert display_path(path) == general(path)


def test_display_path_below_and_outside(in_work: Path) -> None:
    assert display_path(f"{in_work}/work/sub/a/x.sh") == "a/x.sh"
    assert display_path(f"{in_work}/work/sub/x.sh") == "x.sh"
    assert display_path(f"{in_work}/work//other/x.sh") == f"{in_work}/work/other/x.sh"


def test_display_path_of_one_folder_from_two_working_directories(
    in_work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The folder shown last is remembered with the working directory it was shown from.
    path = f"{in_work}/work/sub/a/x.sh"
    assert display_path(path) == "a/x.sh"
    monkeypatch.chdir(in_work / "work")
    assert display_path(path) == "sub/a/x.sh"
    assert display_path(f"{in_work}/work/sub/a/y.sh") == "sub/a/y.sh"
    assert display_path("sub/a/x.sh") == "sub/a/x.sh"
