#!/usr/bin/env python3
"""Generate ami_lint/data/register_image.schema.json from the botocore model.

The JSON Schema (draft 2020-12) for the RegisterImage request is derived from
the ``ec2`` service model bundled in the AWS CLI (``awscli.botocore``), read
from disk only (no network, no ~/.aws/models, no AWS_DATA_PATH), and then
enriched with the documented constraints the model does not encode (the
OVERLAYS table below).

    python scripts/generate_schema.py           # (re)write the checked-in file
    python scripts/generate_schema.py --check   # exit 1 with a diff if it is stale

x-rule convention
-----------------
The linter reports a failed schema keyword under the rule found as follows:

* ``type`` -> AMI103, ``additionalProperties`` -> AMI101, ``required`` ->
  AMI102. These structural keywords (with ``properties``, ``items`` and
  ``description``) carry no ``x-rule``; they are routed by keyword.
* Every other keyword (``enum``, ``const``, ``minLength``, ``maxLength``,
  ``pattern``, ``not``) lives in a schema object whose ``"x-rule"`` names the
  rule that reports it (AMI104..AMI109), so ``error.schema["x-rule"]`` is the
  rule of a jsonschema ``ValidationError``.
* When all constraints of a value belong to one rule they sit beside ``type``:
  ``{"type": "string", "enum": ["hvm", "paravirtual"], "x-rule": "AMI104"}``.
  When they belong to several rules, ``type`` and ``description`` stay on the
  value's schema and each rule gets its own ``allOf`` entry, ordered by rule
  id: ``{"type": "string", "allOf": [{"maxLength": 128, "minLength": 3,
  "x-rule": "AMI105"}, {"pattern": "...", "x-rule": "AMI106"}]}``.
* A subschema nested in ``not`` carries the same ``x-rule`` as the object
  holding ``not`` (the error is reported on the ``not``; the stamp only keeps
  the rule above true without exceptions).

Model-derived constraints are routed too: a model ``enum`` -> AMI104, model
``min``/``max`` of a string -> ``minLength``/``maxLength`` -> AMI105. A model
constraint with no rule to route it to (a ``pattern``, integer or list bounds)
stops the generator, so a model update cannot slip in unrouted keywords.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = REPO_ROOT / "ami_lint" / "data" / "register_image.schema.json"
GENERATOR = "scripts/generate_schema.py"

SERVICE = "ec2"
OPERATION = "RegisterImage"

#: Keywords that are routed by keyword and never carry an x-rule.
STRUCTURAL_KEYWORDS = frozenset(
    {"type", "properties", "items", "required", "additionalProperties", "description"}
)
#: Keywords that must sit in a schema object with an x-rule.
CONSTRAINT_KEYWORDS = frozenset({"enum", "const", "minLength", "maxLength", "pattern", "not"})

RULE_ENUM = "AMI104"  # invalid-enum-value
RULE_LENGTH = "AMI105"  # length-out-of-range

_TYPES = {"string": "string", "integer": "integer", "long": "integer", "boolean": "boolean"}


# ---------------------------------------------------------------------------
# Overlays: documented constraints that the botocore model does not encode.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Overlay:
    """Constraint keywords added to the schema of one request member.

    ``path`` names the member as in the model: dots between structure members,
    ``[]`` for the items of a list (``BlockDeviceMappings[].Ebs.SnapshotId``).
    """

    path: str
    rule: str
    keywords: dict[str, Any]


_RESOURCE_ID = "([0-9a-f]{8}|[0-9a-f]{17})$"

OVERLAYS: tuple[Overlay, ...] = (
    # Model, RegisterImageRequest.VirtualizationType (a plain String there):
    # "The type of virtualization (hvm | paravirtual)."
    Overlay("VirtualizationType", "AMI104", {"enum": ["hvm", "paravirtual"]}),
    # Model, RegisterImageRequest.SriovNetSupport (a plain String there):
    # "Set to simple to enable enhanced networking with the Intel 82599 Virtual
    # Function interface for the AMI and any instances that you launch from the AMI."
    Overlay("SriovNetSupport", "AMI104", {"enum": ["simple"]}),
    # Model, RegisterImageRequest.Name (the 3-128 length is in the model):
    # "Constraints: 3-128 alphanumeric characters, parentheses (()), square
    # brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single
    # quotes ('), at-signs (@), or underscores(_)"
    # `*`, not `+`: a too-short name is AMI105's business, not AMI106's.
    Overlay("Name", "AMI106", {"pattern": r"^[A-Za-z0-9()\[\] ./'@_-]*$"}),
    # Model, Tag.Key: "Constraints: Tag keys are case-sensitive and accept a
    # maximum of 127 Unicode characters. May not begin with aws:."
    Overlay("TagSpecifications[].Tags[].Key", "AMI105", {"maxLength": 127}),
    Overlay("TagSpecifications[].Tags[].Key", "AMI108", {"not": {"pattern": "^aws:"}}),
    # Model, Tag.Value: "Constraints: Tag values are case-sensitive and accept
    # a maximum of 256 Unicode characters."
    Overlay("TagSpecifications[].Tags[].Value", "AMI105", {"maxLength": 256}),
    # Model, RegisterImageRequest.TagSpecifications: "To tag the AMI, the value
    # for ResourceType must be image. If you specify another value for
    # ResourceType, the request fails." (The model's ResourceType enum stays AMI104.)
    Overlay("TagSpecifications[].ResourceType", "AMI109", {"const": "image"}),
    # Amazon EC2 User Guide, "Resource IDs" (resource-ids.html): "Prior to
    # January 2016, the IDs assigned to newly created resources of certain
    # resource types used 8 characters after the hyphen (for example,
    # i-1a2b3c4d). From January 2016 to June 2018, we changed the IDs of these
    # resource types to use 17 characters after the hyphen (for example,
    # i-1234567890abcdef0)." Prefixes: snap- (snapshot), aki- (kernel), ari- (RAM disk).
    Overlay("BlockDeviceMappings[].Ebs.SnapshotId", "AMI107", {"pattern": "^snap-" + _RESOURCE_ID}),
    Overlay("KernelId", "AMI107", {"pattern": "^aki-" + _RESOURCE_ID}),
    Overlay("RamdiskId", "AMI107", {"pattern": "^ari-" + _RESOURCE_ID}),
    # Model, EbsBlockDevice.OutpostArn: "The ARN of the Outpost on which the
    # snapshot is stored." Its format is the OutpostArn shape of the bundled
    # outposts model (2019-12-03):
    # ^arn:aws([a-z-]+)?:outposts:[a-z\d-]+:\d{12}:outpost/op-[a-f0-9]{17}$
    # (written with [0-9]: \d is ASCII in ECMA-262 but Unicode in Python's re).
    Overlay(
        "BlockDeviceMappings[].Ebs.OutpostArn",
        "AMI107",
        {"pattern": r"^arn:aws[a-z-]*:outposts:[a-z0-9-]+:[0-9]{12}:outpost/op-[0-9a-f]{17}$"},
    ),
)


# ---------------------------------------------------------------------------
# Model loading
# ---------------------------------------------------------------------------


def load_model() -> tuple[Any, dict[str, str]]:
    """The RegisterImage input shape and the versions it comes from."""
    import awscli
    import awscli.botocore
    from awscli.botocore.loaders import Loader
    from awscli.botocore.model import ServiceModel

    # Only the data bundled with awscli: a session would also read
    # ~/.aws/models and AWS_DATA_PATH, making the output machine-dependent.
    loader = Loader(extra_search_paths=[Loader.BUILTIN_DATA_PATH], include_default_search_paths=False)
    model = ServiceModel(loader.load_service_model(SERVICE, "service-2"), SERVICE)
    versions = {
        "awscli": awscli.__version__,
        "botocore": awscli.botocore.__version__,
        "api": model.api_version,
    }
    return model.operation_model(OPERATION).input_shape, versions


# ---------------------------------------------------------------------------
# Schema construction
# ---------------------------------------------------------------------------


def first_sentence(documentation: str) -> str:
    """The model's HTML documentation as plain text, cut after the first sentence."""
    # Block-level tags separate words; inline ones (<code>, <a>, <i>) do not.
    text = re.sub(r"</?(?:p|note|ul|ol|li|br|important)\b[^>]*>", " ", documentation)
    text = re.sub(r"<[^>]*>", "", text)
    text = " ".join(html.unescape(text).split())
    match = re.match(r"(.+?[.!?])(?=\s|$)", text)
    return match.group(1) if match else text


