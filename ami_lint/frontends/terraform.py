"""Terraform (and OpenTofu): each `resource "aws_ami"` block is a RegisterImage request.

`.tf` files are read by the HCL layer (`ami_lint.frontends.hcl`, tree-sitter-hcl),
`.tf.json` files (Terraform's JSON syntax) by the project's JSON reader, for
positions. A file that does not hold the text `aws_ami` is not parsed.

The resource's arguments are sent as the provider sends them
(hashicorp/terraform-provider-aws, `internal/service/ec2/ec2_ami.go`,
`resourceAMICreate` and `expandBlockDeviceMappingForAMIEBSBlockDevice`;
`website/docs/r/ami.html.markdown`):

- `name`, `description`, `boot_mode`, `imds_support`, `image_location`,
  `kernel_id`, `ramdisk_id`, `root_device_name`, `tpm_support`, `uefi_data`:
  the member of the same name; nothing when not set.
- `architecture`: `Architecture`; not set, `x86_64` (the schema's `Default`),
  so AMI305 never fires.
- `virtualization_type`: `VirtualizationType`; not set, `paravirtual` (the
  schema's `Default`), always sent: AMI306 says "the provider sends `paravirtual`".
- `ena_support`: `EnaSupport`; not set, `false` (`aws.Bool(d.Get(…))`).
- `sriov_net_support`: `SriovNetSupport`; not set, `simple` (the schema's
  `Default`), never itself a finding.
- `ebs_block_device { … }`: a `BlockDeviceMappings` item with `DeviceName`
  and `Ebs`; its `volume_type` not set, `standard` (the schema's `Default`);
  `iops`, `throughput`, `volume_size` are not sent when `0`; `encrypted` is
  sent only without `snapshot_id` (`true` with one stops the provider at
  apply, "can't set both 'snapshot_id' and 'encrypted'": AMI216; `false` with
  one is dropped); `delete_on_termination` not set, `true`.
- `ephemeral_block_device { … }`: a `BlockDeviceMappings` item with
  `DeviceName` and `VirtualName`, after all the EBS ones.
- `tags`: not sent with `RegisterImage`; the provider tags the image just
  after it (`createTags`).

`tags` are checked as the tags of the image (`TagSpecifications` with
`ResourceType` `image`): `CreateTags` has the same limits on keys and values
and rejects `aws:` keys as `RegisterImage` does. `deprecation_time` is sent
by a later call and not checked; the computed attributes (`arn`,
`image_owner_alias`, …) cannot be set (AMI101). `count`, `for_each`,
`provider`, `depends_on`, `lifecycle`, `timeouts`, provisioners and
`connection` are Terraform's, and ignored.

Values: literals and heredocs are known, and converted as Terraform converts
them for the argument's type (`volume_size = "8"` is `8`); `null` is not
set; references, function calls and `for` expressions are unknown, and a
template (`"${var.env}-web"`) is partly known (`ami_lint.frontends.hcl`). A
`dynamic "ebs_block_device"` block stands for mappings that are not known:
no finding says one is missing. An argument Terraform does not know is
AMI101, with the closest argument name. HCL syntax errors are AMI007; the
blocks that parse are still checked. Findings name members as Terraform
does (`ebs_block_device[0].iops`: `ami_lint.frontends.terraform_vocabulary`).
Suppressions are `# ami-lint: disable=…` comments (also `//` and `/* */`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.frontend import SKIPPED, SUPPRESSION_MARKER, Comment, Extraction, Found, FrontEnd, Resolver
from ami_lint.frontends.terraform_vocabulary import (
    DEVICE,
    EBS,
    EPHEMERAL,
    TERRAFORM_VOCABULARY,
    TOP,
    TerraformVocabulary,
)
from ami_lint.model import Sender
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.records import Record, field, record
from ami_lint.source import Source, Span

if TYPE_CHECKING:
    from ami_lint.edits import Edit, Fix
    from ami_lint.frontends.hcl import Block

SKIP_NO_AMI = SKIPPED + 'no resource "aws_ami"'

# What the provider sends for what a configuration leaves out (see the table above).
PROVIDER = Sender(
    "the provider",
    (
        ("Architecture", "x86_64"),
        ("VirtualizationType", "paravirtual"),
        ("EnaSupport", False),
        ("SriovNetSupport", "simple"),
    ),
    volume_type="standard",
)

# Arguments and blocks of the resource that are not part of the request.
META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle"})
NOT_SENT = frozenset({"deprecation_time"})
COMPUTED = frozenset(
    {
        "arn",
        "hypervisor",
        "id",
        "image_owner_alias",
        "image_type",
        "manage_ebs_snapshots",
        "owner_id",
        "platform",
        "platform_details",
        "public",
        "root_snapshot_id",
        "tags_all",
        "usage_operation",
    }
)
IGNORED_BLOCKS = frozenset({"lifecycle", "timeouts", "provisioner", "connection"})
# Blocks of a file's top level: met inside a resource only when a syntax error
# left the resource unclosed (they are then read on their own).
TOP_LEVEL = frozenset(
    {
        "resource",
        "data",
        "module",
        "variable",
        "output",
        "locals",
        "provider",
        "terraform",
        "moved",
        "import",
        "check",
    }
)
DEVICE_BLOCKS = ("ebs_block_device", "ephemeral_block_device")
# The types Terraform converts a literal to for each argument.
BOOLEANS = frozenset({"ena_support", "encrypted", "delete_on_termination"})
NUMBERS = frozenset({"iops", "throughput", "volume_size"})
# Not sent when `0` (`v != 0` in the provider's expand function).
ZERO_NOT_SENT = NUMBERS


@record(eq=False)
class Body(metaclass=Record):
    """A block's content in either syntax: arguments (the name as written,
    the value as read) and nested blocks."""

    span: Span
    attributes: list[tuple[Scalar, Node]] = field(default_factory=list)
    blocks: list[Nested] = field(default_factory=list)


@record(eq=False)
class Nested(metaclass=Record):
    type: Scalar
    labels: tuple[str, ...]
    body: Body
    span: Span


class TerraformFrontEnd(FrontEnd):
    name = "terraform"
    kind = "Terraform"
    suffixes = (".tf", ".tf.json")
    needles = (b"aws_ami",)
    no_needle = SKIP_NO_AMI
    vocabulary = TERRAFORM_VOCABULARY

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        if "aws_ami" not in source.text:
            return Extraction(skipped=SKIP_NO_AMI)
        if source.path.lower().endswith(".json"):
            return _extract_json(source)
        from ami_lint.frontends.hcl import parse_hcl, walk_blocks

        parsed = parse_hcl(source, only=("resource",), select=_is_ami)
        resources = [
            block
            for block in walk_blocks(parsed.body)
            if block.kind == "resource" and block.label_values[:1] == ("aws_ami",)
        ]
        if not resources:
            return Extraction(comments=parsed.comments, skipped=SKIP_NO_AMI)
        findings = [
            Finding(rule_ids.HCL_SYNTAX_ERROR, source, p.span, p.message, _SYNTAX_HINT)
            for p in parsed.problems
        ]
        errors = sorted(p.span.start for p in parsed.problems)
        requests = _requests(source, _neutral(resources), errors, json=False)
        return Extraction(requests, findings, parsed.comments)

    def extract_elided(self, source: Source, resolver: Resolver, elided: list[int]) -> Extraction:
        """`extract` for a piece of documentation that left lines out at the
        offsets `elided` (`...`): a resource holding one is open-ended (what
        it does not show may be there)."""
        extraction = self.extract(source, resolver)
        extraction.requests = _open_where(extraction.requests, elided)
        return extraction

    def comments(self, source: Source) -> list[Comment]:
        if SUPPRESSION_MARKER not in source.text or source.path.lower().endswith(".json"):
            return []
        from ami_lint.frontends.hcl import parse_hcl

        return parse_hcl(source, only=()).comments


TERRAFORM = TerraformFrontEnd()


def _is_ami(kind: str, labels: tuple[str, ...]) -> bool:
    return labels[:1] == ("aws_ami",)


_SYNTAX_HINT = "Fix the syntax: `terraform validate` shows the same error"


def _requests(
    source: Source,
    resources: Iterable[tuple[Nested, str]],
    errors: tuple[int, ...] | list[int] = (),
    json: bool = False,
) -> Iterator[Found]:
    """Each resource's request; one that holds a syntax error is cut there
    (what is said of it past the error, or of all of it, is not reported).
    `json`: written in Terraform's JSON syntax."""
    for nested, label in resources:
        found = _request(source, nested, label, json)
        span = nested.span
        found.cut = next((at for at in errors if span.start <= at < span.end), None)
        yield found


