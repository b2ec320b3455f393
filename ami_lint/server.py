"""`ami-lint server`: a language server (LSP 3.17 over standard input and
output) on pygls and lsprotocol, the optional `server` extra.

What an editor gets:

- diagnostics when a buffer is opened, changed (linted again once typing
  pauses: `DEBOUNCE` seconds, or `initializationOptions.debounceMs`) and
  saved, pushed (`textDocument/publishDiagnostics`) to clients that do not
  pull them, and pulled (`textDocument/diagnostic`) by those that do;
- code actions: each finding's fix (`ami_lint.edits`; marked preferred when
  safe, "unsafe" in its title otherwise), "Fix all safe ami-lint problems"
  (kind `source.fixAll.ami-lint`: the safe fixes applied in rounds, as
  `--fix` applies them), and "Disable AMI### for this line" in the buffer's
  own comment syntax, placed where the directive then covers the finding
  (each placement is tried by linting the edited text: one is offered only
  when it suppresses the finding and changes nothing else; JSON has no
  comments, so no such action);
- hover on a finding: its rule's documentation, as `--explain` prints it;
- the configuration the command line would use for that file (the nearest
  `.ami-lint.yaml` or `[tool.ami-lint]` above it), read again when one
  changes (`workspace/didChangeWatchedFiles`, or saving one in the editor).

Each buffer is linted in this process by a warm linter (rules loaded once),
as the command line lints a file met in a walk: the front end claims it by
its file name, else by its first bytes, else by the editor's language id
(`ami_lint.lsp_text.LANGUAGE_NAMES`); `file://` references are read under the
same safety rules as on the command line (`ami_lint.paramfile`), fresh for
each lint. A configuration the command line would refuse is one diagnostic at
the top of each buffer it governs. A crash while linting one buffer is logged
(`window/logMessage` and standard error) and leaves the server running.

Positions are in the encoding negotiated at `initialize`
(`ami_lint.lsp_text.choose_encoding`). The buffer is synchronised whole
(`TextDocumentSyncKind.Full`): its text is never patched from positions.

Designed after ruff's server (astral-sh/ruff, crates/ruff_server: pull
diagnostics when the client supports them, else push) and pygls's examples
(openlawlibrary/pygls, examples/servers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import from_fs_path, to_fs_path

from ami_lint import __version__
from ami_lint.config import ConfigError, Workspace
from ami_lint.diagnostics import Diagnostic, Severity
from ami_lint.engine import Linter, RunFiles
from ami_lint.frontend import FrontEnd
from ami_lint.lsp_text import LANGUAGE_NAMES, LineMap, buffer_name, choose_encoding, comment_syntax
from ami_lint.registry import RuleLoadError
from ami_lint.report import Report
from ami_lint.selection import SelectionError
from ami_lint.shell.reparse import Reparse
from ami_lint.source import Span

NAME = "ami-lint"
DEBOUNCE = 0.2  # seconds after the last change before a buffer is linted again
_PATHS_KEPT = 4096  # buffers whose paths `AmiLintServer.path_of` remembers
CONFIG_FILES = (".ami-lint.yaml", "pyproject.toml")
DISABLE_ACTION = "Disable {rule} for this line"
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.ami-lint"
FIX_ALL_TITLE = "Fix all safe ami-lint problems"
# How far above a finding a directive on a line of its own is tried (a long
# `\`-continued command is covered from its first line).
DISABLE_REACH = 40

log = logging.getLogger("ami_lint.server")

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class Buffer:
    """An open document: its text as the editor has it, and its last lint."""

    def __init__(self, uri: str, text: str, version: int | None, language_id: str) -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self.language_id = language_id
        self.linted: Linted | None = None  # of the current text, else None
        self.pending: asyncio.TimerHandle | None = None
        self.actions: dict[tuple[int | None, str, int, int], types.CodeAction | None] = {}
        # Its script's last tree, which the next lint of its text reuses.
        self.reparse = Reparse()


class Linted:
    """One lint of a buffer: the LSP diagnostics, each with the ami-lint
    diagnostic it was made from (None for a directive's warning)."""

    def __init__(
        self, items: list[tuple[types.Diagnostic, Diagnostic | None]], front: FrontEnd | None
    ) -> None:
        self.items = items
        self.front = front

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        return [lsp for lsp, _ in self.items]


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, offering only the position encodings ami-lint speaks
    (pygls would also take UTF-32)."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Any:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            chosen = choose_encoding(general.position_encodings)
            general.position_encodings = [chosen]
        return (yield from super().lsp_initialize(params))


class AmiLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=_Protocol,
        )
        self.buffers: dict[str, Buffer] = {}
        self.encoding = "utf-16"
        self.debounce = DEBOUNCE
        self.pull = False  # the client pulls diagnostics: none are pushed
        self.root: str | None = None
        self._workspace: Workspace | None = None
        self._config_error: str | None = None
        self._said: set[str] = set()
        self._base: Any = None
        # The path of each file buffer (`path_of`), and each rule's link in the
        # workspace's registry (`_rule_link`): asked on every lint.
        self._paths: dict[str, str] = {}
        self._links: dict[str, types.CodeDescription | None] = {}
        # The linter of each buffer's path (None: its configuration excludes
        # it), as the workspace gave it: the same until it is made again.
        self._linters: dict[str, Linter | None] = {}

    # --- configuration -----------------------------------------------------

    def workspace_config(self) -> Workspace:
        """The configuration of every buffer, made again after a change."""
        if self._workspace is None:
            from ami_lint.registry import builtin_registry, load_entry_points

            if self._base is None:
                self._base = builtin_registry().copy()
                load_entry_points(self._base)
            self._workspace = Workspace(self._base, warn=self.say)
        return self._workspace

    def reload(self) -> None:
        """A configuration file changed: every buffer is linted again."""
        self._workspace = None
        self._links.clear()
        self._linters.clear()
        self._said.clear()
        for buffer in self.buffers.values():
            buffer.linted = None
            buffer.actions.clear()
        if self.pull:
            if _supports(self.client_capabilities, "workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for buffer in list(self.buffers.values()):
            self.publish(buffer)

    def say(self, text: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A line for the client's log (and standard error), once per text."""
        if text in self._said:
            return
        self._said.add(text)
        print(f"ami-lint: {text}", file=sys.stderr, flush=True)
        with contextlib.suppress(Exception):  # not connected yet, or no longer
            self.window_log_message(types.LogMessageParams(type=kind, message=text))

    # --- linting -----------------------------------------------------------

    def path_of(self, buffer: Buffer) -> str:
        uri = buffer.uri
        if not uri.startswith("file:"):  # in the workspace's folder, or the current one
            return buffer_name(None, uri, self.root)
        path = self._paths.get(uri)
        if path is None:
            # A file's own absolute path: the same whatever the folders.
            if len(self._paths) >= _PATHS_KEPT:
                self._paths.clear()
            path = self._paths[uri] = buffer_name(to_fs_path(uri), uri, self.root)
        return path

    def front_for(self, path: str, language_id: str, data: bytes) -> FrontEnd | None:
        """The front end of a buffer: by its file's name or first bytes, as
        the command line claims a file, else by the editor's language id."""
        from ami_lint.frontends import claim
        from ami_lint.shell.shebang import SHEBANG_BYTES

        front = claim(path, data[:SHEBANG_BYTES])
        if front is None and language_id in LANGUAGE_NAMES:
            front = claim(LANGUAGE_NAMES[language_id])
        return front

    def run_lint(
        self, buffer: Buffer, text: str | None = None
    ) -> tuple[Report, dict[str, list[Span]], FrontEnd | None, LineMap]:
        """The report of the buffer's text (or of `text`, an edit of it), the
        spans of its requests that read each other file, its front end, and
        its lines."""
        own = text is None
        text = buffer.text if text is None else text
        lines = LineMap(text, self.encoding)
        path = self.path_of(buffer)
        data = text.encode("utf-8", errors="replace")  # a lone surrogate is one `?`: offsets kept
        front = self.front_for(path, buffer.language_id, data)
        if front is None:
            return Report(), {}, None, lines
        linter = self.linter_for(path)
        if linter is None:
            return Report(), {}, front, lines
        linter.files = RunFiles()  # `file://` files read afresh: they may have changed
        if own:
            # The buffer's own text: its script's last tree is reused
            # (`ami_lint.shell.reparse`); an edit tried on it is parsed afresh.
            with buffer.reparse:
                report, reads = linter.lint_document(data, path, front)
        else:
            report, reads = linter.lint_document(data, path, front)
        for error in report.errors:
            self.say(f"{buffer.uri}: internal error: {error.message}", types.MessageType.Error)
            print(error.traceback, file=sys.stderr, flush=True)
        return report, reads, front, lines

    def linter_for(self, path: str) -> Linter | None:
        """The linter of a file's configuration; None when it excludes the
        file, or when it cannot be used (`self._config_error` says why)."""
        self._config_error = None
        try:
            return self._linters[path]
        except KeyError:
            pass
        try:
            linter = self.workspace_config().linter_for(Path(path))
        except (ConfigError, RuleLoadError, SelectionError) as exc:
            self._config_error = str(exc)
            self.say(f"configuration: {exc}", types.MessageType.Error)
            return None
        # A configuration that cannot be used is tried again on the next lint.
        if len(self._linters) >= _PATHS_KEPT:
            self._linters.clear()
        self._linters[path] = linter
        return linter

    def lint(self, buffer: Buffer) -> Linted:
        if buffer.linted is not None:
            return buffer.linted
        try:
            report, reads, front, lines = self.run_lint(buffer)
            items = self.to_lsp(buffer, report, reads, lines)
            if self._config_error is not None:
                items.insert(0, (self._config_diagnostic(self._config_error), None))
        except Exception as exc:  # one buffer's crash is logged, the server goes on
            self.say(f"{buffer.uri}: internal error: {type(exc).__name__}: {exc}", types.MessageType.Error)
            print(traceback.format_exc(), file=sys.stderr, flush=True)
            items, front = [], None
        buffer.linted = Linted(items, front)
        buffer.actions.clear()
        return buffer.linted

    def _config_diagnostic(self, message: str) -> types.Diagnostic:
        return types.Diagnostic(
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            message=f"ami-lint cannot use its configuration: {message}",
            severity=types.DiagnosticSeverity.Error,
            source=NAME,
        )

    def to_lsp(
        self, buffer: Buffer, report: Report, reads: dict[str, list[Span]], lines: LineMap
    ) -> list[tuple[types.Diagnostic, Diagnostic | None]]:
        path = self.path_of(buffer)
        shift = 1 if buffer.text.startswith("\ufeff") else 0  # the Source has no BOM

        def span_range(span: Span) -> types.Range:
            return _range(lines, span.start + shift, span.end + shift)

        items: list[tuple[types.Diagnostic, Diagnostic | None]] = []
        for d in report.diagnostics:
            if d.suppressed:
                continue
            related = None
            if d.path == path:
                where = span_range(d.span)
            else:
                # In a file a request reads: shown on the request that reads it.
                spans = reads.get(d.path) or [Span(0, 0)]
                where = span_range(spans[0])
                other = LineMap(d.source.text, self.encoding)
                related = [
                    types.DiagnosticRelatedInformation(
                        location=types.Location(
                            uri=from_fs_path(os.path.abspath(d.path)) or d.path,
                            range=_range(other, d.span.start, d.span.end),
                        ),
                        message=d.message,
                    )
                ]
            message = (
                d.message if d.path == path else f"{d.path}:{d.start.line}:{d.start.column}: {d.message}"
            )
            if d.hint:
                message += f"\n{d.hint}"
            items.append(
                (
                    types.Diagnostic(
                        range=where,
                        message=message,
                        severity=_SEVERITY[d.severity],
                        code=d.rule,
                        code_description=self._rule_link(d.rule),
                        source=NAME,
                        related_information=related,
                        data={"rule": d.rule, "name": d.name},
                    ),
                    d,
                )
            )
        for warning in report.suppression_warnings:
            if warning.path != path:
                continue
            unused = warning.kind == "unused"
            items.append(
                (
                    types.Diagnostic(
                        range=span_range(warning.span),
                        message=warning.message,
                        severity=types.DiagnosticSeverity.Hint
                        if unused
                        else types.DiagnosticSeverity.Warning,
                        source=NAME,
                        tags=[types.DiagnosticTag.Unnecessary] if unused else None,
                    ),
                    None,
                )
            )
        return items

    def _rule_link(self, rule_id: str) -> types.CodeDescription | None:
        """The rule's page, as SARIF's `helpUri` links it: a built-in rule's
        own (docs/rules/AMI###.md), a third-party rule's reference."""
        from ami_lint.registry import builtin_registry
        from ami_lint.ruledocs import rule_page

        if rule_id in self._links:
            return self._links[rule_id]
        rule = self.workspace_config().registry.get(rule_id)
        if rule is None:
            return None
        url = rule_page(rule.id) if builtin_registry().get(rule.id) is rule else rule.help_uri
        link = self._links[rule_id] = types.CodeDescription(href=url) if url else None
        return link

    def publish(self, buffer: Buffer) -> None:
        if self.pull:
            return
        linted = self.lint(buffer)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=buffer.uri, diagnostics=linted.diagnostics, version=buffer.version
            )
        )

    def schedule(self, buffer: Buffer) -> None:
        """Lint the buffer once typing pauses."""
        if buffer.pending is not None:
            buffer.pending.cancel()
        if self.pull:
            return
        loop = asyncio.get_running_loop()
        buffer.pending = loop.call_later(self.debounce, self._due, buffer.uri)

    def _due(self, uri: str) -> None:
        buffer = self.buffers.get(uri)
        if buffer is None:
            return
        buffer.pending = None
        try:
            self.publish(buffer)
        except Exception as exc:
            self.say(f"{uri}: internal error: {type(exc).__name__}: {exc}", types.MessageType.Error)

    # --- code actions and hover ---------------------------------------------

    def code_actions(
        self, buffer: Buffer, wanted: types.Range, only: Sequence[str] | None
    ) -> list[types.CodeAction]:
        """For the findings on the lines of `wanted`: each one's fix (preferred
        when safe), then "Disable RULE for this line"; and "Fix all safe
        ami-lint problems" (`source.fixAll.ami-lint`) when the buffer has one."""
        linted = self.lint(buffer)
        out: list[types.CodeAction] = []
        disables: list[types.CodeAction] = []
        seen: set[str] = set()
        quick = _kind_wanted(types.CodeActionKind.QuickFix, only)
        safe_fixes = False
        for lsp, d in linted.items:
            if d is None:
                continue
            if d.fix is not None and d.fix.safe:
                safe_fixes = True
            if not quick or not _lines_meet(lsp.range, wanted) or linted.front is None:
                continue
            if d.fix is not None:
                out.append(self.fix_action(buffer, lsp, d))
            key = (buffer.version, d.rule, lsp.range.start.line, lsp.range.start.character)
            if key not in buffer.actions:
                buffer.actions[key] = self.disable_action(buffer, lsp, d, linted.front)
            action = buffer.actions[key]
            if action is not None and action.title not in seen:
                seen.add(action.title)
                disables.append(action)
        if safe_fixes and _kind_wanted(FIX_ALL, only):
            key = (buffer.version, FIX_ALL, 0, 0)
            if key not in buffer.actions:
                buffer.actions[key] = self.fix_all_action(buffer)
            action = buffer.actions[key]
            if action is not None:
                out.append(action)
        return out + disables

    def fix_action(self, buffer: Buffer, lsp: types.Diagnostic, d: Diagnostic) -> types.CodeAction:
        """A finding's own fix; preferred when safe."""
        assert d.fix is not None
        lines = LineMap(buffer.text, self.encoding)
        shift = 1 if buffer.text.startswith("\ufeff") else 0
        edits = [
            types.TextEdit(
                range=_range(lines, e.span.start + shift, e.span.end + shift), new_text=e.replacement
            )
            for e in d.fix.edits
        ]
        title = f"{d.fix.title} ({d.rule})" if d.fix.safe else f"{d.fix.title} ({d.rule}, unsafe)"
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp],
            is_preferred=d.fix.safe or None,
            edit=types.WorkspaceEdit(changes={buffer.uri: edits}),
        )

    def fix_all_action(self, buffer: Buffer) -> types.CodeAction | None:
        """Every safe fix of the buffer, applied in rounds as `--fix` applies
        them (`ami_lint.fixing`), as one edit of the lines that change."""
        fixed = self.fixed_text(buffer)
        if fixed is None:
            return None
        edit = _minimal_edit(buffer.text, fixed, self.encoding)
        return types.CodeAction(
            title=FIX_ALL_TITLE,
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes={buffer.uri: [edit]}),
        )

    def fixed_text(self, buffer: Buffer, unsafe: bool = False) -> str | None:
        """The buffer's text with its fixes applied, or None when nothing changes."""
        from ami_lint.edits import applicable, apply_edits
        from ami_lint.fixing import MAX_ROUNDS, wanted

        text = buffer.text
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return None  # a lone surrogate is linted as `?`: it would be rewritten so
        path = self.path_of(buffer)
        for _ in range(MAX_ROUNDS):
            report = self.run_lint(buffer, text)[0]
            mine = [
                d
                for d in report.diagnostics
                if d.path == path and d.source.host is None and wanted(d, unsafe)
            ]
            if not mine:
                break
            source = mine[0].source
            chosen = applicable(d.fix for d in mine if d.source is source and d.fix is not None)
            after = ("\ufeff" if source.had_bom else "") + apply_edits(
                source.text, [edit for f in chosen for edit in f.edits]
            )
            if after == text:
                break
            text = after
        return text if text != buffer.text else None

    def disable_action(
        self, buffer: Buffer, lsp: types.Diagnostic, d: Diagnostic, front: FrontEnd
    ) -> types.CodeAction | None:
        """ "Disable RULE for this line": the first placement of the directive
        that, linted, suppresses this finding and changes nothing else."""
        syntax = comment_syntax(front.name)
        if syntax is None:
            return None
        opening, closing = syntax
        directive = f"{opening}ami-lint: disable={d.rule}{closing}"
        lines = LineMap(buffer.text, self.encoding)
        before, _, warnings = self._outcome(buffer, None)
        target = (d.rule, d.message)
        for edit in self._placements(lines, lsp.range.start.line, directive, front):
            edited = _apply(buffer.text, lines, [edit])
            after, suppressed, after_warnings = self._outcome(buffer, edited)
            # The finding is still found, and suppressed; no other changed.
            others = {key: n for key, n in after.items() if key != target}
            same = others == {key: n for key, n in before.items() if key != target}
            if (
                target in suppressed
                and after[target] < before[target]
                and same
                and after_warnings <= warnings
            ):
                return types.CodeAction(
                    title=DISABLE_ACTION.format(rule=d.rule),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=types.WorkspaceEdit(changes={buffer.uri: [edit]}),
                )
        return None

    def _placements(
        self, lines: LineMap, line: int, directive: str, front: FrontEnd
    ) -> Iterator[types.TextEdit]:
        """Where a directive may go: after the finding's line, then on a line
        of its own above it, and above each line before it."""
        eol = lines.line_break()
        text = lines.line_text(line)
        if text.strip() and not text.rstrip().endswith("\\") and front.name != "markdown":
            end = types.Position(line, _units_of(text, self.encoding))
            yield types.TextEdit(range=types.Range(end, end), new_text=f"  {directive}")
        for above in range(line, max(-1, line - DISABLE_REACH), -1):
            current = lines.line_text(above)
            if not current.strip():
                continue
            indent = current[: len(current) - len(current.lstrip())]
            start = types.Position(above, 0)
            yield types.TextEdit(range=types.Range(start, start), new_text=f"{indent}{directive}{eol}")

    def _outcome(
        self, buffer: Buffer, text: str | None
    ) -> tuple[Counter[tuple[str, str]], set[tuple[str, str]], set[str]]:
        """What linting the buffer (or `text`, an edit of it) reports: each
        finding not suppressed, those suppressed, and the directives' warnings."""
        report = self.run_lint(buffer, text)[0]
        counts = Counter((d.rule, d.message) for d in report.diagnostics if not d.suppressed)
        suppressed = {(d.rule, d.message) for d in report.diagnostics if d.suppressed}
        return counts, suppressed, {w.message for w in report.suppression_warnings if w.kind != "unused"}

    def hover(self, buffer: Buffer, position: types.Position) -> types.Hover | None:
        linted = self.lint(buffer)
        shown: list[str] = []
        for lsp, d in linted.items:
            if d is None or d.rule in shown or not _contains(lsp.range, position):
                continue
            shown.append(d.rule)
        if not shown:
            return None
        registry = self.workspace_config().registry
        parts = [rule_markdown(registry, rule) for rule in shown]
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
        )


