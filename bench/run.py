"""The benchmark of ami-lint (issues 8 and 20): every figure of the issues
with its goal, side by side with the AWS CLI's own local check of the same
request and, in the parts, its peers.

    python bench/run.py [--runs N] [--quick] [--load] [--write] [--keep DIR] [--parts NAMES]

Builds its corpus deterministically in a temporary folder, runs every command
N times as a separate process (wall time with `time.perf_counter`, peak
memory of the process and its workers), measures latency, throughput,
scaling and memory itself, then runs each part of bench/ named in `PARTS`
(a module with `figures(quick) -> list[Figure]`; one not present is said and
skipped), prints one table of every figure with its goal and exits 0 only
when every goal is met. `--load` runs it all beside a CPU hog per core (the
loaded run); `--write` writes this run's section (quiet or loaded) of
`bench/RESULTS.md`. Needs `pip install .` (ami-lint) and `pip install awscli`
(the oracle); bench/README.md says what the parts need. No network: the AWS
CLI is given a region and no credentials or instance metadata.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from figures import Figure, table  # noqa: E402
from startup import FLOOR  # noqa: E402

# --- the corpus ---------------------------------------------------------------

# A typical register-image script: 15 lines, one call, the mistakes people make.
TYPICAL = """\
#!/usr/bin/env bash
# Register the nightly AMI from the root volume's snapshot.
set -euo pipefail
SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[0].SnapshotId' --output text)
IMAGE_ID=$(aws --region eu-west-1 ec2 register-image \\
  --name "nightly-$(date +%Y%m%d)" \\
  --architecture arm64 \\
  --boot-mode legacy-bios \\
  --virtualization-type hvm \\
  --ena-support \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP_ID},VolumeType=gp3,Iops=100}" \\
  --query ImageId --output text)
echo "registered ${IMAGE_ID}"
aws ec2 create-tags --resources "${IMAGE_ID}" --tags Key=build,Value=nightly
"""
# The same request as the AWS CLI receives it (the snapshot id made concrete).
AWS_ARGS = [
    "ec2",
    "register-image",
    "--name",
    "nightly-20240601",
    "--architecture",
    "arm64",
    "--boot-mode",
    "legacy-bios",
    "--virtualization-type",
    "hvm",
    "--ena-support",
    "--root-device-name",
    "/dev/xvda",
    "--block-device-mappings",
    "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f,VolumeType=gp3,Iops=100}",
    "--generate-cli-skeleton",
    "output",
]
# A comparable CloudFormation template for cfn-lint (bench/peers.py): an
# image's launch settings with the same block device mapping mistake.
CFN_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  NightlyTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-0123456789abcdef0
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs:
              SnapshotId: snap-0db2cf683925d191f
              VolumeType: gp3
              Iops: 100
        MetadataOptions:
          HttpTokens: optional
"""

# Exit codes that mean the tool ran: ami-lint 0/1; cfn-lint a bit mask; aws 0.
AMI_LINT_OK = frozenset({0, 1})
ANY = frozenset(range(256))

VOLUMES = ["gp3", "io1", "io2", "gp2", "st1"]
ARCHES = ["x86_64", "arm64", "amd64"]


def _call(i: int) -> str:
    """One register-image call of a generated script (7 lines)."""
    volume = VOLUMES[i % len(VOLUMES)]
    iops = ",Iops=100" if i % 3 == 0 else ""
    return (
        f"aws ec2 register-image \\\n"
        f'  --name "build-{i}" \\\n'
        f"  --architecture {ARCHES[i % len(ARCHES)]} \\\n"
        f"  --virtualization-type hvm --ena-support --imds-support v2.0 \\\n"
        f"  --root-device-name /dev/xvda \\\n"
        f'  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId=snap-{i:017x},'
        f'VolumeType={volume}{iops}}}" \\\n'
        f"  --query ImageId --output text\n"
    )


