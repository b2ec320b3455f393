"""The pipeline, for each input: claim -> extract -> check -> diagnostics ->
suppressions -> report. Front ends (`ami_lint.frontends`) turn an input into
requests; the engine alone runs the rules on them and decides what is reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from sys import intern

from ami_lint import frontends as _frontends
from ami_lint import rule_ids
from ami_lint.diagnostics import Diagnostic, Finding, Severity, diagnostic_of
from ami_lint.edits import Fix, to_host
from ami_lint.files import NOT_LINTED, InputError, Note, discover_names, display_path, read_input
from ami_lint.frontend import (
    NAMED_WHY,
    NOT_CHECKED,
    SKIPPED,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    FrontEnd,
    Resolver,
)
from ami_lint.frontends import UNCLAIMED
from ami_lint.frontends import claim as _claim
from ami_lint.limits import load_limits
from ami_lint.model import Request
from ami_lint.nodes import Mapping, Node, Sequence
from ami_lint.paths import normal
from ami_lint.readers import read_limits
from ami_lint.records import field, record, replace
from ami_lint.registry import Registry, builtin_registry
from ami_lint.report import FileError, Report
from ami_lint.rule import COMMAND, KIND_REQUEST, KIND_SCHEMA, Context, Rule
from ami_lint.selection import Selection
from ami_lint.shell.shebang import SHEBANG_BYTES
from ami_lint.source import Source, Span, decoded_from
from ami_lint.vocabulary import API, Vocabulary

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from pathlib import Path

    from ami_lint.knockon import Meant
    from ami_lint.paramfile import FileResolver


@record
class Options:
    """What a linter checks and how: selection, severities, limits."""

    selection: Selection = field(default_factory=Selection)
    severities: dict[str, Severity] = field(default_factory=dict)
    limits: str = "current"
    # A walked file skipped is said to be skipped for its exact reason (for
    # `--verbose`); False: a JSON or YAML file that names no parameter is
    # skipped unparsed as no request, whether it parses or not.
    exact_notes: bool = True


class RunFiles(Resolver):
    """The `Resolver` of a run (`ami_lint.frontend`): `ami_lint.paramfile.FileResolver`,
    made when a request first names a file (most runs read none, and need not
    import it). The linters of one run share it: each file is read once."""

    def __init__(self) -> None:
        self._resolver: FileResolver | None = None

    def load(self, text: str, source: Source, span: Span) -> tuple[Source | None, list[Finding]]:
        if self._resolver is None:
            from ami_lint.paramfile import FileResolver

            self._resolver = FileResolver()
        return self._resolver.load(text, source, span)


class Linter:
    def __init__(
        self,
        options: Options | None = None,
        registry: Registry | None = None,
        chooser: Callable[[Path | str, bool], Linter | None] | None = None,
        files: RunFiles | None = None,
    ) -> None:
        """`chooser`: the linter of each file's nearest configuration, or None
        when it excludes the file (`Workspace.linter_for`); without one, this
        linter lints every file. `files`: the run's `file://` reader, shared
        by the linters of one run."""
        self.options = options or Options()
        self.registry = registry or builtin_registry()
        self.options.selection.validate(self.registry)
        self.rules: list[Rule] = self.options.selection.enabled(self.registry)
        self.enabled_ids = frozenset(rule.id for rule in self.rules)
        # What `check_request` runs, sorted out once rather than for every request.
        self._request_rules = [rule for rule in self.rules if rule.kind == KIND_REQUEST]
        # What a request must have for each rule (`Rule.needs`), and the rules
        # each shape of request runs, by its top-level keys (`_rules_for`).
        self._needed = frozenset(need for rule in self._request_rules for need in rule.needs)
        self._paths = _paths_tree(self._needed - {COMMAND})
        self._rules_by_shape: dict[frozenset[str], list[Rule]] = {}
        # Each message and hint of the API's vocabulary as a report says it
        # (`_said`): a tree's findings mostly repeat a few.
        self._said_api: tuple[dict[str, str], dict[str, str]] = ({}, {})  # hints, messages
        self._checks_schema = any(rule.kind == KIND_SCHEMA for rule in self.rules)
        self.context = Context(limits=load_limits(self.options.limits))
        self.chooser = chooser
        self.files = files or RunFiles()

    def linter_for(self, path: Path | str, explicit: bool, report: Report) -> Linter | None:
        if self.chooser is None:
            return self
        linter = self.chooser(path, explicit)
        if linter is None:
            report.notes.append(Note(display_path(path), "skipped: excluded by the configuration"))
        return linter

    def lint_paths(self, paths: list[str], stdin_data: bytes | None = None, stdin_name: str = "-") -> Report:
        """Lint files and folders in this process (`ami_lint.parallel.lint_paths`
        spreads them over workers, with the same report)."""
        report = Report()
        for raw in paths:
            if raw == "-":
                if stdin_data is None:
                    report.input_errors.append("-: standard input was not read")
                    continue
                linter = self.linter_for(normal(stdin_name), True, report)
                if linter is not None:
                    linter.lint_stdin(report, stdin_data, stdin_name)
                continue
            named = normal(raw)
            try:
                for path in discover_names([raw], report.notes):
                    explicit = path == named
                    linter = self.linter_for(path, explicit, report)
                    if linter is not None:
                        linter.lint_file(report, path, explicit=explicit)
            except (InputError, OSError) as exc:  # this path is lost, not the others
                report.input_errors.append(path_error(raw, exc))
        report.finish()
        return report

    def lint_file(self, report: Report, path: Path | str, explicit: bool) -> None:
        """Read one file of the walk and lint it into `report` (a `--jobs` worker
        runs this). A file named on the command line that cannot be read is one
        of the report's `input_errors`."""
        data = _read(path, explicit, report)
        if data is not None:
            self._lint_into(report, data, display_path(path), explicit=explicit)

    def read_walked(self, path: str) -> tuple[Note | None, bytes | None, Claim | None]:
        """A file met while walking, read ahead (`ami_lint.parallel`): its
        note when a byte search shows that it holds nothing to lint
        (`FrontEnd.skip_unread`) or when it cannot be read (the note
        `lint_file` gives), else its bytes for `lint_read`, with what the
        search found (its display path and the name of the front end that
        claims it): `lint_read` does not claim and search it again."""
        try:
            data = read_input(path, read_limits().max_file_size, regular_only=True)
        except InputError as exc:
            return Note(display_path(path), f"skipped: {exc.reason}"), None, None
        name = display_path(path)
        front = _claim(name, data[:SHEBANG_BYTES])
        if front is None:
            return Note(name, UNCLAIMED), None, None
        skipped = _skip_unread(front, data, self.options.exact_notes)
        if skipped is None:
            return None, data, (name, front.name)
        return Note(name, skipped), None, None

    def lint_read(self, report: Report, path: str, data: bytes, claim: Claim | None = None) -> None:
        """`lint_file` of a walked file whose bytes `read_walked` gave (with
        its `claim`, when given: what its byte search found)."""
        if claim is None:
            self._lint_into(report, data, display_path(path))
            return
        name, front_name = claim
        front = _front_named(front_name)
        if front is None:  # a front end the parent had and this process has not
            self._lint_into(report, data, name)
        else:
            self._lint_into(report, data, name, front=front, searched=True)

    def lint_data(self, report: Report, data: bytes, name: str) -> None:
        """Lint the bytes of a file named on the command line into `report`
        (`ami_lint.fixing` lints each round of a file's fixes so)."""
        self._lint_into(report, data, name, explicit=True)

    def lint_stdin(self, report: Report, data: bytes, name: str) -> None:
        """Lint standard input into `report`: what the user asked for, as a file
        named on the command line. Without `--stdin-filename` (`name` is `-`)
        its kind is sniffed from its content."""
        front = None
        if name == "-":
            from ami_lint.frontends import sniff

            front, why = sniff(data)
            if front is None:
                report.notes.append(Note(name, NOT_LINTED + why))
                return
        self._lint_into(report, data, name, explicit=True, front=front)

    def lint_document(self, data: bytes, name: str, front: FrontEnd) -> tuple[Report, dict[str, list[Span]]]:
        """One editor buffer `data`, read by `front` as a file met in a walk
        (`ami_lint.server`): its report (suppressions applied), and for each
        other file its requests read (`file://`), the spans of those requests."""
        report = Report()
        reads = self._lint_into(report, data, name, front=front)
        return report, reads

    def _lint_into(
        self,
        report: Report,
        data: bytes,
        name: str,
        explicit: bool = False,
        front: FrontEnd | None = None,
        searched: bool = False,
    ) -> dict[str, list[Span]]:
        """`explicit`: the file was named on the command line (or is stdin): its
        detection is lenient, and a skip is said on stderr (`ami_lint.detect`).
        `searched`: a file met while walking that `read_walked` claimed for
        `front` and searched already. Returns, for each other file a request
        read, the spans of those requests."""
        # No import statement here: one run again costs about 8,000
        # instructions, and every file of a walk comes here (issue 20).
        if front is None:
            front = _claim(name, data[:SHEBANG_BYTES], named=explicit)
        if front is None:
            report.notes.append(_skipped(name, UNCLAIMED, explicit))
            return {}
        if not explicit and not searched:
            quick = _skip_unread(front, data, self.options.exact_notes)
            if quick is not None:
                report.notes.append(Note(name, quick))
                return {}
        try:
            source, extraction = self._extract(front, data, name, lenient=explicit)
            diagnostics, reads = self._check(extraction, front.vocabulary)
            if extraction.comments or (diagnostics and _elsewhere(diagnostics, name)):
                diagnostics = self._suppress(
                    report, source or Source("", name), extraction, diagnostics, reads
                )
        except Exception as exc:  # a bug must cost one file, not the run
            import traceback

            message = f"{type(exc).__name__}: {exc}"
            report.files += 1  # it was being linted: it holds something to lint
            report.errors.append(FileError(name, message, traceback.format_exc()))
            return {}
        report.diagnostics.extend(diagnostics)
        note = _note(extraction)
        # `files` counts the files that were linted (held requests), not those skipped.
        skipped = note is not None and note.startswith((SKIPPED, NOT_CHECKED))
        if not skipped:
            report.files += 1
        if note:
            report.notes.append(_skipped(name, note, explicit) if skipped else Note(name, note))
        return reads

    def lint_bytes(
        self, data: bytes, name: str, fmt: str, lenient: bool = False
    ) -> tuple[list[Diagnostic], str | None]:
        """Diagnostics for one input read as the front end named `fmt` reads it,
        and a note when it was skipped (no suppressions applied).
        `lenient`: detection as for a file named on the command line."""
        from ami_lint.frontends import BY_NAME

        front = BY_NAME[fmt]
        _, extraction = self._extract(front, data, name, lenient)
        return self._check(extraction, front.vocabulary)[0], _note(extraction)

    def lint_text(
        self, text: str, name: str, fmt: str, lenient: bool = False
    ) -> tuple[list[Diagnostic], str | None]:
        """`lint_bytes` for a text."""
        from ami_lint.frontends import BY_NAME

        front = BY_NAME[fmt]
        extraction = front.extract(Source.from_text(text, name), self.files, lenient)
        return self._check(extraction, front.vocabulary)[0], _note(extraction)

    def _extract(
        self, front: FrontEnd, data: bytes, name: str, lenient: bool
    ) -> tuple[Source | None, Extraction]:
        """The front end's extraction of an input's bytes, and its decoded text."""
        limit = read_limits().max_file_size
        if len(data) > limit:
            return None, front.too_large(data, name, limit, lenient)
        strict = True
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not front.replaces_bad_bytes:
                return None, front.unreadable(data, name, "not UTF-8 text", exc.start, lenient)
            text = data.decode("utf-8", errors="replace")
            lenient = False
            strict = False
        source = Source.from_text(text, name)
        if not strict or source.text is not text:  # bad bytes replaced, a byte order mark left out
            return source, front.extract(source, self.files, lenient)
        # A parser given the text's UTF-8 takes the bytes read rather than a copy.
        with decoded_from(text, data):
            return source, front.extract(source, self.files, lenient)

    def _check(
        self, extraction: Extraction, vocabulary: Vocabulary = API
    ) -> tuple[list[Diagnostic], dict[str, list[Span]]]:
        """The diagnostics of an extraction's findings and of every rule on each
        of its requests, in the front end's `vocabulary`, and for each file a
        request read, the spans of those requests."""
        reads: dict[str, list[Span]] = {}
        # Each request's findings become diagnostics as soon as it is checked:
        # a finding (with its request, its embedded source, the parse tree a
        # shell call's words hold) is not kept to the end of the file (issue
        # 20). In the order of the findings: the extraction's own, then each
        # request's, those of requests in a vocabulary of their own last; a
        # place and message said by one of those is theirs.
        seen = _Seen(keep_order=True)  # and the key of each of `out`, in order
        out = (
            self._diagnostics(list(extraction.findings), vocabulary, seen, None)
            if extraction.findings
            else []
        )
        own: list[Diagnostic] = []  # of requests that name members in a vocabulary of their own
        own_seen: _Seen | None = None  # made for the first of them (most files have none)
        for found in extraction.requests:
            request = found.request
            checked = self.check_request(request, found.key)
            # Loops, not a comprehension and a generator: each made and run
            # costs more than the few findings of most requests (issue 20).
            keeps = found.keeps
            kept = []
            for f in found.findings:
                if keeps(f):
                    kept.append(f)
            for f in checked:
                if keeps(f):
                    kept.append(f)
            del checked
            if kept:  # most requests of a tree: nothing to report
                # Where the root of each fixable finding's request stands, by
                # `id` (its source and span, not the request).
                root = (request.root.source, request.root.span)
                roots = {}
                for f in kept:
                    if f.fix is not None:
                        roots[id(f)] = root
                if found.vocabulary is None:
                    out.extend(self._diagnostics(kept, vocabulary, seen, roots))
                else:
                    if own_seen is None:
                        own_seen = _Seen()
                    own.extend(self._diagnostics(kept, found.vocabulary, own_seen, roots))
                del roots
            if found.reads:
                _, span = request.source.in_host(request.root.span)
                for path in found.reads:
                    reads.setdefault(path, []).append(span)
            # Let go of this request before the next is built (and of the
            # last before returning: its tree may be the whole script's).
            del found, request, kept
        if own_seen is not None and own_seen and not own_seen.isdisjoint(seen):
            out = [d for d, key in zip(out, seen.ordered(), strict=True) if key not in own_seen]
        out.extend(own)
        return out, reads

    def _suppress(
        self,
        report: Report,
        source: Source,
        extraction: Extraction,
        diagnostics: list[Diagnostic],
        reads: dict[str, list[Span]],
    ) -> list[Diagnostic]:
        """The diagnostics with those a directive covers marked, its warnings added to `report`."""
        from ami_lint.suppressions import KnownCodes, apply

        known = KnownCodes(tuple((rule.id, rule.name) for rule in self.registry), self.enabled_ids)
        diagnostics, warnings = apply(source, extraction.comments, diagnostics, known, reads, _comments_of)
        report.suppression_warnings.extend(warnings)
        return diagnostics

    def lint_option(self, member: str, text: str, name: str) -> list[Diagnostic]:
        """Diagnostics for one option's value given on its own (`--shorthand`),
        one argv word per line."""
        from ami_lint.cliargs import standalone_request

        source = Source.from_text(text, name)
        root, findings = standalone_request(member, source, self.files)
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
        findings: list[Finding] = (
            _schema_checker()(request, self.enabled_ids, meant) if self._checks_schema else []
        )
        context = self.context
        for rule in self._rules_for(request):
            findings.extend(rule.check(request, context))
        if not findings:
            return findings
        root = request.root
        whole = key or ("call" if request.command is not None else "document 0")
        source, span = root.source, root.span
        # In place (the list is this call's own), by a loop: no comprehension.
        for i, f in enumerate(findings):
            if f.source is source and f.span == span:
                findings[i] = _about_request(f, whole)
        return findings

    def _rules_for(self, request: Request) -> list[Rule]:
        """The enabled rules that may find something in `request`: those that
        need nothing, and those that need a member it has or its command line
        (`Rule.needs`). Worked out once for each shape of request: the
        requests of a tree are mostly of a few shapes."""
        present: set[str] = set()
        _present(request.root, self._paths, present)
        if request.command is not None:
            present.add(COMMAND)
        shape = frozenset(present)
        rules = self._rules_by_shape.get(shape)
        if rules is None:
            rules = [
                rule for rule in self._request_rules if not rule.needs or not shape.isdisjoint(rule.needs)
            ]
            if len(self._rules_by_shape) >= _SHAPES_KEPT:
                self._rules_by_shape.clear()
            self._rules_by_shape[shape] = rules
        return rules

    def _diagnostics(
        self,
        findings: list[Finding],
        vocabulary: Vocabulary = API,
        seen: _Seen | None = None,
        roots: dict[int, tuple[Source, Span]] | None = None,
    ) -> list[Diagnostic]:
        """The enabled findings as diagnostics, their member names, values
        and fixes written in the input's `vocabulary` (`ami_lint.vocabulary`),
        each place and message once (`seen`: those already made). `roots`:
        where the root of the request of each finding with a fix stands, by `id`."""
        out = []
        if seen is None:
            seen = _Seen()
        for f in findings:
            rule = self.registry.get(f.rule)
            if rule is None or f.rule not in self.enabled_ids:
                continue
            # Embedded text is reported where it was written in its host.
            source, span = f.source.in_host(f.span) if f.source.host is not None else (f.source, f.span)
            if not seen.add(span, f.rule, source.path, f.message):
                continue
            severity = self.options.severities.get(rule.id, rule.severity)
            # A value read from a file may end in a newline.
            # One string for each message said many times (a long script's
            # calls mostly repeat a few): the report holds them all.
            message = self._said(vocabulary, f.message, True)
            hint = self._said(vocabulary, f.hint, False) if f.hint is not None else None
            fix = None
            if f.fix is not None:
                root = roots.get(id(f)) if roots is not None else None
                fix = _host_fix(f, source, vocabulary, root)
            out.append(
                diagnostic_of(rule.id, rule.name, severity, message, source, span, hint, f.request, fix)
            )
        return out

    def _said(self, vocabulary: Vocabulary, text: str, message: bool) -> str:
        """A finding's message (on one line) or hint in `vocabulary`, one string
        for each said many times; those of the API's vocabulary (most
        findings', and it never changes) are remembered, up to `_SAID_KEPT` of
        at most `_SAID_LENGTH` characters."""
        # Not one quoting a long value: the cache would hold it (issue 13, item 5).
        said = self._said_api[message] if vocabulary is API and len(text) <= _SAID_LENGTH else None
        if said is not None:
            done = said.get(text)
            if done is not None:
                return done
        rendered = vocabulary.render(text)
        done = intern(rendered.translate(_ONE_LINE) if message else rendered)
        if said is not None:
            if len(said) >= _SAID_KEPT:
                said.clear()
            said[text] = done
        return done


