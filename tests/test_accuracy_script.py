"""bench/accuracy.py on a tiny corpus of our own: counts, exit codes,
`--unlabeled`, missing files and their restoration from a local git mirror.

The scripts avoid the rules issue 14 changes (AMI316, AMI407), so that the
counts stay what they are while those rules move."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "accuracy.py"

REGISTER = """\
#!/bin/bash
set -euo pipefail
SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[0].SnapshotId' --output text)
IMAGE_ID=$(aws ec2 register-image \\
  --name "nightly-$(date +%Y%m%d)" \\
  --architecture x86_64 \\
  --virtualization-type hvm \\
  --imds-support v2.0 \\
  --root-device-name /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=${SNAP_ID},VolumeType=gp3}" \\
  --query ImageId --output text)
echo "registered ${IMAGE_ID}"
"""

ARM = """\
#!/bin/bash
set -e
snap="$1"
aws ec2 register-image --name "ab" --architecture arm64 --boot-mode uefi \\
  --virtualization-type hvm --ena-support --imds-support v2.0 \\
  --root-device-name /dev/sda1 \\
  --block-device-mapping "DeviceName=/dev/sda1,Ebs={SnapshotId=$snap}"
"""

CLEAN = """\
#!/bin/sh
aws ec2 register-image --name "base-image" --architecture x86_64 \\
  --virtualization-type hvm --ena-support --imds-support v2.0 \\
  --root-device-name /dev/xvda \\
  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'
