"""The request each builder of a Packer template sends.

Read from hashicorp/packer-plugin-amazon (v1.8.2, commit 5028903a): each
builder's `step_register_ami.go` builds the `RegisterImageInput`, so the
request is what that step sends, not what the template says:

- `amazon-ebssurrogate` (`builder/ebssurrogate/step_register_ami.go`) sends
  `Name` (`ami_name`), `Architecture` (`ami_architecture`, which `Prepare` in
  `builder.go` sets to `x86_64` when left out), `RootDeviceName`
  (`ami_root_device.device_name`), `VirtualizationType`
  (`ami_virtualization_type`, which `Prepare` requires), `BootMode`,
  `UefiData` and `TpmSupport` when set, `EnaSupport: true` only when
  `ena_support` is true, `SriovNetSupport: simple` only when `sriov_support`
  is true, and `BlockDeviceMappings` made by `combineDevices`: the
  `ami_block_device_mappings`, then every `launch_block_device_mappings`
  device not `omit_from_artifact`, which replaces an AMI mapping of the same
  name, gets the snapshot the build takes of it, and loses `encrypted` and
  `kms_key_id`; the launch device named by `ami_root_device.source_device_name`
  is renamed `ami_root_device.device_name`. Nothing else of `ami_root_device`
  reaches the request. With `use_create_image = true` the builder calls
  CreateImage instead: no request.
- `amazon-chroot` (`builder/chroot/step_register_ami.go`,
  `buildBaseRegisterOpts`): with `from_scratch`, `Architecture`
  (`ami_architecture`, default `x86_64`), `VirtualizationType` (required),
  `RootDeviceName` (`root_device_name`) and the `ami_block_device_mappings`,
  the root device's mapping given the build's snapshot and `root_volume_size`.
  From a `source_ami`, the architecture, the virtualization type (unless
  `ami_virtualization_type` is set), kernel and ramdisk are the source
  image's, and so are the mappings and root device unless
  `ami_block_device_mappings` is given. `encrypted` is dropped from every
  mapping. Chroot does not validate its mappings (no `BlockDevice.Prepare`).
- `amazon-instance` (`builder/instance/step_register_ami.go`): an
  instance-store image, `ImageLocation` the bundle it uploads, `Name`,
  the `ami_block_device_mappings`, `VirtualizationType` only when set (EC2's
  default, `paravirtual`, otherwise), `EnaSupport`, `SriovNetSupport` and
  `TpmSupport`. It has no `ami_architecture`, `boot_mode` nor `uefi_data`.

Every builder: `ami_description` and `imds_support` are set right after
registration (`StepModifyAMIAttributes`), with RegisterImage's constraints.
In a mapping (`common/block_device.go`, `BuildEC2BlockDeviceMapping`),
`iops` is sent only for `io1`, `io2` and `gp3` (Packer drops it otherwise,
so it is left out here), `throughput` only for `gp3`, `volume_size` only
when above 0, `no_device = true` makes `NoDevice`.

What is made by the build (the root snapshot, the bundle, what a source
image brings) is an `Unknown`: "no boot source" and the missing-snapshot
rules never fire for it. Values Packer fills in at build time are unknown
too: `{{user \\`x\\`}}`, `{{timestamp}}`, `{{ .Name }}`, HCL `var.x`,
`local.x`, `${…}`. Packer decodes options weakly (mapstructure's
`WeaklyTypedInput`, cty's conversions): `"true"` is a boolean and `"3000"`
a number, as Packer reads them.

Packer's own checks (`BlockDevice.Prepare`, for `amazon-ebssurrogate` and
`amazon-instance`) still use the EBS limits of 2020: `gp3` IOPS 3000 to 16000
and throughput 125 to 1000 MiB/s, `io1`/`io2` IOPS 100 to 64000 and an `io2` IOPS
to size ratio of 500 (with `volume_size`), `throughput` only with
`volume_type` `gp3`. A value AWS accepts today but Packer refuses is
reported by the rule of the limit (AMI210, AMI212, AMI214, AMI211), saying
that it is Packer's limit: the build stops at `packer validate`.
"""

