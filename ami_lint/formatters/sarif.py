"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run whose driver lists every rule of the registry (id order) with its
documentation, and one result per diagnostic. Locations are URIs relative to
`%SRCROOT%` (the working directory, or `base_dir` when given), so the upload
maps onto the repository; a file outside that root gets an absolute `file://`
URI. Our columns count code points, which the run declares with
`columnKind: unicodeCodePoints`; `endColumn` is exclusive in SARIF as in our
own positions, so no arithmetic is needed.

Each result carries a `partialFingerprints` entry that does not depend on line
numbers (`ami_lint.fingerprints`), so code scanning keeps tracking an alert when
lines are inserted above it, and `--baseline` can reuse the same value.

SARIF viewers render messages and snippets: what comes from the input there
is display text (`ami_lint.printable.printable`), each snippet bounded: a
region's snippet is at most `WINDOW` characters (`…` where cut), and its
context region is its line(s) when they are short, else a window of its line
(with columns) or nothing. URIs are percent-encoded bytes of the path, so a
file name that is not UTF-8 keeps its bytes. The document is written by
`ami_lint.printable.json_safe`: valid UTF-8, no raw control characters.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ami_lint import __version__
from ami_lint.diagnostics import ELLIPSIS, WINDOW, Diagnostic, Severity, bounded, window
from ami_lint.fingerprints import VERSION as FINGERPRINT_KEY
from ami_lint.fingerprints import fingerprints, line_range
from ami_lint.printable import json_safe, printable, printable_lines
from ami_lint.registry import Registry, builtin_registry
from ami_lint.report import Report
from ami_lint.rule import Rule
from ami_lint.ruledocs import REPOSITORY, rule_page
from ami_lint.suppressions import SuppressionWarning

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = REPOSITORY
SRCROOT = "%SRCROOT%"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# The catalog's families (SPEC §4), keyed by the hundreds digit of a built-in id.
FAMILIES = {
    "0": "input",
    "1": "structure",
    "2": "block-device-mappings",
    "3": "image-definition",
    "4": "shell",
}
_BUILTIN_ID = re.compile(r"^AMI([0-9])[0-9]{2}$")
_LINE_BREAK = re.compile(r"(\r?\n)")
# Suppressions that live outside the linted file; every other kind is in the source.
EXTERNAL_SUPPRESSIONS = frozenset({"baseline"})
# Lines of a span given whole as its context region when together this short.
CONTEXT_LINES = 3 * WINDOW


