"""The image-definition rules (AMI3xx) against the statements of the
register-image reference page they encode, the once-per-request defaults, the
root cause of a combination, and silence when options may come from a splice."""

from __future__ import annotations

import pytest

from ami_lint.diagnostics import Diagnostic
from tests.conftest import lint, located

SNAPSHOT = "snap-0db2cf683925d191f"


def _image_findings(text: str, fmt: str) -> list[str]:
    suffix = {"json": ".json", "yaml": ".yaml", "shell": ".sh"}[fmt]
    found: list[Diagnostic] = lint(text, f"request{suffix}", fmt)
    return [located(d) for d in found if d.rule.startswith("AMI3")]


def _rules(text: str, fmt: str) -> list[str]:
    return [f.split()[-1] for f in _image_findings(text, fmt)]


def test_architecture_defaults_to_i386_for_ebs_backed_images() -> None:
    """--architecture: "Default: For Amazon EBS-backed AMIs, i386. For instance
    store-backed AMIs, the architecture specified in the manifest file." """
    ebs_backed = (
        '{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",\n'
        f' "BlockDeviceMappings": [{{"DeviceName": "/dev/xvda", "Ebs": {{"SnapshotId": "{SNAPSHOT}"}}}}]}}\n'
    )
    assert "AMI305" in _rules(ebs_backed, "json")
    with_architecture = ebs_backed.replace('"Name"', '"Architecture": "x86_64", "Name"')
    assert "AMI305" not in _rules(with_architecture, "json")
    instance_store = '{"Name": "my-image", "ImageLocation": "my-s3-bucket/myimage/image.manifest.xml"}\n'
    assert "AMI305" not in _rules(instance_store, "json")


def test_virtualization_type_defaults_to_paravirtual() -> None:
    """--virtualization-type: "The type of virtualization (hvm|paravirtual).
    Default: paravirtual" """
    text = "Name: my-image\nImageLocation: my-s3-bucket/myimage/image.manifest.xml\n"
    assert _image_findings(text, "yaml") == ["1:1-2:55 AMI306"]
    assert "AMI306" not in _rules(text + "VirtualizationType: hvm\n", "yaml")
    # With ENA, the default is named, not an error: real requests like that
    # register HVM images, so EC2 may not keep the documented default there.
    assert _rules(text + "EnaSupport: true\n", "yaml") == ["AMI306"]


@pytest.mark.parametrize("virtualization", ["VirtualizationType: paravirtual\n"])
def test_ena_is_supported_only_for_hvm(virtualization: str) -> None:
    """--ena-support: "This option is supported only for HVM AMIs. Specifying
    this option with a PV AMI can make instances launched from the AMI
    unreachable." """
    text = f"Name: web\nImageLocation: b/web/image.manifest.xml\n{virtualization}EnaSupport: true\n"
    assert "AMI308" in _rules(text, "yaml")
    hvm = "Name: web\nImageLocation: b/web/image.manifest.xml\nVirtualizationType: hvm\nEnaSupport: true\n"
    assert "AMI308" not in _rules(hvm, "yaml")


@pytest.mark.parametrize("virtualization", ["--virtualization-type paravirtual "])
def test_sriov_is_supported_only_for_hvm(virtualization: str) -> None:
    """--sriov-net-support: "This option is supported only for HVM AMIs.
    Specifying this option with a PV AMI can make instances launched from the
    AMI unreachable." """
    command = "aws ec2 register-image --name web --image-location b/web/image.manifest.xml "
    assert "AMI309" in _rules(f"{command}{virtualization}--sriov-net-support simple\n", "shell")
    hvm = f"{command}--virtualization-type hvm --ena-support --sriov-net-support simple\n"
    assert "AMI309" not in _rules(hvm, "shell")


ENA_ON_DEFAULT = {
    "json": (
        '{"Name": "web-2024-06-01", "Architecture": "x86_64", "EnaSupport": true,\n'
        ' "ImdsSupport": "v2.0", "ImageLocation": "my-s3-bucket/web/image.manifest.xml"}\n',
        ["1:1-2:80 AMI306"],
    ),
    "yaml": (
        "Name: web-2024-06-01\nImdsSupport: v2.0\nEnaSupport: true\n"
        "ImageLocation: my-s3-bucket/web/image.manifest.xml\n",
        ["1:1-4:51 AMI306"],
    ),
    "shell": (
        "aws ec2 register-image --name web --ena-support --imds-support v2.0 \\\n"
        "  --image-location my-s3-bucket/web/image.manifest.xml\n",
        ["1:1-2:55 AMI306"],
    ),
}


@pytest.mark.parametrize("fmt", sorted(ENA_ON_DEFAULT))
def test_ena_on_defaulted_paravirtual_reports_its_root_cause_once(fmt: str) -> None:
    """One finding for one mistake: the default (AMI306, naming EnaSupport),
    not AMI308 as well, and not AMI307: nothing wrote `paravirtual`."""
    text, expected = ENA_ON_DEFAULT[fmt]
    assert _image_findings(text, fmt) == expected