from __future__ import annotations

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.edits import Fix
from ami_lint.frontend import Found
from ami_lint.frontends.packer_values import as_bool, as_int, as_str, blocks, holds, text_of
from ami_lint.frontends.packer_vocabulary import DEVICE_KEYS, PackerVocabulary
from ami_lint.model import Request, Sender
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.source import Span
from ami_lint.vocabulary import PathItem, member

EBSSURROGATE, CHROOT, INSTANCE = "amazon-ebssurrogate", "amazon-chroot", "amazon-instance"
BUILDERS = (EBSSURROGATE, CHROOT, INSTANCE)

# What Packer sends for what the template leaves out (see above).
ARCHITECTURE_DEFAULT = "x86_64"
PACKER = Sender("Packer", (("Architecture", ARCHITECTURE_DEFAULT),))
# amazon-instance sends no architecture: the bundle's manifest says it.
PACKER_INSTANCE = Sender("Packer")

# Top-level options mapped to the request, per builder.
_COMMON = {
    "ami_name": "Name",
    "ami_description": "Description",
    "ami_virtualization_type": "VirtualizationType",
    "ena_support": "EnaSupport",
    "sriov_support": "SriovNetSupport",
    "imds_support": "ImdsSupport",
    "tpm_support": "TpmSupport",
    "ami_block_device_mappings": "BlockDeviceMappings",
}
_UEFI = {"ami_architecture": "Architecture", "boot_mode": "BootMode", "uefi_data": "UefiData"}
OPTIONS: dict[str, dict[str, str]] = {
    EBSSURROGATE: {
        **_COMMON,
        **_UEFI,
        "ami_root_device": "RootDeviceName",
        "launch_block_device_mappings": "BlockDeviceMappings",
    },
    CHROOT: {
        **_COMMON,
        **_UEFI,
        "root_device_name": "RootDeviceName",
        "root_volume_size": "BlockDeviceMappings",
        "from_scratch": "",
    },
    INSTANCE: {**_COMMON, "launch_block_device_mappings": ""},
}
MAPPED = sorted({name for options in OPTIONS.values() for name in options})

ROOT_DEVICE_KEYS = (
    "source_device_name",
    "device_name",
    "delete_on_termination",
    "iops",
    "volume_type",
    "volume_size",
)
# How close an unknown option must be to a mapped one to be its misspelling.
CLOSE = 0.85

# Packer's own limits (`common/block_device.go`), older than AWS's.
PACKER_GP3_IOPS = (3000, 16000)
PACKER_GP3_THROUGHPUT = (125, 1000)
PACKER_PIOPS = (100, 64000)
PACKER_IOPS_RATIO = {"io1": 50, "io2": 500}
_PACKER_SOURCE = "packer-plugin-amazon `common/block_device.go`"


class _Builder:
    """One builder's request as it is built, with its vocabulary."""

    def __init__(self, kind: str, body: Mapping) -> None:
        self.kind = kind
        self.body = body
        self.source = body.source
        self.entries: list[Entry] = []
        self.findings: list[Finding] = []
        self.devices: list[str] = []  # the Packer path of each mapping of the request
        self.overrides: dict[tuple[PathItem, ...], str] = {}
        self.top: dict[str, str] = {}

    def option(self, name: str) -> Entry | None:
        return self.body.entry(name)

    def put(self, api: str, key: Scalar, value: Node, packer: str | None = None) -> None:
        self.entries.append(Entry(Scalar(key.source, key.span, api), value))
        if packer is not None:
            self.top[api] = packer

    def built(self, api: str, why: str) -> None:
        """A member whose value the build makes (the bundle's location, the source image's)."""
        at = Scalar(self.source, Span(self.body.span.start, self.body.span.start + 1), api)
        self.entries.append(Entry(at, Unknown(self.source, at.span, why)))

    def report(
        self, rule: str, at: Node, message: str, hint: str | None = None, fix: Fix | None = None
    ) -> None:
        self.findings.append(Finding(rule, at.source, at.span, message, hint, fix=fix))


