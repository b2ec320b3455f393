"""What the JavaScript/TypeScript front end costs on source files that call no
RegisterImage (issue 18: "unrelated source files cost almost nothing").

    python bench/sdk_detection.py DIR [--runs N]

DIR is a large tree of unrelated sources, e.g. a `node_modules` folder made
with `npm install --prefix /tmp/jsbench @aws-sdk/client-ec2 aws-sdk
typescript eslint webpack lodash`. Prints, over every `.js`/`.mjs`/`.cjs`/
`.jsx`/`.ts`/`.mts`/`.cts`/`.tsx` file of DIR that is at most
`--max-file-size`:

- the front end's own time (decoding and `extract`, files already in memory):
  files/s and MB/s, and how many files it parsed (those that hold the text
  `RegisterImage` or `registerImage`) and how many requests it found;
- a whole `ami-lint --jobs 1 --quiet DIR` run (walk, reads, every file) as a
  separate process: wall time and files/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from ami_lint.frontend import NoFiles
    from ami_lint.frontends.javascript import JAVASCRIPT, NEEDLES
    from ami_lint.readers import read_limits
    from ami_lint.source import Source

    limit = read_limits().max_file_size
    files: list[tuple[str, bytes]] = []
    for root, _dirs, names in os.walk(args.dir):
        for name in names:
            if name.lower().endswith(SUFFIXES):
                path = os.path.join(root, name)
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    continue
                if len(data) <= limit:
                    files.append((path, data))
    total = sum(len(data) for _, data in files)
    parsed = sum(1 for _, data in files if any(n.encode() in data for n in NEEDLES))

    times = []
    requests = 0
    for _ in range(args.runs):
        requests = 0
        start = time.perf_counter()
        for path, data in files:
            text = data.decode("utf-8", errors="replace")
            extraction = JAVASCRIPT.extract(Source.from_text(text, path), NoFiles())
            requests += sum(1 for _ in extraction.requests)
        times.append(time.perf_counter() - start)
    best = min(times)
    print(
        f"{len(files)} files, {total / 1e6:.1f} MB; {parsed} hold the text and are parsed; "
        f"{requests} requests"
    )
    print(
        f"front end: median {statistics.median(times):.2f} s, best {best:.2f} s: "
        f"{len(files) / best:,.0f} files/s, {total / 1e6 / best:.1f} MB/s"
    )

    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ami_lint", "--jobs", "1", "--quiet", str(args.dir)],
            capture_output=True,
            check=False,
        )
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    print(f"ami-lint --jobs 1 over the tree: median {wall:.2f} s, {len(files) / wall:,.0f} JS/TS files/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
