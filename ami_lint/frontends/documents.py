"""CLI skeletons: a JSON or YAML document that is a RegisterImage request
(what `--cli-input-json`/`--cli-input-yaml` reads), one request per document."""

from __future__ import annotations

import codecs

from ami_lint import rule_ids
from ami_lint.diagnostics import Finding
from ami_lint.frontend import (
    DETECTION_BYTES,
    SKIP_BROKEN,
    SKIP_NOT_REQUEST,
    SKIPPED,
    SUPPRESSION_MARKER,
    Comment,
    Extraction,
    Found,
    FrontEnd,
    Resolver,
)
from ami_lint.source import Source, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from types import ModuleType

    from ami_lint.readers import ReadResult


class DocumentFrontEnd(FrontEnd):
    """What JSON and YAML skeletons share; `read` parses the text."""

    # The rule of a document that cannot be read at all.
    syntax_rule = ""

    def read(self, source: Source) -> ReadResult:
        raise NotImplementedError

    def hand_on(self, source: Source, result: ReadResult) -> Extraction | None:
        """The extraction of another front end when the document is its
        input (a Packer template in a `.json` file); None when it is ours."""
        return None

    def hands_on(self, data: bytes) -> bool:
        """Whether `hand_on` may take a text with these bytes (ASCII, no backslash)."""
        return False

    def skip_unread(self, data: bytes, exact: bool = True) -> str | None:
        """A text that names no parameter is no request (`ami_lint.detect.
        names_no_member`), unless it may hold a directive or another front
        end's input. Only whether it parses tells `SKIP_NOT_REQUEST` from
        `SKIP_BROKEN`: it is skipped unparsed when the note need not be exact."""
        # `find`, not `in`: `bytes in bytes` first tries the needle as an
        # integer, a formatted TypeError each time (issue 20).
        if exact or data.find(_MARKER) >= 0 or self.hands_on(data):
            return None
        # The byte search alone: neither `re` nor the node tree (`_lazy`)
        # is imported for it (issue 20).
        from ami_lint.keybytes import names_no_member

        if not names_no_member(data):
            return None
        return SKIP_NOT_REQUEST

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        lazy = _lazy()
        is_request, looks_like_request = lazy.detect.is_request, lazy.detect.looks_like_request
        Request, Mapping = lazy.model.Request, lazy.nodes.Mapping

        result = self.read(source)
        handed = self.hand_on(source, result)
        if handed is not None:
            return handed
        comments = self.comments(source) if SUPPRESSION_MARKER in source.text else []
        requests = [doc for doc in result.documents if is_request(doc, lenient)]
        if result.failed:
            if not looks_like_request(source.text, lenient):
                return Extraction(comments=comments, skipped=SKIP_BROKEN)
        elif not requests:
            return Extraction(comments=comments, skipped=SKIP_NOT_REQUEST)
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
        found = []
        for index, document in enumerate(result.documents):
            if id(document) in chosen:
                assert isinstance(document, Mapping)
                found.append(Found(Request(document), key=f"document {index}"))
        return Extraction(found, findings, comments)

    def unreadable(self, data: bytes, name: str, problem: str, at: int, lenient: bool) -> Extraction:
        from ami_lint.detect import looks_like_request

        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # The CLI cannot read it: reported at its start when it holds a request.
            text = data.decode("utf-16", errors="replace")
            if not looks_like_request(text, lenient):
                return Extraction(skipped=SKIPPED + "UTF-16 text, not UTF-8")
            message = "The file is UTF-16 text, but the CLI reads UTF-8"
            source = Source.from_text(text, name)
            return Extraction(findings=[Finding(self.syntax_rule, source, Span(0, 0), message, _SAVE_UTF8)])
        text = data.decode("utf-8", errors="replace")
        if not looks_like_request(text, lenient):
            return Extraction(skipped=SKIPPED + "not UTF-8 text")
        source = Source.from_text(text, name)
        # The replacement character stands where the first bad byte was.
        offset = len(data[:at].decode("utf-8", errors="replace")) - int(source.had_bom)
        message = f"Not valid UTF-8 text: byte `0x{data[at]:02x}` cannot be decoded"
        finding = Finding(self.syntax_rule, source, Span(offset, offset + 1), message, _SAVE_UTF8)
        return Extraction(findings=[finding])

    def too_large(self, data: bytes, name: str, limit: int, lenient: bool) -> Extraction:
        """A finding at its start when its beginning looks like a request, else a note."""
        from ami_lint.detect import looks_like_request

        head = data[:DETECTION_BYTES].decode("utf-8", errors="replace")
        if not looks_like_request(head, lenient):
            return super().too_large(data, name, limit, lenient)
        source = Source.from_text(head.split("\n", 1)[0][:256], name)
        finding = Finding(
            self.syntax_rule,
            source,
            Span(0, 0),
            f"File larger than {limit} bytes: not checked",
            "Split the file, or raise `--max-file-size`",
        )
        return Extraction(findings=[finding])


