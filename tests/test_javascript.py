"""JavaScript and TypeScript SDK calls (`ami_lint.frontends.javascript`).

Each way of writing the request (an object literal, a `const input` in an
enclosing block, partly known template literals, unknown expressions,
spreads, later `input.Key = …` assignments), the v2 and v3 call forms,
TypeScript's syntax, suppressions, Markdown fences, the differential test
against the CLI skeleton, the walk and hostile input.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter, Options
from ami_lint.frontend import NoFiles
from ami_lint.frontends.javascript import JAVASCRIPT, SKIP_NO_SDK_CALL
from ami_lint.nodes import Mapping, Scalar, Unknown, to_python
from ami_lint.selection import Selection
from ami_lint.source import Source
from tests.conftest import lint, located, run_cli

GOOD = {
    "Name": "web-2024-06-01",
    "Architecture": "x86_64",
    "VirtualizationType": "hvm",
    "EnaSupport": True,
    "BootMode": "uefi",
    "RootDeviceName": "/dev/xvda",
    "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0db2cf683925d191f", "VolumeType": "gp3"}}
    ],
}


def found(text: str, name: str = "register.ts") -> list[str]:
    """`line:col-end_line:end_col RULE` of every default rule's finding."""
    diagnostics = lint(text, name, "javascript", Linter(Options()))
    return [located(d) for d in diagnostics]


def diagnostics(text: str, name: str = "register.ts") -> list[Diagnostic]:
    return lint(text, name, "javascript", Linter(Options(selection=Selection(select=("ALL",)))))


def requests(text: str, name: str = "register.ts") -> list[Mapping]:
    extraction = JAVASCRIPT.extract(Source.from_text(text, name), NoFiles())
    return [f.request.root for f in extraction.requests]


def only(text: str, name: str = "register.ts") -> object:
    (root,) = requests(text, name)
    return to_python(root)


# The call forms.


def test_v3_command_with_an_object_literal() -> None:
    text = (
        'import { EC2Client, RegisterImageCommand } from "@aws-sdk/client-ec2";\n'
        "const client = new EC2Client({});\n"
        'await client.send(new RegisterImageCommand({ Name: "web-1", Architecture: "amd64" }));\n'
    )
    # No boot source and no VirtualizationType (the API's defaults apply), and `amd64`.
    assert found(text) == ["3:44-3:84 AMI301", "3:44-3:84 AMI306", "3:75-3:82 AMI104"]


def test_v3_command_positions_are_exact() -> None:
    text = 'await client.send(new RegisterImageCommand({ Name: "web-2024", Architecture: "amd64" }));\n'
    got = diagnostics(text)
    assert [located(d) for d in got if d.rule in ("AMI104", "AMI306")] == [
        "1:44-1:87 AMI306",
        "1:78-1:85 AMI104",
    ]
    source = text.splitlines()[0]
    (ami104,) = [d for d in got if d.rule == "AMI104"]
    assert source[ami104.start.column - 1 : ami104.end.column - 1] == '"amd64"'


def test_v3_command_on_the_module_namespace() -> None:
    text = 'import * as ec2 from "@aws-sdk/client-ec2";\nnew ec2.RegisterImageCommand({ Name: "x" });\n'
    assert "2:38-2:41 AMI105" in found(text)


def test_v2_promise_callback_and_aggregated_client() -> None:
    text = (
        'const AWS = require("aws-sdk");\n'
        "const ec2 = new AWS.EC2();\n"
        'ec2.registerImage({ Name: "a1", VirtualizationType: "hvm" }).promise();\n'
        'ec2.registerImage({ Name: "a2", VirtualizationType: "hvm" }, function (err, data) {});\n'
        'const out = await new EC2({}).registerImage({ Name: "a3", VirtualizationType: "hvm" });\n'
    )
    assert [d for d in found(text, "index.js") if d.endswith("AMI105")] == [
        "3:27-3:31 AMI105",
        "4:27-4:31 AMI105",
        "5:53-5:57 AMI105",
    ]


def test_a_register_image_method_of_something_else_is_not_a_request() -> None:
    text = 'images.registerImage({ key: "logo", src: "/logo.png" });\nthis.registerImage(img);\n'
    extraction = JAVASCRIPT.extract(Source.from_text(text, "ui.js"), NoFiles())
    assert list(extraction.requests) == []
    assert "not called on an EC2 client" in (extraction.skipped or "")


