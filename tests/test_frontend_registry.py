"""The front-end registry (ami_lint/frontends/__init__.py): the hosts of
issue 16 are listed by their claims and imported only when a file they claim
is linted; the claims listed are the front ends' own."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ami_lint.frontends as frontends
from ami_lint.frontend import FrontEnd
from ami_lint.frontends import FRONT_ENDS, Deferred

SAMPLE_NAMES = [
    "Dockerfile", "docker/Dockerfile.prod", "images/web.Dockerfile", "x.dockerfile", "Containerfile",
    "Containerfile.dev", "Jenkinsfile", "ci/Jenkinsfile.release", "a.jenkinsfile", "vars/build.groovy",
    "Makefile", "makefile", "GNUmakefile", "mk/ami.mk", "README.md", "doc.markdown", "page.mdx",
    ".github/workflows/ci.yml", ".github/workflows/release.yaml", "action.yml", "sub/action.yaml",
    ".gitlab-ci.yml", "ci/deploy.gitlab-ci.yml", ".circleci/config.yml", "build.sh", "x.yaml",
    "request.json", "notes.txt", "Makefile.am", "dockerfile-notes.md",
    "src/register.ts", "lambda/index.js", "bin/ami.mjs", "x.cjs", "a.mts", "a.cts", "ui/App.tsx", "App.jsx",
    "types.d.ts", "notes.json5",
    "request.json", "notes.txt", "Makefile.am", "dockerfile-notes.md", "cmd/push_aws.go", "x_test.go",
]  # fmt: skip
DEFERRED = [front for front in FRONT_ENDS if isinstance(front, Deferred)]


@pytest.mark.parametrize("deferred", DEFERRED, ids=lambda front: front.name)
def test_listed_claims_are_the_front_ends_own(deferred: Deferred) -> None:
    front = deferred.front
    assert (front.name, front.kind, front.suffixes, front.names) == (
        deferred.name,
        deferred.kind,
        deferred.suffixes,
        deferred.names,
    )
    for name in SAMPLE_NAMES:
        assert deferred.claims_name(name) == front.claims_name(name), name
    assert deferred.replaces_bad_bytes == front.replaces_bad_bytes
    assert deferred.vocabulary is front.vocabulary
    # The byte search listed is the module's (asked without importing it).
    if deferred.needles:
        assert (deferred.needles, deferred.no_needle) == (front.needles, front.no_needle)
        assert type(front).skip_unread is FrontEnd.skip_unread
    else:
        assert not front.needles


def test_each_sample_is_claimed_as_expected() -> None:
    claimed = {name: getattr(frontends.claim(name), "name", None) for name in SAMPLE_NAMES}
    assert claimed == {
        "Dockerfile": "dockerfile",
        "docker/Dockerfile.prod": "dockerfile",
        "images/web.Dockerfile": "dockerfile",
        "x.dockerfile": "dockerfile",
        "Containerfile": "dockerfile",
        "Containerfile.dev": "dockerfile",
        "Jenkinsfile": "jenkinsfile",
        "ci/Jenkinsfile.release": "jenkinsfile",
        "a.jenkinsfile": "jenkinsfile",
        "vars/build.groovy": "jenkinsfile",
        "Makefile": "makefile",
        "makefile": "makefile",
        "GNUmakefile": "makefile",
        "mk/ami.mk": "makefile",
        "README.md": "markdown",
        "doc.markdown": "markdown",
        "page.mdx": "markdown",
        ".github/workflows/ci.yml": "workflow",
        ".github/workflows/release.yaml": "workflow",
        "action.yml": "workflow",
        "sub/action.yaml": "workflow",
        ".gitlab-ci.yml": "workflow",
        "ci/deploy.gitlab-ci.yml": "workflow",
        ".circleci/config.yml": "workflow",
        "build.sh": "shell",
        "x.yaml": "yaml",
        "request.json": "json",
        "notes.txt": None,
        "Makefile.am": None,
        "dockerfile-notes.md": "markdown",
        "src/register.ts": "javascript",
        "lambda/index.js": "javascript",
        "bin/ami.mjs": "javascript",
        "x.cjs": "javascript",
        "a.mts": "javascript",
        "a.cts": "javascript",
        "ui/App.tsx": "javascript",
        "App.jsx": "javascript",
        "types.d.ts": "javascript",
        "notes.json5": None,
        "cmd/push_aws.go": "go",
        "x_test.go": "go",
    }


def test_a_shell_only_run_imports_no_host_front_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Listing the hosts costs a script run nothing but their claims."""
    script = tmp_path / "register.sh"
    script.write_text("aws ec2 register-image --name web-2024 --architecture amd64\n")
    code = (
        "import sys\n"
        "from ami_lint.cli import main\n"
        f"main(['--quiet', {str(script)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('ami_lint.frontends.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout
    loaded = eval(out.strip().splitlines()[-1])
    # Not even `ci_paths`: a name that is no `.yml` is no CI file.
    assert loaded == [
        "ami_lint.frontends.documents",
        "ami_lint.frontends.shell",
    ]


def test_a_walk_of_files_without_needles_imports_no_host_front_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Files of the hosts that hold none of their needles are skipped by the
    byte search listed here, with the module's own note, and import nothing."""
    names = [
        "README.md", "Makefile", "Jenkinsfile", "Dockerfile", "main.tf", "app.js", "app.py", "main.go",
        ".github/workflows/ci.yml",
    ]  # fmt: skip
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("nothing to see here\n")
    code = (
        "import sys\n"
        "from ami_lint.cli import main\n"
        f"main(['--verbose', '--jobs', '1', {str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('ami_lint.frontends.')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    loaded = eval(run.stdout.strip().splitlines()[-1])
    assert loaded == [
        "ami_lint.frontends.ci_paths",
        "ami_lint.frontends.documents",
        "ami_lint.frontends.shell",
    ]
    notes = [line.removeprefix(f"{tmp_path}/") for line in run.stderr.splitlines() if ": skipped: " in line]
    assert notes == [
        "Dockerfile: skipped: no aws ec2 register-image call",
        "Jenkinsfile: skipped: no aws ec2 register-image call",
        "Makefile: skipped: no aws ec2 register-image call",
        "README.md: skipped: no aws ec2 register-image call in a code block",
        "app.js: skipped: no RegisterImageCommand or registerImage call",
        "app.py: skipped: no boto3 register_image call",
        "main.go: skipped: no ec2.RegisterImageInput in it",
        'main.tf: skipped: no resource "aws_ami"',
        ".github/workflows/ci.yml: skipped: no aws ec2 register-image call",
    ]
