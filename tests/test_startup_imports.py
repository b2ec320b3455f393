"""What the start-up of a typical run imports (issue 20, item 1), and how
tree-sitter and its grammars are loaded (`ami_lint.grammars`).

A lint of one shell script, text output, no configuration file, imports
none of the standard library's heavier modules: each is milliseconds of
every run. Each probe runs in an interpreter of its own, through
`ami_lint.cli.entry` as the console script does.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, bench_typical

TYPICAL = bench_typical()

NOT_IMPORTED = (
    "typing",
    "pathlib",
    "fnmatch",
    "urllib",
    "urllib.parse",
    "ipaddress",
    "contextlib",
    "importlib.util",
    "importlib.resources",
    "importlib.metadata",
    "tempfile",
    "shutil",
    "locale",
    "gettext",
    "json",
    "argparse",
    "dataclasses",
    "inspect",
    "importlib",
    "warnings",
    "numbers",
    "math",
    "array",
    "unicodedata",
    # its classes (WeakValueDictionary...): `_weakref.ref` is `weakref.ref`
    "weakref",
    # its enums are made on import; `_signal` holds the same functions
    "signal",
    # a text report links each rule to its page with rule_ids.rule_page
    "ami_lint.ruledocs",
    # a configuration's globs: none without a configuration file
    "ami_lint.globs",
    # a module around `_contextvars`, whose ContextVar the readers use
    "contextvars",
    # a module around `_bisect`, whose functions the shell and offsets use
    "bisect",
    # tree-sitter's packages: their compiled modules alone are loaded
    "tree_sitter",
    "tree_sitter_bash",
    # the second part of the rule index: the code of rules a run never checks
    "ami_lint.rules._index_more",
)

# Runs `ami_lint.cli.entry` as the console script does; when it ends the
# process (`os._exit`), prints the modules the run imported.
PROBE = """\
import os, sys
before = set(sys.modules)
_exit = os._exit
def _report(code):
    sys.stdout.flush()
    print(sorted(set(sys.modules) - before), file=sys.stderr, flush=True)
    _exit(code)
os._exit = _report
sys.argv = ["ami-lint", *sys.argv[1:]]
from ami_lint.cli import entry
entry()
"""


def _probe(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AMI_LINT_CONFIG")}
    run = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )  # fmt: skip
    imported = ast.literal_eval(run.stderr.splitlines()[-1])  # a list of names, printed with repr
    return run, set(imported)


def test_a_typical_run_imports_none_of_the_heavy_modules(tmp_path: Path) -> None:
    (tmp_path / "typical.sh").write_text(TYPICAL, encoding="utf-8")
    run, imported = _probe(tmp_path, "typical.sh")
    assert "AMI312" in run.stdout and "AMI210" in run.stdout  # the whole lint ran
    assert run.returncode == 1
    assert sorted(imported & set(NOT_IMPORTED)) == []
    assert {"tree_sitter._binding", "tree_sitter_bash._binding"} <= imported


# Counts what `re` is asked to compile or look up in its cache (`re._compile`,
# behind `re.compile`, `re.match`, `re.sub`...) during a run.
COMPILES = """\
import os, re, sys
asked = []
_compile = re._compile
def _counted(pattern, flags):
    asked.append(pattern)
    return _compile(pattern, flags)
re._compile = _counted
_exit = os._exit
def _report(code):
    sys.stdout.flush()
    print(repr(asked), file=sys.stderr, flush=True)
    _exit(code)
