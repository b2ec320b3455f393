"""Issue 13, item 5: bounded output.

Each finding used to repeat its whole source line (a script of 2,000 repeated
options printed 54 MB of text; a one-line JSON of 265 KB ran out of memory
building its SARIF log), and messages quoted whole values. Now an excerpt is
a window of about 120 characters, a message quotes at most 100 characters of
a value, and a file lists its findings up to a budget in proportion to its
size. For each worst case below (many findings per byte, one long line, many
files, long names, escapes) the report of every format stays within

    RATE[format] x (bytes of the files + bytes of their names) + PER_FILE[format] x files

(plus, for SARIF, the fixed catalog of rules that every log carries), and
doubling the input at most doubles what comes on top of the fixed parts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security.test_encoding import FORMATS, request, run_bytes

RATE = {"text": 50, "json": 50, "github": 50, "editor": 50, "sarif": 200}
PER_FILE = {"text": 10_000, "json": 10_000, "github": 10_000, "editor": 10_000, "sarif": 30_000}

# Each case writes its files for a size `n` and returns the paths to name on the command line.
Case = Callable[[Path, int], list[str]]
COMMAND = "aws ec2 register-image --name good-name"


def repeated_options(root: Path, n: int) -> list[str]:
    """The issue's script: one option given again and again on one line
    (with another value each time: the same words again are no finding)."""
    pair = " --architecture arm64 --architecture x86_64"
    (root / "r.sh").write_text(COMMAND + pair * (n // 2) + "\n", encoding="utf-8")
    return ["r.sh"]


def dense_words(root: Path, n: int) -> list[str]:
    """A finding every two bytes: stray words after the command."""
    (root / "r.sh").write_text(COMMAND + " q" * (10 * n) + "\n", encoding="utf-8")
    return ["r.sh"]


def one_line_json(root: Path, n: int) -> list[str]:
    """The 265 KB one-line skeleton: thousands of mappings with bad values."""
    mapping = {"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp9", "Iops": "x", "VolumeSize": "big"}}
    skeleton = {"Name": "good-name", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [mapping] * n}
    (root / "one.json").write_text(json.dumps(skeleton, separators=(",", ":")), encoding="utf-8")
    return ["one.json"]


def json_list(root: Path, n: int) -> list[str]:
    """A finding every two bytes in JSON: a list of numbers where objects go."""
    items = ",".join(["1"] * (10 * n))
    (root / "l.json").write_text(
        '{"Name":"good-name","BlockDeviceMappings":[' + items + "]}", encoding="utf-8"
    )
    return ["l.json"]


def many_files(root: Path, n: int) -> list[str]:
    """Many tiny scripts named on the command line, each with its findings."""
    names = [f"{i}.sh" for i in range(n // 4)]
    for name in names:
        (root / name).write_text("aws ec2 register-image\n", encoding="utf-8")
    return names


def long_names(root: Path, n: int) -> list[str]:
    """Long file names (in long folder names) repeated in each of many findings."""
    names = []
    for i in range(n // 100):
        folder = root / ("d" * 200) / ("e" * 200)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (f"{i}" + "n" * 200 + ".sh")
        path.write_text(COMMAND + " q" * 400 + "\n", encoding="utf-8")
        names.append(os.path.relpath(path, root))
    return names


def escapes(root: Path, n: int) -> list[str]:
    """Control characters around dense findings: each is shown as four."""
    (root / "e.sh").write_text(COMMAND + " --q\x01\x02\x03\x04\x05" * (2 * n) + "\n", encoding="utf-8")
    return ["e.sh"]


def long_values(root: Path, n: int) -> list[str]:
    """Long bad values, each quoted by several findings."""
    value = "x" * 2000
    (root / "v.json").write_text(request(value).replace('"good-name"', json.dumps(value)), encoding="utf-8")
    script = COMMAND + f" --architecture {value} --boot-mode {value} --tpm-support {value}" * (n // 100)
    (root / "v.sh").write_text(script + "\n", encoding="utf-8")
    return ["v.json", "v.sh"]


CASES: dict[str, Case] = {
    "repeated-options": repeated_options,
    "dense-words": dense_words,
    "one-line-json": one_line_json,
    "json-list": json_list,
    "many-files": many_files,
    "long-names": long_names,
    "escapes": escapes,
    "long-values": long_values,
}


def _input_size(root: Path, names: list[str]) -> int:
    return sum((root / name).stat().st_size + len(os.fsencode(name)) for name in names)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> int:
    """What every SARIF log holds whatever the input: a clean file's log."""
    root = tmp_path_factory.mktemp("clean")
    (root / "clean.json").write_text(request("gp3"), encoding="utf-8")
    result = run_bytes("--format", "sarif", "clean.json", cwd=root)
    assert result.returncode == 0 and json.loads(result.stdout)["runs"][0]["results"] == []
    return len(result.stdout)


