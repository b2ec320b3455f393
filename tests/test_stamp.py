"""`ami_lint.data` and the look for rule packs (start-up, issue 20): what
they read is the whole file, of any size, and what the files say."""

from __future__ import annotations

import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint import data as stamp
from ami_lint import registry


@pytest.mark.parametrize("size", [0, 1, 4096, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, 3 * (1 << 16) + 7])
def test_content_check_is_the_size_and_crc_of_every_byte(tmp_path: Path, size: int) -> None:
    data = bytes((n * 7 + n // 251) % 256 for n in range(size))
    path = tmp_path / "f.py"
    path.write_bytes(data)
    assert stamp.content_check(str(path)) == (size, zlib.crc32(data)) == stamp.bytes_check(data)
    assert stamp.read_bytes(str(path)) == data


def test_a_byte_changed_in_place_changes_the_check(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(b"x = 1\n" * 20000)
    before = stamp.content_check(str(path))
    path.write_bytes(b"x = 1\n" * 19999 + b"x = 2\n")
    assert stamp.content_check(str(path)) != before


def _look(monkeypatch: pytest.MonkeyPatch, *entries: Path) -> bool:
    monkeypatch.setattr(sys, "path", [str(e) for e in entries])
    return registry._may_have_entry_points()


def test_the_look_for_rule_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "plain-1.0.dist-info").mkdir(parents=True)  # no entry points at all
    (site / "other-1.0.dist-info").mkdir()
    (site / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n")
    (site / "old.egg-info").mkdir()
    (site / "module.py").write_text("")
    assert not _look(monkeypatch, site, tmp_path / "missing")
    (site / "old.egg-info" / "entry_points.txt").write_text("[ami_lint.rules]\nacme = acme\n")
    assert _look(monkeypatch, tmp_path / "missing", site)
    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("x.py", "")
    assert _look(monkeypatch, archive)  # a zip archive: importlib.metadata decides


_PARTS = st.sampled_from(["a", "-", ".", "dist", "egg", "-info", ".dist-info", ".egg-info", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PARTS, min_size=1, max_size=5).map("".join), max_size=12))
def test_the_distributions_of_a_folder_are_the_names_so_ending(names: list[str]) -> None:
    """`registry._distributions` (one search of the names joined) gives the
    names that end with `.dist-info` or `.egg-info`, in order, as testing
    each name does."""
    assert registry._distributions(names) == [n for n in names if n.endswith((".dist-info", ".egg-info"))]