def test_a_file_without_the_text_is_not_parsed() -> None:
    extraction = JAVASCRIPT.extract(Source.from_text("export const x = 1;\n", "x.js"), NoFiles())
    assert extraction.skipped == SKIP_NO_SDK_CALL


def test_deregister_and_type_names_are_no_calls() -> None:
    text = (
        "import { DeregisterImageCommand, RegisterImageCommandInput } from '@aws-sdk/client-ec2';\n"
        "await client.send(new DeregisterImageCommand({ ImageId: id }));\n"
        "const policy = { Action: ['ec2:RegisterImage'] };\n"
    )
    assert requests(text) == []


# How values are resolved.


def test_const_input_in_the_same_scope_with_type_syntax() -> None:
    text = (
        "export async function main(): Promise<void> {\n"
        "  const input: RegisterImageCommandInput = {\n"
        '    Name: "web-2024-06-01",\n'
        '    Architecture: "x86_64" as const,\n'
        '    BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { Iops: 100, VolumeType: "gp3" } }],\n'
        "  } satisfies RegisterImageCommandInput;\n"
        "  await client.send<RegisterImageCommandOutput>(new RegisterImageCommand(input!));\n"
        "}\n"
    )
    assert only(text) == {
        "Name": "web-2024-06-01",
        "Architecture": "x86_64",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Iops": 100, "VolumeType": "gp3"}}],
    }
    assert "5:67-5:70 AMI210" in found(text)


def test_let_assigned_again_is_unknown() -> None:
    text = (
        'let input = { Name: "a" };\n'
        'if (x) input = { Name: "web-2024" };\n'
        "await client.send(new RegisterImageCommand(input));\n"
    )
    extraction = JAVASCRIPT.extract(Source.from_text(text, "a.ts"), NoFiles())
    assert list(extraction.requests) == []
    assert "not an object written in this file" in extraction.notes[0]


def test_let_never_assigned_again_is_known() -> None:
    text = 'let input = { Name: "a" };\nawait client.send(new RegisterImageCommand(input));\n'
    assert only(text) == {"Name": "a"}


def test_a_parameter_shadows_an_outer_const() -> None:
    text = (
        'const input = { Name: "a" };\n'
        "export const handler = async (input) => client.send(new RegisterImageCommand(input));\n"
    )
    assert requests(text) == []


def test_outer_const_declared_after_the_function_is_seen() -> None:
    text = (
        "async function main() { await client.send(new RegisterImageCommand(INPUT)); }\n"
        'const INPUT = { Name: "web-2024", VirtualizationType: "hvm" };\n'
    )
    assert only(text) == {"Name": "web-2024", "VirtualizationType": "hvm"}


def test_shorthand_properties_resolved_or_unknown() -> None:
    text = (
        'const Name = "ab";\n'
        "export function register(Architecture: string) {\n"
        "  return client.send(new RegisterImageCommand({ Name, Architecture }));\n"
        "}\n"
    )
    (root,) = requests(text)
    name, arch = root.get("Name"), root.get("Architecture")
    assert isinstance(name, Scalar) and name.value == "ab" and name.text() == '"ab"'
    assert isinstance(arch, Unknown)
    # Reported where the value was written: in the const.
    assert "1:14-1:18 AMI105" in found(text)


def test_template_literals_known_and_partly_known() -> None:
    text = (
        'const base = "web";\n'
        "const version = 7;\n"
        "new RegisterImageCommand({\n"
        "  Name: `${base}-v${version}!`,\n"
        "  Description: `built ${new Date().toISOString()}`,\n"
        "  ImageLocation: `b/${base}.manifest.xml`,\n"
        "});\n"
    )
    (root,) = requests(text)
    name = root.get("Name")
    assert isinstance(name, Scalar) and name.value == "web-v7!"
    assert isinstance(root.get("Description"), Unknown)
    assert to_python(root)["ImageLocation"] == "b/web.manifest.xml"
    # `!` is not allowed in a name: found at the `!` of the template.
    (ami106,) = [d for d in diagnostics(text) if d.rule == "AMI106"]
    assert (ami106.start.line, ami106.start.column, ami106.end.column) == (4, 29, 30)


