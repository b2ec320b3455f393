"""Fixes in the inputs that name members in their own notation: Terraform
(`.tf`, `.tf.json`), Packer (`.pkr.hcl`, `.pkr.json`), boto3, Go and
JavaScript/TypeScript SDK code (issue 19).

Each fix is applied by the real command (`--fix`, `--unsafe-fixes` on a file
of a temporary folder, only the rule selected) and the file's bytes are
checked exactly; linting the result again finds nothing of that rule, and
every other finding is the same as before. Where a fix cannot be written
exactly, none is offered.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.selection import Selection
from tests.conftest import lint

AMI = [sys.executable, "-m", "ami_lint"]
ROOT = Path(__file__).resolve().parent.parent
FRONT = {".tf": "terraform", ".json": "terraform", ".hcl": "packer", ".py": "python", ".go": "go"}

TF = """\
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  ena_support         = true
  root_device_name    = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0db2cf683925d191f"
    volume_type = "gp3"
  }
}
"""

PKR = """\
source "amazon-ebssurrogate" "web" {
  ami_name                = "web-2024-06-01"
  ami_virtualization_type = "hvm"
  ena_support             = true
  launch_block_device_mappings {
    device_name = "/dev/xvdf"
    volume_type = "gp3"
    volume_size = 8
  }
  ami_root_device {
    source_device_name = "/dev/xvdf"
    device_name        = "/dev/xvda"
  }
}
"""

PY = """\
import boto3

ec2 = boto3.client("ec2")
ec2.register_image(
    Name="web-2024-06-01",
    Architecture="x86_64",
    VirtualizationType="hvm",
    EnaSupport=True,
    RootDeviceName="/dev/xvda",
    BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}}],
)
"""

GO = """\
package main

func register(svc *ec2.Client) {
	input := &ec2.RegisterImageInput{
		Name:               aws.String("web-2024-06-01"),
		Architecture:       types.ArchitectureValuesX8664,
		VirtualizationType: aws.String("hvm"),
		EnaSupport:         aws.Bool(true),
		RootDeviceName:     aws.String("/dev/xvda"),
		BlockDeviceMappings: []types.BlockDeviceMapping{{
			DeviceName: aws.String("/dev/xvda"),
			Ebs: &types.EbsBlockDevice{
				SnapshotId: aws.String("snap-0123456789abcdef0"),
			},
		}},
	}
	_, _ = svc.RegisterImage(ctx, input)
}
"""

TS = """\
import { RegisterImageCommand } from "@aws-sdk/client-ec2";
await client.send(new RegisterImageCommand({
  Name: "web-2024-06-01",
  Architecture: "x86_64",
  VirtualizationType: "hvm",
  EnaSupport: true,
  RootDeviceName: "/dev/xvda",
  BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-0db2cf683925d191f" } }],
}));
"""

TF_JSON = """\
{"resource": {"aws_ami": {"web": {
  "name": "web-2024-06-01", "virtualization_type": "hvm", "ena_support": true,
  "root_device_name": "/dev/xvda",
  "ebs_block_device": [{"device_name": "/dev/xvda", "snapshot_id": "snap-0db2cf683925d191f",
                        "volume_type": "gp3"}]
}}}}
"""

PY_BUILT = """\
import boto3