_SAVE_UTF8 = "Save the file as UTF-8"
_MARKER = SUPPRESSION_MARKER.encode()


class _Modules:
    """The modules reading a document needs, imported when a document is
    first read (a run over scripts needs none of them), then held here: an
    import statement run again costs about 8,000 instructions, and every
    document of a walk is read (issue 20)."""

    __slots__ = ("detect", "json_reader", "model", "nodes", "yaml_reader")

    def __init__(self) -> None:
        from ami_lint import detect, model, nodes

        self.detect = detect
        self.model = model
        self.nodes = nodes
        self.json_reader: ModuleType | None = None
        self.yaml_reader: ModuleType | None = None


_MODULES: list[_Modules] = []


def _lazy() -> _Modules:
    if not _MODULES:
        _MODULES.append(_Modules())
    return _MODULES[0]


class JsonFrontEnd(DocumentFrontEnd):
    name = "json"
    kind = "JSON"
    suffixes = (".json",)
    syntax_rule = rule_ids.JSON_SYNTAX_ERROR

    def read(self, source: Source) -> ReadResult:
        modules = _lazy()
        reader = modules.json_reader
        if reader is None:
            from ami_lint.readers import json_reader

            reader = modules.json_reader = json_reader
        return reader.read_json(source)  # looked up at each call: tests replace it

    def hands_on(self, data: bytes) -> bool:
        return data.find(b'"builders"') >= 0 or data.find(b'"type"') >= 0

    def hand_on(self, source: Source, result: ReadResult) -> Extraction | None:
        """A legacy Packer template (a `builders` list, or one builder object
        shown alone) goes to the Packer front end, which reads its builders,
        or says why it holds no request."""
        Mapping = _lazy().nodes.Mapping
        document = result.documents[0] if len(result.documents) == 1 else None
        if not isinstance(document, Mapping) or ("builders" not in document and "type" not in document):
            return None  # the common case: no import
        from ami_lint.frontends.packer import PACKER_FRONT, is_any_template

        return PACKER_FRONT.from_json(source, result) if is_any_template(document) else None


class YamlFrontEnd(DocumentFrontEnd):
    name = "yaml"
    kind = "YAML"
    suffixes = (".yaml", ".yml")
    syntax_rule = rule_ids.YAML_SYNTAX_ERROR

    def read(self, source: Source) -> ReadResult:
        modules = _lazy()
        reader = modules.yaml_reader
        if reader is None:
            from ami_lint.readers import yaml_reader

            reader = modules.yaml_reader = yaml_reader
        return reader.read_yaml(source)

    def comments(self, source: Source) -> list[Comment]:
        from ami_lint.readers.yaml_comments import yaml_comments

        return yaml_comments(source)


JSON = JsonFrontEnd()
YAML = YamlFrontEnd()
