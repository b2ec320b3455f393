"""ami-lint beside its peers (issue 20, item 6): ShellCheck on the same
scripts, one process per file and batched, and cfn-lint on a template.

    python bench/peers.py [--quick]

Each figure is a ratio, ami-lint's wall time over the peer's, both run in
turns in one run (one run of each per round), so that a machine growing
busier or quieter weighs on both alike; absolute times depend on the machine
and are printed beside them. The issue sets no goal for these: they are
context rows of the table (`Figure(goal=None)`). The AWS CLI's local check
(`aws ec2 register-image … --generate-cli-skeleton`) is a peer with a goal,
≤ 0.07x: bench/startup.py measures it.

- ShellCheck, per file: `shellcheck typical.sh` against `ami-lint typical.sh`
  (the 15-line script of bench/run.py, one process each);
- ShellCheck, batched: the register-image scripts of bench/run.py's mixed
  tree, gathered in one folder, through `xargs -n400 -P2 shellcheck` (two
  processes at a time, 400 files each), against `ami-lint` on that folder
  (its default `--jobs`);
- cfn-lint: `cfn-lint template.yaml` (a launch template with the typical
  script's block device mapping) against `ami-lint typical.sh`.

ShellCheck: `apt-get install shellcheck` (Debian, Ubuntu) or
`brew install shellcheck`; cfn-lint: `pip install cfn-lint` into the same
environment. A peer that is not installed is said and left out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from figures import Figure, report  # noqa: E402
from run import (  # noqa: E402
    AMI_LINT_OK,
    ANY,
    CFN_TEMPLATE,
    TYPICAL,
    Command,
    Result,
    build_tree,
    measure,
    offline_env,
    tool,
)

SHELLCHECK_OK = frozenset({0, 1})  # 1: it found something
XARGS_OK = frozenset({0, 123})  # 123: some invocation exited 1 (found something)


def _scripts(folder: Path, files: int) -> int:
    """The shell scripts of a mixed tree of `files` files (bench/run.py's),
    gathered in `folder`: how many."""
    tree = folder.parent / "tree-for-scripts"
    build_tree(tree, files)
    folder.mkdir()
    count = 0
    for path in sorted(tree.rglob("*.sh")):
        shutil.copyfile(path, folder / path.name)
        count += 1
    shutil.rmtree(tree)
    return count


def _ratio(name: str, ours: Result, peer: Result, note: str) -> Figure:
    return Figure(
        name,
        ours.median / peer.median,
        None,
        note="; ".join(filter(None, [f"{ours.median * 1000:.0f} ms vs {peer.median * 1000:.0f} ms", note])),
    )


def figures(quick: bool) -> list[Figure]:
    ami = tool("ami-lint")
    if ami is None:
        print("peers: ami-lint is not installed (pip install .)")
        return []
    shellcheck, cfn = tool("shellcheck"), tool("cfn-lint")
    env = offline_env()
    runs = 3 if quick else 11
    out: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ami-lint-peers-") as tmp:
        work = Path(tmp)
        (work / "typical.sh").write_text(TYPICAL)
        (work / "template.yaml").write_text(CFN_TEMPLATE)
        ours = Command("ami-lint typical.sh", [ami, "typical.sh"], runs, AMI_LINT_OK)
        if shellcheck is not None:
            one = Command("shellcheck typical.sh", [shellcheck, "typical.sh"], runs, SHELLCHECK_OK)
            mine, theirs = measure([ours, one], env, work)
            out.append(_ratio("peers: ami-lint / ShellCheck, one script, one process each", mine, theirs, ""))
            count = _scripts(work / "scripts", 500 if quick else 2000)
            listing = work / "scripts.txt"
            listing.write_text("".join(f"scripts/{p.name}\n" for p in sorted((work / "scripts").iterdir())))
            batched = Command(
                "xargs -n400 -P2 shellcheck scripts/*.sh",
                # The list on standard input: BSD xargs (macOS) has no `-a FILE`.
                ["sh", "-c", f'exec xargs -n400 -P2 "$0" < {listing.name}', shellcheck],
                max(3, runs // 2),
                XARGS_OK,
            )
            whole = Command("ami-lint scripts/", [ami, "scripts"], max(3, runs // 2), AMI_LINT_OK)
            mine, theirs = measure([whole, batched], env, work)
            out.append(
                _ratio(
                    f"peers: ami-lint / ShellCheck batched (xargs -n400 -P2), {count} scripts",
                    mine,
                    theirs,
                    "ami-lint's default --jobs",
                )
            )
        else:
            print("peers: shellcheck is not installed (apt-get install shellcheck): left out")
        if cfn is not None:
            # cfn-lint's exit code is a bit mask of the levels it found.
            template = Command("cfn-lint template.yaml", [cfn, "template.yaml"], max(3, runs // 2), ANY)
            ours_again = Command(ours.name, ours.argv, template.runs, ours.ok)
            mine, theirs = measure([ours_again, template], env, work)
            out.append(_ratio("peers: ami-lint typical.sh / cfn-lint on a launch template", mine, theirs, ""))
        else:
            print("peers: cfn-lint is not installed (pip install cfn-lint): left out")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer scripts and runs, for a try")
    args = parser.parse_args()
    return report(figures(args.quick))


if __name__ == "__main__":
    raise SystemExit(main())
