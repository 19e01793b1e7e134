"""NET005 transit-gateway-attachments:
Transit Gateway over 5,000 attachments, or a VPC on more than 5 transit gateways.
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.placement import copies
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph, Group
from archlint.model.kinds import has_trait
from archlint.registry import RuleContext, rule


TGW_SOURCE = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html"
TGW_ATTACHMENTS_MAX = 5_000   # per transit gateway, hard
TGWS_PER_VPC_MAX = 5          # transit gateways one VPC may attach to, hard


def _attachments(graph: Graph, tgw: Element) -> dict[str, tuple[Element, int]]:
    """What a transit gateway attaches, keyed by id: VPCs (one attachment each, however
    many edges reach it), VPNs, Direct Connect and peer transit gateways, with copies."""
    attached: dict[str, tuple[Element, int]] = {}
    for edge in graph.touching(tgw.id):
        other = graph.element(edge.other_end(tgw.id))
        if other is None or other is tgw:
            continue
        if isinstance(other, Group) and other.kind == "vpc":
            vpc: Element | None = other
        elif has_trait(other.kind, "tgw_attachment"):
            vpc = None
            attached.setdefault(other.id, (other, copies(other)))
            continue
        else:
            vpc = other.enclosing("vpc")
        if vpc is not None:
            attached.setdefault(vpc.id, (vpc, copies(vpc)))
    return attached


@rule(
    id="NET005",
    name="transit-gateway-attachments",
    title="Transit Gateway over 5,000 attachments, or a VPC on more than 5 transit gateways",
    severity="error",
    why="""
        A transit gateway takes at most 5,000 attachments (VPCs, VPNs, Direct Connect
        gateways, peerings), and one VPC can attach to at most 5 transit gateways. Both
        are hard limits that AWS does not raise. A VPC attaches to a given transit gateway
        once (one attachment per VPC per transit gateway), so several edges between the
        same pair count once; `count` on the VPC or its enclosing groups multiplies.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Split the VPCs over several transit gateways (peered with each other, or one per
        Region or business unit) or use AWS Cloud WAN; for a VPC on too many transit
        gateways, route through fewer hubs.
    """,
    sources=[TGW_SOURCE],
    failing=[
        """
        hub: transitgateway "Organisation hub"
        account teams { count = 60  vpc app { count = 90 } }
        app <-> hub : "attachment"
        """,
        """
        vpc prod { cidr = "10.0.0.0/16" }
        tgw1: transitgateway
        tgw2: transitgateway
        tgw3: transitgateway
        tgw4: transitgateway
        tgw5: transitgateway
        tgw6: transitgateway
        prod <-> [tgw1, tgw2, tgw3, tgw4, tgw5, tgw6]
        """,
    ],
    passing=[
        """
        hub: transitgateway "Organisation hub"
        account teams { count = 50  vpc app { count = 100 } }
        app <-> hub : "attachment"
        """,
    ],
)
def transit_gateway_attachments(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    per_vpc: dict[str, tuple[Element, list[Element]]] = {}
    for tgw in graph.of_kind("transitgateway"):
        attached = _attachments(graph, tgw)
        total = sum(n for _, n in attached.values())
        if total > TGW_ATTACHMENTS_MAX:
            yield ctx.finding(
                tgw, f"transit gateway '{tgw.id}' has {total:,} attachments; the maximum is "
                f"{TGW_ATTACHMENTS_MAX:,} per transit gateway (hard limit)")
        for element, _ in attached.values():
            if element.kind == "vpc":
                per_vpc.setdefault(element.id, (element, []))[1].append(tgw)
    for vpc, gateways in per_vpc.values():
        total = sum(copies(g) for g in gateways)
        if total > TGWS_PER_VPC_MAX:
            names = ", ".join(g.id for g in gateways)
            yield ctx.finding(
                vpc, f"VPC '{vpc.id}' attaches to {total} transit gateways ({names}); a VPC "
                f"can attach to at most {TGWS_PER_VPC_MAX} (hard limit)")
