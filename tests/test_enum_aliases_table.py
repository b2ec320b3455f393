"""`ami_lint/data/enum_aliases_table.py`, AMI104's aliases as a Python literal
(issue 20, item 3: no YAML library imported when a value is wrong): in sync
with `enum_aliases.yaml`, and what `enum_aliases` gives either way."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ami_lint import schema_check
from ami_lint.data import enum_aliases_table
from ami_lint.schema_check import _aliases, _load_data, aliases_module, enum_aliases
from tests.conftest import ROOT

YAML = ROOT / "ami_lint" / "data" / "enum_aliases.yaml"


def test_the_aliases_table_is_in_sync_with_the_yaml() -> None:
    text = YAML.read_text(encoding="utf-8")
    assert aliases_module(text) == (ROOT / "ami_lint" / "data" / "enum_aliases_table.py").read_text(
        encoding="utf-8"
    ), "run python scripts/update_docs.py"
    assert enum_aliases_table.aliases() == _aliases(_load_data(text))
    assert enum_aliases_table.aliases()["Architecture"]["amd64"]["value"] == "x86_64"


def test_a_stale_table_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from_table = enum_aliases()
    enum_aliases.cache_clear()
    monkeypatch.setattr(enum_aliases_table, "CHECK", (0, 0))
    monkeypatch.setattr(enum_aliases_table, "aliases", lambda: pytest.fail("a stale table was read"))
    try:
        assert schema_check.enum_aliases() == from_table
    finally:
        enum_aliases.cache_clear()


def test_a_wrong_value_imports_no_yaml_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "register.sh"
    script.write_text(
        "aws ec2 register-image --name a --architecture amd64 --root-device-name /dev/xvda "
        "--virtualization-type hvm --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=snap-1}\n",
        encoding="utf-8",
    )
    probe = (
        "import sys\n"
        "from ami_lint.cli import main\n"
        f"code = main(['--select', 'AMI104', {str(script)!r}])\n"
        "print(code, 'yaml' in sys.modules, 'ruamel' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert "AMI104" in run.stdout and "x86_64" in run.stdout, run.stdout + run.stderr
    assert run.stderr.split()[-3:] == ["1", "False", "False"], run.stderr
