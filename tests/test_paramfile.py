"""`file://` references and `--cli-input-*` documents of shell scripts (AMI004, AMI005)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter, Options
from ami_lint.files import project_of
from ami_lint.paramfile import MAX_BYTES, ParamFileError, read_param_file
from ami_lint.selection import Selection
from tests.conftest import located, run_cli

CALL = (
    "aws ec2 register-image --name web-2024-06-01 --architecture x86_64 --virtualization-type hvm \\\n"
    "  --root-device-name /dev/xvda --ena-support --imds-support v2.0 \\\n"
    "  --block-device-mappings {ref}\n"
)
BDM_BAD_IOPS = (
    "[\n"
    '  {"DeviceName": "/dev/xvda",\n'
    '   "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp3", "Iops": 5}}\n'
    "]\n"
)


def _lint(tmp_path: Path, script: str, name: str = "scripts/build.sh", *select: str) -> list[Diagnostic]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script, encoding="utf-8")
    linter = Linter(Options(selection=Selection(select=("ALL", *select))))
    diagnostics, _ = linter.lint_text(script, name, "shell")
    return sorted(diagnostics, key=Diagnostic.sort_key)


def _where(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.source.path}:{located(d)}" for d in diagnostics]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_file_next_to_the_script_is_checked_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "bdm.json").write_text(BDM_BAD_IOPS, encoding="utf-8")
    diagnostics = _lint(tmp_path, CALL.format(ref="file://bdm.json"))
    assert _where(diagnostics) == ["scripts/bdm.json:3:81-3:82 AMI210"]
    assert diagnostics[0].source.line_text(3).endswith('"Iops": 5}}')


def test_json_syntax_error_in_a_referenced_file(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "bdm.json").write_text('[{"DeviceName": "/dev/xvda",}]\n', encoding="utf-8")
    diagnostics = _lint(tmp_path, CALL.format(ref="file://bdm.json"))
    assert [f"{d.source.path} {d.rule}" for d in diagnostics if d.rule == "AMI001"] == [
        "scripts/bdm.json AMI001"
    ]


def test_shorthand_and_string_values_from_files(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "bdm.txt").write_text(
        "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3,Iops=5}", encoding="utf-8"
    )
    (tmp_path / "scripts" / "name.txt").write_text("x", encoding="utf-8")
    script = CALL.format(ref="file://bdm.txt").replace("web-2024-06-01", "file://name.txt")
    assert _where(_lint(tmp_path, script)) == [
        "scripts/bdm.txt:1:81-1:82 AMI210",
        "scripts/name.txt:1:1-1:2 AMI105",
    ]


def _project(tmp_path: Path) -> None:
    """Make `tmp_path` a git work tree: the project whose files a script below may read."""
    (tmp_path / ".git").mkdir()


def test_relative_to_the_working_directory_as_fallback(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "bdm.json").write_text(BDM_BAD_IOPS, encoding="utf-8")
    diagnostics = _lint(tmp_path, CALL.format(ref="file://config/bdm.json"))
    assert _where(diagnostics) == ["config/bdm.json:3:81-3:82 AMI210"]
    # Without the `.git` folder, the project is the script's folder only.
    (tmp_path / ".git").rmdir()
    project_of.cache_clear()  # found once per folder and run
    diagnostics = _lint(tmp_path, CALL.format(ref="file://config/bdm.json"))
    assert _where(diagnostics) == ["scripts/build.sh:3:27-3:49 AMI004"]
    assert "outside the script's project" not in diagnostics[0].message  # not even its existence


def test_the_script_directory_comes_first(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "bdm.json").write_text(BDM_BAD_IOPS, encoding="utf-8")
    (tmp_path / "bdm.json").write_text(BDM_BAD_IOPS.replace('"Iops": 5', '"Iops": 3000'), encoding="utf-8")
    assert _where(_lint(tmp_path, CALL.format(ref="file://bdm.json"))) == [
        "scripts/bdm.json:3:81-3:82 AMI210"
    ]


def test_missing_file_is_ami004_at_the_word(tmp_path: Path) -> None:
    diagnostics = _lint(tmp_path, CALL.format(ref="file://missing.json"))
    assert _where(diagnostics) == ["scripts/build.sh:3:27-3:46 AMI004"]
    assert diagnostics[0].message == "Cannot read `file://missing.json`: no such file"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.mkdir(), "a directory, not a regular file"),
        (lambda p: p.write_bytes(b" " * (MAX_BYTES + 1)), "larger than 1 MiB"),
        (
            lambda p: p.write_bytes(b'[{"DeviceName": "/dev/\xff"}]'),
            "not UTF-8 text (byte `0xff` at offset 22)",
        ),
    ],
    ids=["directory", "too-large", "not-utf8"],
)
def test_unreadable_files(tmp_path: Path, make, problem: str) -> None:
    (tmp_path / "scripts").mkdir()
    make(tmp_path / "scripts" / "bdm.json")
    diagnostics = _lint(tmp_path, CALL.format(ref="file://bdm.json"))
    assert _where(diagnostics) == ["scripts/build.sh:3:27-3:42 AMI004"]
    assert problem in diagnostics[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_fifo_is_not_opened(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    os.mkfifo(tmp_path / "scripts" / "bdm.json")
    started = time.monotonic()
    diagnostics = _lint(tmp_path, CALL.format(ref="file://bdm.json"))
    assert time.monotonic() - started < 10
    assert [d.rule for d in diagnostics] == ["AMI004"] and "a named pipe" in diagnostics[0].message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    diagnostics = _lint(tmp_path, CALL.format(ref="file:///dev/zero"), "scripts/build.sh", "AMI005")
    # Absolute and outside the project: never read, not checked (AMI005).
    assert [d.rule for d in diagnostics] == ["AMI005"]
    # Even from `/` (where /dev is inside the working directory) it is refused.
    monkeypatch.chdir("/")
    with pytest.raises(ParamFileError, match=r"a special file|a device"):
        read_param_file("dev/zero", "build.sh")
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="no /etc/passwd")
def test_outside_the_tree_is_not_read_nor_echoed(tmp_path: Path) -> None:
    script = "aws ec2 register-image --name web-2024-06-01 --cli-input-json file:///etc/passwd\n"
    diagnostics = _lint(tmp_path, script, "scripts/build.sh", "AMI005")
    assert _where(diagnostics) == ["scripts/build.sh:1:63-1:81 AMI005"]
    message = diagnostics[0].message
    assert "`file:///etc/passwd`" in message and "outside" in message
    assert "root" not in message and all(d.source.path == "scripts/build.sh" for d in diagnostics)


def test_outside_the_tree_through_a_symlink_or_dotdot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('[{"DeviceName": "hunter2"}]', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    monkeypatch.chdir(repo)
    refs = ["file://../../outside/secret.json"]
    if sys.platform != "win32":
        (repo / "scripts" / "link.json").symlink_to(outside / "secret.json")
        refs.append("file://link.json")
    for ref in refs:
        diagnostics = _lint(repo, CALL.format(ref=ref))
        assert [d.rule for d in diagnostics] == ["AMI004"], ref
        assert "hunter2" not in diagnostics[0].message


def test_unresolved_path_is_silent_by_default_and_ami005_when_selected(tmp_path: Path) -> None:
    script = CALL.format(ref='"file://$DIR/x.json"')
    assert _lint(tmp_path, script) == []
    diagnostics = _lint(tmp_path, script, "scripts/build.sh", "AMI005")
    assert _where(diagnostics) == ["scripts/build.sh:3:27-3:47 AMI005"]
    assert diagnostics[0].message == "Value comes from `$DIR` and was not checked"
    tilde = _lint(tmp_path, CALL.format(ref="file://~/x.json"), "scripts/build.sh", "AMI005")
    assert [d.rule for d in tilde] == ["AMI005"]


def test_fileb_is_not_read(tmp_path: Path) -> None:
    assert _lint(tmp_path, CALL.format(ref="fileb://missing.bin"), "scripts/build.sh", "AMI005") == []


REQUEST_JSON = """{
  "Name": "x",
  "Architecture": "x86_64",
  "VirtualizationType": "hvm",
  "RootDeviceName": "/dev/xvda",
  "EnaSupport": true,
  "ImdsSupport": "v2.0",
  "BlockDeviceMappings": [
    {"DeviceName": "/dev/xvda",
     "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "Iops": 5, "VolumeType": "gp3"}}
  ]
}
"""


def test_cli_input_json_merged_with_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "req.json").write_text(REQUEST_JSON, encoding="utf-8")
    alone = _lint(tmp_path, "aws ec2 register-image --cli-input-json file://req.json\n")
    assert _where(alone) == ["scripts/req.json:2:11-2:14 AMI105", "scripts/req.json:10:62-10:63 AMI210"]
    # The command line replaces `Name` whole: the file's `Name` is not checked.
    merged = _lint(
        tmp_path, "aws ec2 register-image --cli-input-json file://req.json --name web-2024-06-01\n"
    )
    assert _where(merged) == ["scripts/build.sh:1:57-1:63 AMI406", "scripts/req.json:10:62-10:63 AMI210"]


def test_cli_input_yaml_with_yaml_1_2_semantics(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "req.yaml").write_text(
        "Name: web-2024-06-01\nArchitecture: x86_64\nVirtualizationType: hvm\nEnaSupport: yes\n",
        encoding="utf-8",
    )
    diagnostics = _lint(
        tmp_path, "aws ec2 register-image --cli-input-yaml file://req.yaml --no-ena-support\n"
    )
    assert not [d for d in diagnostics if d.rule == "AMI103"]  # EnaSupport comes from the command line
    diagnostics = _lint(tmp_path, "aws ec2 register-image --cli-input-yaml file://req.yaml\n")
    assert [f"{d.source.path}:{located(d)}" for d in diagnostics if d.rule == "AMI103"] == [
        "req.yaml:4:13-4:16 AMI103"
    ]


def test_inline_cli_input_json_is_merged(tmp_path: Path) -> None:
    script = (
        """aws ec2 register-image --cli-input-json '{"Name": "x", "Architecture": "sparc"}' --name web-1\n"""
    )
    rules = [located(d) for d in _lint(tmp_path, script) if d.rule in ("AMI104", "AMI105", "AMI406")]
    assert rules == ["1:72-1:79 AMI104", "1:82-1:88 AMI406"]


def test_missing_cli_input_file_silences_missing_option_rules(tmp_path: Path) -> None:
    diagnostics = _lint(tmp_path, "aws ec2 register-image --cli-input-json file://req.json\n")
    assert [d.rule for d in diagnostics] == ["AMI004"]


def test_referenced_file_linted_itself_reports_once(tmp_path: Path) -> None:
    """A request file that a script reads with `--cli-input-json` and that is
    linted itself gives each of its findings once, with `--jobs` too."""
    (tmp_path / "request.json").write_text(
        '{"Name": "web-2024", "Architecture": "amd64"}\n', encoding="utf-8"
    )
    (tmp_path / "register.sh").write_text(
        "aws ec2 register-image --cli-input-json file://request.json\n", encoding="utf-8"
    )
    for jobs in ("1", "2"):
        result = run_cli("--format", "json", "--select", "AMI104", "--jobs", jobs, ".", cwd=tmp_path)
        found = [(d["path"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]
        assert found == [("request.json", 1, 38)]
