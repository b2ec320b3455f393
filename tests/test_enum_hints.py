"""AMI104's hint is never wrong: a known alias first (`ami_lint/data/enum_aliases.yaml`),
then the value in another case, then one close spelling; no far guess (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import ROOT, run_cli

ALIASES = YAML(typ="safe", pure=True).load(
    (ROOT / "ami_lint" / "data" / "enum_aliases.yaml").read_text(encoding="utf-8")
)
SNAP = "snap-0db2cf683925d191f"


def _request(member: str, value: str) -> str:
    """A request whose only mistake is `member`'s value (JSON)."""
    request: dict[str, object] = {
        "Name": "web-2024-06-01",
        "Architecture": "x86_64",
        "VirtualizationType": "hvm",
        "EnaSupport": True,
        "BootMode": "uefi",
        "ImdsSupport": "v2.0",
        "TpmSupport": "v2.0",
        "RootDeviceName": "/dev/xvda",
        "BlockDeviceMappings": [
            {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": SNAP, "VolumeType": "gp3"}}
        ],
    }
    if member == "VolumeType":
        request["BlockDeviceMappings"] = [
            {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": SNAP, "VolumeType": value}}
        ]
    else:
        request[member] = value
    return json.dumps(request, indent=2) + "\n"


def _hints(tmp_path: Path, cases: list[tuple[str, str]]) -> dict[str, list[tuple[str, str | None]]]:
    """Each case's AMI104 findings (`line:col` and hint), one file per case, one run."""
    for i, (member, value) in enumerate(cases):
        (tmp_path / f"case{i:02d}.json").write_text(_request(member, value), encoding="utf-8")
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    assert result.stderr == "" and result.returncode == 1
    found: dict[str, list[tuple[str, str | None]]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        if d["rule"] != "AMI104":  # (`TpmSupport` with a BootMode that is not `uefi`: AMI313)
            continue
        found.setdefault(d["path"], []).append((f"{d['rule']} {d['line']}:{d['column']}", d["hint"]))
    return found


def _line(member: str) -> str:
    """Where `_request` writes `member`'s value."""
    return {
        "Architecture": "3:19",
        "VirtualizationType": "4:25",
        "BootMode": "6:15",
        "ImdsSupport": "7:18",
        "TpmSupport": "8:17",
        "VolumeType": "15:23",
    }[member]


def test_every_alias_gets_its_value_and_what_it_is(tmp_path: Path) -> None:
    cases = [(member, alias) for member, table in ALIASES.items() for alias in table]
    assert len(cases) == 16
    found = _hints(tmp_path, cases)
    for i, (member, alias) in enumerate(cases):
        entry = ALIASES[member][alias]
        hint = f"Write `{entry['value']}`: `{alias}` is {entry['note']}"
        assert found[f"case{i:02d}.json"] == [(f"AMI104 {_line(member)}", hint)], (member, alias)


def test_aliases_are_read_in_any_case_and_case_mistakes_say_so(tmp_path: Path) -> None:
    cases = [
        ("Architecture", "AMD64"),
        ("Architecture", "X86_64"),
        ("Architecture", "I386"),
        ("VirtualizationType", "HVM"),
        ("VirtualizationType", "PV"),
        ("VolumeType", "GP3"),
        ("BootMode", "UEFI"),
    ]
    found = _hints(tmp_path, cases)
    assert [found[f"case{i:02d}.json"][0][1] for i in range(len(cases))] == [
        "Write `x86_64`: `AMD64` is Debian's and Go's name for it",
        "Write `x86_64`: values are case sensitive",
        "Write `i386`: values are case sensitive",
        "Write `hvm`: values are case sensitive",
        "Write `paravirtual`: `PV` is short for it",
        "Write `gp3`: values are case sensitive",
        "Write `uefi`: values are case sensitive",
    ]


def test_a_close_spelling_is_suggested_and_a_far_or_ambiguous_one_is_not(tmp_path: Path) -> None:
    cases = [
        ("Architecture", "x86_46"),  # two neighbours swapped
        ("BootMode", "uefi-prefered"),  # a letter left out
        ("BootMode", "legacy_bios"),  # punctuation
        ("Architecture", "ia64"),  # Itanium: not arm64
        ("Architecture", "ppc64le"),
        ("VolumeType", "io3"),  # io1 or io2?
        ("VolumeType", "gp4"),  # gp2 or gp3?
    ]
    found = _hints(tmp_path, cases)
    assert [found[f"case{i:02d}.json"][0] for i in range(len(cases))] == [
        ("AMI104 3:19", "Did you mean `x86_64`?"),
        ("AMI104 6:15", "Did you mean `uefi-preferred`?"),
        ("AMI104 6:15", "Did you mean `legacy-bios`?"),
        ("AMI104 3:19", None),
        ("AMI104 3:19", None),
        ("AMI104 15:23", None),
        ("AMI104 15:23", None),
    ]


def test_aliases_in_a_build_script(tmp_path: Path) -> None:
    """Values copied from `uname -m`/`dpkg --print-architecture` habits."""
    (tmp_path / "register.sh").write_text(
        "#!/bin/bash\n"
        "set -euo pipefail\n"
        f"SNAPSHOT_ID={SNAP}\n"
        "ARCH=aarch64\n"
        'aws ec2 register-image --name "arm-$(date +%s)" --architecture "$ARCH" \\\n'
        "  --boot-mode uefi_preferred --virtualization-type HVM --ena-support --imds-support v2 \\\n"
        "  --root-device-name /dev/xvda \\\n"
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$SNAPSHOT_ID,VolumeType=GP3}"\n',
        encoding="utf-8",
    )
    result = run_cli("--format", "json", "register.sh", cwd=tmp_path)
    found = [
        (f"{d['rule']} {d['line']}:{d['column']}-{d['end_line']}:{d['end_column']}", d["hint"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert found == [
        ("AMI104 4:6-4:13", "Write `arm64`: `aarch64` is the Linux kernel's and RPM's name for it"),
        (
            "AMI104 6:15-6:29",
            "Write `uefi-preferred`: `uefi_preferred` is it with an underscore; the API writes a hyphen",
        ),
        ("AMI104 6:52-6:55", "Write `hvm`: values are case sensitive"),
        ("AMI104 6:85-6:87", "Write `v2.0`: `v2` is short for it"),
        ("AMI104 8:89-8:92", "Write `gp3`: values are case sensitive"),
    ]
    assert result.returncode == 1


def test_the_aliases_read_as_ruamel_reads_them() -> None:
    # `enum_aliases` reads the table with libyaml where it is built (YAML
    # 1.1): a key or value that YAML 1.1 reads otherwise (`no`, `on`, `0o7`)
    # would show here.
    from ami_lint.schema_check import _load_data, enum_aliases

    text = (ROOT / "ami_lint" / "data" / "enum_aliases.yaml").read_text(encoding="utf-8")
    assert _load_data(text) == ALIASES
    assert enum_aliases() == {m: {str(a): e for a, e in table.items()} for m, table in ALIASES.items()}
