"""Fixes written in SDK code: boto3 (Python), aws-sdk-go (Go), the AWS SDK
for JavaScript (JavaScript, TypeScript).

The SDKs name members as the API does (a boto3 keyword or dict key, a Go
field, a JavaScript property), so a rule's edit is written from what it does
(`ami_lint.edits.Meaning`), or withheld. A value is changed, and an entry
removed or added, only inside the request's root as written (`within`: a
value from a variable defined elsewhere is left alone, its other uses may
need it as it is); a key is renamed wherever the request is built, when
it is written as a key there (`params["kernel_id"] = …` too, never a
string a variable holds).

- a key renamed (AMI101): the API's name, written where the key's name is
  written as it reads (an identifier, or a plain string key);
- a string value's characters (AMI104): only inside a quoted literal written
  as it reads (a Go enum constant, an f-string's or template's part, a
  concatenation are never changed);
- a quoted `"true"` or `"8"` made a boolean or a number (AMI103): `True`,
  `true`, `8`; never in Go, whose fields take a typed value;
- an entry removed (AMI216): with one `,` (a dict, keyword arguments, an
  object, the same separator as JSON), only when nothing but blanks and
  that comma stands beside it; in Go, an element of a composite literal
  alone on its line (`Encrypted: aws.Bool(true),`), with its line;
- an entry added before the first one (AMI316): `ImdsSupport="v2.0"` as a
  keyword, `"ImdsSupport": "v2.0"` in a dict, `ImdsSupport: "v2.0"` in an
  object, on a line of its own when the first entry begins its line;
  never in Go (the field's type, `*string` or an enum, depends on the SDK).
"""

from __future__ import annotations

from ami_lint.edits import INSERT, LITERAL, OWN, REMOVE, RENAME, TEXT, Edit, newline_of
from ami_lint.source import Source, Span

PYTHON, GO, JAVASCRIPT = "python", "go", "javascript"

_QUOTES = {PYTHON: "\"'", GO: '"`', JAVASCRIPT: "\"'`"}
_NAME = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_BLANK = frozenset(" \t")


def write(language: str, source: Source, edit: Edit, within: Span | None) -> Edit | None:
    """`edit` written in `language`, or None when it cannot be written exactly."""
    meaning = edit.meaning
    if meaning is None or within is None:
        return None
    kind = meaning.kind
    # A value or an entry outside the request's root may serve other uses; a
    # key outside it is renamed where the request is built, as a key.
    inside = within.start <= edit.span.start <= edit.span.end <= within.end
    if not inside and (kind != RENAME or not _written_as_key(source.text, edit.span)):
        return None
    if kind == OWN:
        return edit
    if kind == RENAME:
        name = meaning.name
        return edit if edit.written and name and _NAME.issuperset(name) and not name[0].isdigit() else None
    if kind == TEXT:
        quote = source.text[edit.span.start - 1 : edit.span.start]
        closing = source.text[edit.span.end : edit.span.end + 1]
        return edit if edit.written and quote and quote in _QUOTES[language] and closing == quote else None
    if kind == LITERAL:
        return _literal(language, source, edit)
    if kind == REMOVE and language == GO and meaning.at is not None:
        return _remove_go_line(source, meaning.at, edit.span)
    if kind == REMOVE:
        return edit if edit.written else None
    if kind == INSERT and meaning.at is not None and isinstance(meaning.value, str) and language != GO:
        return _insert(language, source, meaning.at, meaning.name, meaning.value)
    return None


def _written_as_key(text: str, span: Span) -> bool:
    """Whether the name at `span` is written as a key (`name:`, `name=`,
    `["name"] =`), not a string a variable holds."""
    after = span.end + 1 if text[span.end : span.end + 1] in ("'", '"') else span.end
    rest = text[after : after + 200].lstrip(" \t")
    if rest.startswith("]"):
        rest = rest[1:].lstrip(" \t")
        return rest.startswith("=") and not rest.startswith("==")
    return rest.startswith(":") or (rest.startswith("=") and not rest.startswith("=="))


def _remove_go_line(source: Source, at: Span, key: Span) -> Edit | None:
    """A Go composite literal's element on a line of its own, `Key: value,`
    (the value maybe in calls, `aws.Bool(true)`, whose `)` follow it), removed
    with its line."""
    text = source.text
    key_end = at.start + len(text[at.start : at.end].split(":", 1)[0])
    head = text[key_end : at.end]
    opens = head.count("(")
    if head.count(")") or "{" in head or not head.startswith(":"):
        return None
    start = text.rfind("\n", 0, at.start) + 1
    end = text.find("\n", at.end)
    if end < 0 or not _BLANK.issuperset(text[start : at.start]):
        return None
    tail = text[at.end : end].removesuffix("\r").rstrip(" \t")
    if tail != ")" * opens + ",":
        return None
    return Edit(Span(start, end + 1), "")


def _literal(language: str, source: Source, edit: Edit) -> Edit | None:
    """A quoted boolean or whole number, all of the value, written bare."""
    value = edit.meaning.value if edit.meaning is not None else None
    raw = source.slice(edit.span)
    if language == GO or not edit.written or len(raw) < 2 or raw[0] not in "\"'" or raw[-1] != raw[0]:
        return None
    if isinstance(value, bool):
        text = ("True" if value else "False") if language == PYTHON else ("true" if value else "false")
        return Edit(edit.span, text)
    if isinstance(value, int):
        return Edit(edit.span, str(value))
    return None


def _insert(language: str, source: Source, at: Span, key: str, value: str) -> Edit | None:
    """`key` with the string `value` before the first key, written at `at`:
    a keyword argument (Python, a bare name), a dict or object entry."""
    text = source.text
    raw = source.slice(at)
    if not raw or not _NAME.issuperset(key):
        return None
    quoted = raw[0] in "\"'" and raw[-1] == raw[0] and len(raw) >= 2 and _NAME.issuperset(raw[1:-1])
    bare = _NAME.issuperset(raw) and not raw[0].isdigit()
    after = text[at.end : at.end + 1]
    if language == PYTHON and bare and after == "=":
        entry = f'{key}="{value}"'
    elif quoted and text[at.end :].lstrip(" \t")[:1] == ":":
        entry = f"{raw[0]}{key}{raw[0]}: {raw[0]}{value}{raw[0]}"
    elif language == JAVASCRIPT and bare and text[at.end :].lstrip(" \t")[:1] == ":":
        entry = f'{key}: "{value}"'
    else:
        return None
    start = text.rfind("\n", 0, at.start) + 1
    indent = text[start : at.start]
    if indent and _BLANK.issuperset(indent):
        return Edit(at, f"{entry},{newline_of(source, at.end)}{indent}{raw}")
    before = text[: at.start].rstrip(" \t")
    if not before.endswith(("(", "{", ",")):
        return None
    return Edit(at, f"{entry}, {raw}")
