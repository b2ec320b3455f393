"""Go programs that register images (ami_lint/frontends/golang.py, go_values.py, go_enums.py).

Exact positions for each construct of aws-sdk-go v1 and v2, the later field
assignments of the same function (straight-line, conditional, below the top),
open-ended requests, the SDKs' enum constants checked against every enum
value of the model, the Go vocabulary, a differential test against the same
request as a CLI skeleton, suppressions, Markdown `go` fences, the command
line, and hostile input.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.frontend import NoFiles
from ami_lint.frontends.go_enums import SHAPES, constant_name, constant_value, enum_name
from ami_lint.frontends.golang import GO, GO_NOTATION
from ami_lint.nodes import UNKNOWN, to_python
from ami_lint.readers import ReadLimits, limits_applied
from ami_lint.source import Source
from ami_lint.vocabulary import member, value
from tests.conftest import lint, located, run_cli

V1 = """\
package main

import (
\t"github.com/aws/aws-sdk-go/aws"
\t"github.com/aws/aws-sdk-go/service/ec2"
)

func register(svc *ec2.EC2, snap string) {
\tout, err := svc.RegisterImage(&ec2.RegisterImageInput{
\t\tName:               aws.String("web-2024"),
\t\tArchitecture:       aws.String("amd64"),
\t\tVirtualizationType: aws.String(ec2.VirtualizationTypeHvm),
\t\tEnaSupport:         aws.Bool(true),
\t\tRootDeviceName:     aws.String("/dev/xvda"),
\t\tBlockDeviceMappings: []*ec2.BlockDeviceMapping{
\t\t\t{
\t\t\t\tDeviceName: aws.String("/dev/xvda"),
\t\t\t\tEbs: &ec2.EbsBlockDevice{
\t\t\t\t\tSnapshotId: aws.String(snap),
\t\t\t\t\tVolumeType: aws.String(ec2.VolumeTypeGp3),
\t\t\t\t\tIops:       aws.Int64(100),
\t\t\t\t},
\t\t\t},
\t\t},
\t})
\t_, _ = out, err
}
"""

V2 = """\
package main

