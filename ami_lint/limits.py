"""The EBS limits table (`ami_lint/data/limits.toml`): one profile per `--limits` choice."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ami_lint.records import field, record

PROFILES = ("current", "legacy")


@record(frozen=True)
class VolumeLimits:
    """The limits of one volume type. None: the type does not take that
    member (no `iops_min`: no `Iops`; no `throughput_min`: no `Throughput`)."""

    size_min: int
    size_max: int
    iops_min: int | None = None
    iops_max: int | None = None
    iops_per_gib: int | None = None
    throughput_min: int | None = None
    throughput_max: int | None = None
    throughput_per_iops: float | None = None
    default_iops: int | None = None

    @property
    def iops_range(self) -> tuple[int, int] | None:
        """`iops_min` to `iops_max`; None when the type takes no `Iops`."""
        if self.iops_min is None or self.iops_max is None:
            return None
        return self.iops_min, self.iops_max

    @property
    def throughput_range(self) -> tuple[int, int] | None:
        """`throughput_min` to `throughput_max`; None when the type takes no `Throughput`."""
        if self.throughput_min is None or self.throughput_max is None:
            return None
        return self.throughput_min, self.throughput_max


@record(frozen=True)
class RateLimits:
    """The range of `VolumeInitializationRate`, in MiB/s."""

    min: int
    max: int


@record(frozen=True)
class Limits:
    """One profile of the table: the limits of each volume type, and of
    `VolumeInitializationRate`. Empty (nothing checked) by default."""

    volume_types: dict[str, VolumeLimits] = field(default_factory=dict)
    volume_initialization_rate: RateLimits | None = None


def limits_path() -> Path:
    import ami_lint.data as package

    return Path(package.__file__).parent / "limits.toml"


def load_limits(profile: str = "current") -> Limits:
    """The limits of one profile. The result is shared between callers: do not mutate it."""
    table = _table()
    if profile not in table:
        valid = ", ".join(f"`{name}`" for name in sorted(table))
        raise ValueError(f"unknown limits profile `{profile}`: valid profiles are {valid}")
    return table[profile]


@lru_cache(maxsize=1)
def _table() -> dict[str, Limits]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    path = limits_path()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        return {name: _profile(profile) for name, profile in data.items()}
    except (TypeError, AttributeError) as exc:  # a key too many or too few, a table that is a value
        raise ValueError(f"{path}: not a table of limits profiles: {exc}") from None


def _profile(data: dict[str, Any]) -> Limits:
    rate = data.get("volume_initialization_rate")
    return Limits(
        volume_types={name: VolumeLimits(**limits) for name, limits in data.get("volume_types", {}).items()},
        volume_initialization_rate=RateLimits(**rate) if rate is not None else None,
    )
