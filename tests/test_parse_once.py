"""Each file is read and parsed once per run (issue 15): a script with a
suppression comment and two calls with a `--cli-input-json file://` reference
is parsed by tree-sitter once (its calls and its comments come from the same
tree), and the referenced file is opened once (the run's resolver keeps what
it read) and parsed once, by the front end (the calls share its document);
rules do no I/O."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import pytest
import tree_sitter

import ami_lint.readers.json_reader as json_reader
import ami_lint.shell.calls as calls
from ami_lint.cli import main

SCRIPT = """\
#!/bin/bash
# ami-lint: disable=AMI306 -- an old paravirtual image, on purpose
aws ec2 register-image --cli-input-json file://req.json \\
  --name web-2024 --architecture x86_64
aws ec2 register-image --cli-input-json file://req.json --architecture x86_64 \\
  --virtualization-type hvm --ena-support --imds-support v2.0
"""
REQUEST = {
    "Name": "from-the-file",
    "RootDeviceName": "/dev/xvda",
    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}],
}

# Paths opened during the run, as the `open` audit event names them.
_opened: list[str] = []
_recording = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording and event == "open" and isinstance(args[0], (str, bytes)):
        _opened.append(args[0] if isinstance(args[0], str) else args[0].decode())


sys.addaudithook(_audit)  # a hook cannot be removed: it records only while `_recording`


class _CountingParser:
    """tree-sitter's parser, counting what it parses."""

    parsed: ClassVar[Counter[bytes]] = Counter()

    def __init__(self, parser: tree_sitter.Parser) -> None:
        self._parser = parser

    def parse(self, data: bytes, *args: Any) -> Any:
        self.parsed[data] += 1
        return self._parser.parse(data, *args)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "build.sh").write_text(SCRIPT)
    (tmp_path / "req.json").write_text(json.dumps(REQUEST, indent=2) + "\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_script_and_reference_parsed_once(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    global _recording
    _CountingParser.parsed.clear()
    real = calls._parser()
    monkeypatch.setattr(calls, "_parser", lambda: _CountingParser(real))
    json_parsed: Counter[str] = Counter()
    real_read_json = json_reader.read_json

    def counting_read_json(source: Any) -> Any:
        json_parsed[source.path] += 1
        return real_read_json(source)

    monkeypatch.setattr(json_reader, "read_json", counting_read_json)
    _opened.clear()
    _recording = True
    try:
        code = main(["--format", "json", "--jobs", "1", "--warn-unused-suppressions", "build.sh"])
    finally:
        _recording = False
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    # The run did its work: the reference was read (AMI406: `--name` replaces
    # its `Name`) and the directive suppressed AMI306 (it is not unused).
    assert [(d["rule"], d["line"], d["column"]) for d in out["diagnostics"]] == [("AMI406", 4, 3)]
    assert "Unused suppression" not in captured.err
    assert code == 0  # a warning does not fail the run
    # Parsed once each.
    assert list(_CountingParser.parsed.values()) == [1]
    assert json_parsed == Counter({"req.json": 1})
    # Read once each (the script by the walk, the reference by the resolver).
    opened = Counter(Path(p).name for p in _opened if Path(p).name in ("build.sh", "req.json"))
    assert opened == Counter({"build.sh": 1, "req.json": 1})


def test_standard_input_sniffed_and_linted_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without `--stdin-filename`, standard input is parsed to tell that it is a
    script, and that parse is the one linted."""
    import io

    parsed: Counter[bytes] = Counter()
    real = calls._parser()

    class Counting:
        def parse(self, data: bytes, *args: Any) -> Any:
            parsed[data] += 1
            return real.parse(data, *args)

    monkeypatch.setattr(calls, "_parser", lambda: Counting())
    script = "aws ec2 register-image --name web-2024 --architecture arm64 --boot-mode legacy-bios\n"
    stdin = io.TextIOWrapper(io.BytesIO(script.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(["--format", "json", "--jobs", "1", "-"])
    out = json.loads(capsys.readouterr().out)
    assert ("AMI312", 1, 73) in [(d["rule"], d["line"], d["column"]) for d in out["diagnostics"]]
    assert code == 1
    assert list(parsed.values()) == [1]