import (
\t"context"

\t"github.com/aws/aws-sdk-go-v2/aws"
\t"github.com/aws/aws-sdk-go-v2/service/ec2"
\tec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func register(ctx context.Context, client *ec2.Client, snapshot string) error {
\tinput := &ec2.RegisterImageInput{
\t\tName:         aws.String("web-2024"),
\t\tArchitecture: ec2types.ArchitectureValuesArm64,
\t\tBootMode:     ec2types.BootModeValuesLegacyBios,
\t\tBlockDeviceMappings: []ec2types.BlockDeviceMapping{{
\t\t\tDeviceName: aws.String("/dev/xvda"),
\t\t\tEbs: &ec2types.EbsBlockDevice{
\t\t\t\tSnapshotId: &snapshot,
\t\t\t\tVolumeType: ec2types.VolumeTypeSt1,
\t\t\t\tThroughput: aws.Int32(500),
\t\t\t},
\t\t}},
\t\tRootDeviceName: aws.String("/dev/xvda"),
\t\tImdsv2Support:  ec2types.ImdsSupportValuesV20,
\t}
\tinput.VirtualizationType = aws.String("hvm")
\tinput.EnaSupport = aws.Bool(true)
\t_, err := client.RegisterImage(ctx, input)
\treturn err
}
"""


def _found(text: str, name: str = "register.go", linter: Linter | None = None) -> list[str]:
    return [located(d) for d in lint(text, name, "go", linter)]


def _requests(text: str) -> list:  # type: ignore[type-arg]
    """The requests of a Go text as plain data."""
    extraction = GO.extract(Source.from_text(text, "x.go"), NoFiles(), lenient=True)
    return [to_python(found.request.root) for found in extraction.requests]


def _at(text: str, place: str) -> str:
    """The text at `line:col-line:col` (1-based, end exclusive) of `text`."""
    start, end = place.split(" ")[0].split("-")
    (l1, c1), (l2, c2) = (map(int, start.split(":")), map(int, end.split(":")))
    lines = text.split("\n")
    if l1 == l2:
        return lines[l1 - 1][c1 - 1 : c2 - 1]
    return "\n".join([lines[l1 - 1][c1 - 1 :], *lines[l1 : l2 - 1], lines[l2 - 1][: c2 - 1]])


# aws-sdk-go v1 and v2: exact positions.


def test_v1_literal_in_the_call() -> None:
    diagnostics = lint(V1, "register.go", "go")
    found = [located(d) for d in diagnostics]
    assert found == ["11:34-11:41 AMI104", "21:28-21:31 AMI210"]
    assert _at(V1, found[0]) == '"amd64"'
    assert _at(V1, found[1]) == "100"
    assert diagnostics[1].message == "`Iops` is `100` but `gp3` needs 3000\u201380000"


def test_v2_literal_enum_constants_and_later_assignments() -> None:
    diagnostics = lint(V2, "register.go", "go")
    found = [located(d) for d in diagnostics]
    # VirtualizationType and EnaSupport are set after the literal: no AMI306, AMI311.
    assert found == ["15:17-15:50 AMI312", "20:17-20:39 AMI221", "21:5-21:15 AMI211", "25:3-25:16 AMI101"]
    texts = {d.rule: _at(V2, located(d)) for d in diagnostics}
    assert texts["AMI221"] == "ec2types.VolumeTypeSt1"
    assert (
        diagnostics[0].message
        == "`BootMode` is `legacy-bios` but `Architecture` `arm64` boots only with `uefi`"
    )
    assert texts["AMI101"] == "Imdsv2Support"
    assert texts["AMI312"] == "ec2types.BootModeValuesLegacyBios"
    unknown = next(d for d in diagnostics if d.rule == "AMI101")
    assert unknown.message == "Unknown parameter `Imdsv2Support`"
    assert unknown.hint == "Did you mean `ImdsSupport`?"


def test_v2_plain_values_and_conversions() -> None:
    text = V2.replace("ec2types.ArchitectureValuesArm64", 'ec2types.ArchitectureValues("arm-64")').replace(
        "aws.Int32(500)", "int32(500)"
    )
    diagnostics = lint(text, "register.go", "go")
    enum = next(d for d in diagnostics if d.rule == "AMI104")
    assert _at(text, located(enum)) == '"arm-64"'
    assert "AMI211" in {d.rule for d in diagnostics}


# Later field assignments in the same function.

LATER = """\
package main

func build(svc *ec2.EC2, snap *string, uefi bool) {
\tparams := &ec2.RegisterImageInput{
\t\tName:           aws.String("web-2024"),
\t\tRootDeviceName: aws.String("/dev/xvda"),
\t\tBlockDeviceMappings: []*ec2.BlockDeviceMapping{{
\t\t\tDeviceName: aws.String("/dev/xvda"),
\t\t\tEbs:        &ec2.EbsBlockDevice{SnapshotId: snap, VolumeType: aws.String("gp3")},
\t\t}},
\t}
\tparams.Architecture = aws.String("x86_64")
\tparams.VirtualizationType = aws.String("hvm")
\tparams.EnaSupport = aws.Bool(true)
\tlog.Printf("RegisterImage: %v", params)
\tparams.BlockDeviceMappings[0].Ebs.Iops = aws.Int64(90000)
\tif uefi {
\t\tparams.BootMode = aws.String("uefi-only")
\t}
\t_, _ = svc.RegisterImage(params)
\tparams.Architecture = aws.String("amd64")
}
"""


def test_later_assignments_complete_the_request() -> None:
    diagnostics = lint(LATER, "builder.go", "go")
    # Architecture, VirtualizationType and EnaSupport set later: no AMI305/306/311;
    # the Iops set below the top is checked where it was written; the
    # conditional BootMode is unknown; the assignment after the call is not part of it.
    assert [located(d) for d in diagnostics] == ["16:53-16:58 AMI210"]
    assert _at(LATER, "16:53-16:58") == "90000"


def test_straight_line_assignment_replaces_the_literal_value() -> None:
    text = LATER.replace(
        'params.Architecture = aws.String("x86_64")', 'params.Architecture = aws.String("amd64")'
    )
    found = [f for f in _found(text) if "AMI104" in f]
    assert found == ["12:35-12:42 AMI104"]
    assert _at(text, found[0]) == '"amd64"'


def test_missing_field_set_only_under_a_condition_is_unknown() -> None:
    text = LATER.replace('\tparams.Architecture = aws.String("x86_64")\n', "").replace(
        "\tif uefi {\n", '\tif uefi {\n\t\tparams.Architecture = aws.String("arm64")\n'
    )
    assert "AMI305" not in " ".join(_found(text))
    # Without the conditional assignment, the missing Architecture is reported on the literal.
    plain = LATER.replace('\tparams.Architecture = aws.String("x86_64")\n', "")
    assert "4:13-11:3 AMI305" in _found(plain)


def test_nil_assignment_removes_a_field() -> None:
    text = LATER.replace("\tparams.EnaSupport = aws.Bool(true)\n", "\tparams.EnaSupport = nil\n")
    assert "4:13-11:3 AMI311" in _found(text)


def test_v1_setters_are_assignments() -> None:
    text = (
        "package main\n\nfunc f(svc *ec2.EC2, x bool) {\n\tinput := &ec2.RegisterImageInput{}\n"
        '\tinput.SetName("web-2024").SetArchitecture("amd64")\n'
        "\tinput.SetVirtualizationType(ec2.VirtualizationTypeHvm)\n"
        "\tif x {\n\t\tinput.SetEnaSupport(true)\n\t}\n"
        '\tinput.SetImageLocation("b/i.manifest.xml")\n'
        "\tif err := input.Validate(); err != nil {\n\t\treturn\n\t}\n\tsvc.RegisterImage(input)\n}\n"
    )
    # Name, Architecture, VirtualizationType and ImageLocation set; EnaSupport unknown.
    assert _found(text) == ["5:44-5:51 AMI104"]
    request = _requests(text)[0]
    assert request["Name"] == "web-2024" and request["ImageLocation"] == "b/i.manifest.xml"
    assert request["VirtualizationType"] == "hvm" and request["EnaSupport"] is UNKNOWN


def test_var_declared_request_filled_by_assignments() -> None:
    text = (
        "package main\n\nfunc f(svc *ec2.EC2) {\n\tvar input ec2.RegisterImageInput\n"
        '\tinput.Name = aws.String("web-2024")\n\tinput.ImageLocation = aws.String("s3://b/image.manifest.xml")\n'
        '\tinput.Architecture = aws.String("x86_64")\n\tinput.VirtualizationType = aws.String("hvm")\n'
        "\tinput.EnaSupport = aws.Bool(true)\n\tsvc.RegisterImageWithContext(ctx, &input)\n}\n"
    )
    assert _found(text) == ["6:35-6:62 AMI317"]
    assert _at(text, "6:35-6:62") == '"s3://b/image.manifest.xml"'


def test_request_that_escapes_is_open_ended() -> None:
    """Returned from a builder or handed to another function, a literal may
    be completed there: missing fields are not reported, values are."""
    returned = (
        "package main\n\nfunc params(name string) *ec2.RegisterImageInput {\n"
        '\treturn &ec2.RegisterImageInput{Name: aws.String(name), BootMode: aws.String("bios")}\n}\n'
    )
    assert _found(returned) == ["4:78-4:84 AMI104"]
    passed = (
        "package main\n\nfunc f() {\n"
        '\tin := &ec2.RegisterImageInput{Name: aws.String("web-2024")}\n\tdecorate(in)\n'
        "\t_, _ = svc.RegisterImage(in)\n}\n"
    )
    assert _found(passed) == []
    sent = passed.replace("\tdecorate(in)\n", "")
    assert {f.split()[1] for f in _found(sent)} == {"AMI301", "AMI305", "AMI306"}


def test_go_1_26_new_with_a_value_and_pointer_helpers() -> None:
    text = (
        "package main\n\nfunc f() {\n\tin := &ec2.RegisterImageInput{\n"
        '\t\tName: new("web-2024"), ImageLocation: ptr.String("b/x.manifest.xml"),\n'
        '\t\tArchitecture: pointer.To("x86_64"), VirtualizationType: lo.ToPtr("hvm"),\n'
        "\t\tEnaSupport: new(false),\n"
        "\t}\n\t_, _ = svc.RegisterImage(ctx, in)\n}\n"
    )
    assert _found(text) == []  # every value read: an instance-store image, complete
    amd64 = text.replace('pointer.To("x86_64")', 'pointer.To("amd64")')
    assert _found(amd64) == ["6:28-6:35 AMI104"]
    unnamed = text.replace('new("web-2024")', 'new("w")')
    assert _found(unnamed) == ["5:13-5:16 AMI105"]


# The SDKs' enum constants.

# Constants as the SDKs spell them (aws-sdk-go service/ec2/api.go,
# aws-sdk-go-v2 service/ec2/types/enums.go), with the value each stands for.
REAL_CONSTANTS = {
    ("ArchitectureValues", "x86_64"): "ArchitectureValuesX8664",
    ("ArchitectureValues", "x86_64_mac"): "ArchitectureValuesX8664Mac",
    ("ArchitectureValues", "arm64_mac"): "ArchitectureValuesArm64Mac",
    ("ArchitectureValues", "i386"): "ArchitectureValuesI386",
    ("BootModeValues", "uefi-preferred"): "BootModeValuesUefiPreferred",
    ("BootModeValues", "legacy-bios"): "BootModeValuesLegacyBios",
    ("TpmSupportValues", "v2.0"): "TpmSupportValuesV20",
    ("ImdsSupportValues", "v2.0"): "ImdsSupportValuesV20",
    ("VolumeType", "gp3"): "VolumeTypeGp3",
    ("ResourceType", "ipv4pool-ec2"): "ResourceTypeIpv4poolEc2",
    ("ResourceType", "image"): "ResourceTypeImage",
    ("AllocationStrategy", "capacityOptimizedPrioritized"): "AllocationStrategyCapacityOptimizedPrioritized",
    ("ActivityStatus", "pending_fulfillment"): "ActivityStatusPendingFulfillment",
    ("AcceleratorName", "radeon-pro-v520"): "AcceleratorNameRadeonProV520",
}


def _v1_enum_name(value: str) -> str:
    """aws-sdk-go's `Shape.EnumName` (private/model/api/shape.go), as written there."""
    value = re.sub(r"[^a-zA-Z0-9_:\./-]", "", value)
    value = re.sub(r"([a-z])([A-Z])", r"\1-\2", value)
    parts = [p.lower() for p in re.split(r"[-_:\./]+", value)]
    joined = "".join(p[:1].upper() + p[1:] for p in parts)
    return joined[:1].upper() + joined[1:]


def test_real_constants() -> None:
    for (shape, api_value), name in REAL_CONSTANTS.items():
        assert constant_name(shape, api_value) == name


def _ec2_model():  # type: ignore[no-untyped-def]
    session = pytest.importorskip("awscli.botocore.session")
    return session.get_session().get_service_model("ec2")


def test_every_enum_value_of_register_image_maps_both_ways() -> None:
    """Every enum of RegisterImage's input, every value: the constant's name
    follows the SDKs' rule, names the value back, and no two values of a
    shape share a name."""
    model = _ec2_model()
    shape = model.operation_model("RegisterImage").input_shape
    todo = [(name, member) for name, member in shape.members.items()]
    seen = 0
    while todo:
        name, current = todo.pop()
        if current.type_name == "structure":
            todo += list(current.members.items())
        elif current.type_name == "list":
            todo.append((name, current.member))
        elif getattr(current, "enum", None):
            assert current.name in SHAPES[name], (name, current.name)
            values = tuple(current.enum)
            names = [constant_name(current.name, v) for v in values]
            assert len(set(names)) == len(names), current.name
            for api_value, constant in zip(values, names, strict=True):
                assert enum_name(api_value) == _v1_enum_name(api_value), api_value
                assert constant_value(constant, name, values) == api_value
                seen += 1
    assert seen > 100  # ResourceType alone has over a hundred values


def test_every_ec2_enum_value_follows_the_v1_rule() -> None:
    model = _ec2_model()
    values = {v for name in model.shape_names for v in (getattr(model.shape_for(name), "enum", None) or ())}
    assert len(values) > 1000
    for api_value in values:
        assert enum_name(api_value) == _v1_enum_name(api_value), api_value


def test_constant_of_a_newer_value_is_unknown_not_an_error() -> None:
    text = V2.replace("ec2types.ArchitectureValuesArm64", "ec2types.ArchitectureValuesRiscv64")
    rules = {d.rule for d in lint(text, "x.go", "go")}
    assert "AMI104" not in rules and "AMI312" not in rules  # the architecture is not known


# Vocabulary.


def test_go_vocabulary() -> None:
    assert GO.vocabulary is GO_NOTATION
    rendered = GO_NOTATION.render(f"Set {member('BlockDeviceMappings', 0, 'Ebs', 'Iops')} to {value(True)}")
    assert rendered == "Set `BlockDeviceMappings[0].Ebs.Iops` to `aws.Bool(true)`"
    assert GO_NOTATION.render(f"{member()} is {value(None)}, {value('hvm')}") == (
        '`RegisterImageInput` is `nil`, `"hvm"`'
    )
    hint = next(
        d for d in lint(V1.replace("aws.Bool(true)", "aws.Bool(false)"), "x.go", "go") if d.rule == "AMI311"
    )
    assert hint.message.startswith("`EnaSupport` is `aws.Bool(false)`")


def test_no_command_line_rule_applies() -> None:
    for text in (V1, V2, LATER):
        rules = {d.rule for d in lint(text, "x.go", "go")}
        assert rules and not any(r.startswith("AMI4") for r in rules)


# The same request as a CLI skeleton gives the same rule ids.

REQUESTS = [
    {"Name": "web-2024", "ImageLocation": "bucket/web.manifest.xml"},
    {
        "Name": "web-2024",
        "Architecture": "amd64",
        "RootDeviceName": "/dev/xvda",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}],
    },
    {
        "Name": "web 2024!",
        "Architecture": "arm64",
        "BootMode": "legacy-bios",
        "VirtualizationType": "hvm",
        "EnaSupport": True,
        "TpmSupport": "v2.0",
        "RootDeviceName": "/dev/sda1",
        "BlockDeviceMappings": [
            {"DeviceName": "/dev/sda1",
             "Ebs": {"SnapshotId": "snap-1", "VolumeType": "io2", "Encrypted": True}},
            {"DeviceName": "/dev/sdb", "Ebs": {"VolumeSize": 20000, "VolumeType": "gp2", "Iops": 3000}},
            {"DeviceName": "/dev/sdb", "VirtualName": "swap", "NoDevice": "yes"},
        ],
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "aws:x", "Value": "y"}]}],
    },
    {
        "Name": "web-2024",
        "Architecture": "x86_64",
        "VirtualizationType": "paravirtual",
        "EnaSupport": True,
        "SriovNetSupport": "simple",
        "KernelId": "aki-12",
        "ImageLocation": "s3://bucket/web.img",
        "UefiData": "not base64!",
        "ImdsSupport": "v1.0",
        "BillingProducts": ["bp-1"],
    },
    {
        "Name": "web-2024",
        "Architecture": "x86_64",
        "VirtualizationType": "hvm",
        "EnaSupport": False,
        "BootMode": "uefi",
        "RootDeviceName": "/dev/xvda",
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp3", "Iops": 3000,
                        "Throughput": 2500, "KmsKeyId": "k", "OutpostArn": "arn:x",
                        "AvailabilityZone": "a", "AvailabilityZoneId": "b", "VolumeInitializationRate": 50},
            },
            {"DeviceName": "/dev/xvdb", "Ebs": {"VolumeType": "st1", "VolumeSize": 100}},
        ],
    },
]  # fmt: skip