def script(calls: int) -> str:
    return "#!/bin/bash\nset -euo pipefail\n" + "".join(_call(i) for i in range(calls))


def _step(i: int) -> str:
    """Six lines of an ordinary build script: a condition, a pipeline, an assignment."""
    return (
        f"# step {i}\n"
        f'if [ -f "/tmp/marker-{i}" ]; then\n'
        f'  echo "building part {i}" | tee -a build.log\n'
        f'  PART_{i}="value-{i}"\n'
        f'  cp "src/{i}.tar.gz" out/ && tar -xzf "out/{i}.tar.gz" -C out\n'
        f"fi\n"
    )


def large_script(megabytes: float) -> str:
    """A script of about `megabytes` MB: build steps, with a register-image
    call after every thousandth, so its size and not its calls grows."""
    parts, size, i = ["#!/bin/bash\n"], 0, 0
    while size < megabytes * 1_000_000:
        text = _step(i) + (_call(i) if i % 1000 == 999 else "")
        parts.append(text)
        size += len(text)
        i += 1
    return "".join(parts)


def _request(i: int) -> dict[str, object]:
    request: dict[str, object] = {
        "Name": f"image-{i}" if i % 7 else "x",
        "Architecture": ARCHES[i % len(ARCHES)],
        "RootDeviceName": "/dev/xvda",
        "VirtualizationType": "hvm",
        "EnaSupport": True,
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {"SnapshotId": f"snap-{i:017x}", "VolumeType": VOLUMES[i % len(VOLUMES)]},
            }
        ],
        "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "team", "Value": f"t{i % 9}"}]}],
    }
    if i % 4 == 0:
        request["ImdsSupport"] = "v2.0"
    return request


def _yaml(value: object, indent: int = 0) -> str:
    """Block YAML for the generated requests (plain dicts, lists and scalars)."""
    pad = " " * indent
    if isinstance(value, dict):
        out = ""
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                out += f"{pad}{key}:\n{_yaml(item, indent + 2)}"
            else:
                out += f"{pad}{key}: {json.dumps(item)}\n"
        return out
    if isinstance(value, list):
        out = ""
        for item in value:
            text = _yaml(item, indent + 2)
            out += f"{pad}- {text.lstrip()}"
        return out
    return f"{pad}{json.dumps(value)}\n"


def build_tree(root: Path, files: int) -> int:
    """A repository-like tree of `files` files: JSON and YAML requests, shell
    scripts (some reading a JSON request with --cli-input-json), and the files
    around them that are not requests (package.json, workflows, other scripts)."""
    made = 0
    for i in range(files):
        folder = root / f"service{i % 40:02d}" / ("deploy" if i % 2 else "images")
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 10
        if kind in (0, 1, 2):
            (folder / f"request{i}.json").write_text(json.dumps(_request(i), indent=2) + "\n")
        elif kind in (3, 4):
            (folder / f"request{i}.yaml").write_text(_yaml(_request(i)))
        elif kind in (5, 6, 7):
            (folder / f"register{i}.sh").write_text(script(1).replace("build-0", f"build-{i}"))
        elif kind == 8:
            (folder / f"input{i}.json").write_text(json.dumps(_request(i)) + "\n")
            (folder / f"publish{i}.sh").write_text(
                "#!/bin/sh\n"
                f"aws ec2 register-image --cli-input-json file://input{i}.json --description nightly\n"
            )
            made += 1
        else:
            (folder / f"package{i}.json").write_text(
                json.dumps({"name": f"svc{i}", "version": "1.0.0"}) + "\n"
            )
        made += 1
    return made


@dataclass
class Corpus:
    root: Path
    typical: Path
    tree: Path
    tree_files: int
    big_tree: Path
    big_tree_files: int
    scale: dict[int, Path] = field(default_factory=dict)
    sizes: dict[float, Path] = field(default_factory=dict)  # MB -> script


