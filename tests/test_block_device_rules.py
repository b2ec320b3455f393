"""Block-device-mapping rules (AMI2xx) against the statements of the register-image
reference pages they encode, and the two limits profiles (SPEC section 5).

Each test quotes the sentence it checks; "the reference page" is the AWS CLI
reference for `aws ec2 register-image` (`--block-device-mappings`)."""

from __future__ import annotations

import json

import pytest

from ami_lint.ebs import VOLUME_TYPES
from ami_lint.engine import Linter, Options
from ami_lint.limits import PROFILES, Limits, RateLimits, VolumeLimits, limits_path, load_limits
from ami_lint.model import Request
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.registry import builtin_registry
from ami_lint.rule import Context
from ami_lint.selection import Selection
from ami_lint.source import Source, Span
from tests.conftest import lint, run_cli


def _linter(limits: str = "current") -> Linter:
    return Linter(Options(selection=Selection(select=("AMI2",)), limits=limits))


def _ebs(ebs: dict, limits: str = "current", device: str = "/dev/sdf") -> set[str]:
    """The AMI2xx rules reported for one mapping with this `Ebs` object."""
    request = {"Name": "web-2024-06-01", "BlockDeviceMappings": [{"DeviceName": device, "Ebs": ebs}]}
    return {d.rule for d in lint(json.dumps(request), "request.json", "json", _linter(limits))}


# "The following are the supported volumes sizes for each volume type:
#  gp2 and gp3: 1-16,384  io1 and io2: 4-16,384  st1 and sc1: 125-16,384  standard: 1-1,024"
LEGACY_SIZES = {
    "gp2": (1, 16384),
    "gp3": (1, 16384),
    "io1": (4, 16384),
    "io2": (4, 16384),
    "st1": (125, 16384),
    "sc1": (125, 16384),
    "standard": (1, 1024),
}


@pytest.mark.parametrize(("vtype", "bounds"), LEGACY_SIZES.items())
def test_volume_size_table_of_the_reference_page(vtype: str, bounds: tuple[int, int]) -> None:
    low, high = bounds
    extra = {"Iops": 100} if vtype in ("io1", "io2") else {}
    for size in (low, high):
        assert "AMI213" not in _ebs({"VolumeSize": size, "VolumeType": vtype, **extra}, "legacy")
    for size in (low - 1, high + 1):
        assert "AMI213" in _ebs({"VolumeSize": size, "VolumeType": vtype, **extra}, "legacy")


# "The following are the supported values for each volume type:
#  gp3: 3,000-16,000 IOPS  io1: 100-64,000 IOPS  io2: 100-64,000 IOPS"
@pytest.mark.parametrize(
    ("vtype", "low", "high"), [("gp3", 3000, 16000), ("io1", 100, 64000), ("io2", 100, 64000)]
)
def test_iops_table_of_the_reference_page(vtype: str, low: int, high: int) -> None:
    for iops in (low, high):
        assert "AMI210" not in _ebs({"VolumeSize": 16000, "VolumeType": vtype, "Iops": iops}, "legacy")
    for iops in (low - 1, high + 1):
        assert "AMI210" in _ebs({"VolumeSize": 16000, "VolumeType": vtype, "Iops": iops}, "legacy")


def test_limits_profiles_differ_where_the_increase_applies() -> None:
    # SPEC section 5: gp3 IOPS 3,000-80,000 today, 3,000-16,000 in the reference page's table.
    gp3 = {"VolumeSize": 100, "VolumeType": "gp3", "Iops": 20000}
    assert "AMI210" not in _ebs(gp3, "current")
    assert "AMI210" in _ebs(gp3, "legacy")
    assert load_limits("current").volume_types["io2"].iops_max == 256000
    assert load_limits("legacy").volume_types["io2"].iops_max == 64000


def test_cli_limits_option() -> None:
    request = json.dumps(
        {
            "Name": "web-2024-06-01",
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "gp3", "Iops": 20000}}
            ],
        }
    )
    current = run_cli(
        "--select", "AMI210", "--format", "json", "--stdin-filename", "r.json", "-", stdin=request
    )
    legacy = run_cli(
        "--select",
        "AMI210",
        "--limits",
        "legacy",
        "--format",
        "json",
        "--stdin-filename",
        "r.json",
        "-",
        stdin=request,
    )
    assert current.returncode == 0, current.stderr
    assert legacy.returncode == 1, legacy.stderr
    [diagnostic] = json.loads(legacy.stdout)["diagnostics"]
    assert diagnostic["rule"] == "AMI210"
    assert diagnostic["message"] == "`Iops` is `20000` but `gp3` needs 3000–16000"  # noqa: RUF001


