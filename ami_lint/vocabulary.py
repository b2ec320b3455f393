"""How a message names a member of the request and an API value, in the input's notation.

Rules speak about the request model: `member("BlockDeviceMappings", 0, "Ebs",
"Iops")` stands for a member path in a message, `value(True)` for an API value.
Both are marks in the text: a finding keeps them, and where it becomes a
diagnostic (`ami_lint.engine`) the vocabulary of the front end that read the
input renders each one in its own notation, in backticks. `API` is the
notation of the EC2 API and the AWS CLI (JSON, YAML, shorthand, shell):
`` `BlockDeviceMappings[0].Ebs.Iops` ``, `` `true` ``. A Terraform vocabulary
could say `` `ebs_block_device.iops` ``, a boto3 one
`` `BlockDeviceMappings[0]["Ebs"]["Iops"]` `` and `` `True` ``: a front end
adds a `Vocabulary`, and no rule changes. Fixes too: a rule's edits say
what they do (`ami_lint.edits.Meaning`), and `Vocabulary.write` writes them
in the input's syntax (`virtualization_type` for `VirtualizationType`,
`True` for `true`) or withholds them.

A mark is a private-use character, a JSON text and a closing private-use
character. The JSON is ASCII (`ensure_ascii`), so it never holds a mark
character, and it round-trips keys of any text and indexes. `render` takes
any text: a mark that does not decode (a stray mark character in a value the
input wrote) is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue 20)
if TYPE_CHECKING:
    from ami_lint.edits import Edit
    from ami_lint.source import Source, Span

PathItem = str | int
ApiValue = str | int | float | bool | None

# Not U+E000, which stands for an unknown part of a shell word (`ami_lint.cliargs.PLACEHOLDER`).
MEMBER_OPEN, MEMBER_CLOSE = "\ue010", "\ue011"
VALUE_OPEN, VALUE_CLOSE = "\ue012", "\ue013"


def member(*path: PathItem | Sequence[PathItem]) -> str:
    """The marked member path: `member("BlockDeviceMappings", 0, "Ebs")`, or
    the path as one list or tuple. An empty path is the whole request."""
    items: list[PathItem] = []
    for item in path:
        if isinstance(item, (str, int)):
            items.append(item)
        else:
            items.extend(item)
    return MEMBER_OPEN + "[" + ",".join(_json(item) for item in items) + "]" + MEMBER_CLOSE


def value(v: ApiValue) -> str:
    """The marked API value (a boolean, number, string or null)."""
    return VALUE_OPEN + _json(v) + VALUE_CLOSE


# A name of the API as JSON needs no escape: most marks are made without `json`,
# which a run that finds nothing need not import (some rules mark at import).
_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/-")


def _json(v: ApiValue) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and _PLAIN.issuperset(v):
        return f'"{v}"'
    import json

    return json.dumps(v)


class Vocabulary:
    """How one notation writes member paths and values. This base class is
    the API's: subclasses override `path` and `value`."""

    def path(self, items: Sequence[PathItem]) -> str:
        """`BlockDeviceMappings[0].Ebs.VolumeSize`; `request` for the request itself."""
        if not items:
            return "request"
        text = ""
        for step in items:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
        return text

    def value(self, v: ApiValue) -> str:
        """`true`, `false`, `null`, a number or the string itself."""
        if isinstance(v, bool):
            return "true" if v else "false"
        if v is None:
            return "null"
        return str(v)

    def write(self, source: Source, edit: Edit, within: Span | None) -> Edit | None:
        """A rule's `edit` of `source` written in this notation, or None when
        it cannot be written exactly. Rules write edits in the API's notation
        and say what each one does (`ami_lint.edits.Meaning`): the API's
        vocabulary takes them as they are `written`; a notation of its own
        writes each from its meaning, and a subclass that does not override
        this writes only the edits its front end made in its own syntax
        (`OWN`). `within`: the span of the request's root in `source` (None
        when the edit is in another text), for a notation whose values may
        come from elsewhere (a variable)."""
        if type(self) is Vocabulary:
            return edit if edit.written else None
        from ami_lint.edits import OWN

        return edit if edit.meaning is not None and edit.meaning.kind == OWN else None

    def render(self, text: str) -> str:
        """`text` with each mark replaced by its rendering in backticks (a
        scan rather than a regular expression: compiling one would cost more
        than rendering every message of a run)."""
        if MEMBER_OPEN not in text and VALUE_OPEN not in text:
            return text
        out: list[str] = []
        done = at = 0
        while True:
            member_at, value_at = text.find(MEMBER_OPEN, at), text.find(VALUE_OPEN, at)
            start = min((i for i in (member_at, value_at) if i >= 0), default=-1)
            if start < 0:
                break
            is_member = start == member_at
            end = text.find(MEMBER_CLOSE if is_member else VALUE_CLOSE, start + 1)
            rendered = self._mark(is_member, text[start + 1 : end]) if end >= 0 else None
            if rendered is None:  # not a mark: left as written
                at = start + 1
                continue
            out.append(text[done:start])
            out.append(rendered)
            done = at = end + 1
        out.append(text[done:])
        return "".join(out)

    def _mark(self, is_member: bool, payload: str) -> str | None:
        """A mark's rendering, or None when it is not a mark. The API's are
        remembered: the same few marks are in most messages of a run."""
        if type(self) is not Vocabulary:
            return self._rendered(is_member, payload) if _printable(payload) else None
        key = (is_member, payload)
        rendered = _API_MARKS.get(key, _BAD)
        if rendered is _BAD:
            rendered = self._rendered(is_member, payload) if _printable(payload) else None
            if len(_API_MARKS) >= _MARKS_KEPT:
                _API_MARKS.clear()
            _API_MARKS[key] = rendered
        return rendered  # type: ignore[return-value]

    def _rendered(self, is_member: bool, payload: str) -> str | None:
        decoded = _decoded(payload)
        if is_member:
            if isinstance(decoded, list) and all(_is_item(i) for i in decoded):
                return f"`{self.path(decoded)}`"
            return None
        if decoded is None or isinstance(decoded, (str, int, float)):
            return f"`{self.value(decoded)}`"
        return None


