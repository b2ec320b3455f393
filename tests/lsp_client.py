"""A JSON-RPC client for `ami-lint server` over the real subprocess: what an
editor sends, read back as an editor reads it (tests/test_server.py and
bench/server_latency.py)."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

AMI_LINT = [sys.executable, "-m", "ami_lint"]


class LspClient:
    def __init__(self, cwd: str | Path | None = None, command: list[str] | None = None) -> None:
        self.proc = subprocess.Popen(
            command or [*AMI_LINT, "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.requests_from_server: list[dict[str, Any]] = []
        self._next = 0
        self._stderr: list[bytes] = []
        self.initialized_with: dict[str, Any] = {}
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    # --- the wire -------------------------------------------------------------

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                return
            body = stream.read(length)
            self.messages.put(json.loads(body))

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send_raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any = None, timeout: float = 20) -> Any:
        """The result of a request; an error response raises."""
        self._next += 1
        ident = self._next
        self.send({"id": ident, "method": method, "params": params})
        message = self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def wait(self, match: Any, timeout: float = 20) -> dict[str, Any]:
        """The next message `match` accepts; the others are kept (and the
        server's requests answered with null)."""
        deadline = time.monotonic() + timeout
        for message in self.notifications:
            if match(message):
                self.notifications.remove(message)
                return message
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message; stderr:\n{self.stderr}")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:  # a request from the server
                self.requests_from_server.append(message)
                self.send({"id": message["id"], "result": None})
                if match(message):
                    return message
                continue
            if match(message):
                return message
            if "method" in message:
                self.notifications.append(message)

    def diagnostics(self, uri: str, timeout: float = 20) -> dict[str, Any]:
        """The next `textDocument/publishDiagnostics` for `uri`."""
        message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
            timeout,
        )
        return message["params"]  # type: ignore[no-any-return]

    # --- an editor's steps -----------------------------------------------------

    def initialize(
        self,
        root: str | Path | None = None,
        encodings: list[str] | None = None,
        pull: bool = False,
        options: dict[str, Any] | None = None,
        watch: bool = False,
    ) -> dict[str, Any]:
        capabilities: dict[str, Any] = {
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
            "workspace": {"applyEdit": True},
        }
        if encodings is not None:
            capabilities["general"] = {"positionEncodings": encodings}
        if pull:
            capabilities["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
        if watch:
            capabilities["workspace"]["didChangeWatchedFiles"] = {"dynamicRegistration": True}
        root_uri = Path(root).absolute().as_uri() if root is not None else None
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": options or {},
            },
        )
        self.notify("initialized", {})
        return result  # type: ignore[no-any-return]

    def open(self, uri: str, text: str, language: str = "shellscript", version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}},
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def stop(self, timeout: float = 20) -> int:
        """`shutdown` then `exit`: the server's exit code."""
        self.request("shutdown")
        self.notify("exit")
        return self.proc.wait(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """`text` with LSP text edits applied (positions in UTF-16, lines at `\\n`)."""
    lines = text.split("\n")

    def offset(position: dict[str, int]) -> int:
        before = sum(len(line) + 1 for line in lines[: position["line"]])
        line = lines[position["line"]] if position["line"] < len(lines) else ""
        units = 0
        for i, c in enumerate(line):
            if units >= position["character"]:
                return before + i
            units += 2 if ord(c) > 0xFFFF else 1
        return before + len(line)

    spans = sorted(
        ((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
