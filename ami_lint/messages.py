"""Messages that more than one module builds: one text, one place.

AMI101 (unknown parameter) is found by the schema check for a key and by the
command line for an option; both say it the same way here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ami_lint.vocabulary import PathItem, member


def unknown_parameter(
    key: str, path: Sequence[PathItem], guess: str | None, allowed: Sequence[str]
) -> tuple[str, str]:
    """AMI101's message and hint for a `key` that the object at `path` does
    not have: `guess` is the known key it probably meant, else `allowed` are listed."""
    where = f" in {member(path)}" if path else ""
    listing = ", ".join(member(name) for name in allowed)
    return _unknown(
        "parameter", member(key), where, member(guess) if guess else None, f"Valid parameters here: {listing}"
    )


def unknown_option(option: str, guess: str | None) -> tuple[str, str]:
    """AMI101's message and hint for an `--option` that register-image does not have."""
    return _unknown(
        "option",
        f"`{option}`",
        " for `aws ec2 register-image`",
        f"`{guess}`" if guess else None,
        "See `aws ec2 register-image help` for the options",
    )


def _unknown(what: str, name: str, where: str, guess: str | None, otherwise: str) -> tuple[str, str]:
    return f"Unknown {what} {name}{where}", f"Did you mean {guess}?" if guess else otherwise