def rule_markdown(registry: Any, rule_id: str) -> str:
    """A rule's documentation as `ami-lint --explain` prints it."""
    rule = registry.get(rule_id)
    if rule is None:
        return f"# {rule_id}"
    header = f"# {rule.id} {rule.name}\n\n{rule.summary}\n\nDefault severity: {rule.severity}"
    if not rule.default_enabled:
        header += " (off by default)"
    return f"{header}\n\n{rule.docs.markdown}"


def _kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a code action of `kind` is asked for: `only` names it or a kind above it."""
    if only is None:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


def _minimal_edit(before: str, after: str, encoding: str) -> types.TextEdit:
    """One edit that turns `before` into `after`: the part between what they
    start and end with alike."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    lines = LineMap(before, encoding)
    return types.TextEdit(
        range=_range(lines, start, len(before) - end), new_text=after[start : len(after) - end]
    )


def _range(lines: LineMap, start: int, end: int) -> types.Range:
    a, b = lines.position(start), lines.position(end)
    return types.Range(types.Position(*a), types.Position(*b))


def _units_of(text: str, encoding: str) -> int:
    return LineMap(text, encoding).position(len(text))[1]


def _lines_meet(a: types.Range, b: types.Range) -> bool:
    return a.start.line <= b.end.line and b.start.line <= a.end.line