def _open_where(requests: Iterable[Found], elided: list[int]) -> Iterator[Found]:
    from ami_lint.records import replace

    for found in requests:
        span = found.request.root.span
        if any(span.start <= at < span.end for at in elided):
            found.request = replace(found.request, open_ended=True)
        yield found


def _neutral(blocks: list[Block]) -> Iterator[tuple[Nested, str]]:
    """The neutral form of each block, in order, made as its request is asked
    for; the list lets go of each block once it is given."""
    blocks.reverse()
    while blocks:
        yield _from_hcl(blocks.pop())


def _from_hcl(block: Block) -> tuple[Nested, str]:
    """The neutral form of an HCL block."""
    label = block.label_values[1] if len(block.labels) > 1 else ""
    return _nested_of(block), label


def _nested_of(block: Block) -> Nested:
    body = Body(block.body.span, [(a.key, a.value) for a in block.body.attributes])
    body.blocks = [_nested_of(inner) for inner in block.body.blocks]
    return Nested(block.type, block.label_values, body, block.span)


def _request(source: Source, resource: Nested, label: str, json: bool = False) -> Found:
    """The request the provider sends for one `aws_ami` resource, and the
    front end's findings about it (unknown arguments and blocks)."""
    from ami_lint.model import Request

    findings: list[Finding] = []
    entries: list[Entry] = []
    written = {str(key.value) for key, _ in resource.body.attributes}
    misspelt: list[Entry] = []
    tags: tuple[str, ...] = ()
    for key, value in resource.body.attributes:
        name = str(key.value)
        if name in TOP:
            entries.extend(_sent(key, TOP[name], value))
        elif name == "tags":
            tag_entry, tags = _tags(key, value)
            if tag_entry is not None:
                entries.append(tag_entry)
        elif name in META or name in NOT_SENT:
            continue
        elif name in COMPUTED:
            findings.append(
                Finding(
                    rule_ids.UNKNOWN_PARAMETER,
                    key.source,
                    key.span,
                    f"`{name}` cannot be set: the provider computes it",
                    f"Remove `{name}`",
                    fix=None if json else _removed(key, value, name),
                )
            )
        else:
            guess = _unknown(
                findings, key, "argument", [*TOP, "tags", *sorted(NOT_SENT)], sorted(META), written=written
            )
            if guess in TOP and guess not in written:
                misspelt.append(Entry(_key(key, TOP[guess]), Unknown(value.source, value.span, "misspelt")))
    devices: list[tuple[str, Mapping]] = []
    generated = False
    for nested in resource.body.blocks:
        kind = str(nested.type.value)
        if kind in DEVICE_BLOCKS:
            devices.append((kind, _device(kind, nested, findings)))
        elif kind == "dynamic":
            if nested.labels[:1] in (("ebs_block_device",), ("ephemeral_block_device",)):
                generated = True
            else:
                _unknown(findings, nested.type, "dynamic block", list(DEVICE_BLOCKS), shown=nested.labels[:1])
        elif kind not in IGNORED_BLOCKS and kind not in TOP_LEVEL:
            choices = [*DEVICE_BLOCKS, *IGNORED_BLOCKS, "dynamic"]
            _unknown(findings, nested.type, "block type", choices, written=set())
    # The provider sends the EBS mappings, then the ephemeral ones.
    ordered = [d for d in devices if d[0] == "ebs_block_device"] + [
        d for d in devices if d[0] == "ephemeral_block_device"
    ]
    blocks: list[tuple[str, int]] = []
    counts = {kind: 0 for kind in DEVICE_BLOCKS}
    for kind, _ in ordered:
        blocks.append((kind, counts[kind]))
        counts[kind] += 1
    if ordered or generated:
        first = next(
            (n for n in resource.body.blocks if str(n.type.value) in (*DEVICE_BLOCKS, "dynamic")), None
        )
        assert first is not None
        items: list[Node] = [mapping for _, mapping in ordered]
        end = Span(resource.span.end, resource.span.end)
        if generated:
            items.append(Unknown(source, end, "dynamic"))
        span = Span(first.span.start, max(n.span.end for n in resource.body.blocks))
        entries.append(Entry(_key(first.type, "BlockDeviceMappings"), Sequence(source, span, tuple(items))))
    have = {e.name for e in entries}
    entries.extend(e for e in misspelt if e.name not in have)
    root = Mapping(source, resource.span, tuple(entries))
    request = Request(root, sender=PROVIDER)
    vocabulary = TerraformVocabulary(f"aws_ami.{label}" if label else "aws_ami", tuple(blocks), tags, json)
    return Found(request, findings, key=f"aws_ami.{label}", vocabulary=vocabulary)


