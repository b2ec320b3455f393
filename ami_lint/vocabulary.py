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
adds a `Vocabulary`, and no rule changes.

A mark is a private-use character, a JSON text and a closing private-use
character. The JSON is ASCII (`ensure_ascii`), so it never holds a mark
character, and it round-trips keys of any text and indexes. `render` takes
any text: a mark that does not decode (a stray mark character in a value the
input wrote) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PathItem = str | int
ApiValue = str | int | float | bool | None

# Not U+E000, which stands for an unknown part of a shell word (`ami_lint.cliargs.PLACEHOLDER`).
MEMBER_OPEN, MEMBER_CLOSE = "\ue010", "\ue011"
VALUE_OPEN, VALUE_CLOSE = "\ue012", "\ue013"

# Compiled (and cached by `re`) when first used: not at start-up.
_MARK = "\ue010([\\x20-\\x7e]*)\ue011|\ue012([\\x20-\\x7e]*)\ue013"


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
_PLAIN = r"[A-Za-z0-9_.:/-]*"


def _json(v: ApiValue) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and re.fullmatch(_PLAIN, v):
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

    def render(self, text: str) -> str:
        """`text` with each mark replaced by its rendering in backticks."""
        if MEMBER_OPEN not in text and VALUE_OPEN not in text:
            return text
        return re.sub(_MARK, self._rendered, text)

    def _rendered(self, match: re.Match[str]) -> str:
        payload = match.group(1)
        if payload is not None:
            items = _decoded(payload)
            if isinstance(items, list) and all(_is_item(i) for i in items):
                return f"`{self.path(items)}`"
            return match.group()
        decoded = _decoded(match.group(2))
        if decoded is None or isinstance(decoded, (str, int, float)):
            return f"`{self.value(decoded)}`"
        return match.group()


def _decoded(payload: str) -> object:
    """The JSON value of a mark, or `_BAD`."""
    import json

    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return _BAD


class _Bad:
    """Not a JSON text."""


_BAD = _Bad()


def _is_item(item: object) -> bool:
    return isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))


API = Vocabulary()
