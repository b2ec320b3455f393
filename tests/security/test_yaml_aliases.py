"""Issue 13, item 6: YAML aliases are bounded by what they expand to.

`--max-aliases` counted alias uses, so a few hundred uses of an anchor that
holds a thousand tags expanded to a million nodes in every later stage
(values for the schema, the rules): 19 s and 1.5 GB for a 69 KB file.
`--max-alias-nodes` (default 10000) bounds the nodes the aliases stand for.
"""

from __future__ import annotations

import json
from pathlib import Path

from ami_lint.nodes import Mapping, Node, Sequence
from ami_lint.readers.yaml_reader import read_yaml
from ami_lint.source import Source
from tests.conftest import run_cli

HEAD = "Name: web-2024\nArchitecture: x86_64\nRootDeviceName: /dev/xvda\nTagSpecifications:\n"


def tags_reused(tags: int, uses: int) -> str:
    """The issue's attack: an anchor of `tags` tags, used `uses` times."""
    lines = [HEAD + "- ResourceType: image\n  Tags: &t"]
    lines += [f"  - {{Key: k{i}, Value: v}}" for i in range(tags)]
    lines += ["- ResourceType: image\n  Tags: *t"] * uses
    return "\n".join(lines) + "\n"


def ami002(path: Path, *args: str) -> tuple[int, list[tuple[int, int, str, str | None]]]:
    proc = run_cli("--format", "json", "--select", "AMI002", *args, str(path))
    assert proc.stderr == ""
    found = [
        (d["line"], d["column"], d["message"], d["hint"]) for d in json.loads(proc.stdout)["diagnostics"]
    ]
    return proc.returncode, found


def test_expansion_is_bounded_not_the_uses(tmp_path: Path) -> None:
    # 200 tags are 1001 nodes (the list, and a mapping, two keys and two
    # values per tag); 30 uses are far below `--max-aliases` (1000) but
    # would expand to 30,030 nodes. The tenth use passes 10,000.
    path = tmp_path / "tags.yaml"
    path.write_text(tags_reused(200, 30))
    code, found = ami002(path)
    assert code == 1
    line = 6 + 200 + 2 * 10  # the tenth `Tags: *t`
    assert found == [
        (
            line,
            9,
            "Too many nodes through aliases: 10010 with this one (more than 10000)",
            "Write the values out, or raise `--max-alias-nodes`",
        )
    ]
    # The limit is an option; within it, the file reads without a finding.
    assert ami002(path, "--max-alias-nodes", "30030") == (0, [])


def test_the_issue_file_stops_at_the_limit(tmp_path: Path) -> None:
    # The issue's 69 KB file (990 uses of 1,000 tags): the second use passes.
    path = tmp_path / "issue.yaml"
    path.write_text(tags_reused(1000, 990))
    code, found = ami002(path)
    assert code == 1
    assert found == [
        (
            6 + 1000 + 2 * 2,
            9,
            "Too many nodes through aliases: 10002 with this one (more than 10000)",
            "Write the values out, or raise `--max-alias-nodes`",
        )
    ]


def test_nested_aliases_count_as_expanded(tmp_path: Path) -> None:
    # Each level holds two aliases of the one before: 3, 7, 15, ... nodes.
    # Only 2 aliases per level are written, and 2 * 12 uses are far from
    # `--max-aliases` as written, but the expansion doubles at each level.
    lines = [HEAD + "- ResourceType: image\n  Tags: []", "x0: &a0 [v, v]"]
    lines += [f"x{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 13)]
    path = tmp_path / "nested.yaml"
    path.write_text("\n".join(lines) + "\n")
    code, found = ami002(path, "--max-aliases", "100000")
    assert code == 1
    # Level i holds 2^(i+2) - 1 nodes: levels 1 to 10 bring 8164 through
    # aliases, and the first alias of level 11 (4095 more) passes 10,000.
    assert found == [
        (
            18,
            12,
            "Too many nodes through aliases: 12259 with this one (more than 10000)",
            "Write the values out, or raise `--max-alias-nodes`",
        )
    ]


def test_old_option_keeps_its_meaning(tmp_path: Path) -> None:
    path = tmp_path / "few.yaml"
    path.write_text(HEAD + "- ResourceType: image\n  Tags: []\na: &a x\nb: [*a, *a, *a]\n")
    assert ami002(path) == (0, [])
    code, found = ami002(path, "--max-aliases", "2")
    assert code == 1
    assert [f[2] for f in found] == ["Too many aliases (more than 2)"]
    code, found = ami002(path, "--max-alias-nodes", "2")
    assert [f[:3] for f in found] == [
        (8, 13, "Too many nodes through aliases: 3 with this one (more than 2)")
    ]


def expanded(node: Node) -> int:
    """Nodes of the tree as every later stage walks it: each alias in full."""
    count = 0
    stack = [node]
    while stack:
        current = stack.pop()
        count += 1
        if isinstance(current, Mapping):
            count += len(current.entries)  # the keys
            stack.extend(e.value for e in current.entries)
        elif isinstance(current, Sequence):
            stack.extend(current.items)
    return count


def written(text: str) -> int:
    """Nodes of the same tree with every alias counted as one node."""
    seen: set[int] = set()
    count = 0
    stack = list(read_yaml(Source.from_text(text, "x.yaml"), max_alias_nodes=10**9).documents)
    while stack:
        current = stack.pop()
        count += 1
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, Mapping):
            count += len(current.entries)
            stack.extend(e.value for e in current.entries)
        elif isinstance(current, Sequence):
            stack.extend(current.items)
    return count


def test_work_at_the_limit_is_linear(tmp_path: Path) -> None:
    """Files built to expand as much as the default limits allow: what every
    later stage walks is at most the nodes written plus 10,000."""
    shapes = {
        "wide": "t: &t\n"
        + "".join(f"- {{Key: k{i}, Value: v}}\n" for i in range(200))
        + "u: ["
        + ", ".join(["*t"] * 9)
        + "]\n",  # 9 * 1001 through aliases
        "laughs": "\n".join(
            ["a0: &a0 [v, v, v, v, v, v, v, v, v]"]
            + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 4)]
        )
        + "\n",  # 9 * 10 + 9 * 91 + 9 * 820 = 8289 through aliases
    }
    for name, text in shapes.items():
        result = read_yaml(Source.from_text(text, name + ".yaml"))
        assert not result.failed, name
        total = sum(expanded(doc) for doc in result.documents)
        assert total <= written(text) + 10_000, name
        # And the CLI reads it without a finding.
        path = tmp_path / f"{name}.yaml"
        path.write_text(HEAD + "- ResourceType: image\n  Tags: []\n" + text)
        assert ami002(path)[1] == [], name
