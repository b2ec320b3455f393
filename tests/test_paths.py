"""`ami_lint.paths` gives what pathlib gives (issue 20: no pathlib at start-up)."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

import pytest

from ami_lint import paths

NAMES = [
    "",
    ".",
    "..",
    "/",
    "//",
    "///",
    "////a",
    "a",
    "a/",
    "a//b",
    "a/./b",
    "./a",
    "././",
    "a/../b",
    "../a/./b/",
    "/a/b/..",
    "//a/b",
    "///a//b/./c/",
    "/..",
    "build.sh",
    "dir/build.bash",
    "x.tar.gz",
    ".bashrc",
    "dir/.zshrc",
    "a b/c d.sh",
    "-",
    "é/ü.zsh",
]


@pytest.mark.parametrize("name", NAMES)
def test_lexical_operations_are_pathlibs(name: str) -> None:
    assert paths.normal(name) == str(PurePath(name))
    assert paths.parent(name) == str(PurePath(name).parent)
    assert paths.absolute(name) == str(Path(name).absolute())
    assert paths.as_posix(name) == PurePath(name).as_posix()
    assert paths.suffix(name) == PurePath(name).suffix
    assert paths.is_absolute(name) == PurePath(name).is_absolute()


def _candidates_with_pathlib(path_text: str, script_path: str) -> list[str]:
    """`ami_lint.filerefs.candidates` as it was written with pathlib."""
    path = Path(path_text)
    if path.is_absolute():
        return [str(path)]
    out = [Path(script_path).parent / path]
    if os.path.abspath(out[0]) != os.path.abspath(path_text):
        out.append(Path(path_text))
    return [str(p) for p in out]


@pytest.mark.parametrize(
    "script", ["build.sh", "dir/build.sh", "/build.sh", "//x/build.sh", "./a//b/c.sh", "-"]
)
@pytest.mark.parametrize("name", NAMES)
def test_file_reference_candidates_are_pathlibs(name: str, script: str) -> None:
    from ami_lint.filerefs import candidates

    assert candidates(name, script) == _candidates_with_pathlib(name, script)


def test_parents_up_to_the_root_are_pathlibs() -> None:
    for name in NAMES:
        here, path = paths.absolute(name), Path(name).absolute()
        while True:
            assert here == str(path)
            if path.parent == path:
                assert paths.parent(here) == here
                break
            here, path = paths.parent(here), path.parent


def test_status_answers_as_exists_is_dir_and_is_symlink(tmp_path: Path) -> None:
    (tmp_path / "file.sh").write_text("echo\n")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    names = ["file.sh", "file.sh/", "file.sh/x", "dir", "dir/", "dir/./", "dangling", "loop", "nowhere"]
    names.append("a\0b")
    for name in names:
        raw = f"{tmp_path}/{name}"
        path = Path(raw)
        found = paths.status(raw)
        link = paths.status(raw, follow=False)
        assert (found is not None) == path.exists(), name
        assert (found is not None and os.path.isdir(paths.normal(raw))) == path.is_dir(), name
        assert (link is not None and os.path.islink(paths.normal(raw))) == path.is_symlink(), name
