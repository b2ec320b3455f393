"""Packer templates (ami_lint/frontends/packer.py): what each builder's
`step_register_ami` sends, in Packer's names, at the places written."""

from __future__ import annotations

import json
import time

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.selection import Selection
from tests.conftest import located, run_cli

LINTER = Linter(Options(selection=Selection(select=("ALL",))))


def _lint(text: str, name: str = "t.pkr.hcl", fmt: str = "packer"):
    diagnostics, note = LINTER.lint_text(text, name, fmt)
    return sorted(diagnostics, key=lambda d: (d.start.line, d.start.column, d.rule)), note


def _found(text: str, name: str = "t.pkr.hcl", fmt: str = "packer") -> list[str]:
    return [located(d) for d in _lint(text, name, fmt)[0]]


# The substance of the plugin's documentation examples (.web-docs/components/builder/*/README.md).
SURROGATE_HCL = """\
source "amazon-ebssurrogate" "basic-example" {
  region = "us-east-1"
  source_ami = "ami-40d28157"
  ami_name = "packer-test-ami"
  ami_virtualization_type = "paravirtual"

  launch_block_device_mappings {
    volume_type = "gp2"
    device_name = "/dev/xvdf"
    delete_on_termination = false
    volume_size = 10
  }

  ami_root_device {
    source_device_name = "/dev/xvdf"
    device_name = "/dev/xvda"
    delete_on_termination = true
    volume_size = 16
    volume_type = "gp2"
  }
}
"""

SURROGATE_JSON = """\
{
  "builders": [
    {
      "type": "amazon-ebssurrogate",
      "ami_name": "packer-test-ami",
      "ami_virtualization_type": "paravirtual",
      "region": "us-east-1",
      "source_ami": "ami-40d28157",
      "launch_block_device_mappings": [
        {"volume_type": "gp2", "device_name": "/dev/xvdf", "delete_on_termination": false, "volume_size": 10}
      ],
      "ami_root_device": {
        "source_device_name": "/dev/xvdf", "device_name": "/dev/xvda",
        "delete_on_termination": true, "volume_size": 16, "volume_type": "gp2"
      }
    }
  ]
}
"""

CHROOT_NVME_HCL = """\
source "amazon-chroot" "basic-example" {
  region = "us-east-1"
  source_ami = data.amazon-ami.example.id
  ena_support = true
  ami_name = "amazon-chroot-test-{{timestamp}}"
  nvme_device_path = "/dev/nvme1n1p"
  device_path = "/dev/sdf"
}
"""

CHROOT_SCRATCH_HCL = """\
source "amazon-chroot" "basic-example" {
  region = "us-east-1"
  ami_name = "packer-from-scratch {{timestamp}}"
  from_scratch = true
  ami_virtualization_type = "hvm"
  pre_mount_commands = ["parted {{.Device}} mklabel msdos", "mkfs.ext4 {{.Device}}1"]
  root_volume_size = 15
  root_device_name = "xvda"
  ami_block_device_mappings {
    device_name = "xvda"
    delete_on_termination = true
    volume_type = "gp2"
  }
}
"""


def test_documentation_examples_lint_as_expected() -> None:
    # A paravirtual image (the basic example's choice): AMI307, nothing else;
    # the root snapshot is the build's, so no AMI301/AMI303.
    assert _found(SURROGATE_HCL) == ["5:29-5:42 AMI307"]
    assert _found(SURROGATE_JSON, "t.json", "json") == ["6:34-6:47 AMI307"]
    # From a source image: its architecture, type and mappings are unknown.
    assert _found(CHROOT_NVME_HCL) == []
    # From scratch, HVM without `ena_support`: AMI311 at the source block's head.
    found, _ = _lint(CHROOT_SCRATCH_HCL)
    assert [located(d) for d in found] == ["1:1-1:39 AMI311"]
    assert found[0].message == (
        "No `ena_support` on an `hvm` image: it cannot launch on current-generation (Nitro) instance types"
    )


def test_packer_sends_x86_64_so_architecture_is_never_defaulted() -> None:
    text = SURROGATE_HCL.replace('"paravirtual"', '"hvm"').replace(
        "  region", "  ena_support = true\n  region"
    )
    assert _found(text) == []  # no AMI305: Packer sends `x86_64`


def test_a_missing_virtualization_type_is_packers_error_not_ec2s_default() -> None:
    text = SURROGATE_HCL.replace('  ami_virtualization_type = "paravirtual"\n', "")
    found, _ = _lint(text)
    assert [located(d) for d in found] == ["1:1-1:45 AMI102"]
    assert found[0].message == "`amazon-ebssurrogate` requires `ami_virtualization_type`"


