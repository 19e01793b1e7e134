"""REL004 single-az-rds: RDS DB instance without Multi-AZ."""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.redundancy import is_rds_cluster
from archlint.analysis.replicas import primary_of, replica_count
from archlint.model.edits import set_attribute
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import Autofix, RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
RDS_SLA = "https://aws.amazon.com/rds/sla/"


@rule(
    id="REL004",
    name="single-az-rds",
    title="RDS DB instance without Multi-AZ",
    severity="warning",
    why="""
        A Single-AZ RDS DB instance has no standby: when the instance, its storage or its
        AZ fails, the database is down until RDS replaces the instance or you restore
        from a backup, and patching or scaling the instance class also means downtime.
        A Multi-AZ deployment keeps a synchronous standby in another AZ and fails over
        to it automatically. The RDS SLA reflects it: 99.95% for Multi-AZ, 99.5% for
        Single-AZ (monthly uptime). Read replicas do not change this: they are not the
        automatic failover target (REL006). A Multi-AZ DB cluster (`type = cluster`) is
        Multi-AZ by construction. An instance that every serving path reaches is a
        single point of failure, and REL001 reports it as such, naming the missing
        `multi_az`; this rule then gives way to it (when REL001 runs) so the
        same problem is not reported twice on one line. It reports the single-AZ
        instances that no request path reaches (reporting copies, databases wired only
        with `--` associations). Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Set `multi_az = true` (a Multi-AZ DB instance deployment), or use a Multi-AZ DB
        cluster (`type = cluster`) whose two standbys also serve reads.
    """,
    sources=[MULTI_AZ_SOURCE, RDS_SLA],
    autofix=Autofix("`multi_az = true` on the DB instance (a Multi-AZ deployment)"),
    failing=[
        """
        analysts: ec2 "Analyst workstation"
        reports: rds "Reporting copy" { engine = "postgres" }
        analysts -- reports : "ad-hoc queries"
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", multi_az = true }
        app -> db
        """,
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", type = cluster }
        app -> db
        """,
    ],
)
def single_az_rds(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    databases = [db for db in graph.of_kind("rds")   # a replica node is its primary's
                 if db.get("multi_az") is not True and not is_rds_cluster(db)
                 and primary_of(db) is None]
    for db in databases:
        replicas = replica_count(graph, db)
        note = (f"; its {replicas} read replica(s) are not an automatic failover target"
                if replicas else "")
        yield ctx.finding(
            db, f"RDS '{db.id}' is a Single-AZ DB instance: an instance or AZ failure "
            "takes it down until it is replaced or restored (SLA 99.5% Single-AZ, 99.95% "
            f"Multi-AZ){note}", span=db.attr_span("multi_az"),
            edits=set_attribute(db, "multi_az", "true"), yields_to=("REL001",))
