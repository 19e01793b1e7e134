"""DB004 read-heavy-without-read-scaling: Read-heavy data store with no read replica or cache."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.replicas import REPLICA_KINDS, replica_nodes
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.model.kinds import has_trait, kinds_with
from archlint.model.readers import fmt
from archlint.registry import Option, RuleContext, rule


DAX_URL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.html"
READ_REPLICA_GUIDE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"


def _has_read_scaling(graph: Graph, store: Element) -> str | None:
    """What scales the store's reads, or None: replicas, or a cache next to it
    (a cache edge to or from the store, or from any of the store's clients)."""
    for name in ("read_replicas", "replicas"):
        value = store.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return name
    if store.kind in REPLICA_KINDS and replica_nodes(graph, store):
        return "read replicas drawn as nodes"
    neighbours = graph.successors(store.id) + graph.predecessors(store.id)
    if any(has_trait(n.kind, "read_cache") for n in neighbours):
        return "a cache"
    for client in graph.predecessors(store.id):
        if any(has_trait(n.kind, "read_cache") for n in graph.successors(client.id)):
            return "a cache"
    return None


@rule(
    id="DB004",
    name="read-heavy-without-read-scaling",
    title="Read-heavy data store with no read replica or cache",
    severity="info",
    why="""
        A store that serves many reads per write (`read_write_ratio` above the `ratio`
        option) scales better when reads leave the primary: RDS read replicas or Aurora
        replicas take read traffic (replicating asynchronously), and a cache in front
        (ElastiCache, or DAX for DynamoDB, microseconds instead of milliseconds) absorbs
        repeated reads. Without either, the primary must be sized for the read peak.
        A design heuristic; the threshold is an option.
    """,
    fix="""
        Add read replicas (`read_replicas` on RDS, `replicas` on Aurora) and send reads to
        them, or put ElastiCache (DAX for DynamoDB) in front of the store for hot reads.
    """,
    sources=[DAX_URL, READ_REPLICA_GUIDE],
    options=[Option("ratio", 10, "reads per write above which a store counts as read-heavy")],
    failing=[
        """
        api: ecs { count = 2, azs = 2 }
        db: rds { multi_az = true, read_write_ratio = 20 }
        api -> db
        """,
    ],
    passing=[
        """
        api: ecs { count = 2, azs = 2 }
        cache: elasticache { multi_az = true }
        db: rds { multi_az = true, read_write_ratio = 20 }
        api -> [cache, db]
        """,
    ],
)
def read_heavy_without_read_scaling(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    threshold = float(ctx.options["ratio"])
    for store in graph.of_kind(*sorted(kinds_with("read_store"))):
        ratio = store.get("read_write_ratio")
        if not isinstance(ratio, (int, float)) or isinstance(ratio, bool) or ratio <= threshold:
            continue
        if _has_read_scaling(graph, store) is not None:
            continue
        offer = "DAX" if store.kind == "dynamodb" else "read replicas or ElastiCache"
        yield ctx.finding(
            store,
            f"{store.kind} '{store.id}' serves {fmt(ratio)} reads per write (threshold "
            f"{fmt(threshold)}) with no read scaling: no replicas and no cache in front",
            span=store.attr_span("read_write_ratio"),
            fix=f"add {offer} to '{store.id}' for its reads",
        )