_GO_TYPES = {
    "BlockDeviceMappings": "BlockDeviceMapping",
    "TagSpecifications": "TagSpecification",
    "Tags": "Tag",
}
_INTEGERS = {"Iops", "VolumeSize", "Throughput", "VolumeInitializationRate"}


def _go_value(key: str, item: object, v2: bool, indent: str) -> str:
    if isinstance(item, bool):
        return f"aws.Bool({str(item).lower()})"
    if isinstance(item, int):
        return f"aws.Int32({item})" if v2 else f"aws.Int64({item})"
    if isinstance(item, str):
        return f"aws.String({json.dumps(item)})"
    if isinstance(item, dict):
        kind = "EbsBlockDevice" if key == "Ebs" else None
        body = _go_fields(item, v2, indent + "\t")
        return f"&{'types' if v2 else 'ec2'}.{kind}{{\n{body}{indent}}}" if kind else f"{{\n{body}{indent}}}"
    assert isinstance(item, list)
    element = _GO_TYPES.get(key)
    if element is None:  # BillingProducts
        strings = (
            ", ".join(json.dumps(s) for s in item)
            if v2
            else ", ".join(f"aws.String({json.dumps(s)})" for s in item)
        )
        return f"[]string{{{strings}}}" if v2 else f"[]*string{{{strings}}}"
    items = "".join(f"{indent}\t{_go_value('', entry, v2, indent + chr(9))},\n" for entry in item)
    return f"[]{'types.' if v2 else '*ec2.'}{element}{{\n{items}{indent}}}"