def build_corpus(root: Path, quick: bool) -> Corpus:
    typical = root / "typical.sh"
    typical.write_text(TYPICAL)
    tree = root / "tree"
    tree_files = build_tree(tree, 500 if quick else 2000)
    big_tree = root / "big-tree"
    big_tree_files = build_tree(big_tree, 1000 if quick else 4000)
    corpus = Corpus(root, typical, tree, tree_files, big_tree, big_tree_files)
    for calls in (0, 200, 2000) if quick else (0, 2000, 20000):
        path = root / f"calls-{calls}.sh"
        path.write_text(script(calls))
        corpus.scale[calls] = path
    for megabytes in (0.2, 2) if quick else (2, 20):
        path = root / f"large-{megabytes:g}mb.sh"
        path.write_text(large_script(megabytes))
        corpus.sizes[megabytes] = path
    return corpus


# --- measuring -------------------------------------------------------------------


@dataclass
class Result:
    name: str
    command: str
    times: list[float]
    peak_mb: float
    exit_codes: set[int]
    # CPU seconds (user + system, with workers): what the work costs however
    # busy the machine is, where wall time also counts waiting for a CPU.
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


# GNU time reports the peak of the command itself. os.wait4 cannot: a child
# forked from this Python and then exec'd keeps this process's peak as its own.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
MAXRSS_TAG = "bench-maxrss-kib="


def run_once(
    argv: list[str], env: dict[str, str], cwd: Path, ok: frozenset[int] = frozenset({0, 1})
) -> tuple[float, float, int, float]:
    """Wall seconds, peak resident MiB (the process or any worker it waited
    for), exit code and CPU seconds of one run."""
    command = [GNU_TIME, "-f", MAXRSS_TAG + "%M", *argv] if GNU_TIME else argv
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    peak_kib = float(usage.ru_maxrss)  # KiB on Linux
    if GNU_TIME:
        lines = err.rstrip("\n").split("\n")
        if lines and lines[-1].startswith(MAXRSS_TAG):
            peak_kib = float(lines.pop()[len(MAXRSS_TAG) :])
        if lines and lines[-1].startswith("Command exited with non-zero status"):
            lines.pop()
        err = "\n".join(lines)
    if code not in ok:
        raise SystemExit(f"{' '.join(argv)} failed with {code}: {err}")
    return elapsed, peak_kib / 1024, code, usage.ru_utime + usage.ru_stime


@dataclass
class Command:
    name: str
    argv: list[str]
    runs: int
    ok: frozenset[int]
    warm_up: bool = True


def measure(commands: list[Command], env: dict[str, str], cwd: Path) -> list[Result]:
    """Run the commands in turns (one run of each, then the next round), so
    that a change in how busy the machine is weighs on each alike and the
    ratios between them stay fair."""
    for command in commands:
        if command.warm_up:
            run_once(command.argv, env, cwd, command.ok)  # the page cache and bytecode as in everyday use
    runs: list[list[tuple[float, float, int, float]]] = [[] for _ in commands]
    for round_ in range(max(command.runs for command in commands)):
        for command, done in zip(commands, runs, strict=True):
            if round_ < command.runs:
                done.append(run_once(command.argv, env, cwd, command.ok))
    results = []
    for command, done in zip(commands, runs, strict=True):
        times = [elapsed for elapsed, _, _, _ in done]
        shown = " ".join(a if len(a) < 40 else a[:37] + "..." for a in command.argv)
        result = Result(
            command.name,
            shown,
            times,
            max(peak for _, peak, _, _ in done),
            {code for _, _, code, _ in done},
            [used for _, _, _, used in done],
        )
        print(
            f"  {command.name:<34} median {result.median * 1000:9.1f} ms  "
            f"min {min(times) * 1000:9.1f}  max {max(times) * 1000:9.1f}  "
            f"cpu {result.median_cpu * 1000:9.1f}  peak {result.peak_mb:6.1f} MiB",
            flush=True,
        )
        results.append(result)
    return results