def test_string_concatenation_and_escapes() -> None:
    text = (
        'const prefix = "web-";\n'
        'new RegisterImageCommand({ Name: prefix + "2024", Description: "tab\\there \\u00e9\\x41", '
        "RootDeviceName: '/dev/xvd' + suffix });\n"
    )
    (root,) = requests(text)
    assert to_python(root)["Name"] == "web-2024"
    assert to_python(root)["Description"] == "tab\there éA"
    assert isinstance(root.get("RootDeviceName"), Unknown)


def test_numbers_booleans_null_and_undefined() -> None:
    text = (
        "new RegisterImageCommand({ Name: 'abc', EnaSupport: true, SriovNetSupport: null, KernelId: undefined,\n"  # noqa: E501
        '  BlockDeviceMappings: [{ DeviceName: "/dev/sdf", Ebs: { VolumeSize: 0x10, Iops: 3_000, '
        "Throughput: 1.5e2, DeleteOnTermination: false } }] });\n"
    )
    assert only(text) == {
        "Name": "abc",
        "EnaSupport": True,
        "SriovNetSupport": None,
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/sdf",
                "Ebs": {"VolumeSize": 16, "Iops": 3000, "Throughput": 150.0, "DeleteOnTermination": False},
            }
        ],
    }


def test_unknown_expressions_silence_the_rules_that_need_them() -> None:
    text = (
        "export const handler = async (event) => {\n"
        "  const params = {\n"
        "    Name: event.name,\n"
        "    Architecture: process.env.ARCH,\n"
        "    VirtualizationType: cond ? 'hvm' : 'paravirtual',\n"
        "    BlockDeviceMappings: event.mappings,\n"
        "    RootDeviceName: getRoot(),\n"
        "  };\n"
        "  return ec2.registerImage(params).promise();\n"
        "};\n"
    )
    (root,) = requests(text, "index.js")
    assert all(isinstance(entry.value, Unknown) for entry in root.entries)
    assert found(text, "index.js") == []


def test_a_member_whose_value_may_be_undefined_is_not_taken_as_given() -> None:
    """The SDK leaves out `undefined` members: `BillingProducts: src.BillingProducts`
    (a copy of another image's attributes) may well not be sent."""
    text = (
        "const params = { Name: src.Name, BillingProducts: src.BillingProducts, KernelId: src.KernelId,\n"
        '  VirtualizationType: "hvm", RamdiskId: `ari-${id}`, SriovNetSupport: "simple" };\n'
        "await ec2.registerImage(params).promise();\n"
        'await ec2.registerImage({ ...params, BillingProducts: ["bp-63a5400a"] }).promise();\n'
    )
    first, _ = requests(text)
    assert [e.name for e in first.entries] == ["Name", "VirtualizationType", "RamdiskId", "SriovNetSupport"]
    assert [d for d in found(text) if d.endswith("AMI318")] == ["4:55-4:70 AMI318"]


def test_spreads_resolved_or_open_ended() -> None:
    text = (
        'const defaults = { Architecture: "x86_64", VirtualizationType: "hvm", EnaSupport: true };\n'
        'new RegisterImageCommand({ ...defaults, Name: "web-2024", Architecture: "arm64" });\n'
        'new RegisterImageCommand({ ...options, Name: "web-2024" });\n'
    )
    extraction = JAVASCRIPT.extract(Source.from_text(text, "a.ts"), NoFiles())
    first, second = list(extraction.requests)
    assert to_python(first.request.root) == {
        "Architecture": "arm64",
        "VirtualizationType": "hvm",
        "EnaSupport": True,
        "Name": "web-2024",
    }
    assert not first.request.open_ended
    assert second.request.open_ended
    # The open-ended one is not told it lacks what the spread may hold.
    assert [d for d in found(text, "a.ts") if d.startswith("3:")] == []


def test_a_nested_spread_makes_that_object_unknown() -> None:
    text = (
        'new RegisterImageCommand({ Name: "web-2024", VirtualizationType: "hvm", Architecture: "x86_64",\n'
        '  BlockDeviceMappings: [{ DeviceName: "/dev/sdf", Ebs: { ...ebsDefaults, VolumeType: "gp3" } }, ...more] });\n'  # noqa: E501
    )
    (root,) = requests(text)
    assert isinstance(root.get("BlockDeviceMappings"), Unknown)
    assert "AMI207" not in " ".join(found(text))


