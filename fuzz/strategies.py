"""Inputs for the fuzz targets: raw bytes, and token soups that look enough
like each grammar to get past its first character."""

from __future__ import annotations

from hypothesis import strategies as st

_COMMON = ["\n", " ", "\t", "\r\n", "\r", "\\", "\0", "\ufeff", "\u2028", "\U0001f600", "é", "\x85"]

JSON_TOKENS = [
    "{", "}", "[", "]", ",", ":", '"', '\\"', "\\u", "\\ud800", "\\udc00", "true", "false",
    "null", "NaN", "-Infinity", "1e999", "-0", "01", "1.", '"Name"', '"BootMode"', '"uefi"',
    '"BlockDeviceMappings"', '"DeviceName"', '"Ebs"', '"VolumeSize"', '"Iops"', '"VolumeType"',
    '"io2"', "9" * 30, '"TagSpecifications"', '"Tags"', '"Key"', '"Value"',
]  # fmt: skip

YAML_TOKENS = [
    "Name", "BootMode", "BlockDeviceMappings", "Ebs", "VolumeSize", "DeviceName", ":", ": ",
    "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "<<: ", "!!str ", "!!int ",
    "!!binary ", "!!timestamp ", "!!python/object:os.system ", "!t ", "%YAML 1.2\n", "%TAG ! !x\n",
    "---", "...", "|", ">-", "|2", "'", '"', "''", '\\"', "#", "yes", "0x1F", "0o17", "1_000",
    "2024-01-01", ".inf", "~", "null", "=", "  ", "    ",
]  # fmt: skip

SHORTHAND_TOKENS = [
    "DeviceName", "Ebs", "SnapshotId", "VolumeSize", "Tags", "Key", "Value", "=", "@=", ",", "{",
    "}", "[", "]", "'", '"', "\\,", "\\'", '\\"', "\\\\", "file://", "fileb://", "x", "8", " ",
]  # fmt: skip

SHELL_TOKENS = [
    "aws", "ec2", "register-image", "aws ec2 register-image ", "--name", "--block-device-mappings",
    "--tag-specifications", "--cli-input-json", "--cli-input-yaml", "--ena-support", "--dry-run",
    "--region", "--no-ena-support", "--boot-mode", "uefi", "file://", "fileb://", "x.json",
    '"', "'", "$'", "$\"", "`", "$(", ")", "${", "}", "{", "$VAR", "$@", '"${a[@]}"', "$((1+",
    "\\\n", "\\", "|", "||", "&&", ";", ";;", "&", "<<EOF\n", "<<-'EOF'\n", "\nEOF\n", "<<<", ">",
    "<(", "#", "if ", "then ", "fi", "case ", " in ", "esac", "for ", "do ", "done", "function f ",
    "() ", "X=", "A=(", "+=", "=", "DeviceName=/dev/xvda,Ebs={VolumeSize=8}", "Ebs={", "[{",
    '{"DeviceName":', "sudo ", "env ", "command ", "exec ", "#!/bin/bash\n", "--", "-",
]  # fmt: skip


def _soup(tokens: list[str], max_size: int) -> st.SearchStrategy[bytes]:
    piece = st.sampled_from(tokens + _COMMON) | st.text(max_size=3)
    return st.lists(piece, max_size=max_size).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    )


def raw(max_size: int = 400) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=max_size)


def for_target(name: str, max_size: int = 60) -> st.SearchStrategy[bytes]:
    """Raw bytes or a soup of the target's grammar."""
    tokens = {
        "json_reader": JSON_TOKENS,
        "engine_json": JSON_TOKENS,
        "yaml_reader": YAML_TOKENS,
        "engine_yaml": YAML_TOKENS,
        "shorthand": SHORTHAND_TOKENS,
        "option_value": SHORTHAND_TOKENS + JSON_TOKENS,
        "shell_calls": SHELL_TOKENS,
        "engine_shell": SHELL_TOKENS + SHORTHAND_TOKENS,
        "cli": JSON_TOKENS + YAML_TOKENS + SHELL_TOKENS,
    }[name]
    return raw(max_size * 4) | _soup(tokens, max_size)
