"""Python programs (ami_lint/frontends/python.py): boto3 `register_image` calls
as requests, each value resolved as a script's variable is, findings at exact
positions in Python's notation."""

from __future__ import annotations

import json
import time

import pytest

from ami_lint.engine import Linter, Options
from ami_lint.frontend import NoFiles
from ami_lint.frontends import claim
from ami_lint.frontends.python import PYTHON, PYTHON_VOCABULARY
from ami_lint.selection import Selection
from ami_lint.source import Source
from tests.conftest import lint, located, run_cli

WITH_AMI005 = Linter(Options(selection=Selection(select=("ALL", "AMI005"))))
SNAP = "snap-0db2cf683925d191f"


def found(text: str, linter: Linter | None = None, name: str = "register.py") -> list[str]:
    return [located(d) for d in lint(text, name, "python", linter)]


def messages(text: str, rule: str) -> list[str]:
    return [d.message for d in lint(text, "register.py", "python") if d.rule == rule]


# A complete request: nothing to report.
CLEAN = f"""import boto3

ec2 = boto3.client("ec2")
ec2.register_image(
    Name="web-2024-06-01",
    Architecture="x86_64",
    VirtualizationType="hvm",
    EnaSupport=True,
    RootDeviceName="/dev/xvda",
    BlockDeviceMappings=[
        {{"DeviceName": "/dev/xvda", "Ebs": {{"SnapshotId": "{SNAP}", "VolumeType": "gp3"}}}},
    ],
)
"""


def test_a_complete_call_is_clean() -> None:
    assert found(CLEAN) == []


# --- how values are resolved ---


def test_resolved_name_is_reported_where_its_literal_was_written() -> None:
    text = (
        "import boto3\n"
        "def build(ec2):\n"
        '    vtype = "io1"\n'
        '    ebs = {"VolumeSize": 8, "VolumeType": vtype, "Iops": 1000}\n'
        '    ec2.register_image(Name="db-2024-06-01", Architecture="x86_64", VirtualizationType="hvm",\n'
        '        EnaSupport=True, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": ebs}])\n'
    )
    # io1 allows 50 IOPS per GiB: the ratio is reported on `Iops` of the dict.
    assert found(text) == ["4:58-4:62 AMI214", "5:9-6:87 AMI301"]
    assert messages(text, "AMI214") == [
        "`Iops` is `1000` but `io1` with `VolumeSize` `8` allows at most 400 (50 IOPS per GiB)"
    ]


def test_partly_known_fstring_is_not_checked_but_its_unknown_part_is_named() -> None:
    text = (
        "import boto3\n"
        "def handler(event, context):\n"
        '    boto3.client("ec2").register_image(Name=f"web {event[\'date\']}:x", Architecture="x86_64",\n'
        '        VirtualizationType="hvm", EnaSupport=True, ImageLocation="bucket/web.manifest.xml")\n'
    )
    # The `:` would be AMI106 in a known name: a partly known one is not checked.
    assert found(text) == []
    assert found(text, WITH_AMI005) == ["3:51-3:66 AMI005"]


def test_a_fully_known_fstring_is_checked() -> None:
    text = (
        'PREFIX = "web"\n'
        "def handler(ec2):\n"
        '    day = "2024-06-01T12:30"\n'
        '    ec2.register_image(Name=f"{PREFIX}-{day}", Architecture="x86_64", VirtualizationType="hvm",\n'
        '        EnaSupport=True, ImageLocation="bucket/web.manifest.xml")\n'
    )
    # The colon of the time, at the place the value of `day` was written.
    assert found(text) == ["3:25-3:26 AMI106"]


def test_format_and_percent_strings_are_partly_known() -> None:
    text = (
        "def handler(ec2, version):\n"
        '    ec2.register_image(Name="rhcos-{}".format(version), Description="OpenShift %s" % version,\n'
        '        Architecture="x86_64", VirtualizationType="hvm", EnaSupport=True, ImageLocation="b/x.manifest.xml")\n'  # noqa: E501
    )
    assert found(text) == []
    # `.format(…)` is unknown as a whole; of `'…' % x`, the operand.
    assert found(text, WITH_AMI005) == ["2:29-2:55 AMI005", "2:86-2:93 AMI005"]


