"""CMP007 lambda-concurrency-quota:
Expected Lambda concurrency over the account's Regional quota.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from archlint.analysis.placement import quota_scope, scope_text
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Element, Graph
from archlint.model.readers import fmt
from archlint.registry import Option, RuleContext, rule


LIMITS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"


@rule(
    id="CMP007",
    name="lambda-concurrency-quota",
    title="Expected Lambda concurrency over the account's Regional quota",
    severity="warning",
    why="""
        Concurrent Lambda executions share one quota per account and Region, 1,000 by
        default (adjustable through Service Quotas). When the functions of a design
        together expect more concurrent executions (`concurrency`, times `count`) than
        the quota, invocations are throttled at peak; one busy function can starve the
        others. archlint sums per account and Region group (functions outside any group
        share one). Set the `quota` option to your approved quota. Checked 2026-11.
    """,
    fix="""
        Request a concurrency quota increase before launch, or reduce concurrency
        (batching, SQS buffering with maximum concurrency on the event source), and
        reserve concurrency for the functions that must not be starved.
    """,
    sources=[LIMITS_URL],
    options=[Option("quota", 1000, "the account's concurrent-executions quota per Region")],
    failing=[
        """
        ingest: lambda { concurrency = 700 }
        resize: lambda { concurrency = 400 }
        """,
    ],
    passing=[
        """
        ingest: lambda { concurrency = 600 }
        resize: lambda { concurrency = 400 }
        """,
    ],
)
def lambda_concurrency_quota(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    quota = float(ctx.options["quota"])
    scopes: dict[tuple[str, str], list[tuple[Element, int]]] = defaultdict(list)
    for function in graph.of_kind("lambda"):
        value = function.get("concurrency")
        if isinstance(value, int) and not isinstance(value, bool):
            scopes[quota_scope(function)].append((function, value * function.count))
    for scope, items in scopes.items():
        total = sum(n for _, n in items)
        if total <= quota:
            continue
        largest = max(items, key=lambda item: item[1])[0]
        parts = " + ".join(f"{f.id} {fmt(n)}" for f, n in items)
        yield ctx.finding(
            largest,
            f"Lambda functions in {scope_text(scope)} expect {fmt(total)} concurrent "
            f"executions ({parts}), over the account quota of {fmt(quota)} per Region",
            span=largest.attr_span("concurrency"),
            severity=Severity.WARNING,
        )
