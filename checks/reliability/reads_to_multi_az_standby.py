"""REL005 reads-to-multi-az-standby: Reads sent to the standby of a Multi-AZ DB instance."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.redundancy import is_rds_cluster
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
REPLICA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"


@rule(
    id="REL005",
    name="reads-to-multi-az-standby",
    title="Reads sent to the standby of a Multi-AZ DB instance",
    severity="error",
    why="""
        The standby of a Multi-AZ RDS DB *instance* deployment is not readable: it only
        receives synchronous replication and takes over on failover, and it has no
        endpoint an application can connect to. Reads meant to offload the primary must
        go to a read replica, or to the reader endpoint of a Multi-AZ DB *cluster*
        (`type = cluster`), whose two standbys do serve reads. An edge that declares
        `endpoint = standby` towards an RDS instance describes a connection that cannot
        exist. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Send reads to read replicas (`read_replicas = N` and `endpoint = replica`), use a
        Multi-AZ DB cluster (`type = cluster`, `endpoint = reader`), or Aurora, whose
        replicas are both readable and failover targets.
    """,
    sources=[MULTI_AZ_SOURCE, REPLICA_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", multi_az = true }
        app -> db : "writes"
        app -> db : "reads" { endpoint = standby }
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", multi_az = true, read_replicas = 1 }
        app -> db : "writes"
        app -> db : "reads" { endpoint = replica }
        """,
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", type = cluster }
        app -> db : "reads" { endpoint = standby }
        """,
    ],
)
def reads_to_multi_az_standby(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    # the edges into RDS instances, not every edge's attributes
    for db, edge in ((db, e) for db in graph.of_kind("rds") for e in graph.in_edges(db.id)):
        if word(edge.get("endpoint")) != "standby" or is_rds_cluster(db):
            continue
        if db.get("multi_az") is True:
            problem = "the standby of a Multi-AZ DB instance serves no reads or writes"
        else:
            problem = "it is a Single-AZ instance with no standby at all"
        yield ctx.finding(
            edge, f"{edge.id} sends traffic to the standby of RDS '{db.id}', but {problem}",
            span=edge.attr_span("endpoint"))
