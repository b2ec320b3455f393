"""Source -> reader -> request -> rules -> diagnostics, for each input."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ami_lint import rule_ids
from ami_lint.detect import is_request, looks_like_request
from ami_lint.diagnostics import Diagnostic, Finding, Severity
from ami_lint.files import (
    DETECTION_BYTES,
    NOT_CHECKED,
    NOT_LINTED,
    SHEBANG_BYTES,
    InputError,
    Note,
    discover,
    display_path,
    file_format,
    read_input,
)
from ami_lint.limits import load_limits
from ami_lint.model import Request
from ami_lint.nodes import Mapping
from ami_lint.readers import ReadResult, read_limits
from ami_lint.records import field, record, replace
from ami_lint.registry import Registry, builtin_registry
from ami_lint.rule import KIND_REQUEST, KIND_SCHEMA, Context, Rule
from ami_lint.selection import Selection
from ami_lint.source import Source, Span
from ami_lint.vocabulary import API, Vocabulary

if TYPE_CHECKING:
    from ami_lint.knockon import Meant
    from ami_lint.suppressions import SuppressionWarning

# `ami_lint.suppressions.MARKER`: a file without it has no directive, and the
# suppressions module is not even imported for it.
SUPPRESSION_MARKER = "ami-lint:"


@record
class Options:
    """What a linter checks and how: selection, severities, limits."""

    selection: Selection = field(default_factory=Selection)
    severities: dict[str, Severity] = field(default_factory=dict)
    limits: str = "current"


@record(frozen=True)
class FileError:
    """ami-lint itself failed on one file; the other files were still linted."""

    path: str
    message: str  # `TypeError: ...`
    traceback: str


@record
class Report:
    """What linting some files found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    notes: list[Note] = field(default_factory=list)
    # Internal errors, one per file they stopped (exit 2 at the end).
    errors: list[FileError] = field(default_factory=list)
    # Paths named on the command line that cannot be read, as `PATH: reason`:
    # the other paths are still linted and reported, then exit 2.
    input_errors: list[str] = field(default_factory=list)
    # Malformed or (with --warn-unused-suppressions) unused `# ami-lint:` directives.
    suppression_warnings: list[SuppressionWarning] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity and not d.suppressed)