def _runs(index: int, count: int, runs: int) -> tuple[int, bool]:
    """Runs and warm-up of the `index`th of `count` inputs of growing size:
    the largest has 3 runs and no warm-up."""
    return (3, False) if index == count - 1 else (runs, True)


def tool(name: str) -> str | None:
    """An executable beside this Python (its virtual environment), else on the PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        NO_COLOR="1",
    )
    # Bytecode as an installed package has it (pip compiles it at install time).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def version_of(argv: list[str], env: dict[str, str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (out.stdout or out.stderr).strip().splitlines()
    for line in lines:  # ShellCheck: a banner, then `version: 0.9.0`
        if line.lower().startswith("version:"):
            return f"{Path(argv[0]).name} {line.split(':', 1)[1].strip()}"
    return lines[0] if lines else "?"


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores (nproc)": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- targets ------------------------------------------------------------------------


# say which deferred front ends' modules it imported and what importing them
# costs a process that has the rest of ami-lint loaded.
HOST_PROBE = """
import json, sys, time
from ami_lint.cli import main
from ami_lint.frontends import FRONT_ENDS, Deferred
deferred = {f.target.partition(":")[0] for f in FRONT_ENDS if isinstance(f, Deferred)}
try:
    main([sys.argv[1]])
except SystemExit:
    pass
print(json.dumps([sorted(deferred & set(sys.modules)), sorted(sys.modules)]), file=sys.stderr)
"""
HOST_COST = """
import importlib, sys, time
import ami_lint.cli, ami_lint.engine, ami_lint.frontends.shell
start = time.perf_counter()
for name in sys.argv[1:]:
    importlib.import_module(name)
