"""REL009 route53-failover-without-health-check:
Route 53 failover routing without a health check on the primary record.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Graph
from archlint.model.readers import word
from archlint.model.edits import set_edge_attributes
from archlint.registry import Autofix, RuleContext, rule


ROUTE53_SOURCE = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "health-checks-how-route-53-chooses-records.html"
)


def _primary_record(records: list[Edge]) -> Edge | None:
    """The record marked `failover = primary`, else the one labelled PRIMARY, else the first."""
    for edge in records:
        if word(edge.get("failover")) == "primary":
            return edge
    for edge in records:
        if edge.label and "primary" in edge.label.lower():
            return edge
    return records[0] if records else None


@rule(
    id="REL009",
    name="route53-failover-without-health-check",
    title="Route 53 failover routing without a health check on the primary record",
    severity="error",
    why="""
        Route 53 failover routing answers with the primary record while the primary is
        healthy and with the secondary otherwise, and it learns "healthy" only from a
        health check associated with the record (or, for an alias record, from
        Evaluate Target Health). A primary record with neither is always considered
        healthy, so Route 53 never fails over. `health_check = true` on the primary
        record's edge (or on the Route 53 node, for all its records) declares it. The
        primary record is the edge with `failover = primary`, else the one labelled
        PRIMARY, else the first record. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Associate a health check with the primary record (or enable Evaluate Target
        Health on an alias to an ELB) and declare it: `dns -> primary_lb { failover =
        primary, health_check = true }`.
    """,
    sources=[ROUTE53_SOURCE],
    autofix=Autofix("`health_check = true` on the primary record (the edge with `failover = primary`)"),
    failing=[
        """
        users: users
        dns: route53 { routing = failover }
        region east { lb_east: alb }
        region west { lb_west: alb }
        users -> dns
        dns -> lb_east { failover = primary }
        dns -> lb_west { failover = secondary }
        """,
    ],
    passing=[
        """
        users: users
        dns: route53 { routing = failover }
        region east { lb_east: alb }
        region west { lb_west: alb }
        users -> dns
        dns -> lb_east { failover = primary, health_check = true }
        dns -> lb_west { failover = secondary }
        """,
    ],
)
def route53_failover_without_health_check(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for dns in graph.of_kind("route53"):
        records = [e for e in graph.out_edges(dns.id) if e.target != dns.id]
        if word(dns.get("routing")) != "failover" and not any(
                word(e.get("routing")) == "failover" for e in records):
            continue
        primary = _primary_record(records)
        if primary is None:
            continue
        checked = primary.get("health_check")
        if checked is None:
            checked = dns.get("health_check")
        if checked is True:
            continue
        yield ctx.finding(
            primary, f"Route 53 '{dns.id}' uses failover routing but its primary record "
            f"({primary.id}) has no health check: Route 53 treats it as always healthy and "
            "never fails over", span=primary.attr_span("health_check"),
            edits=set_edge_attributes(graph, primary, {"health_check": "true"}))
