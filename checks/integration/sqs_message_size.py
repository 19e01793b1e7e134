"""INT002 sqs-message-size: SQS message larger than 1 MiB."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.readers import fmt, size_bytes
from archlint.registry import RuleContext, rule


SQS_LARGE_URL = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                 "sqs-managing-large-messages.html")


SQS_QUOTAS_URL = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                  "quotas-messages.html")


SQS_MAX_MESSAGE = 1_048_576


@rule(
    id="INT002",
    name="sqs-message-size",
    title="SQS message larger than 1 MiB",
    severity="error",
    why="""
        An SQS message is at most 1 MiB (1,048,576 bytes), a hard limit (raised from
        256 KiB; checked 2026-11). Larger messages are rejected. `message_size` is read
        on the queue and on edges into or out of it.
    """,
    fix="""
        Use the claim-check pattern: store the body in S3 and send a reference (the SQS
        Extended Client Library does this, up to 2 GB), or shrink the message.
    """,
    sources=[SQS_LARGE_URL, SQS_QUOTAS_URL],
    failing=["jobs: sqs { message_size = 2MB }"],
    passing=["jobs: sqs { message_size = 1MiB }"],
)
def sqs_message_size(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for queue in graph.of_kind("sqs"):
        holders: list[Element | Edge] = [queue]
        holders += graph.in_edges(queue.id) + graph.out_edges(queue.id)
        for holder in holders:
            size = size_bytes(holder.get("message_size"))
            if size is not None and size > SQS_MAX_MESSAGE:
                where = "" if holder is queue else f" on edge {holder.id}"
                yield ctx.finding(
                    holder,
                    f"message_size {holder.get('message_size')}{where} (= {fmt(size)} bytes) "
                    f"is over the SQS maximum of 1 MiB (1,048,576 bytes) for queue '{queue.id}'",
                    span=holder.attr_span("message_size"),
                )
