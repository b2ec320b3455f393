"""The generated RegisterImage JSON Schema: drift, validity, model agreement, routing."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ami_lint.schema import load_schema, load_validator, rule_for

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "generate_schema.py"
SCHEMA_FILE = REPO_ROOT / "ami_lint" / "data" / "register_image.schema.json"

CONSTRAINT_KEYWORDS = {"enum", "const", "minLength", "maxLength", "pattern", "not"}
STRUCTURAL_KEYWORDS = {
    "type",
    "properties",
    "items",
    "required",
    "additionalProperties",
    "description",
}
#: Which rules each constraint keyword may report.
KEYWORD_RULES = {
    "enum": {"AMI104"},
    "minLength": {"AMI105"},
    "maxLength": {"AMI105"},
    "pattern": {"AMI106", "AMI107", "AMI108"},  # AMI108: the pattern inside `not`
    "not": {"AMI108"},
    "const": {"AMI109"},
}
MODEL_TYPES = {"structure": "object", "list": "array", "string": "string"}
MODEL_TYPES.update(integer="integer", long="integer", boolean="boolean")


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_schema", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> Any:
    return _load_generator()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return load_schema()


@pytest.fixture(scope="module")
def input_shape() -> Any:
    # Loaded through a session, independently of the generator's own loader.
    import awscli.botocore.session

    model = awscli.botocore.session.get_session().get_service_model("ec2")
    return model.operation_model("RegisterImage").input_shape


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every JSON object in ``node``, whatever its role."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _subschemas(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every schema object in ``node``, found through the keywords that hold schemas."""
    found = [node]
    for child in node.get("properties", {}).values():
        found += _subschemas(child)
    for key in ("items", "not"):
        if key in node:
            found += _subschemas(node[key])
    for child in node.get("allOf", []):
        found += _subschemas(child)
    return found


def _routed(instance: Any) -> set[tuple[str, str | None]]:
    """(JSON pointer-ish path, rule) of every error of ``instance``."""
    return {
        ("/".join(str(p) for p in error.absolute_path), rule_for(error))
        for error in load_validator().iter_errors(instance)
    }


# (a) drift ------------------------------------------------------------------


def test_checked_in_schema_matches_generator(generator: Any) -> None:
    generated = generator.render(generator.build_schema())
    checked_in = SCHEMA_FILE.read_bytes()
    assert generated.encode("utf-8") == checked_in, (
        "ami_lint/data/register_image.schema.json is stale: run `python scripts/generate_schema.py`"
    )


def test_render_is_deterministic(generator: Any) -> None:
    first = generator.render(generator.build_schema())
    assert first == generator.render(generator.build_schema())
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + ("\n")