def _device(kind: str, nested: Nested, findings: list[Finding]) -> Mapping:
    """One `ebs_block_device` or `ephemeral_block_device` block as a mapping."""
    own = EBS if kind == "ebs_block_device" else EPHEMERAL
    top: list[Entry] = []
    ebs: list[Entry] = []
    names = {str(key.value): value for key, value in nested.body.attributes}
    snapshot = names.get("snapshot_id")
    has_snapshot = snapshot is not None and not (
        isinstance(snapshot, Scalar) and snapshot.value in ("", None)
    )
    for key, value in nested.body.attributes:
        name = str(key.value)
        if name in DEVICE:
            top.extend(_sent(key, DEVICE[name], value))
        elif name in own:
            converted = _converted(name, value)
            if converted is None:
                continue
            if name in ZERO_NOT_SENT and isinstance(converted, Scalar) and converted.value == 0:
                continue
            # The provider drops it beside a snapshot, and stops at apply when it is `true`.
            if (
                name == "encrypted"
                and has_snapshot
                and not (isinstance(converted, Scalar) and converted.value is True)
            ):
                continue
            (ebs if kind == "ebs_block_device" else top).append(Entry(_key(key, own[name]), converted))
        else:
            _unknown(findings, key, "argument", [*DEVICE, *own], where=kind, written=set(names))
    for inner in nested.body.blocks:
        _unknown(findings, inner.type, "block type", [], where=kind)
    if kind == "ebs_block_device":
        top.append(Entry(_key(nested.type, "Ebs"), Mapping(nested.type.source, nested.span, tuple(ebs))))
    return Mapping(nested.type.source, nested.span, tuple(top))


