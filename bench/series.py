"""Linear on every pattern, and bounded memory (issue 20, items 2 and 3).

    python bench/series.py [--quick] [--runs N] [--keep DIR] [--large] [--ami-lint PATH] [--only WORD]

Each series is one kind of file that grows by repeating one unit: many plain
calls, many captured calls (`ID=$(aws …)`), many variables and `+=`, many
here-documents, a long Markdown runbook, a large Terraform file, a large
Python program. Each is built deterministically with 1 unit (start-up), n
and 10n units, 10n the most units that stay within the default
`--max-file-size` (1 MiB; a quarter of it with `--quick`, ten times it with
`--large`, the limit raised). The commands run in turns, one run of each per
round.

Figures, per series:

- time: (t(10n) - t(1)) / (t(n) - t(1)) ≤ 11, t the median CPU time (user +
  system, `os.wait4`) of `ami-lint --select ALL FILE`. CPU time: waiting for
  a busy machine's CPUs does not count. Start-up is the run over the file of
  one unit rather than an empty one: an empty file is skipped before the
  rules are loaded, and its run would leave their import in the lint work;
- memory over the floor: (peak(10n) - peak(1)) / (floor(10n) - floor(1))
  ≤ 1.3. `peak` is the peak resident set of the `ami-lint` run (GNU
  time's `%M` when there is one, else `ru_maxrss` from `os.wait4`);
  `floor` that of a `python -I` process that imports tree-sitter and the
  series' grammar, reads the file and parses it (for Markdown, the text of
  its code blocks, which is what ami-lint parses), keeping the tree. Both
  subtract their run over the file of one unit, so the interpreter, the
  imports and the grammar drop out: the floor is the bytes read and
  tree-sitter's own tree, ours everything linting the file adds;
- memory: peak(10n) ≤ 100 MiB, the whole process, for a file at the size limit.

Exit code 0 when every figure is met. `figures(quick)` gives them to
`bench/run.py`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figure, report

LIMIT = 1024 * 1024  # ami_lint.readers.ReadLimits.max_file_size
TIME_GOAL = 11.0
FLOOR_GOAL = 1.3
PEAK_GOAL = 100.0  # MiB

VOLUMES = ("gp3", "io1", "io2", "gp2", "st1")
ARCHES = ("x86_64", "arm64", "amd64")


# --- the series -------------------------------------------------------------------


def _options(i: int, indent: str = "  ") -> str:
    """The options of the `i`th call (a mistake in some: io1 without Iops, amd64)."""
    volume = VOLUMES[i % len(VOLUMES)]
    iops = ",Iops=100" if i % 3 == 0 else ""
    return (
        f'{indent}--name "build-{i}" --architecture {ARCHES[i % len(ARCHES)]} \\\n'
        f"{indent}--virtualization-type hvm --ena-support --imds-support v2.0 \\\n"
        f"{indent}--root-device-name /dev/xvda \\\n"
        f'{indent}--block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId=snap-{i:017x},'
        f'VolumeType={volume}{iops}}}"'
    )


def plain(i: int) -> str:
    return f"aws ec2 register-image \\\n{_options(i)} \\\n  --query ImageId --output text\n"


def captured(i: int) -> str:
    """`X=$(aws …)`: the same name again and again, and names of their own;
    some parsed with jq, most used as they are (AMI408 at each)."""
    name = "IMAGE_ID" if i % 2 else f"IMAGE_{i}"
    use = f'jq -r .ImageId <<< "${name}"' if i % 5 == 0 else f'echo "registered ${name}"'
    return (
        f"{name}=$(aws ec2 register-image \\\n{_options(i)} \\\n  --query ImageId)\n"
        f"{use}\n"
        f'aws ec2 create-tags --resources "${name}" --tags Key=build,Value={i}\n'
    )


def variables(i: int) -> str:
    """Values built in variables and `+=` (strings and arrays), some names
    set again and again, some of their own, read by the call."""
    volume = VOLUMES[i % len(VOLUMES)]
    return (
        f'NAME_{i}="build-{i}"\n'
        f"VTYPE={volume}\n"
        'MAP="DeviceName=/dev/xvda"\n'
        f'MAP+=",Ebs={{SnapshotId=snap-{i:017x},VolumeType=$VTYPE"\n'
        f'MAP+="{",Iops=100" if i % 3 == 0 else ""}}}"\n'
        f"flags=(--virtualization-type hvm)\n"
        f"flags+=(--architecture {ARCHES[i % len(ARCHES)]} --ena-support)\n"
        f'aws ec2 register-image --name "$NAME_{i}" "${{flags[@]}}" --root-device-name /dev/xvda \\\n'
        '  --block-device-mappings "$MAP" --query ImageId --output text\n'
    )


def heredocs(i: int) -> str:
    """A request written by a here-document and read through `file://` (a
    file of its own, or the same one again), and a heredoc that only prints."""
    path = "request.json" if i % 2 else f"request-{i}.json"
    volume = VOLUMES[i % len(VOLUMES)]
    return (
        f"cat > {path} <<EOF\n"
        "{\n"
        f'  "Name": "build-{i}",\n'
        f'  "Architecture": "{ARCHES[i % len(ARCHES)]}",\n'
        '  "VirtualizationType": "hvm",\n'
        '  "RootDeviceName": "/dev/xvda",\n'
        '  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",\n'
        f'    "Ebs": {{"SnapshotId": "snap-{i:017x}", "VolumeType": "{volume}"}}}}]\n'
        "}\n"
        "EOF\n"
        f"cat <<'NOTE'\nregistering build {i}\nNOTE\n"
        f"aws ec2 register-image --cli-input-json file://{path} --ena-support --query ImageId --output text\n"
    )


def runbook(i: int) -> str:
    """A runbook's section: prose, a shell block with a call, a terminal
    session, a block of something else."""
    return (
        f"## Step {i}: register build {i}\n\n"
        f"Register the image of build {i} from its snapshot. Check the\n"
        "snapshot is `completed` first, then run:\n\n"
        "```sh\n"
        f"{plain(i)}"
        "```\n\n"
        "The command prints the image id:\n\n"
        "```console\n"
        f"$ aws ec2 describe-images --image-ids ami-{i:017x}\n"
        '{"Images": []}\n'
        "```\n\n"
        f"- [ ] tag build {i}\n- [ ] tell the team\n\n"
    )


def terraform(i: int) -> str:
    volume = VOLUMES[i % len(VOLUMES)]
    iops = "    iops        = 100\n" if i % 3 == 0 else ""
    return (
        f'resource "aws_ami" "build_{i}" {{\n'
        f'  name                = "build-{i}"\n'
        '  virtualization_type = "hvm"\n'
        f'  architecture        = "{ARCHES[i % 2]}"\n'
        "  ena_support         = true\n"
        '  root_device_name    = "/dev/xvda"\n'
        "  ebs_block_device {\n"
        '    device_name = "/dev/xvda"\n'
        f'    snapshot_id = "snap-{i:017x}"\n'
        f'    volume_type = "{volume}"\n'
        f"{iops}"
        "  }\n"
        f'  tags = {{ build = "{i}" }}\n'
        "}\n\n"
    )


def python(i: int) -> str:
    volume = VOLUMES[i % len(VOLUMES)]
    iops = ', "Iops": 100' if i % 3 == 0 else ""
    return (
        f"def register_{i}(ec2):\n"
        f'    vtype = "{volume}"\n'
        f'    ebs = {{"SnapshotId": "snap-{i:017x}", "VolumeType": vtype{iops}}}\n'
        "    response = ec2.register_image(\n"
        f'        Name="build-{i}",\n'
        f'        Architecture="{ARCHES[i % len(ARCHES)]}",\n'
        '        VirtualizationType="hvm",\n'
        "        EnaSupport=True,\n"
        '        RootDeviceName="/dev/xvda",\n'
        '        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": ebs}],\n'
        "    )\n"
        '    return response["ImageId"]\n\n\n'
    )


@dataclass(frozen=True)
class Series:
    name: str
    file: str  # the file's name: its front end
    head: str  # what stands before the repeated units (the empty file)
    unit: Callable[[int], str]
    grammar: str  # the tree-sitter grammar of the floor
    fenced: bool = False  # the floor parses the code blocks, not the whole file

    def text(self, units: int) -> str:
        return self.head + "".join(self.unit(i) for i in range(units))


SHEBANG = "#!/bin/bash\nset -euo pipefail\n"
SERIES = (
    Series("plain calls", "calls.sh", SHEBANG, plain, "bash"),
    Series("captured calls", "captured.sh", SHEBANG, captured, "bash"),
    Series("variables and +=", "variables.sh", SHEBANG, variables, "bash"),
    Series("heredocs", "heredocs.sh", SHEBANG, heredocs, "bash"),
    Series(
        "Markdown runbook", "RUNBOOK.md", "# Runbook\n\nHow builds are registered.\n\n", runbook, "bash", True
    ),
    Series("Terraform", "main.tf", 'provider "aws" {\n  region = "eu-west-1"\n}\n\n', terraform, "hcl"),
    Series("Python", "register.py", "import boto3\n\nEC2 = boto3.client('ec2')\n\n\n", python, "python"),
)


def sizes(series: Series, limit: int) -> tuple[int, int]:
    """n and 10n: 10n the most units whose file stays within `limit` bytes."""
    per_unit = len(series.text(100).encode()) - len(series.head.encode())
    units = (limit - len(series.head.encode())) * 100 // per_unit
    while len(series.text(units).encode()) > limit:
        units -= 1
    tenth = units // 10
    return tenth, tenth * 10


def fenced_code(text: str) -> str:
    """The text of a Markdown document's fenced code blocks, one after the other."""
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(("```", "~~~")):
            inside = not inside
        elif inside:
            out.append(line)
    return "".join(out)


