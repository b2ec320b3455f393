"""Throughput of ami-lint over many files (issue 20, item 4).

    python bench/throughput.py [--quick] [--runs N] [--keep DIR]

Builds two trees deterministically in a temporary folder:

- the bench tree of `bench/run.py` (`build_tree`: 2,200 mixed files, nearly
  all of them requests or scripts calling register-image), and
- an unrelated tree of 10,000 files resembling a real repository: Python,
  Markdown, Terraform, Go, JavaScript, YAML, shell and JSON files, none of
  them registering an image (they call other AWS operations, look up AMIs,
  deploy to Kubernetes), and a few files no front end claims.

and reports, as `Figure`s (`bench/figures.py`), with the load average of the
machine while each was measured:

- files per second of `ami-lint --jobs 1` on the bench tree;
- files per second of `ami-lint` (default `--jobs`) on the unrelated tree;
- the default `--jobs` against `--jobs 1` on the bench tree, on the machine
  as it is (idle, for the goal to mean anything);
- the same with a CPU hog (`python -c 'while 1: pass'`) on every core.

Commands compared with each other run in turns (one run of each per round)
so that a machine growing busier or quieter weighs on both alike. Exit 0
when every goal is met. `figures(quick)` is what `bench/run.py` calls.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from figures import Figure, report  # noqa: E402
from run import build_tree, offline_env, run_once, tool  # noqa: E402

# --- the unrelated tree ---------------------------------------------------------------


def _python(i: int) -> str:
    body = "".join(
        f"\n\ndef handler_{i}_{k}(event, context):\n"
        f'    """Copy object {k} of the batch to the archive bucket."""\n'
        f'    key = event["Records"][{k}]["s3"]["object"]["key"]\n'
        f"    s3.copy_object(Bucket=ARCHIVE, Key=key, CopySource={{'Bucket': SOURCE, 'Key': key}})\n"
        f'    logger.info("archived %s", key)\n'
        f"    return {{'statusCode': 200, 'body': json.dumps({{'key': key, 'n': {k}}})}}\n"
        for k in range(2 + i % 6)
    )
    return (
        f'"""Service {i}: archive uploaded objects."""\n\n'
        "import json\nimport logging\nimport os\n\nimport boto3\n\n"
        "logger = logging.getLogger(__name__)\n"
        's3 = boto3.client("s3")\nec2 = boto3.client("ec2")\n'
        f'ARCHIVE = os.environ.get("ARCHIVE_BUCKET", "archive-{i}")\n'
        f'SOURCE = "uploads-{i}"\n\n\n'
        "def latest_image(owner):\n"
        '    images = ec2.describe_images(Owners=[owner])["Images"]\n'
        '    return max(images, key=lambda image: image["CreationDate"])["ImageId"]\n' + body
    )


def _markdown(i: int) -> str:
    sections = "".join(
        f"\n## Step {k}\n\nRun the {k}th stage of the deployment of service {i}, then check the logs.\n\n"
        f"```bash\naws s3 cp build/{k}.tar.gz s3://artifacts-{i}/{k}.tar.gz\n"
        f'aws ec2 describe-images --owners self --filters "Name=name,Values=svc-{i}-*"\n```\n\n'
        f"| setting | value |\n|---|---|\n| replicas | {k + 1} |\n| region | eu-west-1 |\n"
        for k in range(1 + i % 5)
    )
    return f"# Service {i}\n\nHow to build, test and deploy service {i}.\n" + sections


def _terraform(i: int) -> str:
    lookup = (
        'data "aws_ami" "base" {\n  most_recent = true\n  owners      = ["amazon"]\n'
        '  filter {\n    name   = "name"\n    values = ["al2023-ami-*-x86_64"]\n  }\n}\n\n'
        if i % 5 == 0
        else ""
    )
    return lookup + "".join(
        f'resource "aws_instance" "web_{i}_{k}" {{\n'
        f"  ami           = var.ami_id\n"
        f'  instance_type = "t3.{["micro", "small", "medium"][k % 3]}"\n'
        f"  subnet_id     = aws_subnet.private[{k}].id\n\n"
        f'  root_block_device {{\n    volume_size = {8 + k}\n    volume_type = "gp3"\n  }}\n\n'
        f'  tags = {{\n    Name = "web-{i}-{k}"\n    Team = "platform"\n  }}\n}}\n\n'
        f'variable "count_{k}" {{\n  type    = number\n  default = {k}\n}}\n\n'
        for k in range(1 + i % 4)
    )


def _go(i: int) -> str:
    return (
        f"package service{i % 50}\n\n"
        'import (\n\t"context"\n\t"fmt"\n\n\t"github.com/aws/aws-sdk-go-v2/service/ec2"\n)\n\n'
        + "".join(
            f"// Instances{k} lists the instances of group {k}.\n"
            f"func Instances{k}(ctx context.Context, client *ec2.Client) ([]string, error) {{\n"
            f"\tout, err := client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{{MaxResults: nil}})\n"
            f'\tif err != nil {{\n\t\treturn nil, fmt.Errorf("group {k}: %w", err)\n\t}}\n'
            f"\tids := []string{{}}\n\tfor _, r := range out.Reservations {{\n"
            f"\t\tfor _, inst := range r.Instances {{\n"
            f"\t\t\tids = append(ids, *inst.InstanceId)\n\t\t}}\n\t}}\n"
            f"\treturn ids, nil\n}}\n\n"
            for k in range(1 + i % 4)
        )
    )


def _javascript(i: int) -> str:
    return (
        'import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";\n'
        'import express from "express";\n\n'
        "const app = express();\n"
        'const s3 = new S3Client({ region: "eu-west-1" });\n\n'
        + "".join(
            f'app.get("/api/{i}/item/{k}/:id", async (req, res) => {{\n'
            f"  const object = await s3.send(\n"
            f'    new GetObjectCommand({{ Bucket: "items-{i}", Key: req.params.id }}));\n'
            f'  res.set("Content-Type", object.ContentType);\n'
            f"  res.send(await object.Body.transformToString());\n}});\n\n"
            for k in range(1 + i % 5)
        )
        + f"app.listen({3000 + i % 1000});\n"
    )


def _yaml(i: int) -> str:
    if i % 3 == 0:
        return 'version: "3.9"\nservices:\n' + "".join(
            f"  app{k}:\n    image: registry.example.com/app{k}:{i}\n"
            f'    ports:\n      - "{8000 + k}:8000"\n    environment:\n'
            f"      LOG_LEVEL: info\n      SERVICE_ID: svc-{i}\n"
            for k in range(1 + i % 4)
        )
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{i}\n"
        f"  labels:\n    app: svc-{i}\nspec:\n  replicas: {1 + i % 3}\n"
        f"  selector:\n    matchLabels:\n      app: svc-{i}\n  template:\n    metadata:\n"
        f"      labels:\n        app: svc-{i}\n    spec:\n      containers:\n"
        + "".join(
            f"        - name: part{k}\n          image: registry.example.com/svc-{i}:{k}\n"
            f"          resources:\n            limits:\n              cpu: 500m\n"
            f"              memory: 256Mi\n"
            for k in range(1 + i % 3)
        )
    )


def _shell(i: int) -> str:
    return (
        "#!/usr/bin/env bash\nset -euo pipefail\n\n"
        f'ROOT="$(cd "$(dirname "${{BASH_SOURCE[0]}}")/.." && pwd)"\n'
        f'IMAGE="registry.example.com/svc-{i}"\n\n'
        + "".join(
            f"# stage {k}\n"
            f'docker build -t "$IMAGE:{k}" "$ROOT/stage{k}"\n'
            f'docker push "$IMAGE:{k}"\n'
            f'aws s3 cp "$ROOT/out/{k}.tar.gz" "s3://artifacts-{i}/{k}.tar.gz"\n'
            f'if [ -n "${{DEPLOY:-}}" ]; then\n  kubectl rollout restart deployment/svc-{i}\nfi\n\n'
            for k in range(1 + i % 5)
        )
    )


def _json(i: int) -> str:
    if i % 2:
        return (
            json.dumps({"compilerOptions": {"target": "es2022", "strict": True}, "include": ["src"]}) + "\n"
        )
    return json.dumps({"name": f"svc-{i}", "version": "1.0.0", "scripts": {"test": "jest"}}, indent=2) + "\n"


# Shares of a real repository's files (out of 20), with where each kind lives.
_KINDS: list[tuple[int, str, str, object]] = [
    (5, "src/pkg{g}", "module{i}.py", _python),
    (3, "docs/section{g}", "page{i}.md", _markdown),
    (2, "infra/stack{g}", "main{i}.tf", _terraform),
    (2, "cmd/service{g}", "service{i}.go", _go),
    (2, "web/src/view{g}", "view{i}.js", _javascript),
    (2, "deploy/env{g}", "manifest{i}.yaml", _yaml),
    (2, "scripts/group{g}", "build{i}.sh", _shell),
    (1, "web/app{g}", "config{i}.json", _json),
    (1, "assets/part{g}", "notes{i}.txt", lambda i: f"Release notes of build {i}.\n" * (1 + i % 7)),
]


def build_unrelated(root: Path, files: int = 10_000) -> int:
    """A repository-like tree of `files` files without a register-image
    call or request, in folders of about a hundred files."""
    slots = [kind for kind in _KINDS for _ in range(kind[0])]
    for i in range(files):
        _, folder, name, make = slots[i % len(slots)]
        where = root / folder.format(g=i // 400)
        where.mkdir(parents=True, exist_ok=True)
        (where / name.format(i=i)).write_text(make(i))  # type: ignore[operator]
    return files


# --- measuring ------------------------------------------------------------------------


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


@contextmanager
def cpu_hogs() -> object:
    """One busy process per core this process may use, for the length of the block."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    hogs = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(cores)]
    try:
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