def request_of(kind: str, key: str, body: Mapping, at: Span, json: bool = False) -> Found:
    """The request of one builder, `body` its options (`json`: written in a
    JSON template), `at` what names it."""
    builder = _Builder(kind, body)
    _check_options(builder)
    options = OPTIONS[kind]
    for name in ("ami_name", "ami_description", "ami_virtualization_type", "imds_support", "tpm_support"):
        entry = builder.option(name)
        if entry is not None:
            builder.put(options[name], entry.key, as_str(entry.value))
    if kind != INSTANCE:
        for name in ("boot_mode", "uefi_data"):
            entry = builder.option(name)
            if entry is not None:
                builder.put(options[name], entry.key, as_str(entry.value))
    _flags(builder)
    sender = PACKER
    if kind == EBSSURROGATE:
        _architecture(builder)
        _required(builder, "ami_virtualization_type", at)
        _ebssurrogate_devices(builder, at)
    elif kind == CHROOT:
        scratch = builder.option("from_scratch")
        from_scratch = scratch is not None and holds(as_bool(scratch.value), True)
        if from_scratch:
            _architecture(builder)
            _required(builder, "ami_virtualization_type", at)
        else:
            builder.built("Architecture", "the source image's")
            if builder.option("ami_virtualization_type") is None:
                builder.built("VirtualizationType", "the source image's")
            # The source image's kernel and ramdisk are sent unless the type is `hvm`.
            virt = builder.option("ami_virtualization_type")
            if virt is None or not holds(as_str(virt.value), "hvm"):
                builder.built("KernelId", "the source image's")
        _chroot_devices(builder, from_scratch)
    else:
        sender = PACKER_INSTANCE
        builder.built("ImageLocation", "the bundle Packer uploads")
        _plain_devices(builder)
    # Findings about the whole request stand on what names the builder
    # (`source "amazon-chroot" "x"`, or the `type` value), not on all its lines.
    root = Mapping(body.source, at, tuple(builder.entries))
    request = Request(root, sender=sender)
    vocabulary = PackerVocabulary(builder.devices, builder.overrides, builder.top, json)
    return Found(request, builder.findings, key=key, vocabulary=vocabulary)


def _required(builder: _Builder, name: str, at: Span) -> None:
    """An option Packer requires: its absence is Packer's error, and the
    member is not left to EC2's default."""
    if builder.option(name) is not None:
        return
    api = OPTIONS[builder.kind][name]
    where = Scalar(builder.source, at, "")
    builder.report(
        rule_ids.MISSING_REQUIRED_PARAMETER,
        where,
        f"`{builder.kind}` requires `{name}`",
        f"Add `{name}`",
    )
    builder.built(api, "required")


def _architecture(builder: _Builder) -> None:
    entry = builder.option("ami_architecture")
    if entry is not None:
        builder.put("Architecture", entry.key, as_str(entry.value))


def _flags(builder: _Builder) -> None:
    """`ena_support` sends `EnaSupport: true` only when true (a `false` is
    kept: EC2 reads it as sending nothing, and AMI311 can point at it);
    `sriov_support` sends `SriovNetSupport: simple` only when true."""
    ena = builder.option("ena_support")
    if ena is not None:
        builder.put("EnaSupport", ena.key, as_bool(ena.value))
    sriov = builder.option("sriov_support")
    if sriov is not None:
        value = as_bool(sriov.value)
        if isinstance(value, Scalar) and value.value is True:
            value = Scalar(value.source, value.span, "simple", None, value.plain)
        if not (isinstance(value, Scalar) and value.value is False):
            builder.put("SriovNetSupport", sriov.key, value)


def _check_options(builder: _Builder) -> None:
    """AMI101 for a misspelling of a mapped option, or a mapped option the builder has not."""
    from ami_lint.suggest import normalise, suggest

    options = OPTIONS[builder.kind]
    for entry in builder.body.entries:
        name = entry.name
        if name in options:
            continue
        if name in MAPPED:
            builder.report(
                rule_ids.UNKNOWN_PARAMETER,
                entry.key,
                f"`{name}` is not an option of `{builder.kind}`: Packer refuses the template",
                f"Remove `{name}`",
            )
            continue
        meant = suggest(name, sorted(options))
        if meant is None:
            continue
        import difflib

        if difflib.SequenceMatcher(None, normalise(name), normalise(meant)).ratio() >= CLOSE:
            builder.report(
                rule_ids.UNKNOWN_PARAMETER,
                entry.key,
                f"Unknown option `{name}` of `{builder.kind}`",
                f"Did you mean `{meant}`?",
                _rename(entry.key, meant, builder.body),
            )