class Linter:
    def __init__(self, options: Options | None = None, registry: Registry | None = None) -> None:
        self.options = options or Options()
        self.registry = registry or builtin_registry()
        self.options.selection.validate(self.registry)
        self.rules: list[Rule] = self.options.selection.enabled(self.registry)
        self.enabled_ids = frozenset(rule.id for rule in self.rules)
        # What `check_request` runs, sorted out once rather than for every request.
        self._request_rules = [rule for rule in self.rules if rule.kind == KIND_REQUEST]
        self._checks_schema = any(rule.kind == KIND_SCHEMA for rule in self.rules)
        self.context = Context(limits=load_limits(self.options.limits))
        # Set by the command line to `Workspace.linter_for`: the linter of each
        # file's nearest configuration, or None when it excludes the file.
        self.resolver: Callable[[Path, bool], Linter | None] | None = None

    def linter_for(self, path: Path, explicit: bool, report: Report) -> Linter | None:
        if self.resolver is None:
            return self
        linter = self.resolver(path, explicit)
        if linter is None:
            report.notes.append(Note(display_path(path), "skipped: excluded by the configuration"))
        return linter

    def lint_paths(
        self, paths: list[str], stdin_data: bytes | None = None, stdin_name: str = "-", jobs: int | None = 1
    ) -> Report:
        """`jobs`: worker processes (None: one per CPU when there are many files);
        the report is the same whatever the number."""
        report = Report()
        if jobs != 1:  # the workers fill the report as the loop below would
            from ami_lint.parallel import lint_in_workers

            lint_in_workers(self, report, paths, stdin_data, stdin_name, jobs)
            paths = []
        for raw in paths:
            if raw == "-":
                if stdin_data is None:
                    report.input_errors.append("-: standard input was not read")
                    continue
                linter = self.linter_for(Path(stdin_name), True, report)
                if linter is not None:
                    linter.lint_stdin(report, stdin_data, stdin_name)
                continue
            named = Path(raw)
            try:
                for path in discover([raw], report.notes):
                    explicit = path == named
                    linter = self.linter_for(path, explicit, report)
                    if linter is not None:
                        linter.lint_file(report, path, explicit=explicit)
            except (InputError, OSError) as exc:  # this path is lost, not the others
                report.input_errors.append(path_error(raw, exc))
        report.diagnostics = _once_each(report.diagnostics)
        return report

    def lint_file(self, report: Report, path: Path, explicit: bool) -> None:
        """Read one file of the walk and lint it into `report` (a `--jobs` worker
        runs this). A file named on the command line that cannot be read is one
        of the report's `input_errors`."""
        data = _read(path, explicit, report)
        if data is not None:
            self._lint_into(report, data, display_path(path), explicit=explicit)

    def lint_stdin(self, report: Report, data: bytes, name: str) -> None:
        """Lint standard input into `report`: what the user asked for, as a file
        named on the command line. Without `--stdin-filename` (`name` is `-`)
        its kind is sniffed from its content."""
        fmt = None
        if name == "-":
            fmt, why = _sniff(data)
            if fmt is None:
                report.notes.append(Note(name, NOT_LINTED + why))
                return
        self._lint_into(report, data, name, explicit=True, fmt=fmt)

    def _lint_into(
        self, report: Report, data: str | bytes, name: str, explicit: bool = False, fmt: str | None = None
    ) -> None:
        """`explicit`: the file was named on the command line (or is stdin): its
        detection is lenient, and a skip is said on stderr (`ami_lint.detect`)."""
        if fmt is None:
            head = data[:SHEBANG_BYTES] if isinstance(data, bytes) else data[:SHEBANG_BYTES].encode()
            fmt = file_format(name, head)
        if fmt is None and explicit and "." not in Path(name).name:
            fmt = "shell"  # an extensionless file named on the command line is a script
        if fmt is None:
            report.notes.append(_skipped(name, SKIP_FORMAT, explicit))
            return
        try:
            if isinstance(data, bytes):
                diagnostics, note = self.lint_bytes(data, name, fmt, lenient=explicit)
            else:
                diagnostics, note = self.lint_text(data, name, fmt, lenient=explicit)
            if _may_suppress(data, name, diagnostics):
                from ami_lint.suppressions import suppress_inline

                diagnostics = suppress_inline(self, report, data, name, fmt, diagnostics)
        except Exception as exc:  # a bug must cost one file, not the run
            import traceback

            message = f"{type(exc).__name__}: {exc}"
            report.files += 1  # it was being linted: it holds something to lint
            report.errors.append(FileError(name, message, traceback.format_exc()))
            return
        report.diagnostics.extend(diagnostics)
        # `files` counts the files that were linted (held requests), not those skipped.
        skipped = note is not None and note.startswith((SKIPPED, NOT_CHECKED))
        if not skipped:
            report.files += 1
        if note:
            report.notes.append(_skipped(name, note, explicit) if skipped else Note(name, note))

    def lint_bytes(
        self, data: bytes, name: str, fmt: str, lenient: bool = False
    ) -> tuple[list[Diagnostic], str | None]:
        """`lenient`: detection as for a file named on the command line."""
        if len(data) > read_limits().max_file_size:
            return self._too_large(data, name, fmt, lenient)
        try:
            return self.lint_text(data.decode("utf-8"), name, fmt, lenient)
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            if fmt == "shell":  # a stray byte in a comment does not hide the calls
                return self.lint_text(text, name, fmt)
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return self._utf16(data, name, fmt, lenient)
            if not looks_like_request(text, lenient):
                return [], "skipped: not UTF-8 text"
            source = Source.from_text(text, name)
            # The replacement character stands where the first bad byte was.
            at = len(data[: exc.start].decode("utf-8", errors="replace")) - int(source.had_bom)
            rule = rule_ids.JSON_SYNTAX_ERROR if fmt == "json" else rule_ids.YAML_SYNTAX_ERROR
            finding = Finding(
                rule,
                source,
                Span(at, at + 1),
                f"Not valid UTF-8 text: byte `0x{data[exc.start]:02x}` cannot be decoded",
                "Save the file as UTF-8",
            )
            return self._diagnostics([finding]), None

    def _utf16(self, data: bytes, name: str, fmt: str, lenient: bool) -> tuple[list[Diagnostic], str | None]:
        """A UTF-16 file (it starts with that byte order mark): the CLI cannot
        read it. Reported at its start when it holds a request, else skipped."""
        text = data.decode("utf-16", errors="replace")
        if not looks_like_request(text, lenient):
            return [], "skipped: UTF-16 text, not UTF-8"
        finding = Finding(
            rule_ids.JSON_SYNTAX_ERROR if fmt == "json" else rule_ids.YAML_SYNTAX_ERROR,
            Source.from_text(text, name),
            Span(0, 0),
            "The file is UTF-16 text, but the CLI reads UTF-8",
            "Save the file as UTF-8",
        )
        return self._diagnostics([finding]), None

    def _too_large(
        self, data: bytes, name: str, fmt: str, lenient: bool
    ) -> tuple[list[Diagnostic], str | None]:
        """A file over `--max-file-size` is not parsed. It is a finding at its
        start when its beginning looks like a request, else a note."""
        limit = read_limits().max_file_size
        note = f"skipped: larger than {limit} bytes (`--max-file-size`)"
        head = data[:DETECTION_BYTES].decode("utf-8", errors="replace")
        if fmt == "shell" and b"register-image" in data:
            return [], NOT_CHECKED + f"larger than {limit} bytes (`--max-file-size`)"
        if fmt == "shell" or not looks_like_request(head, lenient):
            return [], note
        source = Source.from_text(head.split("\n", 1)[0][:256], name)
        finding = Finding(
            rule_ids.JSON_SYNTAX_ERROR if fmt == "json" else rule_ids.YAML_SYNTAX_ERROR,
            source,
            Span(0, 0),
            f"File larger than {limit} bytes: not checked",
            "Split the file, or raise `--max-file-size`",
        )
        return self._diagnostics([finding]), None

    def lint_text(
        self, text: str, name: str, fmt: str, lenient: bool = False
    ) -> tuple[list[Diagnostic], str | None]:
        """Diagnostics for one document text, and a note when it was skipped.
        `lenient`: detection as for a file named on the command line."""
        source = Source.from_text(text, name)
        if fmt == "shell":
            return self._lint_shell(source)
        result = _read_source(source, fmt)
        requests = [doc for doc in result.documents if is_request(doc, lenient)]
        if result.failed:
            if not looks_like_request(source.text, lenient):
                return [], SKIP_BROKEN
        elif not requests:
            return [], SKIP_NOT_REQUEST
        findings = list(result.findings)
        if len(result.documents) > 1 and requests:
            second = result.documents[1]
            findings.append(
                Finding(
                    rule_ids.YAML_SYNTAX_ERROR,
                    source,
                    Span(second.span.start, second.span.start),
                    f"The CLI reads one YAML document but this file holds {len(result.documents)}",
                    "Keep one request per file",
                )
            )
        chosen = {id(document) for document in requests}
        for index, document in enumerate(result.documents):
            if id(document) in chosen:
                assert isinstance(document, Mapping)
                findings.extend(self.check_request(Request(document), f"document {index}"))
        return self._diagnostics(findings), None

    def _lint_shell(self, source: Source) -> tuple[list[Diagnostic], str | None]:
        from ami_lint.shell import lint_shell

        result = lint_shell(self, source)
        if result is None:
            # Named but not recognised: the one line a user can report the pattern from.
            return [], SKIP_NO_CALL_FOUND if "register-image" in source.text else SKIP_NO_CALL
        findings, notes = result
        return self._diagnostics(findings), "; ".join(notes) or None

    def lint_option(self, member: str, text: str, name: str) -> list[Diagnostic]:
        """Diagnostics for one option's value given on its own (`--shorthand`),
        one argv word per line."""
        from ami_lint.cliargs import standalone_request

        source = Source.from_text(text, name)
        root, findings = standalone_request(member, source)
        if root is not None:
            # Only one option is here: the rest of the request is not missing.
            findings.extend(self.check_request(Request(root, open_ended=True)))
        return sorted(self._diagnostics(findings), key=Diagnostic.sort_key)

    def check_request(self, request: Request, key: str | None = None) -> list[Finding]:
        """The findings of every rule on `request`. Those about the request as a
        whole (on its root: a missing key) are marked with `key`, which request
        of its file it is: `document N`, or `call` for a shell call (whose
        text then tells it from the file's other calls)."""
        meant: list[Meant] = []
        findings = self._check_request(request, meant, key)
        if rule_ids.UNKNOWN_PARAMETER not in self.enabled_ids:
            return findings  # no misspelling is reported: what follows from one is the only sign of it
        if request.command is not None and request.command.strays:
            from ami_lint.knockon import meant_options

            meant.extend(meant_options(request.command))
        if not meant:
            return findings
        # A misspelt key: leave out what only follows from it (`ami_lint.knockon`).
        from ami_lint.knockon import corrected, without_knock_ons

        return without_knock_ons(findings, self._check_request(corrected(request, meant), None, key))

    def _check_request(
        self, request: Request, meant: list[Meant] | None = None, key: str | None = None
    ) -> list[Finding]:
        from ami_lint.schema_check import check_schema

        findings: list[Finding] = (
            check_schema(request, self.enabled_ids, meant) if self._checks_schema else []
        )
        context = self.context
        for rule in self._request_rules:
            findings.extend(rule.check(request, context))
        root = request.root
        whole = key or ("call" if request.command is not None else "document 0")
        return [
            replace(f, request=whole) if f.span == root.span and f.source is root.source else f
            for f in findings
        ]

    def _diagnostics(self, findings: list[Finding], vocabulary: Vocabulary = API) -> list[Diagnostic]:
        """The enabled findings as diagnostics, their member names and values
        written in the input's `vocabulary` (`ami_lint.vocabulary`)."""
        out = []
        seen = set()
        for f in findings:
            rule = self.registry.get(f.rule)
            if rule is None or f.rule not in self.enabled_ids:
                continue
            key = (f.rule, f.source.path, f.span, f.message)
            if key in seen:
                continue
            seen.add(key)
            severity = self.options.severities.get(rule.id, rule.severity)
            # A value read from a file may end in a newline.
            message = vocabulary.render(f.message).translate(_ONE_LINE)
            hint = vocabulary.render(f.hint) if f.hint is not None else None
            out.append(
                Diagnostic(rule.id, rule.name, severity, message, f.source, f.span, hint, request=f.request)
            )
        return out


