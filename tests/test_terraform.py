"""The Terraform front end (ami_lint/frontends/terraform.py): each
`resource "aws_ami"` is the request the AWS provider sends, its defaults
applied, findings in Terraform's names at exact positions."""

from __future__ import annotations

import functools
import json
import random
import subprocess
import sys

import pytest

from ami_lint.diagnostics import Diagnostic
from ami_lint.engine import Linter, Options
from ami_lint.frontends import claim
from ami_lint.registry import builtin_registry
from ami_lint.selection import Selection
from tests.conftest import ROOT, lint, located, run_cli


@functools.cache
def _linter() -> Linter:
    return Linter(Options(selection=Selection(select=("ALL",))))


def _lint(text: str, name: str = "main.tf", fmt: str = "terraform") -> list[Diagnostic]:
    return lint(text, name, fmt, _linter())


def _found(text: str, name: str = "main.tf", fmt: str = "terraform") -> list[str]:
    return [located(d) for d in _lint(text, name, fmt)]


def _ids(text: str, name: str = "main.tf", fmt: str = "terraform") -> set[str]:
    return {d.rule for d in _lint(text, name, fmt)}


GOOD = """\
resource "aws_ami" "web" {
  name                = "web-2024-06-01"
  virtualization_type = "hvm"
  ena_support         = true
  root_device_name    = "/dev/xvda"
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0db2cf683925d191f"
    volume_type = "gp3"
  }
}
"""


def test_a_good_resource_has_no_finding() -> None:
    assert _lint(GOOD) == []


def test_claims() -> None:
    assert claim("infra/main.tf").name == "terraform"  # type: ignore[union-attr]
    assert claim("infra/main.tf.json").name == "terraform"  # type: ignore[union-attr]
    assert claim("infra/package.json").name == "json"  # type: ignore[union-attr]
    assert claim("infra/terraform.tfvars") is None


# The provider's own example (website/docs/r/ami.html.markdown of
# hashicorp/terraform-provider-aws, "Example Usage"), written out again here.
DOCS_EXAMPLE = """\
resource "aws_ami" "example" {
  name                = "terraform-example"
  virtualization_type = "hvm"
  root_device_name    = "/dev/xvda"
  imds_support        = "v2.0" # IMDSv2 only
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-xxxxxxxx"
    volume_size = 8
  }
}
"""


def test_the_providers_documentation_example() -> None:
    # As a file: the snapshot ID is the page's placeholder, and the HVM image has no ENA.
    assert _found(DOCS_EXAMPLE) == ["1:1-11:2 AMI311", "8:19-8:34 AMI107"]
    # On a documentation page, `snap-xxxxxxxx` is left for the reader: only AMI311.
    page = "# aws_ami\n\n## Example Usage\n\n```terraform\n" + DOCS_EXAMPLE + "```\n"
    assert _found(page, "ami.html.markdown", "markdown") == ["6:1-16:2 AMI311"]


NITRO = "it cannot launch on current-generation (Nitro) instance types"
NO_ENA = GOOD.replace("  ena_support         = true\n", "")
PARAVIRTUAL_ENA = "ENA is supported only for HVM images"
DEFAULTS = [
    # (what the provider sends, the resource, the findings' messages)
    ("architecture x86_64: AMI305 never fires", GOOD, []),
    (
        "virtualization_type paravirtual, always sent: AMI306, and AMI308 is sure",
        GOOD.replace('  virtualization_type = "hvm"\n', ""),
        [
            "`virtualization_type` is not set: the provider sends `paravirtual`, "
            "though `ena_support` needs `hvm`",
            "`ena_support` is `true` but the provider sends `virtualization_type` `paravirtual`: "
            + PARAVIRTUAL_ENA,
        ],
    ),
    (
        "ena_support false: AMI311",
        NO_ENA,
        ["No `ena_support` on an `hvm` image: it cannot launch on current-generation (Nitro) instance types"],
    ),
    (
        "sriov_net_support simple is never itself a finding (no AMI309)",
        NO_ENA.replace('"hvm"', '"paravirtual"'),
        ["`virtualization_type` is `paravirtual`, which runs only on previous-generation instance types"],
    ),
]


@pytest.mark.parametrize(("what", "text", "messages"), DEFAULTS, ids=[d[0] for d in DEFAULTS])
def test_the_providers_defaults(what: str, text: str, messages: list[str]) -> None:
    linter = Linter(Options(selection=Selection(select=("ALL", "AMI307"))))
    assert [d.message for d in lint(text, "main.tf", "terraform", linter)] == messages