def _printable(payload: str) -> bool:
    """Only printable ASCII, as `_json` writes a mark."""
    return all(" " <= c <= "~" for c in payload)


def _decoded(payload: str) -> object:
    """The JSON value of a mark, or `_BAD`. The forms `_json` and
    `json.dumps` write for booleans, integers, plain strings and lists of
    them are read here as json.loads reads them, without importing json
    (start-up, issue 20); anything else is read by json."""
    if payload[:1] == "[" and payload[-1:] == "]":
        items = [_simple(item) for item in payload[1:-1].split(", ")] if payload != "[]" else []
        if _BAD not in items:
            return items
    else:
        value = _simple(payload)
        if value is not _BAD:
            return value
    import json

    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return _BAD


def _simple(payload: str) -> object:
    """A boolean, an integer or a plain string as JSON writes it, else `_BAD`."""
    if payload in ("true", "false"):
        return payload == "true"
    if len(payload) >= 2 and payload[0] == payload[-1] == '"' and _PLAIN.issuperset(payload[1:-1]):
        return payload[1:-1]
    if payload[:1].isdigit() or payload[:1] == "-":
        try:
            if str(int(payload)) == payload:
                return int(payload)
        except ValueError:
            pass
    return _BAD


class _Bad:
    """Not a JSON text."""


_BAD = _Bad()


def _is_item(item: object) -> bool:
    return isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))


API = Vocabulary()
# The API's rendering of each mark met (`Vocabulary._mark`), at most so many.
_API_MARKS: dict[tuple[bool, str], str | _Bad | None] = {}
_MARKS_KEPT = 4096
