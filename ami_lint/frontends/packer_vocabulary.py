"""How findings name the members of a Packer template: its option names
(`ami_virtualization_type`, `launch_block_device_mappings[0].iops`), per
request when its mappings come from two lists (`ami_lint.frontends.packer_request`)."""

from __future__ import annotations

from collections.abc import Sequence as Seq
from typing import TYPE_CHECKING

from ami_lint.vocabulary import PathItem, Vocabulary

if TYPE_CHECKING:
    from ami_lint.edits import Edit
    from ami_lint.source import Source, Span

# The keys of a block device mapping (`common.BlockDevice`, and the
# ebssurrogate launch device's `omit_from_artifact`) and of `ami_root_device`.
DEVICE_KEYS = {
    "delete_on_termination": "DeleteOnTermination",
    "device_name": "DeviceName",
    "encrypted": "Encrypted",
    "iops": "Iops",
    "kms_key_id": "KmsKeyId",
    "no_device": "NoDevice",
    "snapshot_id": "SnapshotId",
    "throughput": "Throughput",
    "virtual_name": "VirtualName",
    "volume_size": "VolumeSize",
    "volume_type": "VolumeType",
}

_API_BY_DEVICE_KEY = {api: name for name, api in DEVICE_KEYS.items()}
_TOP_NAMES = {
    "Name": "ami_name",
    "Description": "ami_description",
    "VirtualizationType": "ami_virtualization_type",
    "Architecture": "ami_architecture",
    "EnaSupport": "ena_support",
    "SriovNetSupport": "sriov_support",
    "ImdsSupport": "imds_support",
    "TpmSupport": "tpm_support",
    "BootMode": "boot_mode",
    "UefiData": "uefi_data",
    "BlockDeviceMappings": "ami_block_device_mappings",
    "RootDeviceName": "ami_root_device.device_name",
    "ImageLocation": "the bundle Packer uploads",
}


class PackerVocabulary(Vocabulary):
    """Packer's option names: `ami_block_device_mappings[0].iops`,
    `ami_virtualization_type`. A request's own (`Found.vocabulary`) knows
    which list each mapping of the request was written in and what stands
    for the root device's name and size."""

    def __init__(
        self,
        devices: Seq[str] = (),
        overrides: dict[tuple[PathItem, ...], str] | None = None,
        top: dict[str, str] | None = None,
        json: bool = False,
    ) -> None:
        self.devices = tuple(devices)
        self.overrides = overrides or {}
        self.top = {**_TOP_NAMES, **(top or {})}
        self.json = json  # a JSON template

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """Edits in HCL, or in a JSON template (`ami_lint.frontends.hcl_fixes`);
        an option added is named as this builder names it."""
        from ami_lint.frontends.hcl_fixes import write

        return write(source, edit, self.top.get, self.json)

    def path(self, items: Seq[PathItem]) -> str:
        if not items:
            return "builder"
        items = tuple(items)
        own = self.overrides.get(items)
        if own is not None:
            return own
        first = items[0]
        if first == "BlockDeviceMappings" and len(items) > 1 and isinstance(items[1], int):
            index = items[1]
            written = index < len(self.devices)
            prefix = self.devices[index] if written else f"ami_block_device_mappings[{index}]"
            return prefix + self._device_path(items[2:])
        if isinstance(first, str) and first in self.top:
            return self.top[first] + _tail(items[1:])
        if items == ("Ebs",):
            return "block device"  # a Packer mapping has no `Ebs` level
        # A member of a mapping, named alone (`Iops`): Packer's key.
        return self._device_path(items).removeprefix(".") or super().path(items)

    def _device_path(self, items: Seq[PathItem]) -> str:
        """`.iops` for `Ebs.Iops`: a Packer mapping has no `Ebs` level."""
        rest = [step for step in items if step != "Ebs"]
        if not rest:
            return ""
        step = rest[0]
        if not isinstance(step, str) or step not in _API_BY_DEVICE_KEY:
            return _tail(items)
        return "." + _API_BY_DEVICE_KEY[step] + _tail(rest[1:])


def _tail(items: Seq[PathItem]) -> str:
    """`.a[0].b`: steps after a name."""
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in items)


VOCABULARY = PackerVocabulary()
