"""Issue 13, item 10d: deep nesting reaches no RecursionError in any stage.

With a large `--max-depth`, a 50,000-deep YAML value used to be read (the
reader is iterative) and then fail in a later stage: the schema check spelt
the value out (`repr`), which recursed as deep as the value. JSON stops
where the CLI's own decoder does (about 1,000 levels) and shorthand at 487
brackets; values that deep go through every stage too. In scripts, a command
nested thousands deep (`{ { … } }`, `$( $( … ) )`) took quadratic time: each
level asked tree-sitter for its parent, which walks down from the root.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.security.test_script_time import cpu

D = 50_000
HEAD = "Name: web-2024\nArchitecture: x86_64\nRootDeviceName: /dev/xvda\n"
COMMON = [
    (1, 1, "AMI306", "No `VirtualizationType`: it defaults to `paravirtual`"),
]


def findings(path: Path, *args: str, fmt: str = "json") -> list[tuple[int, int, str, str]]:
    proc = run_cli("--format", fmt, "--max-depth", "100000", *args, str(path))
    assert proc.stderr == ""
    assert proc.returncode == 1
    if fmt == "sarif":
        results = json.loads(proc.stdout)["runs"][0]["results"]
        return [
            (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"],
                r["ruleId"],
                r["message"]["text"].split(". Hint: ")[0],
            )
            for r in results
        ]
    return [(d["line"], d["column"], d["rule"], d["message"]) for d in json.loads(proc.stdout)["diagnostics"]]


YAML_CASES = {
    # A flow sequence as the value of a list of objects.
    "flow-sequence": (
        HEAD + "BlockDeviceMappings: " + "[" * D + "]" * D + "\n",
        [(4, 23, "AMI103", "`BlockDeviceMappings[0]` is a list but must be an object")],
    ),
    # Block sequences, nested on one line (`- - - x`).
    "block-sequence": (
        HEAD + "BlockDeviceMappings:\n" + "- " * D + "x\n",
        [(5, 3, "AMI103", "`BlockDeviceMappings[0]` is a list but must be an object")],
    ),
    # A mapping where an enum string goes (the enum and const messages).
    "flow-mapping": (
        HEAD + "TagSpecifications:\n- ResourceType: " + "{a: " * D + "b" + "}" * D + "\n  Tags: []\n",
        [
            (
                1,
                1,
                "AMI301",
                "No boot source: neither `ImageLocation` nor a `SnapshotId` on the root device's mapping",
            ),
            (5, 17, "AMI103", "`TagSpecifications[0].ResourceType` is an object but must be a string"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_deep_yaml_through_every_stage(tmp_path: Path, name: str) -> None:
    text, expected = YAML_CASES[name]
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert findings(path) == sorted([*COMMON, *expected])


def test_deep_yaml_in_sarif(tmp_path: Path) -> None:
    text, expected = YAML_CASES["flow-sequence"]
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert sorted(findings(path, fmt="sarif")) == sorted([*COMMON, *expected])


def test_deepest_json_the_decoder_reads(tmp_path: Path) -> None:
    # As deep as the CLI's decoder goes (it stops near 1,000): every stage copes.
    depth = 900
    body = '{"Name": "web-2024", "Architecture": "x86_64", "RootDeviceName": "/dev/xvda", '
    path = tmp_path / "deep.json"
    path.write_text(
        body
        + '"BlockDeviceMappings": '
        + "[" * depth
        + "]" * depth
        + ', "UefiData": '
        + '{"a": ' * depth
        + "1"
        + "}" * depth
        + "}\n"
    )
    assert findings(path) == sorted(
        [
            *COMMON,
            (1, 103, "AMI103", "`BlockDeviceMappings[0]` is a list but must be an object"),
            (1, 103 + 2 * depth + 13, "AMI103", "`UefiData` is an object but must be a string"),
            (
                1,
                103 + 2 * depth + 13,
                "AMI315",
                "`UefiData` is given without `BootMode`: the UEFI variables are never used",
            ),
        ]
    )


def test_deepest_shorthand(tmp_path: Path) -> None:
    proc = run_cli(
        "--format", "json", "--shorthand", "block-device-mappings", "DeviceName=" + "[" * 486 + "]" * 486
    )
    assert proc.stderr == ""
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert found == [(1, 1, "AMI201"), (1, 12, "AMI103")]


def test_deep_value_in_a_data_rule_check(tmp_path: Path) -> None:
    # A rule pack's `check` goes through jsonschema, which recurses with the
    # value: it says it could not check rather than failing the file.
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bdm-object.yaml").write_text(
        "id: AMI901\nname: bdm-object\nsummary: BlockDeviceMappings is an object\nseverity: error\n"
        "docs: x\ncheck:\n  schema: {properties: {BlockDeviceMappings: {type: object}}}\n"
        "  message: '`BlockDeviceMappings` is {value}'\n"
    )
    path = tmp_path / "deep.yaml"
    path.write_text(YAML_CASES["flow-sequence"][0])
    assert findings(path, "--rules-dir", str(rules), "--select", "AMI901") == [
        (1, 1, "AMI901", "Nesting too deep for this rule's check: not checked")
    ]
    shallow = tmp_path / "shallow.yaml"
    shallow.write_text(HEAD + "BlockDeviceMappings: [[[]]]\n")
    assert findings(shallow, "--rules-dir", str(rules), "--select", "AMI901") == [
        (4, 22, "AMI901", "`BlockDeviceMappings` is [[[]]]")
    ]


CALL = "aws ec2 register-image --name web-2024 --architecture x86_64 --root-device-name /dev/xvda"

SCRIPTS = {
    "braces": lambda d: "{ " * d + CALL + "; " + "}; " * (d - 1) + "}\n",
    "substitutions": lambda d: "X=" + "$(" * d + "echo hi" + ")" * d + "\n" + CALL + ' --description "$X"\n',
    "argument": lambda d: CALL + ' --description "' + "${A:-" * d + "x" + "}" * d + '"\n',
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_deep_script_in_linear_time(tmp_path: Path, name: str) -> None:
    make = SCRIPTS[name]
    small, large = (cpu("#!/bin/bash\n" + make(d)) for d in (5000, 20_000))
    # Four times as deep: about 4x the CPU time if linear, 16x if quadratic.
    # The margin between the two keeps a busy machine from failing it.
    assert large < 8 * small, (name, small, large)
    # And the call is still found, through the real command.
    path = tmp_path / "build.sh"
    path.write_text("#!/bin/bash\n" + make(20_000))
    proc = run_cli("--format", "json", "--select", "AMI306", str(path))
    assert proc.stderr == ""
    assert [d["rule"] for d in json.loads(proc.stdout)["diagnostics"]] == ["AMI306"]
