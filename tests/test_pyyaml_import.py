"""PyYAML imported without compiling its reader's pattern (issue 20).

`yaml.reader` compiles, as it is imported, a class of every character its
pure-Python reader refuses: about 12 ms, more than the rest of PyYAML's
import, for a reader ami-lint never runs (it reads with the C parser).
`ami_lint.readers.yaml_libyaml` gives `re` that pattern as one compiled on
first use. Each probe runs in an interpreter of its own: PyYAML is imported
once per process.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml

from ami_lint.readers.yaml_libyaml import PYYAML_NON_PRINTABLE, OnFirstUse


def _probe(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_pattern_is_the_one_pyyaml_compiles() -> None:
    # Else the seed is never used and the import costs its 12 ms again.
    tree = ast.parse(Path(yaml.__file__).with_name("reader.py").read_text(encoding="utf-8"))
    compiled = [
        node.value.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["NON_PRINTABLE"]
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.args[0], ast.Constant)
    ]
    assert compiled == [PYYAML_NON_PRINTABLE]


def test_a_yaml_lint_leaves_the_pattern_uncompiled_and_re_as_it_was() -> None:
    out = _probe(
        "import re, sys\n"
        "from ami_lint.engine import Linter\n"
        "from ami_lint.report import Report\n"
        "from ami_lint.readers.yaml_libyaml import PYYAML_NON_PRINTABLE as P, OnFirstUse\n"
        "report = Report()\n"
        "Linter().lint_data(report, b'Name: x\\nArchitecture: amd64\\n', 'r.yaml')\n"
        "assert 'AMI104' in [d.rule for d in report.diagnostics], report\n"
        "import yaml.reader\n"
        "seeded = yaml.reader.Reader.NON_PRINTABLE\n"
        "assert type(seeded) is OnFirstUse and seeded._compiled is None\n"
        "caches = [getattr(re, n, None) for n in ('_cache', '_cache2')]\n"
        "assert not any(isinstance(c, dict) and any(k[1] == P for k in c) for c in caches)\n"
        "compiled = re.compile(P)\n"
        "assert type(compiled) is re.Pattern and seeded._compiled is None\n"
        "print('ok')\n"
    )
    assert out == "ok"


def test_pyyamls_reader_refuses_what_it_refused() -> None:
    # The seeded pattern compiles itself when PyYAML's own reader uses it.
    out = _probe(
        "import re\n"
        "from ami_lint.readers.yaml_libyaml import _libyaml, PYYAML_NON_PRINTABLE as P\n"
        "_libyaml()\n"
        "import yaml\n"
        "for text in ('a\\x07b', 'a\\ufffeb', 'tab\\tok\\u00e9\\n'):\n"
        "    try:\n"
        "        yaml.reader.Reader(text)\n"
        "        print('read')\n"
        "    except yaml.reader.ReaderError as e:\n"
        "        print(e.character == ord(text[1]), e.position)\n"
        "seeded = yaml.reader.Reader.NON_PRINTABLE\n"
        "assert seeded._compiled is re.compile(P), 'compiled once, then the cached pattern'\n"
        "assert (seeded.pattern, seeded.flags) == (P, re.compile(P).flags)\n"
        "print(yaml.safe_load('a: [1, 2]'))\n"
    )
    assert out.split("\n") == ["True 1", "True 1", "read", "{'a': [1, 2]}"]


def test_nothing_is_seeded_where_re_has_no_cache_or_compiled_it_already() -> None:
    for before in ("import collections; re._cache = collections.UserDict()", "re.compile(P)"):
        out = _probe(
            "import re\n"
            "from ami_lint.readers.yaml_libyaml import _libyaml, PYYAML_NON_PRINTABLE as P\n"
            f"{before}\n"
            "_libyaml()\n"
            "import yaml.reader\n"
            "print(type(yaml.reader.Reader.NON_PRINTABLE).__name__)\n"
        )
        assert out == "Pattern", before


def test_a_seed_never_used_is_taken_out_of_re() -> None:
    import re

    from ami_lint.readers.yaml_libyaml import _seed_pattern

    pattern = "[^\\x00-\\x7f]"  # one no other test compiles in this process
    re.purge()
    seeded = _seed_pattern(pattern)
    assert isinstance(seeded, OnFirstUse)
    assert re.compile(pattern) is seeded
    seeded.unseed()
    compiled = re.compile(pattern)
    assert type(compiled) is re.Pattern and compiled.search("aé").start() == 1
    assert _seed_pattern(pattern) is None  # compiled already: left as it is