def test_unknown_values_keep_rules_silent() -> None:
    text = (
        "def register(ec2, arch, mappings, name):\n"
        "    ec2.register_image(Name=name, Architecture=arch, BlockDeviceMappings=mappings,\n"
        '        VirtualizationType="hvm", EnaSupport=True, RootDeviceName="/dev/xvda")\n'
    )
    assert found(text) == []
    assert found(text, WITH_AMI005) == ["2:29-2:33 AMI005", "2:48-2:52 AMI005", "2:74-2:82 AMI005"]


def test_conditional_key_keeps_its_name_but_not_its_value() -> None:
    text = (
        "import boto3\n"
        "def register(virt):\n"
        '    params = {"Name": "web-2024-06-01", "Architecture": "x86_64", "ImageLocation": "b/x.manifest.xml"}\n'  # noqa: E501
        '    if virt == "hvm":\n'
        '        params["VirtualizationType"] = "hvm"\n'
        "    else:\n"
        '        params["kernel_id"] = "aki-12345678"\n'
        '    params["EnaSupport"] = True\n'
        '    boto3.client("ec2").register_image(**params)\n'
    )
    # `kernel_id` fails the request on the runs that set it; the virtualization
    # type may be set, so AMI306 and AMI308 stay silent.
    assert found(text) == ["7:16-7:27 AMI101"]
    assert messages(text, "AMI101") == ["Unknown parameter `kernel_id`"]


def test_a_name_assigned_in_a_branch_is_unknown() -> None:
    text = (
        "def register(ec2, arm):\n"
        "    if arm:\n"
        '        arch = "arm64"\n'
        "    else:\n"
        '        arch = "x86_64"\n'
        '    ec2.register_image(Name="web-2024", Architecture=arch, BootMode="legacy-bios",\n'
        '        VirtualizationType="hvm", EnaSupport=True, ImageLocation="b/x.manifest.xml")\n'
    )
    assert found(text) == []  # AMI312 needs arm64 for certain


def test_a_loop_around_the_call_forgets_what_it_assigns() -> None:
    text = (
        "def register(ec2, regions):\n"
        '    vtype = "paravirtual"\n'
        "    for region in regions:\n"
        '        ec2.register_image(Name="web-2024", Architecture="x86_64", VirtualizationType=vtype,\n'
        '            EnaSupport=True, ImageLocation="b/x.manifest.xml")\n'
        '        vtype = "hvm"\n'
    )
    assert found(text) == []


def test_statements_before_the_call_in_its_own_block_count() -> None:
    text = (
        "def register(ec2, regions):\n"
        "    for region in regions:\n"
        '        kwargs = {"Name": "web-2024", "Architecture": "x86_64", "ImageLocation": "b/x.manifest.xml"}\n'  # noqa: E501
        '        kwargs.update({"VirtualizationType": "paravirtual", "EnaSupport": True})\n'
        "        ec2.register_image(**kwargs)\n"
    )
    assert found(text) == ["4:75-4:79 AMI308"]
    assert "`EnaSupport` is `True`" in messages(text, "AMI308")[0]


def test_a_dict_passed_to_an_unknown_function_is_forgotten() -> None:
    text = (
        "def register(ec2):\n"
        '    kwargs = {"Name": "web-2024", "ImageLocation": "b/x.manifest.xml"}\n'
        "    add_defaults(kwargs)\n"
        "    ec2.register_image(**kwargs)\n"
    )
    # `add_defaults` may add any key: nothing is reported missing.
    assert found(text) == []
    assert found(text, WITH_AMI005) == ["4:24-4:32 AMI005"]


def test_logging_a_dict_does_not_forget_it() -> None:
    text = (
        "def register(ec2, log):\n"
        '    kwargs = {"Name": "web-2024", "ImageLocation": "b/x.manifest.xml",\n'
        '              "EnaSupport": True}\n'
        '    log.debug("registering %s", kwargs)\n'
        "    ec2.register_image(**kwargs)\n"
    )
    assert found(text) == ["5:9-5:33 AMI306"]


def test_module_constants_are_known_in_functions() -> None:
    text = (
        'ROOT = "/dev/xvda"\n'
        'BDM = [{"DeviceName": ROOT, "Ebs": {"SnapshotId": "' + SNAP + '", "VolumeType": "st1"}}]\n'
        "def register(ec2):\n"
        '    ec2.register_image(Name="web-2024", Architecture="x86_64", VirtualizationType="hvm",\n'
        "        EnaSupport=True, RootDeviceName=ROOT, BlockDeviceMappings=BDM)\n"
    )
    assert found(text) == ["2:91-2:96 AMI221"]