def render(report: Report, registry: Registry, *, base_dir: str | None = None, baseline: bool = False) -> str:
    """The SARIF log of `report`. Relative paths in the report are relative to the
    working directory; with `base_dir`, URIs are made relative to it instead and
    the run says where `%SRCROOT%` is. With `baseline` (a `--baseline` was
    applied), each result says whether it is in it: `baselineState` `unchanged`
    (and suppressed, kind `external`) or `new`.

    Warnings about `# ami-lint:` directives (malformed, unused) are not results:
    no rule of the catalog reports them. They are tool execution notifications
    of the run's invocation, with their location."""
    base = os.path.abspath(base_dir) if base_dir is not None else None
    diagnostics = sorted(report.diagnostics, key=Diagnostic.sort_key)
    rules = _rule_descriptors(registry, diagnostics)
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    prints = fingerprints(diagnostics)
    results = [_result(d, index[d.rule], fp, base) for d, fp in zip(diagnostics, prints, strict=True)]
    if baseline:
        for d, result in zip(diagnostics, results, strict=True):
            result["baselineState"] = "unchanged" if _is_external(d.suppressed) else "new"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ami-lint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
    }
    if base is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": _directory_uri(base)}}
    if report.suppression_warnings:
        notes = [_notification(w, base) for w in sorted(report.suppression_warnings, key=_warning_key)]
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": notes}]
    run["results"] = results
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _rule_descriptors(registry: Registry, diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    rules = [_rule_descriptor(rule) for rule in registry]
    known = {rule["id"] for rule in rules}
    # A diagnostic from a rule this registry does not hold still needs a ruleIndex.
    for rule_id, name in sorted({(d.rule, d.name) for d in diagnostics if d.rule not in known}):
        if rule_id in known:
            continue
        rules.append(
            {"id": printable(rule_id), "name": printable(name), "properties": {"tags": _tags(rule_id)}}
        )
        known.add(rule_id)
    return rules


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    # A data rule of a configuration in the linted tree is untrusted text too.
    summary = printable(rule.summary)
    markdown = printable_lines(rule.docs.markdown.strip()) or summary
    what = printable_lines(_plain_text(rule.docs.sections.get("What it does", ""))) or summary
    configuration: dict[str, Any] = {"level": LEVELS[rule.severity]}
    if not rule.default_enabled:
        configuration["enabled"] = False
    descriptor: dict[str, Any] = {
        "id": printable(rule.id),
        "name": printable(rule.name),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": what},
        "help": {"text": markdown, "markdown": markdown},
    }
    help_uri = _help_uri(rule)
    if help_uri:
        descriptor["helpUri"] = help_uri
    descriptor["defaultConfiguration"] = configuration
    descriptor["properties"] = {"tags": _tags(rule.id)}
    return descriptor


def _help_uri(rule: Rule) -> str | None:
    """A built-in rule's own page (docs/rules/AMI###.md); a third-party
    rule's reference, if it has one (we host no page for it)."""
    if builtin_registry().get(rule.id) is rule:
        return rule_page(rule.id)
    return rule.help_uri


def _tags(rule_id: str) -> list[str]:
    match = _BUILTIN_ID.match(rule_id)
    family = FAMILIES.get(match.group(1)) if match else None
    return ["ami-lint", family] if family else ["ami-lint"]


_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9]+\.)\s+")


def _plain_text(markdown: str) -> str:
    """Markdown prose as plain text: paragraphs reflowed, list items kept one a line,
    code blocks kept verbatim, links, emphasis and backticks removed."""
    blocks: list[str] = []
    pos = 0
    for fence in _FENCE.finditer(markdown):
        blocks.extend(_prose(markdown[pos : fence.start()]))
        blocks.append(fence.group(1).rstrip("\n"))
        pos = fence.end()
    blocks.extend(_prose(markdown[pos:]))
    return "\n\n".join(block for block in blocks if block)