@pytest.mark.parametrize("case", CASES)
def test_report_size_is_linear_in_the_input(tmp_path: Path, case: str, catalog: int) -> None:
    measured: dict[int, tuple[int, int, dict[str, int]]] = {}
    for n in (400, 800):
        root = tmp_path / str(n)
        root.mkdir()
        names = CASES[case](root, n)
        sizes = {}
        for fmt in FORMATS:
            result = run_bytes("--format", fmt, *names, cwd=root)
            assert result.returncode == 1, result.stderr[-500:]
            sizes[fmt] = len(result.stdout)
        measured[n] = (_input_size(root, names), len(names), sizes)
    (small, small_files, small_sizes), (big, big_files, big_sizes) = measured[400], measured[800]
    assert big >= 1.8 * small  # the case does double its input
    for fmt in FORMATS:
        fixed = catalog if fmt == "sarif" else 0
        for size, files, out in ((small, small_files, small_sizes[fmt]), (big, big_files, big_sizes[fmt])):
            assert out <= RATE[fmt] * size + PER_FILE[fmt] * files + fixed, (fmt, out, size)
        # Doubling the input at most doubles the rest, give or take one finding.
        growth = (big_sizes[fmt] - fixed) / max(1, small_sizes[fmt] - fixed)
        assert growth <= 2.2, (fmt, small_sizes[fmt], big_sizes[fmt])


def test_the_issue_script_is_bounded(tmp_path: Path) -> None:
    """The issue's 2,000 repeated options (54 MB of text before): each excerpt
    is a window, `…` marking the cuts, the carets under the range."""
    repeated_options(tmp_path, 2000)
    result = run_bytes("--format", "text", "r.sh", cwd=tmp_path)
    size = (tmp_path / "r.sh").stat().st_size
    assert len(result.stdout) <= 50 * size
    lines = result.stdout.decode("utf-8").split("\n")
    excerpts = [line for line in lines if line.startswith("   1 | ")]
    assert excerpts and all(len(line) <= len("   1 | ") + 122 for line in excerpts)
    head = (
        "r.sh:1:62: warning AMI404 `--architecture` is given again: "
        "the CLI keeps only the last one [repeated-option]"
    )
    at = lines.index(head)
    assert lines[at + 1 : at + 3] == [
        "   1 | …" + (COMMAND + " --architecture arm64 --architecture x86_64" * 1000)[21:141] + "…",
        "     | " + " " * 41 + "^" * len("--architecture"),
    ]


def test_messages_quote_a_bounded_prefix_of_a_value(tmp_path: Path) -> None:
    value = "q" * 5000
    (tmp_path / "v.sh").write_text(f"{COMMAND} --architecture {value}\n", encoding="utf-8")
    result = run_bytes("--format", "json", "v.sh", cwd=tmp_path)
    messages = [d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == "AMI104"]
    assert messages == [
        f"`Architecture` is `{'q' * 99}…` "
        "but must be one of `i386`, `x86_64`, `arm64`, `x86_64_mac`, `arm64_mac`"
    ]


def test_a_file_of_findings_lists_the_first_ones_and_says_so(tmp_path: Path) -> None:
    """A finding every two bytes: the report lists the first ones, stderr says
    how many were left out, and the exit code counts them all."""
    dense_words(tmp_path, 400)
    result = run_bytes("--format", "json", "r.sh", cwd=tmp_path)
    assert result.returncode == 1
    listed = json.loads(result.stdout)["diagnostics"]
    err = result.stderr.decode("utf-8").splitlines()
    assert len(err) == 1
    left_out = int(err[0].split(": ", 1)[1].split(" ", 1)[0])
    assert err[0] == (
        f"r.sh: {left_out} more finding(s) not shown: a report lists a file's findings "
        "up to about 16 bytes per character of the file, and 8 KB"
    )
    assert left_out > 0 and len(listed) + left_out >= 4000
    # The first findings, in order.
    assert [d["column"] for d in listed if d["rule"] == "AMI410"][:3] == [41, 43, 45]


def test_sarif_snippets_are_windows(tmp_path: Path) -> None:
    repeated_options(tmp_path, 2000)
    line = (tmp_path / "r.sh").read_text(encoding="utf-8").rstrip("\n")
    log = json.loads(run_bytes("--format", "sarif", "r.sh", cwd=tmp_path).stdout)
    locations = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startColumn"]): r["locations"][0][
            "physicalLocation"
        ]
        for r in log["runs"][0]["results"]
    }
    repeated = locations[("AMI404", 62)]
    assert repeated["region"]["snippet"] == {"text": "--architecture"}
    assert repeated["contextRegion"] == {
        "startLine": 1,
        "startColumn": 22,
        "endLine": 1,
        "endColumn": 142,
        "snippet": {"text": line[21:141]},
    }
    # A range over the whole command: its first 120 characters, no context.
    whole = locations[("AMI301", 1)]
    assert whole["region"]["snippet"] == {"text": line[:120] + "…"}
    assert "contextRegion" not in whole