# ---------------------------------------------------------------- block devices


class _Device:
    """A mapping of the request and where it was written."""

    def __init__(
        self, mapping: Node, path: str, names: dict[tuple[PathItem, ...], str] | None = None
    ) -> None:
        self.mapping = mapping
        self.path = path
        # Members of it written elsewhere: `("DeviceName",)` is `ami_root_device.device_name`.
        self.names = names or {}


def _device(
    builder: _Builder,
    body: Mapping,
    path: str,
    launch: bool = False,
    snapshot: Node | None = None,
    rename: Entry | None = None,
) -> Mapping:
    """The mapping `BuildEC2BlockDeviceMapping` makes of a Packer device;
    `snapshot`: the build's snapshot replaces any written; `rename`: the
    `ami_root_device.device_name` entry that names it in the image."""
    known = sorted(DEVICE_KEYS)
    if launch and builder.kind == EBSSURROGATE:
        known.append("omit_from_artifact")
    _unknown_keys(builder, body, known, path)
    top: list[Entry] = []
    name = body.entry("device_name")
    if rename is not None:
        top.append(Entry(Scalar(rename.key.source, rename.key.span, "DeviceName"), as_str(rename.value)))
    elif name is not None:
        top.append(Entry(Scalar(name.key.source, name.key.span, "DeviceName"), as_str(name.value)))
    no_device = body.entry("no_device")
    if no_device is not None:
        value = as_bool(no_device.value)
        if isinstance(value, Unknown):
            top.append(Entry(Scalar(no_device.key.source, no_device.key.span, "NoDevice"), value))
            return Mapping(body.source, body.span, tuple(top))
        if holds(value, True):
            empty = Scalar(value.source, value.span, "")
            top.append(Entry(Scalar(no_device.key.source, no_device.key.span, "NoDevice"), empty))
            return Mapping(body.source, body.span, tuple(top))
    virtual = body.entry("virtual_name")
    if virtual is not None and not holds(virtual.value, ""):
        top.append(Entry(Scalar(virtual.key.source, virtual.key.span, "VirtualName"), as_str(virtual.value)))
        return Mapping(body.source, body.span, tuple(top))
    ebs: list[Entry] = []
    vtype_entry = body.entry("volume_type")
    vtype_node = as_str(vtype_entry.value) if vtype_entry is not None else None
    vtype = text_of(vtype_node) if vtype_node is not None else ""
    vtype_known = vtype_node is None or isinstance(vtype_node, Scalar)
    for key in ("delete_on_termination", "volume_type", "volume_size", "iops", "throughput", "snapshot_id"):
        found = body.entry(key)
        if found is None:
            continue
        entry = found
        if key == "delete_on_termination":
            value = as_bool(entry.value)
        elif key in ("volume_size", "iops", "throughput"):
            value = as_int(entry.value)
        else:
            value = as_str(entry.value)
        if key in ("volume_type", "snapshot_id") and holds(value, ""):
            continue  # not sent
        if (
            key == "volume_size"
            and isinstance(value, Scalar)
            and isinstance(value.value, int)
            and value.value <= 0
        ):
            continue  # not sent
        if key == "iops" and vtype_known and vtype not in ("io1", "io2", "gp3"):
            continue  # Packer sends IOPS only for io1, io2 and gp3
        if key == "throughput" and vtype_known and vtype != "gp3":
            if builder.kind == CHROOT:
                continue  # dropped, not validated
            if vtype_entry is None:
                builder.report(
                    rule_ids.THROUGHPUT_NOT_SUPPORTED,
                    entry.key,
                    f"{member('Throughput')} without {member('VolumeType')}: Packer takes it only for `gp3`",
                    f"Set {member('VolumeType')} to `gp3`, or remove {member('Throughput')}",
                )
                continue
        if key == "snapshot_id" and snapshot is not None:
            continue
        ebs.append(Entry(Scalar(entry.key.source, entry.key.span, DEVICE_KEYS[key]), value))
    if snapshot is not None:
        ebs.append(Entry(Scalar(snapshot.source, snapshot.span, "SnapshotId"), snapshot))
    elif not launch or builder.kind != EBSSURROGATE:
        for key in ("encrypted", "kms_key_id"):
            found = body.entry(key)
            if found is None or (builder.kind == CHROOT and key == "encrypted"):
                continue
            entry = found
            value = as_bool(entry.value) if key == "encrypted" else as_str(entry.value)
            if key == "kms_key_id" and holds(value, ""):
                continue
            ebs.append(Entry(Scalar(entry.key.source, entry.key.span, DEVICE_KEYS[key]), value))
    if builder.kind != CHROOT:
        _packer_limits(builder, body, vtype if vtype_known else None)
    top.append(
        Entry(
            Scalar(body.source, Span(body.span.start, body.span.start), "Ebs"),
            Mapping(body.source, body.span, tuple(ebs)),
        )
    )
    return Mapping(body.source, body.span, tuple(top))


