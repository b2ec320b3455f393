"""The walker of `--jobs` (issue 20): as the first worker is about to be
forked, the rest of the walk goes to a process of its own, which walks,
reads and searches the files while the parent warms up, and sends what it
finds in batches. Only where the walk runs changes: the report is the one
of a single process, with the same notes in the same places, configurations
met further down the tree, and a walker that dies (the parent walks the
rest again)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ami_lint import parallel
from ami_lint.cli import main
from tests.conftest import ROOT
from tests.test_throughput import _requests

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")

JOBS = [["--jobs", "2"], ["--jobs", "3"], []]


def _tree(root: Path) -> int:
    """160 requests and 160 files a byte search skips, in eight folders; the
    last folders, met after the walker is forked, with a configuration of
    their own (a finding ignored, files excluded), an excluded file's note,
    and one that cannot be read."""
    total = _requests(root, 8, 20)
    (root / "f06" / ".ami-lint.yaml").write_text("ignore: [AMI306]\nexclude: ['r0*.json']\n")
    (root / "f07" / ".ami-lint.yaml").write_text("ignore: [AMI301]\n")
    (root / "f07" / "r99.json").symlink_to(root / "f07" / "missing.json")
    return total


def _counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many walkers were forked, items they sent, and walks taken up again."""
    counts = {"forked": 0, "sent": 0, "again": 0}
    fork, walked, again = parallel._Pool._fork_walker, parallel._Pool._walked, parallel._Pool._walk_again

    def forked(pool: parallel._Pool) -> None:
        fork(pool)
        counts["forked"] += pool.walker is not None

    def took(pool: parallel._Pool) -> bool:
        before = len(pool.items)
        done = walked(pool)
        counts["sent"] += len(pool.items) - before
        return done

    def walked_again(pool: parallel._Pool) -> None:
        counts["again"] += 1
        again(pool)

    monkeypatch.setattr(parallel._Pool, "_fork_walker", forked)
    monkeypatch.setattr(parallel._Pool, "_walked", took)
    monkeypatch.setattr(parallel._Pool, "_walk_again", walked_again)
    return counts


