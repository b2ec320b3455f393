"""`ami_lint/data/schema_table.py`, the schema as a Python literal (issue 20):
in sync with `register_image.schema.json`, and what `load_schema` gives."""

from __future__ import annotations

import json
import subprocess
import sys

from ami_lint.data import schema_table
from ami_lint.schema import SCHEMA_RESOURCE, load_schema, schema_module
from tests.conftest import ROOT

DATA = ROOT / "ami_lint" / "data"


def test_schema_table_is_in_sync_with_the_json() -> None:
    text = (DATA / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    assert schema_module(text) == (DATA / "schema_table.py").read_text(encoding="utf-8"), (
        "run python scripts/update_docs.py"
    )
    # json.dumps tells `true` from `1`, which == does not.
    assert json.dumps(schema_table.schema()) == json.dumps(json.loads(text))


def test_load_schema_gives_a_fresh_copy_of_the_json() -> None:
    first = load_schema()
    assert json.dumps(first) == json.dumps(json.loads((DATA / SCHEMA_RESOURCE).read_text(encoding="utf-8")))
    first["properties"].clear()
    assert load_schema()["properties"]


def test_a_run_over_a_script_imports_no_json() -> None:
    probe = (
        "import sys\n"
        "from ami_lint.schema import load_validator\n"
        "load_validator()\n"
        "print('json' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stdout) == (0, "False\n"), run.stderr
