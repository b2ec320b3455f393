"""How long `ami-lint server` takes to lint a buffer again after a change
(issues 19 and 20, item 5): the typical script of bench/run.py, edited and
linted again.

    .venv/bin/pip install '.[server]'
    .venv/bin/python bench/server_latency.py [--runs N] [--quick]

Two figures, each the median of N changes (each change edits the script's
`--name`, so every lint is of a new text; the 90th percentile and maximum
are printed beside it):

- in process, goal ≤ 1 ms: the server's own lint of the changed buffer
  (front end, rules, suppressions and the conversion to LSP diagnostics),
  the linter warm. The figure is the CPU time of the thread around the call
  (`time.thread_time`), what the lint costs however busy the machine is; its
  wall time is printed beside it;
- over the wire, goal ≤ 10 ms: `textDocument/didChange` sent to the real
  subprocess until its `textDocument/publishDiagnostics` for that version is
  read, with the debounce set to 0 (`initializationOptions.debounceMs`):
  what an editor waits for after the debounce (200 ms by default) once
  typing pauses. Wall time: the client, the pipe and the server's loop.

`figures(quick)` gives them to bench/run.py. Nothing here is a test.
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
# The repository last, for tests.lsp_client only: `ami_lint` must be the
# installed package (its source folder has no `ami_lint.rules`, and a server
# that cannot load its rules lints nothing, in no time).
sys.path.append(str(HERE.parent))
sys.path.insert(0, str(HERE))

from figures import Figure, report  # noqa: E402
from run import TYPICAL  # noqa: E402

from tests.lsp_client import LspClient  # noqa: E402

# The rules the typical script breaks (bench/run.py's TYPICAL).
EXPECTED = ["AMI210", "AMI312"]


def _edit(n: int) -> str:
    """The typical script with its image name changed: a new text each time."""
    return (
        TYPICAL.replace("--name ", f"--name build{n}-", 1) if "--name " in TYPICAL else TYPICAL + f"# {n}\n"
    )


def _summary(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    median = statistics.median(ms)
    return f"median {median:.2f} ms, p90 {_p90(ms):.2f} ms, max {ms[-1]:.2f} ms ({len(ms)} changes)"


def in_process(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """The wall and CPU seconds of each of `runs` lints of a changed buffer."""
    from ami_lint.server import AmiLintServer, Buffer

    server = AmiLintServer()
    buffer = Buffer((folder / "typical.sh").as_uri(), TYPICAL, 1, "shellscript")
    server.buffers[buffer.uri] = buffer
    for n in range(5):  # warm: rules loaded, front end imported, caches filled
        buffer.text, buffer.version, buffer.linted = _edit(-1 - n), 1, None
        linted = server.lint(buffer)
        # What is timed is a real lint: the typical script's findings.
        codes = sorted({str(d.code) for d in linted.diagnostics})
        if codes != EXPECTED:
            raise RuntimeError(f"the server's lint of the typical script gave {codes}, not {EXPECTED}")
    wall, cpu = [], []
    for n in range(runs):
        buffer.text, buffer.version, buffer.linted = _edit(n), n + 2, None
        start, start_cpu = time.perf_counter(), time.thread_time()
        server.lint(buffer)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


def _in_process_alone(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """`in_process` in an interpreter of its own, started in `folder`: the
    `ami_lint` it times is the installed one, whatever the process that
    asks (bench/run.py and its other parts) put on `sys.path`."""
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--in-process", str(folder), str(runs)],
        cwd=folder, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the in-process measurement failed: {done.stderr.strip().splitlines()[-1:]}")
    wall, cpu = json.loads(done.stdout)
    return wall, cpu


def over_the_wire(folder: Path, runs: int) -> list[float]:
    client = LspClient(cwd=folder)
    try:
        client.initialize(root=folder, options={"debounceMs": 0})
        uri = (folder / "typical.sh").as_uri()
        client.open(uri, TYPICAL)
        first = client.diagnostics(uri)
        codes = sorted({str(d.get("code")) for d in first["diagnostics"]})
        if codes != EXPECTED:
            raise RuntimeError(f"the server published {codes} for the typical script, not {EXPECTED}")
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


def measured(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()
        (folder / "typical.sh").write_text(TYPICAL)
        print(f"  server: typical script, {len(TYPICAL.splitlines())} lines; load average {_load()}")
        wall, cpu = _in_process_alone(folder, runs)
        print(f"  server in process, CPU:  {_summary(cpu)}")
        print(f"  server in process, wall: {_summary(wall)}")
        wire = over_the_wire(folder, runs)
        print(f"  server didChange → publishDiagnostics: {_summary(wire)}")
    return [
        Figure(
            "editor: re-lint of the typical script in the server, in process (CPU)",
            statistics.median(cpu) * 1000,
            1,
            " ms",
            note=f"wall {statistics.median(wall) * 1000:.2f} ms; median of {runs} changes",
        ),
        Figure(
            "editor: didChange → publishDiagnostics, debounce 0",
            statistics.median(wire) * 1000,
            10,
            " ms",
            note=f"median of {runs} changes, p90 {_p90(wire) * 1000:.1f} ms",
        ),
    ]


def figures(quick: bool) -> list[Figure]:
    try:
        import pygls  # noqa: F401
    except ImportError:
        print("server_latency: pygls is not installed (pip install '.[server]'): left out")
        return []
    return measured(30 if quick else 200)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _p90(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def main() -> int:
    if sys.argv[1:2] == ["--in-process"]:  # _in_process_alone's interpreter
        import json

        print(json.dumps(in_process(Path(sys.argv[2]), int(sys.argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="changes timed (default 200)")
    parser.add_argument("--quick", action="store_true", help="30 changes")
    args = parser.parse_args()
    return report(measured(30 if args.quick else args.runs))


if __name__ == "__main__":
    raise SystemExit(main())
