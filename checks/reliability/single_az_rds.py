"""REL004 single-az-rds: RDS DB instance without Multi-AZ."""

from __future__ import annotations

from archlint.analysis.redundancy import is_rds_cluster
from archlint.analysis.replicas import primary_of, replica_count
from archlint.model.edits import set_attribute
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.registry import Autofix, RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
RDS_SLA = "https://aws.amazon.com/rds/sla/"
YIELDS_TO = ("REL001",)


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
def single_az_rds(graph: Graph, ctx: RuleContext) -> list[Finding]:
    """A list rather than a generator: a large graph has thousands of these."""
    findings, finding = [], ctx.finding
    for db in graph.of_kind("rds"):
        if not _single_az_instance(db):
            continue
        replicas = replica_count(graph, db)
        note = (f"; its {replicas} read replica(s) are not an automatic failover target"
                if replicas else "")
        findings.append(finding(
            db, f"RDS '{db.id}' is a Single-AZ DB instance: an instance or AZ failure "
            "takes it down until it is replaced or restored (SLA 99.5% Single-AZ, 99.95% "
            f"Multi-AZ){note}", span=db.attr_span("multi_az"),
            edits=set_attribute(db, "multi_az", "true"), yields_to=YIELDS_TO))
    return findings


def _single_az_instance(db: Element) -> bool:
    """Neither Multi-AZ, nor a Multi-AZ DB cluster, nor a replica drawn as its own node
    (its primary's). Each value is read only where written: most nodes write none."""
    attrs = db.attrs
    return not (("multi_az" in attrs and db.get("multi_az") is True)
                or ("type" in attrs and is_rds_cluster(db))
                or ("replica_of" in attrs and primary_of(db) is not None))
