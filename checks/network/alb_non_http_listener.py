"""NET007 alb-non-http-listener: TCP, UDP or TLS traffic through an Application Load Balancer."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


ALB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
)


NLB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html"
)


LAYER4_PROTOCOLS = frozenset({"tcp", "udp", "tls", "tcp_udp"})


@rule(
    id="NET007",
    name="alb-non-http-listener",
    title="TCP, UDP or TLS traffic through an Application Load Balancer",
    severity="error",
    why="""
        An Application Load Balancer works at layer 7: its listeners accept only HTTP and
        HTTPS. Raw TCP, UDP or TLS pass-through (databases, game servers, MQTT, SIP, gRPC
        over plain TCP) cannot go through it; that is the Network Load Balancer's job
        (listeners TCP, TLS, UDP, TCP_UDP). Checked against the AWS documentation in
        2026-11.
    """,
    fix="""
        Put a Network Load Balancer in front of the TCP/UDP service, or speak HTTP(S) to
        the ALB. Both can coexist: an NLB can forward TCP to an ALB target when the
        traffic is HTTP underneath.
    """,
    sources=[ALB_SOURCE, NLB_SOURCE],
    failing=[
        """
        players: users
        lb: alb "Game front door"
        game: ec2 { count = 2, azs = 2 }
        players -> lb : "game traffic" { protocol = udp }
        lb -> game
        """,
    ],
    passing=[
        """
        players: users
        lb: nlb "Game front door"
        web: alb
        game: ec2 { count = 2, azs = 2 }
        players -> lb : "game traffic" { protocol = udp }
        players -> web { protocol = https }
        lb -> game
        """,
    ],
)
def alb_non_http_listener(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for alb in graph.of_kind("alb"):
        protocol = word(alb.get("protocol"))
        if protocol in LAYER4_PROTOCOLS:
            yield ctx.finding(
                alb, f"ALB '{alb.id}' has a {protocol.upper()} listener; an Application Load "
                "Balancer listens on HTTP and HTTPS only", span=alb.attr_span("protocol"))
        for edge in graph.in_edges(alb.id):
            protocol = word(edge.get("protocol"))
            if protocol in LAYER4_PROTOCOLS:
                yield ctx.finding(
                    edge, f"{edge.id} sends {protocol.upper()} to ALB '{alb.id}', which "
                    "accepts HTTP and HTTPS only; use a Network Load Balancer for "
                    f"{protocol.upper()}", span=edge.attr_span("protocol"))