print((time.perf_counter() - start) * 1000, file=sys.stderr)
"""


def host_imports(ami: str, path: Path, env: dict[str, str], base: set[str] | None = None) -> HostCost:
    """The modules of deferred front ends (`ami_lint.frontends.Deferred`:
    Markdown, Makefile, CI, Jenkins, Docker and those after them) that
    linting `path` imports, and what importing the modules a run over `base`
    (a script's run) did not import costs, in ms (in the interpreter that
    runs `ami`)."""
    first = Path(ami).read_text(errors="replace").splitlines()[0] if Path(ami).is_file() else ""
    python = first[2:].strip() if first.startswith("#!") else sys.executable
    run = subprocess.run(
        [python, "-c", HOST_PROBE, path.name], capture_output=True, text=True, env=env, cwd=path.parent
    )
    seen, modules = json.loads(run.stderr.strip().splitlines()[-1])
    extra = sorted(set(modules) - base) if base is not None else []
    costs = []
    for _ in range(5 if extra else 0):
        cost = subprocess.run([python, "-c", HOST_COST, *extra], capture_output=True, text=True, env=env)
        costs.append(float(cost.stderr.strip().splitlines()[-1]))
    return HostCost(seen, set(modules), statistics.median(costs) if costs else 0.0)


@dataclass
class HostCost:
    deferred: list[str]  # the deferred front ends' modules it imported
    modules: set[str]  # every module it imported
    extra_ms: float  # importing what a script's run does not


def own_figures(r: dict[str, Result], corpus: Corpus) -> list[Figure]:
    """The figures of run.py's own measurements, against the targets of issue 8."""
    out: list[Figure] = []
    typical, aws = r["ami-lint typical.sh"], r.get("aws … --generate-cli-skeleton output")
    if aws is not None:
        out.append(
            Figure(
                "latency: typical 15-line script / AWS CLI's local check (issue 8)",
                typical.median / aws.median,
                0.15,
                note=f"{typical.median * 1000:.0f} ms vs {aws.median * 1000:.0f} ms",
            )
        )
    out.append(Figure("latency: typical script (issue 8)", typical.median * 1000, 150, " ms"))
    version = r["ami-lint --version"]
    out.append(Figure("latency: --version (issue 8)", version.median * 1000, 60, " ms"))
    jobs2 = r["ami-lint --jobs 2 tree/"]
    out.append(
        Figure(
            "throughput: mixed tree with --jobs 2 (issue 8)",
            corpus.tree_files / jobs2.median,
            1000,
            " files/s",
            at_most=False,
            note=f"{corpus.tree_files} files",
        )
    )
    calls = sorted(corpus.scale)
    zero, small, large = (r[f"ami-lint {n}-call script"] for n in calls)
    out.append(
        Figure(
            f"scaling: {calls[2]:,} calls / {calls[1]:,} calls, wall",
            large.median / small.median,
            11,
            note=f"{small.median:.2f} s → {large.median:.2f} s",
        )
    )
    # The same in CPU time, which waiting for a busy machine's CPUs does not
    # inflate, and without the fixed start-up cost (the empty script).
    work = (large.median_cpu - zero.median_cpu) / max(small.median_cpu - zero.median_cpu, 1e-9)
    out.append(
        Figure(
            f"scaling: {calls[2]:,} calls / {calls[1]:,} calls, CPU, start-up subtracted",
            work,
            11,
            note=f"{small.median_cpu:.2f} s → {large.median_cpu:.2f} s CPU",
        )
    )
    sizes = sorted(corpus.sizes)
    small_size, large_size = (r[f"ami-lint {mb:g} MB script"] for mb in sizes)
    grown = (large_size.median_cpu - zero.median_cpu) / max(small_size.median_cpu - zero.median_cpu, 1e-9)
    parsed = [r.get(f"tree-sitter parse, {mb:g} MB script") for mb in sizes]
    empty = r.get("tree-sitter parse, empty script")
    parser = ""
    if parsed[0] is not None and parsed[1] is not None and empty is not None:
        base = empty.median_cpu
        parser_grown = (parsed[1].median_cpu - base) / max(parsed[0].median_cpu - base, 1e-9)
        parser = f"; tree-sitter's own parse of the same scripts: {parser_grown:.2f}x"
    out.append(
        Figure(
            f"scaling: {sizes[1]:g} MB script / {sizes[0]:g} MB, CPU, start-up subtracted",
            grown,
            11,
            note=f"{small_size.median_cpu:.2f} s → {large_size.median_cpu:.2f} s CPU{parser}",
        )
    )
    if parser:
        out.append(
            Figure(
                f"scaling: tree-sitter's own parse, {sizes[1]:g} MB script / {sizes[0]:g} MB, CPU, "
                "start-up subtracted",
                parser_grown,
                None,
                note=(
                    f"{parsed[0].median_cpu:.2f} s → {parsed[1].median_cpu:.2f} s CPU, peak "  # type: ignore[union-attr]
                    f"{parsed[1].peak_mb:.0f} MiB; the floor of the figure above"  # type: ignore[union-attr]
                ),
            )
        )
    out.append(Figure("memory: typical script, peak (issue 8)", typical.peak_mb, 100, " MiB"))
    big = r["ami-lint --jobs 2 big-tree/"]
    out.append(
        Figure(
            "memory: twice the files (--jobs 2), growth of the peak per process",
            big.peak_mb / jobs2.peak_mb,
            1.5,
            note=f"{jobs2.peak_mb:.0f} → {big.peak_mb:.0f} MiB",
        )
    )
    out.append(Figure(f"memory: {calls[2]:,}-call script, peak (no blow-up)", large.peak_mb, 1024, " MiB"))
    return out


# --- the parts measured by other modules of bench/ ---------------------------------

# Each is a module of bench/ with `figures(quick: bool) -> list[Figure]`.
PARTS = ("startup", "series", "throughput", "peers", "server_latency")


