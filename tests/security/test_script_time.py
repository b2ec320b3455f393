"""Issue 13, item 10e: linear time on scripts.

Each `V+=x`, `V="$V x"` or `A+=(x)` copied the whole value it extends, and
`V=$V$V` doubled it, so thousands of such lines before a register-image call
took quadratic (or exponential) time. A known value now holds at most 256
parts (or array words) and 100,000 characters; past that it is forgotten.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ami_lint.engine import Linter
from tests.conftest import run_cli

CALL = (
    'aws ec2 register-image --name "$V" --architecture x86_64 --root-device-name /dev/xvda '
    '--block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}"\n'
)

# Each script and the line counts it is measured at: a copy of a tuple is
# fast, so `+=` needs more lines than a self-reference to show.
SCRIPTS = {
    "append": (lambda n: "V=a\n" + "V+=x\n" * n + CALL, (10_000, 20_000, 40_000)),
    "self-reference": (lambda n: "V=a\n" + 'V="$V x"\n' * n + CALL, (1000, 2000, 4000)),
    "array-append": (
        lambda n: "A=(a)\n" + "A+=(x)\n" * n + CALL.replace('"$V"', '"${A[@]}"'),
        (10_000, 20_000, 40_000),
    ),
    "array-self": (
        lambda n: "A=(a)\n" + 'A=("${A[@]}" x)\n' * n + CALL.replace('"$V"', '"${A[@]}"'),
        (1000, 2000, 4000),
    ),
    # Each block assigns, then holds the rest: weighing what the rest may
    # assign walked it again at every level.
    "nested-appends": (lambda n: "V=a\n" + "{ V+=x; " * n + CALL + "}\n" * n, (500, 1000, 2000)),
    # A call at every level, each seeing every block above it.
    "nested-calls": (lambda n: "V=a\n" + "{ V+=x; " * n + CALL + ("}\n" + CALL) * n, (250, 500, 1000)),
    # Each call splits a known value of 100 words again (issue 14, item 3).
    "split": (
        lambda n: "F='" + "--ena-support " * 100 + "'\nV=web\n" + CALL.replace("\n", " $F\n") * n,
        (100, 200, 400),
    ),
}


def cpu(text: str) -> float:
    """CPU time of linting `text` in this process: the best of three runs."""
    linter = Linter()
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        linter.lint_text(text, "build.sh", "shell")
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_doubling_the_lines_at_most_about_doubles_the_work(name: str) -> None:
    make, sizes = SCRIPTS[name]
    small, large = (cpu("#!/bin/bash\n" + make(n)) for n in (sizes[0], sizes[-1]))
    # Four times the lines: about 4x the CPU time if linear (less with fixed
    # costs), 16x if quadratic. The margin between the two keeps a busy
    # machine from failing it.
    assert large < 8 * small, (name, small, large)


def test_doubling_a_value_is_bounded(tmp_path: Path) -> None:
    # Forty `V=$V$V` would make a value of 2^40 parts: exponential before.
    script = tmp_path / "double.sh"
    script.write_text("#!/bin/bash\nV=ab\n" + "V=$V$V\n" * 40 + CALL)
    proc = run_cli("--format", "json", "--select", "AMI005", str(script))
    assert proc.returncode == 0, proc.stderr
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]]
    # The value is forgotten: the name is a variable not resolved (AMI005, opt-in).
    assert found == [(43, 32, "AMI005")]


def test_a_value_within_the_bounds_is_still_known(tmp_path: Path) -> None:
    script = tmp_path / "append.sh"
    script.write_text("#!/bin/bash\nV=web\n" + "V+=-x\n" * 200 + CALL)
    proc = run_cli("--format", "json", "--select", "AMI005,AMI105", str(script))
    found = [
        (d["line"], d["column"], d["rule"], d["message"]) for d in json.loads(proc.stdout)["diagnostics"]
    ]
    # 403 characters in 201 parts: known, and too long for `Name`.
    assert found == [(2, 3, "AMI105", "`Name` is 403 characters long but must be 3\u2013128")]


def test_splitting_a_value_is_bounded(tmp_path: Path) -> None:
    call = CALL.replace('"$V"', "web").replace("\n", " --virtualization-type hvm $FLAGS\n")
    # 252 words: split (issue 14, item 3) and known, the last value checked where it was written.
    script = tmp_path / "within.sh"
    script.write_text("#!/bin/bash\nFLAGS='" + "--ena-support " * 250 + "--architecture amd64'\n" + call)
    proc = run_cli("--format", "json", "--select", "AMI005,AMI104", str(script))
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert found == [(2, 3523, "AMI104")]
    # 50,000 words in 100,000 characters: past the 256 words one expansion is
    # split into, it stays unknown (AMI005), as a value too large to know.
    script = tmp_path / "beyond.sh"
    script.write_text("#!/bin/bash\nFLAGS='" + "x " * 50_000 + "'\n" + call)
    proc = run_cli("--format", "json", "--select", "AMI005,AMI104,AMI410", str(script))
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert found == [(3, call.index("$FLAGS") + 1, "AMI005")]
