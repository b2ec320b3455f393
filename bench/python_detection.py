"""How much unrelated Python source costs: the `.py` files of a large tree
(by default the running interpreter's site-packages) linted as the walk
lints them, in one process, with the files/s and MB/s of the whole run and
how many held a `register_image` call.

    python bench/python_detection.py [TREE] [--runs N]

A file without the text `register_image` is skipped after a string search
(ami_lint.frontends.python): the figure says what that costs per file,
reading and decoding included.
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from pathlib import Path

from ami_lint.engine import Linter, Options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", default=sysconfig.get_paths()["purelib"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(str(p) for p in Path(args.tree).rglob("*.py") if p.is_file())
    size = sum(Path(f).stat().st_size for f in files)
    best = float("inf")
    linted = 0
    for _ in range(args.runs):
        linter = Linter(Options())
        start = time.perf_counter()
        report = linter.lint_paths(files)
        best = min(best, time.perf_counter() - start)
        skipped = {note.path for note in report.notes if "skipped" in note.text or "not linted" in note.text}
        linted = len(files) - len(skipped)
    read = float("inf")
    for _ in range(args.runs):
        start = time.perf_counter()
        for name in files:
            Path(name).read_bytes().decode("utf-8", errors="replace")
        read = min(read, time.perf_counter() - start)
    print(f"{len(files)} .py files, {size / 1e6:.1f} MB, under {args.tree}")
    print(f"reading and decoding them alone: {read:.3f} s ({len(files) / read:,.0f} files/s)")
    print(
        f"best of {args.runs}: {best:.3f} s: {len(files) / best:,.0f} files/s, {size / 1e6 / best:,.1f} MB/s"
    )
    print(f"files with a register_image call checked: {linted}")


if __name__ == "__main__":
    main()