def _sent(key: Scalar, member: str, value: Node) -> list[Entry]:
    """The argument `key = value` as the member it is sent as; nothing for `null`."""
    converted = _converted(str(key.value), value)
    return [] if converted is None else [Entry(_key(key, member), converted)]


def _key(written: Scalar, name: str) -> Scalar:
    """The member `name`, placed where the argument or block was written."""
    return Scalar(written.source, written.span, name, plain=True)


def _converted(name: str, value: Node) -> Node | None:
    """The value as Terraform converts a literal for the argument's type;
    None for `null` (the argument is then not set)."""
    if not isinstance(value, Scalar):
        return value
    v = value.value
    if v is None:
        return None
    if name in BOOLEANS and isinstance(v, str) and v in ("true", "false"):
        return Scalar(value.source, value.span, v == "true", value.text_map)
    if name in NUMBERS and isinstance(v, str):
        try:
            return Scalar(value.source, value.span, int(v), value.text_map)
        except ValueError:
            return value
    if name not in BOOLEANS and name not in NUMBERS and not isinstance(v, str):
        # A number or a boolean given for a string: Terraform writes it as one.
        text = ("true" if v else "false") if isinstance(v, bool) else _number_text(v)
        return Scalar(value.source, value.span, text, value.text_map, value.plain)
    return value