def part_figures(name: str, quick: bool, loaded: bool = False) -> list[Figure]:
    """The figures of the part `name`; a part that fails is one figure not met.
    `loaded`: the run is beside a CPU hog per core, for a part whose figures
    say so (`throughput`: one process's rate is then per CPU second)."""
    if not (HERE / f"{name}.py").is_file():
        print(f"part {name}: not present")
        return []
    print(f"part {name}:", flush=True)
    try:
        module = importlib.import_module(name)
        if "loaded" in inspect.signature(module.figures).parameters:
            return list(module.figures(quick, loaded=loaded))
        return list(module.figures(quick))
    except Exception as exc:  # one part's crash is reported, the others still run
        traceback.print_exc()
        return [Figure(f"part {name}: failed", 1, 0, "", note=f"{type(exc).__name__}: {exc}")]


# --- load ---------------------------------------------------------------------------

HOG = "while True: pass"


@contextlib.contextmanager
def cpu_hogs(count: int) -> Iterator[None]:
    """`count` processes that each keep one CPU busy, stopped on the way out."""
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- main -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each short command (default 11)")
    parser.add_argument("--quick", action="store_true", help="a smaller corpus and fewer runs, for a try")
    parser.add_argument(
        "--load",
        action="store_true",
        help="run everything beside a CPU hog per core (started and stopped here): the loaded run",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="write this run's section of bench/RESULTS.md (quiet or loaded), keeping the other",
    )
    parser.add_argument("--keep", metavar="DIR", help="build the corpus in DIR and keep it")
    parser.add_argument(
        "--parts",
        metavar="NAMES",
        help=f"comma-separated parts to run besides run.py's own (default: all of {', '.join(PARTS)}); "
        "'none' for none",
    )
    args = parser.parse_args(argv)
    if args.parts is None:
        parts = PARTS
    else:
        parts = tuple(p for p in args.parts.split(",") if p and p != "none")
        unknown = [p for p in parts if p not in PARTS]
        if unknown:
            parser.error(f"no such part: {', '.join(unknown)} (parts: {', '.join(PARTS)})")

    if tool("ami-lint") is None:
        print("ami-lint is not installed: pip install .", file=sys.stderr)
        return 2
    hogs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    load = cpu_hogs(hogs) if args.load else contextlib.nullcontext()
    with load:
        if args.load:
            time.sleep(2)  # the hogs running before anything is timed
            print(f"loaded run: {hogs} CPU hogs beside it; load average {load_average()}")
        else:
            print(f"quiet run: load average {load_average()}")
        info, versions, results, figures = own_measurements(args)
        for name in parts:
            figures.extend(part_figures(name, args.quick, args.load))
        info["load average at end"] = load_average()
    print(f"load average at end: {info['load average at end']}")
    text = render(results, figures, info, versions, args)
    print()
    print(text)
    if args.write and args.quick:
        print("not written: a --quick run is a try, RESULTS.md records full runs")
    elif args.write:
        write_results(HERE / "RESULTS.md", "Loaded run" if args.load else "Quiet run", text)
        print(f"written: {HERE / 'RESULTS.md'}")
    if args.quick:
        # The goals are set for the full corpus: the small tree is too few
        # files to spread start-up and forking over, and the small scripts
        # too short for a steady ratio once start-up is taken away.
        print("quick run: a try only; the goals are judged on the full corpus (without --quick)")
    unmet = [f.name for f in figures if not f.met]
    print("every goal met" if not unmet else f"goals not met: {len(unmet)} of {len(figures)}")
    return 0 if not unmet else 1