# --- measuring ---------------------------------------------------------------------

FLOOR = """
import sys
import tree_sitter
import tree_sitter_{grammar} as grammar
language = grammar.language
parser = tree_sitter.Parser(tree_sitter.Language(language()))
with open(sys.argv[1], "rb") as f:
    data = f.read()
tree = parser.parse(data)
"""


@dataclass
class Run:
    cpu: float  # seconds, user + system
    peak: float  # MiB


# GNU time reports the peak of the command itself; `os.wait4` may report this
# process's own for a child it forked (as `bench/run.py` says).
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
MAXRSS_TAG = "series-maxrss-kib="


def run_once(argv: list[str], cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [GNU_TIME, "-f", MAXRSS_TAG + "%M", *argv] if GNU_TIME else argv
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with {code}: {err}")
    peak_kib = float(usage.ru_maxrss)
    tagged = [line for line in err.splitlines() if line.startswith(MAXRSS_TAG)]
    if tagged:
        peak_kib = float(tagged[-1][len(MAXRSS_TAG) :])
    return Run(usage.ru_utime + usage.ru_stime, peak_kib / 1024)


def measure(commands: list[list[str]], runs: int, cwd: Path) -> list[list[Run]]:
    """Each command `runs` times, in turns (one run of each per round)."""
    done: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for argv, out in zip(commands, done, strict=True):
            out.append(run_once(argv, cwd))
    return done


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: pip install .")
    return found


def _median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def _peak(runs: list[Run]) -> float:
    return max(r.peak for r in runs)


def figures(
    quick: bool = False,
    runs: int | None = None,
    keep: Path | None = None,
    large: bool = False,
    ami: str | None = None,
    only: str | None = None,
) -> list[Figure]:
    """The figures of every series (see the module). `large`: n and 10n ten
    times as large (10n ten times the size limit, which is raised for it)."""
    runs = runs or (3 if quick else 5)
    limit = LIMIT // 4 if quick else LIMIT
    size = limit * 10 if large else limit
    ami = ami or tool("ami-lint")
    work = keep or Path(tempfile.mkdtemp(prefix="ami-lint-series-"))
    work.mkdir(parents=True, exist_ok=True)
    raised = ["--max-file-size", str(size * 2)] if large else []
    out: list[Figure] = []
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"series: 10n within {size:,} bytes, {runs} runs each, load average {load}", file=sys.stderr)
    try:
        for series in SERIES:
            if only is not None and only.lower() not in series.name.lower():
                continue
            n, ten_n = sizes(series, size)
            paths = []
            for units in (1, n, ten_n):
                folder = work / f"{series.file}-{units}"
                folder.mkdir(exist_ok=True)
                path = folder / series.file
                text = series.text(units)
                path.write_text(text, encoding="utf-8")
                floor_path = folder / "floor.txt"
                floor_path.write_text(fenced_code(text) if series.fenced else text, encoding="utf-8")
                paths.append((path, floor_path))
            lint = [[ami, "--select", "ALL", *raised, str(p)] for p, _ in paths]
            floor = [
                [sys.executable, "-I", "-c", FLOOR.format(grammar=series.grammar), str(f)] for _, f in paths
            ]
            for argv in lint:
                run_once(argv, work)  # warm-up: bytecode, page cache
            timed = measure(lint + floor, runs, work)
            (one, small, big), (floor_one, _, floor_big) = timed[:3], timed[3:]
            start = _median_cpu(one)
            work_ratio = (_median_cpu(big) - start) / max(_median_cpu(small) - start, 1e-9)
            ours = _peak(big) - _peak(one)
            floor_mib = _peak(floor_big) - _peak(floor_one)
            size_kib = paths[2][0].stat().st_size / 1024
            out.append(
                Figure(
                    f"linear: {series.name}, {ten_n:,} vs {n:,} (CPU, start-up subtracted)",
                    work_ratio,
                    TIME_GOAL,
                    note=f"{_median_cpu(small) - start:.2f} s → {_median_cpu(big) - start:.2f} s "
                    f"over a start-up of {start:.2f} s",
                )
            )
            out.append(
                Figure(
                    f"memory: {series.name}, {size_kib:,.0f} KiB, over tree-sitter's tree",
                    ours / max(floor_mib, 1e-9),
                    FLOOR_GOAL,
                    note=f"{ours:.1f} MiB vs {floor_mib:.1f} MiB",
                )
            )
            if not large:
                out.append(
                    Figure(
                        f"memory: {series.name}, {size_kib:,.0f} KiB, peak",
                        _peak(big),
                        PEAK_GOAL,
                        unit=" MiB",
                    )
                )
            for figure in out[-3:] if not large else out[-2:]:
                print(figure.row(), file=sys.stderr, flush=True)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="files of a quarter of the size limit, 3 runs")
    parser.add_argument("--runs", type=int, help="runs of each command (default 5; 3 with --quick)")
    parser.add_argument("--keep", metavar="DIR", type=Path, help="build the files in DIR and keep them")
    parser.add_argument(
        "--large", action="store_true", help="n and 10n ten times as large (the size limit raised): slow"
    )
    parser.add_argument("--ami-lint", metavar="PATH", help="the ami-lint to run (default: the installed one)")
    parser.add_argument("--only", metavar="WORD", help="only the series whose name holds WORD")
    args = parser.parse_args(argv)
    return report(figures(args.quick, args.runs, args.keep, args.large, args.ami_lint, args.only))


if __name__ == "__main__":
    sys.exit(main())