def test_volume_type_standard_by_default() -> None:
    text = GOOD.replace('volume_type = "gp3"', "iops        = 3000")
    found = _lint(text)
    assert [(located(d), d.message) for d in found] == [
        ("9:5-9:9 AMI209", "`iops` is not supported for `volume_type` `standard`")
    ]


def test_encrypted_beside_a_snapshot() -> None:
    # `true` stops the provider at apply; `false` it drops; without a snapshot it is sent.
    assert _found(GOOD.replace('volume_type = "gp3"', 'volume_type = "gp3"\n    encrypted = true')) == [
        "10:5-10:14 AMI216"
    ]
    assert _lint(GOOD.replace('volume_type = "gp3"', 'volume_type = "gp3"\n    encrypted = false')) == []


def test_zero_is_not_sent() -> None:
    # `iops = 0` on a gp3 volume: the provider sends no `Iops` (`v != 0`).
    assert (
        _lint(GOOD.replace('volume_type = "gp3"', 'volume_type = "gp3"\n    iops = 0\n    throughput = 0'))
        == []
    )


def test_literals_converted_as_terraform_converts_them() -> None:
    text = GOOD.replace("true", '"true"').replace(
        'volume_type = "gp3"', 'volume_type = "gp3"\n    volume_size = "8"'
    )
    assert _lint(text) == []
    assert _found(GOOD.replace("true", '"yes"')) == ["4:25-4:30 AMI103"]


def test_names_and_values_in_terraform() -> None:
    more = (
        '  ephemeral_block_device {\n    device_name  = "/dev/sdb"\n    virtual_name = "ephemeral0"\n  }\n'
        '  ebs_block_device {\n    device_name = "/dev/sdf"\n'
        '    volume_size = 10\n    volume_type = "io2"\n  }\n'
    )
    text = GOOD.replace("  }\n}", "  }\n" + more + "}")
    found = _lint(text)
    # The second `ebs_block_device` is the second mapping (EBS ones are sent first).
    assert [(located(d), d.message, d.hint) for d in found] == [
        (
            "15:3-19:4 AMI208",
            "`ebs_block_device[1]` has `volume_type` `io2` but no `iops`",
            "Add `iops` (100\u2013256000) for the `io2` volume",
        )
    ]


def test_unknown_values_are_not_checked() -> None:
    text = """\
variable "size" { default = 8 }
resource "aws_ami" "web" {
  count               = var.enabled ? 1 : 0
  name                = "${var.env}-web"
  description         = templatefile("d.tpl", {})
  virtualization_type = local.virt
  ena_support         = true
  root_device_name    = data.aws_ebs_snapshot.root.tags["device"]
  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = aws_ebs_snapshot.root.id
    volume_type = var.type
    iops        = [for i in var.x : i][0]
  }
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_ebs_snapshot.root]
  provider   = aws.west
}
"""
    assert _lint(text) == []


def test_a_partly_known_template_is_unknown() -> None:
    # `${…}` may hold anything: the `#` around it is not reported either way.
    assert _lint(GOOD.replace('"web-2024-06-01"', '"web-${var.build}"')) == []
    assert _found(GOOD.replace('"web-2024-06-01"', '"web#${var.build}"')) == []


def test_heredoc_description() -> None:
    text = GOOD.replace(
        "  ena_support", "  description = <<-EOT\n    " + "x" * 300 + "\n    EOT\n  ena_support"
    )
    assert _found(text) == ["4:17-6:8 AMI105"]


def test_dynamic_blocks_are_open_ended() -> None:
    text = """\
resource "aws_ami" "web" {
  name                = "web-1"
  virtualization_type = "hvm"
  ena_support         = true
  root_device_name    = "/dev/xvda"
  dynamic "ebs_block_device" {
    for_each = var.disks
    content {
      device_name = ebs_block_device.value.name
      snapshot_id = ebs_block_device.value.snapshot
    }
  }
}
"""
    # No "no boot source", no "root device not mapped": the mappings are generated.
    assert _lint(text) == []


def test_misspelt_argument_and_no_knock_on() -> None:
    text = GOOD.replace("virtualization_type =", "virtualisation_type =")
    found = _lint(text)
    assert [(located(d), d.message, d.hint) for d in found] == [
        (
            "3:3-3:22 AMI101",
            "Unknown argument `virtualisation_type` in `aws_ami`",
            "Did you mean `virtualization_type`?",
        )
    ]


