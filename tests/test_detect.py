"""The documented rule for which documents are register-image requests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ami_lint.detect import MEMBERS, _key_like, looks_like_request
from tests.conftest import lint


def _note(text: str, name: str, fmt: str, linter) -> str | None:
    return linter.lint_text(text, name, fmt)[1]


@pytest.mark.parametrize(
    ("name", "fmt", "text"),
    [
        ("package.json", "json", '{"name": "x", "description": "y", "version": "1.0.0"}'),
        ("tsconfig.json", "json", '{"compilerOptions": {"strict": true}}'),
        ("list.json", "json", '[{"Name": "a", "Architecture": "x86_64"}]'),
        ("one-key.json", "json", '{"Name": "web-2024-06-01"}'),
        ("compose.yaml", "yaml", "services:\n  web:\n    image: nginx\n"),
        ("ci.yml", "yaml", "name: build\non: [push]\n"),
        ("empty.yaml", "yaml", "# nothing here\n"),
        ("scalar.yaml", "yaml", "just a string\n"),
    ],
)
def test_unrelated_documents_are_skipped(name: str, fmt: str, text: str, linter) -> None:
    diagnostics, note = linter.lint_text(text, name, fmt)
    assert diagnostics == []
    assert note == "skipped: not a register-image request"


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("json", '{"BlockDeviceMappings": []}'),
        ("json", '{"Name": "web-2024-06-01", "Description": "x"}'),
        ("json", '{"Name": "web-2024-06-01", "root-device-name": "/dev/xvda"}'),
        ("yaml", "Name: web\nTagSpecifications: []\n"),
        ("yaml", "imdsSupport: v2.0\n"),
    ],
)
def test_requests_are_linted(fmt: str, text: str, linter) -> None:
    assert _note(text, f"r.{fmt}", fmt, linter) is None


def test_broken_unrelated_file_is_skipped(linter) -> None:
    text = '{\n  // a comment, as tsconfig allows\n  "compilerOptions": {}\n}\n'
    diagnostics, note = linter.lint_text(text, "tsconfig.json", "json")
    assert diagnostics == [] and note is not None and note.startswith("skipped: does not parse")


def test_broken_request_is_reported(linter) -> None:
    text = '{\n  "Name": "web-2024-06-01",\n  "BlockDeviceMappings": [\n}\n'
    got = [(d.rule, d.start.line, d.start.column) for d in lint(text, "r.json", "json", linter)]
    assert got == [("AMI001", 4, 1)]


def test_key_like_words_in_broken_text() -> None:
    assert looks_like_request('{"Name": "x", "Architecture": ')
    assert looks_like_request("- RootDeviceName: /dev/xvda\n  : :")
    assert not looks_like_request('{"Name": "x", ')
    assert not looks_like_request("name: x\ndescription: y\n")


@pytest.mark.parametrize(
    "key",
    [
        "BlockDeviceMapping",
        "VirtualisationType",
        "RootDeviceNmae",
        "ImdsSuport",
        "BillingProduct",
        "bootModes",
    ],
)
def test_a_named_file_is_read_leniently(key: str, linter) -> None:
    """A misspelt distinctive key makes a request of a named file, not of a walked one."""
    text = f'{{"Name": "web-1", "{key}": "x"}}'
    assert linter.lint_text(text, "r.json", "json")[1] == "skipped: not a register-image request"
    assert linter.lint_text(text, "r.json", "json", lenient=True)[1] is None
    broken = text[:-1]  # nor when the text does not parse
    assert looks_like_request(broken, lenient=True) and not looks_like_request(broken)


@pytest.mark.parametrize(
    "keys",
    [
        ["apiVersion", "kind", "metadata", "data"],  # `data`, `metadata`: 0.67 and 0.63 from `UefiData`
        ["ImageId", "InstanceType", "UserData"],  # run-instances: 0.6 and 0.75
        ["DeviceName", "Ebs"],  # one mapping: 0.83 from `RootDeviceName`
        ["kernel", "ramdisk", "location"],  # too short to tell
        ["name", "description", "version", "scripts"],  # common keys stay exact
    ],
)
def test_leniency_takes_no_unrelated_file(keys: list[str], linter) -> None:
    text = "{" + ", ".join(f'"{k}": "x"' for k in keys) + "}"
    assert (
        linter.lint_text(text, "f.json", "json", lenient=True)[1] == "skipped: not a register-image request"
    )
    assert not looks_like_request(text[:-1], lenient=True)


# The pattern `_key_like` replaced (issue 20: 5M instructions to compile).
_MEMBERS_PATTERN = re.compile(
    r'"(' + "|".join(sorted(MEMBERS)) + r')"\s*:|^[ \t-]*(' + "|".join(sorted(MEMBERS)) + r")\s*:",
    re.MULTILINE,
)
_PIECES = [
    *sorted(MEMBERS)[:6],
    "Name",
    "NameX",
    "Xname",
    "Name-x",
    "Name1",
    "x" * 70,
    '"',
    ":",
    " ",
    "\t",
    "-",
    "\n",
    "\r",
    "\x0b",
    "{",
    ",",
    "é",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
@example('"Name" :\n - Architecture\n\t:')
@example('- x\n:\n"Name":')
def test_key_like_finds_what_the_members_pattern_finds(text: str) -> None:
    expected = {m.group(1) or m.group(2) for m in _MEMBERS_PATTERN.finditer(text)}
    assert _key_like(text) == expected


def test_the_walks_byte_search_needs_neither_re_nor_the_detection(tmp_path: Path) -> None:
    # A walk searches each JSON and YAML file's bytes before reading it
    # (`ami_lint.keybytes`): `re` and `ami_lint.detect` are imported once a
    # file is read (the warm-up, beside the walker), not before a tree's walk
    # can be handed to the walker (issue 20).
    import subprocess
    import sys

    from tests.conftest import ROOT

    for i in range(20):
        (tmp_path / f"package{i}.json").write_text('{"name": "web", "version": "1.0.0"}\n')
        (tmp_path / f"r{i}.json").write_text('{"Name": "x", "Architecture": "arm64"}\n')
    code = (
        "import sys\n"
        "at_start = 're' in sys.modules  # an editable install's finder imports it\n"
        "from ami_lint import parallel\n"
        "from ami_lint.cli import entry\n"
        "seen = []\n"
        "prepare = parallel._Pool._prepare\n"
        "def prepared(pool):\n"
        "    new = [m for m in ('re', 'ami_lint.detect') if m in sys.modules]\n"
        "    seen.append([m for m in new if not (m == 're' and at_start)])\n"
        "    prepare(pool)\n"
        "parallel._Pool._prepare = prepared\n"
        "import atexit, os\n"
        "exit_ = os._exit\n"
        "def report(code):\n"
        "    print(seen, file=sys.stderr, flush=True)\n"
        "    exit_(code)\n"
        "os._exit = report\n"
        "sys.argv = ['ami-lint', '--jobs', '2', '.']\n"
        "entry()\n"
    )
    env = {"PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[[]]", done.stderr


def test_the_folded_members_are_those_the_patterns_fold() -> None:
    import re

    from ami_lint.keybytes import DISTINCTIVE, FOLDED_DISTINCTIVE, folded

    assert frozenset(re.sub(r"[^a-z]", "", k.lower()) for k in DISTINCTIVE) == FOLDED_DISTINCTIVE
    for key in ("Block-Device_Mappings", "UEFI DATA", "x86_64", "", "Ämi"):
        assert folded(key) == re.sub(r"[^a-z]", "", key.lower())
