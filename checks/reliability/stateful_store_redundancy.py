"""REL012 stateful-store-redundancy: a data store without redundancy, whether or not a
request path reaches it."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.redundancy import assess
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import RuleContext, rule

# Stores whose redundancy the architect declares; RDS (REL004), Aurora (REL007) and DAX
# (REL011) have rules of their own, EBS is zonal by design (REL010).
STORES = ("neptune", "documentdb", "elasticache", "memorydb", "redshift", "opensearch", "fsx")
SOURCES = [
    "https://docs.aws.amazon.com/neptune/latest/userguide/feature-overview-db-clusters.html",
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-multi-az.html",
]


@rule(
    id="REL012",
    name="stateful-store-redundancy",
    title="Data store with a single instance or in one AZ, on a request path or not",
    severity="warning",
    why="""
        A Neptune or DocumentDB cluster without a replica, an ElastiCache or MemoryDB
        cache without Multi-AZ, a single-AZ Redshift, OpenSearch or FSx deployment loses
        its data or its availability with one instance or one AZ. REL001 reports such a
        store when every serving path reaches it; a store that no drawn path reaches (an
        imported template seldom says who reads a graph database, a design may draw a
        cache with an association only) is judged all the same: its redundancy must not
        depend on a request path being drawn. Stores that REL001 reports are left to it
        when REL001 runs. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Add a replica in another AZ (`replicas = 1` on a cluster), enable Multi-AZ
        (`multi_az = true` on a cache, Redshift or OpenSearch), or spread the nodes over
        AZs (`count`/`nodes` with `azs = 2`).
    """,
    sources=SOURCES,
    failing=["graph: neptune \"Recommendations\""],
    passing=["graph: neptune { replicas = 1, azs = 2 }"],
)
def stateful_store_redundancy(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    stores = [(s, v) for s in graph.of_kind(*STORES) if (v := assess(s)) is not None]
    for store, verdict in stores:
        yield ctx.finding(store, f"{store.kind} '{store.id}' has no redundancy: {verdict.reason}",
                          fix=verdict.fix, yields_to=("REL001",))
