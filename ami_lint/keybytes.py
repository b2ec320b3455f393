"""The members of a request that tell a JSON or YAML document is one, and
the byte search a walk runs before reading such a file (`names_no_member`).

Apart from `ami_lint.detect`, which reads documents with patterns: a walk
searches every JSON and YAML file it meets, and this needs neither `re` nor
the node tree (importing them is ~2 ms a run that a walk over a tree spent
before anything else could start: issue 20)."""

from __future__ import annotations

DISTINCTIVE = frozenset(
    {
        "BlockDeviceMappings",
        "RootDeviceName",
        "ImageLocation",
        "VirtualizationType",
        "SriovNetSupport",
        "EnaSupport",
        "BootMode",
        "TpmSupport",
        "UefiData",
        "ImdsSupport",
        "KernelId",
        "RamdiskId",
        "BillingProducts",
    }
)
COMMON = frozenset({"Name", "Description", "Architecture", "DryRun", "TagSpecifications"})
MEMBERS = DISTINCTIVE | COMMON


def folded(key: str) -> str:
    """`key` in lower case with every character but a-z left out."""
    return "".join(c for c in key.lower() if "a" <= c <= "z")


# The distinctive members as `folded` writes them.
FOLDED_DISTINCTIVE = frozenset(folded(k) for k in DISTINCTIVE)

# What `names_no_member` searches the bytes of a document for.
_COMMON_BYTES = tuple(name.encode() for name in sorted(COMMON))
_FOLDED_BYTES = tuple(name.encode() for name in sorted(FOLDED_DISTINCTIVE))
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_NOT_LETTERS = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def names_no_member(data: bytes) -> bool:
    """Whether the bytes of a JSON or YAML text show, without parsing it, that
    none of its documents is a request by the strict rule (a walked file),
    whether it parses or not: no key it could hold folds to a distinctive
    key (`ami_lint.detect`: letters in any case, other characters left
    out), and fewer than two common keys are written in it. False when it
    cannot tell: a text that is not ASCII (case folding) or holds a
    backslash (an escape may write a key's letters)."""
    # `find`, not `in`: `bytes in bytes` first tries the needle as an integer,
    # a formatted TypeError each time (about 1,800 instructions; issue 20).
    find = data.find
    if not data.isascii() or find(b"\\") >= 0:
        return False
    common = 0
    for name in _COMMON_BYTES:  # two are enough: a request names many
        if find(name) >= 0:
            common += 1
            if common == 2:
                return False
    folded_data = data.translate(_LOWER, _NOT_LETTERS)
    for name in _FOLDED_BYTES:  # noqa: SIM110  # a loop, not `any` over a generator
        if folded_data.find(name) >= 0:
            return False
    return True
