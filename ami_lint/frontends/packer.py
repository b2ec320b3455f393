"""Packer templates: the image the `amazon-ebssurrogate`, `amazon-chroot` and
`amazon-instance` builders register with RegisterImage at the end of a build.

Templates: HCL2 `*.pkr.hcl` (`source "amazon-chroot" "name" { … }`,
through `ami_lint.frontends.hcl`, with the options a `build` block's
`source "type.name" { … }` sets), HCL2 in JSON syntax `*.pkr.json`, and
legacy JSON templates (a `builders` list, or one builder object shown
alone), which the JSON front end hands on. Each builder becomes the request
its `step_register_ami` sends (`ami_lint.frontends.packer_request`), its
findings in Packer's names (`ami_lint.frontends.packer_vocabulary`).

Packer has many options; only those this front end maps are its business.
An unknown option is reported (AMI101) when it is a close misspelling of a
mapped one (the measure of `ami_lint.detect`: 0.85, which no real option of
these builders reaches from a mapped one: the closest, `root_volume_type`
from `root_volume_size`, is 0.79), or when it is a mapped option that the
builder does not have (`boot_mode` on `amazon-instance`): Packer refuses
both. Inside a block device mapping every key is Packer's and known: any
other is reported.

"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ami_lint import rule_ids
from ami_lint.cliargs import PLACEHOLDER
from ami_lint.diagnostics import Finding
from ami_lint.frontend import SKIPPED, SUPPRESSION_MARKER, Comment, Extraction, Found, FrontEnd, Resolver
from ami_lint.frontends.packer_request import BUILDERS, EBSSURROGATE, request_of
from ami_lint.frontends.packer_values import as_bool, holds, text_of
from ami_lint.frontends.packer_vocabulary import VOCABULARY
from ami_lint.nodes import Entry, Mapping, Node, Scalar, Sequence, Unknown
from ami_lint.records import replace
from ami_lint.source import Source, Span
from ami_lint.vocabulary import Vocabulary

if TYPE_CHECKING:
    from ami_lint.frontends.hcl import Block as HclBlock
    from ami_lint.frontends.hcl import Body as HclBody
    from ami_lint.readers import ReadResult

__all__ = ["BUILDERS", "PACKER_FRONT", "is_any_template", "is_template"]

SKIP_NO_BUILDER = SKIPPED + "a Packer template without a builder that registers an image"


def is_template(document: Node) -> bool:
    """A Packer template (legacy JSON `builders`, or HCL2 in JSON syntax
    with `source`) with a builder that registers an image."""
    return any(True for _ in _builders(document))


def is_any_template(document: Node) -> bool:
    """A legacy JSON Packer template whatever its builders, or one builder
    shown alone (`{"type": "amazon-chroot", "ami_name": …}`, as documentation does)."""
    if not isinstance(document, Mapping):
        return False
    if _is_builder(document):
        return True
    builders = document.get("builders")
    return isinstance(builders, Sequence) and any(
        isinstance(b, Mapping) and isinstance(b.get("type"), Scalar) for b in builders.items
    )


def _is_builder(document: Mapping) -> bool:
    """A builder object: a string `type` and an `ami_…` option."""
    kind = document.get("type")
    return text_of(kind) is not None and any(entry.name.startswith("ami_") for entry in document.entries)


def _builders(document: Node) -> Iterator[tuple[str, str, Mapping, Span]]:
    """Each builder of ours: its type, a key naming it, its body and the span
    of what names it (the `type` value, or the source's name key)."""
    if not isinstance(document, Mapping):
        return
    builders = document.get("builders")
    if _is_builder(document):
        builders = Sequence(document.source, document.span, (document,))
    if isinstance(builders, Sequence):
        for index, body in enumerate(builders.items):
            if not isinstance(body, Mapping):
                continue
            kind = body.get("type")
            if isinstance(kind, Scalar) and kind.value in BUILDERS:
                name = body.get("name")
                label = name.value if isinstance(name, Scalar) and isinstance(name.value, str) else index
                yield str(kind.value), f"builder {label}", body, kind.span
    sources = document.get("source")
    # HCL2 in JSON syntax: `"source": {"amazon-chroot": {"name": {…}}}`, or a list of such objects.
    for part in sources.items if isinstance(sources, Sequence) else [sources]:
        if not isinstance(part, Mapping):
            continue
        for kind_entry in part.entries:
            if kind_entry.name not in BUILDERS:
                continue
            labels = kind_entry.value
            for labelled in labels.items if isinstance(labels, Sequence) else [labels]:
                if not isinstance(labelled, Mapping):
                    continue
                for entry in labelled.entries:
                    for body in entry.value.items if isinstance(entry.value, Sequence) else [entry.value]:
                        if isinstance(body, Mapping):
                            yield (
                                kind_entry.name,
                                f"source {kind_entry.name}.{entry.name}",
                                body,
                                entry.key.span,
                            )


class PackerFrontEnd(FrontEnd):
    name = "packer"
    kind = "Packer"
    suffixes = (".pkr.json", ".pkr.hcl")
    vocabulary: Vocabulary = VOCABULARY

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        if source.path.lower().endswith(".hcl"):
            return self.extract_hcl(source)
        from ami_lint.readers.json_reader import read_json

        return self.from_json(source, read_json(source))

    def extract_hcl(self, source: Source) -> Extraction:
        """The `source` blocks of an HCL2 template (`ami_lint.frontends.hcl`)."""
        if not any(builder in source.text for builder in BUILDERS):
            return Extraction(skipped=SKIP_NO_BUILDER)
        from ami_lint.frontends.hcl import parse_hcl

        parsed = parse_hcl(source, only=("source", "build"))
        overrides = _build_overrides(source, parsed.body.blocks_of("build"))
        found: list[Found] = []
        notes: list[str] = []
        for block in parsed.body.blocks_of("source"):
            labels = block.label_values
            if len(labels) != 2 or labels[0] not in BUILDERS:
                continue
            kind, name = labels
            body = _hcl_mapping(source, block.body, block.span)
            extra = overrides.get(f"{kind}.{name}")
            if extra:
                # `build { source "amazon-instance.x" { ami_name = … } }` sets options of the source.
                body = Mapping(body.source, body.span, body.entries + tuple(extra))
            key = f"source {kind}.{name}"
            create = body.get("use_create_image")
            if kind == EBSSURROGATE and create is not None and holds(as_bool(create), True):
                notes.append(f"not checked: {key} calls CreateImage (`use_create_image`), not RegisterImage")
                continue
            request = request_of(kind, key, body, block.head)
            if block.unclosed:
                request.cut = block.span.end
            if _elided(source, block.span):
                request.request = replace(request.request, open_ended=True)
            found.append(request)
        if not found:
            return Extraction(
                comments=parsed.comments, notes=notes, skipped=notes[0] if notes else SKIP_NO_BUILDER
            )
        problems = [
            Finding(rule_ids.HCL_SYNTAX_ERROR, source, problem.span, problem.message, _SYNTAX_HINT)
            for problem in parsed.problems
        ]
        return Extraction(found, problems, parsed.comments, notes)

    def comments(self, source: Source) -> list[Comment]:
        if SUPPRESSION_MARKER not in source.text or not source.path.lower().endswith(".hcl"):
            return []
        from ami_lint.frontends.hcl import parse_hcl

        return parse_hcl(source, only=()).comments

    def from_json(self, source: Source, result: ReadResult) -> Extraction:
        """The requests of a JSON template already read (the JSON front end
        hands on a `.json` file that is a Packer template)."""
        if result.failed:
            if not any(builder in source.text for builder in BUILDERS):
                return Extraction(skipped=SKIPPED + "does not parse")
            return Extraction(findings=list(result.findings))
        document = result.documents[0] if result.documents else None
        if document is None:
            return Extraction(skipped=SKIP_NO_BUILDER)
        return _extraction(document, result.findings)


def _build_overrides(source: Source, builds: list[HclBlock]) -> dict[str, list[Entry]]:
    """The options a `build` block's `source "type.name" { … }` sets, by
    `type.name` (`sources.` or `source.` before it is Packer's own prefix)."""
    found: dict[str, list[Entry]] = {}
    for build in builds:
        for block in build.body.blocks_of("source"):
            if len(block.labels) != 1:
                continue
            label = block.label_values[0].removeprefix("sources.").removeprefix("source.")
            entries = _hcl_mapping(source, block.body, block.span).entries
            found.setdefault(label, []).extend(e for e in entries if e.name != "name")
    return found


def _elided(source: Source, span: Span) -> bool:
    """A block shown in documentation with options left out: a comment or a
    line that is only a placeholder (`// ... other builder options`, which
    the Markdown front end marks)."""
    if PLACEHOLDER not in source.text[span.start : span.end]:
        return False
    for line in source.text[span.start : span.end].splitlines():
        text = line.strip()
        if PLACEHOLDER in text and (text.startswith(("//", "#", "/*")) or not text.strip(PLACEHOLDER)):
            return True
    return False


def _hcl_mapping(source: Source, body: HclBody, span: Span) -> Mapping:
    """An HCL body in the shape of a JSON builder: attributes as entries,
    blocks of one kind as a list of objects (`ami_block_device_mappings`
    written three times), a `dynamic` block as an unknown item of its list."""
    entries = [Entry(attribute.key, attribute.value) for attribute in body.attributes]
    grouped: dict[str, tuple[Scalar, list[Node]]] = {}
    for block in body.blocks:
        item: Node
        if block.kind == "dynamic" and block.labels:
            label = block.labels[0]
            kind, key, item = (
                str(label.value),
                Scalar(source, label.span, str(label.value)),
                Unknown(source, block.span, "dynamic"),
            )
        else:
            kind, key, item = block.kind, block.type, _hcl_mapping(source, block.body, block.span)
        grouped.setdefault(kind, (key, []))[1].append(item)
    for kind, (key, items) in grouped.items():
        value: Node = (
            items[0]
            if len(items) == 1 and kind == "ami_root_device"
            else Sequence(source, Span(items[0].span.start, items[-1].span.end), tuple(items))
        )
        entries.append(Entry(key, value))
    return Mapping(source, span, tuple(entries))


def _extraction(document: Node, findings: list[Finding]) -> Extraction:
    """The requests of a template's builders; of the reader's `findings`,
    those inside one of them (a duplicate key elsewhere is not ours)."""
    found: list[Found] = []
    notes: list[str] = []
    spans: list[Span] = []
    for kind, key, body, at in _builders(document):
        create = body.get("use_create_image")
        if kind == EBSSURROGATE and create is not None and holds(as_bool(create), True):
            notes.append(f"not checked: {key} calls CreateImage (`use_create_image`), not RegisterImage")
            continue
        found.append(request_of(kind, key, body, at, json=True))
        spans.append(body.span)
    if not found:
        return Extraction(notes=notes, skipped=notes[0] if notes else SKIP_NO_BUILDER)
    kept = [f for f in findings if any(s.start <= f.span.start < s.end for s in spans)]
    return Extraction(found, kept, notes=notes)


PACKER_FRONT = PackerFrontEnd()

_SYNTAX_HINT = "Fix the syntax: `packer validate` shows the same error"