def _unknown_keys(builder: _Builder, body: Mapping, known: list[str], where: str) -> None:
    """AMI101 for each key of a mapping or `ami_root_device` that Packer does not know."""
    from ami_lint.suggest import suggest

    for entry in body.entries:
        if entry.name not in known:
            meant = suggest(entry.name, known)
            builder.report(
                rule_ids.UNKNOWN_PARAMETER,
                entry.key,
                f"Unknown key `{entry.name}` in `{where}`",
                f"Did you mean `{meant}`?" if meant else f"Remove `{entry.name}`",
                _rename(entry.key, meant, body) if meant else None,
            )


def _rename(key: Scalar, name: str, body: Mapping) -> Fix | None:
    """AMI101's fix for a misspelt option or key: `name` written for it (an
    HCL identifier, or the characters of a JSON key), when `body` does not
    have it already (unsafe, as AMI101's renames)."""
    from ami_lint.edits import OWN_SYNTAX, Edit, fix, replace_string

    if name in body:
        return None
    edit = replace_string(key, name)
    return fix(
        f"Rename to `{name}`", [None if edit is None else Edit(edit.span, name, OWN_SYNTAX)], safe=False
    )


def _packer_limits(builder: _Builder, body: Mapping, vtype: str | None) -> None:
    """Values AWS accepts today that Packer's `BlockDevice.Prepare` refuses."""
    iops_entry, size_entry, tp_entry = body.entry("iops"), body.entry("volume_size"), body.entry("throughput")
    iops = as_int(iops_entry.value) if iops_entry is not None else None
    size = as_int(size_entry.value) if size_entry is not None else None
    tp = as_int(tp_entry.value) if tp_entry is not None else None
    iops_v = iops.value if isinstance(iops, Scalar) and type(iops.value) is int else None
    size_v = size.value if isinstance(size, Scalar) and type(size.value) is int else None
    tp_v = tp.value if isinstance(tp, Scalar) and type(tp.value) is int else None
    why = f"AWS accepts it today, but Packer's own check ({_PACKER_SOURCE}) predates the increase"
    if vtype == "gp3":
        if iops_v is not None and iops_entry is not None and PACKER_GP3_IOPS[1] < iops_v <= 80000:
            builder.report(
                rule_ids.IOPS_OUT_OF_RANGE,
                iops_entry.value,
                f"{member('Iops')} is `{iops_v}` but Packer allows `gp3` at most {PACKER_GP3_IOPS[1]}",
                f"Lower {member('Iops')} to {PACKER_GP3_IOPS[1]}: {why}",
            )
        high_tp = PACKER_GP3_THROUGHPUT[1]
        if tp_v is not None and tp_entry is not None and high_tp < tp_v <= 2000:
            builder.report(
                rule_ids.THROUGHPUT_OUT_OF_RANGE,
                tp_entry.value,
                f"{member('Throughput')} is `{tp_v}` but Packer allows `gp3` at most {high_tp}",
                f"Lower {member('Throughput')} to {PACKER_GP3_THROUGHPUT[1]}: {why}",
            )
    ratio = PACKER_IOPS_RATIO.get(vtype or "")
    if ratio is None or not size_v or iops_v is None or iops_entry is None:
        return
    if vtype == "io2" and PACKER_PIOPS[1] < iops_v <= 256000:
        builder.report(
            rule_ids.IOPS_OUT_OF_RANGE,
            iops_entry.value,
            f"{member('Iops')} is `{iops_v}` but Packer allows `io2` at most {PACKER_PIOPS[1]}",
            f"Lower {member('Iops')} to {PACKER_PIOPS[1]}: {why}",
        )
    elif vtype == "io2" and iops_v // size_v > ratio and iops_v <= 1000 * size_v:
        builder.report(
            rule_ids.IOPS_TO_SIZE_RATIO,
            iops_entry.value,
            f"{member('Iops')} `{iops_v}` on {size_v} GiB is over Packer's {ratio} IOPS per GiB for `io2`",
            f"Raise {member('VolumeSize')} to {-(-iops_v // ratio)} GiB or lower {member('Iops')}: {why}",
        )