def test_unknown_limits_profile_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="`current`, `legacy`"):
        load_limits("newest")


def test_limits_table_is_typed() -> None:
    """Each profile of `ami_lint/data/limits.toml` is a `Limits` of every volume
    type; None where a type does not take a member."""
    for profile in PROFILES:
        limits = load_limits(profile)
        assert sorted(limits.volume_types) == sorted(VOLUME_TYPES)
        assert limits.volume_initialization_rate == RateLimits(100, 300)
        gp2 = limits.volume_types["gp2"]
        assert (gp2.iops_range, gp2.throughput_range, gp2.iops_per_gib) == (None, None, None)
        gp3 = limits.volume_types["gp3"]
        assert (gp3.iops_min, gp3.throughput_min, gp3.throughput_per_iops, gp3.default_iops) == (
            3000,
            125,
            0.25,
            3000,
        )
    assert load_limits("current").volume_types["gp3"] == VolumeLimits(
        1, 65536, 3000, 80000, 500, 125, 2000, 0.25, 3000
    )
    assert limits_path().name == "limits.toml"
    assert Context().limits == Limits()  # nothing to check against: the rules stay silent


def _doc_table(rule_id: str) -> dict[str, tuple[str, str]]:
    """The `| type | current | legacy |` rows of a rule's Options section."""
    rule = builtin_registry().get(rule_id)
    assert rule is not None
    rows = {}
    for line in rule.docs.sections["Options"].splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for vtype in cells[0].replace("`", "").split(", "):
                rows[vtype] = (cells[1], cells[2])
    return rows


@pytest.mark.parametrize(
    ("rule_id", "low", "high"), [("AMI210", "iops_min", "iops_max"), ("AMI213", "size_min", "size_max")]
)
def test_documented_limit_tables_match_the_data(rule_id: str, low: str, high: str) -> None:
    table = _doc_table(rule_id)
    assert table
    for vtype, documented in table.items():
        limits = [load_limits(profile).volume_types[vtype] for profile in PROFILES]
        expected = tuple(f"{getattr(v, low)}-{getattr(v, high)}" for v in limits)
        assert documented == expected, (rule_id, vtype)


# "Valid Range: Minimum value of 125. Maximum value of 1000." (Throughput, legacy profile)
def test_throughput_range_of_the_reference_page() -> None:
    base = {"VolumeSize": 500, "VolumeType": "gp3", "Iops": 16000}
    assert "AMI212" not in _ebs({**base, "Throughput": 125}, "legacy")
    assert "AMI212" not in _ebs({**base, "Throughput": 1000}, "legacy")
    assert "AMI212" in _ebs({**base, "Throughput": 124}, "legacy")
    assert "AMI212" in _ebs({**base, "Throughput": 1001}, "legacy")
    assert "AMI212" not in _ebs({**base, "Throughput": 1001}, "current")


