"""EBS volumes: the size and IOPS each volume type allows, and growth past its maximum.

AWS documents EBS sizes in GiB (2^30 bytes), so archlint compares in GiB: a
volume written as `size = 16TB` (decimal) is 14,901.2 GiB, under the 16,384 GiB
(16 TiB) gp2 maximum. A volume without a `type` is checked only against the
largest size any type allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.registry import RuleContext, rule
from archlint.model.values import Name, Size

TYPES_SOURCE = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"
MODIFY_SOURCE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolume.html"

GIB = 2**30


@dataclass(frozen=True)
class VolumeType:
    """What AWS allows for one EBS volume type: size in GiB, provisioned IOPS (if any)."""

    name: str
    min_gib: int
    max_gib: int
    min_iops: int | None = None
    max_iops: int | None = None


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


@rule(
    id="STO004",
    name="ebs-volume-range",
    title="EBS volume size or IOPS outside what its volume type allows",
    severity="error",
    why="""
        Each EBS volume type has a fixed size range, in GiB, and a fixed range of
        provisioned IOPS: gp3 1-65,536 GiB and 3,000-80,000 IOPS; gp2 1-16,384 GiB;
        io1 4-16,384 GiB and 100-64,000 IOPS; io2 4-65,536 GiB and 100-256,000 IOPS;
        st1 and sc1 125-16,384 GiB. IOPS can be provisioned only on gp3, io1 and io2
        (gp2 performance follows its size; st1 and sc1 are throughput-oriented HDD).
        These are hard limits: AWS rejects a volume outside them. Older notes say gp3
        stops at 16 TiB and 16,000 IOPS; the current documentation says 64 TiB
        (65,536 GiB) and 80,000 IOPS (checked 2026-11). Sizes are compared in GiB as
        AWS documents them: 16TB (decimal) is 14,901.2 GiB.
    """,
    fix="""
        Choose a size and IOPS within the type's range, or a type whose range fits
        (io2 for more than 80,000 IOPS, gp3 or io2 for more than 16,384 GiB); beyond
        65,536 GiB, stripe several volumes or use EFS, FSx or S3.
    """,
    sources=[TYPES_SOURCE],
    failing=[
        """
        app: ec2
        data: ebs { type = gp2, size = 20TiB }
        app -- data
        """,
        """
        app: ec2
        data: ebs { type = gp3, size = 2TiB, iops = 100000 }
        app -- data
        """,
    ],
    passing=[
        """
        app: ec2
        data: ebs { type = gp3, size = 64TiB, iops = 80000 }
        logs: ebs { type = st1, size = 125GiB }
        app -- data
        app -- logs
        """,
    ],
)
def ebs_volume_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for volume in graph.of_kind("ebs"):
        kind = volume_type(volume)
        size = volume.get("size")
        if isinstance(size, Size):
            count = size.bytes / GIB
            if kind is None and count > LARGEST_GIB:
                yield ctx.finding(
                    volume, f"EBS volume '{volume.id}' is {gib(size)}; no EBS volume type goes "
                    f"beyond {LARGEST_GIB:,} GiB (64 TiB)", span=volume.attr_span("size"))
            elif kind is not None and not kind.min_gib <= count <= kind.max_gib:
                yield ctx.finding(
                    volume, f"EBS volume '{volume.id}' is {gib(size)}; a {kind.name} volume is "
                    f"{kind.min_gib:,}-{kind.max_gib:,} GiB", span=volume.attr_span("size"))
        iops = volume.get("iops")
        if kind is None or not isinstance(iops, int) or isinstance(iops, bool):
            continue
        if kind.min_iops is None or kind.max_iops is None:
            yield ctx.finding(
                volume, f"EBS volume '{volume.id}' sets iops = {iops:,}, but IOPS can be "
                f"provisioned only on gp3, io1 and io2 volumes, not {kind.name}",
                span=volume.attr_span("iops"))
        elif not kind.min_iops <= iops <= kind.max_iops:
            yield ctx.finding(
                volume, f"EBS volume '{volume.id}' sets iops = {iops:,}; a {kind.name} volume "
                f"takes {kind.min_iops:,}-{kind.max_iops:,} IOPS", span=volume.attr_span("iops"))


@rule(
    id="STO005",
    name="ebs-growth-beyond-max",
    title="EBS volume projected to grow past its type's maximum size",
    severity="warning",
    why="""
        An EBS volume does not grow by itself: you resize it (Elastic Volumes), it can
        only grow, and after a modification you wait at least 6 hours before the next.
        Its type caps the size (16,384 GiB for gp2, io1, st1, sc1; 65,536 GiB for gp3 and
        io2). A volume whose projected `growth` passes that cap (the classic "3 TB today,
        100 TB in five years") will need a data migration later. Amazon EFS and Amazon
        S3 grow and shrink automatically with no size to manage. Growth that fits a
        larger EBS type is reported with that option. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Store growing data in Amazon EFS (a file system shared across AZs) or Amazon S3
        (objects), which grow automatically; or, if the projected size fits, a gp3 or
        io2 volume (up to 65,536 GiB).
    """,
    sources=[MODIFY_SOURCE, TYPES_SOURCE],
    failing=[
        """
        app: ec2
        data: ebs { type = gp2, size = 3TB, growth = 100TB }
        app -- data
        """,
    ],
    passing=[
        """
        app: ec2
        data: ebs { type = gp3, size = 3TB, growth = 64TiB }
        app -- data
        """,
    ],
)
def ebs_growth_beyond_max(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for volume in graph.of_kind("ebs"):
        growth = volume.get("growth")
        if not isinstance(growth, Size):
            continue
        limit, what = max_gib(volume)
        size = volume.get("size")
        if isinstance(size, Size) and size.bytes / GIB > limit:
            continue  # already too large today: STO004 reports it
        if growth.bytes / GIB <= limit:
            continue
        if growth.bytes / GIB <= LARGEST_GIB:
            fix = ("switch to gp3 or io2 (up to 65,536 GiB), or move the data to EFS or S3, "
                   "which grow automatically")
        else:
            fix = "move the data to EFS or S3, which grow automatically"
        yield ctx.finding(
            volume, f"EBS volume '{volume.id}' is projected to grow to {gib(growth)}, past "
            f"{what} of {limit:,} GiB; EBS volumes are resized by hand and cannot grow "
            "beyond it", span=volume.attr_span("growth"), fix=fix)


RULES = (ebs_volume_range, ebs_growth_beyond_max)