"""

FILES = {
    "register": ("scripts/register.sh", REGISTER),
    "arm": ("scripts/arm.sh", ARM),
    "clean": ("ci/clean.sh", CLEAN),
}

# (file, rule, line, column, verdict)
ALL_LABELS = [
    ("register", "AMI311", 4, 12, "true"),
    ("arm", "AMI105", 4, 32, "false"),
    ("arm", "AMI411", 7, 3, "noise"),
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def write_manifest(base: Path, commit: str = "0" * 40) -> Path:
    lines = []
    for ident, (path, text) in FILES.items():
        lines += [
            "[[file]]",
            f'id = "{ident}"',
            'repo = "acme/images"',
            f'path = "{path}"',
            f'commit = "{commit}"',
            f'sha256 = "{sha(text)}"',
            'kind = "shell"',
            "read_today = true",
            "",
        ]
    manifest = base / "manifest.toml"
    manifest.write_text("\n".join(lines))
    return manifest


def write_labels(base: Path, labels: list[tuple[str, str, int, int, str]]) -> Path:
    lines = []
    for ident, rule, line, column, verdict in labels:
        lines += [
            "[[label]]",
            f'file = "{ident}"',
            f'rule = "{rule}"',
            f"line = {line}",
            f"column = {column}",
            f'verdict = "{verdict}"',
            'reason = "test"',
            "",
        ]
    path = base / "labels.toml"
    path.write_text("\n".join(lines))
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for path, text in FILES.values():
        target = root / "acme+images" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    (root / "acme+images" / ".git").mkdir()
    return root


def run(
    tmp_path: Path, corpus: Path, *extra: str, mirror: Path | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--corpus",
        str(corpus),
        "--manifest",
        str(tmp_path / "manifest.toml"),
        "--labels",
        str(tmp_path / "labels.toml"),
        "--mirror",
        str(mirror or tmp_path / "no-mirror"),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if k != "AMI_LINT_CORPUS"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)


def table(stdout: str) -> dict[str, list[int]]:
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 6 and (parts[0].startswith("AMI") or parts[0] == "total"):
            rows[parts[0]] = [int(p) for p in parts[1:]]
    return rows


def make_mirror(tmp_path: Path, arm_text: str, *, bare: bool = True) -> tuple[Path, str]:
    """A git mirror of acme/images holding scripts/arm.sh: the mirror folder and the commit.

    Not bare: a checkout, its git directory in repo/.git (as `fetch` leaves some mirrors)."""
    work = tmp_path / "work"
    (work / "scripts").mkdir(parents=True)
    (work / "scripts" / "arm.sh").write_text(arm_text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(work)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "arm"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    mirror = tmp_path / "mirror"
    clone = ["git", "clone", "-q", *(["--bare"] if bare else [])]
    subprocess.run([*clone, str(work), str(mirror / "acme+images" / "repo")], check=True)
    return mirror, commit


def test_counts_precision_and_exit_1_on_a_false_label(tmp_path: Path, corpus: Path) -> None:
    write_manifest(tmp_path)
    write_labels(tmp_path, ALL_LABELS)
    proc = run(tmp_path, corpus)
    assert proc.returncode == 1, proc.stderr
    assert table(proc.stdout) == {
        "AMI105": [1, 0, 0, 1, 0],
        "AMI311": [1, 1, 0, 0, 0],
        "AMI411": [1, 0, 1, 0, 0],
        "total": [3, 1, 1, 1, 0],
    }
    assert "3 of 3 files of the manifest linted" in proc.stdout
    assert "precision (true / labeled): 1/3 = 33.3%" in proc.stdout
    assert "labels with no finding any more (fixed): true 0, noise 0, false 0" in proc.stdout


def test_exit_0_when_all_labeled_and_fixed_labels_are_counted(tmp_path: Path, corpus: Path) -> None:
    write_manifest(tmp_path)
    # A label whose finding is gone (the clean script has none) counts as fixed.
    labels = [(i, r, ln, c, "noise" if v == "false" else v) for i, r, ln, c, v in ALL_LABELS]
    write_labels(tmp_path, [*labels, ("clean", "AMI311", 2, 1, "false")])
    proc = run(tmp_path, corpus)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "precision (true / labeled): 1/3 = 33.3%" in proc.stdout
    assert "labels with no finding any more (fixed): true 0, noise 0, false 1" in proc.stdout


def test_unlabeled_findings_are_printed_as_toml_and_exit_1(tmp_path: Path, corpus: Path) -> None:
    write_manifest(tmp_path)
    write_labels(tmp_path, ALL_LABELS[:1])
    proc = run(tmp_path, corpus, "--unlabeled")
    assert proc.returncode == 1
    assert table(proc.stdout)["total"] == [3, 1, 0, 0, 2]
    expected = (
        "# acme+images/scripts/arm.sh:7:3: "
        "`--block-device-mapping` is an abbreviation of `--block-device-mappings`\n"
        '#   --block-device-mapping "DeviceName=/dev/sda1,Ebs={SnapshotId=$snap}"\n'
        "[[label]]\n"
        'file = "arm"\n'
        'rule = "AMI411"\n'
        "line = 7\n"
        "column = 3\n"
        'verdict = ""  # true | noise | false\n'
        'reason = ""\n'
    )
    assert expected in proc.stdout
    assert '#   aws ec2 register-image --name "ab" --architecture arm64 --boot-mode uefi \\\n' in proc.stdout
    assert "scripts/register.sh:4:12" not in proc.stdout.split("precision")[1]


def test_missing_file_is_named_and_the_rest_is_measured(tmp_path: Path, corpus: Path) -> None:
    write_manifest(tmp_path)
    write_labels(tmp_path, [lab for lab in ALL_LABELS if lab[0] != "arm"])
    (corpus / "acme+images" / "scripts" / "arm.sh").unlink()
    proc = run(tmp_path, corpus)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "1 of 3 files are missing and were not linted:" in proc.stderr
    assert "  arm: acme/images scripts/arm.sh (no mirror of acme/images under" in proc.stderr
    assert "2 of 3 files of the manifest linted" in proc.stdout
    assert table(proc.stdout)["total"] == [1, 1, 0, 0, 0]


def test_missing_file_is_restored_from_a_local_mirror(tmp_path: Path, corpus: Path) -> None:
    mirror, commit = make_mirror(tmp_path, ARM)

    write_manifest(tmp_path, commit)
    write_labels(tmp_path, [lab for lab in ALL_LABELS if lab[2:4] != (4, 32)])
    arm = corpus / "acme+images" / "scripts" / "arm.sh"
    arm.unlink()
    proc = run(tmp_path, corpus, mirror=mirror)
    assert "restored arm from the mirror of acme/images" in proc.stderr
    assert arm.read_text() == ARM
    # Restored and linted: its AMI105 finding is there, unlabeled.
    assert table(proc.stdout)["AMI105"] == [1, 0, 0, 0, 1]
    assert proc.returncode == 1


def test_missing_file_is_restored_from_a_mirror_that_is_a_checkout(tmp_path: Path, corpus: Path) -> None:
    mirror, commit = make_mirror(tmp_path, ARM, bare=False)
    assert (mirror / "acme+images" / "repo" / ".git").is_dir()
    write_manifest(tmp_path, commit)
    write_labels(tmp_path, ALL_LABELS)
    arm = corpus / "acme+images" / "scripts" / "arm.sh"
    arm.unlink()
    proc = run(tmp_path, corpus, mirror=mirror)
    assert "restored arm from the mirror of acme/images" in proc.stderr
    assert "missing" not in proc.stderr
    assert arm.read_text() == ARM
    assert "3 of 3 files of the manifest linted" in proc.stdout
    assert proc.returncode == 1  # the AMI105 label is false


def test_a_mirror_copy_with_other_bytes_is_not_used(tmp_path: Path, corpus: Path) -> None:
    mirror, commit = make_mirror(tmp_path, ARM + "# changed\n")
    write_manifest(tmp_path, commit)
    write_labels(tmp_path, [])
    (corpus / "acme+images" / "scripts" / "arm.sh").unlink()
    proc = run(tmp_path, corpus, mirror=mirror)
    assert proc.returncode == 1  # the other findings are unlabeled
    assert "differs from the manifest's sha256" in proc.stderr
    assert not (corpus / "acme+images" / "scripts" / "arm.sh").exists()


def test_bad_labels_are_one_line_and_exit_2(tmp_path: Path, corpus: Path) -> None:
    write_manifest(tmp_path)
    write_labels(tmp_path, [("register", "AMI311", 4, 12, "maybe")])
    proc = run(tmp_path, corpus)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("label 1: verdict must be one of true, noise, false")
    assert "Traceback" not in proc.stderr