def own_measurements(
    args: argparse.Namespace,
) -> tuple[dict[str, str], dict[str, str], dict[str, Result], list[Figure]]:
    """run.py's own measurements: latency, throughput, scaling and memory."""
    ami = tool("ami-lint")
    assert ami is not None
    aws = tool("aws")
    env = offline_env()
    runs = 3 if args.quick else args.runs
    long_runs = 3 if args.quick else 5

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ami-lint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = build_corpus(work, args.quick)
        help_text = subprocess.run([ami, "--help"], capture_output=True, text=True, env=env).stdout
        big_files = ["--max-file-size", str(1 << 30)] if "--max-file-size" in help_text else []
        versions = {
            "ami-lint": version_of([ami, "--version"], env),
            "aws": version_of([aws, "--version"], env) if aws else "not installed",
        }
        for name in ("shellcheck", "cfn-lint"):
            found = tool(name)
            versions[name] = version_of([found, "--version"], env) if found else "not installed"
        info = machine()
        info["runs"] = (
            f"{runs} of each short command, {long_runs} of each long one, after one warm-up run"
            + (" (--quick: a smaller corpus)" if args.quick else "")
        )
        for key, value in {**info, **versions}.items():
            print(f"{key}: {value}")
        print(f"corpus: {work}")

        results: dict[str, Result] = {}

        def bench(*commands: Command) -> None:
            for result in measure(list(commands), env, work):
                results[result.name] = result

        def ami_lint(name: str, args: list[str], n: int = runs, warm_up: bool = True) -> Command:
            return Command(name, [ami, *args], n, AMI_LINT_OK, warm_up)

        bench(ami_lint("ami-lint --version", ["--version"]))
        # The ratio of these two is a target: measured in turns.
        if aws:
            bench(
                ami_lint("ami-lint typical.sh", ["typical.sh"]),
                Command("aws … --generate-cli-skeleton output", [aws, *AWS_ARGS], runs, AMI_LINT_OK),
            )
        else:
            bench(ami_lint("ami-lint typical.sh", ["typical.sh"]))
            print("  aws: not installed (pip install awscli)")
        bench(ami_lint("ami-lint --jobs 1 tree/", ["--jobs", "1", "tree"], long_runs))
        bench(ami_lint("ami-lint --jobs 2 tree/", ["--jobs", "2", "tree"], long_runs))
        bench(ami_lint("ami-lint tree/ (default jobs)", ["tree"], long_runs))
        bench(ami_lint("ami-lint --jobs 2 big-tree/", ["--jobs", "2", "big-tree"], long_runs))
        # Scaling compares sizes: each series in turns. The largest takes long
        # enough that one run more (or a warm-up) would say nothing new.
        scripts = [(f"{calls}-call", path) for calls, path in sorted(corpus.scale.items())]
        bench(
            *(
                ami_lint(
                    f"ami-lint {label} script", [*big_files, path.name], *_runs(i, len(scripts), long_runs)
                )
                for i, (label, path) in enumerate(scripts)
            )
        )
        sized = [(f"{mb:g} MB", path) for mb, path in sorted(corpus.sizes.items())]
        # Beside them, in the same turns, tree-sitter's own parse of the same
        # scripts (bench/startup.py's floor) and of the empty one: what the
        # parser's scaling alone is on this machine, in this run.
        floor = [sys.executable, "-I", "-c", FLOOR]
        parses = [
            Command("tree-sitter parse, empty script", [*floor, corpus.scale[0].name], long_runs, AMI_LINT_OK)
        ]
        for i, (label, path) in enumerate(sized):
            runs_of, warm = _runs(i, len(sized), long_runs)
            parses.append(
                Command(f"tree-sitter parse, {label} script", [*floor, path.name], runs_of, AMI_LINT_OK, warm)
            )
        bench(
            *(
                ami_lint(
                    f"ami-lint {label} script", [*big_files, path.name], *_runs(i, len(sized), long_runs)
                )
                for i, (label, path) in enumerate(sized)
            ),
            *parses,
        )

        # What the front ends of other inputs cost a run over scripts: nothing.
        runbook = work / "runbook.md"
        runbook.write_text("# Register\n\n```sh\n" + TYPICAL.split("\n", 1)[1] + "```\n")
        shell = host_imports(ami, corpus.typical, env)
        book = host_imports(ami, runbook, env, shell.modules)
        print(f"  deferred front ends imported by typical.sh: {shell.deferred}")
        print(f"  by runbook.md: {book.deferred}, {book.extra_ms:.1f} ms of imports a script's run has not")

        figures = own_figures(results, corpus)
        figures.append(
            Figure(
                "start-up: other inputs' front ends imported by a run over a script",
                len(shell.deferred),
                0,
                " modules",
                note=f"a runbook's run imports {', '.join(book.deferred) or 'none'}: "
                f"{book.extra_ms:.1f} ms more",
            )
        )
        info["corpus"] = corpus_text(corpus)
        return info, versions, results, figures
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def corpus_text(corpus: Corpus) -> str:
    return (
        f"a 15-line script with one call; a tree of {corpus.tree_files} files (JSON and YAML requests, "
        "scripts, scripts reading a request with `--cli-input-json file://`, and `package.json` files "
        f"that are skipped) and one of {corpus.big_tree_files}; scripts of "
        + ", ".join(f"{n:,}" for n in sorted(corpus.scale))
        + " calls of 7 lines each; scripts of "
        + " and ".join(f"{mb:g} MB" for mb in sorted(corpus.sizes))
        + " of ordinary build steps with a call after every thousandth"
    )


