"""Issue 20, items 2 and 3: linear on every pattern, no copy of the tree kept.

Nothing here is timed (speed is measured in bench/series.py). These tests
pin what the changes for it must keep: the findings on scripts of many
calls are those of each call alone, the whole text is searched a fixed number
of times however many calls a script has, and the cursor walks visit what
`node.children` gives, in the same order.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import tree_sitter
import tree_sitter_bash

from ami_lint.engine import Linter, Options
from ami_lint.selection import Selection
from ami_lint.shell.walk import children, preorder, preorder_with_path
from tests.conftest import lint, located, run_cli


def _captured(i: int, name: str) -> str:
    """Three lines: a captured call without `--output text`, a use, a tag."""
    return (
        f"{name}=$(aws ec2 register-image --name build-{i} --root-device-name /dev/xvda \\\n"
        f"  --image-location bucket/build-{i}.manifest.xml --query ImageId)\n"
        f'aws ec2 create-tags --resources "${name}" --tags Key=build,Value={i}\n'
    )


def _ami408(text: str) -> list[str]:
    linter = Linter(Options(selection=Selection(select=("AMI408",))))
    return [located(d) for d in lint(text, "publish.sh", "shell", linter)]


def test_ami408_on_many_captured_calls_is_each_calls_own_finding() -> None:
    # 120 calls: every odd one captures IMAGE_ID, every even one a name of its
    # own; IMAGE_10 and IMAGE_ID are parsed with jq at the end, and so silent.
    calls = 120
    head = "#!/bin/bash\nset -euo pipefail\n"
    body = "".join(_captured(i, "IMAGE_ID" if i % 2 else f"IMAGE_{i}") for i in range(calls))
    tail = 'jq -r .ImageId <<< "$IMAGE_ID"\necho "$IMAGE_10" | jq -r .ImageId\n'
    found = _ami408(head + body + tail)
    expected = [
        f"{3 + 3 * i}:1-{3 + 3 * i}:{len(f'IMAGE_{i}') + 1} AMI408" for i in range(0, calls, 2) if i != 10
    ]
    assert found == expected
    # Each call alone (and the same end) says the same of itself.
    for i in (0, 1, 10, 118):
        alone = head + _captured(i, "IMAGE_ID" if i % 2 else f"IMAGE_{i}") + tail
        silent = i % 2 or i == 10
        assert _ami408(alone) == ([] if silent else [f"3:1-3:{len(f'IMAGE_{i}') + 1} AMI408"])
    # Set anywhere in the script, AWS_DEFAULT_OUTPUT silences every call.
    assert _ami408(head + body + "export AWS_DEFAULT_OUTPUT=text\n") == []


class _CountingText(str):
    """A script's text that counts the searches of all of it."""

    scans = 0

    def __contains__(self, needle: object) -> bool:
        _CountingText.scans += 1
        return super().__contains__(needle)  # type: ignore[operator]

    def find(self, sub: str, *where: int | None) -> int:  # type: ignore[override]
        if not where or not where[0]:
            _CountingText.scans += 1
        return super().find(sub, *where)

    def count(self, sub: str, *where: int | None) -> int:  # type: ignore[override]
        if not where or not where[0]:
            _CountingText.scans += 1
        return super().count(sub, *where)


def _scans(calls: int) -> int:
    text = "#!/bin/bash\nset -euo pipefail\n" + "".join(
        _captured(i, "IMAGE_ID" if i % 2 else f"IMAGE_{i}") for i in range(calls)
    )
    linter = Linter(Options(selection=Selection(select=("ALL",))))
    _CountingText.scans = 0
    diagnostics, _ = linter.lint_text(_CountingText(text), "publish.sh", "shell")
    assert {d.rule for d in diagnostics} >= {"AMI408"}
    return _CountingText.scans


def test_the_whole_script_is_searched_as_often_for_many_calls_as_for_few() -> None:
    # Before: AMI408 searched it for AWS_DEFAULT_OUTPUT at every captured call.
    few, many = _scans(4), _scans(40)
    assert few == many
    assert many <= 10


SCRIPT = b"""#!/bin/bash
f() { local x=$1; echo "$x" | jq .; }
if [ -n "$A" ]; then B=$(aws ec2 register-image --name "n-$A" <<EOF
body
EOF
); else echo no; fi
for i in 1 2; do { echo "$i"; } & done
"""


def _tree() -> tree_sitter.Tree:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language())).parse(SCRIPT)


def _by_children(node: tree_sitter.Node, depth: int = 0) -> list[tuple[str, int, int, int]]:
    out = [(node.type, node.start_byte, node.end_byte, depth)]
    for child in node.children:
        out.extend(_by_children(child, depth + 1))
    return out


def test_the_cursor_walk_visits_what_children_gives_in_text_order() -> None:
    root = _tree().root_node
    walked = [(n.type, n.start_byte, n.end_byte, d) for n, d in preorder(root)]
    assert walked == _by_children(root)
    assert len(walked) > 60
    # From a node inside the tree: only its subtree, its depth counted from it.
    inner = root.children[1]
    assert [(n.type, n.start_byte, n.end_byte, d) for n, d in preorder(inner)] == _by_children(inner)


def test_the_path_walk_gives_each_nodes_ancestors() -> None:
    root = _tree().root_node
    for path in preorder_with_path(root):
        assert path[0] == root
        for parent, child in itertools.pairwise(path):
            assert child in parent.children


def test_children_through_a_cursor_are_those_of_the_node() -> None:
    root = _tree().root_node
    for node, _ in preorder(root):
        assert [(c.type, c.start_byte) for c in children(node)] == [
            (c.type, c.start_byte) for c in node.children
        ]


def _terraform(accent: str) -> str:
    """40 resources, an io1 volume without `iops` in each; the even ones
    carry a directive, below a comment that is not ASCII when `accent` is not."""
    out = []
    for i in range(40):
        directive = "# ami-lint: disable=AMI208\n" if i % 2 == 0 else ""
        out.append(
            f"# R{accent}sum{accent} {i}\n{directive}"
            f'resource "aws_ami" "b{i}" {{\n'
            f'  name = "b-{i}"\n  virtualization_type = "hvm"\n  ena_support = true\n'
            '  root_device_name = "/dev/xvda"\n'
            '  ebs_block_device {\n    device_name = "/dev/xvda"\n'
            f'    snapshot_id = "snap-{i:017x}"\n    volume_type = "io1"\n  }}\n}}\n'
        )
    return "".join(out)


def _reported(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "main.tf"
    path.write_text(text, encoding="utf-8")
    proc = run_cli("--format", "json", "--select", "AMI208", str(path))
    assert proc.returncode == 1, proc.stderr
    return [f"{d['line']}:{d['column']} {d['rule']}" for d in json.loads(proc.stdout)["diagnostics"]]


def test_directives_after_text_that_is_not_ascii_each_cover_their_resource(tmp_path: Path) -> None:
    # The byte offset of each `ami-lint:` is counted on from the one before
    # (it was counted from the start of the file for each).
    plain = _reported(tmp_path, _terraform("e"))
    accented = _reported(tmp_path, _terraform("é"))
    assert accented == plain
    assert len(plain) == 20  # the odd ones
