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
        piece, elided = _as_hcl(source)
        if elided:
            # Lines the page left out (`...`): a block holding one may hold anything.
            return front.extract_elided(piece, resolver, elided)  # type: ignore[attr-defined]
        return front.extract(piece, resolver, lenient)


def _as_hcl(source: Source) -> tuple[Source, list[int]]:
    """The piece with each placeholder the page left outside a string
    (`...` for lines left out, `<root-device>` for a value) written as HCL
    reads it: a comment at the start of a line (`#`), else an unknown
    reference (`_`). One in a string stays there: the string is partly known.
    Each is one character, mapped to all of the placeholder as before. Also
    the offsets of the lines left out: a placeholder alone on its line or in
    a comment (`# ...`)."""
    from ami_lint.cliargs import PLACEHOLDER

    text = source.text
    if PLACEHOLDER not in text:
        return source, []
    from ami_lint.grammars import parser
    from ami_lint.offsets import OffsetMap
    from ami_lint.shell.words import Offsets

    data = Offsets(text).data
    tree = parser("tree_sitter_hcl").parse(data)
    root = tree.root_node
    chars = list(text)
    elided: list[int] = []
    at = text.find(PLACEHOLDER)
    byte, counted = 0, 0  # the UTF-8 length of text[:counted], counted on as `at` grows
    while at >= 0:
        byte += len(text[counted:at].encode("utf-8"))
        counted = at
        node = root.descendant_for_byte_range(byte, byte + len(PLACEHOLDER.encode("utf-8")))
        # In a string or a comment that parse (not one the parser made up around it).
        comment = node is not None and node.type == "comment"
        kept = comment or (
            node is not None
            and node.type == "template_literal"
            and not (node.parent and node.parent.has_error)
        )
        line_start = text.rfind("\n", 0, at) + 1
        alone = not text[line_start:at].strip()
        if comment or (not kept and alone):
            elided.append(at)
        if not kept:
            chars[at] = "#" if alone else "_"
        at = text.find(PLACEHOLDER, at + 1)
    return Source.embedded("".join(chars), source, OffsetMap.linear(0, len(text))), elided


def _front_end(text: str) -> FrontEnd | None:
    """Terraform for a `resource "aws_ami"`; Packer's sources are read by `extract`."""
    if "aws_ami" in text:
        from ami_lint.frontends.terraform import TERRAFORM

        return TERRAFORM
    return None


HCL_FENCE = HclFence()