_check_schema: Callable[[Request, frozenset[str], list[Meant] | None], list[Finding]] | None = None


def _schema_checker() -> Callable[[Request, frozenset[str], list[Meant] | None], list[Finding]]:
    """`ami_lint.schema_check.check_schema`, imported when a request is first
    checked, and then without an import statement each time (one run again
    costs about 8,000 instructions, and every request comes here)."""
    global _check_schema
    if _check_schema is None:
        from ami_lint.schema_check import check_schema

        _check_schema = check_schema
    return _check_schema


# At most so many messages and hints are remembered (`Linter._said`).
class _Seen:
    """The places and messages of the diagnostics a file has made, to make
    each once: a key is (span, (rule, path, message)), equal keys one.

    Kept to the end of the file (issue 20): by span, each span's rest one
    tuple shared by all keys that say it (a long script's calls repeat a few
    messages), rather than a tuple and a set entry for each; with
    `keep_order`, the key of each made, in order (`ordered`)."""

    __slots__ = ("_by_span", "_order", "_rests")

    def __init__(self, keep_order: bool = False) -> None:
        # A span's rest, or a list of its rests when it has more than one.
        self._by_span: dict[Span, tuple[str, str, str] | list[tuple[str, str, str]]] = {}
        self._rests: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._order: tuple[list[Span], list[tuple[str, str, str]]] | None = ([], []) if keep_order else None

    def add(self, span: Span, rule: str, path: str, message: str) -> bool:
        """Whether the key is new (then it is kept)."""
        rest = (rule, path, message)
        rest = self._rests.setdefault(rest, rest)
        got = self._by_span.get(span)
        if got is None:
            self._by_span[span] = rest
        elif type(got) is list:
            if rest in got:
                return False
            got.append(rest)
        elif got == rest:
            return False
        else:
            self._by_span[span] = [got, rest]  # type: ignore[list-item]
        if self._order is not None:
            self._order[0].append(span)
            self._order[1].append(rest)
        return True

    def __contains__(self, key: tuple[Span, tuple[str, str, str]]) -> bool:
        span, rest = key
        got = self._by_span.get(span)
        if got is None:
            return False
        return rest in got if type(got) is list else got == rest

    def __bool__(self) -> bool:
        return bool(self._by_span)

    def keys(self) -> Iterator[tuple[Span, tuple[str, str, str]]]:
        for span, got in self._by_span.items():
            for rest in got if type(got) is list else (got,):
                yield span, rest  # type: ignore[misc]

    def isdisjoint(self, other: _Seen) -> bool:
        return not any(key in other for key in self.keys())

    def ordered(self) -> Iterator[tuple[Span, tuple[str, str, str]]]:
        """The key of each diagnostic made, in order (with `keep_order`)."""
        assert self._order is not None
        return zip(*self._order, strict=True)