def test_a_constant_assigned_twice_is_not_known() -> None:
    text = (
        'VTYPE = "paravirtual"\n'
        'VTYPE = "hvm"\n'
        "def register(ec2):\n"
        '    ec2.register_image(Name="web-2024", Architecture="x86_64", VirtualizationType=VTYPE,\n'
        '        EnaSupport=True, ImageLocation="b/x.manifest.xml")\n'
    )
    assert found(text) == []


def test_literals_as_python_writes_them() -> None:
    text = (
        "def register(ec2):\n"
        "    ec2.register_image(\n"
        "        Name='web' \"-2024\",  # implicit concatenation\n"
        "        Architecture=u'x86_64', VirtualizationType=r'hvm', EnaSupport=None,\n"
        "        BlockDeviceMappings=({'DeviceName': '/dev/sdf', 'Ebs': {'VolumeSize': 1_000, 'Iops': -1,\n"
        "                              'VolumeType': 'io1', 'Encrypted': 'yes'}},),\n"
        '        ImageLocation="b/x.manifest.xml", Description="caf\\u00e9 \\N{BULLET} ok")\n'
    )
    assert found(text) == ["4:71-4:75 AMI103", "5:94-5:96 AMI210", "6:65-6:70 AMI103"]
    assert messages(text, "AMI103") == [
        "`EnaSupport` is `None` but must be a boolean",
        '`BlockDeviceMappings[0]["Ebs"]["Encrypted"]` is the string `"yes"` but must be a boolean',
    ]


# --- which calls are EC2's ---


def requests(text: str) -> list[str]:
    """The text of each call read as a request."""
    extraction = PYTHON.extract(Source.from_text(text, "x.py"), NoFiles())
    return [found.request.root.text() for found in extraction.requests]


@pytest.mark.parametrize(
    "call",
    [
        'boto3.client("ec2").register_image(Name="x")',
        'boto3.Session(profile_name="p").client("ec2", region_name="eu-west-1").register_image(Name="x")',
        'session.resource(service_name="ec2").register_image(Name="x")',
        'self.ec2_client.register_image(Name="x")',
        'client.register_image(Name="x")',
        "ec2.register_image()",
        'client.register_image(**{"Name": "x"})',
    ],
)
def test_ec2_calls(call: str) -> None:
    assert requests(f"{call}\n") == [call[call.index("register_image") :]]


@pytest.mark.parametrize(
    "text",
    [
        'conn = boto.ec2.connect_to_region("x")\nconn.register_image(name="x", architecture="i386")\n',
        'ec2conn.register_image(name="x", root_device_name="/dev/sda1")\n',
        'boto3.client("s3").register_image(Name="x")\n',
        "self.register_image(snapshot_id)\n",
        "super().register_image(snapshot_id, root_device_name)\n",
        "register_image(Name='x')\n",
        "client.register_image()\n",
        "ec2.deregister_image(ImageId='ami-12345678')\n",
    ],
)
def test_not_ec2_calls(text: str) -> None:
    assert requests(text) == []
    assert found(text) == []


def test_client_bound_to_a_name_makes_lowercase_keywords_unknown_parameters() -> None:
    text = 'import boto3\nc = boto3.client("ec2")\nc.register_image(name="web-2024")\n'
    assert found(text) == ["3:3-3:34 AMI301", "3:3-3:34 AMI305", "3:3-3:34 AMI306", "3:18-3:22 AMI101"]
    assert messages(text, "AMI101") == ["Unknown parameter `name`"]


def test_async_with_client() -> None:
    text = (
        "import aioboto3\n"
        "async def main():\n"
        "    async with aioboto3.Session().client('ec2') as ec2:\n"
        "        await ec2.register_image(Name='ab')\n"
    )
    assert found(text) == ["4:19-4:44 AMI301", "4:19-4:44 AMI305", "4:19-4:44 AMI306", "4:39-4:43 AMI105"]


# --- mocks ---


