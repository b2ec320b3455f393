"""Files a script writes itself (issue 14, item 2): `cat > f <<EOF`, `cat
<<EOF | tee f`, `printf … > f` and `echo … > f` before a call that reads
`file://f` are that call's document, with every position in the script; a
writer that is not certain makes the reference AMI005 (off by default), never
AMI004; an absolute path outside the project that nothing writes is a file of
the machine that runs the script (AMI005), not a broken reference."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ami_lint.shell.variables import MAX_VALUE_CHARS
from tests.conftest import run_cli
from tests.security.test_script_time import cpu

Found = tuple[int, int, int, int, str]


def _lint(folder: Path, name: str, *options: str) -> tuple[subprocess.CompletedProcess[str], list[Found]]:
    proc = run_cli("--format", "json", *options, name, cwd=folder)
    assert "Traceback" not in proc.stderr, proc.stderr
    found = [
        (d["line"], d["column"], d["end_line"], d["end_column"], d["rule"])
        for d in json.loads(proc.stdout)["diagnostics"]
    ]
    return proc, found


def _script(folder: Path, text: str, name: str = "register.sh") -> str:
    (folder / ".git").mkdir(exist_ok=True)  # the project: nothing above it is read
    (folder / name).write_text(text, encoding="utf-8")
    return name


HEREDOC_TO_TMP = """\
#!/usr/bin/env bash
# Register the AMI from the snapshot the build just took.
set -euo pipefail

NAME="web-$(date +%Y%m%d%H%M)"
SNAP_ID=$(aws ec2 describe-snapshots --owner-ids self \\
    --filters Name=tag:build,Values="$BUILD_ID" --query 'Snapshots[0].SnapshotId' --output text)
REQ=/tmp/register-image.json

cat > "$REQ" <<EOF
{
  "Name": "${NAME}",
  "Description": "Web tier, built by \\`whoami\\` on $(hostname)",
  "Architecture": "x86_64",
  "RootDeviceName": "/dev/xvda",
  "EnaSupport": true,
  "BlockDeviceMappings": [
    {
      "DeviceName": "/dev/xvda",
      "Ebs": {"SnapshotId": "${SNAP_ID}", "VolumeType": "gp4", "DeleteOnTermination": true}
    }
  ]
}
EOF