def _number_text(v: int | float) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _tags(key: Scalar, value: Node) -> tuple[Entry | None, tuple[str, ...]]:
    """`tags = {…}` as the image's tag specification."""
    source = key.source
    kind = Entry(Scalar(source, key.span, "ResourceType", plain=True), Scalar(source, key.span, "image"))
    if isinstance(value, Scalar) and value.value is None:
        return None, ()
    if not isinstance(value, Mapping):
        spec = Mapping(source, value.span, (kind, Entry(Scalar(source, key.span, "Tags"), value)))
        return Entry(_key(key, "TagSpecifications"), Sequence(source, value.span, (spec,))), ()
    tags = []
    names = []
    for entry in value.entries:
        pair = (
            Entry(Scalar(source, entry.key.span, "Key", plain=True), entry.key),
            Entry(
                Scalar(source, entry.key.span, "Value", plain=True),
                _converted("tag", entry.value) or entry.value,
            ),
        )
        tags.append(Mapping(source, Span(entry.key.span.start, entry.value.span.end), pair))
        names.append(entry.name)
    listed = Sequence(source, value.span, tuple(tags))
    spec = Mapping(source, value.span, (kind, Entry(Scalar(source, key.span, "Tags", plain=True), listed)))
    return Entry(_key(key, "TagSpecifications"), Sequence(source, value.span, (spec,))), tuple(names)


def _unknown(
    findings: list[Finding],
    key: Scalar,
    what: str,
    choices: list[str],
    also: list[str] | None = None,
    shown: tuple[str, ...] = (),
    where: str = "aws_ami",
    written: set[str] | None = None,
) -> str | None:
    """AMI101 for a name Terraform does not know here; the name it probably
    meant, of `choices` (listed in the hint when none is close) or `also`.
    With the names `written` beside it, the finding offers to rename it to
    that name when it is not one of them (unsafe, as AMI101's renames)."""
    from ami_lint.edits import fix
    from ami_lint.suggest import suggest

    name = shown[0] if shown else str(key.value)
    guess = suggest(name, [*choices, *(also or [])]) if choices else None
    message = f"Unknown {what} `{name}` in `{where}`"
    listing = ", ".join(f"`{choice}`" for choice in choices)
    plural = "arguments" if what == "argument" else "blocks"
    hint = f"Did you mean `{guess}`?" if guess else (f"Valid {plural} here: {listing}" if choices else None)
    rename = None
    if guess and written is not None and guess not in written and not shown:
        rename = fix(f"Rename to `{guess}`", [_renamed(key, guess)], safe=False)
    findings.append(Finding(rule_ids.UNKNOWN_PARAMETER, key.source, key.span, message, hint, fix=rename))
    return guess


