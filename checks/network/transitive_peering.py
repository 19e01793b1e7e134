"""NET002 transitive-peering: Traffic that relies on transitive VPC peering or a peer's gateway."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.peering import Peerings, UnionFind, Vpcs, is_vpc, peering_graph
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.kinds import has_trait
from archlint.registry import RuleContext, rule


PEERING_SOURCE = ("https://docs.aws.amazon.com/whitepapers/latest/"
                  "aws-vpc-connectivity-options/vpc-peering.html")


def _transit_gateways(graph: Graph, where: Vpcs) -> dict[str, set[str]]:
    """VPC id -> transit gateway networks (TGWs joined by TGW peering are one) it reaches."""
    gateways = UnionFind()
    tgw_ids = {e.id for e in graph.of_kind("transitgateway")}
    if not tgw_ids:
        return {}   # two passes over every edge for nothing
    for edge in graph.edges:
        if edge.source in tgw_ids and edge.target in tgw_ids:
            gateways.union(edge.source, edge.target)
    attached: dict[str, set[str]] = {}
    for edge in graph.edges:
        for tgw, other in ((edge.source, edge.target_element), (edge.target, edge.source_element)):
            vpc = where.of(other) if tgw in tgw_ids and other is not None else None
            if vpc is not None:
                attached.setdefault(vpc.id, set()).add(gateways.find(tgw))
    return attached


_NONE: frozenset[str] = frozenset()


def _via(peerings: Peerings, a: str, c: str) -> str:
    """Name a VPC the traffic would have to cross, or describe the chain."""
    shared = set(peerings.neighbours.get(a, {})) & set(peerings.neighbours.get(c, {}))
    if shared:
        return f"through VPC '{min(shared)}'"
    return "over a chain of peered VPCs"


@rule(
    id="NET002",
    name="transitive-peering",
    title="Traffic that relies on transitive VPC peering or a peer's gateway",
    severity="error",
    why="""
        VPC peering is not transitive: with peerings A-B and B-C, A cannot reach C through
        B. Nor can a VPC use a peer's internet gateway, NAT gateway, VPN or Direct Connect
        connection ("edge to edge routing"). These are hard rules of the service.
        archlint reports a traffic edge (`->`, `<-`, `<->`; not `--`) whose ends sit in
        two different VPCs that are not peered with each other but are linked through
        other peerings, and traffic from one VPC to a gateway in a peered VPC. VPCs
        attached to the same Transit Gateway (an edge between the VPC, or something in
        it, and a `transitgateway` node; TGW peering joins gateways) are routed and not
        reported. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Peer the two VPCs directly, or attach them to a Transit Gateway, which routes
        between all its attachments. For egress or on-premises access, give each VPC its
        own gateway or centralise it behind a Transit Gateway.
    """,
    sources=[PEERING_SOURCE],
    failing=[
        """
        vpc a { web: ec2 { count = 2, azs = 2 } }
        vpc b { }
        vpc c { db: rds { multi_az = true } }
        a <-> b
        b <-> c
        web -> db
        """,
        """
        vpc app { worker: ec2 { count = 2, azs = 2 } }
        vpc egress { nat: natgateway }
        app <-> egress
        worker -> nat
        """,
    ],
    passing=[
        """
        vpc a { web: ec2 { count = 2, azs = 2 } }
        vpc b { }
        vpc c { db: rds { multi_az = true } }
        a <-> b
        b <-> c
        a <-> c
        web -> db
        """,
        """
        hub: transitgateway
        vpc a { web: ec2 { count = 2, azs = 2 } }
        vpc c { db: rds { multi_az = true } }
        a -- hub
        c -- hub
        web -> db
        """,
    ],
)
def transitive_peering(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    peerings = peering_graph(graph)
    if not peerings.pairs:
        return
    where = Vpcs(graph)
    routed = _transit_gateways(graph, where)
    for edge in graph.edges:
        if not edge.directed:
            continue
        source, target = edge.source_element, edge.target_element
        if source is None or target is None or (is_vpc(source) and is_vpc(target)):
            continue
        a, c = where.of(source), where.of(target)
        if a is None or c is None or a is c:
            continue
        if routed and not routed.get(a.id, _NONE).isdisjoint(routed.get(c.id, _NONE)):
            continue   # (no set made per edge: most documents have no Transit Gateway)
        if peerings.peered(a.id, c.id):
            for end, far in ((target, a), (source, c)):
                if has_trait(end.kind, "vpc_gateway") and (end is target or edge.bidirectional):
                    yield ctx.finding(
                        edge,
                        f"'{edge.source}' -> '{edge.target}' sends traffic from VPC "
                        f"'{far.id}' through {end.kind} '{end.id}' of the peered VPC "
                        f"'{where.of(end).id}'; peering does not support edge-to-edge "
                        "routing through a peer's gateways",
                        fix=f"give VPC '{far.id}' its own {end.kind}, or route through a "
                            "Transit Gateway",
                    )
                    break
            continue
        if peerings.connected(a.id, c.id):
            yield ctx.finding(
                edge,
                f"'{edge.source}' (VPC '{a.id}') -> '{edge.target}' (VPC '{c.id}') needs "
                f"transitive routing {_via(peerings, a.id, c.id)}: '{a.id}' and '{c.id}' "
                "are not peered with each other, and VPC peering is not transitive",
                fix=f"peer '{a.id}' with '{c.id}' directly, or attach both to a Transit "
                    "Gateway",
            )