@pytest.mark.parametrize("jobs", JOBS)
def test_the_walker_walks_the_rest_and_the_report_is_one_process_s(
    jobs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    total = _tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = main(["--verbose", "--format", "json", "--jobs", "1", "tree"]), capsys.readouterr()
    counts = _counted(monkeypatch)
    assert (main(["--verbose", "--format", "json", *jobs, "tree"]), capsys.readouterr()) == one
    assert counts["forked"] == 1 and counts["again"] == 0
    # Most of the tree came from the walker (the parent walked up to the first fork).
    assert total / 2 < counts["sent"] < total
    rules = {(d["path"].split("/")[1], d["rule"]) for d in json.loads(one[1].out)["diagnostics"]}
    assert ("f06", "AMI306") not in rules and ("f07", "AMI301") not in rules and ("f05", "AMI306") in rules
    assert "excluded by the configuration" in one[1].err and "r99.json" in one[1].err


@pytest.mark.parametrize("batches", [0, 1, 3])
def test_a_walker_that_dies_leaves_the_rest_of_the_walk_to_the_parent(
    batches: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # It dies after sending `batches` batches (the OOM killer, a bug in the
    # walk): the parent walks again from where the walker was forked, past
    # what it had sent, and the report is the same.
    _tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = main(["--verbose", "--format", "json", "--jobs", "1", "tree"]), capsys.readouterr()
    walker, write = parallel._walker, parallel._write

    def dying(*args: object) -> None:
        sent = [0]

        def write_then_die(fd: int, message: bytes) -> None:
            if sent[0] == batches:
                os._exit(9)
            sent[0] += 1
            write(fd, message)

        parallel._write = write_then_die  # in the walker only: it is a forked process
        walker(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_walker", dying)
    monkeypatch.setattr(parallel, "WALKER_BATCH", 8)
    counts = _counted(monkeypatch)
    assert (main(["--verbose", "--format", "json", "--jobs", "2", "tree"]), capsys.readouterr()) == one
    assert counts["forked"] == 1 and counts["again"] == 1
    assert counts["sent"] == 8 * batches


def test_what_choosing_a_configuration_says_is_said_once(tmp_path: Path) -> None:
    # The walker meets a configuration whose Python rules are not loaded
    # (untrusted): it warns, and the parent, choosing the same linter for
    # the folder's files, does not warn again.
    _requests(tmp_path / "tree", 8, 20)
    rules = tmp_path / "tree" / "f07" / "rules"
    rules.mkdir()
    (rules / "mine.py").write_text("RULES = []\n")
    (tmp_path / "tree" / "f07" / ".ami-lint.yaml").write_text("rules-dirs: [rules]\n")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    script = (
        "import sys\n"
        "from ami_lint import parallel\n"
        "from ami_lint.cli import main\n"
        "numbers = []\n"
        "number = parallel._Pool._linter_number\n"
        "def counted(pool, item):\n"
        "    numbers.append(number(pool, item))\n"
        "    return numbers[-1]\n"
        "parallel._Pool._linter_number = counted\n"
        "code = main(sys.argv[1:])\n"
        "print(code, numbers)\n"
    )
    runs = []
    for jobs in (["--jobs", "1"], ["--jobs", "2"]):
        done = subprocess.run(
            [sys.executable, "-c", script, "--format", "json", *jobs, "tree"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        runs.append(done)
    one, two = runs
    assert one.stdout.splitlines()[-1] == "1 []"
    assert two.stdout.splitlines()[-1] == "1 [1]"  # the walker's second linter, chosen here
    assert two.stdout == one.stdout.replace("1 []", "1 [1]")
    warnings = [line for line in two.stderr.splitlines() if "were not loaded" in line]
    assert len(warnings) == 1 and two.stderr == one.stderr


def test_no_walker_is_left_when_the_run_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An error in the parent while the walker walks: the walker is killed and
    # reaped with the workers.
    _tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    walkers: list[parallel._Walker] = []

    def fail(pool: parallel._Pool) -> None:
        if pool.walker is not None:
            walkers.append(pool.walker)
            raise RuntimeError("stop here")

    monkeypatch.setattr(parallel, "WALK_HOOK", fail)
    monkeypatch.setattr(parallel, "WALKER_BATCH", 1)
    assert main(["--format", "json", "--jobs", "2", "tree"]) == 2
    assert "stop here" in capsys.readouterr().err
    assert walkers and walkers[0].reaped and walkers[0].fd == -1
    with pytest.raises(ChildProcessError):
        os.waitpid(walkers[0].pid, os.WNOHANG)


def _warmed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the `WARM_UP` files the run's warm-up lints."""
    linted: list[str] = []
    warm_up = parallel._warm_up

    def recorded(linters: list[object], ahead: object = None, formats: object = None) -> None:
        linted.extend(
            name
            for name, _ in parallel.WARM_UP
            if formats is None or parallel._format_of(name) in formats  # type: ignore[operator]
        )
        warm_up(linters, ahead, formats)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_warm_up", recorded)
    return linted


def test_the_warm_up_is_for_the_formats_of_a_walk_that_is_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A walk over before the first fork (fewer files than a walk step): a
    # tree of JSON requests alone does not pay for YAML and scripts (about
    # 20 ms, more than its files' lint); one that holds the three formats
    # warms the three; the report is the same. (While the walk goes on, every
    # format is warmed: the walker may not have reached the others yet.)
    for i in range(12):
        (tmp_path / "json" / f"r{i}.json").parent.mkdir(exist_ok=True)
        (tmp_path / "json" / f"r{i}.json").write_text('{"Name": "x", "Architecture": "arm64"}\n')
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for i in range(4):
        (mixed / f"r{i}.json").write_text('{"Name": "x", "Architecture": "arm64"}\n')
        (mixed / f"r{i}.yaml").write_text("Name: x\nArchitecture: amd64\n")
        (mixed / f"b{i}.sh").write_text("#!/bin/sh\naws ec2 register-image --name x\n")
    monkeypatch.chdir(tmp_path)
    every = [n for n, _ in parallel.WARM_UP]
    for tree, names in (("json", ["warm-up.json", "warm-up.json"]), ("mixed", every)):
        one = main(["--format", "json", "--jobs", "1", tree]), capsys.readouterr()
        linted = _warmed(monkeypatch)
        assert (main(["--format", "json", "--jobs", "2", tree]), capsys.readouterr()) == one
        assert sorted(linted) == sorted(names), tree
        monkeypatch.undo()
        monkeypatch.chdir(tmp_path)


def test_files_named_are_warmed_for_by_their_names_and_standard_input_for_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(12):
        (tmp_path / f"r{i}.json").write_text('{"Name": "x", "Architecture": "arm64"}\n')
    monkeypatch.chdir(tmp_path)
    named = [f"r{i}.json" for i in range(12)]
    linted = _warmed(monkeypatch)
    assert main(["--format", "json", "--jobs", "2", *named]) == 1
    assert linted == ["warm-up.json", "warm-up.json"]
    linted.clear()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Name: x\n")))
    assert main(["--format", "json", "--jobs", "2", *named, "-"]) == 1
    assert linted == [n for n, _ in parallel.WARM_UP]
    capsys.readouterr()
