"""What Go files without a RegisterImage request cost (issue 18, item 5).

    python bench/go_detection.py DIR [--runs N]

Lints every `.go` file under DIR in this process, as the walk would, and
prints the files per second and megabytes per second of the whole pipeline
(read, claim, decode, the `RegisterImage` search, and the parse of the few
files that hold it), the median of N runs. DIR is any Go source tree: a
checkout of a large Go project, or the `.go` files of a module cache.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ami_lint.engine import Linter, Options  # noqa: E402
from ami_lint.report import Report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in args.tree.rglob("*.go") if p.is_file())
    if not files:
        print(f"no .go file under {args.tree}", file=sys.stderr)
        return 2
    data = [(str(p.relative_to(args.tree)), p.read_bytes()) for p in files]
    size = sum(len(d) for _, d in data)
    mentions = sum(1 for _, d in data if b"RegisterImage" in d)
    linter = Linter(Options())
    times = []
    for _ in range(args.runs):
        report = Report()
        start = time.perf_counter()
        for name, content in data:
            linter._lint_into(report, content, name)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"{len(data)} Go files, {size / 1e6:.1f} MB, {mentions} mentioning RegisterImage: "
        f"{median:.3f} s (median of {args.runs}), {len(data) / median:,.0f} files/s, "
        f"{size / 1e6 / median:,.0f} MB/s; {len(report.diagnostics)} findings"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