def test_assignments_before_the_call() -> None:
    text = (
        "async function main(arm: boolean) {\n"
        '  const params = { Name: "web-2024", Architecture: "x86_64" };\n'
        '  params.VirtualizationType = "paravirtual";\n'
        '  params["Description"] = "d";\n'
        '  if (arm) params.Architecture = "arm64";\n'
        '  Object.assign(params, { EnaSupport: true, RootDeviceName: "/dev/xvda" });\n'
        "  console.log(JSON.stringify(params));\n"
        "  await ec2.registerImage(params).promise();\n"
        '  params.Name = "after";\n'
        "}\n"
    )
    (root,) = requests(text)
    value = to_python(root)
    assert value["VirtualizationType"] == "paravirtual" and value["Description"] == "d"
    assert value["Name"] == "web-2024" and value["EnaSupport"] is True
    assert isinstance(root.get("Architecture"), Unknown)
    # EnaSupport on a paravirtual image, at the value `Object.assign` wrote.
    assert "6:39-6:43 AMI308" in found(text)


# TypeScript.


def test_typescript_syntax_does_not_confuse_the_reader() -> None:
    text = (
        "interface Options<T extends object = {}> { name: string; extra?: T }\n"
        "type Input = RegisterImageCommandInput & { readonly tag?: string };\n"
        "enum Arch { X86 = 'x86_64' }\n"
        "@decorator()\n"
        "class Builder<T> {\n"
        "  private readonly client = new EC2Client({});\n"
        "  constructor(private opts: Options<T>) {}\n"
        "  async register(this: Builder<T>, snapshot: string): Promise<string> {\n"
        "    const input = <RegisterImageCommandInput>{\n"
        '      Name: "web-2024-06-01",\n'
        '      Architecture: "x86_64",\n'
        '      VirtualizationType: "hvm" as VirtualizationType,\n'
        "      EnaSupport: true,\n"
        '      RootDeviceName: "/dev/xvda",\n'
        '      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: snapshot, VolumeSize: 8 } }],\n'  # noqa: E501
        "    };\n"
        "    const out = await this.client.send(new RegisterImageCommand(input satisfies Input));\n"
        "    return out.ImageId!;\n"
        "  }\n"
        "}\n"
    )
    assert found(text) == []
    value = only(text)
    assert isinstance(value, dict) and value["VirtualizationType"] == "hvm"


def test_tsx_and_jsx_files() -> None:
    tsx = (
        "export const Button = (p: Props) => <button onClick={() => "
        'client.send(new RegisterImageCommand({ Name: "x" }))}>go</button>;\n'
    )
    assert "1:105-1:108 AMI105" in found(tsx, "ui/App.tsx")
    jsx = tsx.replace("(p: Props)", "(p)")
    assert "1:98-1:101 AMI105" in found(jsx, "ui/App.jsx")


# Notation, suppressions, mocks.


def test_messages_use_javascripts_notation() -> None:
    text = (
        'new RegisterImageCommand({ Name: "web-2024", EnaSupport: true, VirtualizationType: "paravirtual",\n'
        '  BlockDeviceMappings: [{ DeviceName: "/dev/sdf", Ebs: { VolumeSize: 8, VolumeType: "gp2", Iops: 100 } }] });\n'  # noqa: E501
    )
    messages = {d.rule: d.message for d in diagnostics(text)}
    assert messages["AMI308"].startswith("`EnaSupport` is `true` but ")
    assert "`BlockDeviceMappings[0].Ebs.Iops`" in messages["AMI209"] or "`Iops`" in messages["AMI209"]


def test_suppression_comments() -> None:
    text = (
        "// ami-lint: disable=AMI104\n"
        'new RegisterImageCommand({ Name: "web-2024",\n'
        '  Architecture: "amd64" });\n'
        'new RegisterImageCommand({ Name: "web-2025", Architecture: "amd64" }); /* ami-lint: disable=AMI104 */\n'  # noqa: E501
        'new RegisterImageCommand({ Name: "web-2026",\n'
        '  Architecture: "amd64", // ami-lint: disable=AMI104 -- a test fixture\n'
        '  ImdsSupport: "v1" });\n'
    )
    assert _reported(text, "AMI104") == ["7:16-7:20"]


