"""Fuzz targets: each takes the fuzzer's bytes, runs one parser (or the whole
linter) on them and checks what must hold for any input. An exception is a
crash. Shared by the quick tests (`tests/test_fuzz.py`), the long-running
harness (`fuzz/run.py`) and the replay of `fuzz/corpus/`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ami_lint.diagnostics import Diagnostic, Finding
from ami_lint.source import Source

Target = Callable[[bytes], None]


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _check_findings(findings: Iterable[Finding], sources: dict[int, Source] | None = None) -> None:
    for finding in findings:
        text = finding.source.text
        assert 0 <= finding.span.start <= finding.span.end <= len(text), (finding, len(text))
        assert finding.rule.startswith("AMI"), finding
        assert finding.message and "\n" not in finding.message, finding.message
        # Positions must turn into lines and columns.
        finding.source.position(finding.span.start)
        finding.source.position(finding.span.end)


def _check_nodes(node: object, text_length: int) -> None:
    from ami_lint.nodes import Mapping, Sequence

    stack = [node]
    while stack:
        current = stack.pop()
        span = current.span  # type: ignore[attr-defined]
        assert 0 <= span.start <= span.end <= text_length, (current, text_length)
        if isinstance(current, Mapping):
            for entry in current.entries:
                stack.append(entry.key)
                stack.append(entry.value)
        elif isinstance(current, Sequence):
            stack.extend(current.items)


def json_reader(data: bytes) -> None:
    from ami_lint.readers.json_reader import read_json

    source = Source.from_text(_text(data), "fuzz.json")
    result = read_json(source)
    _check_findings(result.findings)
    for document in result.documents:
        _check_nodes(document, len(source.text))
    try:
        json.loads(source.text)
    except (ValueError, RecursionError):
        return
    assert result.documents or result.failed, "json.loads accepts it but the reader has no document"


def yaml_reader(data: bytes) -> None:
    from ami_lint.readers.yaml_reader import read_yaml

    source = Source.from_text(_text(data), "fuzz.yaml")
    result = read_yaml(source)
    _check_findings(result.findings)
    for document in result.documents:
        _check_nodes(document, len(source.text))


def shorthand(data: bytes) -> None:
    from ami_lint.offsets import OffsetMap
    from ami_lint.shorthand import read_shorthand

    text = _text(data)
    source = Source(text, "<value>")
    result = read_shorthand(text, source, OffsetMap.linear(0, len(text)))
    _check_findings(result.findings)
    if result.node is not None:
        _check_nodes(result.node, len(text))
    else:
        assert len(result.findings) == 1


def shell_calls(data: bytes) -> None:
    from ami_lint.shell.calls import find_invocations

    source = Source.from_text(_text(data), "fuzz.sh")
    for invocation in find_invocations(source):
        span = invocation.span
        assert 0 <= span.start <= span.end <= len(source.text)


def _linter():  # type: ignore[no-untyped-def]
    from ami_lint.engine import Linter, Options
    from ami_lint.selection import Selection

    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(Options(selection=Selection(select=("ALL",))))
    return _LINTER


_LINTER = None


def _render(diagnostics: list[Diagnostic]) -> None:
    from ami_lint.formatters import editor, github, json_format, sarif, text
    from ami_lint.registry import builtin_registry
    from ami_lint.report import Report

    report = Report(sorted(diagnostics, key=Diagnostic.sort_key), files=1)
    text.render(report)
    json.loads(json_format.render(report))
    json.loads(sarif.render(report, builtin_registry()))
    github.render(report)
    editor.render(report)


SUFFIXES = {"json": "json", "yaml": "yaml", "shell": "sh"}


def _engine(fmt: str) -> Target:
    def target(data: bytes) -> None:
        diagnostics, _ = _linter().lint_bytes(data, f"fuzz.{SUFFIXES[fmt]}", fmt)
        for d in diagnostics:
            assert d.start.line >= 1 and d.start.column >= 1, d
            assert (d.end.line, d.end.column) >= (d.start.line, d.start.column), d
        _render(diagnostics)

    target.__name__ = f"engine_{fmt}"
    return target


engine_json = _engine("json")
engine_yaml = _engine("yaml")
# Until issue 15 this target passed `sh`, which the engine read as YAML: the
# shell front end was never fuzzed through the engine.
engine_shell = _engine("shell")


def option_value(data: bytes) -> None:
    """`--shorthand block-device-mappings`: shorthand or JSON words, one per line."""
    text = _text(data)
    for member in ("BlockDeviceMappings", "TagSpecifications", "Name"):
        diagnostics = _linter().lint_option(member, text, "<value>")
        _render(diagnostics)


def cli(data: bytes) -> None:
    """The command in-process on a file of these bytes: exit 0 or 1, nothing on
    stderr (`--quiet`: a named file that holds no request is otherwise said so)."""
    from ami_lint.cli import main

    suffix = (".json", ".yaml", ".sh", "")[data[0] % 4] if data else ".json"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "input" + suffix)
        path.write_bytes(data[1:])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--select", "ALL", "--format", "json", "--jobs", "1", "--quiet", os.fspath(path)])
        assert code in (0, 1), (code, err.getvalue())
        assert err.getvalue() == "", err.getvalue()
        json.loads(out.getvalue())


TARGETS: dict[str, Target] = {
    "json_reader": json_reader,
    "yaml_reader": yaml_reader,
    "shorthand": shorthand,
    "shell_calls": shell_calls,
    "engine_json": engine_json,
    "engine_yaml": engine_yaml,
    "engine_shell": engine_shell,
    "option_value": option_value,
    "cli": cli,
}

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_files() -> list[tuple[str, Path]]:
    """Every saved crash: `fuzz/corpus/<target>/<name>`."""
    if not CORPUS.is_dir():
        return []
    return [
        (directory.name, path)
        for directory in sorted(CORPUS.iterdir())
        if directory.is_dir() and directory.name in TARGETS
        for path in sorted(directory.iterdir())
        if path.is_file()
    ]