def _go_fields(request: dict, v2: bool, indent: str) -> str:
    return "".join(f"{indent}{key}: {_go_value(key, item, v2, indent)},\n" for key, item in request.items())


def _go_program(request: dict, v2: bool) -> str:
    sdk = "github.com/aws/aws-sdk-go-v2" if v2 else "github.com/aws/aws-sdk-go"
    types = f'\t"{sdk}/service/ec2/types"\n' if v2 else ""
    call = "svc.RegisterImage(ctx, input)" if v2 else "svc.RegisterImage(input)"
    return (
        f'package main\n\nimport (\n\t"{sdk}/aws"\n\t"{sdk}/service/ec2"\n{types})\n\n'
        f"func register() {{\n\tinput := &ec2.RegisterImageInput{{\n"
        f"{_go_fields(request, v2, chr(9) * 2)}\t}}\n"
        f"\t_, _ = {call}\n}}\n"
    )


@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
@pytest.mark.parametrize("v2", [False, True], ids=["v1", "v2"])
def test_same_rules_as_the_cli_skeleton(request_: dict, v2: bool, linter: Linter) -> None:
    skeleton = {d.rule for d in lint(json.dumps(request_, indent=1), "request.json", "json", linter)}
    program = _go_program(request_, v2)
    go = lint(program, "register.go", "go", linter)
    assert {d.rule for d in go} == skeleton, program
    assert skeleton
    for d in go:  # every finding stands where the Go program wrote it
        assert 1 <= d.start.line <= program.count("\n")


