"""Long-running fuzzing of ami-lint's parsers and command (hypothesis).

    python -m fuzz.run                      # every target, 10 minutes in all
    python -m fuzz.run --minutes 60 shell_calls engine_shell

Each round runs one target for a batch of examples; targets take turns until
the time is up. A crash is shrunk by hypothesis to a small input, which is
saved as `fuzz/corpus/<target>/<sha1>.bin` (replayed by `tests/test_fuzz.py`
from then on), and its traceback printed; the harness then goes on. Examples
hypothesis found interesting are kept in `fuzz/.hypothesis/` between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from fuzz.strategies import for_target
from fuzz.targets import CORPUS, TARGETS

DATABASE = Path(__file__).resolve().parent / ".hypothesis"


def last_input(target: str) -> Path:
    return DATABASE / f"last-input-{target}.bin"


def save_crash(target: str, data: bytes) -> Path:
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{hashlib.sha1(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    return path


def run_batch(target: str, examples: int, max_size: int) -> Path | None:
    """One batch of `examples` inputs; the saved crash, if one was found."""
    last: list[bytes] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=DirectoryBasedExampleDatabase(str(DATABASE / target)),
        phases=[Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(for_target(target, max_size))
    def fuzz(data: bytes) -> None:
        last[:] = [data]
        # On disk too: a crash of the interpreter itself (a segfault in a C
        # extension) leaves no exception to catch; the parent saves this.
        last_input(target).write_bytes(data)
        TARGETS[target](data)

    try:
        fuzz()
    except Exception:
        # Hypothesis replays the shrunk example last, so `last` holds it.
        traceback.print_exc()
        return save_crash(target, last[0]) if last else None
    return None


def _batch_in_child(target: str, examples: int, max_size: int) -> Path | None:
    """`run_batch` in a child process, so that a hard crash is caught too."""
    DATABASE.mkdir(parents=True, exist_ok=True)
    last_input(target).unlink(missing_ok=True)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "fuzz.run",
            "--child",
            target,
            "--batch",
            str(examples),
            "--max-size",
            str(max_size),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    if child.returncode < 0 and last_input(target).exists():
        print(f"{target}: killed by signal {-child.returncode}", flush=True)
        return save_crash(target, last_input(target).read_bytes())
    saved = child.stdout.strip().splitlines()
    return Path(saved[-1]) if child.returncode == 1 and saved else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("targets", nargs="*", help=f"default: all ({', '.join(TARGETS)})")
    parser.add_argument("--minutes", type=float, default=10.0, help="total time (default 10)")
    parser.add_argument("--batch", type=int, default=500, help="examples per round (default 500)")
    parser.add_argument("--max-size", type=int, default=200, help="tokens per generated input (default 200)")
    parser.add_argument("--child", metavar="TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        crash = run_batch(args.child, args.batch, args.max_size)
        if crash:
            print(crash)
        return 1 if crash else 0
    targets = args.targets or list(TARGETS)
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    deadline = time.monotonic() + args.minutes * 60
    crashes: list[Path] = []
    rounds = 0
    while time.monotonic() < deadline:
        target = targets[rounds % len(targets)]
        rounds += 1
        started = time.monotonic()
        crash = _batch_in_child(target, args.batch, args.max_size)
        status = f"crash saved to {crash}" if crash else "ok"
        print(
            f"[{rounds}] {target}: {args.batch} examples in {time.monotonic() - started:.0f}s, {status}",
            flush=True,
        )
        if crash:
            crashes.append(crash)
    print(f"{rounds} rounds, {len(crashes)} crashes", flush=True)
    for crash in crashes:
        print(f"  {crash}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
