"""The language server's own lint of a buffer, in process (issue 20, item 5):
what it works out once rather than on every change."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pygls")

import ami_lint.server as server_module
from ami_lint.server import AmiLintServer, Buffer

SCRIPT = """\
#!/bin/bash
aws ec2 register-image --name "build-{n}" --architecture arm64 --boot-mode legacy-bios \\
  --root-device-name /dev/xvda --virtualization-type hvm --ena-support \\
  --block-device-mappings "DeviceName=/dev/xvda,Ebs={{SnapshotId=snap-0db2cf683925d191f,VolumeType=gp3,\
Iops=100}}"
"""


def _lint(server: AmiLintServer, buffer: Buffer, n: int) -> list[tuple[object, ...]]:
    buffer.text, buffer.version, buffer.linted = SCRIPT.format(n=n), n + 1, None
    return [
        (d.code, d.message, d.range, d.code_description, d.severity) for d in server.lint(buffer).diagnostics
    ]


def test_a_buffer_path_linter_and_rule_links_are_worked_out_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths: list[str] = []
    to_fs_path = server_module.to_fs_path

    def counting(uri: str) -> str | None:
        paths.append(uri)
        return to_fs_path(uri)

    monkeypatch.setattr(server_module, "to_fs_path", counting)
    server = AmiLintServer()
    links: list[str] = []
    registry_of = server.workspace_config

    def workspace() -> object:
        links.append("asked")
        return registry_of()

    uri = (tmp_path / "register.sh").as_uri()
    buffer = Buffer(uri, "", 1, "shellscript")
    server.buffers[uri] = buffer
    first = _lint(server, buffer, 0)
    assert {str(code) for code, *_ in first} >= {"AMI210", "AMI312"}
    monkeypatch.setattr(server, "workspace_config", workspace)
    for n in range(1, 4):
        again = _lint(server, buffer, n)
        assert [item[0] for item in again] == [item[0] for item in first]
    assert paths == [uri]  # the file's path: once
    # The linter of the buffer's path is kept, and so is each rule's link:
    # the workspace is not asked again until a configuration changes.
    assert links.count("asked") == 0
    # What a fresh server says of the same text.
    fresh = AmiLintServer()
    other = Buffer(uri, "", 1, "shellscript")
    fresh.buffers[uri] = other
    assert _lint(fresh, other, 3) == _lint(server, buffer, 3)


def _codes(server: AmiLintServer, buffer: Buffer, n: int) -> list[str]:
    return sorted({str(item[0]) for item in _lint(server, buffer, n)})


def _set(buffer: Buffer, n: int) -> Buffer:
    buffer.text, buffer.version, buffer.linted = SCRIPT.format(n=n), n + 1, None
    return buffer


def test_the_kept_linter_follows_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    server = AmiLintServer()
    server.pull = True  # nothing is published: there is no client,
    monkeypatch.setattr(server_module, "_supports", lambda *names: False)  # nor its capabilities
    monkeypatch.setattr(server.protocol, "client_capabilities", None, raising=False)
    uri = (tmp_path / "register.sh").as_uri()
    buffer = Buffer(uri, "", 1, "shellscript")
    server.buffers[uri] = buffer
    everything = _codes(server, buffer, 0)
    assert "AMI312" in everything
    config = tmp_path / ".ami-lint.yaml"
    config.write_text("ignore: [AMI312]\n")
    assert _codes(server, buffer, 1) == everything  # kept until a configuration is said to change
    server.reload()
    assert _codes(server, buffer, 2) == [code for code in everything if code != "AMI312"]
    # One that cannot be used is said on every lint, and read again on the
    # next: mended, it applies without a word from the editor.
    config.write_text("ignroe: [AMI312]\n")
    server.reload()
    for n in (3, 4):
        diagnostics = server.lint(_set(buffer, n)).diagnostics
        assert len(diagnostics) == 1 and "cannot use its configuration" in diagnostics[0].message
    config.write_text("ignore: [AMI210]\n")
    assert _codes(server, buffer, 5) == [code for code in everything if code != "AMI210"]