def _overlays_by_path() -> dict[str, list[Overlay]]:
    table: dict[str, list[Overlay]] = {}
    for overlay in OVERLAYS:
        table.setdefault(overlay.path, []).append(overlay)
    return table


def _add(groups: dict[str, dict[str, Any]], rule: str, keywords: dict[str, Any], where: str):
    group = groups.setdefault(rule, {})
    for keyword, value in keywords.items():
        if keyword not in CONSTRAINT_KEYWORDS:
            raise SystemExit(f"{where}: {keyword!r} is not a routable constraint keyword")
        if keyword in group:
            raise SystemExit(f"{where}: {keyword!r} given twice for {rule}")
        if keyword == "not":
            value = {**value, "x-rule": rule}
        group[keyword] = value


def _model_constraints(shape: Any, where: str) -> dict[str, dict[str, Any]]:
    """Constraint keywords from the model, grouped by the rule that reports them."""
    groups: dict[str, dict[str, Any]] = {}
    metadata = shape.metadata
    if "pattern" in metadata:
        raise SystemExit(f"{where}: the model has a pattern; route it to a rule first")
    if ("min" in metadata or "max" in metadata) and shape.type_name != "string":
        raise SystemExit(f"{where}: model bounds on a {shape.type_name}; route them first")
    if shape.type_name == "string":
        if shape.enum:
            _add(groups, RULE_ENUM, {"enum": list(shape.enum)}, where)
        length = {}
        if "min" in metadata:
            length["minLength"] = metadata["min"]
        if "max" in metadata:
            length["maxLength"] = metadata["max"]
        if length:
            _add(groups, RULE_LENGTH, length, where)
    return groups