_SAID_KEPT = 4096
_SAID_LENGTH = 500

# At most so many shapes of request are remembered (`Linter._rules_for`).
_SHAPES_KEPT = 256

# Member paths as a tree of keys, each with its whole path:
# `{"BlockDeviceMappings": ("BlockDeviceMappings", {"Ebs": ("BlockDeviceMappings.Ebs", {...})})}`.
_Paths = dict[str, tuple[str, "_Paths"]]


def _paths_tree(paths: frozenset[str]) -> _Paths:
    tree: _Paths = {}
    for path in paths:
        level, walked = tree, ""
        for key in path.split("."):
            walked = f"{walked}.{key}" if walked else key
            level = level.setdefault(key, (walked, {}))[1]
    return tree


def _present(node: Node, paths: _Paths, into: set[str]) -> None:
    """Add to `into` each path of `paths` that `node` has: its keys, through
    objects and the objects of lists (not lists in lists: as deep as the
    paths, however deep the input nests)."""
    cls = node.__class__
    items = (node,) if cls is Mapping or not (cls is Sequence or isinstance(node, Sequence)) else node.items  # type: ignore[attr-defined]
    for item in items:
        if item.__class__ is not Mapping and not isinstance(item, Mapping):
            continue
        # By the object's index (its keys, fewer than the paths, each with
        # its entry): no list of keys made, no look-up again for a value.
        for key, entry in item._index.items():  # type: ignore[attr-defined]
            found = paths.get(key)
            if found is not None:
                into.add(found[0])
                if found[1]:
                    _present(entry.value, found[1], into)