def _ebssurrogate_devices(builder: _Builder, at: Span) -> None:
    root = builder.option("ami_root_device")
    root_body = root.value if root is not None and isinstance(root.value, Mapping) else None
    if root is not None and root_body is None:
        listed = blocks(root.value)
        root_body = listed[0] if listed else None
    source_name: str | None = None
    rename: Entry | None = None
    if root is None:
        builder.report(
            rule_ids.MISSING_REQUIRED_PARAMETER,
            Scalar(builder.source, at, ""),
            f"`{builder.kind}` requires `ami_root_device`",
            "Add `ami_root_device` with `source_device_name` and `device_name`",
        )
        builder.built("RootDeviceName", "required")
    elif root_body is None:
        builder.built("RootDeviceName", "unknown")  # a `dynamic` block or a variable
    else:
        _unknown_keys(builder, root_body, list(ROOT_DEVICE_KEYS), "ami_root_device")
        rename = root_body.entry("device_name")
        src = root_body.entry("source_device_name")
        source_name = text_of(as_str(src.value)) if src is not None else None
        if rename is not None:
            builder.put("RootDeviceName", rename.key, as_str(rename.value), "ami_root_device.device_name")
    devices: dict[object, _Device] = {}
    amis = builder.option("ami_block_device_mappings")
    for index, body in enumerate((blocks(amis.value) or []) if amis is not None else []):
        path = f"ami_block_device_mappings[{index}]"
        mapping = _device(builder, body, path)
        devices[_device_key(body, index, "ami")] = _Device(mapping, path)
    launch = builder.option("launch_block_device_mappings")
    for index, body in enumerate((blocks(launch.value) or []) if launch is not None else []):
        path = f"launch_block_device_mappings[{index}]"
        omit = body.entry("omit_from_artifact")
        if omit is not None and holds(as_bool(omit.value), True):
            continue
        name_node = body.get("device_name")
        name = text_of(as_str(name_node)) if name_node is not None else None
        is_root = name is not None and name == source_name
        built = Unknown(body.source, body.span, "the snapshot Packer takes")
        no_device = body.get("no_device")
        ebs_like = body.get("virtual_name") is None and not (
            no_device is not None and holds(as_bool(no_device), True)
        )
        mapping = _device(
            builder,
            body,
            path,
            launch=True,
            snapshot=built if ebs_like else None,
            rename=rename if is_root else None,
        )
        key = _device_key(body, index, "launch")
        names: dict[tuple[PathItem, ...], str] = {}
        if is_root and rename is not None:
            key = _device_key_of(rename.value, index, "launch")
            names[("DeviceName",)] = "ami_root_device.device_name"
        devices.pop(key, None)  # a launch device replaces the AMI mapping of its name
        devices[key] = _Device(mapping, path, names)
    _dynamic(builder, "ami_block_device_mappings", devices)
    _dynamic(builder, "launch_block_device_mappings", devices)
    _place(builder, devices)


def _device_key(body: Mapping, index: int, where: str) -> object:
    node = body.get("device_name")
    return _device_key_of(node, index, where)


