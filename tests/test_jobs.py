"""`--jobs N` (SPEC §3): worker processes give the same report as one process.

Real command-line runs over a mixed tree of JSON, YAML and shell files (with
files that are skipped, files that do not parse and a directory that is never
walked), compared byte for byte between `--jobs 1` and `--jobs 2`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ami_lint import parallel
from tests.conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
EXAMPLES = ROOT / "examples"


def _request(i: int) -> dict[str, object]:
    volume = ["gp3", "io1", "gp2", "st1"][i % 4]
    return {
        "Name": f"image-{i}" if i % 5 else "x",
        "Architecture": ["x86_64", "arm64", "amd64"][i % 3],
        "RootDeviceName": "/dev/xvda",
        "VirtualizationType": "hvm",
        "BlockDeviceMappings": [
            {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeType": volume}}
        ],
    }


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    sources = [p for p in sorted(CORPUS.iterdir()) + sorted(EXAMPLES.iterdir()) if p.is_file()]
    for n, source in enumerate(sources):
        target = root / f"d{n % 3}" / source.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(source, target)
    for i in range(24):
        folder = root / f"team{i % 4}"
        folder.mkdir(exist_ok=True)
        (folder / f"r{i}.json").write_text(json.dumps(_request(i), indent=2) + "\n")
        yaml = "".join(f"{k}: {json.dumps(v)}\n" for k, v in _request(i + 1).items())
        (folder / f"r{i}.yaml").write_text(yaml.replace('"hvm"', "yes" if i % 2 else "hvm"))
    (root / "team0" / "broken.json").write_text('{"Name": "x", "RootDeviceName": ,}\n')
    (root / "team1" / "latin1.json").write_bytes(b'{"Name": "caf\xe9", "EnaSupport": true}\n')
    (root / "team2" / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n')
    (root / "team3" / "deploy").write_text("#!/bin/sh\naws ec2 register-image --name x --ena-support true\n")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "r.json").write_text('{"Name": "x", "Architecture": "amd64"}\n')
    return root


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = run_cli(*args, stdin=stdin)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_same_report_with_one_and_two_workers(tree: Path, fmt: str) -> None:
    one = _run("--format", fmt, "--color", "never", "--verbose", "--jobs", "1", str(tree))
    two = _run("--format", fmt, "--color", "never", "--verbose", "--jobs", "2", str(tree))
    assert one == two
    assert one[0] == 1
    if fmt == "json":
        report = json.loads(one[1])
        assert report["summary"]["files"] >= 60
        assert len({d["path"] for d in report["diagnostics"]}) >= 40
        assert "skipped" in one[2]  # --verbose notes, in the same order


def test_default_is_the_same_as_one_worker(tree: Path) -> None:
    assert _run("--format", "json", str(tree)) == _run("--format", "json", "--jobs", "1", str(tree))


def test_many_paths_and_stdin(tree: Path) -> None:
    files = sorted(str(p) for p in tree.rglob("*.json") if "node_modules" not in p.parts)
    stdin = "Name: from-stdin\nArchitecture: amd64\nVirtualizationType: hvm\n"
    args = ("--format", "json", "--stdin-filename", "in.yaml", *files[:5], "-", *files[5:])
    one = _run(*args, "--jobs", "1", stdin=stdin)
    three = _run(*args, "--jobs", "3", stdin=stdin)
    assert one == three
    assert "in.yaml" in {d["path"] for d in json.loads(one[1])["diagnostics"]}


def test_more_workers_than_files() -> None:
    path = str(EXAMPLES / "mistakes.json")
    assert _run("--format", "json", "--jobs", "8", path) == _run("--format", "json", path)


def test_missing_path_after_files_is_the_same_error(tree: Path) -> None:
    one = _run("--jobs", "1", str(tree), "no-such-dir")
    two = _run("--jobs", "2", str(tree), "no-such-dir")
    assert one == two
    assert one[0] == 2 and one[2] == "ami-lint: error: no-such-dir: no such file or directory\n"
    # The files that could be read are reported all the same (docs/security.md section 9).
    assert one[1] == _run("--jobs", "1", str(tree))[1] != ""


@pytest.mark.parametrize("value", ["0", "-1", "x", "", "1.5"])
def test_bad_jobs_is_a_usage_error(value: str) -> None:
    code, out, err = _run("--jobs", value, str(EXAMPLES))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("ami-lint: error: argument --jobs:"), err


def test_one_process_for_one_file() -> None:
    assert parallel.workers_for(None, 1) == 1
    assert parallel.workers_for(None, 5) == 1
    assert parallel.workers_for(4, 2) == min(2, 2 if parallel.can_fork() else 1)
    many = parallel.workers_for(None, 1000)
    assert many == (parallel.cpu_count() if parallel.can_fork() else 1)