def _elsewhere(diagnostics: list[Diagnostic], name: str) -> bool:
    """Whether a diagnostic is placed in another file than `name` (one a
    request read): `any` of a generator, as a loop."""
    for d in diagnostics:  # noqa: SIM110 (a loop: no generator made for every file)
        if d.path != name:
            return True
    return False


def _about_request(f: Finding, whole: str) -> Finding:
    """`replace(f, request=whole)`, made as a finding is made: the general
    `replace` looks up every field by name, about twice the instructions
    (tests/test_check_fast_paths.py compares the two)."""
    return Finding(f.rule, f.source, f.span, f.message, f.hint, whole, f.fix)


# What `Linter.read_walked` found of a file it read: its display path and
# the name of the front end that claims it.
Claim = tuple[str, str]
# The front ends by name, for the tuple of front ends they were made from.
_FRONTS_BY_NAME: list[tuple[tuple[FrontEnd, ...], dict[str, FrontEnd]]] = []


def _front_named(name: str) -> FrontEnd | None:
    """The front end of `frontends.FRONT_ENDS` named `name` (a test may add one)."""
    fronts = _frontends.FRONT_ENDS
    if not _FRONTS_BY_NAME or _FRONTS_BY_NAME[0][0] is not fronts:
        _FRONTS_BY_NAME[:] = [(fronts, {front.name: front for front in fronts})]
    return _FRONTS_BY_NAME[0][1].get(name)