def test_disable_file_and_a_bad_directive() -> None:
    text = (
        'new RegisterImageCommand({ Name: "web-2024", Architecture: "amd64" });\n'
        "// ami-lint: disable-file=AMI104\n"
    )
    assert _reported(text, "AMI104") == []
    done = run_cli("--stdin-filename", "x.ts", "-", stdin=text.replace("disable-file", "disable-fil"))
    assert "Not an ami-lint directive" in done.stdout + done.stderr


def _reported(text: str, rule: str) -> list[str]:
    """Where the CLI reports `rule` for `text` given as a TypeScript file, suppressions applied."""
    done = run_cli("--format", "json", "--stdin-filename", "x.ts", "-", stdin=text)
    return [
        f"{d['line']}:{d['column']}-{d['end_line']}:{d['end_column']}"
        for d in json.loads(done.stdout)["diagnostics"]
        if d["rule"] == rule
    ]


def test_calls_against_a_mock_are_not_checked() -> None:
    text = (
        'import { mockClient } from "aws-sdk-client-mock";\n'
        'await client.send(new RegisterImageCommand({ Name: "t" }));\n'
    )
    extraction = JAVASCRIPT.extract(Source.from_text(text, "a.test.ts"), NoFiles())
    assert list(extraction.requests) == []
    assert "aws-sdk-client-mock" in (extraction.skipped or "")


# Hosts and the walk.


def test_markdown_fences_in_javascript_and_typescript(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(
        "# Registering\n\n"
        "```typescript\n"
        'const input: RegisterImageCommandInput = { Name: "web", Architecture: "amd64", ... };\n'
        "await client.send(new RegisterImageCommand(input));\n"
        "```\n\n"
        "```js\n"
        'ec2.registerImage({ Name: "<name>", Architecure: "x86_64" }).promise();\n'
        "```\n\n"
        "```json\n"
        '{"Name": "x"}\n'
        "```\n",
        encoding="utf-8",
    )
    done = run_cli("--format", "json", str(doc))
    got = sorted((d["line"], d["column"], d["rule"]) for d in json.loads(done.stdout)["diagnostics"])
    # The `...` of documentation stands for members not shown; `<name>` for a value.
    assert got == [(4, 71, "AMI104"), (9, 19, "AMI301"), (9, 19, "AMI306"), (9, 37, "AMI101")]


def test_the_walk_claims_every_suffix(tmp_path: Path) -> None:
    call = 'new RegisterImageCommand({ Name: "x" });\n'
    for name in ("a.js", "b.mjs", "c.cjs", "d.jsx", "e.ts", "f.mts", "g.cts", "h.tsx"):
        (tmp_path / name).write_text(call, encoding="utf-8")
    (tmp_path / "unrelated.js").write_text("export default 1;\n", encoding="utf-8")
    done = run_cli("--format", "json", "--select", "AMI105", str(tmp_path))
    paths = sorted(Path(d["path"]).name for d in json.loads(done.stdout)["diagnostics"])
    assert paths == ["a.js", "b.mjs", "c.cjs", "d.jsx", "e.ts", "f.mts", "g.cts", "h.tsx"]
    assert done.returncode == 1


def test_a_run_over_unrelated_files_imports_no_grammar(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"m{i}.js").write_text(f"export const x{i} = {i};\n", encoding="utf-8")
    code = (
        "import sys\nfrom ami_lint.cli import main\n"
        f"try:\n    main(['--quiet', {str(tmp_path)!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('tree_sitter_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stdout
    assert out.strip().splitlines()[-1] == "[]"


# The differential test: the same request as a CLI skeleton gives the same rules.

DIFFERENTIAL = [
    GOOD,
    {**GOOD, "Architecture": "amd64", "VirtualizationType": "paravirtual"},
    {"Name": "a", "ImageLocation": "s3://bucket/image", "KernelId": "aki-1", "VirtualizationType": "hvm"},
    {
        "Name": "db (2024)",
        "TpmSupport": "v2.0",
        "BootMode": "legacy-bios",
        "RootDeviceName": "/dev/sda1",
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/sdb",
                "Ebs": {"VolumeType": "io2", "Iops": 10, "VolumeSize": 4, "Encrypted": True},
            },
            {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0", "NoDevice": "x"},
            {"Ebs": {"SnapshotId": "snap-1", "Throughput": 2000, "KmsKeyId": "k"}},
        ],
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "aws:x", "Value": "y"}]}],
    },
    {
        "Name": "x" * 200,
        "EnaSupport": "true",
        "BillingProducts": "bp-1",
        "UefiData": "@@",
        "SnapshotId": "snap-1",
    },
]