def test_amazon_instance_leaves_the_virtualization_type_to_ec2() -> None:
    text = """\
source "amazon-instance" "i" {
  ami_name = "inst-1"
  ena_support = true
  s3_bucket = "b"
}
"""
    found, _ = _lint(text)
    assert [located(d) for d in found] == ["1:1-1:29 AMI306"]
    assert found[0].message.startswith("No `ami_virtualization_type`: it defaults to `paravirtual`")


def test_root_device_that_matches_no_launch_device() -> None:
    text = SURROGATE_HCL.replace('source_device_name = "/dev/xvdf"', 'source_device_name = "/dev/xvdg"')
    found, _ = _lint(text)
    assert "16:19-16:30 AMI302" in [located(d) for d in found]
    message = next(d.message for d in found if d.rule == "AMI302")
    assert message.startswith("`ami_root_device.device_name` is `/dev/xvda` but no")


def test_findings_name_the_list_each_mapping_was_written_in() -> None:
    text = """\
source "amazon-ebssurrogate" "s" {
  ami_name = "web-1"
  ami_virtualization_type = "hvm"
  ena_support = true
  ami_block_device_mappings {
    device_name = "/dev/sdb"
    volume_type = "io1"
    volume_size = 100
  }
  launch_block_device_mappings {
    device_name = "/dev/xvdf"
    volume_type = "gp3"
    volume_size = 8
    throughput = 300
    iops = 1000
  }
  ami_root_device {
    source_device_name = "/dev/xvdf"
    device_name = "/dev/xvda"
  }
}
"""
    found, _ = _lint(text)
    assert [located(d) for d in found] == ["5:3-9:4 AMI208", "15:12-15:16 AMI210"]
    assert found[0].message == "`ami_block_device_mappings[0]` has `volume_type` `io1` but no `iops`"
    assert found[1].message == "`iops` is `1000` but `gp3` needs 3000–80000"  # noqa: RUF001


@pytest.mark.parametrize(
    ("mapping", "expect", "message"),
    [
        (
            '"volume_type": "gp3", "volume_size": 100, "iops": 20000',
            "AMI210",
            "Packer allows `gp3` at most 16000",
        ),
        ('"volume_type": "gp3", "volume_size": 100, "iops": 16000', None, None),
        (
            '"volume_type": "gp3", "volume_size": 100, "iops": 8000, "throughput": 1500',
            "AMI212",
            "Packer allows `gp3` at most 1000",
        ),
        (
            '"volume_type": "io2", "volume_size": 500, "iops": 100000',
            "AMI210",
            "Packer allows `io2` at most 64000",
        ),
        ('"volume_type": "io2", "volume_size": 100, "iops": 60000', "AMI214", "Packer's 500 IOPS per GiB"),
        ('"volume_size": 100, "throughput": 500', "AMI211", "Packer takes it only for `gp3`"),
    ],
)
def test_packers_old_limits_are_reported_with_why(
    mapping: str, expect: str | None, message: str | None
) -> None:
    text = (
        '{"builders": [{"type": "amazon-instance", "ami_name": "web-1", "ami_virtualization_type": "hvm",'
        ' "ena_support": true,\n "ami_block_device_mappings": [{"device_name": "/dev/sdb", '
        + mapping
        + "}]}]}\n"
    )
    found, _ = _lint(text, "t.json", "json")
    rules = [d.rule for d in found]
    if expect is None:
        assert rules == []
        return
    assert rules == [expect]
    assert message in found[0].message
    if expect != "AMI211":
        assert "AWS accepts it today" in (found[0].hint or "")


def test_chroot_does_not_validate_its_mappings() -> None:
    text = CHROOT_SCRATCH_HCL.replace('volume_type = "gp2"', 'volume_type = "gp3"\n    iops = 20000')
    # Not Packer's limit (16000): chroot never checks it. AWS's ratio (500 per GiB) on the root's size is.
    assert _found(text) == ["1:1-1:39 AMI311", "13:12-13:17 AMI214"]
    assert _found(text.replace("root_volume_size = 15", "root_volume_size = 50")) == ["1:1-1:39 AMI311"]


def test_root_volume_size_is_the_root_mappings_size() -> None:
    text = CHROOT_SCRATCH_HCL.replace('volume_type = "gp2"', 'volume_type = "gp3"\n    iops = 20000').replace(
        "root_volume_size = 15", "root_volume_size = 30"
    )
    found, _ = _lint(text.replace('"hvm"', '"hvm"\n  ena_support = true'))
    assert [located(d) for d in found] == ["14:12-14:17 AMI214"]
    # Rules name a member alone (`VolumeSize`): the value is `root_volume_size`'s.
    assert "with `volume_size` `30`" in found[0].message


