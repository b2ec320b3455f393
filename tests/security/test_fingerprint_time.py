"""Fingerprints (SARIF `partialFingerprints`, baselines) cost time linear in the report.

Each fingerprint hashed the whole text of its finding's line: a one-line JSON
document of 300 KB with thousands of findings hashed that line thousands of
times (23 s for SARIF). Text longer than `LONG_TEXT` now enters the hash as
its own hash, computed once per line.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from ami_lint import fingerprints as module
from ami_lint.diagnostics import Diagnostic
from tests.conftest import lint

MAPPING = {"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp9", "Iops": "x"}}


def _one_line(n: int) -> list[Diagnostic]:
    skeleton = {"Name": "good-name", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings": [MAPPING] * n}
    return lint(json.dumps(skeleton, separators=(",", ":")), "one.json", "json")


def _hashed_bytes(monkeypatch: pytest.MonkeyPatch, diagnostics: list[Diagnostic]) -> int:
    total = 0
    real = hashlib.sha256

    def counting(data: bytes = b"") -> object:
        nonlocal total
        total += len(data)
        return real(data)

    monkeypatch.setattr(module.hashlib, "sha256", counting)
    module.fingerprints(diagnostics)
    return total


def test_hashing_is_linear_in_the_findings_of_one_long_line(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _one_line(400), _one_line(1600)
    assert len(large) > 3 * len(small)
    ratio = _hashed_bytes(monkeypatch, large) / _hashed_bytes(monkeypatch, small)
    # Four times the findings on a line four times as long: about 4x the
    # bytes hashed, where hashing the line for each finding made it 16x.
    assert ratio < 6, ratio


def test_short_lines_keep_their_fingerprints() -> None:
    text = '{\n  "Name": "web",\n  "Architecture": "amd64"\n}\n'
    (d,) = [d for d in lint(text, "r.json", "json") if d.rule == "AMI104"]
    payload = json.dumps(["AMI104", "r.json", '"amd64"', '"Architecture": "amd64"', 0], ensure_ascii=False)
    assert module.fingerprints([d]) == [hashlib.sha256(payload.encode()).hexdigest()]