os._exit = _report
sys.argv = ["ami-lint", *sys.argv[1:]]
from ami_lint.cli import entry
entry()
"""


def test_a_typical_run_uses_no_regex(tmp_path: Path) -> None:
    """`re` itself is imported by tree-sitter's compiled module (so is `enum`),
    but no pattern is compiled or used: each was milliseconds of every run
    (the shorthand scanner's runs, the device names of AMI204, the words of a
    script; tests/test_startup_equivalents.py compares each replacement with
    its pattern)."""
    (tmp_path / "typical.sh").write_text(TYPICAL, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AMI_LINT_CONFIG")}
    run = subprocess.run(
        [sys.executable, "-I", "-c", COMPILES, "typical.sh"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    assert "AMI312" in run.stdout and "AMI210" in run.stdout  # the whole lint ran
    assert ast.literal_eval(run.stderr.splitlines()[-1]) == []


def test_a_run_under_a_configuration_still_reads_it(tmp_path: Path) -> None:
    """Without pathlib at start-up, a configuration file is still found and
    applied (its reader, ruamel.yaml, imports what it needs)."""
    (tmp_path / "typical.sh").write_text(TYPICAL, encoding="utf-8")
    (tmp_path / ".ami-lint.yaml").write_text("ignore: [AMI312]\n", encoding="utf-8")
    run, imported = _probe(tmp_path, "typical.sh")
    assert "AMI210" in run.stdout and "AMI312" not in run.stdout
    assert "ruamel.yaml" in imported


def test_start_up_makes_no_collection_and_leaves_the_collector_on(tmp_path: Path) -> None:
    """The collector waits until start-up is over (its objects live as long
    as the run); then it is on, and nothing is left frozen. A caller that
    turned it off finds it off."""
    (tmp_path / "typical.sh").write_text(TYPICAL, encoding="utf-8")
    code = (
        "import gc, io, sys\n"
        "from ami_lint import cli\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and runs.append(info['generation']))\n"
        "sys.stdout = io.StringIO()\n"
        "code = cli.main(['typical.sh'])\n"
        "after = (gc.isenabled(), gc.get_freeze_count(), runs)\n"
        "gc.disable()\n"
        "cli.main(['typical.sh'])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(code, after, gc.isenabled())\n"
    )
    assert _python(code, tmp_path) == "1 (True, 0, []) False"


# --- ami_lint.grammars ----------------------------------------------------------

SAME_TYPES = """\
import sys
from ami_lint import grammars
parser = grammars.parser("tree_sitter_bash")
tree = parser.parse(b"aws ec2 register-image --name x\\n")
loaded = sorted(m for m in sys.modules if m.startswith("tree_sitter"))
import tree_sitter, tree_sitter_bash
same = (
    type(parser) is tree_sitter.Parser,
    type(tree) is tree_sitter.Tree,
    type(tree.root_node) is tree_sitter.Node,
    grammars.tree_sitter().Language is tree_sitter.Language,
    sys.modules["tree_sitter_bash._binding"].language is tree_sitter_bash.language,
    tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language())).parse(b"x").root_node.type,
)
print(loaded, same)
"""


def _python(code: str, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1]


def test_the_compiled_modules_alone_are_loaded_and_an_import_later_reuses_them() -> None:
    assert _python(SAME_TYPES) == (
        "['tree_sitter._binding', 'tree_sitter_bash._binding'] (True, True, True, True, True, 'program')"
    )


def test_a_package_imported_before_is_reused() -> None:
    code = (
        "import tree_sitter, tree_sitter_bash\n"
        "from ami_lint import grammars\n"
        "print(grammars.tree_sitter() is tree_sitter._binding,"
        " type(grammars.parser('tree_sitter_bash')) is tree_sitter.Parser)\n"
    )
    assert _python(code) == "True True"


# A finder before the file system's, as an editable install or an import
# hook puts there: the packages it finds have a loader of its own, a layout
# the loader does not know. They are imported the usual way, through it.
WRAPPED = """\
import importlib.machinery, sys

class Hook(importlib.machinery.SourceFileLoader):
    pass

class Finder:
    def find_spec(self, name, path=None, target=None):
        if name not in ("tree_sitter", "tree_sitter_bash"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = Hook(spec.loader.name, spec.loader.path)
        return spec

sys.meta_path.insert(0, Finder())
"""


def test_a_layout_it_does_not_know_is_imported_the_usual_way() -> None:
    out = _python(WRAPPED + SAME_TYPES)
    loaded, same = out.split("] ", 1)
    assert "'tree_sitter'" in loaded and "'tree_sitter_bash'" in loaded  # the packages ran
    assert same == "(True, True, True, True, True, 'program')"


def test_a_grammar_without_a_compiled_module_is_imported(tmp_path: Path) -> None:
    """A package whose `_binding` is Python, or that has none, or a module
    rather than a package: each is imported, and its `language()` used."""
    (tmp_path / "grammar_py_binding").mkdir()
    (tmp_path / "grammar_py_binding" / "__init__.py").write_text(
        "from ._binding import language\nRAN = True\n", encoding="utf-8"
    )
    (tmp_path / "grammar_py_binding" / "_binding.py").write_text("def language():\n    return 1\n")
    (tmp_path / "grammar_no_binding").mkdir()
    (tmp_path / "grammar_no_binding" / "__init__.py").write_text("def language():\n    return 2\n")
    (tmp_path / "grammar_module.py").write_text("def language_x():\n    return 3\n", encoding="utf-8")
    code = (
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
        "from ami_lint import grammars\n"
        "values = [grammars.language('grammar_py_binding'), grammars.language('grammar_no_binding'),"
        " grammars.language('grammar_module', 'language_x')]\n"
        "print(values, sys.modules['grammar_py_binding'].RAN, grammars.binding('grammar_no_binding'))\n"
    )
    assert _python(code) == "[1, 2, 3] True None"