def _device_key_of(node: Node | None, index: int, where: str) -> object:
    """A known device name, else a key of its own (an unknown name may be any)."""
    name = text_of(as_str(node)) if node is not None else None
    return (where, index) if name is None else name


def _dynamic(builder: _Builder, name: str, devices: dict[object, _Device]) -> None:
    """A `dynamic` block of the list `name`, or the whole list from a
    variable: mappings that cannot be known."""
    option = builder.option(name)
    if option is not None and isinstance(option.value, Unknown):
        devices[(name, "unknown")] = _Device(option.value, name)
    elif option is not None and isinstance(option.value, Sequence):
        for index, item in enumerate(option.value.items):
            if isinstance(item, Unknown):
                devices[(name, index)] = _Device(item, f"{name}[{index}]")


def _place(builder: _Builder, devices: dict[object, _Device]) -> None:
    """The mappings as the request's `BlockDeviceMappings`, each one's Packer path kept."""
    if not devices:
        return
    items = []
    for position, device in enumerate(devices.values()):
        items.append(device.mapping)
        builder.devices.append(device.path)
        for rest, name in device.names.items():
            builder.overrides[("BlockDeviceMappings", position) + rest] = name  # noqa: RUF005 (a subscript star needs Python 3.11)
    first = items[0]
    span = Span(min(m.span.start for m in items), max(m.span.end for m in items))
    key = builder.option("ami_block_device_mappings") or builder.option("launch_block_device_mappings")
    at = key.key if key is not None else Scalar(first.source, Span(first.span.start, first.span.start), "")
    builder.put("BlockDeviceMappings", at, Sequence(first.source, span, tuple(items)))


def _chroot_devices(builder: _Builder, from_scratch: bool) -> None:
    option = builder.option("ami_block_device_mappings")
    bodies = (blocks(option.value) or []) if option is not None else []
    root_name = builder.option("root_device_name")
    if not bodies and not from_scratch:
        builder.built("RootDeviceName", "the source image's")
        builder.built("BlockDeviceMappings", "the source image's")
        return
    if root_name is not None:
        builder.put("RootDeviceName", root_name.key, as_str(root_name.value), "root_device_name")
    root_text = text_of(as_str(root_name.value)) if root_name is not None else None
    size = builder.option("root_volume_size")
    devices: dict[object, _Device] = {}
    for index, body in enumerate(bodies):
        path = f"ami_block_device_mappings[{index}]"
        name_node = body.get("device_name")
        name = text_of(as_str(name_node)) if name_node is not None else None
        is_root = root_text is not None and name == root_text
        built = Unknown(body.source, body.span, "the snapshot Packer takes") if is_root else None
        mapping = _device(builder, body, path, snapshot=built)
        names: dict[tuple[PathItem, ...], str] = {}
        if is_root and size is not None:
            mapping = _with_size(mapping, size)
            names[("Ebs", "VolumeSize")] = "root_volume_size"
        devices[("chroot", index)] = _Device(mapping, path, names)
    _dynamic(builder, "ami_block_device_mappings", devices)
    _place(builder, devices)


def _with_size(mapping: Mapping, size: Entry) -> Mapping:
    """The root mapping with `root_volume_size` as its size (Packer sets it)."""
    entries = []
    for entry in mapping.entries:
        if entry.name == "Ebs" and isinstance(entry.value, Mapping):
            ebs = [e for e in entry.value.entries if e.name != "VolumeSize"]
            ebs.append(Entry(Scalar(size.key.source, size.key.span, "VolumeSize"), as_int(size.value)))
            entries.append(Entry(entry.key, Mapping(entry.value.source, entry.value.span, tuple(ebs))))
        else:
            entries.append(entry)
    return Mapping(mapping.source, mapping.span, tuple(entries))


def _plain_devices(builder: _Builder) -> None:
    option = builder.option("ami_block_device_mappings")
    bodies = (blocks(option.value) or []) if option is not None else []
    devices: dict[object, _Device] = {}
    for index, body in enumerate(bodies):
        path = f"ami_block_device_mappings[{index}]"
        devices[("instance", index)] = _Device(_device(builder, body, path), path)
    _dynamic(builder, "ami_block_device_mappings", devices)
    _place(builder, devices)