def _js_literal(value: object) -> str:
    """`value` as JavaScript writes it: keys unquoted where they can be."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key}: {_js_literal(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_js_literal(item) for item in value) + "]"
    return json.dumps(value)


@pytest.mark.parametrize("request_value", DIFFERENTIAL, ids=range(len(DIFFERENTIAL)))
@pytest.mark.parametrize("form", ["v3", "v2", "const"])
def test_same_rules_as_the_cli_skeleton(request_value: dict, form: str) -> None:
    literal = _js_literal(request_value)
    code = {
        "v3": f"await client.send(new RegisterImageCommand({literal}));\n",
        "v2": f"const r = await ec2.registerImage({literal}).promise();\n",
        "const": f"const input: RegisterImageCommandInput = {literal};\nawait client.send(new RegisterImageCommand(input));\n",  # noqa: E501
    }[form]
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    skeleton = sorted(d.rule for d in lint(json.dumps(request_value), "request.json", "json", linter))
    program = sorted(d.rule for d in lint(code, "register.ts", "javascript", linter))
    assert program == skeleton
    assert skeleton or request_value is GOOD
    assert not [r for r in program if r.startswith("AMI4")]


# A real-style script.

SCRIPT = """\
#!/usr/bin/env -S npx tsx
/**
 * Registers the image built by the pipeline from its root snapshot.
 */
import { EC2Client, RegisterImageCommand, type RegisterImageCommandInput } from "@aws-sdk/client-ec2";
import { parseArgs } from "node:util";

const REGION = process.env.AWS_REGION ?? "eu-west-1";
const ROOT = "/dev/xvda";

const { values } = parseArgs({ options: { snapshot: { type: "string" }, version: { type: "string" } } });

async function register(snapshotId: string, version: string): Promise<string> {
  const client = new EC2Client({ region: REGION });
  const input: RegisterImageCommandInput = {
    Name: `web-server-${version}`,
    Description: "Web server image",
    Architecture: "arm64",
    VirtualizationType: "hvm",
    EnaSupport: true,
    BootMode: "legacy-bios",
    RootDeviceName: ROOT,
    BlockDeviceMappings: [
      { DeviceName: ROOT, Ebs: { SnapshotId: snapshotId, VolumeType: "gp3", VolumeSize: 8,
        Throughput: 1000, DeleteOnTermination: true } },
      { DeviceName: "/dev/sdb", VirtualName: "ephemeral0" },
    ],
    TagSpecifications: [{ ResourceType: "image", Tags: [{ Key: "version", Value: version }] }],
  };
  const { ImageId } = await client.send(new RegisterImageCommand(input));
  if (!ImageId) throw new Error("no image id");
  return ImageId;
}