@pytest.mark.parametrize(
    "head",
    [
        "from moto import mock_aws\n",
        "import moto.ec2\n",
        "import localstack_client.session as boto3\n",
        'ec2 = boto3.client("ec2", endpoint_url="http://localhost:4566")\n',
        'ec2 = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{port}")\n',
    ],
)
def test_calls_against_a_mock_are_skipped(head: str) -> None:
    text = head + 'ec2.register_image(Name="ab", Iops=-1)\n'
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    diagnostics, note = linter.lint_text(text, "test_ami.py", "python")
    assert diagnostics == []
    assert note is not None and note.startswith("skipped: calls against a mock")


def test_verbose_says_a_mock_file_was_skipped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "tests" / "test_ami.py"
    path.parent.mkdir()
    path.write_text('from moto import mock_aws\nboto3.client("ec2").register_image(Name="ab")\n')
    run = run_cli("--verbose", str(tmp_path))
    assert run.returncode == 0, run.stdout
    assert "tests/test_ami.py: skipped: calls against a mock (it imports `moto`)" in run.stderr


def test_a_snow_device_endpoint_is_not_ec2_in_a_region() -> None:
    text = (
        'snow = boto3.client("ec2", endpoint_url="http://192.168.1.2:8008")\n'
        'snow.register_image(Name="web-2024", RootDeviceName="/dev/sda",\n'
        '    BlockDeviceMappings=[{"DeviceName": "/dev/sda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}])\n'  # noqa: E501
    )
    # No Architecture or VirtualizationType defaults to report for a Snow device.
    assert found(text) == []
    assert found(text.replace("http://192.168.1.2:8008", "https://ec2.us-east-1.amazonaws.com")) == [
        "2:6-3:103 AMI305",
        "2:6-3:103 AMI306",
    ]


def test_an_endpoint_elsewhere_is_not_a_mock() -> None:
    text = 'ec2 = boto3.client("ec2", endpoint_url="https://ec2.eu-west-1.amazonaws.com")\nec2.register_image()\n'
    assert found(text) == ["2:5-2:21 AMI102", "2:5-2:21 AMI301", "2:5-2:21 AMI305", "2:5-2:21 AMI306"]


# --- error tolerance, suppressions, claims ---


def test_python2_print_statement_elsewhere_loses_no_call() -> None:
    text = 'print "registering"\nexec "x = 1"\nboto3.client("ec2").register_image(Name="ab")\nprint >>f, 1\n'
    assert found(text) == ["3:21-3:46 AMI301", "3:21-3:46 AMI305", "3:21-3:46 AMI306", "3:41-3:45 AMI105"]


def test_a_call_cut_by_a_syntax_error() -> None:
    text = (
        'import boto3\ndef f():\n    ec2 = boto3.client("ec2")\n    ec2.register_image(Name="ab", Iops=3,\n'
    )
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    diagnostics, note = linter.lint_text(text, "x.py", "python")
    # What stands before the error is checked; nothing is reported missing.
    assert sorted(located(d) for d in diagnostics) == ["4:29-4:33 AMI105", "4:35-4:39 AMI101"]
    assert note == "Python syntax error at 4:42 cuts the call at 4:9: checked up to the error"


def test_suppression_comments(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "# ami-lint: disable=AMI305\n"
        "ec2.register_image(\n"
        '    Name="web-2024",\n'
        '    VirtualizationType="hvm", EnaSupport=True,\n'
        '    BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}}],  # ami-lint: disable=AMI303\n'  # noqa: E501
        '    RootDeviceName="/dev/xvda",\n'
        ")\n"
        'ec2.register_image(Name="web-2024", ImageLocation="b/x.manifest.xml")  # ami-lint: disable=AMI306\n'
        'ec2.register_image(Name="web-2024", ImageLocation="b/x.manifest.xml")\n'
    )
    assert found(text) == [
        "2:5-7:2 AMI305",
        "5:61-5:78 AMI303",
        "8:5-8:70 AMI306",
        "9:5-9:70 AMI306",
    ]
    path = tmp_path / "register.py"
    path.write_text(text)
    run = run_cli("--format", "json", str(path))
    got = [f"{d['line']}:{d['column']} {d['rule']}" for d in json.loads(run.stdout)["diagnostics"]]
    assert got == ["9:5 AMI306"]