# Why a file was not linted. Met while walking, it is a note for `--verbose`;
# named on the command line, the same reason is said on stderr, with more of
# why (`_skipped`). Nothing of the file is quoted: it is no request of ours.
SKIPPED = "skipped: "
SKIP_FORMAT = SKIPPED + "not a JSON, YAML or shell file"
SKIP_BROKEN = SKIPPED + "does not parse and does not look like a register-image request"
SKIP_NOT_REQUEST = SKIPPED + "not a register-image request"
SKIP_NO_CALL = SKIPPED + "no aws ec2 register-image call"
SKIP_NO_CALL_FOUND = (
    SKIPPED + "mentions register-image, but no call of it was recognised "
    "(if it is one, please report how the script calls the AWS CLI)"
)
_NAMED_WHY = {
    SKIP_FORMAT: "not a JSON, YAML or shell file by its name or `#!` line",
    SKIP_NOT_REQUEST: "not a register-image request: no key that only RegisterImage uses "
    "(`BlockDeviceMappings`, `RootDeviceName`, …) and fewer than two of its parameters",
    SKIP_NO_CALL: "no `aws ec2 register-image` call in it",
}


def _skipped(name: str, note: str, explicit: bool) -> Note:
    """The note of a file that was not linted: for a named file, one said on stderr."""
    if not explicit or not note.startswith(SKIPPED):
        return Note(name, note)
    return Note(name, NOT_LINTED + _NAMED_WHY.get(note, note.removeprefix(SKIPPED)))


