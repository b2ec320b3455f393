"""## What it does
Reports a request whose image gets no `Team` tag, or a `Team` tag with an
empty value. The tag must be in a `TagSpecifications` entry whose
`ResourceType` is `image`.

## Why is this bad?
At ACME every image is owned by a team: the monthly clean-up deletes
images nobody owns, and the cost report groups images by this tag.

## Example
```json
{"Name": "web-2024-06-01",
 "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "Owner", "Value": "ana"}]}]}
```

## Use instead
```json
{"Name": "web-2024-06-01",
 "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "Team", "Value": "web"}]}]}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.model import Request, scalar_of
from ami_lint.nodes import Mapping, Node, Sequence, Unknown
from ami_lint.rule import Context, Rule

TAG = "Team"


class TeamTagRequired(Rule):
    id = "ACME001"
    name = "team-tag-required"
    summary = "The image gets no `Team` tag"
    severity = Severity.WARNING
    references = (
        (
            "Tag your Amazon EC2 resources",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html",
        ),
    )

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if request.open_ended:
            return  # `$extra_flags` may hold the tags
        specs = request.get("TagSpecifications")
        if specs is None:
            yield self.report(request.root, f"No `{TAG}` tag: the request tags nothing", _HINT)
            return
        if not isinstance(specs, Sequence):
            return  # unknown, or the wrong type (AMI103 reports that)
        for spec in specs.items:
            if not isinstance(spec, Mapping):
                return
            kind = scalar_of(spec.get("ResourceType"))
            if isinstance(kind, Unknown):
                return
            if kind != "image":
                continue
            tags = spec.get("Tags")
            if not isinstance(tags, Sequence):
                return
            for tag in tags.items:
                if not isinstance(tag, Mapping):
                    return
                key, value = scalar_of(tag.get("Key")), tag.get("Value")
                if isinstance(key, Unknown):
                    return  # it may well be `Team`
                if key == TAG:
                    yield from self._check_value(tag, value)
                    return
        yield self.report(specs, f"No `{TAG}` tag on the image", _HINT)

    def _check_value(self, tag: Mapping, value: Node | None) -> Iterable[Finding]:
        if scalar_of(value) in ("", None):
            at = value if value is not None else tag
            yield self.report(at, f"The `{TAG}` tag has no value", "Name the team that owns the image")


_HINT = f"Tag the image with `{TAG}`, the team that owns it (a `TagSpecifications` entry for `image`)"

RULE = TeamTagRequired()