def test_check_mode(generator: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert generator.main(["--check"]) == 0


def test_check_mode_reports_drift(
    generator: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stale = tmp_path / "ami_lint" / "data" / "register_image.schema.json"
    stale.parent.mkdir(parents=True)
    stale.write_text(SCHEMA_FILE.read_text(encoding="utf-8").replace("AMI106", "AMI199"))
    monkeypatch.setattr(generator, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(generator, "SCHEMA_PATH", stale)
    assert generator.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert '-          "x-rule": "AMI199"' in err
    assert '+          "x-rule": "AMI106"' in err
    assert "out of date" in err


def test_comment_names_generator_and_versions(schema: dict[str, Any]) -> None:
    import awscli
    import awscli.botocore

    comment = schema["$comment"]
    assert "scripts/generate_schema.py" in comment
    assert f"awscli {awscli.__version__}" in comment
    assert f"botocore {awscli.botocore.__version__}" in comment
    assert "2016-11-15" in comment


# (b) a valid 2020-12 schema --------------------------------------------------


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


# (c) agreement with the botocore model ---------------------------------------


def _constraints(node: dict[str, Any]) -> dict[str, list[tuple[Any, str]]]:
    """Constraint keyword -> [(value, x-rule)] on a value's schema and its allOf."""
    found: dict[str, list[tuple[Any, str]]] = {}
    for part in [node, *node.get("allOf", [])]:
        for keyword in CONSTRAINT_KEYWORDS & part.keys():
            found.setdefault(keyword, []).append((part[keyword], part["x-rule"]))
    return found


def _walk(shape: Any, node: dict[str, Any], path: str, seen: list[str]) -> None:
    seen.append(path)
    assert node["type"] == MODEL_TYPES[shape.type_name], path
    constraints = _constraints(node)
    if shape.type_name == "structure":
        assert node["additionalProperties"] is False, path
        assert set(node["properties"]) == set(shape.members), path
        assert sorted(node.get("required", [])) == sorted(shape.required_members), path
        for name, member in shape.members.items():
            child = node["properties"][name]
            assert child.get("description"), f"{path}.{name} has no description"
            assert "<" not in child["description"], f"{path}.{name}: HTML left in description"
            _walk(member, child, f"{path}.{name}".lstrip("."), seen)
    elif shape.type_name == "list":
        _walk(shape.member, node["items"], f"{path}[]", seen)
    if shape.type_name == "string" and shape.enum:
        [(values, rule)] = constraints["enum"]
        assert set(shape.enum) <= set(values), path
        assert rule == "AMI104", path
    else:
        # the schema may add an enum (an overlay) only where the model has none
        assert len(constraints.get("enum", [])) <= 1, path
    for bound, keyword in (("min", "minLength"), ("max", "maxLength")):
        if bound in shape.metadata:
            assert (shape.metadata[bound], "AMI105") in constraints[keyword], path
    assert "pattern" not in shape.metadata, f"{path}: model pattern not reflected"


def test_schema_agrees_with_model(schema: dict[str, Any], input_shape: Any) -> None:
    seen: list[str] = []
    _walk(input_shape, schema, "", seen)
    assert "BlockDeviceMappings[].Ebs.SnapshotId" in seen
    assert "TagSpecifications[].Tags[].Key" in seen
    assert schema["required"] == ["Name"]


def test_overlays_are_in_the_schema(generator: Any, schema: dict[str, Any]) -> None:
    for overlay in generator.OVERLAYS:
        node = schema
        for step in overlay.path.replace("[]", ".[]").split("."):
            node = node["items"] if step == "[]" else node["properties"][step]
        [part] = [p for p in [node, *node.get("allOf", [])] if p.get("x-rule") == overlay.rule]
        for keyword, value in overlay.keywords.items():
            expected = {**value, "x-rule": overlay.rule} if keyword == "not" else value
            assert part[keyword] == expected, overlay.path


# (d) x-rule convention ---------------------------------------------------------


def test_every_constraint_carries_its_rule(schema: dict[str, Any]) -> None:
    subschemas = _subschemas(schema)
    mappings = [obj["properties"] for obj in subschemas if "properties" in obj]
    # the walk misses no object: the rest are `properties` maps (name -> schema)
    assert {id(o) for o in _objects(schema)} == {id(o) for o in subschemas + mappings}
    rules_seen = set()
    for obj in subschemas:
        keywords = CONSTRAINT_KEYWORDS & obj.keys()
        if "x-rule" in obj:
            rule = obj["x-rule"]
            assert rule in {f"AMI10{n}" for n in range(4, 10)}, obj
            assert keywords, f"x-rule without a constraint: {obj}"
            rules_seen.add(rule)
        for keyword in keywords:
            assert "x-rule" in obj, f"{keyword} without x-rule in {obj}"
            assert obj["x-rule"] in KEYWORD_RULES[keyword], obj
    assert rules_seen == {"AMI104", "AMI105", "AMI106", "AMI107", "AMI108", "AMI109"}


def test_only_known_keywords(schema: dict[str, Any]) -> None:
    allowed = STRUCTURAL_KEYWORDS | CONSTRAINT_KEYWORDS | {"allOf", "x-rule"}
    for obj in _subschemas(schema):
        keys = obj.keys() - ({"$schema", "$comment", "title"} if obj is schema else set())
        assert keys <= allowed, keys - allowed


def test_value_schemas_have_a_type(schema: dict[str, Any]) -> None:
    # every schema of a member or list item states its type (AMI103); a single
    # rule's constraints sit beside it, several rules' go to allOf branches
    nested = {id(b) for o in _subschemas(schema) for b in [*o.get("allOf", []), o.get("not")]}
    for obj in _subschemas(schema):
        if id(obj) not in nested:
            assert "type" in obj, obj


def test_allof_branches_hold_one_rule_each(schema: dict[str, Any]) -> None:
    for obj in _subschemas(schema):
        if "allOf" in obj:
            rules = [branch["x-rule"] for branch in obj["allOf"]]
            assert rules == sorted(set(rules)) and len(rules) > 1, obj
            assert "x-rule" not in obj and not CONSTRAINT_KEYWORDS & obj.keys(), obj
            for branch in obj["allOf"]:
                assert not STRUCTURAL_KEYWORDS & branch.keys(), branch


def test_patterns_avoid_engine_dependent_escapes(schema: dict[str, Any]) -> None:
    # \d, \w, \s differ between ECMA-262 and Python's re on non-ASCII input.
    for obj in _objects(schema):
        if "pattern" in obj:
            for escape in (r"\d", r"\w", r"\s", r"\b"):
                assert escape not in obj["pattern"], obj["pattern"]


# (e) concrete validations ------------------------------------------------------

VALID_REQUEST = {
    "Name": "my-image (v1.2) [x86_64] o'brien@corp_2024/01",
    "Description": "d" * 255,
    "Architecture": "x86_64",
    "RootDeviceName": "/dev/xvda",
    "VirtualizationType": "hvm",
    "SriovNetSupport": "simple",
    "EnaSupport": True,
    "BootMode": "uefi",
    "TpmSupport": "v2.0",
    "ImdsSupport": "v2.0",
    "KernelId": "aki-1a2b3c4d",
    "RamdiskId": "ari-0123456789abcdef0",
    "BlockDeviceMappings": [
        {
            "DeviceName": "/dev/xvda",
            "Ebs": {
                "SnapshotId": "snap-0db2cf683925d191f",
                "VolumeType": "gp3",
                "VolumeSize": 8,
                "Iops": 3000,
                "DeleteOnTermination": True,
                "OutpostArn": ("arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0"),
            },
        },
        {"DeviceName": "/dev/xvdf", "Ebs": {"SnapshotId": "snap-1a2b3c4d", "VolumeSize": 100}},
        {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"},
        {"DeviceName": "/dev/sdc", "NoDevice": ""},
    ],
    "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "k" * 127, "Value": "v" * 256}]}],
    "BillingProducts": ["bp-0123"],
    "DryRun": False,
}


def test_load_validator_is_cached() -> None:
    assert load_validator() is load_validator()


def test_valid_request_passes() -> None:
    assert _routed(VALID_REQUEST) == set()


def test_short_name_is_ami105() -> None:
    [error] = load_validator().iter_errors({"Name": "ab"})
    assert error.validator == "minLength"
    assert error.schema["x-rule"] == "AMI105"
    assert list(error.absolute_path) == ["Name"]


def test_long_name_is_ami105() -> None:
    assert _routed({"Name": "x" * 129}) == {("Name", "AMI105")}


def test_bad_name_character_is_ami106() -> None:
    [error] = load_validator().iter_errors({"Name": "my image!"})
    assert error.validator == "pattern"
    assert error.schema["x-rule"] == "AMI106"


@pytest.mark.parametrize("name", ["abc\n", "tab\tname", "caf\u00e9s", "a:b:c"])
def test_name_characters(name: str) -> None:
    assert _routed({"Name": name}) == {("Name", "AMI106")}


def test_short_and_bad_name_reports_both() -> None:
    assert _routed({"Name": "a!"}) == {("Name", "AMI105"), ("Name", "AMI106")}


def test_malformed_snapshot_id_is_ami107() -> None:
    request = {"Name": "x" * 3, "BlockDeviceMappings": [{"Ebs": {"SnapshotId": "snap-123"}}]}
    [error] = load_validator().iter_errors(request)
    assert error.validator == "pattern"
    assert error.schema["x-rule"] == "AMI107"
    assert "/".join(map(str, error.absolute_path)) == "BlockDeviceMappings/0/Ebs/SnapshotId"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("KernelId", "aki-123"),
        ("KernelId", "ari-1a2b3c4d"),
        ("RamdiskId", "ari-0123456789ABCDEF0"),
        ("RamdiskId", "ari-1a2b3c4d\n"),  # Python's `$` would accept this
    ],
)
def test_malformed_kernel_and_ramdisk_ids(key: str, value: str) -> None:
    assert _routed({"Name": "abc", key: value}) == {(key, "AMI107")}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:outposts:us-east-1:12345678901:outpost/op-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:outpost/op-0123456789abcdef0",
        "op-0123456789abcdef0",
        "arn:aws:outposts:us-east-1:\u0661\u0662\u0663456789012:outpost/op-0123456789abcdef0",
    ],
)
def test_malformed_outpost_arn(arn: str) -> None:
    request = {"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"OutpostArn": arn}}]}
    assert _routed(request) == {("BlockDeviceMappings/0/Ebs/OutpostArn", "AMI107")}


def test_outpost_arn_other_partition_is_fine() -> None:
    arn = "arn:aws-us-gov:outposts:us-gov-west-1:123456789012:outpost/op-0123456789abcdef0"
    request = {"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"OutpostArn": arn}}]}
    assert _routed(request) == set()


def test_unknown_key_is_additional_properties() -> None:
    [error] = load_validator().iter_errors({"Name": "abc", "Nmae": "x"})
    assert error.validator == "additionalProperties"
    assert rule_for(error) == "AMI101"
    assert "x-rule" not in error.schema


def test_unknown_nested_key_is_ami101() -> None:
    request = {"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 8, "Size": 8}}]}
    assert _routed(request) == {("BlockDeviceMappings/0/Ebs", "AMI101")}


def test_missing_name_is_ami102() -> None:
    [error] = load_validator().iter_errors({"Description": "x"})
    assert error.validator == "required"
    assert rule_for(error) == "AMI102"


@pytest.mark.parametrize(
    ("request_", "path"),
    [
        ({"Name": "abc", "EnaSupport": "true"}, "EnaSupport"),
        ({"Name": "abc", "DryRun": 1}, "DryRun"),
        ({"Name": 123}, "Name"),
        ({"Name": "abc", "BillingProducts": "bp-1"}, "BillingProducts"),
        (
            {"Name": "abc", "BlockDeviceMappings": {"DeviceName": "/dev/sda1"}},
            "BlockDeviceMappings",
        ),
        ({"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": "8"}}]}, "x"),
        ({"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": True}}]}, "x"),
        ({"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 8.0}}]}, "x"),
    ],
)
def test_wrong_types_are_ami103(request_: dict[str, Any], path: str) -> None:
    if path == "x":
        path = "BlockDeviceMappings/0/Ebs/VolumeSize"
    assert _routed(request_) == {(path, "AMI103")}


