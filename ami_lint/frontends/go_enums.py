"""The Go SDKs' names for the enum values of RegisterImage.

Both AWS SDKs for Go generate one constant per enum value, named after the
model's shape and the value: `ec2.ArchitectureValuesX8664` (aws-sdk-go v1,
package `ec2`) and `types.ArchitectureValuesX8664` (aws-sdk-go-v2, package
`ec2/types`) both stand for `x86_64`. The rule, as aws-sdk-go writes it
(`private/model/api/shape.go`, `Shape.EnumName`): drop the characters
other than letters, digits and `_ : . / -`, break the value into words at
those separators and where a lower-case letter meets an upper-case one,
then write each word lower-case with its first letter upper-case, and put
the shape's name in front. aws-sdk-go-v2's generator (smithy-go,
`EnumGenerator.java`) splits at the same places and gives the same names:
`BootModeValuesUefiPreferred`, `TpmSupportValuesV20`, `ResourceTypeIpv4poolEc2`.
tests/test_golang.py checks the rule on every enum value of the model.

A field of RegisterImage takes the constants of its own shape, and of the
EC2 shapes that hold the same values and that code uses for it
(`ArchitectureType`, `VirtualizationType`).
"""

from __future__ import annotations

# The shapes whose constants each enum member of the request takes, by member name.
SHAPES: dict[str, tuple[str, ...]] = {
    "Architecture": ("ArchitectureValues", "ArchitectureType"),
    "BootMode": ("BootModeValues", "BootModeType"),
    "TpmSupport": ("TpmSupportValues",),
    "ImdsSupport": ("ImdsSupportValues",),
    "VirtualizationType": ("VirtualizationType",),
    "VolumeType": ("VolumeType",),
    "ResourceType": ("ResourceType",),
}

_KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:./-")
_SEPARATORS = frozenset("_:./-")


def enum_name(value: str) -> str:
    """The part of a constant's name that stands for `value`: `x86_64` -> `X8664`."""
    kept = [c for c in value if c in _KEPT]
    words: list[str] = []
    word = ""
    previous = ""
    for c in kept:
        if c in _SEPARATORS:
            if word:
                words.append(word)
            word = ""
        elif previous.islower() and c.isupper():
            words.append(word)
            word = c
        else:
            word += c
        previous = c
    if word:
        words.append(word)
    return "".join(w[:1].upper() + w[1:].lower() for w in words)


def constant_name(shape: str, value: str) -> str:
    """The Go constant of `value` in `shape`: `ArchitectureValuesX8664`."""
    return shape + enum_name(value)


def constant_value(name: str, member: str, values: tuple[str, ...]) -> str | None:
    """The API value of the constant `name` (without its package) given for
    the enum member `member` whose values are `values`; None when it names
    none of them (a value newer than the model, or another shape's)."""
    for shape in SHAPES.get(member, ()):
        if name.startswith(shape):
            for value in values:
                if constant_name(shape, value) == name:
                    return value
    return None
