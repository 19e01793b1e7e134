"""INT004 api-gateway-integration-timeout:
API Gateway backend slower than the integration timeout.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding, Severity
from archlint.model.graph import Edge, Element, Graph
from archlint.model.readers import fmt, seconds, word
from archlint.registry import RuleContext, rule


APIGW_REST_URL = ("https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                  "api-gateway-execution-service-limits-table.html")


APIGW_HTTP_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
REST_TIMEOUT = 29.0
HTTP_TIMEOUT = 30.0


def _backend_time(edge: Edge, target: Element) -> tuple[float, str] | None:
    """The backend's time: the edge's or target's `duration`, else the target's
    `timeout` (an edge's `timeout` is the integration timeout here)."""
    for holder, name in ((edge, "duration"), (target, "duration"), (target, "timeout")):
        value = seconds(holder.get(name))
        if value is not None:
            where = "" if holder is edge else f" of '{target.id}'"
            return value, f"{name} {holder.get(name)}{where}"
    return None


@rule(
    id="INT004",
    name="api-gateway-integration-timeout",
    title="API Gateway backend slower than the integration timeout",
    severity="warning",
    why="""
        API Gateway waits for its backend only up to the integration timeout, then
        answers 504. REST APIs (the default `type`): 50 ms to 29 s by default; the limit
        can be raised above 29 s for Regional and private REST APIs (a quota request,
        at the cost of throttle capacity), so a slower backend is a warning. HTTP APIs
        (`type = http`): 30 s, hard, so a slower backend is an error. The backend's time
        is the edge's or target's `duration`, else its `timeout`; the integration timeout
        is the edge's `timeout`, else the API's, else the default. Checked 2026-11 (older
        notes said 29 s hard for both).
    """,
    fix="""
        Go asynchronous: accept the request, queue the work (SQS or Step Functions), return
        202 with a job id, and let the client poll or be notified (WebSocket, SNS). Or make
        the backend faster than the timeout.
    """,
    sources=[APIGW_REST_URL, APIGW_HTTP_URL],
    failing=[
        """
        api: apigateway { type = rest }
        report: lambda { timeout = 60s }
        api -> report
        """,
        """
        api: apigateway { type = http }
        report: lambda { duration = 45s }
        api -> report
        """,
    ],
    passing=[
        """
        api: apigateway { type = http }
        report: lambda { timeout = 30s }
        api -> report
        """,
    ],
)
def api_gateway_integration_timeout(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for api in graph.of_kind("apigateway"):
        http = word(api.get("type")) == "http"
        default = HTTP_TIMEOUT if http else REST_TIMEOUT
        flavour = "HTTP API" if http else "REST API"
        api_timeout = seconds(api.get("timeout"))
        if http and api_timeout is not None and api_timeout > HTTP_TIMEOUT:
            yield ctx.finding(
                api, f"HTTP API '{api.id}' has timeout {api.get('timeout')}, over the 30 s "
                "maximum integration timeout of HTTP APIs", span=api.attr_span("timeout"),
                severity=Severity.ERROR)
            api_timeout = HTTP_TIMEOUT
        for edge in graph.out_edges(api.id):
            target = edge.target_element
            if target is None or not edge.directed or edge.get("async") is True:
                continue
            edge_limit = seconds(edge.get("timeout"))
            limit = edge_limit if edge_limit is not None else \
                api_timeout if api_timeout is not None else default
            if http:
                limit = min(limit, HTTP_TIMEOUT)
            call = _backend_time(edge, target)
            if call is None or call[0] <= limit:
                continue
            raised = "" if http else " (raisable above 29 s for Regional and private REST APIs)"
            yield ctx.finding(
                edge,
                f"'{target.id}' behind {flavour} '{api.id}' may take {fmt(call[0])} s "
                f"({call[1]}), longer than the {fmt(limit)} s integration timeout{raised}: "
                "callers get 504 while the work goes on",
                span=edge.span,
                severity=Severity.ERROR if http else Severity.WARNING,
            )
