"""NET003 peering-full-mesh: VPCs fully meshed with peering connections."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.peering import peering_graph
from archlint.model.findings import Finding
from archlint.model.graph import Graph, Group
from archlint.registry import RuleContext, rule


MESH_MINIMUM = 4
MESH_SOURCE = ("https://docs.aws.amazon.com/whitepapers/latest/"
               "building-scalable-secure-multi-vpc-network-infrastructure/vpc-peering.html")


TGW_SOURCE = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html"


@rule(
    id="NET003",
    name="peering-full-mesh",
    title="VPCs fully meshed with peering connections",
    severity="info",
    why="""
        N VPCs peered with each other need N(N-1)/2 connections: 4 VPCs need 6, 10 need
        45, 100 need 4,950 (and each VPC soon reaches its peering quota). Every new VPC
        means a peering, route-table entries and security-group updates in every other
        VPC. From 4 fully meshed VPCs, a Transit Gateway hub is simpler to run and grow.
        archlint reports each group of 4 or more VPCs that are all peered with each
        other and with no VPC outside the group (single copies; counted VPCs are left
        to NET001). Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Attach the VPCs to a Transit Gateway (one attachment each) and use its route
        tables to control which VPCs reach which; keep peering only for a few
        high-traffic pairs, where it has no data-processing charge.
    """,
    sources=[MESH_SOURCE, TGW_SOURCE],
    failing=[
        """
        vpc a { }
        vpc b { }
        vpc c { }
        vpc d { }
        a <-> [b, c, d]
        b <-> [c, d]
        c <-> d
        """,
    ],
    passing=[
        """
        vpc a { }
        vpc b { }
        vpc c { }
        a <-> [b, c]
        b <-> c
        """,
        """
        vpc a { }
        vpc b { }
        vpc c { }
        vpc d { }
        a <-> [b, c, d]
        b <-> c
        c <-> d
        """,
    ],
)
def peering_full_mesh(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    peerings = peering_graph(graph)
    members: dict[str, list[Group]] = {}
    for vpc in graph.of_kind("vpc"):
        if vpc.id in peerings.neighbours:
            members.setdefault(peerings.components.find(vpc.id), []).append(vpc)  # type: ignore[arg-type]
    for vpcs in members.values():
        n = len(vpcs)
        if n < MESH_MINIMUM:
            continue
        complete = all(
            len(peerings.neighbours[v.id]) == n - 1
            and all(copies == 1 for copies in peerings.neighbours[v.id].values())
            for v in vpcs
        )
        if not complete:
            continue
        names = ", ".join(v.id for v in vpcs[:6]) + (", ..." if n > 6 else "")
        yield ctx.finding(
            vpcs[0],
            f"{n} VPCs ({names}) are fully meshed with {n * (n - 1) // 2} peering "
            f"connections; one more VPC would need {n} more",
            fix="attach these VPCs to a Transit Gateway (one attachment each) and control "
                "reachability with its route tables",
        )
