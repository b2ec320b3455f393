"""Start-up of ami-lint next to its floors (issue 20, item 1).

    python bench/startup.py [--quick] [--runs N]

Runs, in turns (one run of each command per round, so that a machine
growing busier or quieter weighs on each alike), every command below as a
process of its own, with the typical 15-line script of `bench/run.py`:

- the floor: the smallest `python -I` process that imports tree-sitter and
  tree-sitter-bash and parses the same script (`FLOOR`);
- `ami-lint typical.sh`;
- `ami-lint --version`;
- `python -I -c pass`;
- the AWS CLI's own local check of the same request (`run.AWS_ARGS`:
  `--generate-cli-skeleton output`, offline).

The Pythons are the interpreter of the `ami-lint` measured (from its
script's `#!` line). Prints the median wall time of each and three
`Figure`s (`bench/figures.py`): the typical script ≤ 1.6x the floor and
≤ 0.07x the AWS CLI, `--version` ≤ 1.3x `python -I -c pass`. The exit code
is 0 when all three are met. `figures(quick)` gives them to `bench/run.py`.

Measure an installed package (`pip install .`, as users get it: bytecode
compiled at install time, the console script written by the installer),
not an editable one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from figures import Figure, report  # noqa: E402

# The floor of a linter of shell scripts in Python: the interpreter, the
# grammar loaded, the script parsed; nothing else.
FLOOR = (
    "import sys, tree_sitter, tree_sitter_bash\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language())).parse(f.read())\n"
)

GOAL_FLOOR = 1.6
GOAL_AWS = 0.07
GOAL_PASS = 1.3


@dataclass
class Timed:
    name: str
    argv: list[str]
    wall: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run; its output dropped."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # ami-lint's 1: findings
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str], cwd: Path) -> dict[str, Timed]:
    """Each command `runs` times, in turns, after one warm-up run of each."""
    timed = {name: Timed(name, argv, [], []) for name, argv in commands.items()}
    for argv in commands.values():
        run_once(argv, env, cwd)  # the page cache, and bytecode as in everyday use
    for _ in range(runs):
        for t in timed.values():
            wall, cpu = run_once(t.argv, env, cwd)
            t.wall.append(wall)
            t.cpu.append(cpu)
    return timed


def interpreter_of(script: str) -> str:
    """The Python a console script runs (its `#!` line), else this one."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode(errors="replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        words = first[2:].split()
        if words and os.path.basename(words[0]).startswith("python"):
            return words[0]
    return sys.executable


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def figures(quick: bool = False, runs: int | None = None, verbose: bool = True) -> list[Figure]:
    """The three start-up figures, measured in one run of interleaved commands."""
    from run import AWS_ARGS, TYPICAL, offline_env, tool

    ami = tool("ami-lint")
    if ami is None:
        raise SystemExit("ami-lint is not installed: pip install .")
    aws = tool("aws")
    python = interpreter_of(ami)
    env = offline_env()
    runs = runs or (7 if quick else 21)
    with tempfile.TemporaryDirectory(prefix="ami-lint-startup-") as folder:
        work = Path(folder)
        (work / "typical.sh").write_text(TYPICAL)
        commands = {
            "floor (python -I, tree-sitter parse)": [python, "-I", "-c", FLOOR, "typical.sh"],
            "ami-lint typical.sh": [ami, "typical.sh"],
            "ami-lint --version": [ami, "--version"],
            "python -I -c pass": [python, "-I", "-c", "pass"],
        }
        if aws:
            commands["aws … --generate-cli-skeleton output"] = [aws, *AWS_ARGS]
        before = load()
        timed = measure(commands, runs, env, work)
        after = load()
    if verbose:
        print(f"ami-lint: {ami}\npython: {python}\nload average: {before} at start, {after} at end")
        for t in timed.values():
            print(
                f"  {t.name:<40} median {t.median * 1000:7.1f} ms  min {min(t.wall) * 1000:7.1f}  "
                f"max {max(t.wall) * 1000:7.1f}  cpu {t.median_cpu * 1000:7.1f} ms  ({runs} runs)"
            )
    typical = timed["ami-lint typical.sh"]
    floor = timed["floor (python -I, tree-sitter parse)"]
    version = timed["ami-lint --version"]
    bare = timed["python -I -c pass"]
    note = f"load {before}"

    def ms(t: Timed) -> str:
        return f"{t.median * 1000:.1f} ms"

    out = [
        Figure(
            "start-up: typical script vs floor (python -I, tree-sitter parse)",
            typical.median / floor.median,
            GOAL_FLOOR,
            note=f"{ms(typical)} vs {ms(floor)}; {note}",
        )
    ]
    if aws:
        cli = timed["aws … --generate-cli-skeleton output"]
        out.append(
            Figure(
                "start-up: typical script vs AWS CLI local check",
                typical.median / cli.median,
                GOAL_AWS,
                note=f"{ms(typical)} vs {ms(cli)}; {note}",
            )
        )
    else:
        out.append(
            Figure(
                "start-up: typical script vs AWS CLI local check",
                float("inf"),
                GOAL_AWS,
                note="aws not installed: pip install awscli",
            )
        )
    out.append(
        Figure(
            "start-up: ami-lint --version vs python -I -c pass",
            version.median / bare.median,
            GOAL_PASS,
            note=f"{ms(version)} vs {ms(bare)}; {note}",
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (7), for a try")
    parser.add_argument("--runs", type=int, help="runs of each command (default 21, 7 with --quick)")
    args = parser.parse_args(argv)
    return report(figures(args.quick, args.runs))


if __name__ == "__main__":
    sys.exit(main())
