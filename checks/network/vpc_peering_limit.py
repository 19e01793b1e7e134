"""NET001 vpc-peering-limit: Too many VPC peering connections on one VPC."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.peering import Peerings, peering_graph
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Graph
from archlint.registry import Option, RuleContext, rule


DEFAULT_QUOTA = 50
MAXIMUM = 125
QUOTA_SOURCE = "https://docs.aws.amazon.com/general/latest/gr/vpc-service.html"
TGW_SOURCE = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html"
PRIVATELINK_SOURCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"


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
                    "at most 125)", maximum=MAXIMUM)],
)
def vpc_peering_limit(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    peerings = peering_graph(graph)
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
