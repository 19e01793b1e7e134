"""INT001 sqs-visibility-vs-lambda-timeout:
SQS visibility timeout too short for the Lambda function consuming the queue.
"""

from __future__ import annotations

from typing import Iterator

from archlint.checks.integration._fleet import fleet_kind
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Element, Graph
from archlint.model.readers import fmt, seconds
from archlint.model.edits import quantity, set_attribute
from archlint.registry import Autofix, RuleContext, rule


SQS_LAMBDA_URL = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
SQS_DEFAULT_VISIBILITY = 30.0
LAMBDA_DEFAULT_TIMEOUT = 3.0


@rule(
    id="INT001",
    name="sqs-visibility-vs-lambda-timeout",
    title="SQS visibility timeout too short for the Lambda function consuming the queue",
    severity="error",
    why="""
        When Lambda consumes an SQS queue, a message stays invisible only for the queue's
        visibility timeout. AWS rejects an event source mapping whose queue visibility
        timeout is shorter than the function's timeout (error), and recommends at least
        6 times the function timeout so that retries of throttled batches do not make
        messages visible again while they are still being processed (warning: duplicate
        processing). Unset values are AWS's defaults: 30 s visibility, 3 s function
        timeout. Checked 2026-11.
    """,
    fix="""
        Set the queue's visibility_timeout to at least 6 times the function's timeout
        (e.g. timeout = 60s -> visibility_timeout = 6m), or shorten the function.
    """,
    sources=[SQS_LAMBDA_URL],
    autofix=Autofix("`visibility_timeout` on the queue = 6 x the longest timeout of the Lambda "
                    "functions it feeds (AWS's documented rule; e.g. timeout = 60s -> 6m)"),
    failing=[
        """
        jobs: sqs { visibility_timeout = 30s }
        worker: lambda { timeout = 60s }
        jobs -> worker
        """,
        """
        jobs: sqs { visibility_timeout = 2m }
        worker: lambda { timeout = 60s }
        jobs -> worker
        """,
    ],
    passing=[
        """
        jobs: sqs { visibility_timeout = 6m }
        worker: lambda { timeout = 60s }
        jobs -> worker
        """,
    ],
)
def sqs_visibility_vs_lambda_timeout(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for queue in graph.of_kind("sqs"):   # from the by-kind index, not a walk over every edge
        yield from _queue_findings(graph, ctx, queue)


def _queue_findings(graph: Graph, ctx: RuleContext, queue: Element) -> Iterator[Finding]:
    for edge in graph.out_edges(queue.id):
        function = edge.target_element
        if not edge.directed or fleet_kind(function) != "lambda":
            continue
        assert function is not None
        visibility = seconds(queue.get("visibility_timeout"))
        timeout = seconds(function.get("timeout"))
        vis = SQS_DEFAULT_VISIBILITY if visibility is None else visibility
        run = LAMBDA_DEFAULT_TIMEOUT if timeout is None else timeout
        vis_text = (f"{queue.get('visibility_timeout')}" if visibility is not None
                    else "30 s (default)")
        run_text = f"{function.get('timeout')}" if timeout is not None else "3 s (default)"
        span = queue.attr_span("visibility_timeout") if visibility is not None else edge.span
        edits = set_attribute(queue, "visibility_timeout", quantity(6 * _longest(graph, queue)))
        if vis < run:
            yield ctx.finding(
                edge,
                f"queue '{queue.id}' has visibility timeout {vis_text}, shorter than the "
                f"timeout {run_text} of '{function.id}': AWS rejects this event source "
                "mapping",
                span=span, severity=Severity.ERROR,
                fix=f"set visibility_timeout on '{queue.id}' to at least {fmt(6 * run)} s "
                    f"(6 x the function timeout)",
                edits=edits,
            )
        elif vis < 6 * run:
            yield ctx.finding(
                edge,
                f"queue '{queue.id}' has visibility timeout {vis_text}, less than 6 x the "
                f"timeout {run_text} of '{function.id}' ({fmt(6 * run)} s, the AWS "
                "recommendation): messages may reappear while still being processed",
                span=span, severity=Severity.WARNING,
                fix=f"set visibility_timeout on '{queue.id}' to at least {fmt(6 * run)} s",
                edits=edits,
            )


def _longest(graph: Graph, queue: Element) -> float:
    """The longest timeout among the Lambda functions `queue` feeds: the visibility
    timeout the fix writes must cover every one of them, not the first reported."""
    functions = [e.target_element for e in graph.out_edges(queue.id) if e.directed]
    timeouts = [seconds(f.get("timeout")) for f in functions
                if f is not None and fleet_kind(f) == "lambda"]
    return max(LAMBDA_DEFAULT_TIMEOUT if t is None else t for t in timeouts)
