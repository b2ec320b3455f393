"""A configuration's globs cannot make matching slow.

Translated to a backtracking regex, the `exclude` glob `*****…x` took time
exponential in its stars on a long file name: a committed `.ami-lint.yaml`
hung the run. Globs are now matched by an automaton, in time linear in the
path; these tests check the attack and that the language did not change.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ami_lint.globs import MAX_GLOB_LENGTH, glob_matches

REQUEST = '{"Name": "web-1", "Architecture": "amd64"}\n'


def _lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # A hang is the failure this guards against: a generous timeout, far above
    # the fraction of a second the run takes.
    return subprocess.run(
        [sys.executable, "-m", "ami_lint", "--format", "json", *args],
        capture_output=True, text=True, cwd=cwd, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    "glob",
    ["*" * 40 + "x", "*a" * 30 + "b", "**/" * 30 + "x", "a/" + "**/*" * 25 + "z", "?*" * 40 + "!"],
)
@pytest.mark.parametrize("key", ["exclude", "per-file-ignores"])
def test_backtracking_globs_do_not_hang(tmp_path: Path, glob: str, key: str) -> None:
    value = f"[{json.dumps(glob)}]" if key == "exclude" else f"{{{json.dumps(glob)}: [AMI104]}}"
    (tmp_path / ".ami-lint.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    deep = tmp_path / "/".join(["a" * 40] * 6)
    deep.mkdir(parents=True)
    (deep / ("a" * 200 + ".json")).write_text(REQUEST, encoding="utf-8")
    result = _lint(tmp_path, ".")
    assert result.returncode == 1, result.stderr
    rules = [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]
    assert "AMI104" in rules  # neither glob matches, so nothing is excluded or ignored


def test_an_overlong_glob_is_a_configuration_error(tmp_path: Path) -> None:
    glob = "a" * (MAX_GLOB_LENGTH + 1)
    (tmp_path / ".ami-lint.yaml").write_text(f"exclude: [{glob}]\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(REQUEST, encoding="utf-8")
    result = _lint(tmp_path, "r.json")
    assert result.returncode == 2
    assert result.stderr == (
        f"ami-lint: error: .ami-lint.yaml: exclude: {'a' * 60 + '…'!r} is not a usable glob "
        f"(longer than {MAX_GLOB_LENGTH} characters)\n"
    )


def _reference(pattern: str) -> re.Pattern[str]:
    """The regex translation the globs were matched with before (without
    classes): the language the automaton must keep."""
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    out = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            char = pattern[i]
            out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _reference_matches(pattern: str, relative: str) -> bool:
    regex = _reference(pattern)
    parts = relative.split("/")
    return any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1))


_names = st.text(alphabet="ab.", min_size=1, max_size=4)


@settings(max_examples=600, deadline=None)
@given(
    pattern=st.lists(
        st.sampled_from(["a", "b", ".", "*", "?", "**", "**/", "/", "ab"]), min_size=1, max_size=7
    )
    .map("".join)
    .filter(lambda p: p.strip("/")),
    path=st.lists(_names, min_size=1, max_size=4).map("/".join),
)
def test_same_language_as_before(pattern: str, path: str) -> None:
    assert glob_matches(pattern, path) is _reference_matches(pattern, path), (pattern, path)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("[ab]/c", "a/c", True),
        ("[ab]/c", "d/c", False),
        ("[!a]/c", "b/c", True),
        ("[!a]/c", "a/c", False),
        ("[a-c]x", "bx", True),
        ("[a-c]x", "dx", False),
        ("a[/]b", "a/b", False),  # a class matches within one name
        ("[]]", "]", True),
    ],
)
def test_classes(pattern: str, path: str, matches: bool) -> None:
    assert glob_matches(pattern, path) is matches