# Suppressions, Markdown, the command line.


def _reported(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from ami_lint.cli import main

    path = tmp_path / "builder.go"
    path.write_text(text, encoding="utf-8")
    main(["--format", "json", "--jobs", "1", "--warn-unused-suppressions", str(path)])
    out = json.loads(capsys.readouterr().out)
    return [f"{d['line']}:{d['column']} {d['rule']}" for d in out["diagnostics"]]


def test_suppression_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = LATER.replace('\tparams.Architecture = aws.String("x86_64")\n', "")
    assert _reported(tmp_path, text, capsys) == ["4:13 AMI305", "15:53 AMI210"]
    # On a line of its own: the whole statement that starts on the next line.
    before = text.replace(
        "\tparams := &ec2", "\t// ami-lint: disable=AMI305 -- built for i386\n\tparams := &ec2"
    )
    assert _reported(tmp_path, before, capsys) == ["16:53 AMI210"]
    # After code: its line (where the request starts).
    after = text.replace("RegisterImageInput{", "RegisterImageInput{ /* ami-lint: disable=AMI305 */")
    assert _reported(tmp_path, after, capsys) == ["15:53 AMI210"]
    # A directive on a line of its own before a field covers all of the field.
    field = text.replace(
        "\t\tBlockDeviceMappings:", "\t\t// ami-lint: disable=AMI207\n\t\tBlockDeviceMappings:"
    )
    assert _reported(tmp_path, field, capsys) == ["4:13 AMI305", "16:53 AMI210"]
    element = text.replace("aws.Int64(90000)", "aws.Int64(90000) // ami-lint: disable=AMI210")
    assert _reported(tmp_path, element, capsys) == ["4:13 AMI305"]
    # Not a comment: a directive inside a string.
    in_string = text.replace('"web-2024"', '"// ami-lint: disable=AMI305"')
    assert "4:13 AMI305" in _reported(tmp_path, in_string, capsys)


def test_markdown_go_fence(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(
        "# Registering\n\n```go\ninput := &ec2.RegisterImageInput{\n"
        '\tName:         aws.String("web-2024"),\n\tArchitecture: aws.String("amd64"),\n'
        '\tRootDeviceName: aws.String("/dev/xvda"), BlockDeviceMappings: []*ec2.BlockDeviceMapping{{\n'
        '\t\tDeviceName: aws.String("/dev/xvda"), Ebs: &ec2.EbsBlockDevice{SnapshotId: aws.String(snap)}}},\n'
        '\tVirtualizationType: aws.String("hvm"),\n'
        "\tEnaSupport:   aws.Bool(false),\n}\n_, err := svc.RegisterImage(input)\n```\n",
        encoding="utf-8",
    )
    done = run_cli("--format", "json", str(doc))
    got = json.loads(done.stdout)["diagnostics"]
    assert [(d["rule"], d["line"], d["column"], d["end_column"]) for d in got] == [
        ("AMI104", 6, 27, 34),
        ("AMI311", 10, 25, 30),
    ]
    assert got[1]["message"].startswith("`EnaSupport` is `aws.Bool(false)`")


def test_cli_exit_codes_and_test_files(tmp_path: Path) -> None:
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "register.go").write_text(V1, encoding="utf-8")
    (tmp_path / "cmd" / "register_test.go").write_text(V1, encoding="utf-8")
    (tmp_path / "cmd" / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    walked = run_cli("--verbose", str(tmp_path))
    assert walked.returncode == 1
    assert "register.go:11:34: error AMI104" in walked.stdout
    assert "register_test.go" not in walked.stdout
    assert "register_test.go: skipped: a Go test file" in walked.stderr
    named = run_cli(str(tmp_path / "cmd" / "register_test.go"))
    assert named.returncode == 1 and "register_test.go:11:34: error AMI104" in named.stdout
    quiet = run_cli(str(tmp_path / "cmd" / "main.go"))
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert "no ec2.RegisterImageInput in it" in quiet.stderr


def test_a_run_without_go_files_loads_no_go_front_end(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    code = (
        "import sys\nfrom ami_lint.cli import main\n"
        f"main(['--quiet', {str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if 'tree_sitter_go' in m or 'golang' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout
    # Claimed, never parsed, not even imported: the byte search `ami_lint.frontends`
    # lists for it finds no `RegisterImage`.
    assert out.strip().splitlines()[-1] == "[]"


# Hostile input.

_FILLER = (
    "func g{n}(a, b int) int {{\n\tif a > b {{\n\t\treturn a - b // RegisterImage\n\t}}\n"
    '\tx := []string{{"a", "b", fmt.Sprintf("%d", a)}}\n\treturn len(x) + b\n}}\n'
)
_HEAD = (
    'package main\n\nfunc f() {\n\tin := &ec2.RegisterImageInput{Name: aws.String("web-2024"), '
    'Architecture: aws.String("amd64")}\n\t_, _ = svc.RegisterImage(in)\n}\n'
)


def _timed(text: str) -> tuple[float, list[str]]:
    linter = Linter(Options())
    start = time.perf_counter()
    with limits_applied(ReadLimits(max_file_size=len(text) + 1)):
        diagnostics, _ = linter.lint_text(text, "big.go", "go")
    return time.perf_counter() - start, [located(d) for d in diagnostics]


def test_ten_megabytes_of_generated_go_end_cleanly(tmp_path: Path) -> None:
    big = tmp_path / "generated.go"
    filler = "".join(_FILLER.format(n=i) for i in range(72_000))
    big.write_text(_HEAD + filler, encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    done = run_cli(str(big))
    assert done.returncode == 0 and done.stdout == ""
    assert "larger than 1048576 bytes" in done.stderr


def test_time_grows_linearly_with_the_file() -> None:
    small = _HEAD + "".join(_FILLER.format(n=i) for i in range(1_000))
    large = _HEAD + "".join(_FILLER.format(n=i) for i in range(4_000))
    (t_small, found_small), (t_large, found_large) = _timed(small), _timed(large)
    assert found_small == found_large == ["4:87-4:94 AMI104", "4:9-4:96 AMI301", "4:9-4:96 AMI306"]
    assert t_large < 8 * t_small + 0.5


@pytest.mark.parametrize(
    "value",
    [
        "(" * 20_000 + '"x"' + ")" * 20_000,
        "aws.String(" * 5_000 + '"x"' + ")" * 5_000,
        "+".join(['"ab"'] * 20_000),
        "&X{A: " * 5_000 + "1" + "}" * 5_000,
    ],
    ids=["parentheses", "calls", "joined", "literals"],
)
def test_deep_nesting(value: str) -> None:
    text = (
        f"package main\n\nfunc f() {{\n\tin := &ec2.RegisterImageInput{{Name: {value}}}\n"
        "\t_, _ = svc.RegisterImage(in)\n}\n"
    )
    elapsed, found = _timed(text)
    assert elapsed < 5
    assert all(f.startswith("4:") for f in found)


def test_deep_field_path_and_braces() -> None:
    text = (
        "package main\n\nfunc f() {\n\tin := &ec2.RegisterImageInput{"
        "BlockDeviceMappings: []*ec2.BlockDeviceMapping{"
        + "{" * 20_000
        + "}" * 20_000
        + "}}\n\tin"
        + ".A" * 20_000
        + " = 1\n\t_, _ = svc.RegisterImage(in)\n}\n"
    )
    elapsed, found = _timed(text)
    assert elapsed < 5 and found


def test_broken_syntax_keeps_what_was_written_before_the_error() -> None:
    truncated = (
        'package main\nfunc f() {\n\tin := &ec2.RegisterImageInput{Name: aws.String("web"), '
        'Architecture: aws.String("amd64"), BlockDeviceMappings: []*ec2.BlockDeviceMapping{{DeviceName: '
    )
    assert _found(truncated) == ["3:82-3:89 AMI104"]
    unclosed = truncated + 'aws.String("/dev/sda1")\n\tsvc.RegisterImage(in)\n}\n'
    assert _found(unclosed) == ["3:82-3:89 AMI104"]
    garbage = (
        'package main\nfunc f() {\n\tin := &ec2.RegisterImageInput{Name: aws.String("web") Foo(((( ,, }\n'
        "\tin.X = \n}"
    )
    _found(garbage)  # no exception
    for cut in range(0, len(V2), 37):
        _found(V2[:cut])
