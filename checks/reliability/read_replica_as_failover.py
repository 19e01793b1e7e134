"""REL006 read-replica-as-failover: RDS read replica relied on for failover."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.redundancy import is_rds_cluster
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
REPLICA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"
REPLICA_WORDS = frozenset({"replica", "replicas", "read_replica", "read_replicas"})


@rule(
    id="REL006",
    name="read-replica-as-failover",
    title="RDS read replica relied on for failover",
    severity="warning",
    why="""
        RDS read replicas replicate asynchronously and are not an automatic failover
        target: when the primary fails, nothing switches to a replica until someone
        promotes it (a manual or scripted step that takes minutes, breaks replication
        and may lose the writes not yet replicated), and the application must then be
        pointed at the new endpoint. Automatic failover with no data loss is what
        Multi-AZ (a synchronous standby) provides. Aurora is different: its replicas are
        the failover targets, so this rule reads RDS only. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Enable Multi-AZ (`multi_az = true`) for failover, and keep read replicas for
        read scaling (or for a cross-Region disaster-recovery plan with a rehearsed
        promotion runbook).
    """,
    sources=[REPLICA_SOURCE, MULTI_AZ_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", read_replicas = 1, failover = replica }
        app -> db
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", multi_az = true, read_replicas = 1, failover = standby }
        app -> db
        """,
    ],
)
def read_replica_as_failover(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("rds"):
        if word(db.get("failover")) not in REPLICA_WORDS or is_rds_cluster(db):
            continue
        standby = (" Multi-AZ already fails over to the standby; the replica is not the "
                   "failover target" if db.get("multi_az") is True else
                   " without Multi-AZ, a failure waits for a manual promotion")
        yield ctx.finding(
            db, f"RDS '{db.id}' counts on a read replica for failover, but replicas are "
            f"asynchronous and promoted only by hand (data written since the last "
            f"replication is lost);{standby}", span=db.attr_span("failover"))
