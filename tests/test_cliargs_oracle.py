"""Option values decoded as the AWS CLI decodes them, with the CLI itself as the oracle:
its argument table for `ec2 register-image`, `unpack_argument` and `add_to_params`."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ami_lint.cliargs import Word, decode_value, member_for_option
from ami_lint.nodes import to_python
from ami_lint.offsets import OffsetMap
from ami_lint.source import Source


@pytest.fixture(scope="module")
def cli():
    # Never read a developer's AWS configuration or credentials.
    os.environ.update({"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
    import awscli.argprocess as argprocess
    import awscli.clidriver as clidriver

    driver = clidriver.create_clidriver()
    table = driver._get_command_table()["ec2"]._get_command_table()["register-image"].arg_table

    def run(option: str, words: list[str]):
        params: dict = {}
        arg = table[option]
        # argparse hands a list option all its words, any other option its one word.
        value = words if arg.cli_type_name == "list" else words[0]
        arg.add_to_params(
            params, argprocess.unpack_argument(driver.session, "ec2", "register-image", arg, value, None)
        )
        (member,) = params
        return params[member]

    return run


def _ours(option: str, words: list[str]):
    text = "\n".join(words)
    source = Source(text, "<v>")
    offset, ws = 0, []
    for word in words:
        ws.append(Word(word, source, OffsetMap.linear(offset, len(word))))
        offset += len(word) + 1
    return decode_value(member_for_option(option) or "", ws)


def _json_safe(value):
    return json.loads(json.dumps(value))


scalars = st.one_of(
    st.sampled_from(
        ["8", " 8 ", "-5", "1_000", "true", "FALSE", "yes", "abc", "1.5", "gp3", "", "snap-0123abcd"]
    ),
    st.from_regex(r"[A-Za-z0-9/._-]{1,8}", fullmatch=True),
)
ebs = st.dictionaries(
    st.sampled_from(["VolumeSize", "Iops", "Encrypted", "DeleteOnTermination", "VolumeType", "SnapshotId"]),
    scalars,
    max_size=4,
)
mapping = st.fixed_dictionaries(
    {"DeviceName": st.sampled_from(["/dev/xvda", "/dev/sdb"])}, optional={"Ebs": ebs}
)


def _shorthand(m: dict) -> str:
    parts = [f"DeviceName={m['DeviceName']}"]
    if "Ebs" in m:
        parts.append("Ebs={" + ",".join(f"{k}={v}" for k, v in m["Ebs"].items()) + "}")
    return ",".join(parts)


words_strategy = st.one_of(
    st.lists(mapping.map(_shorthand), min_size=1, max_size=3),
    st.lists(mapping.map(json.dumps), min_size=1, max_size=3),
    st.lists(mapping, min_size=1, max_size=3).map(lambda ms: [json.dumps(ms)]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=words_strategy)
def test_block_device_mappings_decode_as_the_cli_does(cli, words: list[str]) -> None:
    from awscli.argprocess import ParamError

    node, findings = _ours("block-device-mappings", words)
    try:
        expected = cli("block-device-mappings", words)
    except ParamError:  # the CLI cannot parse it: neither can we
        # The CLI stops at the first bad word; we report each of them.
        assert {f.rule for f in findings} in ({"AMI003"}, {"AMI001"})
        return
    except ValueError:  # int() of a value that is not an integer: the CLI stops, AMI103 reports it
        assert node is not None and findings == []
        return
    assert findings == []
    assert to_python(node) == _json_safe(expected)


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("billing-products", ["bp-1,bp-2", "bp-3"]),
        ("billing-products", ['["bp-1", "bp-2"]']),
        ("tag-specifications", ["ResourceType=image,Tags=[{Key=a,Value=b},{Key=c,Value='d,e'}]"]),
        ("tag-specifications", ['  {"ResourceType": "image"}', '{"Tags": []}']),
        ("block-device-mappings", ["DeviceName=/dev/xvda,NoDevice="]),
        ("name", ["my image"]),
    ],
)
def test_examples_decode_as_the_cli_does(cli, option: str, words: list[str]) -> None:
    node, findings = _ours(option, words)
    assert findings == []
    assert to_python(node) == _json_safe(cli(option, words))