def test_values_packer_decodes_weakly_and_values_it_fills_in() -> None:
    text = (
        '{"builders": [{"type": "amazon-instance", "ami_name": "{{user `name`}}", '
        '"ami_virtualization_type": "hvm", "ena_support": "true", "sriov_support": "1",\n'
        ' "ami_block_device_mappings": [{"device_name": "/dev/sdb", "volume_type": "gp3",'
        ' "volume_size": "100", "iops": "{{user `iops`}}"}]}]}\n'
    )
    assert _found(text, "t.json", "json") == []
    assert _found(text.replace('"ena_support": "true"', '"ena_support": "yes"'), "t.json", "json") == [
        "1:123-1:128 AMI103"
    ]


def test_misspelt_options_and_options_of_another_builder() -> None:
    text = """\
source "amazon-instance" "i" {
  ami_name = "inst-1"
  ami_virtualisation_type = "hvm"
  boot_mode = "uefi"
  root_volume_type = "gp3"
  user_data = "x"
  snapshot_description = "d"
  ami_block_device_mappings {
    device_name = "/dev/sdb"
    volume_typ = "gp3"
  }
}
"""
    found, _ = _lint(text)
    assert [located(d) for d in found if d.rule == "AMI101"] == [
        "3:3-3:26 AMI101",
        "4:3-4:12 AMI101",
        "10:5-10:15 AMI101",
    ]
    hints = [d.hint for d in found if d.rule == "AMI101"]
    assert hints == [
        "Did you mean `ami_virtualization_type`?",
        "Remove `boot_mode`",
        "Did you mean `volume_type`?",
    ]


def test_suppression_comment_in_hcl() -> None:
    text = SURROGATE_HCL.replace(
        '  ami_virtualization_type = "paravirtual"',
        '  ami_virtualization_type = "paravirtual" # ami-lint: disable=AMI307',
    )
    result = run_cli("--format", "json", "-", "--stdin-filename", "x.pkr.hcl", stdin=text)
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert [d["rule"] for d in report["diagnostics"] if not d.get("suppressed")] == []


def test_json_files_with_builders_are_packers_and_others_are_not() -> None:
    assert _found(SURROGATE_JSON, "packer/web.json", "json") == ["6:34-6:47 AMI307"]
    ebs = '{"builders": [{"type": "amazon-ebs", "ami_name": "x", "source_ami": "ami-1"}]}\n'
    diagnostics, note = _lint(ebs, "web.json", "json")
    assert diagnostics == []
    assert note == "skipped: a Packer template without a builder that registers an image"
    package = '{"name": "x", "description": "y", "builders": "no"}\n'
    assert _lint(package, "package.json", "json")[1] == "skipped: not a register-image request"


def test_hcl2_in_json_syntax() -> None:
    text = """\
{
  "source": {
    "amazon-chroot": {
      "scratch": {
        "ami_name": "scratch-${var.version}",
        "from_scratch": true,
        "ami_virtualization_type": "hvm",
        "ami_architecture": "arm64",
        "boot_mode": "legacy-bios",
        "ena_support": true,
        "root_device_name": "/dev/xvda",
        "root_volume_size": 8,
        "ami_block_device_mappings": [{"device_name": "/dev/xvda", "volume_type": "gp3"}]
      }
    }
  }
}
"""
    found, _ = _lint(text, "t.pkr.json")
    assert [located(d) for d in found] == ["9:22-9:35 AMI312"]
    assert (
        found[0].message
        == "`boot_mode` is `legacy-bios` but `ami_architecture` `arm64` boots only with `uefi`"
    )


def test_use_create_image_is_not_registerimage() -> None:
    text = SURROGATE_HCL.replace("  region", "  use_create_image = true\n  region")
    diagnostics, note = _lint(text)
    assert diagnostics == []
    assert note is not None and "CreateImage" in note