def _removed(key: Scalar, value: Node, name: str) -> Fix | None:
    """AMI101's fix for an argument the provider computes: its line removed
    (unsafe, as AMI101's fixes; Terraform refuses the argument anyway)."""
    from ami_lint.edits import OWN_SYNTAX, Edit, fix
    from ami_lint.frontends.hcl_fixes import remove_line

    if key.source is not value.source:
        return None
    edit = remove_line(key.source, Span(key.span.start, value.span.end))
    return fix(f"Remove `{name}`", [None if edit is None else Edit(edit.span, "", OWN_SYNTAX)], safe=False)


def _renamed(key: Scalar, name: str) -> Edit | None:
    """The edit that writes `name` for the argument or block type `key`, in
    this syntax (an HCL identifier, or the characters of a JSON key)."""
    from ami_lint.edits import OWN_SYNTAX, Edit, replace_string

    edit = replace_string(key, name)
    return None if edit is None else Edit(edit.span, name, OWN_SYNTAX)


def _extract_json(source: Source) -> Extraction:
    """Terraform's JSON syntax: `{"resource": {"aws_ami": {"web": {…}}}}`."""
    from ami_lint.readers.json_reader import read_json

    result = read_json(source)
    documents = [d for d in result.documents if isinstance(d, Mapping)]
    resources: list[tuple[Nested, str]] = []
    for document in documents:
        for kind_node in _objects(document.get("resource")):
            for ami in _objects(kind_node.get("aws_ami")):
                for entry in ami.entries:
                    for body in _objects(entry.value):
                        resources.append(
                            (
                                Nested(entry.key, ("aws_ami", entry.name), _json_body(body), body.span),
                                entry.name,
                            )
                        )
    # A name given twice is no mistake in Terraform's JSON (it reads them as
    # repeated blocks), unlike the CLI's, which keeps the last (AMI006).
    findings = [f for f in result.findings if f.rule != rule_ids.DUPLICATE_JSON_KEY]
    if not resources:
        if result.failed:
            return Extraction(findings=findings)
        return Extraction(skipped=SKIP_NO_AMI)
    return Extraction(_requests(source, resources, json=True), findings)


def _objects(node: Node | None) -> list[Mapping]:
    """An object, or each object of a list of them (JSON's blocks may be either)."""
    if isinstance(node, Mapping):
        return [node]
    if isinstance(node, Sequence):
        return [item for item in node.items if isinstance(item, Mapping)]
    return []


_JSON_BLOCKS = frozenset({*DEVICE_BLOCKS, *IGNORED_BLOCKS, "dynamic"})


def _json_body(mapping: Mapping) -> Body:
    body = Body(mapping.span)
    for entry in mapping.entries:
        name = entry.name
        if name == "//":
            continue  # a comment
        if name in _JSON_BLOCKS and name != "lifecycle":
            if name == "dynamic":
                for labels in _objects(entry.value):
                    for inner in labels.entries:
                        for content in _objects(inner.value) or [Mapping(mapping.source, inner.value.span)]:
                            body.blocks.append(
                                Nested(entry.key, (inner.name,), Body(content.span), content.span)
                            )
                continue
            for block in _objects(entry.value):
                body.blocks.append(Nested(entry.key, (), _json_body(block), block.span))
            continue
        body.attributes.append((entry.key, _json_value(entry.value)))
    return body


def _json_value(node: Node) -> Node:
    """A JSON value as Terraform reads it: a string is a template."""
    from ami_lint.nodes import substitute, walk

    swaps: dict[int, Node] = {}
    for _, inner in walk(node):
        if isinstance(inner, Scalar) and isinstance(inner.value, str):
            text = inner.value.replace("$${", "").replace("%%{", "")
            if "${" in text or "%{" in text:
                swaps[id(inner)] = Unknown(inner.source, inner.span, "template")
            elif "$${" in inner.value or "%%{" in inner.value:
                decoded = inner.value.replace("$${", "${").replace("%%{", "%{")
                swaps[id(inner)] = Scalar(inner.source, inner.span, decoded)
    return substitute(node, swaps) if swaps else node
