"""What the image-definition rules (AMI3xx) share: the defaults the reference
pages document, the root device's mapping, and whether a value is known."""

from __future__ import annotations

from ami_lint.ebs import block_devices, string_value
from ami_lint.model import Request
from ami_lint.nodes import Mapping, Node, Scalar, ScalarValue, Sequence, Unknown
from ami_lint.records import Record, record
from ami_lint.vocabulary import member

# "Default: paravirtual" (--virtualization-type).
DEFAULT_VIRTUALIZATION = "paravirtual"
# "Default: For Amazon EBS-backed AMIs, i386" (--architecture).
DEFAULT_ARCHITECTURE = "i386"


@record(frozen=True, slots=True)
class Virtualization(metaclass=Record):
    """The image's virtualization type: `value` is None when it cannot be known;
    `node` is None when the value is a default: the API's, or what `sender`
    (a tool such as Terraform's provider) sends when the input names none."""

    value: str | None
    node: Scalar | None = None
    sender: str | None = None

    @property
    def defaulted(self) -> bool:
        return self.value is not None and self.node is None

    @property
    def sure(self) -> bool:
        """Written, or sent by a tool that always sends it: not the API's
        default, which EC2 may not apply as documented."""
        return self.value is not None and (self.node is not None or self.sender is not None)

    def phrase(self) -> str:
        """`VirtualizationType` as a message states it: written, sent by a tool, or defaulted."""
        if self.defaulted and self.sender is not None:
            return f"{self.sender} sends {member('VirtualizationType')} `{self.value}`"
        verb = "defaults to" if self.defaulted else "is"
        return f"{member('VirtualizationType')} {verb} `{self.value}`"


def virtualization(request: Request) -> Virtualization:
    found = request._derived.get(_virtualization)  # `derive`, one call fewer when known (issue 20)
    return found if found is not None else request.derive(_virtualization)


def _virtualization(request: Request) -> Virtualization:
    node = request.get("VirtualizationType")
    if node is None:
        sent = sent_default(request, "VirtualizationType")
        if isinstance(sent, str):
            assert request.sender is not None
            return Virtualization(sent, None, request.sender.name)
        # A `$flags` splice may set it: the default is then not known to apply.
        return Virtualization(None if request.open_ended else DEFAULT_VIRTUALIZATION)
    value = string_value(node)
    if value in ("hvm", "paravirtual"):
        assert isinstance(node, Scalar)
        return Virtualization(value, node)
    return Virtualization(None)


def sent_default(request: Request, name: str) -> ScalarValue | None:
    """What the tool that sends the request (`Request.sender`) sends for the
    top-level member `name` the input leaves out; None without such a tool,
    or when it sends nothing for it."""
    return request.sender.default(name) if request.sender is not None else None


def surely_paravirtual(request: Request) -> bool:
    """`paravirtual` written, sent by a tool that always sends one
    (Terraform's provider), or left to the API's default by a request that
    boots its own kernel (`KernelId`, `RamdiskId`: only paravirtual images do).
    A default with nothing else saying PV is not sure: real requests that ask
    for ENA, UEFI or NitroTPM without a `VirtualizationType` register HVM
    images."""
    virt = virtualization(request)
    if virt.value != "paravirtual":
        return False
    # A tool that always sends its default (Terraform's provider) makes it sure.
    return (
        not virt.defaulted
        or virt.sender is not None
        or "KernelId" in request.root
        or "RamdiskId" in request.root
    )


def is_ebs_backed(request: Request) -> bool:
    """No `ImageLocation` (not even an unknown one): the image is built from
    snapshots, not from an instance-store bundle in S3."""
    return "ImageLocation" not in request.root


def missing(request: Request, key: str) -> bool:
    """`key` is absent and nothing unseen (a `$flags` splice) may supply it."""
    return key not in request.root and not request.open_ended


def known_string(request: Request, key: str) -> str | None:
    return string_value(request.get(key))


@record(frozen=True, slots=True)
class Mappings(metaclass=Record):
    """The block device mappings when every one of them is known; `complete`
    is False when one may hide a device name or a snapshot (`$VAR`)."""

    devices: tuple[tuple[str | None, Mapping], ...]
    complete: bool

    def named(self, name: str) -> Mapping | None:
        found = None
        for device, mapping in self.devices:
            if device == name:
                found = mapping
        return found

    def root(self, name: str) -> Mapping | None:
        """The mapping of the root device `name`: its own, else that of the
        disk it is a partition of (`/dev/sda` for `/dev/sda1`, the layout of
        PV-GRUB images, which EC2 accepts)."""
        found = self.named(name)
        if found is None:
            disk = _disk_of(name)
            if disk is not None:
                found = self.named(disk)
        return found

    def snapshot_backed(self) -> list[tuple[str | None, Mapping]]:
        return [(d, m) for d, m in self.devices if has_snapshot(m)]


def mappings(request: Request) -> Mappings:
    found = request._derived.get(_mappings)  # `derive`, one call fewer when known (issue 20)
    return found if found is not None else request.derive(_mappings)


def _mappings(request: Request) -> Mappings:
    node = request.get("BlockDeviceMappings")
    if node is None:
        return Mappings((), not request.open_ended)
    if not isinstance(node, Sequence):
        return Mappings((), False)
    complete = all(isinstance(item, Mapping) for item in node.items)
    devices = []
    for device in block_devices(request):
        name_node = device.mapping.get("DeviceName")
        ebs = device.mapping.get("Ebs")
        if isinstance(name_node, Unknown) or isinstance(ebs, Unknown):
            complete = False
        devices.append((string_value(name_node), device.mapping))
    return Mappings(tuple(devices), complete)


def _disk_of(device: str) -> str | None:
    """`/dev/sda` for the partition `/dev/sda1`; None when the name does not
    end in a partition number after a letter."""
    stem = device.rstrip("0123456789")
    if stem == device or not stem[-1:].isalpha():
        return None
    return stem


def has_snapshot(mapping: Mapping) -> bool:
    ebs = mapping.get("Ebs")
    return isinstance(ebs, Mapping) and "SnapshotId" in ebs


def is_true(node: Node | None) -> bool:
    return isinstance(node, Scalar) and node.value is True
