"""INT005 api-gateway-throttle:
Expected API Gateway request rate over the account's throttle quota.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from archlint.analysis.placement import quota_scope, scope_text
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.model.readers import fmt, per_second
from archlint.registry import Option, RuleContext, rule


APIGW_LIMITS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"


def _api_rate(graph: Graph, api: Element) -> tuple[float, str] | None:
    own = per_second(api.get("rate"))
    if own is not None:
        return own, "rate"
    rates = [r for e in graph.in_edges(api.id) if (r := per_second(e.get("rate"))) is not None]
    return (sum(rates), "incoming rate") if rates else None


@rule(
    id="INT005",
    name="api-gateway-throttle",
    title="Expected API Gateway request rate over the account's throttle quota",
    severity="warning",
    why="""
        API Gateway throttles all APIs of an account in a Region together at 10,000
        requests per second (burst 5,000) by default; the quota is adjustable. A design
        whose APIs expect more (`rate` on the API, or the sum of `rate` on edges into it)
        gets 429 responses at peak. archlint sums per account and Region group. Set the
        `quota` option to your approved quota. Checked 2026-11.
    """,
    fix="""
        Request a throttle quota increase before launch, cache responses (API caching or
        CloudFront), or spread the load over accounts.
    """,
    sources=[APIGW_LIMITS_URL],
    options=[Option("quota", 10_000, "the account's API Gateway requests per second per Region")],
    failing=["api: apigateway { rate = 12000/s }"],
    passing=["api: apigateway { rate = 10000/s }"],
)
def api_gateway_throttle(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    quota = float(ctx.options["quota"])
    scopes: dict[tuple[str, str], list[tuple[Element, float, str]]] = defaultdict(list)
    for api in graph.of_kind("apigateway"):
        found = _api_rate(graph, api)
        if found is not None:
            scopes[quota_scope(api)].append((api, *found))
    for scope, items in scopes.items():
        total = sum(r for _, r, _ in items)
        if total <= quota:
            continue
        api, _, source = max(items, key=lambda item: item[1])
        parts = " + ".join(f"{a.id} {fmt(r)}/s" for a, r, _ in items)
        yield ctx.finding(
            api,
            f"APIs in {scope_text(scope)} expect {fmt(total)} requests/s ({parts}), over "
            f"the account throttle quota of {fmt(quota)} requests/s per Region",
            span=api.attr_span("rate") if source == "rate" else api.span,
        )