def test_claims() -> None:
    assert claim("tools/register.py").name == "python"  # type: ignore[union-attr]
    assert claim("bin/make-ami", b"#!/usr/bin/env python3\nimport boto3\n").name == "python"  # type: ignore[union-attr]
    assert claim("bin/make-ami", b"#!/usr/bin/python2.7 -u\n").name == "python"  # type: ignore[union-attr]
    assert claim("bin/make-ami", b"#!/bin/bash\n").name == "shell"  # type: ignore[union-attr]


def test_vocabulary() -> None:
    assert PYTHON.vocabulary is PYTHON_VOCABULARY
    assert (
        PYTHON_VOCABULARY.path(["BlockDeviceMappings", 0, "Ebs", "Iops"])
        == 'BlockDeviceMappings[0]["Ebs"]["Iops"]'
    )
    assert [PYTHON_VOCABULARY.value(v) for v in (True, False, None, "gp3", 8)] == [
        "True",
        "False",
        "None",
        "'gp3'",
        "8",
    ]


def test_command_line_rules_never_apply() -> None:
    text = 'ec2.register_image(Name="web", DryRun=True, Description="x y")\n'
    assert not [f for f in found(text) if f.split()[-1].startswith("AMI4")]


# --- the same request as a CLI skeleton gives the same rule ids ---

REQUESTS = [
    {"Name": "web 12:30", "Architecture": "amd64", "EnaSupport": True},
    {
        "Name": "db",
        "RootDeviceName": "/dev/sda1",
        "VirtualizationType": "paravirtual",
        "SriovNetSupport": "simple",
        "BlockDeviceMappings": [
            {"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp3", "Iops": 100, "Throughput": 5000}},
            {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0", "NoDevice": "x"},
        ],
    },
    {
        "Name": "arm-image",
        "Architecture": "arm64",
        "BootMode": "legacy-bios",
        "TpmSupport": "v2.0",
        "UefiData": "not base64!",
        "ImageLocation": "s3://bucket/image.raw",
        "TagSpecifications": [{"ResourceType": "snapshot", "Tags": [{"Key": "aws:x", "Value": "y"}]}],
        "KernelId": "aki-1",
    },
    {"Name": "x", "BlockDeviceMappings": [{"DeviceName": "xvda", "Ebs": {"VolumeSize": 0, "KmsKeyId": "k"}}]},
]


@pytest.mark.parametrize("request_", REQUESTS)
def test_differential_with_the_cli_skeleton(request_: dict, linter: Linter) -> None:
    arguments = ", ".join(f"{key}={value!r}" for key, value in request_.items())
    python = f'import boto3\nboto3.client("ec2").register_image({arguments})\n'
    from_python = sorted(d.rule for d in lint(python, "r.py", "python", linter))
    from_json = sorted(d.rule for d in lint(json.dumps(request_), "r.json", "json", linter))
    assert from_python == from_json
    assert len(from_json) >= 3


# --- a real-world style file ---

LAMBDA = '''"""Lambda: register the AMI of a finished snapshot."""
import json
import logging
import os

import boto3

logger = logging.getLogger()
ec2 = boto3.client("ec2", region_name=os.environ["AWS_REGION"])
ROOT_DEVICE = "/dev/xvda"


def lambda_handler(event, context):
    detail = event["detail"]
    snapshot_id = detail["snapshot_id"].split("/")[-1]
    name = f"golden-{detail['version']}"
    params = {
        "Name": name,
        "Description": "Golden image built by the pipeline",
        "Architecture": "x86_64",
        "RootDeviceName": ROOT_DEVICE,
        "VirtualizationType": "hvm",
        "BlockDeviceMappings": [
            {
                "DeviceName": ROOT_DEVICE,
                "Ebs": {
                    "SnapshotId": snapshot_id,
                    "VolumeType": "gp3",
                    "Throughput": 1000,
                    "DeleteOnTermination": True,
                },
            },
        ],
        "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "aws:team", "Value": "platform"}]}],
    }
    if detail.get("uefi"):
        params["BootMode"] = "uefi"
    logger.info("register_image %s", json.dumps(params))
    response = ec2.register_image(**params)
    return {"statusCode": 200, "body": response["ImageId"]}
'''


