"""The front-end interface (ami_lint.frontend): a new input is one front-end
class and one entry in `ami_lint.frontends.FRONT_ENDS`, with no change to the
engine; an embedded input is a `Source` inside its host's, and positions
stay exact through every layer (findings, suppressions, `file://` reads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ami_lint.frontends as frontends
from ami_lint.cli import main
from ami_lint.frontend import Extraction, FrontEnd, Resolver, lifted
from ami_lint.frontends.shell import SHELL
from ami_lint.offsets import OffsetMap
from ami_lint.source import Source, Span
from tests.test_vocabulary import TERRAFORM

FENCE = "```sh\n"
END = "```\n"


class FencedFrontEnd(FrontEnd):
    """A toy input, as a test would write the Markdown front end: the lines
    between ```sh and ``` are a shell script, everything else is prose."""

    name = "fenced"
    suffixes = (".fenced",)

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        text = source.text
        whole = Extraction()
        at = text.find(FENCE)
        while at >= 0:
            start = at + len(FENCE)
            end = text.find(END, start)
            end = len(text) if end < 0 else end
            body = Source.embedded(text[start:end], source, OffsetMap.linear(start, end - start))
            part = SHELL.extract(body, resolver, lenient)
            whole.requests = [*whole.requests, *part.requests]
            whole.findings += part.findings
            whole.comments += lifted(part.comments, body)
            whole.notes += part.notes
            at = text.find(FENCE, end)
        if not whole.requests:
            whole.skipped = "skipped: no fenced call"
        return whole


DOC = """\
# Registering the image

Run this, after the snapshot is ready:

```sh
aws ec2 register-image --name web-2024 --architecture arm64 \\
  --boot-mode legacy-bios --virtualization-type hvm --ena-support \\
  --root-device-name /dev/xvda \\
  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'
```

And for the other region, the same request from a file:

```sh
# ami-lint: disable=AMI406
aws ec2 register-image --cli-input-json file://req.json --name copy-2024
```
"""
REQUEST = {
    "Name": "from-the-file",
    "Architecture": "x86_64",
    "VirtualizationType": "hvm",
    "EnaSupport": True,
    "ImdsSupport": "v2.0",
    "RootDeviceName": "/dev/xvda",
    "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp4"}}
    ],
}


@pytest.fixture
def fenced(monkeypatch: pytest.MonkeyPatch) -> FencedFrontEnd:
    front = FencedFrontEnd()
    monkeypatch.setattr(frontends, "FRONT_ENDS", (*frontends.FRONT_ENDS, front))
    monkeypatch.setitem(frontends.BY_NAME, front.name, front)
    return front


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple], str]:
    code = main(["--format", "json", "--jobs", "1", *args])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    found = [
        (d["path"], d["rule"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in out["diagnostics"]
    ]
    return code, found, captured.err


def test_a_new_front_end_needs_no_engine_change(
    fenced: FencedFrontEnd,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "RUNBOOK.fenced").write_text(DOC)
    (tmp_path / "req.json").write_text(json.dumps(REQUEST, indent=2) + "\n")
    monkeypatch.chdir(tmp_path)
    code, found, err = _run(tmp_path, capsys, "--warn-unused-suppressions", "RUNBOOK.fenced")
    assert found == [
        # In the first fence: arm64 with legacy BIOS, at the value in the document.
        ("RUNBOOK.fenced", "AMI312", 7, 15, 7, 26),
        # In the file the second fence reads, at its line (the fence's
        # directive covers the call, not the file's own findings).
        ("req.json", "AMI104", 13, 23, 13, 28),
    ]
    assert "Unused suppression" not in err  # AMI406 in the second fence was suppressed
    assert code == 1


def test_the_walk_claims_files_for_a_new_front_end(
    fenced: FencedFrontEnd,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.fenced").write_text(DOC.split("And for")[0])
    (tmp_path / "docs" / "b.fenced").write_text("No command here.\n")
    monkeypatch.chdir(tmp_path)
    code, found, err = _run(tmp_path, capsys, "--verbose", "docs")
    assert found == [("docs/a.fenced", "AMI312", 7, 15, 7, 26)]
    assert "docs/b.fenced: skipped: no fenced call" in err
    assert code == 1


def test_positions_through_two_layers_of_embedding() -> None:
    host = Source("0123456789abcdefghij", "host.txt")
    middle = Source.embedded(host.text[5:15], host, OffsetMap.linear(5, 10))  # "56789abcde"
    inner = Source.embedded(middle.text[2:6], middle, OffsetMap.linear(2, 4))  # "789a"
    assert inner.text == "789a"
    source, span = inner.in_host(Span(1, 3))
    assert source is host
    assert host.slice(span) == "89" and span == Span(8, 10)


class TerraformishFenced(FencedFrontEnd):
    """The same input, its findings said in another notation: a front end's
    vocabulary is data, and the engine renders every message and hint in it."""

    name = "fenced-tf"
    suffixes = (".fencedtf",)
    vocabulary = TERRAFORM


def test_a_front_end_names_members_in_its_own_vocabulary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for front in (FencedFrontEnd(), TerraformishFenced()):
        monkeypatch.setattr(frontends, "FRONT_ENDS", (*frontends.FRONT_ENDS, front))
        monkeypatch.setitem(frontends.BY_NAME, front.name, front)
    (tmp_path / "a.fencedtf").write_text(DOC.split("And for")[0].replace("--ena-support", "--no-ena-support"))
    (tmp_path / "a.fenced").write_text(DOC.split("And for")[0].replace("--ena-support", "--no-ena-support"))
    monkeypatch.chdir(tmp_path)
    main(["--format", "json", "--jobs", "1", "--select", "AMI312", "a.fencedtf", "a.fenced"])
    out = json.loads(capsys.readouterr().out)
    said = {d["path"]: (d["line"], d["column"], d["message"], d["hint"]) for d in out["diagnostics"]}
    assert said == {
        "a.fenced": (
            7,
            15,
            "`BootMode` is `legacy-bios` but `Architecture` `arm64` boots only with `uefi`",
            "Set `BootMode` to `uefi`",
        ),
        "a.fencedtf": (
            7,
            15,
            "`boot_mode` is `legacy-bios` but `architecture` `arm64` boots only with `uefi`",
            "Set `boot_mode` to `uefi`",
        ),
    }
