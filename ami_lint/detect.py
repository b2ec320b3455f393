"""Which JSON and YAML documents are register-image requests.

The rule, documented in the README: a document is a request when its root is
a mapping and either

* it has at least one key that only RegisterImage uses (`BlockDeviceMappings`,
  `RootDeviceName`, `ImageLocation`, `VirtualizationType`, `SriovNetSupport`,
  `EnaSupport`, `BootMode`, `TpmSupport`, `UefiData`, `ImdsSupport`,
  `KernelId`, `RamdiskId`, `BillingProducts`), also when written in another
  case or as the CLI option (`root-device-name`, `rootDeviceName`), so that
  such a mistake is reported rather than the file skipped, or
* at least two of its keys are RegisterImage parameters (`Name`,
  `Description`, `Architecture`, `DryRun`, `TagSpecifications` and the ones
  above).

The common keys are compared exactly, so `package.json` (`name`, `description`) and
other unrelated files are skipped. A document referenced by
`--cli-input-json`/`--cli-input-yaml` is always a request. A file that does
not parse is reported only when its text looks like a request by the same
rule, applied to key-like words in it.
"""

from __future__ import annotations

import functools
import re

from ami_lint.nodes import Mapping, Node

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


@functools.cache
def _key_like() -> re.Pattern[str]:
    """A member name used as a key: quoted JSON key, or a YAML key at a line
    start. Compiled on first use (a millisecond): only text that does not
    parse needs it."""
    return re.compile(
        r'"(' + "|".join(sorted(MEMBERS)) + r')"\s*:|^[ \t-]*(' + "|".join(sorted(MEMBERS)) + r")\s*:",
        re.MULTILINE,
    )


_FOLDED_DISTINCTIVE = frozenset(re.sub(r"[^a-z]", "", k.lower()) for k in DISTINCTIVE)


def _is_request_keys(keys: set[str]) -> bool:
    if keys & DISTINCTIVE or len(keys & MEMBERS) >= 2:
        return True
    return any(re.sub(r"[^a-z]", "", k.lower()) in _FOLDED_DISTINCTIVE for k in keys)


def is_request(document: Node) -> bool:
    return isinstance(document, Mapping) and _is_request_keys(set(document.keys()))


def looks_like_request(text: str) -> bool:
    """For text that does not parse: do its key-like words name a request?"""
    keys = {m.group(1) or m.group(2) for m in _key_like().finditer(text)}
    return _is_request_keys(keys)