def _skip_unread(front: FrontEnd, data: bytes, exact: bool) -> str | None:
    """The note of a walked file that a byte search shows to hold nothing to
    lint (`FrontEnd.skip_unread`), or None: it is decoded and extracted."""
    if len(data) > read_limits().max_file_size:
        return None
    if not data.isascii() and not front.replaces_bad_bytes:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None  # `unreadable` says what
    return front.skip_unread(data, exact)


def _host_fix(
    f: Finding, source: Source, vocabulary: Vocabulary, root: tuple[Source, Span] | None = None
) -> Fix | None:
    """A finding's fix written in `source`, its outermost host, or None when
    it cannot be written there exactly. A rule writes its edits in the API's
    notation: the input's `vocabulary` writes each one in its own
    (`Vocabulary.write`; `root`: the source and span of the finding's
    request's root), then
    `ami_lint.edits.to_host` carries them out through every host."""
    if f.fix is None:
        return None
    within = root[1] if root is not None and root[0] is f.source else None
    written = []
    for edit in f.fix.edits:
        mine = vocabulary.write(f.source, edit, within)
        if mine is None:
            return None
        written.append(mine)
    try:
        own = Fix(f.fix.title, tuple(written), f.fix.safety)
    except ValueError:  # written otherwise, two edits now meet
        return None
    placed = to_host(f.source, own)
    if placed is None or placed[0] is not source:
        return None
    title = vocabulary.render(f.fix.title)
    return placed[1] if title == f.fix.title else replace(placed[1], title=title)


def _skipped(name: str, note: str, explicit: bool) -> Note:
    """The note of a file that was not linted. Met while walking, it is a note
    for `--verbose`; named on the command line, the reason is said on stderr,
    with more of why. Nothing of the file is quoted: it is no request of ours."""
    from ami_lint.frontends import UNCLAIMED, UNCLAIMED_NAMED

    if not explicit or not note.startswith(SKIPPED):
        return Note(name, note)
    why = UNCLAIMED_NAMED if note == UNCLAIMED else NAMED_WHY.get(note, note.removeprefix(SKIPPED))
    return Note(name, NOT_LINTED + why)


def _note(extraction: Extraction) -> str | None:
    """What is said about a file: why it was skipped, or what was not checked in it."""
    return extraction.skipped or "; ".join(extraction.notes) or None


def _comments_of(source: Source) -> list[Comment]:
    """The comments of a file another file's request read, by its own front end."""
    from ami_lint.frontends import claim

    if SUPPRESSION_MARKER not in source.text:
        return []
    front = claim(source.path)
    return front.comments(source) if front is not None else []


# Messages are one line in every format: control characters are shown escaped.
_ONE_LINE = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def _read(path: Path | str, explicit: bool, report: Report) -> bytes | None:
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