def _contains(r: types.Range, p: types.Position) -> bool:
    start, end, at = (r.start.line, r.start.character), (r.end.line, r.end.character), (p.line, p.character)
    return start <= at <= end


def _apply(text: str, lines: LineMap, edits: list[types.TextEdit]) -> str:
    """`text` with `edits` (not overlapping) applied."""
    spans = sorted(
        (
            (
                lines.offset(e.range.start.line, e.range.start.character),
                lines.offset(e.range.end.line, e.range.end.character),
                e.new_text,
            )
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def _supports(capabilities: Any, *names: str) -> bool:
    value = capabilities
    for name in names:
        value = getattr(value, name, None)
        if value is None:
            return False
    return bool(value)


def build_server() -> AmiLintServer:
    server = AmiLintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: AmiLintServer, params: types.InitializeParams) -> None:
        general = params.capabilities.general
        ls.encoding = choose_encoding(general.position_encodings if general else None)
        ls.pull = _supports(params.capabilities, "text_document", "diagnostic")
        folders = params.workspace_folders or []
        root_uri = folders[0].uri if folders else params.root_uri
        if root_uri is None and params.root_path:
            ls.root = params.root_path
        elif root_uri is not None:
            ls.root = to_fs_path(root_uri)
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounceMs")
            if (
                isinstance(debounce, (int, float))
                and not isinstance(debounce, bool)
                and 0 <= debounce <= 60_000
            ):
                ls.debounce = debounce / 1000

    @server.feature(types.INITIALIZED)
    def initialized(ls: AmiLintServer, params: types.InitializedParams) -> None:
        if _supports(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            registration = types.Registration(
                id="ami-lint-config",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            ls.client_register_capability(types.RegistrationParams(registrations=[registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AmiLintServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        buffer = Buffer(doc.uri, doc.text, doc.version, doc.language_id)
        ls.buffers[doc.uri] = buffer
        ls.publish(buffer)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AmiLintServer, params: types.DidChangeTextDocumentParams) -> None:
        buffer = ls.buffers.get(params.text_document.uri)
        if buffer is None or not params.content_changes:
            return
        buffer.text = params.content_changes[-1].text  # full synchronisation: the whole text
        buffer.version = params.text_document.version
        buffer.linted = None
        buffer.actions.clear()
        ls.schedule(buffer)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    def did_save(ls: AmiLintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.rsplit("/", 1)[-1] in CONFIG_FILES:
            ls.reload()
        buffer = ls.buffers.get(uri)
        if buffer is None:
            return
        if params.text is not None and params.text != buffer.text:
            buffer.text, buffer.linted = params.text, None
        if buffer.pending is not None:
            buffer.pending.cancel()
            buffer.pending = None
        ls.publish(buffer)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AmiLintServer, params: types.DidCloseTextDocumentParams) -> None:
        buffer = ls.buffers.pop(params.text_document.uri, None)
        if buffer is None:
            return
        if buffer.pending is not None:
            buffer.pending.cancel()
        if not ls.pull:
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=[])
            )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=NAME, inter_file_dependencies=True, workspace_diagnostics=False),
    )
    def diagnostic(
        ls: AmiLintServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        buffer = ls.buffers.get(params.text_document.uri)
        items = ls.lint(buffer).diagnostics if buffer is not None else []
        return types.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: AmiLintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in CONFIG_FILES for change in params.changes):
            ls.reload()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: AmiLintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        buffer = ls.buffers.get(params.text_document.uri)
        if buffer is None:
            return None
        return ls.code_actions(buffer, params.range, params.context.only)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: AmiLintServer, params: types.HoverParams) -> types.Hover | None:
        buffer = ls.buffers.get(params.text_document.uri)
        return ls.hover(buffer, params.position) if buffer is not None else None

    return server


class _OneLine(logging.Formatter):
    """pygls's log lines without their tracebacks: a message the client
    garbled is one line on standard error, not a page."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info:
            exc = record.exc_info[1]
            record = logging.makeLogRecord(
                {
                    **record.__dict__,
                    "exc_info": None,
                    "exc_text": None,
                    "msg": f"{record.getMessage()}: {exc!r}",
                }
            )
            record.args = None
        return super().format(record)


def serve() -> int:
    """Serve one client on standard input and output until it says
    `shutdown` then `exit`: exit 0 (1 for an `exit` without `shutdown`, or
    standard input closed without either)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("ami-lint server: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    server = build_server()
    server.start_io()
    return 0 if getattr(server.protocol, "_shutdown", False) else 1
