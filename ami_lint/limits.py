"""The EBS limits table (`rules/_limits.yaml`): one profile per `--limits` choice."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

PROFILES = ("current", "legacy")


def limits_path() -> Path:
    import ami_lint.rules as package

    return Path(package.__file__).parent / "_limits.yaml"


def load_limits(profile: str = "current") -> dict[str, Any]:
    """The limits of one profile. The result is shared between callers: do not mutate it."""
    table = _table()
    if profile not in table:
        valid = ", ".join(f"`{name}`" for name in sorted(table))
        raise ValueError(f"unknown limits profile `{profile}`: valid profiles are {valid}")
    result: dict[str, Any] = table[profile]
    return result


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    from ami_lint import simple_yaml

    text = limits_path().read_text(encoding="utf-8")
    data = simple_yaml.load(text)  # no YAML library to import at start-up
    if data is None:
        try:
            import yaml

            data = yaml.load(text, Loader=yaml.CSafeLoader)
        except (ImportError, AttributeError):  # no C extension here: fall back to ruamel
            from ruamel.yaml import YAML

            data = YAML(typ="safe", pure=True).load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{limits_path()}: the limits table is a mapping of profiles")
    return data