def test_ena_on_written_paravirtual_is_an_error_not_also_a_warning() -> None:
    text = (
        "Name: web\nImageLocation: b/web/image.manifest.xml\nImdsSupport: v2.0\n"
        "VirtualizationType: paravirtual\nEnaSupport: true\n"
    )
    assert _image_findings(text, "yaml") == ["5:13-5:17 AMI308"]


THREE_MAPPINGS = {
    "json": (
        '{"Name": "web-2024-06-01", "RootDeviceName": "/dev/xvda",\n'
        ' "BlockDeviceMappings": [\n'
        f'  {{"DeviceName": "/dev/xvda", "Ebs": {{"SnapshotId": "{SNAPSHOT}"}}}},\n'
        '  {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 100}},\n'
        '  {"DeviceName": "/dev/xvdg", "Ebs": {"VolumeSize": 100}}]}\n',
        "1:1-5:60",
    ),
    "yaml": (
        "Name: web-2024-06-01\nRootDeviceName: /dev/xvda\nBlockDeviceMappings:\n"
        f"  - {{DeviceName: /dev/xvda, Ebs: {{SnapshotId: {SNAPSHOT}}}}}\n"
        "  - {DeviceName: /dev/xvdf, Ebs: {VolumeSize: 100}}\n"
        "  - {DeviceName: /dev/xvdg, Ebs: {VolumeSize: 100}}\n",
        "1:1-6:52",
    ),
    "shell": (
        "aws ec2 register-image --name web-2024-06-01 --root-device-name /dev/xvda \\\n"
        f"  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={{SnapshotId={SNAPSHOT}}}' \\\n"
        "  'DeviceName=/dev/xvdf,Ebs={VolumeSize=100}' 'DeviceName=/dev/xvdg,Ebs={VolumeSize=100}'\n",
        "1:1-3:90",
    ),
}


@pytest.mark.parametrize("fmt", sorted(THREE_MAPPINGS))
def test_defaults_are_reported_once_per_request_not_per_mapping(fmt: str) -> None:
    text, root = THREE_MAPPINGS[fmt]
    assert _image_findings(text, fmt) == [f"{root} AMI305", f"{root} AMI306"]
    hvm = {
        "json": text.replace('"Name"', '"Architecture": "x86_64", "VirtualizationType": "hvm", "Name"'),
        "yaml": "Architecture: x86_64\nVirtualizationType: hvm\n" + text,
        "shell": text.replace("--name", "--architecture x86_64 --virtualization-type hvm --name"),
    }[fmt]
    assert _rules(hvm, fmt) == ["AMI311"]


MISSING_KEY_RULES = {"AMI301", "AMI304", "AMI305", "AMI306", "AMI311", "AMI313", "AMI315"}


def test_open_ended_command_silences_rules_about_missing_options() -> None:
    """An array splice where options go may supply any of them (an array
    assigned in a condition is not known: see test_shell_variables.py)."""
    commands = [
        "aws ec2 register-image --name web --tpm-support v2.0 --uefi-data QU1aVjE= {extra}\n",
        "aws ec2 register-image --name web --virtualization-type hvm {extra}\\\n"
        f"  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={{SnapshotId={SNAPSHOT}}}'\n",
    ]
    closed = set()
    for command in commands:
        closed |= set(_rules(command.replace("{extra}", ""), "shell"))
        script = '#!/bin/bash\n[ -n "$UEFI" ] && extra=(--boot-mode uefi)\n' + command.replace(
            "{extra}", '"${extra[@]}" '
        )
        assert not set(_rules(script, "shell")) & MISSING_KEY_RULES
    assert closed >= MISSING_KEY_RULES


def test_open_ended_command_does_not_guess_the_virtualization_default() -> None:
    command = "aws ec2 register-image --name web --ena-support --sriov-net-support simple{extra}\n"
    assert "AMI306" in _rules(command.replace("{extra}", ""), "shell")
    assert _rules(command.replace("{extra}", ' "${extra[@]}"'), "shell") == []


def test_reference_examples() -> None:
    """Both examples of the reference page: a manifest in S3, and a snapshot of
    a root device. Neither has an error; both get the defaults' warnings."""
    manifest = (
        "aws ec2 register-image \\\n    --name my-image \\\n"
        "    --image-location my-s3-bucket/myimage/image.manifest.xml\n"
    )
    assert _rules(manifest, "shell") == ["AMI306"]
    snapshot = (
        "aws ec2 register-image \\\n    --name my-image \\\n    --root-device-name /dev/xvda \\\n"
        f"    --block-device-mappings DeviceName=/dev/xvda,Ebs={{SnapshotId={SNAPSHOT}}} "
        "DeviceName=/dev/xvdf,Ebs={VolumeSize=100}\n"
    )
    assert _rules(snapshot, "shell") == ["AMI305", "AMI306"]
