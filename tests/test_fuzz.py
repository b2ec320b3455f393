"""Quick fuzzing of every parser and of the command (a few hundred inputs
each, so CI stays fast), and the replay of every crash ever found
(`fuzz/corpus/`). `fuzz/run.py` runs the same targets for longer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.strategies import for_target
from fuzz.targets import TARGETS, corpus_files
from tests.conftest import ROOT

QUICK = {
    "json_reader": 200,
    "yaml_reader": 150,
    "shorthand": 200,
    "shell_calls": 150,
    "engine_json": 100,
    "engine_yaml": 100,
    "engine_shell": 100,
    "option_value": 60,
    "cli": 40,
}


def _fuzz(name: str) -> None:
    @settings(
        max_examples=QUICK[name],
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(for_target(name))
    def run(data: bytes) -> None:
        TARGETS[name](data)

    run()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz(name: str) -> None:
    _fuzz(name)


def test_every_target_is_fuzzed() -> None:
    assert set(QUICK) == set(TARGETS)


REPLAY = (
    "import pathlib, sys\n"
    "from fuzz.targets import TARGETS\n"
    "TARGETS[sys.argv[1]](pathlib.Path(sys.argv[2]).read_bytes())"
)


@pytest.mark.parametrize(("target", "path"), corpus_files(), ids=[f"{t}/{p.name}" for t, p in corpus_files()])
def test_crash_corpus_replays_clean(target: str, path: Path) -> None:
    # In a child process: a crash of the interpreter (a segfault in a C
    # extension) must fail this test, not end the test session.
    proc = subprocess.run(
        [sys.executable, "-c", REPLAY, target, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