def _schema_for(shape: Any, path: str, overlays: dict[str, list[Overlay]]) -> dict[str, Any]:
    where = path or shape.name
    kind = shape.type_name
    node: dict[str, Any] = {}
    if kind == "structure":
        node["type"] = "object"
        node["properties"] = {}
        for name, member in shape.members.items():
            member_path = f"{path}.{name}" if path else name
            child = _schema_for(member, member_path, overlays)
            description = first_sentence(member.documentation)
            if description:
                child["description"] = description
            node["properties"][name] = child
        if shape.required_members:
            node["required"] = sorted(shape.required_members)
        node["additionalProperties"] = False
    elif kind == "list":
        if shape.metadata.get("min") is not None or shape.metadata.get("max") is not None:
            raise SystemExit(f"{where}: model list bounds; route them to a rule first")
        items = _schema_for(shape.member, f"{path}[]", overlays)
        description = first_sentence(shape.member.documentation)
        if description and shape.member.type_name == "structure":
            items["description"] = description
        node["type"] = "array"
        node["items"] = items
    elif kind in _TYPES:
        node["type"] = _TYPES[kind]
    else:
        raise SystemExit(f"{where}: unsupported model type {kind!r}")

    groups = _model_constraints(shape, where)
    for overlay in overlays.pop(path, []):
        _add(groups, overlay.rule, overlay.keywords, where)
    if len(groups) == 1:
        [(rule, keywords)] = groups.items()
        node.update(keywords)
        node["x-rule"] = rule
    elif groups:
        node["allOf"] = [{**groups[rule], "x-rule": rule} for rule in sorted(groups)]
    return node


def build_schema() -> dict[str, Any]:
    """The JSON Schema of RegisterImageRequest, as a JSON-ready dict."""
    shape, versions = load_model()
    overlays = _overlays_by_path()
    schema = _schema_for(shape, "", overlays)
    if overlays:
        raise SystemExit(f"overlays for paths not in the model: {sorted(overlays)}")
    header = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            f"Generated by {GENERATOR} from the botocore model bundled with "
            f"awscli {versions['awscli']} (botocore {versions['botocore']}), "
            f"{SERVICE} API {versions['api']}, operation {OPERATION}, plus documented "
            "overlays. Do not edit: run `python scripts/generate_schema.py`. "
            '"x-rule" names the ami-lint rule that reports the constraint keywords '
            "beside it; type/additionalProperties/required are AMI103/AMI101/AMI102."
        ),
        "title": shape.name,
    }
    description = first_sentence(shape.documentation)
    if description:
        header["description"] = description
    return {**header, **schema}


def render(schema: dict[str, Any]) -> str:
    """Deterministic text of the schema: sorted keys, indent 2, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def iter_schema_objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the schema, depth first (for checks and tests)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from iter_schema_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_schema_objects(value)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 with a diff if the checked-in schema is out of date",
    )
    args = parser.parse_args(argv)
    text = render(build_schema())
    relative = SCHEMA_PATH.relative_to(REPO_ROOT).as_posix()
    if args.check:
        try:
            current = SCHEMA_PATH.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = ""
        if current == text:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{relative} (checked in)",
            tofile=f"{relative} (generated)",
        )
        sys.stderr.writelines(diff)
        sys.stderr.write(f"\n{relative} is out of date: run `python {GENERATOR}` and commit the result.\n")
        return 1
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    with SCHEMA_PATH.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"wrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
