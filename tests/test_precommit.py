"""The hook of `.pre-commit-hooks.yaml` through the real `pre-commit`.

A repository that uses this one as a hook repository (a temporary commit of
the working tree, as pre-commit needs a git commit to check out) runs the
hook: pre-commit installs ami-lint with pip into an environment of its own and
passes it the staged JSON, YAML and shell files. Unrelated files of those
kinds (`package.json`, a CI workflow, a build script) must pass quietly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

BAD_REQUEST = '{"Name": "web-1", "Architecture": "amd64", "ImageLocation": "b/i.manifest.xml"}\n'
BAD_SCRIPT = "#!/bin/bash\naws ec2 register-image --name web-2 --ena-support true \\\n  --cli-input-json file://request.json\n"
BAD_RUNBOOK = (
    "# Release\n\n1. Register:\n\n   ```sh\n"
    "   aws ec2 register-image --name web-3 --architecture amd64\n   ```\n"
)
BAD_WORKFLOW = (
    "on: push\njobs:\n  ami:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
    "          aws ec2 register-image --name web-3 --architecture amd64 \\\n"
    "            --virtualization-type hvm --ena-support --imds-support v2.0 --boot-mode uefi \\\n"
    "            --root-device-name /dev/xvda --block-device-mappings \\\n"
    "            'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'\n"
)
UNRELATED = {
    "package.json": '{"name": "web", "version": "1.0.0", "scripts": {"test": "jest"}}\n',
    ".github/workflows/ci.yaml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n",
    "build.sh": "#!/bin/sh\nset -e\nmake all\naws s3 cp dist/ s3://bucket/ --recursive\n",
    "README.md": "# web\n",
    "docker/Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache make\n",
    "Jenkinsfile": "node {\n  sh 'make test'\n}\n",
    "Makefile": "all:\n\t@echo building\n\taws s3 cp dist/ s3://bucket/ --recursive\n",
    "src/index.js": "import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({});\n",
    "src/app.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
    "vault/server.hcl": 'storage "file" {\n  path = "/vault/data"\n}\n',
    "packer/ebs.pkr.hcl": 'source "amazon-ebs" "web" {\n  ami_name = "web"\n}\n',
    "infra/vpc.tf": 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    "infra/terraform.tfvars": 'region = "us-east-1"\n',
    "tools/upload.py": "import boto3\nboto3.client('s3').upload_file('a', 'b', 'c')\n",
    "cmd/main.go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("web") }\n',
}
BAD_TYPESCRIPT = (
    'import { EC2Client, RegisterImageCommand } from "@aws-sdk/client-ec2";\n'
    'await new EC2Client({}).send(new RegisterImageCommand({ Name: "web-5", Architecture: "amd64",\n'
    '  VirtualizationType: "hvm", EnaSupport: true, ImageLocation: "b/i.manifest.xml" }));\n'
)
BAD_TERRAFORM = (
    'resource "aws_ami" "web" {\n  name                = "web-5"\n  architecture        = "amd64"\n'
    '  virtualization_type = "hvm"\n  ena_support         = true\n  imds_support        = "v2.0"\n'
    '  root_device_name    = "/dev/xvda"\n  ebs_block_device {\n    device_name = "/dev/xvda"\n'
    '    snapshot_id = "snap-0123456789abcdef0"\n    volume_type = "gp3"\n  }\n}\n'
)
BAD_DOCKERFILE = (
    "FROM amazon/aws-cli\nRUN aws ec2 register-image --name web-3 --architecture amd64 \\\n"
    "    --virtualization-type hvm --ena-support --image-location b/i.manifest.xml\n"
)
BAD_JENKINSFILE = (
    "node {\n  sh '''aws ec2 register-image --name web-4 --architecture amd64 \\\\\n"
    "    --virtualization-type hvm --ena-support --image-location b/i.manifest.xml'''\n}\n"
)
BAD_PYTHON = (
    "import boto3\nboto3.client('ec2').register_image(Name='web-5', Architecture='amd64',\n"
    "    VirtualizationType='hvm', EnaSupport=True, ImageLocation='b/i.manifest.xml')\n"
)
BAD_PACKER = (
    'source "amazon-ebssurrogate" "web" {\n  ami_name = "web-5"\n  ami_architecture = "amd64"\n'
    '  ami_virtualization_type = "hvm"\n  ena_support = true\n'
    '  launch_block_device_mappings {\n    device_name = "/dev/xvdf"\n    volume_size = 8\n  }\n'
    '  ami_root_device {\n    source_device_name = "/dev/xvdf"\n    device_name = "/dev/xvda"\n  }\n}\n'
)
BAD_GO = (
    "package main\n\nfunc register() {\n\t_, _ = svc.RegisterImage(&ec2.RegisterImageInput{\n"
    '\t\tName: aws.String("web-5"), Architecture: aws.String("amd64"), VirtualizationType: aws.String(\n'
    '"hvm"), EnaSupport: aws.Bool(true), ImageLocation: aws.String("b/i.manifest.xml"),\n\t})\n}\n'
)
BAD_MAKEFILE = (
    "image:\n\t@aws ec2 register-image --name web-3 --image-location b/i.manifest.xml --architecture amd64\n"
)


def _git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=ami-lint tests", "-c", "user.email=tests@ami-lint.invalid",
               "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]  # fmt: skip
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def _hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """A git repository holding this working tree (tracked and new files, not
    ignored ones) in one commit, and that commit's id."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        pytest.skip("not run from a git checkout of ami-lint: no hook repository to commit")
    hook = tmp_path / "hook-repo"
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            target = hook / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(hook, "init", "-q")
    _git(hook, "add", "-A")
    _git(hook, "commit", "-q", "-m", "ami-lint under test")
    return hook, _git(hook, "rev-parse", "HEAD")


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_hook_through_real_pre_commit(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extras)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit cannot run without it")
    hook, rev = _hook_repository(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    # The README's snippet, pointing at the commit under test.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"^## pre-commit\n.*?^```yaml\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    assert snippet is not None
    config = re.sub(r"(?m)^(\s*- repo: ).*$", rf"\g<1>{hook.as_posix()}", snippet.group(1))
    config = re.sub(r"(?m)^(\s*rev: ).*$", rf"\g<1>{rev}", config)
    _write(project, ".pre-commit-config.yaml", config)
    _write(project, "images/request.json", BAD_REQUEST)
    _write(project, "images/register.sh", BAD_SCRIPT)
    _write(project, "docs/RUNBOOK.md", BAD_RUNBOOK)
    _write(project, "images/Dockerfile", BAD_DOCKERFILE)
    _write(project, "ci/release.jenkinsfile", BAD_JENKINSFILE)
    _write(project, "images/image.mk", BAD_MAKEFILE)
    _write(project, "tools/register.ts", BAD_TYPESCRIPT)
    _write(project, "images/web.pkr.hcl", BAD_PACKER)
    _write(project, "infra/ami.tf", BAD_TERRAFORM)
    _write(project, "tools/register.py", BAD_PYTHON)
    _write(project, "tools/register.go", BAD_GO)
    # A workflow is YAML to pre-commit: its `run:` is checked at the line it is written on.
    _write(project, ".github/workflows/ami.yml", BAD_WORKFLOW)
    # Excluded by the configuration: pre-commit names it, the hook still skips it.
    _write(project, ".ami-lint.yaml", "exclude: [legacy/]\n")
    _write(project, "legacy/old-request.json", BAD_REQUEST)
    for name, text in UNRELATED.items():
        _write(project, name, text)
    _git(project, "add", "-A")

    env = dict(os.environ)
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never", NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"],
            cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    failed = pre_commit()
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "ami-lint" in output and "Failed" in output
    assert "images/request.json:1:35: error AMI104" in output
    assert "images/register.sh:2:51: error AMI402" in output
    assert "docs/RUNBOOK.md:6:55: error AMI104" in output
    assert "images/Dockerfile:2:56: error AMI104" in output
    assert "ci/release.jenkinsfile:2:60: error AMI104" in output
    assert "images/image.mk:2:88: error AMI104" in output
    assert "images/web.pkr.hcl:3:22: error AMI104" in output
    assert "infra/ami.tf:3:25: error AMI104" in output
    assert "tools/register.py:2:63: error AMI104" in output
    assert "tools/register.go:5:55: error AMI104" in output
    assert ".github/workflows/ami.yml:7:62: error AMI104" in output
    assert "tools/register.ts:2:86: error AMI104" in output
    for name in UNRELATED:
        assert name not in output
    assert "legacy/" not in output

    _write(project, "images/request.json", BAD_REQUEST.replace("amd64", "x86_64"))
    _write(
        project,
        "images/register.sh",
        BAD_SCRIPT.replace(" true", "").replace("--name", "--virtualization-type hvm --name"),
    )
    _write(
        project,
        "docs/RUNBOOK.md",
        BAD_RUNBOOK.replace("amd64", "x86_64 --cli-input-json file://../images/request.json"),
    )
    _write(project, "images/Dockerfile", BAD_DOCKERFILE.replace("amd64", "x86_64"))
    _write(project, "ci/release.jenkinsfile", BAD_JENKINSFILE.replace("amd64", "x86_64"))
    _write(project, "images/image.mk", BAD_MAKEFILE.replace("amd64", "x86_64"))
    _write(project, "tools/register.ts", BAD_TYPESCRIPT.replace("amd64", "x86_64"))
    _write(project, "images/web.pkr.hcl", BAD_PACKER.replace("amd64", "x86_64"))
    _write(project, "infra/ami.tf", BAD_TERRAFORM.replace("amd64", "x86_64"))
    _write(project, "tools/register.py", BAD_PYTHON.replace("amd64", "x86_64"))
    _write(project, "tools/register.go", BAD_GO.replace("amd64", "x86_64"))
    _write(project, ".github/workflows/ami.yml", BAD_WORKFLOW.replace("amd64", "x86_64"))
    _git(project, "add", "-A")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_readme_snippet_as_written_against_a_clone(tmp_path: Path) -> None:
    """The README's snippet with its `rev:` as written (the release tag), only
    `repo:` pointing at a local clone of this repository instead of GitHub."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extras)")
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout of ami-lint")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"^## pre-commit\n.*?^```yaml\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    assert snippet is not None
    rev = re.search(r"(?m)^\s*rev: (\S+)$", snippet.group(1))
    assert rev is not None
    tagged = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{rev.group(1)}"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if tagged.returncode != 0:
        has_tags = subprocess.run(
            ["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
        ).stdout.strip()
        assert not has_tags, f"this checkout holds tags but not {rev.group(1)}"
        pytest.skip(f"this checkout holds no tags, so it cannot show {rev.group(1)}")
    clone = tmp_path / "ami-lint"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=300)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    config = re.sub(r"(?m)^(\s*- repo: ).*$", rf"\g<1>{clone.as_posix()}", snippet.group(1))
    assert config.replace(clone.as_posix(), "https://github.com/ami-lint/ami-lint") == snippet.group(1)
    _write(project, ".pre-commit-config.yaml", config)
    _write(project, "images/request.json", BAD_REQUEST)
    _git(project, "add", "-A")
    env = dict(os.environ)
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never", NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "images/request.json:1:35: error AMI104" in output