def test_integer_is_not_bool_or_float() -> None:
    validator = load_validator()
    assert validator.is_type(8, "integer")
    assert not validator.is_type(True, "integer")
    assert not validator.is_type(1.0, "integer")
    assert validator.is_type(True, "boolean")


def test_number_for_enum_string_routes_type_first() -> None:
    # enum fails too; the structural keyword is still routed to AMI103
    assert _routed({"Name": "abc", "VirtualizationType": 5}) == {
        ("VirtualizationType", "AMI103"),
        ("VirtualizationType", "AMI104"),
    }


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("VirtualizationType", "HVM"),
        ("VirtualizationType", "pv"),
        ("SriovNetSupport", "true"),
        ("Architecture", "amd64"),
        ("BootMode", "UEFI"),
        ("TpmSupport", "2.0"),
        ("ImdsSupport", "v2"),
    ],
)
def test_bad_enum_values_are_ami104(key: str, value: str) -> None:
    assert _routed({"Name": "abc", key: value}) == {(key, "AMI104")}


def test_bad_volume_type_is_ami104() -> None:
    request = {"Name": "abc", "BlockDeviceMappings": [{"Ebs": {"VolumeType": "gp4"}}]}
    assert _routed(request) == {("BlockDeviceMappings/0/Ebs/VolumeType", "AMI104")}


