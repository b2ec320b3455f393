"""The limits table: `ami_lint/data/limits.toml` is what people edit, and
`ami_lint/data/limits_table.py` (what a run loads, without a TOML parser) is
written from it by `scripts/update_docs.py`."""

from __future__ import annotations

from pathlib import Path

from ami_lint.data.limits_table import TABLE
from ami_lint.limits import read_toml, table_module

GENERATED = Path(__file__).resolve().parent.parent / "ami_lint" / "data" / "limits_table.py"


def test_the_generated_table_is_the_toml_table() -> None:
    data = read_toml()
    assert data == TABLE
    # Written exactly as the generator writes it: run `python scripts/update_docs.py`.
    assert GENERATED.read_text(encoding="utf-8") == table_module(data)


def test_a_run_does_not_import_a_toml_parser() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ami_lint.engine import Linter\n"
        "Linter().lint_text('aws ec2 register-image --name x "
        "--block-device-mappings DeviceName=/dev/xvda,Ebs={VolumeType=gp3,Iops=100}\\n', 'x.sh', 'shell')\n"
        "print(sorted(m for m in sys.modules if 'toml' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
