"""Variables assigned a literal earlier in a script (SPEC §1): resolved in
straight-line code only, each finding at the place the literal was written."""

from __future__ import annotations

import pytest

from ami_lint.engine import Linter, Options
from tests.conftest import lint, located

# A request that is complete but for what each test puts in `$EXTRA`.
HEAD = "#!/bin/bash\n"
CALL = (
    "aws ec2 register-image --name web --architecture x86_64 --virtualization-type hvm \\\n"
    "  --ena-support --imds-support v2.0 --root-device-name /dev/xvda \\\n"
    '  --block-device-mappings "$MAP"\n'
)
GOOD_MAP = "MAP='DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=gp3}'\n"
# `VolumeType=io1` without Iops: AMI208 at the `{…}` of `Ebs=` on line 2.
BAD_MAP = "MAP='DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,VolumeType=io1}'\n"
AT_BAD_MAP = "2:31-2:81 AMI208"


@pytest.fixture(scope="module")
def default_linter() -> Linter:
    return Linter(Options())


def found(script: str, linter: Linter) -> list[str]:
    return [located(d) for d in lint(script, "t.sh", "shell", linter)]


def test_string_variable_is_resolved_at_its_assignment(default_linter: Linter) -> None:
    assert found(HEAD + BAD_MAP + CALL, default_linter) == [AT_BAD_MAP]


def test_correct_value_through_a_variable_is_clean(default_linter: Linter) -> None:
    assert found(HEAD + GOOD_MAP + CALL, default_linter) == []


def test_unassigned_variable_stays_unknown(default_linter: Linter) -> None:
    assert found(HEAD + CALL, default_linter) == []


@pytest.mark.parametrize(
    "between",
    [
        'if [ -n "${X:-}" ]; then MAP=x; fi\n',
        "[ -f m ] && MAP=$(cat m)\n",
        "read -r MAP < m.txt\n",
        "for MAP in a b; do :; done\n",
        ': "${MAP:=x}"\n',
        "unset MAP\n",
        "source ./env.sh\n",
        ". ./env.sh\n",
        'eval "$(cat env)"\n',
        "$HOOK\n",
        "mapfile -t MAP < m.txt\n",
        "( MAP=x )\n",
        "cat m | while read -r MAP; do :; done\n",
        "set_map() { MAP=x; }\nset_map\n",
        "outer() { set_map; }\nset_map() { MAP=x; }\nouter\n",
    ],
)
def test_anything_that_may_assign_in_between_makes_it_unknown(default_linter: Linter, between: str) -> None:
    assert found(HEAD + BAD_MAP + between + CALL, default_linter) == []


@pytest.mark.parametrize(
    "between",
    [
        "log() { echo \"$*\" >&2; }\nlog 'registering'\n",
        "set -euo pipefail\ncd /tmp\n",
        'if [ -n "$X" ]; then echo "$MAP"; fi\n',
        "trap 'rm -f t' EXIT\n",
        "f() { MAP=x; }\n",  # defined, never called
    ],
)
def test_code_that_cannot_assign_keeps_it(default_linter: Linter, between: str) -> None:
    assert found(HEAD + BAD_MAP + between + CALL, default_linter) == [AT_BAD_MAP]


def test_assignment_in_the_statement_of_the_call_makes_it_unknown(default_linter: Linter) -> None:
    # The loop body assigns MAP after the call: the second iteration sees that.
    script = HEAD + BAD_MAP + "for i in 1 2; do\n" + CALL + "MAP=x\ndone\n"
    assert found(script, default_linter) == []


def test_later_assignment_wins(default_linter: Linter) -> None:
    assert found(HEAD + BAD_MAP + GOOD_MAP + CALL, default_linter) == []
    script = HEAD + GOOD_MAP + BAD_MAP + CALL
    assert found(script, default_linter) == [AT_BAD_MAP.replace("2:", "3:", 2)]


def test_trap_debug_stops_resolution(default_linter: Linter) -> None:
    script = HEAD + "trap 'MAP=x' DEBUG\n" + BAD_MAP + CALL
    assert found(script, default_linter) == []


def test_array_splice_is_resolved_and_missing_options_are_checked(default_linter: Linter) -> None:
    script = (
        "#!/bin/bash\n"
        "flags=(\n"
        "  --architecture arm64\n"
        "  --boot-mode legacy-bios\n"
        ")\n"
        "flags+=(--ena-support)\n"
        'aws ec2 register-image --name web "${flags[@]}" --root-device-name /dev/xvda \\\n'
        "  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'\n"
    )
    # arm64 with legacy-bios at the array element; the array holds no
    # --virtualization-type: its default is reported, naming the ENA from `+=`
    # (AMI316, about --imds-support, is off by default).
    assert found(script, default_linter) == [
        "4:15-4:26 AMI312",
        "7:1-8:89 AMI306",
    ]


def test_array_with_an_unknown_splice_stays_open(default_linter: Linter) -> None:
    script = (
        '#!/bin/bash\nflags=(--architecture arm64 $EXTRA)\naws ec2 register-image --name web "${flags[@]}"\n'
    )
    # `$EXTRA` may be any options: nothing is reported missing.
    assert found(script, default_linter) == []


def test_unknown_option_in_an_array_is_reported_where_written(default_linter: Linter) -> None:
    script = (
        "#!/bin/bash\n"
        "flags=(--architecture x86_64 --bootmode uefi)\n"
        'aws ec2 register-image --name web "${flags[@]}" --virtualization-type hvm --ena-support \\\n'
        "  --imds-support v2.0 --root-device-name /dev/xvda \\\n"
        "  --block-device-mappings 'DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0}'\n"
    )
    assert "2:30-2:40 AMI101" in found(script, default_linter)