def test_unknown_block_and_nested_argument() -> None:
    text = GOOD.replace("    volume_type", "    volume_tpye").replace(
        "  ebs_block_device {", "  root_block_device {}\n  ebs_block_device {"
    )
    found = _lint(text)
    assert [(located(d), d.message, d.hint) for d in found] == [
        (
            "6:3-6:20 AMI101",
            "Unknown block type `root_block_device` in `aws_ami`",
            "Did you mean `ebs_block_device`?",
        ),
        (
            "10:5-10:16 AMI101",
            "Unknown argument `volume_tpye` in `ebs_block_device`",
            "Did you mean `volume_type`?",
        ),
    ]


def test_computed_attribute_cannot_be_set() -> None:
    found = _lint(GOOD.replace("  ena_support", '  arn = "x"\n  ena_support'))
    assert [(located(d), d.message) for d in found] == [
        ("4:3-4:6 AMI101", "`arn` cannot be set: the provider computes it")
    ]


def test_tags_are_the_images() -> None:
    found = _lint(
        GOOD.replace(
            "  ena_support", '  tags = {\n    Name      = "web"\n    "aws:env" = "x"\n  }\n  ena_support'
        )
    )
    assert [(located(d), d.message) for d in found] == [
        ("6:5-6:14 AMI108", "Tag key `aws:env` uses the reserved prefix `aws:`")
    ]


def test_syntax_error_keeps_the_other_resources() -> None:
    text = 'resource "aws_ami" "broken" {\n  name = \n}\n' + GOOD.replace(
        "  ena_support         = true\n", ""
    )
    found = _lint(text)
    # tree-sitter reads the `}` as the value, and the next resource inside the
    # broken one: it is still checked; nothing is said of the broken one as a whole.
    assert [(located(d), d.message) for d in found] == [
        ("1:29-1:30 AMI007", "The `{` on line 1 is never closed"),
        ("2:9-2:9 AMI007", "A value is missing"),
        ("4:1-13:2 AMI311", "No `ena_support` on an `hvm` image: " + NITRO),
    ]


def test_unclosed_block() -> None:
    found = _lint(GOOD[: GOOD.rindex("}")])
    assert [(located(d), d.message) for d in found] == [
        ("1:26-1:27 AMI007", "The `{` on line 1 is never closed")
    ]


def test_quiet_without_aws_ami() -> None:
    text = 'resource "aws_instance" "web" {\n  ami = data.aws_ami.ubuntu.id\n}\ndata "aws_ami" "ubuntu" {}\n'
    assert _lint(text) == []
    assert _lint("this is { not HCL at all") == []


