"""CMP005 lambda-payload-limit:
Lambda invocation payload over 6 MB (synchronous) or 1 MB (asynchronous).
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.kinds import has_trait
from archlint.model.readers import fmt
from archlint.model.values import Size
from archlint.registry import RuleContext, rule


LIMITS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
INVOKE_URL = "https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html"
SYNC_PAYLOAD_BYTES = 6 * 2**20      # "6 MB"; the Invoke API counts 6,291,456 bytes
ASYNC_PAYLOAD_BYTES = 1 * 2**20     # "1 MB" (was 256 KB)


def is_async_invoke(edge: Edge, source: Element | None) -> bool:
    """Asynchronous invocation: declared (`async = true`) or by an event source that
    AWS invokes asynchronously (SNS, EventBridge, S3, SES).

    SQS, Kinesis and DynamoDB streams are polled by an event source mapping, which
    invokes the function synchronously, so the synchronous limit applies to them.
    """
    if edge.get("async") is True:
        return True
    return source is not None and has_trait(source.kind, "async_invoker")


def _payload_finding(ctx: RuleContext, subject: Element | Edge, holder: Element | Edge,
                     name: str, value: Size, asynchronous: bool,
                     function: str | None = None) -> Finding:
    mode = "asynchronous" if asynchronous else "synchronous"
    limit = "1 MB (1,048,576 bytes)" if asynchronous else "6 MB (6,291,456 bytes)"
    what = "response" if name == "response_size" else "request payload"
    target = function or subject.id
    return ctx.finding(
        subject,
        f"{mode.capitalize()} invocation of Lambda '{target}' has a {what} of {value} "
        f"(= {fmt(value.bytes)} bytes), over the {limit} {mode} limit",
        span=holder.attr_span(name),
    )


@rule(
    id="CMP005",
    name="lambda-payload-limit",
    title="Lambda invocation payload over 6 MB (synchronous) or 1 MB (asynchronous)",
    severity="error",
    why="""
        A synchronous Lambda invocation carries at most 6 MB of request and 6 MB of
        response; an asynchronous one at most 1 MB of request (raised from 256 KB). These
        are hard limits; larger payloads are rejected. AWS writes "MB" and counts binary
        megabytes (the Invoke API rejects requests of 6,291,456 bytes or more than that),
        so archlint compares bytes with 6 MiB and 1 MiB. Asynchronous means an edge with
        `async = true` or an edge from SNS, EventBridge, S3 or SES; SQS and stream sources
        are polled by an event source mapping that invokes synchronously. The request is
        the edge's (or function's) `payload`, the response its `response_size`.
        Checked 2026-11.
    """,
    fix="""
        Pass a reference instead of the data: put the payload in S3 and send the bucket
        and key (or a presigned URL for responses).
    """,
    sources=[INVOKE_URL, LIMITS_URL],
    failing=[
        """
        api: apigateway
        fn: lambda
        api -> fn { payload = 7MB }
        """,
        """
        topic: sns
        fn: lambda
        topic -> fn { payload = 2MB }
        """,
    ],
    passing=[
        """
        api: apigateway
        fn: lambda
        topic: sns
        api -> fn { payload = 6MB, response_size = 6MiB }
        topic -> fn { payload = 1MiB }
        """,
    ],
)
def lambda_payload_limit(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        edges = [e for e in graph.in_edges(function.id) if e.directed]
        own = function.get("payload")
        if not edges and isinstance(own, Size) and own.bytes > SYNC_PAYLOAD_BYTES:
            yield _payload_finding(ctx, function, function, "payload", own, False)
        for edge in edges:
            asynchronous = is_async_invoke(edge, edge.source_element)
            request = edge.get("payload")
            holder: Element | Edge = edge
            if not isinstance(request, Size):
                request, holder = own, function
            limit = ASYNC_PAYLOAD_BYTES if asynchronous else SYNC_PAYLOAD_BYTES
            if isinstance(request, Size) and request.bytes > limit:
                yield _payload_finding(ctx, edge, holder, "payload", request, asynchronous,
                                       function.id)
            response = edge.get("response_size")
            if not asynchronous and isinstance(response, Size) and response.bytes > limit:
                yield _payload_finding(ctx, edge, edge, "response_size", response, False,
                                       function.id)
