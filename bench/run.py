"""Benchmark of ami-lint against the targets of issue 8, side by side with the
AWS CLI's own local check of the same request and, for context, cfn-lint.

    python bench/run.py [--runs N] [--quick] [--keep DIR] [--no-write]

Builds its corpus deterministically in a temporary folder, runs every command
N times as a separate process (wall time with `time.perf_counter`, peak
memory of the process and its workers from `os.wait4`), prints a table of
medians, minima and maxima, checks each target and writes `bench/RESULTS.md`.
Needs `pip install .` (ami-lint) and `pip install awscli` (the oracle); a
cfn-lint on the PATH is used when present. No network: the AWS CLI is given a
region and no credentials or instance metadata.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

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
# A comparable CloudFormation template for cfn-lint: an image's launch settings
# with the same block device mapping mistake.
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
    cfn_template: Path
    tree: Path
    tree_files: int
    big_tree: Path
    big_tree_files: int
    scale: dict[int, Path] = field(default_factory=dict)
    sizes: dict[float, Path] = field(default_factory=dict)  # MB -> script


def build_corpus(root: Path, quick: bool) -> Corpus:
    typical = root / "typical.sh"
    typical.write_text(TYPICAL)
    cfn = root / "template.yaml"
    cfn.write_text(CFN_TEMPLATE)
    tree = root / "tree"
    tree_files = build_tree(tree, 500 if quick else 2000)
    big_tree = root / "big-tree"
    big_tree_files = build_tree(big_tree, 1000 if quick else 4000)
    corpus = Corpus(root, typical, cfn, tree, tree_files, big_tree, big_tree_files)
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
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


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


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    ratio: float  # measured / limit: at most 1 when met
    met: bool


# Run in the interpreter of ami-lint: lint a file as the command does, then
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


def targets(r: dict[str, Result], corpus: Corpus) -> list[Target]:
    out: list[Target] = []
    typical, aws = r["ami-lint typical.sh"], r.get("aws … --generate-cli-skeleton output")
    if aws is not None:
        ratio = typical.median / aws.median
        out.append(
            Target(
                "latency: typical 15-line script ≤ 0.15 x AWS CLI",
                f"{typical.median * 1000:.0f} ms vs {aws.median * 1000:.0f} ms",
                "0.15x",
                ratio / 0.15,
                ratio <= 0.15,
            )
        )
    out.append(
        Target(
            "latency: typical script ≤ 150 ms",
            f"{typical.median * 1000:.0f} ms",
            "150 ms",
            typical.median / 0.150,
            typical.median <= 0.150,
        )
    )
    version = r["ami-lint --version"]
    out.append(
        Target(
            "latency: --version ≤ 60 ms",
            f"{version.median * 1000:.0f} ms",
            "60 ms",
            version.median / 0.060,
            version.median <= 0.060,
        )
    )
    jobs2 = r["ami-lint --jobs 2 tree/"]
    rate = corpus.tree_files / jobs2.median
    out.append(
        Target(
            "throughput: mixed tree with --jobs 2 ≥ 1,000 files/s",
            f"{rate:,.0f} files/s ({corpus.tree_files} files)",
            "1,000 files/s",
            1000 / rate,
            rate >= 1000,
        )
    )
    calls = sorted(corpus.scale)
    zero, small, large = (r[f"ami-lint {n}-call script"] for n in calls)
    raw = large.median / small.median
    out.append(
        Target(
            f"scaling: {calls[2]:,} calls ≤ 11 x {calls[1]:,} calls",
            f"{raw:.2f}x ({small.median:.2f} s → {large.median:.2f} s)",
            "11x",
            raw / 11,
            raw <= 11,
        )
    )
    # The same in CPU time, which waiting for a busy machine's CPUs does not
    # inflate, and without the fixed start-up cost (the empty script).
    work = (large.median_cpu - zero.median_cpu) / max(small.median_cpu - zero.median_cpu, 1e-9)
    out.append(
        Target(
            "scaling: CPU time of the lint work (start-up subtracted) ≤ 11x",
            f"{work:.2f}x ({small.median_cpu:.2f} s → {large.median_cpu:.2f} s CPU)",
            "11x",
            work / 11,
            work <= 11,
        )
    )
    sizes = sorted(corpus.sizes)
    small_size, large_size = (r[f"ami-lint {mb:g} MB script"] for mb in sizes)
    grown = (large_size.median_cpu - zero.median_cpu) / max(small_size.median_cpu - zero.median_cpu, 1e-9)
    out.append(
        Target(
            f"scaling: {sizes[1]:g} MB script ≤ 11 x {sizes[0]:g} MB (CPU, start-up subtracted)",
            f"{grown:.2f}x ({small_size.median_cpu:.2f} s → {large_size.median_cpu:.2f} s CPU)",
            "11x",
            grown / 11,
            grown <= 11,
        )
    )
    out.append(
        Target(
            "memory: typical script ≤ 100 MiB peak",
            f"{typical.peak_mb:.0f} MiB",
            "100 MiB",
            typical.peak_mb / 100,
            typical.peak_mb <= 100,
        )
    )
    big = r["ami-lint --jobs 2 big-tree/"]
    out.append(
        Target(
            "memory: bounded on large trees (2x the files, --jobs 2)",
            f"{jobs2.peak_mb:.0f} → {big.peak_mb:.0f} MiB per process",
            "< 1.5x growth",
            (big.peak_mb / jobs2.peak_mb) / 1.5,
            big.peak_mb <= 1.5 * jobs2.peak_mb,
        )
    )
    out.append(
        Target(
            f"memory: {calls[2]:,}-call script ≤ 1 GiB peak (no blow-up)",
            f"{large.peak_mb:.0f} MiB",
            "1024 MiB",
            large.peak_mb / 1024,
            large.peak_mb <= 1024,
        )
    )
    return out


# --- main -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each short command (default 11)")
    parser.add_argument(
        "--quick", action="store_true", help="a smaller corpus and fewer runs, for a try (prints only)"
    )
    parser.add_argument("--keep", metavar="DIR", help="build the corpus in DIR and keep it")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)

    ami = tool("ami-lint")
    if ami is None:
        print("ami-lint is not installed: pip install .", file=sys.stderr)
        return 2
    aws, cfn = tool("aws"), tool("cfn-lint")
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
            "cfn-lint": version_of([cfn, "--version"], env) if cfn else "not installed",
        }
        info = machine()
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
        if cfn:
            # cfn-lint's exit code is a bit mask of the levels it found.
            bench(Command("cfn-lint template.yaml (context)", [cfn, "template.yaml"], max(3, runs // 2), ANY))
        else:
            print("  cfn-lint: not installed (context only)")
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
        bench(
            *(
                ami_lint(
                    f"ami-lint {label} script", [*big_files, path.name], *_runs(i, len(sized), long_runs)
                )
                for i, (label, path) in enumerate(sized)
            )
        )

        # What the front ends of other inputs cost a run over scripts: nothing.
        runbook = work / "runbook.md"
        runbook.write_text("# Register\n\n```sh\n" + TYPICAL.split("\n", 1)[1] + "```\n")
        shell = host_imports(ami, corpus.typical, env)
        book = host_imports(ami, runbook, env, shell.modules)
        print(f"  deferred front ends imported by typical.sh: {shell.deferred}")
        print(f"  by runbook.md: {book.deferred}, {book.extra_ms:.1f} ms of imports a script's run has not")

        checked = targets(results, corpus)
        checked.append(
            Target(
                "start-up: a run over a script imports no other input's front end",
                f"{len(shell.deferred)} modules (a runbook's run imports "
                f"{', '.join(book.deferred) or 'none'}: {book.extra_ms:.1f} ms more)",
                "0 modules",
                float(len(shell.deferred)),
                not shell.deferred,
            )
        )
        report = render(results, checked, corpus, info, versions, runs, long_runs)
        print()
        print(report)
        if args.quick:
            # The targets are set for the full corpus: the small tree is too
            # few files to spread start-up and forking over, and the small
            # scripts too short for a steady ratio once start-up is taken away.
            print(
                "quick run: a try only, RESULTS.md left as it is; "
                "the targets are judged on the full corpus (without --quick)"
            )
        elif not args.no_write:
            (HERE / "RESULTS.md").write_text(report)
            print(f"written: {HERE / 'RESULTS.md'}")
        return 0 if all(t.met for t in checked) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def render(
    results: dict[str, Result],
    checked: list[Target],
    corpus: Corpus,
    info: dict[str, str],
    versions: dict[str, str],
    runs: int,
    long_runs: int,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py` (issue 8). Wall time of whole processes, "
        f"{runs} runs of each short command and {long_runs} of each long one after one warm-up run "
        "(the largest script: 3 runs, no warm-up); commands whose ratio is a target (the typical "
        "script and the AWS CLI, each series of scripts) run in turns, one run of each per round; "
        "peak memory is the largest resident set of the process or any of its workers. "
        "CPU is user plus system time of the process and its workers: on an idle machine a "
        "one-process command's wall time is close to it, and the gap shows how busy the machine was.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in {**info, **versions}.items()),
        f"| date | {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} |",
        "",
        "## Targets",
        "",
        "| target | measured | limit | ratio to limit | met |",
        "|---|---|---|---|---|",
        *(
            f"| {t.name} | {t.measured} | {t.limit} | {t.ratio:.2f} | {'yes' if t.met else '**no**'} |"
            for t in checked
        ),
        "",
        "## Timings",
        "",
        "| command | median ms | min ms | max ms | median CPU ms | peak MiB |",
        "|---|---|---|---|---|---|",
        *(
            f"| `{r.name}` | {r.median * 1000:.1f} | {min(r.times) * 1000:.1f} | "
            f"{max(r.times) * 1000:.1f} | {r.median_cpu * 1000:.1f} | {r.peak_mb:.1f} |"
            for r in results.values()
        ),
        "",
        "Corpus (built afresh by the script): a 15-line script with one call; a tree of "
        f"{corpus.tree_files} files (JSON and YAML requests, scripts, scripts reading a request "
        "with `--cli-input-json file://`, and `package.json` files that are skipped) and one of "
        f"{corpus.big_tree_files}; scripts of "
        + ", ".join(f"{n:,}" for n in sorted(corpus.scale))
        + " calls of 7 lines each; scripts of "
        + " and ".join(f"{mb:g} MB" for mb in sorted(corpus.sizes))
        + " of ordinary build steps (conditions, pipelines, assignments) with a call after every"
        " thousandth. The AWS CLI runs `aws ec2 register-image … --generate-cli-skeleton "
        "output` on the typical script's request, offline; cfn-lint checks a launch template with the "
        "same block device mapping.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
