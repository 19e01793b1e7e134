"""DB003 rds-read-replica-count: More RDS read replicas than the engine allows per source."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.replicas import replica_count
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


REPLICA_URL = ("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/"
               "API_CreateDBInstanceReadReplica.html")


READ_REPLICA_GUIDE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"
REPLICA_LIMITS = (("oracle", 5), ("sqlserver", 5), ("sql-server", 5), ("mssql", 5), ("db2", 3))
DEFAULT_REPLICAS = 15


def replica_limit(engine: str | None) -> tuple[int, str]:
    """Read replicas per source DB instance for an engine name such as "oracle-ee"."""
    for prefix, limit in REPLICA_LIMITS:
        if engine and engine.startswith(prefix):
            return limit, engine
    return DEFAULT_REPLICAS, engine or "MySQL, MariaDB or PostgreSQL"


@rule(
    id="DB003",
    name="rds-read-replica-count",
    title="More RDS read replicas than the engine allows per source",
    severity="error",
    why="""
        An RDS DB instance can have at most 15 read replicas for MySQL, MariaDB and
        PostgreSQL, 5 for Oracle, 5 for SQL Server and 3 for Db2 (by `engine`, e.g.
        `oracle-ee`, `sqlserver-se`, `db2-se`). Creating more is rejected. Checked 2026-11.
    """,
    fix="""
        Stay within the engine's replica limit: chain replicas (MySQL and MariaDB can
        replicate from a replica), cache reads in ElastiCache, or move to Aurora, whose
        15 readers share the cluster volume.
    """,
    sources=[REPLICA_URL, READ_REPLICA_GUIDE],
    failing=['erp: rds { engine = "oracle-ee", read_replicas = 6 }',
             'shop: rds { engine = "postgres", read_replicas = 16 }'],
    passing=['erp: rds { engine = "oracle-ee", read_replicas = 5 }',
             'shop: rds { engine = "postgres", read_replicas = 15 }'],
)
def rds_read_replica_count(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("rds"):
        count = replica_count(graph, db)   # read_replicas plus replicas drawn as nodes
        if not count:
            continue
        limit, engine = replica_limit(word(db.get("engine")))
        if count > limit:
            yield ctx.finding(
                db,
                f"RDS '{db.id}' declares {count} read replicas; {engine} allows at most "
                f"{limit} per source instance",
                span=db.attr_span("read_replicas") if "read_replicas" in db.attrs else db.span,
            )