def test_suppression_comments(tmp_path) -> None:
    bare = GOOD.replace("  ena_support         = true\n", "")
    assert _ids(bare) == {"AMI311"}
    texts = {
        "hash.tf": "# ami-lint: disable=AMI311\n" + bare,
        "slashes.tf": "// ami-lint: disable=AMI311\n" + bare,
        "block.tf": "/* ami-lint: disable=AMI311 */\n" + bare,
        # After code: its line, where the finding about the whole block starts.
        "trailing.tf": bare.replace(" {\n", " { # ami-lint: disable=AMI311\n", 1),
        "other.tf": "# ami-lint: disable=AMI306\n" + bare,
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = _cli(*(str(tmp_path / name) for name in texts))
    assert "AMI311" in done.stdout
    assert [
        line.split(":")[0].rsplit("/", 1)[-1] for line in done.stdout.splitlines() if " AMI311 " in line
    ] == ["other.tf"]


def test_terraform_json() -> None:
    document = {
        "resource": {
            "aws_ami": {
                "web": {
                    "name": "${var.env}-web",
                    "virtualization_type": "hvm",
                    "ena_support": "true",
                    "root_device_name": "/dev/xvda",
                    "ebs_block_device": [
                        {
                            "device_name": "/dev/xvda",
                            "snapshot_id": "snap-0db2cf683925d191f",
                            "volume_type": "io2",
                        }
                    ],
                    "//": "a comment",
                }
            }
        }
    }
    text = json.dumps(document, indent=2) + "\n"
    found = _lint(text, "main.tf.json")
    assert [(located(d), d.message) for d in found] == [
        ("10:11-14:12 AMI208", "`ebs_block_device[0]` has `volume_type` `io2` but no `iops`")
    ]
    assert _lint(json.dumps({"resource": {"aws_instance": {"aws_ami": {}}}}), "main.tf.json") == []
    # Repeated names are repeated blocks (or comments) to Terraform: no AMI006.
    repeated = text.replace('"//": "a comment"', '"//": "a comment", "//": "another"')
    assert [d.rule for d in _lint(repeated, "main.tf.json")] == ["AMI208"]


def test_markdown_fences() -> None:
    page = (
        '# Build\n\n- Register:\n\n  ```hcl\n  resource "aws_ami" "web" {\n    name = "web-1"\n'
        "    ena_support = true\n  }\n  ```\n"
    )
    found = _lint(page, "README.md", "markdown")
    assert [located(d) for d in found] == ["6:3-9:4 AMI301", "6:3-9:4 AMI306", "8:19-8:23 AMI308"]
    assert found[1].message.startswith("`virtualization_type` is not set: the provider sends `paravirtual`")


# Differential: a Terraform resource and the CLI skeleton the provider sends
# for it give the same rule ids.
TOP_CHOICES = {
    "architecture": ["x86_64", "arm64", "amd64"],
    "boot_mode": ["uefi", "legacy-bios", None],
    "ena_support": [True, False, None],
    "tpm_support": ["v2.0", None],
    "imds_support": ["v2.0", "v1", None],
    "root_device_name": ["/dev/xvda", "/dev/sda1", None],
    "name": ["web-2024-06-01", "ab", "web#1", None],
    "kernel_id": ["aki-88aa75e1", None],
}
EBS_CHOICES = {
    "device_name": ["/dev/xvda", "/dev/sdf", None],
    "snapshot_id": ["snap-0db2cf683925d191f", "snap-12", None],
    "volume_size": [8, 20000, None],
    "volume_type": ["gp3", "io2", "gp2", "st1"],
    "iops": [3000, 100, None],
    "throughput": [125, 5000, None],
    "encrypted": [True, None],
}
API = {
    "architecture": "Architecture",
    "boot_mode": "BootMode",
    "ena_support": "EnaSupport",
    "tpm_support": "TpmSupport",
    "imds_support": "ImdsSupport",
    "root_device_name": "RootDeviceName",
    "name": "Name",
    "kernel_id": "KernelId",
    "device_name": "DeviceName",
    "snapshot_id": "SnapshotId",
    "volume_size": "VolumeSize",
    "volume_type": "VolumeType",
    "iops": "Iops",
    "throughput": "Throughput",
    "encrypted": "Encrypted",
}


def _hcl(value: object) -> str:
    return json.dumps(value)  # strings, numbers and booleans are written alike


def _pair(rng: random.Random) -> tuple[str, str]:
    top = {k: rng.choice(v) for k, v in TOP_CHOICES.items()}
    top["virtualization_type"] = rng.choice(["hvm", "paravirtual"])
    disks = [{k: rng.choice(v) for k, v in EBS_CHOICES.items()} for _ in range(rng.randrange(3))]
    lines = ['resource "aws_ami" "web" {']
    request: dict[str, object] = {}
    for key, value in top.items():
        if value is not None:
            lines.append(f"  {key} = {_hcl(value)}")
            request[{"virtualization_type": "VirtualizationType"}.get(key, API.get(key, key))] = value
    mappings = []
    for disk in disks:
        lines.append("  ebs_block_device {")
        mapping: dict[str, object] = {}
        ebs: dict[str, object] = {}
        for key, value in disk.items():
            if value is not None:
                lines.append(f"    {key} = {_hcl(value)}")
                (mapping if key == "device_name" else ebs)[API[key]] = value
        lines.append("  }")
        mapping["Ebs"] = ebs
        mappings.append(mapping)
    lines.append("}")
    if mappings:
        request["BlockDeviceMappings"] = mappings
    return "\n".join(lines) + "\n", json.dumps(request, indent=1) + "\n"


@pytest.mark.parametrize("seed", range(150))
def test_same_rules_as_the_cli_skeleton(seed: int) -> None:
    hcl, skeleton = _pair(random.Random(seed))
    # The provider also sends EnaSupport false and SriovNetSupport simple; no rule
    # of a written `false` differs from an absent one but AMI311's place.
    assert _ids(hcl) == _ids(skeleton, "request.json", "json"), (hcl, skeleton)


def test_every_applicable_rule_has_terraform_cases() -> None:
    from tests.test_rule_cases import ALL

    formats: dict[str, set[bool]] = {}
    for rule, case in ALL:
        if case["format"] == "terraform":
            formats.setdefault(rule, set()).add(bool(case.get("pass")))
    not_terraform = {"AMI001", "AMI002", "AMI003", "AMI004", "AMI005", "AMI006", "AMI109", "AMI201", "AMI204",
                     "AMI206", "AMI217", "AMI218", "AMI219", "AMI220", "AMI221", "AMI318"}  # fmt: skip
    for rule in builtin_registry():
        if rule.id.startswith("AMI4") or rule.id in not_terraform:
            continue
        wanted = {True} if rule.id == "AMI305" else {True, False}
        assert formats.get(rule.id) == wanted, rule.id


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin)