IMAGE_ID=$(aws ec2 register-image --cli-input-json "file://$REQ" --query ImageId --output text)
aws ec2 wait image-available --image-ids "$IMAGE_ID"
echo "Registered $IMAGE_ID"
"""


def test_a_heredoc_written_to_tmp_is_the_document_of_the_call(tmp_path: Path) -> None:
    # Before: AMI004 "outside the script's project" at 26:52, and nothing else.
    proc, found = _lint(tmp_path, _script(tmp_path, HEREDOC_TO_TMP))
    assert proc.returncode == 1
    assert found == [
        # Inside the here-document, as written in the script.
        (20, 57, 20, 62, "AMI104"),  # gp4, inside the here-document as written
        # `${SNAP_ID}`, `${NAME}` and `$(hostname)` are unknown, but the keys
        # are all known: VirtualizationType is missing, at the call.
        (26, 12, 26, 95, "AMI306"),
    ]


def test_a_trailing_comma_in_the_heredoc_is_a_syntax_error_at_its_place(tmp_path: Path) -> None:
    script = HEREDOC_TO_TMP.replace('"DeleteOnTermination": true}', '"DeleteOnTermination": true},')
    script = script.replace('"VolumeType": "gp4"', '"VolumeType": "gp3"')
    proc, found = _lint(tmp_path, _script(tmp_path, script))
    # The decoder stops at the `}` that follows the comma, after the unknown
    # `${SNAP_ID}` inside a string: still the script's own mistake.
    assert found == [(21, 5, 21, 6, "AMI001")]
    assert "Expecting property name enclosed in double quotes" in proc.stdout


WRITERS = """\
#!/bin/bash
set -e
ARCH=x86_64
cat <<EOF > request.json
{"Name": "web-1", "Architecture": "${ARCH}", "VirtualizationType": "hvm",
 "RootDeviceName": "/dev/xvda", "EnaSupport": true, "ImdsSupport": "v2.0",
 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
   "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "io1"}}]}
EOF
aws ec2 register-image --cli-input-json file://request.json

cat <<'EOF' | sudo tee ./mappings.json >/dev/null
[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp9"}}]
EOF
aws ec2 register-image --name web-2 --architecture x86_64 --virtualization-type hvm \\
  --root-device-name /dev/xvda --ena-support --imds-support v2.0 --block-device-mappings file://mappings.json

printf '%s' '[{"DeviceName": "/dev/xvda",
  "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "Iops": 100, "VolumeType": "gp3"}}]' > printed.json
aws ec2 register-image --name web-3 --architecture x86_64 --virtualization-type hvm \\
  --root-device-name /dev/xvda --ena-support --imds-support v2.0 --block-device-mappings file://printed.json

echo '{"Name": "web-4", "Architecture": "amd64", "VirtualizationType": "hvm",
  "RootDeviceName": "/dev/xvda", "EnaSupport": true, "ImdsSupport": "v2.0",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1234abcd"}}]}' > echoed.json
aws ec2 register-image --cli-input-json file://echoed.json

register() {
\tcat <<-EOF >tabbed.yaml
\tName: web-5
\tArchitecture: arm64
\tVirtualizationType: hvm
\tRootDeviceName: /dev/xvda
\tEnaSupport: true
\tImdsSupport: v2.0
\tBlockDeviceMappings:
\t  - DeviceName: /dev/xvda
\t    Ebs: {SnapshotId: snap-0123456789abcdef0, VolumeType: gp4}
\tEOF
\taws ec2 register-image --cli-input-yaml file://tabbed.yaml
}
register
"""


def test_each_way_of_writing_a_file_is_followed(tmp_path: Path) -> None:
    # Before: AMI004 "no such file" at every `file://` word (10:41, 16:90,
    # 21:90, 26:41, 40:42), and nothing about what the files hold.
    _, found = _lint(tmp_path, _script(tmp_path, WRITERS))
    assert found == [
        (8, 11, 8, 72, "AMI208"),  # io1 without Iops, in `cat <<EOF > f`
        (13, 92, 13, 97, "AMI104"),  # gp9, in `cat <<'EOF' | sudo tee ./f`
        (19, 59, 19, 62, "AMI210"),  # Iops 100 on gp3, in `printf '%s' … > f`
        (23, 41, 23, 48, "AMI104"),  # amd64, in `echo … > f`
        (38, 60, 38, 63, "AMI104"),  # gp4, in `cat <<-EOF`, leading tabs dropped
    ]


ESCAPES = r"""#!/bin/bash
cat >req.json <<END
{
  "Name": "web-\$(date)",
  "Description": "built by `id -un` \\\\ ci",
  "Architecture": \
"amd64", "VirtualizationType": "hvm", "RootDeviceName": "/dev/xvda",
  "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}],
  "EnaSupport": true, "ImdsSupport": "v2.0"
}
END
aws ec2 register-image --cli-input-json file://req.json
"""


def test_heredoc_escapes_are_read_as_bash_reads_them(tmp_path: Path) -> None:
    # `\\$` is a `$` (the name holds `$(date)` as text: AMI106), a backtick
    # substitution is unknown, `\\\\` is one backslash (four make the JSON
    # escape `\\\\`), and a line continuation vanishes: `amd64` is found where
    # it is written.
    _, found = _lint(tmp_path, _script(tmp_path, ESCAPES))
    assert found == [(4, 16, 4, 18, "AMI106"), (7, 1, 7, 8, "AMI104")]


UNCERTAIN = """\
#!/bin/bash
set -euo pipefail
if [[ "${ENCRYPT:-}" == yes ]]; then
  cat > conditional.json <<EOF
[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": true}}]
EOF
fi
echo '[]' >> appended.json
jq --arg snap "$SNAP" '.[0].Ebs.SnapshotId = $snap' template.json > generated.json
envsubst < request.tmpl > substituted.json
python3 scripts/make_mappings.py --output=python.json
cp defaults/mappings.json copied.json
cat > moved.json.tmp <<EOF
[]
EOF
mv moved.json.tmp moved.json
sed -i "s/SNAP/$SNAP/" edited.json
for arch in x86_64 arm64; do
  aws ec2 register-image --name "web-$arch" --architecture "$arch" --block-device-mappings file://looped.json
  cat > looped.json <<EOF
[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "$SNAP"}}]
EOF
done
B=conditional.json; aws ec2 register-image --name web-a --block-device-mappings "file://$B"
aws ec2 register-image --name web-b --block-device-mappings file://appended.json
aws ec2 register-image --name web-c --block-device-mappings file://generated.json
aws ec2 register-image --name web-d --block-device-mappings file://substituted.json
aws ec2 register-image --name web-e --block-device-mappings file://python.json
aws ec2 register-image --name web-f --block-device-mappings file://copied.json
aws ec2 register-image --name web-g --block-device-mappings file://moved.json
aws ec2 register-image --name web-h --block-device-mappings file://edited.json
aws ec2 register-image --name web-i --block-device-mappings file://never-written.json
aws ec2 register-image --name web-j --block-device-mappings file:///var/lib/build/mappings.json
"""


def test_writers_that_are_not_certain_leave_the_file_unchecked(tmp_path: Path) -> None:
    name = _script(tmp_path, UNCERTAIN)
    # Before: AMI004 at each `file://` word. Now only the file that nothing
    # in the script writes or names is broken; the others are not checked.
    _, found = _lint(tmp_path, name, "--select", "AMI004")
    assert found == [(32, 61, 32, 86, "AMI004")]
    proc, found = _lint(tmp_path, name, "--select", "AMI004,AMI005")
    assert found == [
        (19, 38, 19, 43, "AMI005"),  # `$arch`, as ever
        (19, 61, 19, 66, "AMI005"),
        (19, 92, 19, 110, "AMI005"),  # written after the call, in the loop
        (24, 81, 24, 92, "AMI005"),  # written in an `if` (the path in a variable)
        (25, 61, 25, 81, "AMI005"),  # appended
        (26, 61, 26, 82, "AMI005"),  # jq
        (27, 61, 27, 84, "AMI005"),  # envsubst
        (28, 61, 28, 79, "AMI005"),  # python3 … --output=f
        (29, 61, 29, 79, "AMI005"),  # cp
        (30, 61, 30, 78, "AMI005"),  # mv
        (31, 61, 31, 79, "AMI005"),  # sed -i
        (32, 61, 32, 86, "AMI004"),  # nothing writes it: broken
        (33, 61, 33, 96, "AMI005"),  # absolute, outside the project: made at run time
    ]
    messages = [d["message"] for d in json.loads(proc.stdout)["diagnostics"]]
    assert messages[3] == (
        "`file://conditional.json` is written by the script (at 4:3) in a way that was not followed "
        "(conditional, appended, by another program, or after this call): not checked"
    )
    assert messages[-1] == (
        "`file:///var/lib/build/mappings.json` names a file on the machine that runs the script, "
        "outside the script's project (its git work tree, else its folder), so not read"
    )


def test_the_text_the_script_writes_wins_over_the_file_in_the_repository(tmp_path: Path) -> None:
    # A stale copy is committed; the script writes the file before the call.
    (tmp_path / "mappings.json").write_text('[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "gp9"}}]\n')
    script = (
        "#!/bin/sh\n"
        "cat > mappings.json <<'JSON'\n"
        '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1234abcd", "VolumeType": "io2"}}]\n'
        "JSON\n"
        "aws ec2 register-image --name web-1 --architecture x86_64 --virtualization-type hvm \\\n"
        "  --ena-support --imds-support v2.0 --root-device-name /dev/xvda \\\n"
        "  --block-device-mappings file://mappings.json\n"
    )
    _, found = _lint(tmp_path, _script(tmp_path, script))
    # io2 without Iops, in the script; nothing about the stale file's gp9.
    assert found == [(3, 37, 3, 89, "AMI208")]


def test_suppressions_baseline_and_jobs_cover_findings_in_heredocs(tmp_path: Path) -> None:
    script = (
        "#!/bin/bash\n"
        "# ami-lint: disable=AMI208 -- Iops set by the pipeline\n"
        "cat > a.json <<EOF\n"
        '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1234abcd", "VolumeType": "io1"}}]\n'
        "EOF\n"
        "cat > b.json <<EOF\n"
        '[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1234abcd", "VolumeType": "gp4"}}]\n'
        "EOF\n"
        "for f in a b; do\n"
        '  aws ec2 register-image --name "web-$f" --architecture x86_64 --virtualization-type hvm \\\n'
        '    --ena-support --imds-support v2.0 --root-device-name /dev/xvda --block-device-mappings "file://$f.json"\n'
        "done\n"
        "aws ec2 register-image --name web-a --architecture x86_64 --virtualization-type hvm \\\n"
        "  --ena-support --imds-support v2.0 --root-device-name /dev/xvda --block-device-mappings file://a.json\n"
        "aws ec2 register-image --name web-b --architecture x86_64 --virtualization-type hvm \\\n"
        "  --ena-support --imds-support v2.0 --root-device-name /dev/xvda --block-device-mappings file://b.json\n"
    )
    name = _script(tmp_path, script)
    other = _script(tmp_path, script.replace("gp4", "gp5"), "other.sh")
    # The directive before the write covers the finding inside its heredoc.
    proc, found = _lint(tmp_path, name)
    assert found == [(7, 83, 7, 88, "AMI104")]
    proc, found = _lint(tmp_path, name, "--select", "ALL,AMI005", "--ignore", "AMI316,AMI311")
    # In the loop, `$f` is not known: neither the name nor the file is checked (AMI005).
    assert found == [(7, 83, 7, 88, "AMI104"), (10, 38, 10, 40, "AMI005"), (11, 92, 11, 108, "AMI005")]
    # --jobs: the same findings for each file as one at a time.
    one = [_lint(tmp_path, n)[1] for n in (name, other)]
    proc = run_cli("--format", "json", "--jobs", "2", name, other, cwd=tmp_path)
    both = json.loads(proc.stdout)["diagnostics"]
    assert sorted((d["path"], d["line"], d["column"], d["rule"]) for d in both) == sorted(
        [(name, *f[:2], f[4]) for f in one[0]] + [(other, *f[:2], f[4]) for f in one[1]]
    )
    # A baseline records the finding in the heredoc, and then holds it.
    proc = run_cli("--write-baseline", "baseline.json", name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("--baseline", "baseline.json", name, cwd=tmp_path)
    assert proc.returncode == 0 and "AMI104" not in proc.stdout
    (tmp_path / name).write_text("#!/bin/bash\necho start\n" + script, encoding="utf-8")
    proc = run_cli("--baseline", "baseline.json", name, cwd=tmp_path)
    assert proc.returncode == 0 and "AMI104" not in proc.stdout, proc.stdout


def test_a_heredoc_past_the_value_limit_is_not_followed(tmp_path: Path) -> None:
    big = "[" + " " * (MAX_VALUE_CHARS + 10) + "]"
    script = (
        f"#!/bin/bash\ncat > big.json <<EOF\n{big}\nEOF\n"
        "aws ec2 register-image --name web-1 --architecture x86_64 --block-device-mappings file://big.json\n"
    )
    _, found = _lint(tmp_path, _script(tmp_path, script), "--select", "AMI004,AMI005")
    assert found == [(5, 83, 5, 98, "AMI005")]


WRITE_AND_CALL = (
    "cat > /tmp/req{i}.json <<EOF\n"
    '{{"Name": "web-{i}", "Architecture": "x86_64", "VirtualizationType": "hvm"}}\n'
    "EOF\n"
    "aws ec2 register-image --cli-input-json file:///tmp/req{i}.json\n"
    "aws ec2 register-image --cli-input-json file:///tmp/req0.json\n"
)


@pytest.mark.parametrize(
    "make",
    [
        # Many files, each written then read; and one file read by every call.
        lambda n: "".join(WRITE_AND_CALL.format(i=i) for i in range(n)),
        # One file written again and again, each write read by the call after it.
        lambda n: "".join(WRITE_AND_CALL.format(i=0) for _ in range(n)),
        # Writes nested in blocks around the calls.
        lambda n: "{ " * n + WRITE_AND_CALL.format(i=0) * n + "}\n" * n,
    ],
)
def test_many_writes_and_calls_take_linear_time(make: object) -> None:
    assert callable(make)
    small, large = (cpu("#!/bin/bash\n" + make(n)) for n in (150, 600))
    # Four times the writes and calls: about 4x if linear, 16x if quadratic.
    assert large < 8 * small, (small, large)


def test_written_text_handed_to_calls_is_bounded_by_the_script_size(tmp_path: Path) -> None:
    # 60,000 characters written once, read by six calls: each parse is
    # charged, and a script is allowed twice its size (at least 200,000).
    mappings = "[" + " " * 60_000 + '{"DeviceName": "/dev/xvda", "Ebs": {"VolumeType": "gp4"}}]'
    call = (
        "aws ec2 register-image --name web-1 --architecture x86_64 --block-device-mappings file://big.json\n"
    )
    script = f"#!/bin/bash\ncat > big.json <<'EOF'\n{mappings}\nEOF\n" + call * 6
    _, found = _lint(tmp_path, _script(tmp_path, script), "--select", "AMI104,AMI005")
    # The gp4 is reported once (the same place for the three calls that read
    # it); the three calls past the budget leave the file unchecked.
    assert found == [
        (3, 60052, 3, 60057, "AMI104"),
        (8, 83, 8, 98, "AMI005"),
        (9, 83, 9, 98, "AMI005"),
        (10, 83, 10, 98, "AMI005"),
    ]


SAME_LINE = """\
#!/bin/bash
cat <<EOF > /tmp/req.json {op} aws ec2 register-image --cli-input-json file:///tmp/req.json
{{"Name": "web-2024", "Architecture": "arm64", "BootMode": "legacy-bios", "VirtualizationType": "hvm",
 "RootDeviceName": "/dev/xvda", "EnaSupport": true, "ImdsSupport": "v2.0",
 "BlockDeviceMappings": [{{"DeviceName": "/dev/xvda", "Ebs": {{"SnapshotId": "snap-0123456789abcdef0"}}}}]}}
EOF
"""


def test_a_call_after_and_on_the_here_document_line_reads_it(tmp_path: Path) -> None:
    """`cat <<EOF > f && aws … file://f`: tree-sitter-bash puts the call inside
    the here-document redirect; the call runs once the file is written, so the
    here-document is its document (until issue 15 it was AMI005)."""
    name = _script(tmp_path, SAME_LINE.format(op="&&"))
    _, found = _lint(tmp_path, name, "--select", "ALL,AMI005")
    assert found == [(3, 59, 3, 72, "AMI312")]


def test_a_call_after_or_on_the_here_document_line_is_not_followed(tmp_path: Path) -> None:
    """`cat <<EOF > f || aws …`: the call runs when the write failed."""
    name = _script(tmp_path, SAME_LINE.format(op="||"))
    _, found = _lint(tmp_path, name, "--select", "ALL,AMI005")
    assert found == [(2, 70, 2, 90, "AMI005")]