@pytest.mark.parametrize(("key", "value"), [("Description", "d" * 256), ("UefiData", "A" * 64001)])
def test_long_strings_are_ami105(key: str, value: str) -> None:
    assert _routed({"Name": "abc", key: value}) == {(key, "AMI105")}


def _tags(*tags: dict[str, str], resource_type: str = "image") -> dict[str, Any]:
    return {
        "Name": "abc",
        "TagSpecifications": [{"ResourceType": resource_type, "Tags": list(tags)}],
    }


def test_tag_lengths_are_ami105() -> None:
    assert _routed(_tags({"Key": "k" * 128, "Value": "v" * 257})) == {
        ("TagSpecifications/0/Tags/0/Key", "AMI105"),
        ("TagSpecifications/0/Tags/0/Value", "AMI105"),
    }


def test_reserved_tag_key_is_ami108() -> None:
    errors = list(load_validator().iter_errors(_tags({"Key": "aws:cloudformation", "Value": ""})))
    [error] = errors
    assert error.validator == "not"
    assert rule_for(error) == "AMI108"
    assert "/".join(map(str, error.absolute_path)) == "TagSpecifications/0/Tags/0/Key"


def test_tag_key_containing_aws_is_fine() -> None:
    assert _routed(_tags({"Key": "team:aws:x", "Value": "y"}, {"Key": "AWS", "Value": "z"})) == set()


def test_other_resource_type_is_ami109() -> None:
    assert _routed(_tags(resource_type="instance")) == {("TagSpecifications/0/ResourceType", "AMI109")}


def test_unknown_resource_type_is_ami104_and_ami109() -> None:
    assert _routed(_tags(resource_type="imagee")) == {
        ("TagSpecifications/0/ResourceType", "AMI104"),
        ("TagSpecifications/0/ResourceType", "AMI109"),
    }


def test_suggestions_are_remembered_per_word_and_choices() -> None:
    from ami_lint.suggest import suggest

    for _ in range(2):  # the second round comes from the cache
        assert suggest("Iopz", ["Iops", "Name"]) == "Iops"
        assert suggest("Iopz", ["Name"]) is None
        assert suggest("volume_size", ["VolumeType", "VolumeSize"]) == "VolumeSize"
        assert suggest("Iopz", ["Throughput", "Iops"]) == "Iops"
