"""What the block-device-mapping rules (AMI2xx) share: the mappings with their
index, their `Ebs` objects, and the limits of a volume type."""

from __future__ import annotations

from collections.abc import Iterator

from ami_lint.limits import Limits, VolumeLimits
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence
from ami_lint.records import Record, record
from ami_lint.vocabulary import PathItem, member

VOLUME_TYPES = ("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3")
# The volume types of EC2 on AWS Snow family devices (Snowball Edge: `sbp1`
# performance SSD, `sbg1` capacity HDD). A request that uses them is sent to a
# device's own EC2 endpoint, not to EC2 in a region: `is_snow_request`.
SNOW_VOLUME_TYPES = ("sbp1", "sbg1")


@record(frozen=True, slots=True)
class BlockDevice(metaclass=Record):
    """One item of `BlockDeviceMappings` that is an object."""

    index: int
    mapping: Mapping

    def member(self, *rest: PathItem) -> str:
        """The mapping, or a member of it, for a message (`ami_lint.vocabulary`)."""
        return member("BlockDeviceMappings", self.index, *rest)

    @property
    def ebs(self) -> Mapping | None:
        node = self.mapping.get("Ebs")
        return node if isinstance(node, Mapping) else None


def block_devices(request: Request) -> tuple[BlockDevice, ...]:
    """The items of `BlockDeviceMappings` that are objects."""
    found = request._derived.get(_block_devices)  # `derive`, one call fewer when known (issue 20)
    return found if found is not None else request.derive(_block_devices)


def _block_devices(request: Request) -> tuple[BlockDevice, ...]:
    return tuple(_each_block_device(request))


def _each_block_device(request: Request) -> Iterator[BlockDevice]:
    node = request.get("BlockDeviceMappings")
    if not isinstance(node, Sequence):
        return
    for index, item in enumerate(node.items):
        if isinstance(item, Mapping):
            yield BlockDevice(index, item)


def is_snow_request(request: Request) -> bool:
    """Whether the request goes to an EC2 that is not a region's: a mapping's
    `VolumeType` is one of a Snow device's, or the request is sent to an
    endpoint outside AWS (`--endpoint-url http://192.168.1.2:8008`, a Snow
    device; `http://localhost:4566`, an emulator). That EC2's defaults and
    instance types are not the region's: the rules about EC2's defaults and
    formats stay silent on it."""
    found = request._derived.get(_is_snow_request)  # `derive`, one call fewer when known (issue 20)
    return found if found is not None else request.derive(_is_snow_request)


def _is_snow_request(request: Request) -> bool:
    if request.endpoint is not None and not is_aws_endpoint(request.endpoint):
        return True
    return any(string_value(ebs.get("VolumeType")) in SNOW_VOLUME_TYPES for _, ebs in ebs_volumes(request))


# The domains of AWS's own endpoints (regions, China, GovCloud and ISO partitions, dual-stack).
AWS_DOMAINS = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".c2s.ic.gov", ".sc2s.sgov.gov")


def is_aws_endpoint(url: str) -> bool:
    """Whether an `--endpoint-url` is one of AWS's own (a regional, FIPS or
    VPC endpoint of EC2), by its host name."""
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ("." + host.lower().rstrip(".")).endswith(AWS_DOMAINS)


def ebs_volumes(request: Request) -> tuple[tuple[BlockDevice, Mapping], ...]:
    """Every mapping with an `Ebs` object, and that object."""
    found = request._derived.get(_ebs_volumes)  # `derive`, one call fewer when known (issue 20)
    return found if found is not None else request.derive(_ebs_volumes)


def _ebs_volumes(request: Request) -> tuple[tuple[BlockDevice, Mapping], ...]:
    return tuple((device, ebs) for device in block_devices(request) if (ebs := device.ebs) is not None)


def string_value(node: Node | None) -> str | None:
    """A known string value; None when absent, unknown or of another type."""
    if isinstance(node, Scalar) and isinstance(node.value, str):
        return node.value
    return None


def is_instance_store_name(name: str) -> bool:
    """`ephemeral0`, `ephemeral1`, …: the only `VirtualName` the API takes for
    an instance store volume (no leading zeros)."""
    digits = name.removeprefix("ephemeral")
    return digits != name and digits.isascii() and digits.isdigit() and (digits == "0" or digits[0] != "0")


def ignored_virtual_name(mapping: Mapping) -> bool:
    """A `VirtualName` beside `Ebs` that names no instance store volume: a
    label EC2 ignores. Talos's and Garden Linux's AWS guides register working
    images with `VirtualName=talos` beside `Ebs`, and an EC2 error quoted in
    hashicorp/packer#5020 ("The request must contain the parameter ebs", for
    a `virtual_name` that was no `ephemeralN`) shows EC2 reads such a mapping
    as an EBS one."""
    if "Ebs" not in mapping:
        return False
    name = string_value(mapping.get("VirtualName"))
    return name is not None and not is_instance_store_name(name)


def int_value(node: Node | None) -> int | None:
    """A known integer value (not a boolean); None otherwise."""
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def int_entry(mapping: Mapping, key: str) -> tuple[Entry, int] | None:
    entry = mapping.entry(key)
    if entry is None:
        return None
    value = int_value(entry.value)
    return (entry, value) if value is not None else None


def volume_type(ebs: Mapping, request: Request | None = None) -> str | None:
    """The volume type when it is known and valid: the written one, else the
    one the request's sender sends for a volume without one (Terraform's
    provider: `standard`). An absent type is otherwise not guessed: the
    reference pages do not document RegisterImage's default."""
    node = ebs.get("VolumeType")
    if node is None and request is not None and request.sender is not None:
        return request.sender.volume_type
    value = string_value(node)
    return value if value in VOLUME_TYPES else None


def type_limits(limits: Limits, vtype: str) -> VolumeLimits | None:
    """The limits of a volume type; None when the table has none for it."""
    return limits.volume_types.get(vtype)


def value_range(low: int | float, high: int | float) -> str:
    """The range `low` to `high`, with an en dash as in the AWS documentation."""
    return f"{low}–{high}"  # noqa: RUF001


def range_fix(key: str, value: int, low: int, high: int) -> str | None:
    """The hint for `value` of `key` outside `low..high`; None when it is inside."""
    if value < low:
        return f"Raise {member(key)} to at least {low}"
    if value > high:
        return f"Lower {member(key)} to at most {high}"
    return None
