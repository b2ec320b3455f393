"""Precision of ami-lint's default output on a corpus of real public files.

    python bench/accuracy.py [--corpus DIR] [--unlabeled] [--jobs N]

Reads `bench/realworld/manifest.toml` (one entry per file: its origin and
sha256) and `bench/realworld/labels.toml` (one hand label per finding: `true`,
`noise` or `false`). The corpus folder is `--corpus`, else `$AMI_LINT_CORPUS`,
else /work/corpus/realworld; a file is at `<corpus>/<owner>+<name>/<path>`.
A missing file is restored from a local mirror of its repository
(`<mirror>/<owner>+<name>*`, a git directory) with `git show <commit>:<path>`
when that mirror exists and the bytes match the manifest's sha256; nothing is
ever fetched from the network. Files that cannot be restored are named on
stderr and left out.

Runs the real CLI once over every file (`python -m ami_lint --format json`,
default rules and configuration), joins its findings with the labels by
(file id, rule, line, column) and prints per rule: findings, true, noise,
false, unlabeled; totals with precision = true / labeled; and how many labels
no longer match a finding (fixed), per verdict. `--unlabeled` prints the
unlabeled findings as TOML entries ready to paste into labels.toml, each with
its source line.

Exit status: 0 when every finding is labeled and none is `false`; 1 when a
finding is `false` or unlabeled; 2 when the measurement could not be made
(bad manifest or labels, files missing, ami-lint failed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # ami-lint's own dependency on Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/work/corpus/realworld")
DEFAULT_MIRROR = Path("/work/.mirror")
VERDICTS = ("true", "noise", "false")
KIND_FIELDS = ("id", "repo", "path", "commit", "sha256")

Key = tuple[str, str, int, int]


class Fatal(Exception):
    """The measurement cannot be made; the message says why."""


def load_manifest(path: Path) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise Fatal(f"{path}: cannot read the manifest: {err}") from err
    files = data.get("file", [])
    seen: set[str] = set()
    for n, entry in enumerate(files, 1):
        for field in KIND_FIELDS:
            if not isinstance(entry.get(field), str) or not entry[field]:
                raise Fatal(f"{path}: file entry {n} has no {field}")
        if entry["id"] in seen:
            raise Fatal(f"{path}: id {entry['id']!r} is used twice")
        if "/" not in entry["repo"]:
            raise Fatal(f"{path}: {entry['id']}: repo must be owner/name")
        seen.add(entry["id"])
    return list(files)


def load_labels(path: Path, ids: set[str]) -> dict[Key, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise Fatal(f"{path}: cannot read the labels: {err}") from err
    labels: dict[Key, dict[str, Any]] = {}
    for n, entry in enumerate(data.get("label", []), 1):
        where = f"{path}: label {n}"
        if entry.get("file") not in ids:
            raise Fatal(f"{where}: file {entry.get('file')!r} is not in the manifest")
        if entry.get("verdict") not in VERDICTS:
            raise Fatal(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
        if not isinstance(entry.get("line"), int) or not isinstance(entry.get("column"), int):
            raise Fatal(f"{where}: line and column must be numbers")
        if not isinstance(entry.get("rule"), str) or not entry.get("reason"):
            raise Fatal(f"{where}: needs a rule and a reason")
        key = (entry["file"], entry["rule"], entry["line"], entry["column"])
        if key in labels:
            raise Fatal(f"{where}: a second label for {key}")
        labels[key] = entry
    return labels


def repo_dir(entry: dict[str, Any]) -> str:
    owner, name = entry["repo"].split("/", 1)
    return f"{owner}+{name}"


def restore(entry: dict[str, Any], target: Path, mirror: Path) -> str | None:
    """Write the file from a local mirror; None when done, else why not."""
    candidates = sorted(mirror.glob(glob_escape(repo_dir(entry)) + "*")) if mirror.is_dir() else []
    if not candidates:
        return f"no mirror of {entry['repo']} under {mirror}"
    for candidate in candidates:
        git_dir = candidate / "repo" if (candidate / "repo").is_dir() else candidate
        # Some mirrors are checkouts, with the git directory in repo/.git.
        if (git_dir / ".git").is_dir():
            git_dir = git_dir / ".git"
        shown = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{entry['commit']}:{entry['path']}"],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            continue
        if hashlib.sha256(shown.stdout).hexdigest() != entry["sha256"]:
            return f"the mirror's {entry['commit'][:12]}:{entry['path']} differs from the manifest's sha256"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(shown.stdout)
        # An empty .git marks the repository's root, as in a real checkout:
        # file:// references are not followed out of it.
        (target_root(target, entry)).joinpath(".git").mkdir(exist_ok=True)
        return None
    return f"{entry['commit'][:12]}:{entry['path']} is not in the mirror of {entry['repo']}"


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def target_root(target: Path, entry: dict[str, Any]) -> Path:
    root = target
    for _ in Path(entry["path"]).parts:
        root = root.parent
    return root


def run_ami_lint(corpus: Path, relpaths: list[str], jobs: int | None) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "ami_lint", "--format", "json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    # "--" so that a path starting with '-' is not read as an option.
    cmd += ["--", *relpaths]
    env = dict(os.environ)
    # The checkout this script belongs to is the ami-lint measured, wherever it runs from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH", "")]))
    proc = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True, env=env, check=False)
    if proc.returncode not in (0, 1):
        raise Fatal(f"ami-lint exited {proc.returncode}: {proc.stderr.strip()[:2000]}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise Fatal(f"ami-lint's JSON output cannot be read: {err}") from err
    diagnostics = report.get("diagnostics")
    if not isinstance(diagnostics, list):
        raise Fatal("ami-lint's JSON output has no diagnostics list")
    return diagnostics


def source_line(path: Path, line: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, help="corpus folder (else $AMI_LINT_CORPUS, else /work/corpus/realworld)"
    )
    parser.add_argument("--manifest", type=Path, default=HERE / "realworld" / "manifest.toml")
    parser.add_argument("--labels", type=Path, default=HERE / "realworld" / "labels.toml")
    parser.add_argument(
        "--mirror", type=Path, default=DEFAULT_MIRROR, help="folder of git mirrors to restore from"
    )
    parser.add_argument("--jobs", type=int, help="passed to ami-lint --jobs")
    parser.add_argument("--unlabeled", action="store_true", help="print unlabeled findings as TOML entries")
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(os.environ.get("AMI_LINT_CORPUS") or DEFAULT_CORPUS)
    try:
        return measure(args, corpus)
    except Fatal as err:
        print(f"accuracy: {err}", file=sys.stderr)
        return 2


def measure(args: argparse.Namespace, corpus: Path) -> int:
    files = load_manifest(args.manifest)
    labels = load_labels(args.labels, {f["id"] for f in files})
    present: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for entry in files:
        rel = f"{repo_dir(entry)}/{entry['path']}"
        target = corpus / rel
        if not target.is_file():
            why = restore(entry, target, args.mirror)
            if why is not None:
                missing.append(f"  {entry['id']}: {entry['repo']} {entry['path']} ({why})")
                continue
            print(f"restored {entry['id']} from the mirror of {entry['repo']}", file=sys.stderr)
        elif hashlib.sha256(target.read_bytes()).hexdigest() != entry["sha256"]:
            print(f"warning: {entry['id']} ({rel}) differs from the manifest's sha256", file=sys.stderr)
        present[rel] = entry
    if missing:
        print(f"{len(missing)} of {len(files)} files are missing and were not linted:", file=sys.stderr)
        print("\n".join(missing), file=sys.stderr)
    if not present:
        raise Fatal(f"no file of the manifest is in {corpus}")

    findings: dict[Key, dict[str, Any]] = {}
    for diag in run_ami_lint(corpus, sorted(present), args.jobs):
        rel = Path(diag["path"]).as_posix().removeprefix("./")
        owner = present.get(rel)
        if owner is None:
            continue
        findings[(owner["id"], diag["rule"], diag["line"], diag["column"])] = diag | {"_rel": rel}

    present_ids = {e["id"] for e in present.values()}
    per_rule: dict[str, Counter[str]] = {}
    unlabeled: list[Key] = []
    for key in sorted(findings):
        counts = per_rule.setdefault(key[1], Counter())
        counts["findings"] += 1
        label = labels.get(key)
        if label is None:
            counts["unlabeled"] += 1
            unlabeled.append(key)
        else:
            counts[label["verdict"]] += 1
    fixed = Counter(
        label["verdict"] for key, label in labels.items() if key not in findings and key[0] in present_ids
    )

    print_table(per_rule, fixed, len(present), len(files))
    if args.unlabeled:
        for key in unlabeled:
            diag = findings[key]
            print()
            print(f"# {diag['_rel']}:{key[2]}:{key[3]}: {diag.get('message', '')}")
            print(f"#   {source_line(corpus / diag['_rel'], key[2])}")
            print("[[label]]")
            print(f"file = {toml_string(key[0])}")
            print(f"rule = {toml_string(key[1])}")
            print(f"line = {key[2]}")
            print(f"column = {key[3]}")
            print('verdict = ""  # true | noise | false')
            print('reason = ""')
    total = Counter[str]()
    for counts in per_rule.values():
        total.update(counts)
    if total["false"] or total["unlabeled"]:
        return 1
    return 2 if missing else 0


def print_table(per_rule: dict[str, Counter[str]], fixed: Counter[str], linted: int, listed: int) -> None:
    columns = ("findings", "true", "noise", "false", "unlabeled")
    print(f"{linted} of {listed} files of the manifest linted")
    print(f"{'rule':<8}" + "".join(f"{c:>11}" for c in columns))
    total = Counter[str]()
    for rule in sorted(per_rule):
        counts = per_rule[rule]
        total.update(counts)
        print(f"{rule:<8}" + "".join(f"{counts[c]:>11}" for c in columns))
    print(f"{'total':<8}" + "".join(f"{total[c]:>11}" for c in columns))
    labeled = total["true"] + total["noise"] + total["false"]
    precision = f"{100 * total['true'] / labeled:.1f}%" if labeled else "n/a"
    print(f"precision (true / labeled): {total['true']}/{labeled} = {precision}")
    print("labels with no finding any more (fixed): " + ", ".join(f"{v} {fixed[v]}" for v in VERDICTS))


if __name__ == "__main__":
    sys.exit(main())
