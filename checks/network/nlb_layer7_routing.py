"""NET008 nlb-layer7-routing: Path or host routing asked of a Network Load Balancer."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


ALB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
)


NLB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html"
)


LAYER7_ROUTING = frozenset({"path", "host"})


def _layer7_rules(holder: Element | Edge) -> list[str]:
    """The layer-7 routing a node or edge asks for: `routing = path|host`, `path`, `host`."""
    found = []
    routing = word(holder.get("routing"))
    if routing in LAYER7_ROUTING:
        found.append(f"routing = {routing}")
    for name in ("path", "host"):
        if holder.get(name) is not None:
            found.append(f'{name} = "{holder.get(name)}"')
    return found


@rule(
    id="NET008",
    name="nlb-layer7-routing",
    title="Path or host routing asked of a Network Load Balancer",
    severity="warning",
    why="""
        A Network Load Balancer works at layer 4: it forwards TCP, TLS, UDP and TCP_UDP
        connections by port and never reads HTTP, so it cannot route by URL path or host
        name. Routing rules on an NLB (`routing = path` or `host`, or `path`/`host` on
        its edges) describe behaviour it does not have. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Use an Application Load Balancer for path- or host-based routing (an NLB can
        forward to an ALB target if you also need static IPs), or give each service its
        own NLB listener port.
    """,
    sources=[NLB_SOURCE, ALB_SOURCE],
    failing=[
        """
        clients: users
        lb: nlb { routing = path }
        api: ecs { count = 2, azs = 2 }
        web: ecs { count = 2, azs = 2 }
        clients -> lb
        lb -> api { path = "/api/*" }
        lb -> web { path = "/*" }
        """,
    ],
    passing=[
        """
        clients: users
        lb: alb { routing = path }
        api: ecs { count = 2, azs = 2 }
        web: ecs { count = 2, azs = 2 }
        clients -> lb
        lb -> api { path = "/api/*" }
        lb -> web { path = "/*" }
        """,
    ],
)
def nlb_layer7_routing(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for nlb in graph.of_kind("nlb"):
        asked = _layer7_rules(nlb)
        edges = [e for e in graph.touching(nlb.id) if _layer7_rules(e)]
        if not asked and not edges:
            continue
        # Point at the NLB's own routing attribute if it has one, else at the first edge.
        span = nlb.attr_span("routing") if asked else edges[0].span
        asked += [r for e in edges for r in _layer7_rules(e) if r not in asked]
        yield ctx.finding(
            nlb, f"NLB '{nlb.id}' is asked to route by {', '.join(asked)}; a Network Load "
            "Balancer forwards connections by port and cannot read paths or host names",
            span=span)
