"""Rendered reports of the bundled examples, compared with reviewed snapshots
(update with `pytest tests/test_snapshots.py --snapshot-update`, then review the diff)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLES = ["mistakes.json", "mistakes.yaml", "register-arm64.json", "register-x86.yaml", "register.sh"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_report_snapshot(snapshot, example: str, fmt: str) -> None:
    snapshot.snapshot_dir = SNAPSHOTS
    result = run_cli("--format", fmt, f"examples/{example}", cwd=ROOT)
    assert result.stderr == ""
    assert result.returncode == (1 if example.startswith(("mistakes", "register.sh")) else 0)
    suffix = {"text": "txt", "json": "json", "sarif": "sarif"}[fmt]
    snapshot.assert_match(result.stdout, f"{example}.{suffix}")
