"""How long `ami-lint server` takes to lint a buffer again after a change
(issue 19): the typical script of bench/run.py, edited and linted again.

    .venv/bin/pip install '.[server]'
    .venv/bin/python bench/server_latency.py [--runs N]

Two figures, each the median, 90th percentile and maximum of N changes
(each change edits the script's `--name`, so every lint is of a new text):

- in process: the server's own lint of the changed buffer (front end,
  rules, suppressions and the conversion to LSP diagnostics), timed around
  the call, the linter warm;
- over the wire: `textDocument/didChange` sent to the real subprocess until
  its `textDocument/publishDiagnostics` for that version is read, with the
  debounce set to 0 (`initializationOptions.debounceMs`): what an editor
  waits for after the debounce (200 ms by default) once typing pauses.

Nothing here is a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import TYPICAL  # noqa: E402

from tests.lsp_client import LspClient  # noqa: E402


def _edit(n: int) -> str:
    """The typical script with its image name changed: a new text each time."""
    return (
        TYPICAL.replace("--name ", f"--name build{n}-", 1) if "--name " in TYPICAL else TYPICAL + f"# {n}\n"
    )


def _summary(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} changes)"


def in_process(folder: Path, runs: int) -> list[float]:
    from ami_lint.server import AmiLintServer, Buffer

    server = AmiLintServer()
    buffer = Buffer((folder / "typical.sh").as_uri(), TYPICAL, 1, "shellscript")
    server.buffers[buffer.uri] = buffer
    server.lint(buffer)  # warm: rules loaded, front end imported
    times = []
    for n in range(runs):
        buffer.text, buffer.version, buffer.linted = _edit(n), n + 2, None
        start = time.perf_counter()
        server.lint(buffer)
        times.append(time.perf_counter() - start)
    return times


def over_the_wire(folder: Path, runs: int) -> list[float]:
    client = LspClient(cwd=folder)
    try:
        client.initialize(root=folder, options={"debounceMs": 0})
        uri = (folder / "typical.sh").as_uri()
        client.open(uri, TYPICAL)
        client.diagnostics(uri)
        times = []
        for n in range(runs):
            version = n + 2
            start = time.perf_counter()
            client.change(uri, _edit(n), version)
            while client.diagnostics(uri)["version"] != version:
                pass
            times.append(time.perf_counter() - start)
        client.stop()
        return times
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()
        (folder / "typical.sh").write_text(TYPICAL)
        print(f"typical script: {len(TYPICAL.splitlines())} lines; load average {os.getloadavg()[0]:.2f}")
        print(f"in process:     {_summary(in_process(folder, args.runs))}")
        print(f"over the wire:  {_summary(over_the_wire(folder, args.runs))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
