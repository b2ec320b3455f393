"""A misspelt key is one finding (AMI101 with the key it probably meant), not
also every rule about what that key would have supplied (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

SNAP = "snap-0db2cf683925d191f"


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _lint(cwd: Path, *args: str) -> tuple[int, list[str], list[str]]:
    """Exit code, `path:line:col-end_line:end_col RULE` and hints, in output order."""
    result = run_cli("--format", "json", *args, cwd=cwd)
    assert result.stderr == "", result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    located = [
        f"{d['path']}:{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']} {d['rule']}"
        for d in diagnostics
    ]
    return result.returncode, located, [d["hint"] for d in diagnostics]


REQUEST_JSON = f"""\
{{
  "Name": "web-2024-06-01",
  "Architechture": "x86_64",
  "VirtualisationType": "hvm",
  "EnaSupport": true,
  "ImdsSupport": "v2.0",
  "RootDeviceNmae": "/dev/xvda",
  "BlockDeviceMapping": [
    {{"DeviceName": "/dev/xvda", "Ebs": {{"SnapshotId": "{SNAP}", "VolumeType": "gp3"}}}}
  ]
}}
"""


def test_misspelt_keys_in_json_are_the_only_findings(tmp_path: Path) -> None:
    _write(tmp_path, "request.json", REQUEST_JSON)
    code, located, hints = _lint(tmp_path, "request.json")
    # Before: also AMI301 (no boot source), AMI305 (i386), AMI306 (paravirtual)
    # at 1:1.
    assert located == [
        "request.json:3:3-3:18 AMI101",
        "request.json:4:3-4:23 AMI101",
        "request.json:7:3-7:19 AMI101",
        "request.json:8:3-8:23 AMI101",
    ]
    assert hints == [
        "Did you mean `Architecture`?",
        "Did you mean `VirtualizationType`?",
        "Did you mean `RootDeviceName`?",
        "Did you mean `BlockDeviceMappings`?",
    ]
    assert code == 1
    # With AMI101 ignored, the missing members are the only sign of the misspellings.
    _code, located, _ = _lint(tmp_path, "--ignore", "AMI101", "request.json")
    assert located == [
        "request.json:1:1-11:2 AMI301",
        "request.json:1:1-11:2 AMI305",
        "request.json:1:1-11:2 AMI306",
    ]


def test_a_finding_the_fix_would_keep_is_still_reported(tmp_path: Path) -> None:
    """A misspelt `Architechture` with ENA on a paravirtual image: ENA there
    is an error whether or not the other key is spelt right."""
    _write(
        tmp_path,
        "legacy.json",
        '{"Name": "pv-2014", "VirtualizationType": "paravirtual", "EnaSupport": true,\n'
        ' "Architechture": "x86_64", "ImageLocation": "legacy-bucket/pv/image.manifest.xml"}\n',
    )
    _code, located, _ = _lint(tmp_path, "legacy.json")
    assert located == ["legacy.json:1:72-1:76 AMI308", "legacy.json:2:2-2:17 AMI101"]


def test_misspelt_keys_in_yaml_top_level_and_inside_ebs(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "images/web.yaml",
        "Nmae: web-2024-06-01\n"
        "Architecture: arm64\n"
        "BootMode: uefi\n"
        "ImdsSupport: v2.0\n"
        "RootDeviceName: /dev/xvda\n"
        "BlockDeviceMappings:\n"
        "  - DeviceName: /dev/xvda\n"
        "    Ebs:\n"
        f"      SnapshotID: {SNAP}\n"
        "  - DeviceName: /dev/xvdf\n"
        "    Ebs:\n"
        "      VolumeSise: 100\n",
    )
    code, located, hints = _lint(tmp_path, "images")
    # Before: also AMI102 (no `Name`) at 1:1, AMI207 (neither SnapshotId nor
    # VolumeSize) at 9:7 and 12:7, AMI303 (root without snapshot) at 9:7.
    # No `VirtualizationType` is a real finding, listed after its position's cause.
    assert located == [
        "images/web.yaml:1:1-1:5 AMI101",
        "images/web.yaml:1:1-12:22 AMI306",
        "images/web.yaml:9:7-9:17 AMI101",
        "images/web.yaml:12:7-12:17 AMI101",
    ]
    assert hints[0] == "Did you mean `Name`?"
    assert hints[2:] == ["Did you mean `SnapshotId`?", "Did you mean `VolumeSize`?"]
    assert code == 1


BUILD_SCRIPT = f"""\
#!/bin/bash
set -euo pipefail
ROOT_SNAPSHOT="${{ROOT_SNAPSHOT:-{SNAP}}}"
AMI_NAME="app-$(date +%Y%m%d)"
image_id=$(aws ec2 register-image \\
  --name "$AMI_NAME" \\
  --architechture arm64 \\
  --boot-mode uefi \\
  --virtualisation-type=hvm \\
  --ena-support \\
  --imds-support v2.0 \\
  --root-device-nmae /dev/xvda \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId=$ROOT_SNAPSHOT,VolumeType=gp3}}" \\
      'DeviceName=/dev/xvdf,Ebs={{VolumSize=50,VolumeType=gp3}}' \\
  --query ImageId --output text)
aws ec2 create-tags --resources "$image_id" --tags Key=Team,Value=platform
"""


def test_misspelt_options_and_shorthand_keys_in_a_script(tmp_path: Path) -> None:
    _write(tmp_path, "build-ami.sh", BUILD_SCRIPT)
    code, located, hints = _lint(tmp_path, "build-ami.sh")
    # Before: also AMI304 (no RootDeviceName), AMI305 (i386) and AMI306
    # (paravirtual) at 5:12, AMI308 at 10:3, AMI207 at 14:33.
    assert located == [
        "build-ami.sh:7:3-7:18 AMI101",
        "build-ami.sh:9:3-9:28 AMI101",
        "build-ami.sh:12:3-12:21 AMI101",
        "build-ami.sh:14:34-14:43 AMI101",
    ]
    assert hints == [
        "Did you mean `--architecture`?",
        "Did you mean `--virtualization-type`?",
        "Did you mean `--root-device-name`?",
        "Did you mean `VolumeSize`?",
    ]
    assert code == 1


def test_misspelt_key_in_a_shorthand_value_given_alone(tmp_path: Path) -> None:
    value = f"DeviceName=/dev/xvda,Ebs={{SnapshotID={SNAP},VolumeType=gp3}}"
    code, located, hints = _lint(tmp_path, "--shorthand", "block-device-mappings", value)
    # Before: also AMI207 at 1:26.
    assert located == ["<--block-device-mappings>:1:27-1:37 AMI101"]
    assert hints == ["Did you mean `SnapshotId`?"]
    assert code == 1
