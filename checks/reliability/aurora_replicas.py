"""REL007 aurora-replicas:
Aurora cluster with no replicas, replicas only in the writer's AZ, or over 15.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding, Severity
from archlint.model.graph import Element, Graph
from archlint.model.readers import whole
from archlint.model.edits import set_attributes
from archlint.registry import Autofix, RuleContext, rule


AURORA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Aurora.Overview.html"
AURORA_REPLICAS_MAX = 15          # per cluster, hard


@rule(
    id="REL007",
    name="aurora-replicas",
    title="Aurora cluster with no replicas, replicas only in the writer's AZ, or over 15",
    severity="warning",
    why="""
        An Aurora cluster's storage spans three AZs, but its compute does not: without an
        Aurora Replica, a failure of the writer instance or its AZ leaves the cluster
        without a writer until Aurora creates a new instance, which is far slower than
        promoting a replica. Replicas are the failover targets, so at least one should
        be in another AZ (`azs = 2` or more; `azs = 1` puts them all with the writer).
        A cluster has at most 15 Aurora Replicas (hard limit): more is an error.
        `multi_az = true` without a `replicas` count is read as at least one replica in
        another AZ. A cluster on every serving path without a replica in another AZ is
        a single point of failure that REL001 reports, naming the cause; this rule then
        gives way to REL001 when REL001 runs, except for the 15-replica limit.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Add at least one Aurora Replica in another AZ (`replicas = 1, azs = 2`); for
        more than 15 readers, use several clusters or cache reads (ElastiCache).
    """,
    sources=[AURORA_SOURCE],
    autofix=Autofix("`replicas = 1` on a cluster without replicas, `azs = 2` where they are "
                    "all in the writer's AZ"),
    failing=[
        """
        etl: glue "Nightly load"
        db: aurora { engine = "aurora-postgresql", replicas = 0 }
        etl -- db
        """,
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-mysql", replicas = 16, azs = 3 }
        app -> db
        """,
        """
        db: aurora "Reporting cluster" { engine = "aurora-mysql", replicas = 2, azs = 1 }
        """,
    ],
    passing=[
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-postgresql", replicas = 15, azs = 3 }
        app -> db
        """,
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-postgresql", multi_az = true }
        app -> db
        """,
    ],
)
def aurora_replicas(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    clusters = graph.of_kind("aurora")
    for db in clusters:
        replicas = whole(db.get("replicas"))
        span = db.attr_span("replicas")
        if replicas is None and db.get("multi_az") is True:
            continue
        if not replicas:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' has no Aurora Replicas: if the writer or its "
                "AZ fails, the cluster has no writer until Aurora creates a new instance",
                span=span, yields_to=("REL001",),
                edits=set_attributes(db, {"replicas": "1", **_two_zones(db)}))
        elif replicas > AURORA_REPLICAS_MAX:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' declares {replicas} replicas; a cluster has at "
                f"most {AURORA_REPLICAS_MAX} Aurora Replicas (hard limit)",
                span=span, severity=Severity.ERROR)
        elif whole(db.get("azs")) == 1:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' has its {replicas} replica(s) in the writer's "
                "AZ only (azs = 1): an outage of that AZ takes the writer and every failover "
                "target", span=db.attr_span("azs"), yields_to=("REL001",),
                edits=set_attributes(db, _two_zones(db)))


def _two_zones(db: Element) -> dict[str, str]:
    """`azs = 2` where the cluster says it has one AZ (a replica there fails with the writer)."""
    return {"azs": "2"} if whole(db.get("azs")) == 1 else {}