def test_lambda_handler() -> None:
    # gp3 at 1000 MiB/s needs 4000 IOPS (3000 by default); no EnaSupport; a reserved tag key.
    assert found(LAMBDA) == ["29:35-29:39 AMI215", "34:74-34:84 AMI108", "39:20-39:44 AMI311"]
    # What the event decides, and the conditional boot mode, are not checked.
    assert [f for f in found(LAMBDA, WITH_AMI005) if f.endswith("AMI005")] == [
        "18:17-18:21 AMI005",
        "27:35-27:46 AMI005",
        "37:9-37:27 AMI005",
    ]


def test_markdown_python_fence() -> None:
    text = (
        "# Register\n\n```python\nimport boto3\nboto3.client('ec2').register_image(Name='web-2024',\n"
        "    BlockDeviceMappings=[{'DeviceName': '/dev/sdf', 'Ebs': {'VolumeSize': 8, 'VolumeType': 'io2'}}])\n```\n"  # noqa: E501
    )
    (diagnostic,) = [d for d in lint(text, "README.md", "markdown") if d.rule == "AMI208"]
    assert located(diagnostic) == "6:60-6:98 AMI208"
    assert diagnostic.message == '`BlockDeviceMappings[0]["Ebs"]` has `VolumeType` `io2` but no `Iops`'
    text = "# Register\n\n```python\nimport boto3\nboto3.client('ec2').register_image(Name='ab')\n```\n"
    assert [located(d) for d in lint(text, "README.md", "markdown")] == [
        "5:21-5:46 AMI301",
        "5:21-5:46 AMI305",
        "5:21-5:46 AMI306",
        "5:41-5:45 AMI105",
    ]


# --- hostile input ---


def _timed(text: str) -> tuple[float, list[str]]:
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    start = time.perf_counter()
    diagnostics, _ = linter.lint_text(text, "big.py", "python")
    return time.perf_counter() - start, [located(d) for d in diagnostics]


def _generated(functions: int) -> str:
    """Functions like a real module's (a docstring, a dict, a branch), then one call."""
    body = "".join(
        f'def f{i}(x):\n    """{"Build the request of one image from the settings. " * 4}"""\n'
        f"    d = {{'Name': 'n{i}', 'Items': [1, 2, 3]}}\n    if x:\n        d['K'] = x\n    return d\n\n"
        for i in range(functions)
    )
    return body + 'kwargs = {"Name": "ab"}\nboto3.client("ec2").register_image(**kwargs)\n'


def test_a_large_generated_file_ends_cleanly_and_linearly() -> None:
    small_time, small = _timed(_generated(1_000))
    big = _generated(36_000)
    assert len(big) > 10_000_000
    big_time, found_big = _timed(big)
    lines = big.count("\n")
    assert found_big == [
        f"{lines - 1}:19-{lines - 1}:23 AMI105",
        f"{lines}:21-{lines}:45 AMI301",
        f"{lines}:21-{lines}:45 AMI305",
        f"{lines}:21-{lines}:45 AMI306",
    ]
    assert len(small) == len(found_big)
    # 36 times the text: well under 80 times the time (linear, with room for a slow machine).
    assert big_time < 80 * small_time + 1.0


@pytest.mark.parametrize(
    "text",
    [
        "ec2.register_image(BlockDeviceMappings=" + "[" * 5000 + "]" * 5000 + ")\n",
        "ec2.register_image(Name=" + "(" * 3000 + "'ab'" + ")" * 3000 + ")\n",
        "def f():\n"
        + "".join("    " * i + "if x:\n" for i in range(1, 200))
        + "    " * 200
        + "ec2.register_image(Name='ab')\n",
        "ec2.register_image(Name='ab', **{" * 50 + "\n",
        "ec2.register_image(Name='ab'\n)))\n]]]\n" + "def (:\n" * 100,
        "\x00\ufeffec2.register_image(Name='\udcff', Iops=0x)\n".encode("utf-8", "surrogatepass").decode(
            "utf-8", "replace"
        ),
    ],
)
def test_hostile_input_ends_cleanly(text: str) -> None:
    start = time.perf_counter()
    diagnostics, _ = Linter(Options(selection=Selection(select=("ALL",)))).lint_text(text, "x.py", "python")
    assert time.perf_counter() - start < 10
    assert all(d.start.line >= 1 for d in diagnostics)


def test_unrelated_source_is_not_parsed() -> None:
    extraction = PYTHON.extract(Source.from_text("import os\nprint(os.getcwd())\n", "x.py"), NoFiles())
    assert extraction.skipped == "skipped: no boto3 register_image call"
