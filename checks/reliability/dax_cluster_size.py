"""REL011 dax-cluster-size: DAX cluster with fewer than 3 nodes or in one AZ."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.placement import zones_of
from archlint.model.findings import Edit, Finding
from archlint.model.graph import Element, Graph
from archlint.model.readers import whole
from archlint.model.edits import set_attributes
from archlint.registry import Autofix, RuleContext, rule


DAX_SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.consistency.html"
DAX_NODES_MIN = 3                 # AWS recommendation for production


@rule(
    id="REL011",
    name="dax-cluster-size",
    title="DAX cluster with fewer than 3 nodes or in one AZ",
    severity="warning",
    why="""
        AWS recommends at least three DAX nodes, each in a different Availability Zone,
        for production: one node is a single point of failure for the cache (and its
        write-through path), and nodes in one AZ all go down with it. The node count is
        `nodes` (or `count`); a cluster whose nodes are placed in one AZ (`azs = 1`, or
        inside an `az` group) is reported even with three nodes. A cluster that REL001
        already reports as a single point of failure (one node, or AZs not declared) is
        left to it when REL001 runs. Checked against the AWS documentation in
        2026-11.
    """,
    fix="Run at least three DAX nodes spread over three AZs (`nodes = 3, azs = 3`).",
    sources=[DAX_SOURCE],
    autofix=Autofix("`nodes = 3` (or `count = 3` where the size is written as `count`) and, for "
                    "a cluster that declares `azs = 1`, `azs = 3`; none when an `az` group "
                    "or `zone` places it"),
    failing=[
        """
        api: lambda { timeout = 5s }
        cache: dax { nodes = 2, azs = 2 }
        table: dynamodb
        api -> cache -> table
        """,
    ],
    passing=[
        """
        api: lambda { timeout = 5s }
        cache: dax { nodes = 3, azs = 3 }
        table: dynamodb
        api -> cache -> table
        """,
    ],
)
def dax_cluster_size(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    clusters = graph.of_kind("dax")
    for dax in clusters:
        nodes = whole(dax.get("nodes"))
        if nodes is not None:
            size, span = nodes, dax.attr_span("nodes")
        else:
            size, span = dax.count, dax.attr_span("count")
        where = zones_of(graph, dax)
        one_zone = where.count == 1
        if size >= DAX_NODES_MIN and not one_zone:
            continue
        problems = []
        if size < DAX_NODES_MIN:
            problems.append(f"{size} node{'s' if size != 1 else ''} (AWS recommends at least "
                            f"{DAX_NODES_MIN})")
        if one_zone:
            problems.append("all nodes in one AZ")
        yield ctx.finding(dax, f"DAX cluster '{dax.id}' has {' and '.join(problems)}: a node "
                          "or AZ failure takes the cache down", span=span,
                          yields_to=("REL001",), edits=_fix(dax, size, one_zone, where.source))


def _fix(dax: Element, size: int, one_zone: bool, placed_by: str) -> tuple[Edit, ...]:
    """At least 3 nodes over 3 AZs, when the cluster's own attributes say otherwise."""
    if one_zone and placed_by != "azs = 1":
        return ()     # an `az` group or a `zone` places it: moving it is a design choice
    values = {} if size >= DAX_NODES_MIN else {
        "count" if dax.get("nodes") is None and dax.get("count") is not None else "nodes":
            str(DAX_NODES_MIN)}
    return set_attributes(dax, {**values, **({"azs": "3"} if one_zone else {})})
