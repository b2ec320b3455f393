"""Files that hold nothing to lint cost a byte search (issue 20, item 4).

A walked file is skipped unread when `FrontEnd.skip_unread` shows from its
bytes that `extract` would skip it: these tests hold the byte search to
what `extract` says of the same text, keep the calls and requests written
in unusual ways linted, and check that the report is the same with and
without workers. Speed itself is measured in bench/throughput.py.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from ami_lint import parallel
from ami_lint.cli import main
from ami_lint.engine import Linter, Options
from ami_lint.files import (
    OUTSIDE,
    SECRET,
    SPECIAL,
    Note,
    _is_secret_place,
    _join,
    _join_before,
    _secret_name,
    is_secret_place,
    place_problem,
)
from ami_lint.frontend import SKIP_BROKEN, SKIP_NOT_REQUEST, NoFiles
from ami_lint.frontends import FRONT_ENDS, _ci_file, claim
from ami_lint.frontends.ci_paths import ci_kind
from ami_lint.report import Report
from ami_lint.source import Source

# Files of a repository that registers no image, by name.
UNRELATED = {
    "src/app.py": 'import boto3\n\nec2 = boto3.client("ec2")\nprint(ec2.describe_images(Owners=["self"]))\n',
    "docs/README.md": "# Deploy\n\n```bash\naws s3 cp out.tgz s3://bucket/\n```\n",
    "infra/main.tf": 'resource "aws_instance" "web" {\n  ami = var.ami\n}\n',
    "infra/lookup.tf": 'data "aws_ami" "base" {\n  most_recent = true\n}\n',
    "cmd/main.go": "package main\n\nfunc main() {\n\tclient.DescribeImages(ctx, nil)\n}\n",
    "web/app.js": 'import { S3Client } from "@aws-sdk/client-s3";\nnew S3Client({});\n',
    "deploy/k8s.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    "deploy/broken.yaml": "key: [unclosed\nname: x\n",
    "deploy/compose.yml": 'services:\n  web:\n    image: "nginx:1"\n',
    "web/package.json": '{"name": "web", "version": "1.0.0"}\n',
    "web/tsconfig.json": '{"compilerOptions": {"strict": true}}\n',
    "scripts/build.sh": "#!/bin/bash\nset -e\ndocker build -t web .\naws s3 cp out s3://b/\n",
    "Makefile": "all:\n\tgo build ./...\n",
    "Dockerfile": "FROM alpine\nRUN apk add curl\n",
    "Jenkinsfile": "pipeline { agent any }\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n",
    # Clean-up code: `deregister-image` and its SDK spellings hold the needles.
    "scripts/cleanup.sh": (
        '#!/bin/bash\nfor ami in $(aws ec2 describe-images --owners self --query "Images[].ImageId"'
        ' --output text); do\n  aws ec2 deregister-image --image-id "$ami"\ndone\n'
    ),
    "ops/cleanup.py": 'import boto3\n\nboto3.client("ec2").deregister_image(ImageId="ami-1")\n',
    "web/cleanup.ts": (
        'import { DeregisterImageCommand } from "@aws-sdk/client-ec2";\n'
        "await client.send(new DeregisterImageCommand({ ImageId: id }));\n"
        "ec2.deregisterImage({ ImageId: id });\n"
    ),
    "ops/Makefile": "clean:\n\taws ec2 deregister-image --image-id $(AMI)\n",
    "ops/Dockerfile": "FROM amazon/aws-cli\nRUN aws ec2 deregister-image --image-id ami-1\n",
    "ops/Jenkinsfile": (
        'pipeline { stages { stage("c") { steps { sh "aws ec2 deregister-image --image-id x" } } } }\n'
    ),
    ".github/workflows/cleanup.yml": (
        "on: push\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: aws ec2 deregister-image --image-id ami-1\n"
    ),
    "lib/policy.ts": 'new iam.PolicyStatement({ actions: ["ec2:RegisterImage", "ec2:DeregisterImage"] });\n',
    "docs/cleanup.md": "# Clean up\n\n```sh\naws ec2 deregister-image --image-id ami-1\n```\n",
}

# Texts a byte search must not take for unrelated: each holds something to lint.
NOT_UNRELATED = {
    "a.sh": [
        "#!/bin/bash\naws ec2 register-image --name x\n",
        '#!/bin/bash\naws ec2 regis"ter-image" --name x\n',
        "#!/bin/bash\naws ec2 $'\\x72egister-image' --name x\n",
        "#!/bin/bash\naws ec2 register-\\\nimage --name x\n",
        "#!/bin/bash\n# ami-lint: disable=AMI999\necho hi\n",
    ],
    "a.json": [
        '{"BlockDeviceMappings": []}\n',
        '{"block_device_mappings": []}\n',
        '{"Name": "x", "Architecture": "arm64"}\n',
        '{"N\\u0061me": "x", "Architecture": "arm64"}\n',
        '{"builders": [{"type": "amazon-ebs"}]}\n',
    ],
    "a.yaml": [
        "Root-Device-Name: /dev/xvda\n",
        "? Block\n  DeviceMappings\n: []\n",
        'Name: x\n"Description": y\n',
        "# ami-lint: disable=AMI101\nkind: x\n",
        'Name: "x"\nArchitectur\\x65: arm64\n',
    ],
}


@pytest.mark.parametrize("name", sorted(UNRELATED))
def test_a_byte_search_says_what_extract_says(name: str) -> None:
    text = UNRELATED[name]
    front = claim(name, text.encode()[:128])
    assert front is not None
    extraction = front.extract(Source.from_text(text, name), NoFiles(), False)
    assert extraction.skipped is not None
    assert not list(extraction.requests) and not extraction.findings and not extraction.comments
    exact = front.skip_unread(text.encode())
    assert exact in (None, extraction.skipped)
    # Without --verbose, a document that names no parameter is not parsed to
    # tell a broken one from a whole one.
    rough = front.skip_unread(text.encode(), exact=False)
    assert rough == exact or (
        rough == SKIP_NOT_REQUEST and extraction.skipped in (SKIP_NOT_REQUEST, SKIP_BROKEN)
    )


def test_unrelated_files_of_every_kind_are_skipped_unread() -> None:
    def unread(name: str, exact: bool) -> bool:
        front = claim(name)
        assert front is not None
        return front.skip_unread(UNRELATED[name].encode(), exact) is not None

    documents = {
        name
        for name in UNRELATED
        if name.endswith((".json", ".yaml", ".yml")) and not name.startswith(".github/workflows/")
    }
    # `data "aws_ami"` mentions the needle: that one is parsed to tell.
    assert {name for name in UNRELATED if unread(name, False)} == set(UNRELATED) - {"infra/lookup.tf"}
    assert {name for name in UNRELATED if unread(name, True)} == set(UNRELATED) - {
        "infra/lookup.tf"
    } - documents


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, texts in NOT_UNRELATED.items() for t in texts])
def test_what_may_hold_a_request_is_parsed(name: str, text: str) -> None:
    front = claim(name)
    assert front is not None
    assert front.skip_unread(text.encode()) is None


@pytest.mark.parametrize(
    "call",
    ['aws ec2 regis"ter-image"', "aws ec2 $'\\x72egister-image'", "aws ec2 register-\\\nimage"],
)
def test_a_call_written_in_pieces_is_still_linted_in_a_walk(
    call: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "a.sh").write_text(f"#!/bin/bash\n{call} --name x --architecture foo\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json", "--jobs", "1", "tree"]) == 1
    found = {(d["rule"], d["line"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]}
    last = 2 + call.count("\n")
    assert {("AMI104", last), ("AMI105", last)} <= found


def test_a_broken_document_naming_no_parameter_is_no_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.yaml").write_text("key: [unclosed\n")
    (tmp_path / "named.yaml").write_text("key: [Name, Description\n")
    monkeypatch.chdir(tmp_path)
    for exact, broken in ((True, SKIP_BROKEN), (False, SKIP_NOT_REQUEST)):
        report = Report()
        linter = Linter(Options(exact_notes=exact))
        for name in ("broken.yaml", "named.yaml"):
            linter.lint_file(report, name, explicit=False)
        # Two parameters' names are written: parsed, and said to be broken.
        assert report.notes == [Note("broken.yaml", broken), Note("named.yaml", SKIP_BROKEN)]
    # --verbose says why exactly.
    assert main(["--verbose", "--jobs", "1", "."]) == 0
    assert f"broken.yaml: {SKIP_BROKEN}" in capsys.readouterr().err.splitlines()


def _tree(root: Path) -> None:
    for name, text in UNRELATED.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    request = {"Name": "x", "Architecture": "arm64", "RootDeviceName": "/dev/xvda", "BootMode": "legacy-bios"}
    for i in range(40):
        (root / "requests" / f"r{i:02}.json").parent.mkdir(exist_ok=True)
        (root / "requests" / f"r{i:02}.json").write_text(json.dumps(request))


@pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")
@pytest.mark.parametrize("jobs", [["--jobs", "2"], ["--jobs", "3"], []])
def test_the_report_and_notes_are_the_same_with_workers(
    jobs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = main(["--verbose", "--format", "json", "--jobs", "1", "tree"]), capsys.readouterr()
    more = main(["--verbose", "--format", "json", *jobs, "tree"]), capsys.readouterr()
    assert one == more
    found = [(d["path"], d["rule"]) for d in json.loads(one[1].out)["diagnostics"]]
    assert found == [
        (f"tree/requests/r{i:02}.json", rule)
        for i in range(40)
        for rule in ("AMI301", "AMI306", "AMI105", "AMI312")
    ]
    assert "tree/web/package.json: skipped: not a register-image request" in one[1].err.splitlines()


def test_the_default_number_of_workers_counts_the_files_that_need_them() -> None:
    assert parallel.workers_for(None, 0) == 1
    assert parallel.workers_for(None, 2 * parallel.MIN_FILES_PER_WORKER - 1) == 1
    two = 2 if parallel.can_fork() and parallel.cpu_count() >= 2 else 1
    assert parallel.workers_for(None, 2 * parallel.MIN_FILES_PER_WORKER) == two
    assert parallel.workers_for(2, 0) == 1


@pytest.mark.parametrize(
    "name",
    [
        "a.json", "x.tf.json", "a.pkr.json", "a.PKR.HCL", "Makefile", "GNUmakefile", "x.mk", "Dockerfile",
        "dockerfile.prod", "Containerfile.x", "Jenkinsfile", "jenkinsfile.groovy", "x.groovy",
        ".github/workflows/ci.yml", "a/.github/workflows/x.YAML", "action.yml", ".gitlab-ci.yml",
        ".circleci/config.yml", "x.yml", "README.md", "x.pyi", "x.tsx", "noext", ".bashrc", ".json",
        "a.b.c.json", "v1.2.3", "a/b.c/Makefile", "x.json.bak", "a.b.tf.json",
    ],
)  # fmt: skip
def test_a_claim_by_the_ending_is_the_first_front_ends(name: str) -> None:
    first = next((front for front in FRONT_ENDS if front.claims_name(name)), None)
    assert claim(name) is first
    assert claim(name) is first  # from what was remembered


# Each path after its bare name, as a walk claims a file: once met, by its
# name; once read, by its path (`_Claims.last`).
@pytest.mark.parametrize(
    "path",
    [
        ".github/workflows/ci.yml", "a/.GITHUB/Workflows/x.YAML", "b/action.yml", "c\\action.yaml",
        "d/.gitlab-ci.yml", "e/x.GITLAB-CI.YAML", ".circleci/config.yml", "a/.CircleCI/Config.yaml",
        "f/config.yml", "g/x.yml", "h/workflows/x.yml", "a/b.json", "a/x.tf.json", "a/Makefile", "a/b/",
        "x/Dockerfile.prod", "a/noext", "a/.github/workflows/x.json",
    ],
)  # fmt: skip
def test_a_claim_after_the_same_name_is_the_first_front_ends(path: str) -> None:
    first = next((front for front in FRONT_ENDS if front.claims_name(path)), None)
    name = path.rsplit("/", 1)[-1]
    assert claim(name) is next((front for front in FRONT_ENDS if front.claims_name(name)), None)
    assert claim(path) is first
    assert claim(path) is first
    # `_ci_file`'s quick answer is `ci_kind`'s.
    assert _ci_file(path) == (ci_kind(path) is not None)


@pytest.mark.parametrize(
    "path",
    [
        "a/.aws/config", ".config/gcloud/x.json", "x/.config/gcloud", "a/.cargo/credentials",
        "home/.composer/auth.json", "a/.env.prod", "a/b/auth.json", "a/.config/x", "a/.ENV.local/y",
        "/run/x/.docker/config.json", "plain/file.json",
    ],
)  # fmt: skip
def test_a_secret_place_is_found_by_its_folder_or_its_name(path: str) -> None:
    assert is_secret_place(path) == _is_secret_place(path.lower())


@pytest.mark.parametrize(
    ("real", "problem"),
    [
        ("/dev", SPECIAL), ("/dev/null", SPECIAL), ("/proc/self/environ", SPECIAL), ("/sys", SPECIAL),
        ("/sys/kernel/x", SPECIAL), ("/devices/x.json", None), ("/proc2/x.json", None),
        ("/run/secrets", SECRET), ("/run/secrets/token", SECRET), ("/var/run/secrets/k/t", SECRET),
        ("/run/secretsX/a.json", None), ("/var/run/x.json", None), ("/home/u/.aws/config", SECRET),
        ("/home/u/.env.local", SECRET), ("/home/u/x.json", None), ("/", None), ("/dev/.aws", SPECIAL),
    ],
)  # fmt: skip
def test_a_place_never_read_by_its_resolved_path(real: str, problem: str | None) -> None:
    assert place_problem(real) == problem
    assert place_problem(real, "/home/u") == (problem if real.startswith("/home/u/") else OUTSIDE)


def test_a_secret_place_is_found_after_another_of_its_folder() -> None:
    # The folder looked at last is remembered: each answer is still its own.
    paths = [
        "a/b/x.json", "a/b/.env", "a/b/y.json", "a/.aws/x.json", "a/.aws/y.json", "a/b/z.json",
        "home/.composer/auth.json", "home/.composer/x.json", "home/.Composer/AUTH.JSON", "a/.AWS/y.json",
    ]  # fmt: skip
    for path in paths * 2:
        assert is_secret_place(path) == _is_secret_place(path.lower()), path


@pytest.mark.parametrize(
    ("below", "name"),
    [
        ("", "x.json"), ("", ".env"), ("a/", ".ENV.prod"), ("a/b/", ".Aws"), (".composer/", "auth.json"),
        ("x/.COMPOSER/", "Auth.Json"), (".config/", "gcloud"), ("a/", "auth.json"), ("", "credentials"),
        (".cargo/", "credentials"), ("a/", ".git"), ("a/", "x.env"),
    ],
)  # fmt: skip
def test_a_walked_name_is_secret_as_its_whole_path_is(below: str, name: str) -> None:
    # `below`: a folder the walk entered, none a secret place itself.
    assert not is_secret_place(below.rstrip("/"))
    assert _secret_name(below, name) == is_secret_place(below + name)


@pytest.mark.parametrize("folder", [".", "a", "a/", "/", "//", "/x/y", "../a", "a/./b"])
def test_a_name_joined_to_its_folder_as_once_per_folder(folder: str) -> None:
    before = _join_before(folder)
    assert before is not None
    for name in ("x.json", ".env", "a b"):
        assert before + name == _join(folder, name)


def _requests(root: Path, folders: int, per_folder: int) -> int:
    request = {"Name": "x", "Architecture": "arm64", "RootDeviceName": "/dev/xvda", "BootMode": "legacy-bios"}
    for f in range(folders):
        for i in range(per_folder):
            (root / f"f{f:02}" / f"r{i:02}.json").parent.mkdir(parents=True, exist_ok=True)
            (root / f"f{f:02}" / f"r{i:02}.json").write_text(json.dumps(request))
            (root / f"f{f:02}" / f"package{i:02}.json").write_text('{"name": "web"}\n')
    return folders * per_folder * 2


@pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")
@pytest.mark.parametrize("jobs", [["--jobs", "2"], []])
def test_workers_lint_while_the_walk_goes_on(
    jobs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The walk waits, once workers have files, until the first report comes
    # back (as a slow disk would make it): the walk then goes on, and the
    # report is the one of a single process. Once the workers start, the
    # rest of the walk is a walker process's (`_Pool._fork_walker`): its
    # disk is slow too, or it could send every file while this process
    # warms up, before any worker is there to answer.
    total = _requests(tmp_path / "tree", 8, 20)
    monkeypatch.chdir(tmp_path)
    one = main(["--verbose", "--format", "json", "--jobs", "1", "tree"]), capsys.readouterr()
    seen: list[tuple[int, int, bool]] = []

    def hook(pool: parallel._Pool) -> None:
        if pool.workers and not pool.answered:
            while not pool.answered and pool.workers:
                pool._step(None)
        seen.append((len(pool.items), pool.answered, pool.walking))

    parent = os.getpid()
    read_walked = Linter.read_walked

    def slow_disk(self: Linter, path: str) -> Any:
        if os.getpid() != parent:  # the walker
            time.sleep(0.002)
        return read_walked(self, path)

    monkeypatch.setattr(Linter, "read_walked", slow_disk)
    monkeypatch.setattr(parallel, "WALK_HOOK", hook)
    more = main(["--verbose", "--format", "json", *jobs, "tree"]), capsys.readouterr()
    assert more == one
    first = next(found for found, answered, _ in seen if answered)
    assert first < total  # a worker answered before the walk had found every file
    assert seen[-1][0] == total and not seen[-1][2]


@pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")
def test_a_configuration_met_after_the_workers_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The workers were forked before the walk reached `f07`'s configuration:
    # its files go to a worker that knows it.
    _requests(tmp_path / "tree", 8, 20)
    (tmp_path / "tree" / "f07" / ".ami-lint.yaml").write_text("ignore: [AMI306]\n")
    monkeypatch.chdir(tmp_path)
    reports = []
    for jobs in (["--jobs", "1"], ["--jobs", "2"], ["--jobs", "3"], []):
        assert main(["--verbose", "--format", "json", *jobs, "tree"]) == 1
        reports.append(capsys.readouterr())
    assert reports[1:] == reports[:1] * 3
    rules = {(d["path"].split("/")[1], d["rule"]) for d in json.loads(reports[0].out)["diagnostics"]}
    assert ("f06", "AMI306") in rules and ("f07", "AMI306") not in rules and ("f07", "AMI301") in rules


def test_a_file_that_holds_nothing_costs_a_note_and_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read once in the walk, searched, and said to be skipped: no `Report` is made for it.
    (tmp_path / "a.json").write_text('{"name": "web"}\n')
    (tmp_path / "b.sh").write_text("#!/bin/sh\necho hi\n")
    monkeypatch.chdir(tmp_path)
    linter = Linter(Options(exact_notes=False))
    # Absolute paths: a walk of another test may have met a relative `a.json`.
    for name in ("a.json", "b.sh"):
        note, data, claim = linter.read_walked(str(tmp_path / name))
        assert isinstance(note, Note) and data is None and claim is None
        assert note.path == name and note.text.startswith("skipped: ")
    request = b'{"Name": "x", "Architecture": "arm64"}\n'
    (tmp_path / "c.json").write_bytes(request)
    # With its bytes, what the search found: the worker neither claims nor searches it again.
    assert linter.read_walked(str(tmp_path / "c.json")) == (None, request, ("c.json", "json"))


def test_a_walked_file_is_searched_once_and_linted_as_a_file_of_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `lint_read` with what `read_walked` found gives the report `lint_file`
    # gives, without the byte search `read_walked` did.
    import ami_lint.engine as engine

    files = {
        "a.json": '{"Name": "x", "Architecture": "arm64"}\n',
        "b.yaml": "Name: x\nArchitecture: amd64\n",
        "c.sh": "#!/bin/sh\naws ec2 register-image --name x --architecture arm64 --boot-mode legacy-bios\n",
        "d": "#!/bin/bash\naws ec2 register-image --name 'a b'\n",
        "e.md": "# Steps\n\n```sh\naws ec2 register-image --name x --architecture amd64\n```\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    linter = Linter(Options(exact_notes=False))
    searched = []
    skip_unread = engine._skip_unread
    monkeypatch.setattr(engine, "_skip_unread", lambda *a: searched.append(a) or skip_unread(*a))
    for name in files:
        note, data, claim = linter.read_walked(name)
        assert note is None and data is not None and claim is not None and claim[0] == name
        assert len(searched) == 1
        walked, once = Report(), Report()
        linter.lint_read(walked, name, data, claim)
        assert len(searched) == 1, name
        linter.lint_file(once, name, explicit=False)
        assert len(searched) == 2
        searched.clear()
        assert walked.diagnostics and _shown(walked) == _shown(once), name


def _shown(report: Report) -> tuple[object, ...]:
    found = [(d.rule, d.path, d.span, d.message, d.hint, d.fix, d.suppressed) for d in report.diagnostics]
    return found, report.files, report.notes, report.errors


@pytest.mark.parametrize(
    "name",
    [
        ".github/workflows/ci.yml", "a/.github/workflows/x.YAML", "action.yml", "action.yaml",
        ".gitlab-ci.yml",
        ".circleci/config.yml", "bitbucket-pipelines.yml", "azure-pipelines.yml", "x.yml", "a.json",
        ".github/workflows/x.json", "Makefile", "x.yml.bak",
    ],
)  # fmt: skip
def test_a_claim_by_the_whole_path_takes_only_the_endings_it_says(name: str) -> None:
    # `_Claims.of` asks the claims by path only of names with these endings.
    for front in FRONT_ENDS:
        endings = getattr(front, "path_endings", None)
        if endings is not None and front.claims_name(name):
            assert name.lower().endswith(endings)


@pytest.mark.parametrize(
    "path",
    ["a/b.json", "a/b/c.json", "/x/y.json", "/y.json", "b.json", "a//b.json", "./a/b.json", "../b.json"],
)
def test_the_folder_of_a_walked_file_is_as_os_path_gives_it(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from ami_lint.config import _folder_of

    for where in ("/", str(Path(__file__).parent)):
        monkeypatch.chdir(where)
        assert _folder_of(path) == os.path.join(os.getcwd(), os.path.dirname(path))


@pytest.mark.skipif(not parallel.can_fork(), reason="--jobs needs fork")
def test_a_worker_killed_while_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # tests/security/test_workers.py's rule pack kills the worker linting
    # `kill-me` (twice: the retry too); the walk waits for the first death,
    # then goes on, and the other files are all reported.
    from tests.security import test_workers as workers

    # A slow walk (as a slow disk would make it): the walker has more to
    # send once the workers start.
    where = workers._tree(tmp_path, {5: "kill-me"}, files=300)
    walker = parallel._walker

    def slow(found: Any, *args: Any) -> None:
        import time

        def one_at_a_time() -> Any:
            for walked in found:
                time.sleep(0.002)
                yield walked

        walker(one_at_a_time(), *args)

    monkeypatch.setattr(parallel, "_walker", slow)
    monkeypatch.chdir(where)
    monkeypatch.setenv("TEST_MARKS", str(where / "marks"))
    seen: list[tuple[bool, bool]] = []

    def hook(pool: parallel._Pool) -> None:
        while pool.batch and pool.workers:  # no worker has died yet
            pool._step(None)
        seen.append((pool.walking, pool.batch))

    monkeypatch.setattr(parallel, "WALK_HOOK", hook)
    code = main(["--rules-dir", "pack", "--format", "json", "--jobs", "2", "tree"])
    out, err = capsys.readouterr()
    assert (code, err) == (2, workers._died("tree/r05.json"))
    report = json.loads(out)
    assert report["summary"]["files"] == 300
    paths = {d["path"] for d in report["diagnostics"]}
    assert paths == {f"tree/r{i:02d}.json" for i in range(300)} - {"tree/r05.json"}
    assert (True, False) in seen  # the walk went on after the death


# The kinds of files of the bench tree (bench/run.py `build_tree`), each as a
# walk meets it: a JSON request with a wrong value, a YAML request, a script
# with a shorthand value, one reading its request through `file://`, a
# request that does not parse.
BENCH_KINDS = {
    "tree/images/request0.json": (
        '{\n  "Name": "image-0",\n  "Architecture": "amd64",\n  "RootDeviceName": "/dev/xvda"\n}\n'
    ),
    "tree/images/request3.yaml": (
        "Name: image-3\nArchitecture: arm64\nBlockDeviceMappings:\n  - DeviceName: /dev/xvda\n"
    ),
    "tree/deploy/register5.sh": (
        "#!/bin/bash\nset -euo pipefail\naws ec2 register-image --name build-5 --architecture x86_64 \\\n"
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={VolumeSize=8,VolumeType=gp3}"\n'
    ),
    "tree/deploy/input8.json": '{"Name": "image-8", "Architecture": "x86_64"}\n',
    "tree/deploy/publish8.sh": (
        "#!/bin/sh\naws ec2 register-image --cli-input-json file://input8.json --description nightly\n"
    ),
    "tree/deploy/broken.json": '{"Name": "image-9", "Architecture": \n',
}

_FIRST_USE = """
import sys
from ami_lint.engine import Linter
from ami_lint import parallel
from ami_lint.report import Report
linter = Linter()
parallel._warm_up([linter])
before = set(sys.modules)
report = Report()
for path in sys.argv[1:]:
    note, data, claim = linter.read_walked(path)
    assert note is None and data is not None and claim is not None, path
    linter.lint_read(report, path, data, claim)
