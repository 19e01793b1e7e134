"""REL008 single-region-for-target:
Single-Region DynamoDB or Aurora under an availability target above 99.99%.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import whole
from archlint.model.values import Percent
from archlint.registry import Option, RuleContext, rule


GLOBAL_TABLES_SOURCE = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html"
)


GLOBAL_DATABASE_SOURCE = (
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html"
)


DYNAMODB_SLA = "https://aws.amazon.com/dynamodb/sla/"
AURORA_SLA = "https://aws.amazon.com/rds/aurora/sla/"
SINGLE_REGION_SLA = 99.99         # DynamoDB standard tables; Aurora Multi-AZ (percent)


SINGLE_REGION_OFFERS: dict[str, tuple[str, str, str]] = {
    "dynamodb": ("DynamoDB table", "99.99% (global tables: 99.999%)", "a global table"),
    "aurora": ("Aurora cluster", "99.99% at best (Multi-AZ)", "an Aurora Global Database"),
}


@rule(
    id="REL008",
    name="single-region-for-target",
    title="Single-Region DynamoDB or Aurora under an availability target above 99.99%",
    severity="warning",
    why="""
        A single-Region DynamoDB table has a 99.99% monthly uptime SLA; a global table
        has 99.999%. Aurora's best single-Region SLA is 99.99% (Multi-AZ). A design that
        promises more than 99.99% (the document's `availability`, e.g. 99.995% or
        99.999%) therefore needs its data in more than one Region: DynamoDB global tables
        (multi-Region, multi-active) or an Aurora Global Database (one primary and up to
        10 secondary Regions, replication typically under a second). The threshold is
        strictly above 99.99%, the single-Region figure: AWS's own reliability guidance
        reaches 99.99% within one Region across AZs, while five nines call for several
        Regions; the availability budget rule checks the arithmetic of the whole path.
        Declare multi-Region data with `regions = 2` (or more). SLAs are service credits,
        not guarantees. The DynamoDB SLA figures come from the DynamoDB Developer Guide
        (the SLA page itself was not available to check). Checked in 2026-11.
    """,
    fix="""
        Make the table a global table, or the Aurora cluster a Global Database, and
        declare it with `regions = 2`; or lower the target to what one Region supports.
    """,
    sources=[GLOBAL_TABLES_SOURCE, GLOBAL_DATABASE_SOURCE, DYNAMODB_SLA, AURORA_SLA],
    options=[Option("single_region_max", SINGLE_REGION_SLA,
                    "highest availability target (percent) one Region is trusted to meet")],
    failing=[
        """
        availability = 99.999%
        api: lambda { timeout = 5s }
        table: dynamodb
        api -> table
        """,
        """
        availability = 99.995%
        app: ecs { count = 2, azs = 2 }
        db: aurora { replicas = 2, azs = 3 }
        app -> db
        """,
    ],
    passing=[
        """
        availability = 99.999%
        api: lambda { timeout = 5s }
        table: dynamodb { regions = 2 }
        api -> table
        """,
        """
        availability = 99.99%
        app: ecs { count = 2, azs = 2 }
        db: aurora { replicas = 2, azs = 3 }
        app -> db
        """,
    ],
)
def single_region_for_target(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    target = graph.get("availability")
    limit = float(ctx.options["single_region_max"])
    if not isinstance(target, Percent) or target.value <= limit:
        return
    for store in graph.of_kind("dynamodb", "aurora"):
        regions = whole(store.get("regions")) or 1
        if regions >= 2:
            continue
        what, sla, fix = SINGLE_REGION_OFFERS[store.kind]
        yield ctx.finding(
            store, f"the design targets {target} availability, but {what} '{store.id}' is in "
            f"one Region, whose SLA is {sla}; make it {fix} (regions = 2)")
