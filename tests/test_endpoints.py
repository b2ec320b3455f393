"""A request sent to an endpoint outside AWS (`--endpoint-url` of a Snow
device or of an emulator) is no region's EC2: the rules about EC2's defaults
and formats stay silent on it, as for a Snow device's volume types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ami_lint.ebs import is_aws_endpoint
from tests.conftest import run_cli

CALL = (
    "aws {before}ec2 register-image --name snow-ami-01 --root-device-name /dev/sda1 \\\n"
    '  --block-device-mappings "DeviceName=/dev/sda1,Ebs={{SnapshotId=snap-0123456789abcdef0}}" {after}\n'
)


def _rules(tmp_path: Path, before: str = "", after: str = "") -> list[tuple[str, int, int]]:
    script = tmp_path / "register.sh"
    script.write_text(CALL.format(before=before, after=after))
    proc = run_cli("--format", "json", str(script))
    return [(d["rule"], d["line"], d["column"]) for d in json.loads(proc.stdout)["diagnostics"]]


def test_a_regions_ec2_gets_the_default_findings(tmp_path: Path) -> None:
    assert _rules(tmp_path) == [("AMI305", 1, 1), ("AMI306", 1, 1)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "--endpoint http://192.168.1.2:8008 --profile snowballEdge"),  # AWS's Snowball guide
        ("--endpoint-url=http://localhost:4566 ", ""),  # an emulator
        ("--endpoint-url https://10.0.0.5:8243 ", ""),
    ],
)
def test_an_endpoint_outside_aws_silences_them(tmp_path: Path, before: str, after: str) -> None:
    assert _rules(tmp_path, before, after) == []


@pytest.mark.parametrize(
    "after",
    ["--endpoint-url https://ec2.us-east-1.amazonaws.com", '--endpoint-url "$EC2_ENDPOINT"'],
)
def test_an_aws_or_unknown_endpoint_does_not(tmp_path: Path, after: str) -> None:
    assert _rules(tmp_path, after=after) == [("AMI305", 1, 1), ("AMI306", 1, 1)]


def test_an_emulators_container_location_is_not_a_manifest_finding(tmp_path: Path) -> None:
    script = tmp_path / "ministack.sh"
    script.write_text(
        "aws --endpoint-url=http://localhost:4566 ec2 register-image \\\n"
        "  --name my-box --image-location ghcr.io/you/my-box:1.0\n"
    )
    proc = run_cli("--format", "json", str(script))
    assert json.loads(proc.stdout)["diagnostics"] == []


@pytest.mark.parametrize(
    ("url", "aws"),
    [
        ("https://ec2.us-east-1.amazonaws.com", True),
        ("https://ec2-fips.us-gov-west-1.amazonaws.com/", True),
        ("https://ec2.cn-north-1.amazonaws.com.cn", True),
        ("https://vpce-0123-abcd.ec2.us-east-1.vpce.amazonaws.com", True),
        ("https://ec2.us-east-1.api.aws", True),
        ("ec2.eu-west-1.amazonaws.com:443", True),
        ("http://localhost:4566", False),
        ("http://192.168.1.2:8008", False),
        ("https://amazonaws.com.evil.example", False),
        ("https://user@ec2.example.com", False),
    ],
)
def test_aws_endpoints_by_host(url: str, aws: bool) -> None:
    assert is_aws_endpoint(url) is aws
