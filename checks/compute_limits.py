"""Compute limits beyond duration: Lambda memory, /tmp, payloads and concurrency,
and Step Functions workflow type for short, high-volume work.

Durations (Lambda's 15 minutes, Express's 5 minutes, Standard's year) are CMP001
and CMP002 in `lambda_limits`; this module covers the other numbers a design
doc states about its functions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from archlint.checks._attrs import (
    fmt, is_binary, per_second, quota_scope, scope_text, seconds, word,
)
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Edge, Element, Graph
from archlint.registry import Option, RuleContext, rule
from archlint.model.values import Size

LIMITS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
EPHEMERAL_URL = "https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html"
INVOKE_URL = "https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html"
SFN_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html"

MEMORY_MB = (128, 10_240)
EPHEMERAL_MB = (512, 10_240)
SYNC_PAYLOAD_BYTES = 6 * 2**20      # "6 MB"; the Invoke API counts 6,291,456 bytes
ASYNC_PAYLOAD_BYTES = 1 * 2**20     # "1 MB" (was 256 KB)
ASYNC_SOURCES = frozenset({"sns", "eventbridge", "s3", "ses"})
EXPRESS_MAX_SECONDS = 300


def lambda_megabytes(size: Size) -> float:
    """A memory or /tmp setting in Lambda's "MB" as the author meant it.

    Lambda's API takes a whole number of MB that are binary underneath (10,240 MB
    is 10 GiB). `1769MB` means the setting 1769 and `10GiB` means 10,240, so the
    count is taken in the unit family the author wrote.
    """
    return size.bytes / (2**20 if is_binary(size) else 10**6)


def _range_rule_check(graph: Graph, ctx: RuleContext, name: str, low: int, high: int,
                      what: str) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        value = function.get(name)
        if not isinstance(value, Size):
            continue
        mb = lambda_megabytes(value)
        if low <= mb <= high:
            continue
        side = "below the minimum" if mb < low else "over the maximum"
        yield ctx.finding(
            function,
            f"Lambda function '{function.id}' has {name} {value} (= {fmt(round(mb, 2))} MB), "
            f"{side} of {fmt(low if mb < low else high)} MB for {what}",
            span=function.attr_span(name),
        )


@rule(
    id="CMP003",
    name="lambda-memory-range",
    title="Lambda memory outside 128 MB to 10,240 MB",
    severity="error",
    why="""
        A Lambda function's memory can be set from 128 MB to 10,240 MB (hard limits; CPU
        is allocated in proportion to memory). A design that needs more memory than
        10,240 MB cannot run on Lambda. Lambda's MB are binary underneath (10,240 MB is
        10 GiB), so archlint counts the setting in the unit you wrote: `10240MB` and
        `10GiB` both pass, `10241MB` fails. Checked 2026-11.
    """,
    fix="""
        Keep memory between 128 MB and 10,240 MB; a job that needs more memory belongs
        on ECS/Fargate (up to 120 GB per task) or EC2.
    """,
    sources=[LIMITS_URL],
    failing=["resize: lambda { memory = 12GB }", "tiny: lambda { memory = 64MB }"],
    passing=["resize: lambda { memory = 10240MB }\nsmall: lambda { memory = 128MB }"],
)
def lambda_memory_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    yield from _range_rule_check(graph, ctx, "memory", *MEMORY_MB, "Lambda memory")


@rule(
    id="CMP004",
    name="lambda-ephemeral-storage-range",
    title="Lambda /tmp (ephemeral storage) outside 512 MB to 10,240 MB",
    severity="error",
    why="""
        A Lambda function's /tmp (`ephemeral_storage`) can be set from 512 MB (the
        default) to 10,240 MB; the bounds are hard. Work that needs more scratch space
        than 10,240 MB cannot fit in /tmp. Counted in the unit you wrote, as for memory.
        Checked 2026-11.
    """,
    fix="""
        Stream the data instead of staging it, mount Amazon EFS on the function for larger
        working sets, or run the job on ECS/Fargate with larger storage.
    """,
    sources=[EPHEMERAL_URL, LIMITS_URL],
    failing=["unzip: lambda { ephemeral_storage = 20GB }"],
    passing=["unzip: lambda { ephemeral_storage = 10GiB }"],
)
def lambda_ephemeral_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    yield from _range_rule_check(graph, ctx, "ephemeral_storage", *EPHEMERAL_MB,
                                 "Lambda ephemeral storage (/tmp)")


def is_async_invoke(edge: Edge, source: Element | None) -> bool:
    """Asynchronous invocation: declared (`async = true`) or by an event source that
    AWS invokes asynchronously (SNS, EventBridge, S3, SES).

    SQS, Kinesis and DynamoDB streams are polled by an event source mapping, which
    invokes the function synchronously, so the synchronous limit applies to them.
    """
    if edge.get("async") is True:
        return True
    return source is not None and source.kind in ASYNC_SOURCES


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
def lambda_payload(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        edges = [e for e in graph.in_edges(function.id) if e.directed]
        own = function.get("payload")
        if not edges and isinstance(own, Size) and own.bytes > SYNC_PAYLOAD_BYTES:
            yield _payload_finding(ctx, function, function, "payload", own, False)
        for edge in edges:
            asynchronous = is_async_invoke(edge, graph.element(edge.source))
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


def _executions_per_second(graph: Graph, machine: Element) -> float | None:
    own = per_second(machine.get("rate"))
    if own is not None:
        return own
    rates = [r for e in graph.in_edges(machine.id) if (r := per_second(e.get("rate"))) is not None]
    return sum(rates) if rates else None


@rule(
    id="CMP006",
    name="step-functions-type-for-duration",
    title="Standard workflow for short, high-volume executions (Express fits)",
    severity="info",
    why="""
        Standard workflows are built for long-running, durable, auditable work (up to a
        year, exactly-once) and are billed per state transition, under account-level
        execution-start and state-transition throttling quotas. Express workflows are built
        for high-volume event processing that finishes within 5 minutes, billed by
        executions and duration. A Standard workflow (the default `type`) whose executions
        take at most 5 minutes (`duration` or `timeout`) and arrive faster than the
        `rate` option is a candidate for Express. The opposite mismatch, an Express
        workflow longer than 5 minutes, is an error reported by CMP002. Express runs
        at-least-once (asynchronous) or at-most-once (synchronous), so steps must be
        idempotent. Checked 2026-11.
    """,
    fix="""
        Use `type = express` for short, idempotent, high-volume workflows; keep Standard
        for work that needs exactly-once steps, long waits or callbacks, and start it from
        an Express workflow when only part of the job needs it.
    """,
    sources=[SFN_URL],
    options=[Option("rate", 100, "executions per second above which a short Standard "
                    "workflow is reported")],
    failing=[
        """
        events: eventbridge
        enrich: stepfunctions { duration = 3s }
        events -> enrich { rate = 2000/s }
        """,
    ],
    passing=[
        """
        events: eventbridge
        enrich: stepfunctions { type = express, duration = 3s }
        approve: stepfunctions { duration = 2d, rate = 2000/s }
        events -> enrich { rate = 2000/s }
        """,
    ],
)
def step_functions_type(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    threshold = float(ctx.options["rate"])
    for machine in graph.of_kind("stepfunctions"):
        if (word(machine.get("type")) or "standard") != "standard":
            continue
        run = [s for n in ("duration", "timeout") if (s := seconds(machine.get(n))) is not None]
        rate = _executions_per_second(graph, machine)
        if not run or rate is None or max(run) > EXPRESS_MAX_SECONDS or rate <= threshold:
            continue
        span_name = "rate" if machine.get("rate") is not None else "type"
        yield ctx.finding(
            machine,
            f"Standard workflow '{machine.id}' runs {fmt(rate)} executions/s of at most "
            f"{fmt(max(run))} s each: short, high-volume work that Express workflows are "
            f"built for (threshold {fmt(threshold)}/s)",
            span=machine.attr_span(span_name),
        )


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
def lambda_concurrency(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
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


RULES = (lambda_memory_range, lambda_ephemeral_range, lambda_payload, step_functions_type,
         lambda_concurrency)
