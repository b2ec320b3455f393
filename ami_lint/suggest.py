"""The known name a misspelt one probably meant (`Iopz` -> `Iops`)."""

from __future__ import annotations

import re
from functools import lru_cache


def normalise(word: str) -> str:
    """`word` in lower case without punctuation: `legacy_bios` is `legacy-bios`."""
    return re.sub(r"[^a-z0-9]", "", word.lower())


def suggest(word: str, choices: list[str]) -> str | None:
    """The choice `word` is, but for case and punctuation, else the closest
    one (difflib's ratio at least 0.6), else None."""
    return _suggest(word, tuple(choices))


# difflib costs more than validating a whole request, and a tree of files
# tends to repeat the same misspelt keys and values.
@lru_cache(maxsize=1024)
def _suggest(word: str, choices: tuple[str, ...]) -> str | None:
    folded = {normalise(c): c for c in choices}
    if normalise(word) in folded:
        return folded[normalise(word)]
    import difflib  # only for a suggestion: not at start-up

    close = difflib.get_close_matches(normalise(word), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None
