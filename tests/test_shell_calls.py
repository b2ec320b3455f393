"""Finding `aws ec2 register-image` calls wherever they stand in a script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ami_lint.shell.calls import find_invocations
from ami_lint.source import Source

CALL = "aws ec2 register-image --name web"

CONTEXTS = {
    "top-level": "{call}\n",
    "backslash-name": "\\{call}\n",
    "path": "/usr/local/bin/{call}\n",
    "command": "command {call}\n",
    "sudo": "sudo {call}\n",
    "sudo-options": "sudo -E -u builder {call}\n",
    "env": "env AWS_PROFILE=x FOO=1 {call}\n",
    "env-options": "env -i -u HOME PATH=/bin {call}\n",
    "prefix-assignments": "AWS_PROFILE=x AWS_REGION=us-east-1 {call}\n",
    "function": "register() {{\n  {call}\n}}\n",
    "function-keyword": "function register {{ {call}; }}\n",
    "if": "if true; then\n  {call}\nelse\n  echo no\nfi\n",
    "if-condition": "if {call}; then echo ok; fi\n",
    "case": 'case "$1" in\n  build) {call} ;;\n  *) exit 1 ;;\nesac\n',
    "for": "for r in a b; do\n  {call}\ndone\n",
    "while": "while read -r x; do {call}; done < list\n",
    "pipeline": "{call} | jq -r .ImageId\n",
    "pipeline-after": "echo x | {call}\n",
    "and-or": "true && {call} || echo failed\n",
    "substitution": "IMAGE_ID=$({call} --query ImageId --output text)\n",
    "quoted-substitution": 'echo "id: $({call})"\n',
    "backticks": "IMAGE_ID=`{call}`\n",
    "subshell": "( cd /tmp && {call} )\n",
    "brace-group": "{{ {call}; }}\n",
    "redirect": "{call} > out.json 2>&1\n",
    "nested-substitution": 'x=$(echo "$({call})")\n',
    "local": "f() {{ local id; id=$({call}); }}\n",
    "heredoc-nearby": "cat <<EOF\naws ec2 register-image --name not-a-call\nEOF\n{call}\n",
    "continued": "aws \\\n  ec2 \\\n  register-image \\\n  --name web\n",
}


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_context(name: str) -> None:
    script = CONTEXTS[name].format(call=CALL) if "{call}" in CONTEXTS[name] else CONTEXTS[name]
    source = Source.from_text(script, "t.sh")
    found = find_invocations(source)
    assert len(found) == 1, [source.slice(f.span) for f in found]
    words = [w.text for w in found[0].words]
    assert words[:2] == ["--name", "web"]
    assert source.slice(found[0].span).endswith(source.slice(found[0].words[-1].span))


def test_span_of_the_command() -> None:
    script = "set -e\nAWS_PROFILE=x aws ec2 register-image --name web | jq .\n"
    source = Source.from_text(script, "t.sh")
    (found,) = find_invocations(source)
    assert source.slice(found.span) == "AWS_PROFILE=x aws ec2 register-image --name web"


def test_other_aws_commands_are_ignored() -> None:
    script = (
        "aws s3 cp a b\n"
        "aws ec2 describe-images --owners self\n"
        "aws ec2 create-image --instance-id i-1 --name x\n"
        "echo aws ec2 register-image\n"
        "awscli ec2 register-image\n"
        "aws register-image ec2\n"
        "# aws ec2 register-image --name in-a-comment\n"
        "echo 'aws ec2 register-image'\n"
        "aws $SERVICE register-image --name x\n"
        "aws ec2 $OP --name x\n"
    )
    assert find_invocations(Source.from_text(script, "t.sh")) == []


def test_every_call_is_found_in_order() -> None:
    script = f"{CALL}1\nif x; then {CALL}2; fi\nf() {{ {CALL}3 | jq; }}\n"
    found = find_invocations(Source.from_text(script, "t.sh"))
    assert [inv.words[1].text for inv in found] == ["web1", "web2", "web3"]


def test_global_options_are_skipped() -> None:
    script = (
        "aws --region us-east-1 --profile=prod --output json --query ImageId --endpoint-url https://x "
        "--color off --ca-bundle b.pem --cli-read-timeout 5 --cli-connect-timeout 5 "
        "--cli-binary-format raw-in-base64-out --debug --no-verify-ssl --no-paginate --no-sign-request "
        "--no-cli-pager --no-cli-auto-prompt ec2 --cli-auto-prompt register-image --name web\n"
    )
    (found,) = find_invocations(Source.from_text(script, "t.sh"))
    assert [g.name for g in found.global_options] == [
        "--region",
        "--profile",
        "--output",
        "--query",
        "--endpoint-url",
        "--color",
        "--ca-bundle",
        "--cli-read-timeout",
        "--cli-connect-timeout",
        "--cli-binary-format",
        "--debug",
        "--no-verify-ssl",
        "--no-paginate",
        "--no-sign-request",
        "--no-cli-pager",
        "--no-cli-auto-prompt",
        "--cli-auto-prompt",
    ]
    region = found.global_options[0]
    assert region.value is not None and region.value.text == "us-east-1"
    assert found.global_options[1].value is None  # `--profile=prod` holds its value
    assert [w.text for w in found.words] == ["--name", "web"]
    assert not found.has_splice


def test_splice_before_the_service() -> None:
    (found,) = find_invocations(Source.from_text("aws $AWS_ARGS ec2 register-image --name web\n", "t.sh"))
    assert found.has_splice


def test_deep_nesting_does_not_recurse() -> None:
    depth = 3000
    script = "( " * depth + CALL + " )" * depth + "\n"
    found = find_invocations(Source.from_text(script, "t.sh"))
    assert len(found) == 1


def test_broken_script_does_not_crash() -> None:
    script = f'if then {CALL} "unclosed\n' + "fi fi )) ${\n" + CALL + "\n"
    found = find_invocations(Source.from_text(script, "t.sh"))
    assert all(inv.words for inv in found)


def test_global_options_may_be_abbreviated(tmp_path: Path) -> None:
    """The CLI's main parser takes an unambiguous prefix of a global option
    (`--endpoint` for `--endpoint-url`, argparse's abbreviations) before the
    operation sees the rest: not an unknown option, and its value is its own."""
    from tests.conftest import run_cli

    script = tmp_path / "snow.sh"
    script.write_text(
        "aws --endp http://x:8008 ec2 register-image --name web-2024 --architecture x86_64 \\\n"
        "  --virtualization-type hvm --ena-support --imds-support v2.0 --root-device-name /dev/xvda \\\n"
        '  --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}" \\\n'
        "  --endpoint http://192.168.1.2:8008 --reg us-east-1 --no-verify\n"
    )
    proc = run_cli("--format", "json", "--select", "ALL", str(script))
    assert json.loads(proc.stdout)["diagnostics"] == []
    assert proc.returncode == 0