def _sniff(data: bytes) -> tuple[str | None, str]:
    """The kind of standard input given without `--stdin-filename`, from its
    content: a shell `#!` line or an `aws … register-image` call is a script,
    a first non-blank `{` or `[` JSON, a text that reads as a YAML mapping (or
    a broken one that looks like a request) YAML. Else None, and why."""
    from ami_lint.files import is_shell_shebang

    if is_shell_shebang(data[:SHEBANG_BYTES]):
        return "shell", ""
    stripped = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not stripped:
        return None, "standard input is empty"
    if stripped[:1] in (b"{", b"["):
        return "json", ""
    text = data.decode("utf-8", errors="replace")
    small = len(data) <= read_limits().max_file_size
    if b"register-image" in data:
        from ami_lint.shell.calls import find_invocations

        # Too large to parse: taken for a script, which is then not checked, and said so.
        if not small or find_invocations(Source.from_text(text, "-")):
            return "shell", ""
    if small:
        result = _read_source(Source.from_text(text, "-"), "yaml")
        if any(isinstance(doc, Mapping) for doc in result.documents) or (
            result.failed and looks_like_request(text, lenient=True)
        ):
            return "yaml", ""
    return None, (
        "standard input is not JSON (no `{` or `[` first), not a shell script (no `#!` line of a "
        "shell, no `aws ec2 register-image` call) and not a YAML mapping; "
        "name its kind with --stdin-filename"
    )