def test_differential_against_the_equivalent_cli_skeleton() -> None:
    """The request Packer sends, written as a skeleton, gives the same rule ids."""
    packer = """\
source "amazon-ebssurrogate" "s" {
  ami_name = "web 1?"
  ami_architecture = "arm64"
  ami_virtualization_type = "hvm"
  boot_mode = "legacy-bios"
  tpm_support = "v2.0"
  sriov_support = true
  launch_block_device_mappings {
    device_name = "/dev/xvdf"
    volume_type = "st1"
    volume_size = 500
  }
  ami_block_device_mappings {
    device_name = "/dev/sdb"
    volume_type = "gp2"
    volume_size = 20000
  }
  ami_root_device {
    source_device_name = "/dev/xvdf"
    device_name = "/dev/xvda"
  }
}
"""
    skeleton = json.dumps(
        {
            "Name": "web 1?",
            "Architecture": "arm64",
            "VirtualizationType": "hvm",
            "BootMode": "legacy-bios",
            "TpmSupport": "v2.0",
            "SriovNetSupport": "simple",
            "RootDeviceName": "/dev/xvda",
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp2", "VolumeSize": 20000}},
                {
                    "DeviceName": "/dev/xvda",
                    "Ebs": {"VolumeType": "st1", "VolumeSize": 500, "SnapshotId": "snap-0123456789abcdef0"},
                },
            ],
        }
    )
    from_packer = sorted(d.rule for d in _lint(packer)[0])
    from_skeleton = sorted(d.rule for d in _lint(skeleton, "r.json", "json")[0])
    assert from_packer == from_skeleton
    assert from_packer == ["AMI106", "AMI213", "AMI221", "AMI311", "AMI312", "AMI313"]