assert report.diagnostics and not report.errors, report
print(" ".join(sorted(set(sys.modules) - before)))
"""


def test_the_warm_up_leaves_the_workers_nothing_to_import(tmp_path: Path) -> None:
    # A worker inherits what `_warm_up` loaded in the parent: whatever the
    # formats the walk found before the first fork, linting the bench tree's
    # kinds of files after it imports no module (the YAML reader, the shell
    # grammar, the enum aliases' YAML, `file://` reading), which would else be
    # done again in every worker.
    import subprocess
    import sys

    from tests.conftest import ROOT

    for name, text in BENCH_KINDS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_USE, *BENCH_KINDS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "\n")


def _view(report: Report) -> tuple[object, ...]:
    """All a report's formatters, baseline and fixes can see of it, with which
    diagnostics share one source (the same object), field by field."""
    sources: dict[int, int] = {}
    shown = []
    for d in report.diagnostics:
        s = d.source
        fields = (d.rule, d.name, d.severity, d.message, d.hint, d.suppressed, d.request, d.fix, d.span)
        placed = (d.start, d.end, d.path, s.text, s.had_bom, s.escapes, s.host, s.mapper, s._starts)
        shown.append((*fields, *placed, s._mentions, sources.setdefault(id(s), len(sources))))
    rest = [getattr(report, name) for name in ("files", "notes", "errors", "input_errors")]
    return (shown, rest, [(w.kind, w.path, w.span, w.message) for w in report.suppression_warnings])


@pytest.mark.parametrize("root", ["tests/corpus", "examples", "docs"])
def test_a_packed_report_is_the_report_a_worker_made(root: str) -> None:
    # A worker sends most reports as plain values (`_packed`): what the parent
    # rebuilds from them is, field by field, the report the worker made, and
    # the same as the plain pickle of the report gives, for every file of
    # the corpus and of the rules' pages (Markdown: embedded requests),
    # linted with every rule.
    import pickle

    from ami_lint.selection import Selection
    from tests.conftest import ROOT

    linters = [Linter(Options(selection=Selection(select=("ALL",))))]
    packed = 0
    for path in sorted(str(p.relative_to(ROOT)) for p in (ROOT / root).rglob("*") if p.is_file()):
        report = parallel._lint_guarded(linters, (0, str(ROOT / path), False), None)
        sent = pickle.loads(pickle.dumps(parallel._packed(report), protocol=pickle.HIGHEST_PROTOCOL))
        packed += not isinstance(sent, Report)
        got = parallel._unpacked(sent)
        if isinstance(got, Note):
            assert (report.files, report.notes, _view(report)[0]) == (0, [got], [])
            continue
        assert _view(got) == _view(report) == _view(pickle.loads(pickle.dumps(report)))
        if not isinstance(sent, Report):  # the line starts come worked out: the parent only prints
            assert all(d.source._starts for d in got.diagnostics)
    assert packed >= 10
