"""INT003 sqs-attribute-range: SQS visibility timeout or retention outside AWS's range."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import fmt, seconds
from archlint.model.edits import set_attribute
from archlint.registry import Autofix, RuleContext, rule


SQS_QUOTAS_URL = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                  "quotas-messages.html")


SQS_MAX_VISIBILITY = 43_200.0
SQS_RETENTION = (60.0, 14 * 86_400.0)


@rule(
    id="INT003",
    name="sqs-attribute-range",
    title="SQS visibility timeout or retention outside AWS's range",
    severity="error",
    why="""
        An SQS queue's visibility timeout is 0 s to 43,200 s (12 hours; default 30 s) and
        its message retention 60 s to 1,209,600 s (14 days; default 4 days). Both ranges
        are hard: values outside are rejected. Checked 2026-11.
    """,
    fix="""
        Keep visibility_timeout at most 12h (for longer work, extend visibility with
        ChangeMessageVisibility as the worker makes progress, or use Step Functions) and
        retention between 60s and 14d (archive older messages to S3).
    """,
    sources=[SQS_QUOTAS_URL],
    autofix=Autofix("the value clamped into the range: `visibility_timeout = 12h`, or "
                    "`retention = 60s` / `14d`", safe=False),
    failing=["jobs: sqs { visibility_timeout = 13h }", "jobs: sqs { retention = 30d }"],
    passing=["jobs: sqs { visibility_timeout = 12h, retention = 14d }"],
)
def sqs_attribute_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for queue in graph.of_kind("sqs"):
        visibility = seconds(queue.get("visibility_timeout"))
        if visibility is not None and visibility > SQS_MAX_VISIBILITY:
            yield ctx.finding(
                queue,
                f"queue '{queue.id}' has visibility_timeout {queue.get('visibility_timeout')} "
                f"(= {fmt(visibility)} s), over the SQS maximum of 43,200 s (12 h)",
                span=queue.attr_span("visibility_timeout"),
                edits=set_attribute(queue, "visibility_timeout", "12h"),
            )
        retention = seconds(queue.get("retention"))
        low, high = SQS_RETENTION
        if retention is not None and not low <= retention <= high:
            side = "below the minimum of 60 s" if retention < low else \
                "over the maximum of 1,209,600 s (14 days)"
            yield ctx.finding(
                queue,
                f"queue '{queue.id}' has retention {queue.get('retention')} "
                f"(= {fmt(retention)} s), {side}",
                span=queue.attr_span("retention"),
                edits=set_attribute(queue, "retention", "60s" if retention < low else "14d"),
            )
