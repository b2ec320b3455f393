"""The making of the rule index (`rules/_index.py` and `rules/_index_more.py`,
read by `ami_lint.registry`): by `scripts/update_docs.py` and the tests,
never by a run (start-up, issue 20: its code is not unmarshalled then)."""

from __future__ import annotations

from ami_lint.data import bytes_check
from ami_lint.registry import (
    METADATA,
    RuleLoadError,
    _import_path,
    _module_rule,
    is_rule_id,
    is_rule_name,
    rule_files,
)
from ami_lint.rule import KIND_REQUEST

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from pathlib import Path


def index_module(directory: Path) -> str:
    """The text of `rules/_index.py` for the rule files of `directory`."""
    return _index_texts(directory)[0]


def index_more_module(directory: Path) -> str:
    """The text of `rules/_index_more.py` for the rule files of `directory`:
    the code of the rules whose `check` a run never calls (kinds other than
    `request`: the readers and the schema report their findings), loaded
    only when such a rule is first used otherwise (`--explain`, docs)."""
    return _index_texts(directory)[1]


def _index_texts(directory: Path) -> tuple[str, str]:
    """The texts of the index and of its second part (`INDEX_MORE`)."""
    import ast
    import symtable

    header = (
        "# Generated from the rule files beside it by `python scripts/update_docs.py`\n"
        "# (ami_lint.rule_index.index_module): do not edit. Each function holds one rule\n"
        "# file's code, run in that file's own module by ami_lint.registry.\n"
        "# mypy: ignore-errors\n"
        "from __future__ import annotations\n"
    )
    sizes = []
    functions: list[tuple[str, str]] = []
    for path in rule_files(directory):
        if path.suffix != ".py":
            raise RuleLoadError(f"{path}: the built-in rules are Python files")
        data = path.read_bytes()
        text = data.decode("utf-8")
        sizes.append(f"    {path.name!r}: {bytes_check(data)!r},\n")
        tree = ast.parse(text, str(path))
        body = tree.body
        if not (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)):
            raise RuleLoadError(f"{path}: a rule file starts with its documentation")
        future = [
            node
            for node in body
            if isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and [a.name for a in node.names] == ["annotations"]
        ]
        if len(future) != 1:
            raise RuleLoadError(f"{path}: a rule file has `from __future__ import annotations`")
        for node in body:
            if isinstance(node, (ast.AnnAssign, ast.Global)) or (
                isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
            ):
                raise RuleLoadError(f"{path}:{node.lineno}: not allowed at the top of a built-in rule")
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        # Lines that begin inside a string keep their text as it is; the others
        # are indented into the function.
        inside: set[int] = set()
        for part in ast.walk(tree):
            if isinstance(part, (ast.Constant, ast.JoinedStr)) and part.end_lineno:
                inside.update(range(part.lineno + 1, part.end_lineno + 1))
        dropped = set(range(future[0].lineno, (future[0].end_lineno or future[0].lineno) + 1))
        table = symtable.symtable(text, str(path), "exec")
        names = sorted(
            {"__doc__"}
            | {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
            - {"annotations"}  # bound by the __future__ import, which the index makes once
        )
        out = [f"\n\ndef {path.stem}():  # rules/{path.name}\n"]
        while names:
            line = "    global " + names.pop(0)
            while names and len(line) + len(names[0]) + 2 <= 100:
                line += ", " + names.pop(0)
            out.append(line + "\n")
        for number, line in enumerate(lines, start=1):
            if number in dropped:
                continue
            if number == body[0].lineno:
                line = line[: body[0].col_offset] + "__doc__ = " + line[body[0].col_offset :]
            if number in inside:
                out.append(line + "\n")
            elif not line.strip():
                out.append("\n")
            else:
                out.append("    " + line + "\n")
        functions.append((path.stem, "".join(out)))
    metadata, kinds = _metadata(directory)
    # A pending rule that is never checked has its code in the second part.
    more = {stem for stem, kind in kinds.items() if kind != KIND_REQUEST}
    checks = "\nCHECKS = {\n" + "".join(sizes) + "}\n"
    first = "".join(text for stem, text in functions if stem not in more)
    second = "".join(text for stem, text in functions if stem in more)
    more_header = header.replace(
        "# file's code, run in that file's own module by ami_lint.registry.\n",
        "# file's code, run in that file's own module by ami_lint.registry: the rules\n"
        "# whose `check` a run never calls. `CHECKS` as in `_index.py`.\n",
    )
    return header + checks + metadata + first, more_header + checks + second


def _metadata(directory: Path) -> tuple[str, dict[str, str]]:
    """The index's `RULES`: each rule file's rule's metadata (`METADATA`), as
    its rule object has it once the file is imported; a rule file whose values
    are not all plain literals is left out (its code runs at start-up). Also
    the kind of each rule it holds, by file stem."""
    import ast

    lines = []
    kinds: dict[str, str] = {}
    for path in rule_files(directory):
        try:
            rule = _module_rule(_import_path(path), str(path))
        except Exception:  # its code runs at start-up, and reports it there
            continue
        values = tuple(getattr(rule, key) for key in METADATA)
        values = (*values[:3], int(values[3]), *values[4:])
        text = repr(values)
        try:
            plain = ast.literal_eval(text) == values
        except (ValueError, SyntaxError):
            plain = False
        # A class with `__slots__` could not become it (`_Pending._rule`).
        # Only a well-formed id and name: the registry does not check a
        # pending rule's again (`Registry.add`).
        well_formed = is_rule_id(rule.id or "") and is_rule_name(rule.name or "")
        if plain and well_formed and not any("__slots__" in vars(k) for k in type(rule).__mro__):
            lines.append(f"    {path.stem!r}: {text},\n")
            kinds[path.stem] = rule.kind
    return "\nRULES = {\n" + "".join(lines) + "}\n", kinds