register(values.snapshot!, values.version ?? "dev").then(console.log);
"""


def test_a_real_style_typescript_script() -> None:
    # arm64 with legacy-bios (AMI312), gp3 throughput 1000 over 0.25 MiB/s per IOPS at 3000 IOPS (AMI215).
    assert found(SCRIPT) == ["21:15-21:28 AMI312", "25:21-25:25 AMI215"]


# Hostile input.


def _generated(lines: int) -> str:
    chunk = "export function f{i}(a, b) {{ const o = {{ k: `t${{a}}`, v: [1, 2, {{ x: b }}] }}; return o.k + '{i}'; }}\n"  # noqa: E501
    body = "".join(chunk.format(i=i) for i in range(lines))
    return body + 'await client.send(new RegisterImageCommand({ Name: "x" }));\n'


def _extract_time(text: str) -> tuple[float, list[object]]:
    start = time.perf_counter()
    extraction = JAVASCRIPT.extract(Source.from_text(text, "big.js"), NoFiles())
    got = [to_python(f.request.root) for f in extraction.requests]
    return time.perf_counter() - start, got


def test_ten_megabytes_of_javascript_end_cleanly(tmp_path: Path) -> None:
    big = _generated(100_000)
    assert len(big.encode()) > 10_000_000
    path = tmp_path / "bundle.js"
    path.write_text(big, encoding="utf-8")
    start = time.perf_counter()
    done = run_cli(str(path))
    assert time.perf_counter() - start < 10
    assert done.returncode == 0, done.stderr
    assert "not linted: larger than 1048576 bytes" in done.stderr


def test_parsing_is_linear() -> None:
    """Files up to `--max-file-size` (1 MiB by default) are parsed in time
    proportional to their size (tree-sitter-javascript reads about 2 MB/s)."""
    t_small, small = _extract_time(_generated(2_000))
    t_big, big = _extract_time(_generated(8_000))
    assert small == big == [{"Name": "x"}]
    assert t_big < 6 * t_small + 0.2, (t_small, t_big)


def _many_calls(n: int) -> str:
    head = 'const input = { Name: "web-2024", VirtualizationType: "hvm" };\nlet other = 1;\n'
    body = "".join(
        f'input.Description = "d{i}";\nother = {i};\nawait client.send(new RegisterImageCommand(input));\n'
        for i in range(n)
    )
    return head + body


def test_many_calls_on_one_input_in_linear_time() -> None:
    """Each call looks its input up and applies the writes before it: the
    block's declarations and writes are read once, not once per call."""
    t_small, _ = _extract_time(_many_calls(200))
    t_big, big = _extract_time(_many_calls(800))
    assert len(big) == 800 and big[-1]["Description"] == "d799"  # type: ignore[index]
    # Each call applies the writes before it (a quadratic part, but a cheap one):
    # four times the calls, well under sixteen times the time.
    assert t_big < 10 * t_small + 0.5, (t_small, t_big)


def test_deep_nesting_ends_cleanly() -> None:
    depth = 20_000
    text = (
        "new RegisterImageCommand({ Name: 'web-2024', X: " + "{a: [" * depth + "1" + "]}" * depth + " });\n"
    )
    got = diagnostics(text, "deep.js")
    assert [d.rule for d in got if d.rule == "AMI101"] == ["AMI101"]


BROKEN = [
    "new RegisterImageCommand({ Name: 'web-2024', Architecture: 'amd64', BlockDeviceMappings: [{ ",
    "new RegisterImageCommand({ Name: 'web-2024' Architecture 'amd64' });",
    "new RegisterImageCommand(",
    "}}}}]]]) new RegisterImageCommand({ Name: 'ab' }) {{{{",
    "ec2.registerImage(",
    "const input = ; new RegisterImageCommand(input);",
    "\x00\ufeff new RegisterImageCommand({ Name: '\ud7ff\U0001f600' });",
    "new RegisterImageCommand({ Name: '\\ud800 \\u{110000} \\x4 \\u{}', Description: `${`${`x`}`}` });",
    "new RegisterImageCommand({ Name: " + " + ".join(["'a'"] * 5000) + " });",
    "new RegisterImageCommand({ Name: " + "`${" * 3000 + "1" + "}`" * 3000 + " });",
    "const a = b; const b = a; new RegisterImageCommand({ ...a, Name: a, [a]: 1 });",
]


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
@pytest.mark.parametrize("name", ["broken.ts", "broken.js", "broken.tsx"])
def test_broken_syntax_ends_cleanly(text: str, name: str) -> None:
    for d in diagnostics(text, name):
        assert d.rule.startswith("AMI")


def test_broken_files_through_the_cli(tmp_path: Path) -> None:
    for i, text in enumerate(BROKEN):
        (tmp_path / f"broken{i}.ts").write_text(text, encoding="utf-8", errors="surrogatepass")
    done = run_cli("--format", "json", str(tmp_path))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    json.loads(done.stdout)


def test_findings_past_a_syntax_error_in_the_input_are_not_reported() -> None:
    text = (
        "new RegisterImageCommand({ Name: 'web-2024', Architecture: 'amd64',\n"
        "  VirtualizationType: 'hvm' EnaSupport: 'yes', Description: 'x'.repeat(300) });\n"
    )
    got = found(text)
    assert "1:60-1:67 AMI104" in got
    assert not [d for d in got if d.startswith("2:")]