def _prose(text: str) -> list[str]:
    text = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", text)).replace("`", "")
    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if not line.strip():
                continue
            if _LIST_ITEM.match(line) or not lines:
                lines.append(" ".join(line.split()))
            else:
                lines[-1] += " " + " ".join(line.split())
        paragraphs.append("\n".join(lines))
    return paragraphs


def _result(d: Diagnostic, rule_index: int, fingerprint: str, base: str | None) -> dict[str, Any]:
    text = printable(d.message)
    if d.hint:
        text += (" " if text.endswith((".", "!", "?")) else ". ") + f"Hint: {printable(d.hint)}"
    result: dict[str, Any] = {
        "ruleId": printable(d.rule),
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical_location(d, base)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if d.fix is not None:
        result["fixes"] = [_fix(d, base)]
    suppression = _suppression(getattr(d, "suppressed", None))
    if suppression is not None:
        result["suppressions"] = [suppression]
    return result


def _fix(d: Diagnostic, base: str | None) -> dict[str, Any]:
    """A finding's fix as SARIF's `fix`: one artifact change, a replacement
    per edit (its deleted region in the finding's coordinates, and the text
    inserted). Unsafe fixes say so in their description."""
    assert d.fix is not None
    replacements = []
    for edit in d.fix.edits:
        start, end = d.source.position(edit.span.start), d.source.position(edit.span.end)
        region = {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.replacement}})
    title = printable(d.fix.title) + ("" if d.fix.safe else " (unsafe fix)")
    return {
        "description": {"text": title},
        "artifactChanges": [
            {"artifactLocation": _artifact_location(d.path, base), "replacements": replacements}
        ],
    }


def _suppression(suppressed: object) -> dict[str, str] | None:
    if not suppressed:
        return None
    justification = printable(bounded(suppressed)) if isinstance(suppressed, str) else ""
    out = {"kind": "external" if _is_external(suppressed) else "inSource"}
    if justification:
        out["justification"] = justification
    return out


def _is_external(suppressed: object) -> bool:
    if not isinstance(suppressed, str):
        return False
    return suppressed.split(":", 1)[0].strip().lower() in EXTERNAL_SUPPRESSIONS


def _warning_key(w: SuppressionWarning) -> tuple[str, int, str]:
    return w.sort_key()


def _notification(w: SuppressionWarning, base: str | None) -> dict[str, Any]:
    start, end = w.source.position(w.span.start), w.source.position(w.span.end)
    region = {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }
    return {
        "descriptor": {"id": f"{w.kind}-suppression"},
        "level": "warning",
        "message": {"text": printable(bounded(w.message))},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact_location(w.path, base), "region": region}}
        ],
    }


def _physical_location(d: Diagnostic, base: str | None) -> dict[str, Any]:
    start, end = d.start, d.end
    region: dict[str, Any] = {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }
    # SARIF's region snippet is the text of the region itself (cut after
    # `WINDOW` characters); the line(s) go in the context region, which must
    # be strictly larger: whole when short, else a window of a single line.
    source, span = d.source, d.span
    long = span.end - span.start > WINDOW
    exact = source.text[span.start : span.start + WINDOW if long else span.end]
    if exact:
        region["snippet"] = {"text": _snippet(exact) + (ELLIPSIS if long else "")}
    location: dict[str, Any] = {"artifactLocation": _artifact_location(d.path, base), "region": region}
    first, last = line_range(d)
    line_start, line_end = source.line_bounds(first)
    if first != last:
        line_end = source.line_bounds(last)[1]
    if line_end - line_start <= CONTEXT_LINES:
        lines = "\n".join(source.line_text(n) for n in range(first, last + 1))
        whole = source.slice(span)  # as short as the lines
        if lines != whole.replace("\r\n", "\n").replace("\r", "\n"):
            context = {"startLine": first, "endLine": last, "snippet": {"text": _snippet(lines)}}
            location["contextRegion"] = context
    elif first == last and not long:
        length = line_end - line_start
        cut_start, cut_end = window(length, start.column - 1, end.column - 1)
        location["contextRegion"] = {
            "startLine": first,
            "startColumn": cut_start + 1,
            "endLine": first,
            "endColumn": cut_end + 1,
            "snippet": {"text": printable(source.text[line_start + cut_start : line_start + cut_end])},
        }
    return location


def _snippet(text: str) -> str:
    """Source text for a viewer: printable, its line breaks kept."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(part if part in ("\n", "\r\n") else printable(part) for part in _LINE_BREAK.split(text))


def _artifact_location(path: str, base: str | None) -> dict[str, str]:
    if base is None:
        if os.path.isabs(path):
            return {"uri": Path(path).as_uri()}
        relative = os.path.normpath(path)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return {"uri": Path(os.path.abspath(path)).as_uri()}
        return {"uri": _relative_uri(relative), "uriBaseId": SRCROOT}
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return {"uri": Path(absolute).as_uri()}
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": _relative_uri(relative), "uriBaseId": SRCROOT}


def _relative_uri(path: str) -> str:
    """A relative URI reference: `/` separators, everything but unreserved
    characters percent-encoded as UTF-8 (so a `:` in the first segment cannot
    read as a scheme)."""
    # The bytes of the name: one that is not UTF-8 keeps them (`%FF`).
    return quote(os.fsencode(path.replace(os.sep, "/")), safe="/")


def _directory_uri(directory: str) -> str:
    uri = Path(directory).as_uri()
    return uri if uri.endswith("/") else uri + "/"
