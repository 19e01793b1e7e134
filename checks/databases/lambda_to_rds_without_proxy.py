"""DB002 lambda-to-rds-without-proxy:
Lambda connects to RDS or Aurora directly, without RDS Proxy.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.kinds import has_trait
from archlint.registry import RuleContext, rule


PROXY_URL = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html"


@rule(
    id="DB002",
    name="lambda-to-rds-without-proxy",
    title="Lambda connects to RDS or Aurora directly, without RDS Proxy",
    severity="warning",
    why="""
        Every concurrent Lambda execution environment opens its own database connection.
        At peak, hundreds of environments exhaust the database's connection limit and its
        memory (a connection storm), and connections are left open when environments are
        frozen. RDS Proxy pools and shares connections in front of RDS and Aurora and
        keeps them across failovers. An edge from a function straight to an `rds` or
        `aurora` node is reported; `lambda -> rdsproxy -> db` is not, nor is an edge or
        database with `data_api = true` (the RDS Data API uses HTTPS, not connections).
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Put an RDS Proxy between the functions and the database
        (`fn -> proxy -> db` with `proxy: rdsproxy`), or use the RDS Data API for Aurora.
    """,
    sources=[PROXY_URL],
    failing=[
        """
        report: lambda
        db: rds { multi_az = true }
        report -> db
        """,
    ],
    passing=[
        """
        report: lambda
        proxy: rdsproxy
        db: rds { multi_az = true }
        report -> proxy -> db
        """,
    ],
)
def lambda_to_rds_without_proxy(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        for edge in graph.out_edges(function.id):
            db = edge.target_element
            if db is None or not has_trait(db.kind, "db_connections") or not edge.directed:
                continue
            if edge.get("data_api") is True or db.get("data_api") is True:
                continue
            yield ctx.finding(
                edge,
                f"Lambda function '{function.id}' connects to {db.kind} '{db.id}' directly: "
                "at peak every execution environment opens its own connection",
                span=edge.span,
                fix=f"put an RDS Proxy between '{function.id}' and '{db.id}' "
                    f"({function.id} -> proxy -> {db.id})",
            )
