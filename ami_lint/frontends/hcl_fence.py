"""HCL shown in a Markdown fence (`hcl`, `terraform`, `tf`): which front end reads it.

A `terraform`/`tf` fence is Terraform; an `hcl` fence may be Terraform or a
Packer template (`source "amazon-ebssurrogate" …`). `HCL_FENCE` picks by
what the piece holds, so that the Markdown front end needs one entry per
info string: the Packer front end is added in `_front_end`.
"""

from __future__ import annotations

from ami_lint.frontend import SKIPPED, Extraction, FrontEnd, Resolver
from ami_lint.frontends.packer import BUILDERS as PACKER_BUILDERS
from ami_lint.source import Source

# A text holding none of these is no HCL request: a Markdown document
# without any of them (nor `register-image`) is not parsed. Packer's
# builders also mark a `json` fence that holds a legacy template.
MARKERS = ("aws_ami", *PACKER_BUILDERS)


class HclFence(FrontEnd):
    name = "hcl-fence"

    def extract(self, source: Source, resolver: Resolver, lenient: bool = False) -> Extraction:
        front = _front_end(source.text)
        if front is None:
            if any(builder in source.text for builder in PACKER_BUILDERS):
                from ami_lint.frontends.packer import PACKER_FRONT

                # The piece is HCL whatever the document's name.
                return PACKER_FRONT.extract_hcl(source)
            return Extraction(skipped=SKIPPED + "no HCL request")
        return front.extract(source, resolver, lenient)


def _front_end(text: str) -> FrontEnd | None:
    """Terraform for a `resource "aws_ami"`; Packer's sources are read by `extract`."""
    if "aws_ami" in text:
        from ami_lint.frontends.terraform import TERRAFORM

        return TERRAFORM
    return None


HCL_FENCE = HclFence()