# "This parameter is valid only for gp3 volumes." (Throughput)
@pytest.mark.parametrize("vtype", ["gp2", "io1", "io2", "st1", "sc1", "standard"])
def test_throughput_only_for_gp3(vtype: str) -> None:
    extra = {"Iops": 1000} if vtype in ("io1", "io2") else {}
    assert "AMI211" in _ebs({"VolumeSize": 500, "VolumeType": vtype, "Throughput": 250, **extra})
    assert "AMI211" not in _ebs({"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 250})


# "This parameter is required for io1 and io2 volumes." (Iops) and
# "If the volume type is io1 or io2, you must specify the IOPS that the volume supports."
@pytest.mark.parametrize("vtype", ["io1", "io2"])
def test_iops_required_for_io1_and_io2(vtype: str) -> None:
    assert "AMI208" in _ebs({"VolumeSize": 100, "VolumeType": vtype})
    assert "AMI208" not in _ebs({"VolumeSize": 100, "VolumeType": vtype, "Iops": 1000})


# "This parameter is not supported for gp2, st1, sc1, or standard volumes." (Iops)
@pytest.mark.parametrize("vtype", ["gp2", "st1", "sc1", "standard"])
def test_iops_not_supported(vtype: str) -> None:
    assert "AMI209" in _ebs({"VolumeSize": 500, "VolumeType": vtype, "Iops": 500})


# "The default for gp3 volumes is 3,000 IOPS." (so at most 750 MiB/s without Iops)
def test_gp3_default_iops_caps_throughput() -> None:
    assert "AMI215" not in _ebs({"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 750})
    assert "AMI215" in _ebs({"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 751})


# "You must specify either a snapshot ID or a volume size." (VolumeSize)
def test_snapshot_or_size_required() -> None:
    assert "AMI207" in _ebs({"VolumeType": "gp3"})
    assert "AMI207" not in _ebs({"SnapshotId": "snap-0db2cf683925d191f"})
    assert "AMI207" not in _ebs({"VolumeSize": 8})


# "If you are creating a block device mapping from an existing encrypted or unencrypted
#  snapshot, you must omit this parameter. If you include this parameter, the request
#  will fail, regardless of the value that you specify." (Encrypted)
@pytest.mark.parametrize("value", [True, False])
def test_encrypted_with_snapshot_fails_whatever_the_value(value: bool) -> None:
    assert "AMI216" in _ebs({"SnapshotId": "snap-0db2cf683925d191f", "Encrypted": value})
    # "If you are creating a block device mapping for a new (empty) volume, you can
    #  include this parameter, and specify either true ... or false"
    assert "AMI216" not in _ebs({"VolumeSize": 100, "Encrypted": value})


# "This parameter is only supported on BlockDeviceMapping objects called by
#  RunInstances, RequestSpotFleet, and RequestSpotInstances." (KmsKeyId)
def test_kms_key_id_not_for_register_image() -> None:
    assert "AMI217" in _ebs({"VolumeSize": 100, "Encrypted": True, "KmsKeyId": "alias/ami-key"})


# "This parameter is only supported on BlockDeviceMapping objects called by CreateImage."
# (OutpostArn; the botocore model's text says the opposite for CreateImage, SPEC follows the page)
def test_outpost_arn_not_for_register_image() -> None:
    arn = "arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0"
    assert "AMI218" in _ebs({"SnapshotId": "snap-0db2cf683925d191f", "OutpostArn": arn})


# "The virtual device name (ephemeralN). Instance store volumes are numbered starting from 0."
def test_virtual_names_start_at_zero() -> None:
    def rules(name: str) -> set[str]:
        request = {"Name": "n-1", "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "VirtualName": name}]}
        return {d.rule for d in lint(json.dumps(request), "r.json", "json", _linter())}

    assert "AMI205" not in rules("ephemeral0")
    assert "AMI205" in rules("ephemeral")


# "To omit the device from the block device mapping, specify an empty string."
def test_no_device_is_the_empty_string() -> None:
    request = {"Name": "n-1", "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "NoDevice": "no"}]}
    assert "AMI206" in {d.rule for d in lint(json.dumps(request), "r.json", "json", _linter())}


# Example 2 of the reference page: "registers an AMI using the specified snapshot of an EBS
# root volume as device /dev/xvda. The block device mapping also includes an empty 100 GiB
# EBS volume as device /dev/xvdf."
def test_reference_example_two_is_clean() -> None:
    words = (
        "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0db2cf683925d191f}\n"
        "DeviceName=/dev/xvdf,Ebs={VolumeSize=100}"
    )
    assert lint(words, "<example>", "shorthand", _linter(), "block-device-mappings") == []


UNKNOWN = object()


def _node(value: object, source: Source) -> Node:
    span = Span(0, 0)
    if value is UNKNOWN:
        return Unknown(source, span, "$VAR")
    if isinstance(value, dict):
        entries = tuple(Entry(Scalar(source, span, k), _node(v, source)) for k, v in value.items())
        return Mapping(source, span, entries)
    if isinstance(value, list):
        return Sequence(source, span, tuple(_node(v, source) for v in value))
    return Scalar(source, span, value)  # type: ignore[arg-type]


def _check(ebs: dict, root_extra: dict | None = None) -> set[str]:
    """Every AMI2xx rule run directly on a request model that may hold unknown values."""
    source = Source.from_text("", "model")
    mapping = {"DeviceName": "/dev/sdf", "Ebs": ebs}
    root = _node({"Name": "n-1", **(root_extra or {}), "BlockDeviceMappings": [mapping]}, source)
    assert isinstance(root, Mapping)
    ctx = Context(limits=load_limits())
    rules = [r for r in builtin_registry() if r.id.startswith("AMI2")]
    return {f.rule for r in rules for f in r.check(Request(root), ctx)}


@pytest.mark.parametrize(
    ("known", "unknown_key"),
    [
        ({"VolumeSize": 100, "VolumeType": "gp2", "Iops": 500}, "VolumeType"),  # AMI209
        ({"VolumeSize": 100, "VolumeType": "gp3", "Iops": 100}, "Iops"),  # AMI210
        ({"VolumeSize": 100, "VolumeType": "io1", "Iops": 100, "Throughput": 200}, "VolumeType"),  # AMI211
        ({"VolumeSize": 100, "VolumeType": "gp3", "Throughput": 5000}, "Throughput"),  # AMI212
        ({"VolumeSize": 0, "VolumeType": "gp3"}, "VolumeSize"),  # AMI213
        ({"VolumeSize": 10, "VolumeType": "io1", "Iops": 1000}, "VolumeSize"),  # AMI214
        ({"VolumeSize": 100, "VolumeType": "gp3", "Iops": 3000, "Throughput": 1000}, "Iops"),  # AMI215
        (
            {"SnapshotId": "snap-0db2cf683925d191f", "VolumeInitializationRate": 50},
            "VolumeInitializationRate",
        ),
    ],
)
def test_unknown_values_are_not_guessed(known: dict, unknown_key: str) -> None:
    fired = _check(known)
    assert fired, "the known version must trigger a rule"
    assert _check({**known, unknown_key: UNKNOWN}) == set()


def test_shell_values_from_variables_are_not_guessed() -> None:
    template = (
        "#!/bin/bash\n"
        "aws ec2 register-image --name web-2024-06-01 --block-device-mappings \\\n"
        '  "DeviceName=/dev/sdg,Ebs={{VolumeSize=100,VolumeType={vtype},Iops=10}}"\n'
    )
    fired = {d.rule for d in lint(template.format(vtype="gp2"), "r.sh", "shell", _linter())}
    assert fired == {"AMI209"}
    assert lint(template.format(vtype="$TYPE"), "r.sh", "shell", _linter()) == []


def test_unknown_root_device_name_is_not_guessed() -> None:
    ebs = {"SnapshotId": "snap-0db2cf683925d191f", "VolumeSize": 500, "VolumeType": "st1"}
    assert _check(ebs, {"RootDeviceName": "/dev/sdf"}) == {"AMI221"}
    assert _check(ebs, {"RootDeviceName": UNKNOWN}) == set()


def test_block_devices_are_derived_once_per_request() -> None:
    """Rules share one list of devices per request; another request gets its own."""
    from ami_lint.ebs import block_devices, ebs_volumes
    from ami_lint.image import mappings

    source = Source.from_text("", "model")
    one = _node(
        {"BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {}}, 3, {"NoDevice": ""}]}, source
    )
    two = _node({"BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {"Iops": 1}}]}, source)
    assert isinstance(one, Mapping) and isinstance(two, Mapping)
    first, second = Request(one), Request(two)
    devices = block_devices(first)
    items = one.get("BlockDeviceMappings").items  # type: ignore[union-attr]
    assert [(d.index, d.mapping) for d in devices] == [(0, items[0]), (2, items[2])]
    assert block_devices(first) is devices
    assert [d.index for d, _ in ebs_volumes(first)] == [0]
    assert ebs_volumes(first) is ebs_volumes(first)
    assert mappings(first) is mappings(first)
    # The same tree in a new request (an open-ended one): derived afresh.
    assert mappings(Request(one, open_ended=True)) is not mappings(first)
    assert [(d.index, e.get("Iops").value) for d, e in ebs_volumes(second)] == [(0, 1)]  # type: ignore[union-attr]
    assert [d.mapping for d in block_devices(second)] == [two.get("BlockDeviceMappings").items[0]]  # type: ignore[union-attr]
    assert block_devices(Request(Mapping(source, Span(0, 0)))) == ()


def test_each_derived_fact_looked_up_is_what_derive_remembers() -> None:
    """The wrappers look a fact up before calling `derive` (issue 20): first
    and later calls give what `derive` computed and kept, computed once."""
    from ami_lint import ebs, image

    source = Source.from_text("", "model")
    for data in (
        {"BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeType": "sbp1"}}]},
        {"VirtualizationType": "hvm", "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "Ebs": {}}]},
        {},
    ):
        root = _node(data, source)
        assert isinstance(root, Mapping)
        for wrapper, compute in (
            (ebs.block_devices, ebs._block_devices),
            (ebs.is_snow_request, ebs._is_snow_request),
            (ebs.ebs_volumes, ebs._ebs_volumes),
            (image.virtualization, image._virtualization),
            (image.mappings, image._mappings),
        ):
            request = Request(root)
            first = wrapper(request)
            assert first == compute(Request(root))
            assert request.derive(compute) is first
            assert wrapper(request) is first
            assert list(request._derived).count(compute) == 1
