"""How findings name the members of a request written as a Terraform `aws_ami` resource.

`BlockDeviceMappings[2].Ebs.Iops` is `ebs_block_device[1].iops` when the
third mapping was the second `ebs_block_device` block (the provider sends the
`ebs_block_device` blocks first, then the `ephemeral_block_device` ones);
`VirtualizationType` is `virtualization_type`; a tag is `tags["Name"]`; the
request itself is the resource's address, `aws_ami.web`. Values are written
as HCL writes them (`true`, `null`). A member Terraform has no argument for
(`BillingProducts`, `NoDevice`) keeps the API's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ami_lint.vocabulary import PathItem, Vocabulary

if TYPE_CHECKING:
    from ami_lint.edits import Edit
    from ami_lint.source import Source, Span

# The resource's arguments and the members of RegisterImage they are sent as
# (internal/service/ec2/ec2_ami.go of hashicorp/terraform-provider-aws).
TOP = {
    "architecture": "Architecture",
    "boot_mode": "BootMode",
    "description": "Description",
    "ena_support": "EnaSupport",
    "image_location": "ImageLocation",
    "imds_support": "ImdsSupport",
    "kernel_id": "KernelId",
    "name": "Name",
    "ramdisk_id": "RamdiskId",
    "root_device_name": "RootDeviceName",
    "sriov_net_support": "SriovNetSupport",
    "tpm_support": "TpmSupport",
    "uefi_data": "UefiData",
    "virtualization_type": "VirtualizationType",
}
EBS = {
    "delete_on_termination": "DeleteOnTermination",
    "encrypted": "Encrypted",
    "iops": "Iops",
    "outpost_arn": "OutpostArn",
    "snapshot_id": "SnapshotId",
    "throughput": "Throughput",
    "volume_size": "VolumeSize",
    "volume_type": "VolumeType",
}
EPHEMERAL = {"virtual_name": "VirtualName"}
DEVICE = {"device_name": "DeviceName"}

_API_NAMES = {api: tf for table in (TOP, EBS, EPHEMERAL, DEVICE) for tf, api in table.items()} | {
    "Ebs": "ebs_block_device",
    "BlockDeviceMappings": "ebs_block_device",
    "TagSpecifications": "tags",
}


class TerraformVocabulary(Vocabulary):
    """Terraform's names for one request: `blocks[i]` is the block the i-th
    mapping was written as (`("ebs_block_device", 0)`), `address` the resource's."""

    def __init__(
        self,
        address: str = "aws_ami",
        blocks: tuple[tuple[str, int], ...] = (),
        tags: tuple[str, ...] = (),
        json: bool = False,
    ) -> None:
        self.address = address
        self.blocks = blocks
        self.tags = tags
        self.json = json  # written in Terraform's JSON syntax (`.tf.json`)

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """Edits in HCL, or in Terraform's JSON syntax (`ami_lint.frontends.hcl_fixes`)."""
        from ami_lint.frontends.hcl_fixes import write

        return write(source, edit, lambda name: _API_NAMES.get(name), self.json)

    def path(self, items: Sequence[PathItem]) -> str:
        if not items:
            return self.address
        first = items[0]
        if first == "BlockDeviceMappings" and len(items) > 1 and isinstance(items[1], int):
            return self._mapping(items[1], items[2:])
        if first == "TagSpecifications":
            return self._tag(items)
        if len(items) == 1 and isinstance(first, str) and first in _API_NAMES:
            return _API_NAMES[first]
        if all(isinstance(i, str) and i in _API_NAMES for i in items):
            return ".".join(_API_NAMES[str(i)] for i in items)
        return super().path(items)

    def _mapping(self, index: int, rest: Sequence[PathItem]) -> str:
        kind, k = self.blocks[index] if 0 <= index < len(self.blocks) else ("ebs_block_device", index)
        head = f"{kind}[{k}]"
        if rest and rest[0] == "Ebs":
            rest = rest[1:]
        if not rest:
            return head
        step = rest[0]
        if len(rest) == 1 and isinstance(step, str) and step in _API_NAMES:
            return f"{head}.{_API_NAMES[step]}"
        return super().path(["BlockDeviceMappings", index, *rest])

    def _tag(self, items: Sequence[PathItem]) -> str:
        # TagSpecifications[0].Tags[j](.Key|.Value): the j-th tag of `tags`.
        if len(items) >= 4 and items[2] == "Tags" and isinstance(items[3], int):
            j = items[3]
            if 0 <= j < len(self.tags):
                return f'tags["{self.tags[j]}"]'
        return "tags"

    # Values: HCL writes `true`, `false`, `null` and numbers as the API's base class does.


TERRAFORM_VOCABULARY = TerraformVocabulary()
