"""## What it does
Reports an `ImageLocation` that is not of the form `bucket/path/….manifest.xml`,
at the value: an `s3://` or `https://` URL, or a path that does not end in
`.manifest.xml`.

## Why is this bad?
`ImageLocation` is "the full path to your AMI manifest in Amazon S3 storage",
written as the bucket name followed by the key of the bundle's manifest
(`my-s3-bucket/myimage/image.manifest.xml` in the reference page's example).
A URL or the path of an image file instead of its manifest is not found.
A request sent to an `--endpoint-url` outside AWS (a Snow device, an emulator
that registers container images) is not checked: its EC2 reads locations of
its own.

## Example
```json
{"Name": "my-image", "ImageLocation": "s3://my-s3-bucket/myimage/image.manifest.xml"}
```

## Use instead
```json
{"Name": "my-image", "ImageLocation": "my-s3-bucket/myimage/image.manifest.xml"}
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ami_lint.diagnostics import Finding, Severity
from ami_lint.ebs import is_snow_request
from ami_lint.model import Request
from ami_lint.nodes import Scalar
from ami_lint.rule import Context, Rule
from ami_lint.vocabulary import member

SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*://"  # compiled (and cached by `re`) when first used
SUFFIX = ".manifest.xml"


class ImageLocationFormat(Rule):
    id = "AMI317"
    name = "image-location-format"
    summary = "`ImageLocation` is not `bucket/path/….manifest.xml`"
    severity = Severity.WARNING
    references = (
        ("RegisterImage", "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html"),
        (
            "Create an instance store-backed AMI",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-instance-store.html",
        ),
    )

    needs = ("ImageLocation",)

    def check(self, request: Request, ctx: Context) -> Iterable[Finding]:
        if is_snow_request(request):
            return  # a device's or an emulator's EC2 takes its own kind of location
        node = request.get("ImageLocation")
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            return
        value = node.value
        import re  # here: few requests have `ImageLocation` (start-up, issue 20)

        scheme = re.match(SCHEME, value)
        if scheme:
            prefix = scheme.group(0)
            yield self.report(
                node,
                f"{member('ImageLocation')} is `{value}`, an `{prefix}` "
                "URL, but needs `bucket/path/….manifest.xml`",
                f"Drop `{prefix}` and keep the bucket name and the manifest's key",
            )
        elif not value.endswith(SUFFIX) or "/" not in value:
            yield self.report(
                node,
                f"{member('ImageLocation')} is `{value}` but needs `bucket/path/….manifest.xml`",
                f"Point {member('ImageLocation')} at the bundle's "
                "`.manifest.xml` file, after the bucket name",
            )


RULE = ImageLocationFormat()