# Messages are one line in every format: control characters are shown escaped.
_ONE_LINE = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def _once_each(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics sorted, each place and message once: a file that a
    script reads through `file://` and that is also linted itself gives the
    same findings twice. A copy that is not suppressed wins."""
    kept: dict[tuple[str, str, Span, str], Diagnostic] = {}
    for d in diagnostics:
        key = (d.path, d.rule, d.span, d.message)
        other = kept.get(key)
        if other is None or (other.suppressed and not d.suppressed):
            kept[key] = d
    return sorted(kept.values(), key=Diagnostic.sort_key)


def _read_source(source: Source, fmt: str) -> ReadResult:
    if fmt == "json":
        from ami_lint.readers.json_reader import read_json

        return read_json(source)
    from ami_lint.readers.yaml_reader import read_yaml

    return read_yaml(source)


def _read(path: Path, explicit: bool, report: Report) -> bytes | None:
    """A file's bytes (at most one more than `--max-file-size`). A file named on
    the command line that cannot be read is an input error (exit 2 once the
    others are reported); one met while walking a directory is skipped with a note."""
    try:
        return read_input(path, read_limits().max_file_size, regular_only=not explicit)
    except InputError as exc:
        if explicit:
            report.input_errors.append(str(exc))
        else:
            report.notes.append(Note(display_path(path), f"skipped: {exc.reason}"))
        return None


def path_error(raw: str, exc: InputError | OSError) -> str:
    """`PATH: reason` for a path named on the command line that cannot be
    linted: missing, a broken link, a name too long for the system."""
    if isinstance(exc, InputError):
        return str(exc)
    return f"{raw}: {(exc.strerror or type(exc).__name__).lower()}"


def _may_suppress(data: str | bytes, name: str, diagnostics: list[Diagnostic]) -> bool:
    """Whether `suppress_inline` could change anything: the file holds a
    directive, or a finding lies in another file (one read through `file://`,
    whose own directives apply)."""
    elsewhere = any(d.path != name for d in diagnostics)
    if isinstance(data, bytes):
        return elsewhere or SUPPRESSION_MARKER.encode() in data
    return elsewhere or SUPPRESSION_MARKER in data