def test_append_to_string_and_nested_variables(default_linter: Linter) -> None:
    script = (
        "#!/bin/bash\n"
        "SIZE=99999\n"
        "MAP='DeviceName=/dev/xvda,Ebs={SnapshotId=snap-0123456789abcdef0,'\n"
        'MAP+="VolumeType=gp3,VolumeSize=$SIZE}"\n' + CALL
    )
    # The size is reported where `99999` was written.
    assert found(script, default_linter) == ["2:6-2:11 AMI213"]


def test_append_to_an_unknown_variable_stays_unknown(default_linter: Linter) -> None:
    script = HEAD + 'MAP+="DeviceName=/dev/xvda,Ebs={VolumeType=io1,VolumeSize=8}"\n' + CALL
    assert found(script, default_linter) == []


def test_function_body_uses_only_its_own_assignments(default_linter: Linter) -> None:
    body = "".join("  " + line + "\n" for line in CALL.splitlines())
    local_map = BAD_MAP.replace("MAP=", "local MAP=")
    inside = "#!/bin/bash\nregister() {\n  " + local_map + body + "}\nregister\n"
    assert found(inside, default_linter) == ["3:39-3:89 AMI208"]
    outside = HEAD + BAD_MAP + "register() {\n" + body + "}\nregister\n"
    assert found(outside, default_linter) == []


def test_option_equals_variable(default_linter: Linter) -> None:
    script = HEAD + "ARCH=amd64\n" + CALL.replace("--architecture x86_64", "--architecture=$ARCH") + GOOD_MAP
    # The value is checked where written; unquoted, a blank-free value in an
    # enum member is no AMI407 (issue 14, items 4 and the AMI407 rewrite).
    assert found(script, default_linter) == ["2:6-2:11 AMI104"]


def test_unquoted_value_with_a_blank_is_split_as_the_shell_does(default_linter: Linter) -> None:
    script = HEAD + "NAME='a b'\n" + CALL.replace("--name web", "--name $NAME") + GOOD_MAP
    # Split in two (issue 14, item 3): `Name` is `a` (too short) and `b` is a
    # stray word, both where they were written; `$NAME` in free text is unquoted.
    assert found(script, default_linter) == ["2:7-2:8 AMI105", "2:9-2:10 AMI410", "3:31-3:36 AMI407"]


def test_unquoted_blank_free_value_is_no_unquoted_warning(default_linter: Linter) -> None:
    script = HEAD + "NAME=ab\n" + CALL.replace("--name web", "--name $NAME")
    # Resolved: `ab` is too short (AMI105, at the assignment); splitting leaves
    # it whole, so its being unquoted changes nothing (issue 14, item 4).
    got = found(script, default_linter)
    assert got == ["2:6-2:8 AMI105"]


def test_ifs_assigned_anywhere_stops_unquoted_resolution(default_linter: Linter) -> None:
    # `$NAME` stays unknown (not `ab`, so no AMI105), and an unknown value is
    # no AMI407 either: whether it holds a blank is not known.
    script = HEAD + "IFS=,\nNAME=ab\n" + CALL.replace("--name web", "--name $NAME")
    assert found(script, default_linter) == []


def test_partly_known_value(default_linter: Linter) -> None:
    script = HEAD + 'NAME="web-$(date +%s)"\n' + CALL.replace("--name web", '--name "$NAME"')
    assert found(script, default_linter) == []


def test_bare_dollar_in_an_unquoted_brace_word_names_the_variable(default_linter: Linter) -> None:
    script = (
        "#!/bin/bash\n"
        "NAME='nightly web'\n"
        "aws ec2 register-image --name web \\\n"
        "  --tag-specifications ResourceType=image,Tags=[{Key=Name,Value=$NAME}]\n"
    )
    diagnostics = lint(script, "t.sh", "shell", default_linter)
    unquoted = [d for d in diagnostics if d.rule == "AMI407"]
    assert [located(d) for d in unquoted] == ["4:65-4:70 AMI407"]
    assert "`$NAME`" in unquoted[0].message


def test_block_statements_before_the_call_count(default_linter: Linter) -> None:
    # In the branch, the loop body and the `$(…)` that hold the call, the
    # statements before it ran first, in the same run of the block.
    inside_if = HEAD + "if true; then\n" + BAD_MAP + CALL + "fi\n"
    assert found(inside_if, default_linter) == [AT_BAD_MAP.replace("2:", "3:", 2)]
    inside_loop = HEAD + "for r in a b; do\n" + BAD_MAP + CALL + "MAP=x\ndone\n"
    assert found(inside_loop, default_linter) == [AT_BAD_MAP.replace("2:", "3:", 2)]
    capture = HEAD + "IMAGE=$(\n" + BAD_MAP + CALL.rstrip("\n") + " --output text)\n"
    assert found(capture, default_linter) == [AT_BAD_MAP.replace("2:", "3:", 2)]


def test_other_branch_did_not_run(default_linter: Linter) -> None:
    script = HEAD + "if true; then\n" + BAD_MAP + "else\n" + CALL + "fi\n"
    assert found(script, default_linter) == []


def test_block_assignment_undone_later_in_the_block(default_linter: Linter) -> None:
    script = HEAD + "{\n" + BAD_MAP + "read -r MAP\n" + CALL + "}\n"
    assert found(script, default_linter) == []


def test_deeply_nested_call_does_not_recurse() -> None:
    depth = 3000
    script = HEAD + "{ " * depth + "\n" + BAD_MAP + CALL + "}\n" * depth
    diagnostics = lint(script, "t.sh", "shell", Linter(Options()))
    assert [located(d) for d in diagnostics] == [AT_BAD_MAP.replace("2:", "3:", 2)]
