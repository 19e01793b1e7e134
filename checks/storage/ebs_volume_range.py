"""STO004 ebs-volume-range: EBS volume size or IOPS outside what its volume type allows."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.storage._volumes import GIB, LARGEST_GIB, gib, volume_type
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.values import Size
from archlint.registry import RuleContext, rule


TYPES_SOURCE = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"


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
