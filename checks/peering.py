"""VPC peering: connections per VPC, transitive routing, and full meshes.

A peering connection is any edge whose two ends are `vpc` groups (`a <-> b`,
`a -> b` or `a -- b`: peering is an association, its direction does not matter;
the same pair written twice is one connection). Counts multiply through
enclosing groups: `account team { count = 50  vpc app { count = 4 } }` is 200
`app` VPCs. An edge `app <-> shared` peers every `app` copy with `shared`; when
both ends sit in the same counted group, each copy of that group has its own
peering (the multiplicity counted is the one below the ends' common ancestor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from archlint.model.findings import Finding, Severity
from archlint.model.graph import Edge, Element, Graph, Group
from archlint.registry import Option, RuleContext, rule

DEFAULT_QUOTA = 50
MAXIMUM = 125
MESH_MINIMUM = 4
GATEWAYS = ("internetgateway", "natgateway", "vpn", "directconnect")

QUOTA_SOURCE = "https://docs.aws.amazon.com/general/latest/gr/vpc-service.html"
PEERING_SOURCE = ("https://docs.aws.amazon.com/whitepapers/latest/"
                  "aws-vpc-connectivity-options/vpc-peering.html")
MESH_SOURCE = ("https://docs.aws.amazon.com/whitepapers/latest/"
               "building-scalable-secure-multi-vpc-network-infrastructure/vpc-peering.html")
TGW_SOURCE = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html"
PRIVATELINK_SOURCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"


def _is_vpc(element: Element | None) -> bool:
    return isinstance(element, Group) and element.kind == "vpc"


def vpc_of(element: Element) -> Group | None:
    """The VPC an element lives in (a VPC group is its own VPC)."""
    if _is_vpc(element):
        return element  # type: ignore[return-value]
    return element.enclosing("vpc")


def relative_copies(element: Element, other: Element) -> int:
    """Copies of `element` per copy of the innermost group enclosing both ends."""
    shared = {id(g) for g in other.ancestors()}
    copies = element.count
    for group in element.ancestors():
        if id(group) in shared:
            break
        copies *= group.count
    return copies


class _UnionFind:
    """Disjoint sets over string keys, iterative with path halving."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class Peerings:
    """The peering graph of one document, built once per rule run (linear)."""

    graph: Graph
    pairs: dict[frozenset[str], Edge] = field(default_factory=dict)
    neighbours: dict[str, dict[str, int]] = field(default_factory=dict)  # vpc -> peer -> copies
    components: _UnionFind = field(default_factory=_UnionFind)

    @classmethod
    def of(cls, graph: Graph) -> "Peerings":
        peerings = cls(graph)
        for edge in graph.edges:
            a, b = graph.element(edge.source), graph.element(edge.target)
            if not (_is_vpc(a) and _is_vpc(b)) or a is b:
                continue
            pair = frozenset((edge.source, edge.target))
            if pair in peerings.pairs:
                continue
            peerings.pairs[pair] = edge
            assert a is not None and b is not None
            peerings.neighbours.setdefault(a.id, {})[b.id] = relative_copies(b, a)
            peerings.neighbours.setdefault(b.id, {})[a.id] = relative_copies(a, b)
            peerings.components.union(a.id, b.id)
        return peerings

    def connections(self, vpc: str) -> int:
        """Peering connections of one copy of `vpc`."""
        return sum(self.neighbours.get(vpc, {}).values())

    def peered(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.pairs

    def connected(self, a: str, b: str) -> bool:
        return (a in self.neighbours and b in self.neighbours
                and self.components.find(a) == self.components.find(b))


def _is_hub(peerings: Peerings, vpc: str) -> bool:
    """Hub and spoke: most connections go to VPCs peered with nothing else."""
    peers = peerings.neighbours.get(vpc, {})
    spokes = sum(n for peer, n in peers.items() if peerings.connections(peer) == 1)
    return spokes * 5 >= peerings.connections(vpc) * 4


def _quota(ctx: RuleContext) -> int:
    value = ctx.options.get("quota", DEFAULT_QUOTA)
    try:
        quota = int(value)
    except (TypeError, ValueError):
        quota = DEFAULT_QUOTA
    return max(1, min(quota, MAXIMUM))


@rule(
    id="NET001",
    name="vpc-peering-limit",
    title="Too many VPC peering connections on one VPC",
    severity="error",
    why="""
        A VPC has at most 50 active peering connections by default; the quota is
        adjustable up to a maximum of 125. Over the account's quota (option `quota`,
        default 50) this is a warning: ask for an increase or redesign; over 125 it is
        an error: no increase allows it. Each copy of a counted VPC (`count = 4`, inside
        `account x { count = 50 }`) is its own VPC, so 50 accounts of 4 VPCs peered with
        one shared VPC is 200 connections on that VPC. Older notes give 125 as the
        limit; current AWS docs give a default of 50, adjustable to 125 (checked
        2026-11). Peering is also managed per pair: route tables, security groups and
        CIDR planning grow with the number of connections.
    """,
    fix="""
        When one provider VPC serves many consumer VPCs (hub and spoke), publish its
        services with AWS PrivateLink: an endpoint service behind a Network Load Balancer,
        reached from each consumer through an interface endpoint, with no peering and no
        CIDR coordination. When VPCs need general reachability, attach them to a Transit
        Gateway (up to 5,000 attachments) instead of peering pairs.
    """,
    sources=[QUOTA_SOURCE, PRIVATELINK_SOURCE, TGW_SOURCE],
    failing=[
        """
        account team "Product teams" {
          count = 50
          vpc app { count = 4 }
        }
        vpc shared "Shared services" { }
        app <-> shared
        """,
        """
        vpc consumers { count = 60 }
        vpc shared { }
        consumers -> shared
        """,
    ],
    passing=[
        """
        vpc consumers { count = 50 }
        vpc shared { }
        consumers -> shared
        """,
    ],
    options=[Option("quota", DEFAULT_QUOTA,
                    "the account's approved peering connections per VPC (50 by default, "
                    "at most 125)")],
)
def peering_limit(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    peerings = Peerings.of(graph)
    quota = _quota(ctx)
    for vpc in graph.of_kind("vpc"):
        total = peerings.connections(vpc.id)
        if total <= quota:
            continue
        if total > MAXIMUM:
            limit = "the maximum of 125 per VPC (not adjustable)"
            severity = Severity.ERROR
        else:
            limit = (f"the quota of {quota} per VPC (the default is 50; it can be raised "
                     "to at most 125)")
            severity = Severity.WARNING
        peers = sorted(peerings.neighbours[vpc.id].items(), key=lambda p: (-p[1], p[0]))
        detail = ", ".join(f"{peer}: {n}" for peer, n in peers[:3])
        if len(peers) > 3:
            detail += f", and {len(peers) - 3} more"
        each = "each copy of " if vpc.count > 1 or any(g.count > 1 for g in vpc.ancestors()) else ""
        if _is_hub(peerings, vpc.id):
            hint = "one provider VPC serving many consumers: use AWS PrivateLink instead"
            fix = (f"'{vpc.id}' is a hub serving many consumer VPCs: expose its services "
                   "through AWS PrivateLink (an endpoint service behind an NLB, one "
                   "interface endpoint per consumer VPC) instead of peering; if the VPCs "
                   "need full network reachability, use a Transit Gateway")
        else:
            hint = "connect the VPCs through a Transit Gateway instead"
            fix = (f"connect '{vpc.id}' and its peers through a Transit Gateway (one "
                   "attachment per VPC, up to 5,000) instead of pairwise peering")
        yield ctx.finding(
            vpc,
            f"{each}VPC '{vpc.id}' has {total} VPC peering connections ({detail}), "
            f"over {limit}; {hint}",
            fix=fix,
            severity=severity,
        )


def _transit_gateways(graph: Graph) -> dict[str, set[str]]:
    """VPC id -> transit gateway networks (TGWs joined by TGW peering are one) it reaches."""
    gateways = _UnionFind()
    tgw_ids = {e.id for e in graph.of_kind("transitgateway")}
    for edge in graph.edges:
        if edge.source in tgw_ids and edge.target in tgw_ids:
            gateways.union(edge.source, edge.target)
    attached: dict[str, set[str]] = {}
    for edge in graph.edges:
        for tgw, other in ((edge.source, edge.target), (edge.target, edge.source)):
            element = graph.element(other)
            if tgw in tgw_ids and element is not None:
                vpc = vpc_of(element)
                if vpc is not None:
                    attached.setdefault(vpc.id, set()).add(gateways.find(tgw))
    return attached


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
    peerings = Peerings.of(graph)
    if not peerings.pairs:
        return
    routed = _transit_gateways(graph)
    for edge in graph.edges:
        if not edge.directed:
            continue
        source, target = graph.element(edge.source), graph.element(edge.target)
        if source is None or target is None or (_is_vpc(source) and _is_vpc(target)):
            continue
        a, c = vpc_of(source), vpc_of(target)
        if a is None or c is None or a is c:
            continue
        if routed.get(a.id, set()) & routed.get(c.id, set()):
            continue
        if peerings.peered(a.id, c.id):
            for end, far in ((target, a), (source, c)):
                if end.kind in GATEWAYS and (end is target or edge.bidirectional):
                    yield ctx.finding(
                        edge,
                        f"'{edge.source}' -> '{edge.target}' sends traffic from VPC "
                        f"'{far.id}' through {end.kind} '{end.id}' of the peered VPC "
                        f"'{vpc_of(end).id}'; peering does not support edge-to-edge "  # type: ignore[union-attr]
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
def full_mesh(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    peerings = Peerings.of(graph)
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


RULES = (peering_limit, transitive_peering, full_mesh)