def in_turns(commands: list[list[str]], runs: int, cwd: Path) -> list[tuple[float, float]]:
    """The median wall time and median CPU time (the process and its
    workers) of each command, run in turns after one warm-up run each."""
    env = offline_env()
    for argv in commands:
        run_once(argv, env, cwd)
    times: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for argv, done in zip(commands, times, strict=True):
            wall, _, _, cpu = run_once(argv, env, cwd)
            done.append((wall, cpu))
    return [(statistics.median(w for w, _ in done), statistics.median(c for _, c in done)) for done in times]


def figures(
    quick: bool = False, runs: int | None = None, keep: str | None = None, loaded: bool = False
) -> list[Figure]:
    """The throughput figures of issue 20, item 4 (`quick`: fewer runs).

    `loaded`: bench/run.py runs every command beside a CPU hog per core, so
    one process gets only a share of a core, given by the scheduler, not by
    ami-lint: the speed of one process is then its files per CPU second (the
    wall rate is in the note). On a quiet run it is the wall rate, which also
    counts any wait for the disk."""
    ami = tool("ami-lint")
    if ami is None:
        raise SystemExit("ami-lint is not installed: pip install .")
    runs = runs or (3 if quick else 7)
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ami-lint-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench = build_tree(work / "tree", 2000)
        unrelated = build_unrelated(work / "unrelated", 10_000)
        one, default = [ami, "--jobs", "1", "tree"], [ami, "tree"]

        before = load()
        (one_t, one_cpu), (default_t, _), (unrelated_t, unrelated_cpu) = in_turns(
            [one, default, [ami, "unrelated"]], runs, work
        )
        idle = f"{before}; after {load()}"
        with cpu_hogs():
            hog_before = load()
            (hog_one, _), (hog_default, _) = in_turns([one, default], runs, work)
            hogged = f"a CPU hog per core; {hog_before}; after {load()}"
        rate, per = (bench / one_cpu, "files per CPU second") if loaded else (bench / one_t, "files/s")
        return [
            Figure(
                "throughput: `--jobs 1` on the bench tree",
                rate,
                3000,
                f" {per}",
                at_most=False,
                note=(
                    f"{bench} files, {one_t:.2f} s, {bench / one_t:.0f} files/s, "
                    f"{bench / one_cpu:.0f} files per CPU second; {idle}"
                ),
            ),
            Figure(
                "throughput: unrelated files (default `--jobs`)",
                unrelated / unrelated_t,
                20000,
                " files/s",
                at_most=False,
                note=(
                    f"{unrelated} files, {unrelated_t:.2f} s, "
                    f"{unrelated / unrelated_cpu:.0f} files per CPU second; {idle}"
                ),
            ),
            # Beside bench/run.py's hogs no core is idle: the idle speed-up
            # is the quiet run's figure, and here only context.
            Figure(
                "throughput: default `--jobs` speed-up over `--jobs 1`, "
                + ("not idle (bench/run.py's CPU hogs beside it)" if loaded else "idle"),
                one_t / default_t,
                None if loaded else 1.7,
                at_most=False,
                note=f"{default_t:.2f} s against {one_t:.2f} s; {idle}",
            ),
            Figure(
                "throughput: default `--jobs` speed-up over `--jobs 1`, loaded",
                hog_one / hog_default,
                1.0,
                at_most=False,
                note=f"{hog_default:.2f} s against {hog_one:.2f} s; {hogged}",
            ),
        ]
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each command instead of 7")
    parser.add_argument("--runs", type=int, help="runs of each command")
    parser.add_argument("--keep", metavar="DIR", help="build the trees in DIR and keep them")
    args = parser.parse_args(argv)
    return report(figures(args.quick, args.runs, args.keep))


if __name__ == "__main__":
    sys.exit(main())