def test_cli_on_hostile_hcl(tmp_path) -> None:
    files = {
        "unterminated.tf": 'resource "aws_ami" "x" {\n  name = "abc\n  ebs_block_device {\n',
        "deep.tf": 'resource "aws_ami" "x" {\n  name = ' + "[" * 20000 + "\n}\n" + "a {" * 5000,
        "garbage.tf": 'resource "aws_ami" "x" \x00\x01 {{{ """ ${ %{ <<EOT\n',
        "nul.tf.json": '{"resource": {"aws_ami": [1, {"x": [[[[{}]]]]}]}}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = _cli(*(str(tmp_path / n) for n in files))
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert "AMI007" in done.stdout


def test_cli_on_a_10_mb_file(tmp_path) -> None:
    block = 'resource "aws_instance" "web%d" {\n  ami = "ami-0123456789abcdef0"\n}\n'
    text = "".join(block % i for i in range(200_000)) + 'resource "aws_ami" "x" {\n  name = "ab"\n}\n'
    assert len(text) > 10_000_000
    path = tmp_path / "big.tf"
    path.write_text(text, encoding="utf-8")
    done = _cli(str(path))
    # Over the default --max-file-size: not parsed, said in one line.
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "larger than" in done.stderr


def test_cli_walk_finds_terraform(tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "ami.tf").write_text(
        GOOD.replace("  ena_support         = true\n", ""), encoding="utf-8"
    )
    (tmp_path / "infra" / "vpc.tf").write_text('resource "aws_vpc" "x" {}\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ami_lint", "."], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # a warning
    assert "infra/ami.tf:1:1: warning AMI311" in done.stdout
    assert "vpc.tf" not in done.stdout


def test_the_documented_example(tmp_path) -> None:
    """docs/inputs/terraform.md: its example gives the findings it shows."""
    page = (ROOT / "docs" / "inputs" / "terraform.md").read_text(encoding="utf-8")
    example = page.split("```hcl\n", 1)[1].split("```\n", 1)[0]
    shown = page.split("```hcl\n", 1)[1].split("```\n\n```\n", 1)[1].split("```\n", 1)[0]
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "ami.tf").write_text(example, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ami_lint", "infra/ami.tf"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    headers = [line for line in done.stdout.splitlines() if line.startswith("infra/ami.tf:")]
    assert headers == shown.splitlines()


def test_random_edits_never_raise() -> None:
    """Edits of a good resource (brackets, quotes, templates, heredocs, NULs,
    astral characters inserted or text cut out) are read without an exception."""
    pieces = [
        "{",
        "}",
        "[",
        "]",
        '"',
        "=",
        "\n",
        "#",
        "/*",
        "${",
        "%{",
        "<<EOT\n",
        "\nEOT\n",
        "\\",
        "\x00",
        "😀",
    ]
    pieces += ['dynamic "ebs_block_device" {', 'resource "aws_ami" "x" {', "ami-lint: disable=AMI311"]
    rng = random.Random(17)
    for _ in range(120):
        text = GOOD
        for _ in range(rng.randrange(1, 5)):
            at = rng.randrange(len(text) + 1)
            cut = rng.randrange(0, 8)
            text = text[:at] + (rng.choice(pieces) if rng.random() < 0.6 else "") + text[at + cut :]
        _linter().lint_text(text, "main.tf", "terraform")


def test_markdown_placeholders() -> None:
    """What a page leaves out (`...`, `# ...`) or leaves for the reader
    (`<root-device>`, `"<snapshot-id>"`) is no mistake; what it shows still is."""
    page = (
        "# Register\n\n```hcl\n"
        'resource "aws_ami" "x" {\n  name = "abc"\n  ...\n  ebs_block_device {\n'
        '    device_name = "/dev/xvda"\n    snapshot_id = "<snapshot-id>"\n    volume_type = "gp4"\n  }\n}\n'
        "```\n\n```terraform\n"
        'resource "aws_ami" "y" {\n  name = "abc"\n  # ...\n  root_device_name = <root-device>\n}\n'
        "```\n"
    )
    found = _lint(page, "README.md", "markdown")
    assert [(located(d), d.rule) for d in found] == [("10:19-10:24 AMI104", "AMI104")]