params = {"Name": "web", "Architecture": "x86_64", "VirtualizationType": "paravirtual"}
params["kernel_id"] = "aki-12345678"
boto3.client("ec2").register_image(**params)
"""


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# name: (file name, text before, rule, unsafe, text after)
CASES: dict[str, tuple[str, str, str, bool, str]] = {
    # Terraform
    "tf-rename-argument": (
        "main.tf",
        _swap(TF, "  virtualization_type = ", "  virtualisation_type = "),
        "AMI101",
        True,
        TF,
    ),
    "tf-rename-block-argument": (
        "main.tf",
        _swap(TF, "    volume_type = ", "    volume_tpye = "),
        "AMI101",
        True,
        TF,
    ),
    "tf-rename-block-type": (
        "main.tf",
        _swap(TF, "  ebs_block_device {", "  ebs_blok_device {"),
        "AMI101",
        True,
        TF,
    ),
    "tf-remove-computed-argument": (
        "main.tf",
        _swap(
            TF,
            "  ena_support         = true\n",
            '  ena_support         = true\n  tags_all = {\n    a = "b"\n  }\n',
        ),
        "AMI101",
        True,
        TF,
    ),
    "tf-enum-alias": (
        "main.tf",
        _swap(
            TF,
            "  ena_support         = true\n",
            '  ena_support         = true\n  architecture        = "amd64"\n',
        ),
        "AMI104",
        False,
        _swap(
            TF,
            "  ena_support         = true\n",
            '  ena_support         = true\n  architecture        = "x86_64"\n',
        ),
    ),
    "tf-remove-encrypted": (
        "main.tf",
        _swap(TF, '    volume_type = "gp3"\n', '    volume_type = "gp3"\n    encrypted   = true\n'),
        "AMI216",
        True,
        TF,
    ),
    "tf-remove-encrypted-between-lines": (
        "main.tf",
        _swap(TF, '    snapshot_id = "snap', '    encrypted   = "true"\n    snapshot_id = "snap'),
        "AMI216",
        True,
        TF,
    ),
    "tf-add-imds-support": (
        "main.tf",
        TF,
        "AMI316",
        True,
        _swap(
            TF, '  name                = "web', '  imds_support        = "v2.0"\n  name                = "web'
        ),
    ),
    "tf-crlf-add-imds-support": (
        "main.tf",
        TF.replace("\n", "\r\n"),
        "AMI316",
        True,
        _swap(
            TF, '  name                = "web', '  imds_support        = "v2.0"\n  name                = "web'
        ).replace("\n", "\r\n"),
    ),
    "tf-json-remove-encrypted": (
        "main.tf.json",
        _swap(TF_JSON, '"volume_type": "gp3"}', '"volume_type": "gp3", "encrypted": true}'),
        "AMI216",
        True,
        TF_JSON,
    ),
    "tf-json-rename": (
        "main.tf.json",
        _swap(TF_JSON, '"ena_support"', '"ena_suport"'),
        "AMI101",
        True,
        TF_JSON,
    ),
    "tf-json-add-imds-support": (
        "main.tf.json",
        TF_JSON,
        "AMI316",
        True,
        _swap(TF_JSON, '  "name": "web', '  "imds_support": "v2.0", "name": "web'),
    ),
    # Packer
    "pkr-enum-alias": (
        "web.pkr.hcl",
        _swap(
            PKR,
            "  ena_support             = true\n",
            '  ena_support             = true\n  ami_architecture = "amd64"\n',
        ),
        "AMI104",
        False,
        _swap(
            PKR,
            "  ena_support             = true\n",
            '  ena_support             = true\n  ami_architecture = "x86_64"\n',
        ),
    ),
    "pkr-rename-option": (
        "web.pkr.hcl",
        _swap(
            PKR,
            "  ena_support             = true\n",
            '  ena_support             = true\n  ami_architecure = "arm64"\n',
        ),
        "AMI101",
        True,
        _swap(
            PKR,
            "  ena_support             = true\n",
            '  ena_support             = true\n  ami_architecture = "arm64"\n',
        ),
    ),
    "pkr-remove-encrypted": (
        "web.pkr.hcl",
        _swap(
            PKR,
            "  launch_block_device_mappings {",
            '  ami_block_device_mappings {\n    device_name = "/dev/sdb"\n'
            '    snapshot_id = "snap-0db2cf683925d191f"\n    encrypted = true\n  }\n'
            "  launch_block_device_mappings {",
        ),
        "AMI216",
        True,
        _swap(
            PKR,
            "  launch_block_device_mappings {",
            '  ami_block_device_mappings {\n    device_name = "/dev/sdb"\n'
            '    snapshot_id = "snap-0db2cf683925d191f"\n  }\n'
            "  launch_block_device_mappings {",
        ),
    ),
    "pkr-add-imds-support": (
        "web.pkr.hcl",
        PKR,
        "AMI316",
        True,
        _swap(PKR, "  ami_name ", '  imds_support            = "v2.0"\n  ami_name '),
    ),
    "pkr-json-enum-alias": (
        "web.pkr.json",
        '{"builders": [{"type": "amazon-ebssurrogate", "ami_name": "web", "ami_virtualization_type": "hvm",\n'
        '  "ami_architecture": "amd64", "ena_support": true,\n'
        '  "launch_block_device_mappings": [{"device_name": "/dev/xvdf", "volume_size": 8}],\n'
        '  "ami_root_device": {"source_device_name": "/dev/xvdf", "device_name": "/dev/xvda"}}]}\n',
        "AMI104",
        False,
        '{"builders": [{"type": "amazon-ebssurrogate", "ami_name": "web", "ami_virtualization_type": "hvm",\n'
        '  "ami_architecture": "x86_64", "ena_support": true,\n'
        '  "launch_block_device_mappings": [{"device_name": "/dev/xvdf", "volume_size": 8}],\n'
        '  "ami_root_device": {"source_device_name": "/dev/xvdf", "device_name": "/dev/xvda"}}]}\n',
    ),
    "pkr-json-add-imds-support": (
        "web.pkr.json",
        '{"builders": [{"type": "amazon-ebssurrogate", "ami_name": "web", "ami_virtualization_type": "hvm",\n'
        '  "ami_architecture": "x86_64", "ena_support": true,\n'
        '  "launch_block_device_mappings": [{"device_name": "/dev/xvdf", "volume_size": 8}],\n'
        '  "ami_root_device": {"source_device_name": "/dev/xvdf", "device_name": "/dev/xvda"}}]}\n',
        "AMI316",
        True,
        '{"builders": [{"type": "amazon-ebssurrogate", "imds_support": "v2.0", "ami_name": "web", '
        '"ami_virtualization_type": "hvm",\n'
        '  "ami_architecture": "x86_64", "ena_support": true,\n'
        '  "launch_block_device_mappings": [{"device_name": "/dev/xvdf", "volume_size": 8}],\n'
        '  "ami_root_device": {"source_device_name": "/dev/xvdf", "device_name": "/dev/xvda"}}]}\n',
    ),
    "pkr-rename-device-key": (
        "web.pkr.hcl",
        _swap(PKR, "    volume_size = 8\n", "    volume_sise = 8\n"),
        "AMI101",
        True,
        PKR,
    ),
    # boto3
    "py-rename-keyword": (
        "register.py",
        _swap(PY, "    EnaSupport=True,\n", '    EnaSupport=True,\n    Imdsv2Support="v2.0",\n'),
        "AMI101",
        True,
        _swap(PY, "    EnaSupport=True,\n", '    EnaSupport=True,\n    ImdsSupport="v2.0",\n'),
    ),
    "py-rename-dict-key": (
        "register.py",
        _swap(PY, '"snap-0db2cf683925d191f"}', '"snap-0db2cf683925d191f", "VolumeSzie": 8}'),
        "AMI101",
        True,
        _swap(PY, '"snap-0db2cf683925d191f"}', '"snap-0db2cf683925d191f", "VolumeSize": 8}'),
    ),
    "py-rename-key-of-a-subscript": (
        "register.py",
        PY_BUILT,
        "AMI101",
        True,
        _swap(PY_BUILT, '["kernel_id"]', '["KernelId"]'),
    ),
    "py-quoted-boolean": (
        "register.py",
        _swap(PY, "EnaSupport=True", 'EnaSupport="true"'),
        "AMI103",
        False,
        PY,
    ),
    "py-quoted-integer": (
        "register.py",
        _swap(PY, '"snap-0db2cf683925d191f"}', "'snap-0db2cf683925d191f', 'VolumeSize': '8'}"),
        "AMI103",
        False,
        _swap(PY, '"snap-0db2cf683925d191f"}', "'snap-0db2cf683925d191f', 'VolumeSize': 8}"),
    ),
    "py-enum-alias": (
        "register.py",
        _swap(PY, 'Architecture="x86_64"', "Architecture='amd64'"),
        "AMI104",
        False,
        _swap(PY, 'Architecture="x86_64"', "Architecture='x86_64'"),
    ),
    "py-remove-encrypted": (
        "register.py",
        _swap(PY, '"snap-0db2cf683925d191f"}', '"snap-0db2cf683925d191f", "Encrypted": True}'),
        "AMI216",
        True,
        PY,
    ),
    "py-add-imds-support": (
        "register.py",
        PY,
        "AMI316",
        True,
        _swap(PY, '    Name="web', '    ImdsSupport="v2.0",\n    Name="web'),
    ),
    "py-add-imds-support-inline": (
        "register.py",
        _swap(PY, 'ec2.register_image(\n    Name="web', 'ec2.register_image(Name="web'),
        "AMI316",
        True,
        _swap(PY, 'ec2.register_image(\n    Name="web', 'ec2.register_image(ImdsSupport="v2.0", Name="web'),
    ),
    # Go
    "go-rename-field": (
        "register.go",
        _swap(GO, "\t\t\t\tSnapshotId:", "\t\t\t\tSnapshotID:"),
        "AMI101",
        True,
        GO,
    ),
    "go-enum-alias-in-a-conversion": (
        "register.go",
        _swap(GO, "types.ArchitectureValuesX8664", 'types.ArchitectureValues("amd64")'),
        "AMI104",
        False,
        _swap(GO, "types.ArchitectureValuesX8664", 'types.ArchitectureValues("x86_64")'),
    ),
    "go-remove-encrypted": (
        "register.go",
        _swap(
            GO,
            '"snap-0123456789abcdef0"),\n',
            '"snap-0123456789abcdef0"),\n\t\t\t\tEncrypted:  aws.Bool(true),\n',
        ),
        "AMI216",
        True,
        GO,
    ),
    # JavaScript / TypeScript
    "ts-rename-property": (
        "register.ts",
        _swap(TS, "  EnaSupport: true,\n", '  EnaSupport: true,\n  Imdsv2Support: "v2.0",\n'),
        "AMI101",
        True,
        _swap(TS, "  EnaSupport: true,\n", '  EnaSupport: true,\n  ImdsSupport: "v2.0",\n'),
    ),
    "ts-quoted-boolean": (
        "register.ts",
        _swap(TS, "EnaSupport: true", "EnaSupport: 'true'"),
        "AMI103",
        False,
        TS,
    ),
    "ts-enum-alias-in-a-template": (
        "register.ts",
        _swap(TS, 'Architecture: "x86_64"', "Architecture: `amd64`"),
        "AMI104",
        False,
        _swap(TS, 'Architecture: "x86_64"', "Architecture: `x86_64`"),
    ),
    "ts-remove-encrypted": (
        "register.ts",
        _swap(TS, '"snap-0db2cf683925d191f" }', '"snap-0db2cf683925d191f", Encrypted: true }'),
        "AMI216",
        True,
        TS,
    ),
    "ts-add-imds-support": (
        "register.ts",
        TS,
        "AMI316",
        True,
        _swap(TS, '  Name: "web', '  ImdsSupport: "v2.0",\n  Name: "web'),
    ),
}


# Findings that follow from what a fix repairs, and go with it (a block
# Terraform did not know held the only boot source).
GONE = {"tf-rename-block-type": {"AMI301"}}


def _front(name: str) -> str:
    if name.endswith(".pkr.json"):
        return "packer"
    if name.endswith((".ts", ".js")):
        return "javascript"
    return FRONT[Path(name).suffix]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*AMI, *args], cwd=cwd, capture_output=True, env=env, timeout=60, check=False)


def _everything(text: str, name: str) -> Counter[tuple[str, str]]:
    linter = Linter(Options(selection=Selection(select=("ALL", "AMI316"))))
    return Counter((d.rule, d.message) for d in lint(text, name, _front(name), linter))


@pytest.mark.parametrize("case", list(CASES))
def test_fix_applied_by_the_command(case: str, tmp_path: Path) -> None:
    name, before, rule, unsafe, after = CASES[case]
    path = tmp_path / name
    path.write_bytes(before.encode())
    flags = ["--fix", "--unsafe-fixes"] if unsafe else ["--fix"]
    result = _run(*flags, "--select", rule, name, cwd=tmp_path)
    assert b"Fixed 1 finding in 1 file" in result.stderr, result.stderr
    assert path.read_bytes() == after.encode()
    if unsafe:  # not applied without `--unsafe-fixes`
        path.write_bytes(before.encode())
        _run("--fix", "--select", rule, name, cwd=tmp_path)
        assert path.read_bytes() == before.encode()
    # Linted again: nothing of the rule, every other finding as it was.
    was, now = _everything(before, name), _everything(after, name)
    assert not [key for key in now if key[0] == rule]
    gone = GONE.get(case, set())
    assert {k: v for k, v in was.items() if k[0] != rule and k[0] not in gone} == +now
    assert all(was[k] for k in now)


def _fixes(text: str, name: str, rule: str) -> list[object]:
    linter = Linter(Options(selection=Selection(select=("ALL", "AMI316"))))
    found = [d for d in lint(text, name, _front(name), linter) if d.rule == rule]
    assert found, f"no {rule} in {text!r}"
    return [d.fix for d in found]


# Where the replacement cannot be written back exactly: no fix.
WITHHELD = {
    "tf-comment-beside-the-attribute": (
        "main.tf",
        _swap(TF, '    volume_type = "gp3"\n', '    volume_type = "gp3"\n    encrypted   = true # kept\n'),
        "AMI216",
    ),
    "tf-attribute-on-the-block-line": (
        "main.tf",
        _swap(TF, "  ebs_block_device {\n", "  ebs_block_device { encrypted = true\n"),
        "AMI216",
    ),
    "tf-heredoc": (
        "main.tf",
        _swap(TF, '  virtualization_type = "hvm"\n', "  virtualization_type = <<EOT\nHVM\nEOT\n"),
        "AMI104",
    ),
    "tf-number-where-a-string-goes": (
        "main.tf",
        _swap(TF, '    volume_type = "gp3"', "    volume_type = 3"),
        "AMI104",
    ),
    "tf-rename-to-a-written-argument": (
        "main.tf",
        _swap(
            TF,
            "  ena_support         = true\n",
            '  ena_support         = true\n  virtualisation_type = "hvm"\n',
        ),
        "AMI101",
    ),
    "tf-first-argument-after-the-brace": (
        "main.tf",
        _swap(TF, 'resource "aws_ami" "web" {\n  name ', 'resource "aws_ami" "web" { name '),
        "AMI316",
    ),
    "py-f-string": (
        "register.py",
        _swap(PY, 'Architecture="x86_64"', 'Architecture=f"amd{64}"'),
        "AMI104",
    ),
    "py-value-from-a-variable": (
        "register.py",
        _swap(
            _swap(PY, 'Architecture="x86_64"', "Architecture=ARCH"),
            'ec2 = boto3.client("ec2")\n',
            'ec2 = boto3.client("ec2")\nARCH = "amd64"\n',
        ),
        "AMI104",
    ),
    "py-key-held-by-a-variable": (
        "register.py",
        _swap(PY_BUILT, 'params["kernel_id"]', 'KEY = "kernel_id"\nparams[KEY]'),
        "AMI101",
    ),
    "py-comment-beside-the-entry": (
        "register.py",
        _swap(
            PY,
            '"Ebs": {"SnapshotId": "snap-0db2cf683925d191f"}',
            '"Ebs": {\n        "SnapshotId": "snap-0db2cf683925d191f",  # why\n        "Encrypted": True}',
        ),
        "AMI216",
    ),
    "go-quoted-boolean": (
        "register.go",
        _swap(GO, "aws.Bool(true)", 'aws.String("true")'),
        "AMI103",
    ),
    "go-add-imds-support": ("register.go", GO, "AMI316"),
    "go-element-beside-another": (
        "register.go",
        _swap(GO, '"snap-0123456789abcdef0"),\n', '"snap-0123456789abcdef0"), Encrypted: aws.Bool(true),\n'),
        "AMI216",
    ),
}


@pytest.mark.parametrize("case", list(WITHHELD))
def test_no_fix_where_it_cannot_be_written_exactly(case: str) -> None:
    name, text, rule = WITHHELD[case]
    assert _fixes(text, name, rule) == [None] * len(_fixes(text, name, rule))


def test_fix_titles_name_members_as_the_input_does() -> None:
    text = _swap(TF, '    volume_type = "gp3"\n', '    volume_type = "gp3"\n    encrypted   = true\n')
    (fix,) = _fixes(text, "main.tf", "AMI216")
    assert fix is not None and fix.title == "Remove `encrypted`"  # type: ignore[attr-defined]
    (fix,) = _fixes(TF, "main.tf", "AMI316")
    assert fix.title == "Set `imds_support` to `v2.0`"  # type: ignore[attr-defined]
    (fix,) = _fixes(_swap(PY, "EnaSupport=True", 'EnaSupport="true"'), "register.py", "AMI103")
    assert fix.title == "Write `True` without quotes"  # type: ignore[attr-defined]


def test_diff_of_a_terraform_file(tmp_path: Path) -> None:
    before = _swap(
        TF,
        "  ena_support         = true\n",
        '  ena_support         = true\n  architecture        = "amd64"\n',
    )
    (tmp_path / "main.tf").write_bytes(before.encode())
    result = _run("--diff", "main.tf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        "--- a/main.tf\n+++ b/main.tf\n@@ -2,7 +2,7 @@\n"
        '   name                = "web-2024-06-01"\n'
        '   virtualization_type = "hvm"\n'
        "   ena_support         = true\n"
        '-  architecture        = "amd64"\n'
        '+  architecture        = "x86_64"\n'
        '   root_device_name    = "/dev/xvda"\n'
        "   ebs_block_device {\n"
        '     device_name = "/dev/xvda"\n'
    )
    assert (tmp_path / "main.tf").read_bytes() == before.encode()


MARKDOWN = """\
# Example

```hcl
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  architecture        = "amd64"
  root_device_name    = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0db2cf683925d191f"
    encrypted   = true
  }
}
```

```python
import boto3
boto3.client("ec2").register_image(Name="web", Architecture="amd64", EnaSupport="true")
```
"""


def test_fixes_in_markdown_fences(tmp_path: Path) -> None:
    """Terraform and boto3 in a README's fences: their fixes reach the file
    through the fence, in their own syntax."""
    path = tmp_path / "README.md"
    path.write_bytes(MARKDOWN.encode())
    result = _run("--fix", "--unsafe-fixes", "--select", "AMI103,AMI104,AMI216", "README.md", cwd=tmp_path)
    assert b"Fixed 4 findings in 1 file" in result.stderr, result.stderr
    assert path.read_bytes() == (
        MARKDOWN.replace('"amd64"', '"x86_64"')
        .replace("    encrypted   = true\n", "")
        .replace('EnaSupport="true"', "EnaSupport=True")
        .encode()
    )
    again = _run("--select", "AMI103,AMI104,AMI216", "README.md", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
