"""STO005 ebs-growth-beyond-max: EBS volume projected to grow past its type's maximum size."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.storage._volumes import GIB, LARGEST_GIB, gib, max_gib
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.values import Size
from archlint.registry import RuleContext, rule


TYPES_SOURCE = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"
MODIFY_SOURCE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolume.html"


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