def render(
    results: dict[str, Result],
    figures: list[Figure],
    info: dict[str, str],
    versions: dict[str, str],
    args: argparse.Namespace,
) -> str:
    """One run's section of RESULTS.md: the machine and load, every figure
    with its goal, and the timings of run.py's own commands."""
    title = "Loaded run" if args.load else "Quiet run"
    load = "a CPU hog per core beside every command" if args.load else "nothing else started by the benchmark"
    lines = [
        f"## {title}",
        "",
        f"`python bench/run.py{' --load' if args.load else ''}{' --quick' if args.quick else ''}`: {load}.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in {**info, **versions}.items()),
        f"| date | {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} |",
        "",
        "### Figures",
        "",
        table(figures),
        "",
        f"{sum(f.met for f in figures)} of {len(figures)} met"
        + (
            ""
            if all(f.met for f in figures)
            else f"; not met: {', '.join(f.name for f in figures if not f.met)}"
        )
        + ".",
        "",
        "### Timings of run.py's own commands",
        "",
        "| command | median ms | min ms | max ms | median CPU ms | peak MiB |",
        "|---|---|---|---|---|---|",
        *(
            f"| `{r.name}` | {r.median * 1000:.1f} | {min(r.times) * 1000:.1f} | "
            f"{max(r.times) * 1000:.1f} | {r.median_cpu * 1000:.1f} | {r.peak_mb:.1f} |"
            for r in results.values()
        ),
        "",
    ]
    return "\n".join(lines)


RESULTS_HEAD = """\
# Benchmark results

Written by `python bench/run.py --write` (issues 8 and 20): one section per
kind of run, each written by its own invocation: the quiet run (nothing else
started by the benchmark) and the loaded run (`--load`: a CPU hog per core
beside every command). Wall time of whole processes, medians; commands whose
ratio is a figure run in turns, one run of each per round; peak memory is the
largest resident set of the process or any of its workers; CPU is user plus
system time of the process and its workers. The parts of bench/ (start-up,
series, throughput, peers, the language server) report their own figures in
the same table; bench/README.md says what each measures.
"""


def write_results(path: Path, title: str, section: str) -> None:
    """Write `section` (which starts `## title`) into RESULTS.md in place of
    that title's section, keeping the other run's."""
    sections: dict[str, str] = {}
    if path.is_file():
        current: str | None = None
        for line in path.read_text().splitlines(keepends=True):
            if line.startswith("## "):
                current = line[3:].strip()
                sections[current] = ""
            if current is not None:
                sections[current] += line
    sections[title] = section.rstrip("\n") + "\n"
    order = ["Quiet run", "Loaded run"]
    kept = [sections[t] for t in order if t in sections]
    path.write_text(RESULTS_HEAD + "".join("\n" + s for s in kept))


if __name__ == "__main__":
    sys.exit(main())