@pytest.mark.parametrize(
    "text",
    [
        'source "amazon-ebssurrogate" "s" {\n  ami_name = "x"\n  launch_block_device_mappings {\n',
        'source "amazon-chroot" "c" {\n  ami_name = "x\n',
        'source "amazon-chroot" "c" {\n' + "  a = [" * 5000 + "\n",
        'source "amazon-chroot" "c" {\n' + "  b {\n" * 3000 + "}\n" * 3000 + "}\n",
        '{"builders": [{"type": "amazon-chroot", "ami_name": ' + "[" * 5000 + "]" * 5000 + "}]}",
    ],
    ids=["unterminated-block", "unterminated-string", "deep-brackets", "deep-blocks", "deep-json"],
)
def test_hostile_templates_end_cleanly(text: str) -> None:
    name = "t.pkr.json" if text.startswith("{") else "t.pkr.hcl"
    result = run_cli("--format", "json", "-", "--stdin-filename", name, stdin=text)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_a_ten_megabyte_template_ends_cleanly() -> None:
    block = 'source "amazon-chroot" "c%d" {\n  ami_name = "image-%d"\n  source_ami = "ami-1"\n}\n'
    text = "".join(block % (i, i) for i in range(10 * 1024 * 1024 // len(block % (0, 0))))
    assert len(text) >= 9_900_000
    result = run_cli("-", "--stdin-filename", "big.pkr.hcl", stdin=text)
    assert (result.returncode, "Traceback" in result.stderr) == (0, False)
    assert "larger than" in result.stderr
    start = time.monotonic()
    chunk = text[: 256 * 1024]
    found, _ = _lint(chunk[: chunk.rindex("}\n") + 2])  # read whole
    assert found == []
    assert time.monotonic() - start < 15


def test_cli_runs_a_template_with_exit_code_one() -> None:
    result = run_cli(
        "-", "--stdin-filename", "web.pkr.hcl", stdin=SURROGATE_HCL.replace('"paravirtual"', '"hvm"')
    )
    assert result.returncode == 0, result.stdout  # AMI311 is a warning
    assert "web.pkr.hcl:1:1: warning AMI311 No `ena_support` on an `hvm` image" in result.stdout


def test_the_docs_example_gives_the_documented_findings() -> None:
    from pathlib import Path

    page = (Path(__file__).parents[1] / "docs" / "inputs" / "packer.md").read_text(encoding="utf-8")
    template = page.split("```hcl\n", 1)[1].split("```", 1)[0]
    expected = page.split("```\nweb.pkr.hcl", 1)[1].split("```", 1)[0]
    result = run_cli("-", "--stdin-filename", "web.pkr.hcl", stdin=template)
    lines = [line for line in result.stdout.splitlines() if line.startswith("web.pkr.hcl:")]
    assert "\n".join(lines) + "\n" == "web.pkr.hcl" + expected


def test_markdown_fences_hold_packer_templates() -> None:
    document = (
        "# Image\n\n```hcl\n"
        + SURROGATE_HCL.replace('"paravirtual"', '"paravirtual"\n  ena_support = true')
        + "```\n\nThe legacy template:\n\n```json\n"
        + SURROGATE_JSON
        + "```\n"
    )
    found, _ = _lint(document, "README.md", "markdown")
    # The HCL fence: ENA on a paravirtual image, at `true` (line 9 of the document;
    # AMI308 says it, not AMI307). The JSON fence (a `builders` list, handed on from JSON): AMI307.
    assert [located(d) for d in found] == ["9:17-9:21 AMI308", "36:34-36:47 AMI307"]
    assert found[0].message.startswith(
        "`ena_support` is `true` but `ami_virtualization_type` is `paravirtual`"
    )


def test_hcl_syntax_errors_are_reported() -> None:
    text = 'source "amazon-chroot" "c" {\n  ami_name = "abc"\n  source_ami = "ami-1"\n  ena_support = \n}\n'
    found, _ = _lint(text)
    assert [d.rule for d in found] == ["AMI007"] * len(found) and found
    assert found[0].hint == "Fix the syntax: `packer validate` shows the same error"


def test_chroot_from_a_source_image_sends_its_kernel_only_when_not_hvm() -> None:
    # AlmaLinux's stage-2 template (chroot from its own image, `hvm`): Packer sends
    # no KernelId, so AMI310 must not fire (it did, before the corpus caught it).
    hvm = '  ena_support = true\n  ami_virtualization_type = "hvm"\n'
    text = CHROOT_NVME_HCL.replace("  ena_support = true\n", hvm)
    assert _found(text) == []


def test_options_set_in_a_build_blocks_source() -> None:
    # The plugin's amazon-instance example names the image in `build`, not in `source`.
    text = """\
source "amazon-instance" "basic-example" {
  region = "us-east-1"
  ami_virtualization_type = "hvm"
  ena_support = true
  s3_bucket = "packer-images"
}

build {
  source "sources.amazon-instance.basic-example" {
    ami_name = "x"
  }
}
"""
    found, _ = _lint(text)
    # No AMI102: `ami_name` comes from the build block, and is reported where written.
    assert [located(d) for d in found] == ["10:16-10:19 AMI105"]
    assert found[0].message.startswith("`ami_name` is 1 character long")


def test_a_builder_object_shown_alone_is_a_builder() -> None:
    text = (
        '{"type": "amazon-chroot", "ami_name": "scratch", "from_scratch": true,'
        ' "ami_virtualization_type": "hvm",\n "root_device_name": "xvda", "root_volume_size": 8,'
        ' "ami_block_device_mappings": [{"device_name": "xvda"}]}\n'
    )
    found, _ = _lint(text, "builder.json", "json")
    # Not a RegisterImage skeleton full of unknown keys: the builder's request (HVM without ENA).
    assert [located(d) for d in found] == ["1:10-1:25 AMI311"]


def test_a_fence_with_elided_options_is_open_ended() -> None:
    document = (
        '# Mounts\n\n```hcl\nsource "amazon-chroot" "basic-example" {\n  // ... other builder options\n'
        '  chroot_mounts = [["proc", "proc", "/proc"]]\n}\n```\n'
    )
    assert _lint(document, "README.md", "markdown")[0] == []  # no AMI102 for the `ami_name` left out


def test_ena_support_false_is_pointed_at() -> None:
    text = SURROGATE_HCL.replace('"paravirtual"', '"hvm"').replace(
        "  region", "  ena_support = false\n  region"
    )
    found, _ = _lint(text)
    assert [located(d) for d in found] == ["2:17-2:22 AMI311"]
    assert found[0].message.startswith("`ena_support` is `false` on an `hvm` image")


def test_mappings_from_a_variable_are_unknown() -> None:
    text = CHROOT_SCRATCH_HCL.replace('root_device_name = "xvda"', 'root_device_name = "/dev/xvda"').replace(
        '  ami_block_device_mappings {\n    device_name = "xvda"\n    delete_on_termination = true\n'
        '    volume_type = "gp2"\n  }\n',
        "  ami_block_device_mappings = var.disks\n  ena_support = true\n",
    )
    assert "var.disks" in text
    assert _found(text) == []  # no AMI302: the root's mapping may be among them
    # An `ami_root_device` made by a `dynamic` block: the root device's name is unknown (no AMI304).
    dynamic_root = (
        SURROGATE_HCL.replace('"paravirtual"', '"hvm"\n  ena_support = true')
        .replace(
            "  ami_root_device {", '  dynamic "ami_root_device" {\n    for_each = var.roots\n    content {'
        )
        .replace('    volume_type = "gp2"\n  }\n}', '    volume_type = "gp2"\n  }\n  }\n}')
    )
    assert "dynamic" in dynamic_root
    assert _found(dynamic_root) == []
