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
other unrelated files are skipped. A file named on the command line (or
stdin) is read leniently: a key whose closest RegisterImage parameter, by the
measure of AMI101's suggestions, is one of the distinctive keys also counts
(`BlockDeviceMapping`, `VirtualisationType`), so that the user who asked for
the file hears about the misspelling. A directory walk stays strict: a
misspelt key there could as well be anything. A document referenced by
`--cli-input-json`/`--cli-input-yaml` is always a request. A file that does
not parse is reported only when its text looks like a request by the same
rule, applied to key-like words in it.
"""

from __future__ import annotations

import functools
import re

from ami_lint.keybytes import DISTINCTIVE, FOLDED_DISTINCTIVE, MEMBERS
from ami_lint.nodes import Mapping, Node


def _key_like(text: str) -> set[str]:
    """The members used as keys in `text`: a quoted JSON key, or a YAML key at
    a line start. `_any_key`'s words, those that are members: what a pattern
    of the members themselves (`"(Architecture|…)"\\s*:|^[ \\t-]*(…)\\s*:`)
    finds, which cost 5M instructions to compile (issue 20; only text that
    does not parse needs either; tests/test_detect.py compares the two)."""
    return {key for m in _any_key().finditer(text) if (key := m.group(1) or m.group(2)) in MEMBERS}


_FOLDED_DISTINCTIVE = FOLDED_DISTINCTIVE


@functools.cache
def _any_key() -> re.Pattern[str]:
    """Any word used as a key, as `_key_like` finds members: for the lenient
    reading of broken text named on the command line."""
    word = r"[A-Za-z][A-Za-z0-9_-]{0,63}"
    return re.compile(rf'"({word})"\s*:|^[ \t-]*({word})\s*:', re.MULTILINE)


# A lenient reading compares at most this many keys with the parameters'
# names (a real request has fewer than twenty): a document of a hundred
# thousand keys costs no more than a real one.
LENIENT_KEYS = 64


def _is_request_keys(keys: set[str], lenient: bool = False) -> bool:
    if keys & DISTINCTIVE or len(keys & MEMBERS) >= 2:
        return True
    if any(re.sub(r"[^a-z]", "", k.lower()) in _FOLDED_DISTINCTIVE for k in keys):
        return True
    return lenient and any(_misspelt_distinctive(k) for k in sorted(keys)[:LENIENT_KEYS])


# How close a misspelt key must be to a distinctive one. AMI101 suggests a
# name from 0.6 on (difflib's ratio of the names in lower case without
# punctuation), which is right for a hint in a file already known to be a
# request but would take Kubernetes' `metadata` and `data` for `UefiData`, or
# `UserData` for `UefiData`: detection asks for the same measure at 0.85
# (`BlockDeviceMapping` 0.97, `VirtualisationType` 0.94; not a mapping's own
# `DeviceName`, 0.83 from `RootDeviceName`) and a key of at least eight
# letters (not `kernel` nor `ramdisk`).
CLOSE = 0.85
MIN_LETTERS = 8


def _misspelt_distinctive(key: str) -> bool:
    """`key` is a close misspelling of a distinctive key, the one AMI101 would
    suggest for it."""
    from ami_lint.suggest import suggest

    meant = suggest(key, _MEMBER_LIST)
    if meant not in DISTINCTIVE:
        return False
    import difflib

    word, target = _folded(key), _folded(meant)
    return len(word) >= MIN_LETTERS and difflib.SequenceMatcher(None, word, target).ratio() >= CLOSE


def _folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_MEMBER_LIST = sorted(MEMBERS)


def is_request(document: Node, lenient: bool = False) -> bool:
    """`lenient`: the document was named on the command line (see above)."""
    return isinstance(document, Mapping) and _is_request_keys(set(document.keys()), lenient)


def looks_like_request(text: str, lenient: bool = False) -> bool:
    """For text that does not parse: do its key-like words name a request?"""
    keys = _key_like(text)
    if not lenient or _is_request_keys(keys):
        return _is_request_keys(keys)
    words: set[str] = set()
    for m in _any_key().finditer(text):
        words.add(m.group(1) or m.group(2))
        if len(words) >= LENIENT_KEYS:
            break
    return _is_request_keys(words, lenient=True)
