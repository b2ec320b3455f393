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
from ami_lint.engine import Linter
from ami_lint.records import replace
from ami_lint.report import Report
from ami_lint.rule_ids import rule_page
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


@pytest.mark.parametrize(
    "options",
    [(), ("--color", "always"), ("--unsafe-fixes",), ("--color", "always", "--unsafe-fixes", "--quiet")],
)
def test_findings_rendered_by_the_workers_print_as_one_process_prints_them(
    tree: Path, options: tuple[str, ...]
) -> None:
    # With --jobs, each worker renders the text of the findings it makes
    # (colour, fix marks and rule pages included); the parent prints them.
    one = _run(*options, "--select", "ALL", "--jobs", "1", str(tree))
    for jobs in ("2", "3"):
        assert _run(*options, "--select", "ALL", "--jobs", jobs, str(tree)) == one
    assert one[0] == 1 and one[1].count("\n") > 100
    if "--color" in options:
        assert "\033[1;31m" in one[1]


def _report_of(path: Path) -> Report:
    report = Report()
    Linter().lint_file(report, str(path), True)
    report.finish()
    return report


def test_a_block_rendered_ahead_is_used_only_for_its_finding_and_page() -> None:
    from ami_lint.formatters import text

    report = _report_of(EXAMPLES / "mistakes.json")
    assert len(report.diagnostics) >= 3
    first, second = report.diagnostics[:2]
    ahead = text.Ahead(colour=False, unsafe=False)
    url, block = ahead.render(first)
    assert url == rule_page(first.rule)
    assert block == text.render_one(first, url=url)
    ahead.keep(first, url, block)
    assert ahead.block(first, url) is block
    # Another page (a rules folder's rule of that id has none): rendered again.
    assert ahead.block(first, None) == text.render_one(first) != block
    # A finding equal to it but not the one rendered: rendered itself.
    twin = replace(first)
    assert twin == first and twin is not first
    ahead.keep(second, "https://example.invalid/", "not the block of `second`")
    assert ahead.block(twin, url) == text.render_one(twin, url=url)
    assert ahead.block(second, None) == text.render_one(second)


@pytest.mark.parametrize("colour", [False, True])
def test_the_text_report_is_the_same_with_blocks_rendered_ahead(colour: bool) -> None:
    from ami_lint.formatters import text

    report = _report_of(EXAMPLES / "mistakes.json")
    urls = {d.rule: rule_page(d.rule) for d in report.diagnostics}
    plain = text.render(report, colour=colour, urls=urls)
    ahead = text.Ahead(colour, unsafe=False)
    for d in report.diagnostics[::2]:  # some rendered ahead, the others not
        ahead.keep(d, *ahead.render(d))
    assert text.render(report, colour=colour, urls=urls, ahead=ahead) == plain
    # Rendered for another colour or fix marks: not used.
    other = text.Ahead(not colour, unsafe=True)
    for d in report.diagnostics:
        other.keep(d, *other.render(d))
    assert text.render(report, colour=colour, urls=urls, ahead=other) == plain


def test_chunks_too_large_to_send_ahead_give_the_same_report(tmp_path: Path) -> None:
    # Small files among files large enough that a chunk of them is not sent
    # to a busy worker (`AHEAD_BYTES`, some larger than it alone): such a
    # chunk waits until the worker has answered; the run neither blocks on
    # a full pipe nor changes its report.
    for i in range(120):
        folder = tmp_path / f"d{i % 4}"
        folder.mkdir(exist_ok=True)
        (folder / f"small{i}.json").write_text(json.dumps(_request(i)) + "\n")
        if i % 3 == 0:
            padding = " " * (parallel.AHEAD_BYTES // 3 if i % 2 else parallel.AHEAD_BYTES)
            body = json.dumps(_request(i), indent=2).replace("{", "{" + padding, 1)
            (folder / f"big{i}.json").write_text(body + "\n")
    one = _run("--format", "json", "--jobs", "1", str(tmp_path))
    assert _run("--format", "json", "--jobs", "2", str(tmp_path)) == one
    report = json.loads(one[1])
    assert report["summary"]["files"] == 160
    assert {d["path"].rsplit("/", 1)[-1] for d in report["diagnostics"]} >= {
        "big0.json",
        "big3.json",
        "small0.json",
    }
