"""EBS volume types: the size and IOPS each allows (STO004, STO005).

AWS documents EBS sizes in GiB (2^30 bytes), so archlint compares in GiB: a
volume written as `size = 16TB` (decimal) is 14,901.2 GiB, under the 16,384 GiB
(16 TiB) gp2 maximum. A volume without a `type` is checked only against the
largest size any type allows.
"""

from __future__ import annotations

from archlint.model.graph import Element
from archlint.model.record import Record, assign
from archlint.model.values import Name, Size


GIB = 2**30


class VolumeType(Record, frozen=True):
    """What AWS allows for one EBS volume type: size in GiB, provisioned IOPS (if any)."""

    __slots__ = ("name", "min_gib", "max_gib", "min_iops", "max_iops")
    name: str
    min_gib: int
    max_gib: int
    min_iops: int | None
    max_iops: int | None

    def __init__(self, name: str, min_gib: int, max_gib: int, min_iops: int | None = None,
                 max_iops: int | None = None) -> None:
        assign(self, "name", name)
        assign(self, "min_gib", min_gib)
        assign(self, "max_gib", max_gib)
        assign(self, "min_iops", min_iops)
        assign(self, "max_iops", max_iops)


VOLUME_TYPES: dict[str, VolumeType] = {
    t.name: t
    for t in (
        VolumeType("gp3", 1, 65_536, 3_000, 80_000),
        VolumeType("gp2", 1, 16_384),
        VolumeType("io1", 4, 16_384, 100, 64_000),
        VolumeType("io2", 4, 65_536, 100, 256_000),
        VolumeType("st1", 125, 16_384),
        VolumeType("sc1", 125, 16_384),
    )
}
LARGEST_GIB = max(t.max_gib for t in VOLUME_TYPES.values())   # 65,536 GiB (64 TiB)


def volume_type(volume: Element) -> VolumeType | None:
    value = volume.get("type")
    name = value.value if isinstance(value, Name) else value if isinstance(value, str) else None
    return VOLUME_TYPES.get(name.lower()) if name else None


def gib(size: Size) -> str:
    """`3TB` -> '3TB (2,794 GiB)'; whole GiB shown without decimals."""
    count = size.bytes / GIB
    shown = f"{count:,.0f}" if count == int(count) or count >= 100 else f"{count:,.2f}"
    return f"{size} ({shown} GiB)"


def max_gib(volume: Element) -> tuple[int, str]:
    """The largest size this volume may have, and what imposes it."""
    kind = volume_type(volume)
    if kind is None:
        return LARGEST_GIB, "the largest any EBS volume type allows"
    return kind.max_gib, f"the {kind.name} maximum"
