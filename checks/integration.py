"""Integration and decoupling: SQS with Lambda, API Gateway timeouts and throttles,
synchronous coupling of tiers, and Kinesis shard capacity.

Most of these are the numbers that decide whether an integration works under load:
a queue that redelivers messages still being processed, an API that gives up
before its backend answers, a stream with too few shards.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterator

from archlint.checks._attrs import (
    fmt, per_second, quota_scope, scope_text, seconds, size_bytes, word,
)
from archlint.model.findings import Finding, Severity
from archlint.model.kinds import lookup
from archlint.model.graph import Edge, Element, Graph
from archlint.registry import Option, RuleContext, rule
from archlint.model.values import Throughput

SQS_LAMBDA_URL = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
SQS_LARGE_URL = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                 "sqs-managing-large-messages.html")
SQS_QUOTAS_URL = ("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
                  "quotas-messages.html")
APIGW_REST_URL = ("https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                  "api-gateway-execution-service-limits-table.html")
APIGW_HTTP_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
APIGW_LIMITS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
SQS_SCALING_URL = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html"
KINESIS_URL = "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html"

SQS_DEFAULT_VISIBILITY = 30.0
LAMBDA_DEFAULT_TIMEOUT = 3.0
SQS_MAX_MESSAGE = 1_048_576
SQS_MAX_VISIBILITY = 43_200.0
SQS_RETENTION = (60.0, 14 * 86_400.0)
REST_TIMEOUT = 29.0
HTTP_TIMEOUT = 30.0
SHARD_IN_BYTES = 1_000_000      # "1 MB/s" per shard, as AWS writes it
SHARD_IN_RECORDS = 1_000
SHARD_OUT_BYTES = 2_000_000     # "2 MB/s" per shard, shared by standard consumers

COMPUTE = frozenset({"ec2", "ecs", "fargate", "eks", "lambda", "batch", "apprunner",
                     "elasticbeanstalk", "lightsail", "sagemaker"})
FRONT = frozenset({"ec2", "ecs", "fargate", "eks", "elasticbeanstalk", "lightsail"})
FRONT_DOORS = frozenset({"alb", "nlb", "elb", "apigateway"})
LOAD_BALANCERS = frozenset({"alb", "nlb", "elb"})


def _kind(element: Element | None) -> str:
    """A node's kind; an `asg` group counts as the EC2 fleet it is."""
    if element is None:
        return ""
    return "ec2" if element.kind == "asg" else element.kind


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
def sqs_visibility(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for edge in graph.edges:
        queue, function = graph.element(edge.source), graph.element(edge.target)
        if not edge.directed or _kind(queue) != "sqs" or _kind(function) != "lambda":
            continue
        assert queue is not None and function is not None
        visibility = seconds(queue.get("visibility_timeout"))
        timeout = seconds(function.get("timeout"))
        vis = SQS_DEFAULT_VISIBILITY if visibility is None else visibility
        run = LAMBDA_DEFAULT_TIMEOUT if timeout is None else timeout
        vis_text = (f"{queue.get('visibility_timeout')}" if visibility is not None
                    else "30 s (default)")
        run_text = f"{function.get('timeout')}" if timeout is not None else "3 s (default)"
        span = queue.attr_span("visibility_timeout") if visibility is not None else edge.span
        if vis < run:
            yield ctx.finding(
                edge,
                f"queue '{queue.id}' has visibility timeout {vis_text}, shorter than the "
                f"timeout {run_text} of '{function.id}': AWS rejects this event source "
                "mapping",
                span=span, severity=Severity.ERROR,
                fix=f"set visibility_timeout on '{queue.id}' to at least {fmt(6 * run)} s "
                    f"(6 x the function timeout)",
            )
        elif vis < 6 * run:
            yield ctx.finding(
                edge,
                f"queue '{queue.id}' has visibility timeout {vis_text}, less than 6 x the "
                f"timeout {run_text} of '{function.id}' ({fmt(6 * run)} s, the AWS "
                "recommendation): messages may reappear while still being processed",
                span=span, severity=Severity.WARNING,
                fix=f"set visibility_timeout on '{queue.id}' to at least {fmt(6 * run)} s",
            )


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
    failing=["jobs: sqs { visibility_timeout = 13h }", "jobs: sqs { retention = 30d }"],
    passing=["jobs: sqs { visibility_timeout = 12h, retention = 14d }"],
)
def sqs_ranges(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for queue in graph.of_kind("sqs"):
        visibility = seconds(queue.get("visibility_timeout"))
        if visibility is not None and visibility > SQS_MAX_VISIBILITY:
            yield ctx.finding(
                queue,
                f"queue '{queue.id}' has visibility_timeout {queue.get('visibility_timeout')} "
                f"(= {fmt(visibility)} s), over the SQS maximum of 43,200 s (12 h)",
                span=queue.attr_span("visibility_timeout"),
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
            )


def _call_time(edge: Edge, target: Element) -> tuple[float, str] | None:
    """How long a call may take: the edge's or target's expected `duration`, else
    the edge's or target's `timeout` (what the caller or callee is willing to wait)."""
    for holder, name, where in ((edge, "duration", "edge"), (target, "duration", target.id),
                                (edge, "timeout", "edge"), (target, "timeout", target.id)):
        value = seconds(holder.get(name))
        if value is not None:
            text = f"{name} {holder.get(name)}" + ("" if where == "edge" else f" of '{where}'")
            return value, text
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
def api_gateway_timeout(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
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
            target = graph.element(edge.target)
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


def _backend_time(edge: Edge, target: Element) -> tuple[float, str] | None:
    """The backend's time: the edge's or target's `duration`, else the target's
    `timeout` (an edge's `timeout` is the integration timeout here)."""
    for holder, name in ((edge, "duration"), (target, "duration"), (target, "timeout")):
        value = seconds(holder.get(name))
        if value is not None:
            where = "" if holder is edge else f" of '{target.id}'"
            return value, f"{name} {holder.get(name)}{where}"
    return None


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


def _is_front(graph: Graph, element: Element) -> bool:
    """A front tier: a compute fleet that a load balancer or API sends requests to."""
    if _kind(element) not in FRONT:
        return False
    parents = [element] + ([element.parent] if element.parent and element.parent.kind == "asg"
                           else [])
    return any(_kind(graph.element(e.source)) in FRONT_DOORS
               for p in parents for e in graph.in_edges(p.id) if e.directed)


@rule(
    id="INT006",
    name="synchronous-coupling-at-peak",
    title="Front tier calls a slow worker tier synchronously, with no queue between",
    severity="info",
    why="""
        When a web tier calls a slow worker tier synchronously, every slow request holds a
        front-end connection and thread; at peak, requests time out while new workers are
        still starting, and a failed call loses the job. A queue between the tiers absorbs
        the peak, keeps the jobs when workers fail, and gives the worker fleet a scaling
        signal: the backlog per instance. archlint reports a direct (or load-balanced)
        synchronous edge from a front tier (EC2/ECS/EKS behind a load balancer or API
        Gateway) to a compute tier whose call takes longer than the `threshold` option:
        the edge's or worker's `duration`, else its `timeout`. A design principle, not a
        quota.
    """,
    fix="""
        Put an SQS queue between the tiers: the front tier enqueues the job and answers at
        once; the workers poll the queue and scale on the backlog per instance (a target
        tracking policy on ApproximateNumberOfMessagesVisible / running instances).
    """,
    sources=[SQS_SCALING_URL],
    options=[Option("threshold", 10, "seconds a synchronous call may take before it is slow")],
    failing=[
        """
        lb: alb
        web: ec2 { count = 2, azs = 2 }
        workers: ec2 { count = 2, azs = 2 }
        lb -> web
        web -> workers { timeout = 120s }
        """,
    ],
    passing=[
        """
        lb: alb
        web: ec2 { count = 2, azs = 2 }
        jobs: sqs
        workers: ec2 { count = 2, azs = 2 }
        lb -> web -> jobs -> workers
        """,
    ],
)
def synchronous_coupling(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    threshold = float(ctx.options["threshold"])
    fronts = [e for e in list(graph.nodes.values()) + graph.of_kind("asg") if _is_front(graph, e)]
    for front in fronts:
        for edge in graph.out_edges(front.id):
            target = graph.element(edge.target)
            if target is None or not edge.directed or edge.get("async") is True:
                continue
            workers = [(edge, target)]
            if _kind(target) in LOAD_BALANCERS:       # front -> internal LB -> workers
                workers = [(edge, w) for e in graph.out_edges(target.id) if e.directed
                           if (w := graph.element(e.target)) is not None]
            for call, worker in workers:
                if _kind(worker) not in COMPUTE or worker is front:
                    continue
                kind = lookup(worker.kind)
                if kind is not None and kind.asynchronous:
                    continue
                time = _call_time(call, worker)
                if time is None or time[0] <= threshold:
                    continue
                yield ctx.finding(
                    edge,
                    f"front tier '{front.id}' calls worker tier '{worker.id}' synchronously "
                    f"and may wait {fmt(time[0])} s ({time[1]}; threshold {fmt(threshold)} s) "
                    "with no queue between: at peak, requests time out and failed calls lose "
                    "the job",
                    span=edge.span,
                )


def _sum_bps(edges: list[Edge], name: str) -> float | None:
    """Sum of a throughput attribute over edges; None if no edge declares it."""
    values = [v for e in edges if (v := _bps(e.get(name))) is not None]
    return sum(values) if values else None


def _sum_rate(edges: list[Edge]) -> float | None:
    values = [v for e in edges if (v := per_second(e.get("rate"))) is not None]
    return sum(values) if values else None


def _bps(value: object) -> float | None:
    return value.bytes_per_second if isinstance(value, Throughput) else None


@rule(
    id="INT007",
    name="kinesis-shards",
    title="Kinesis stream with fewer shards than its declared throughput needs",
    severity="error",
    why="""
        Each Kinesis Data Streams shard takes in at most 1 MB/s and 1,000 records/s, and
        serves 2 MB/s of reads shared by its standard consumers (an enhanced fan-out
        consumer gets its own 2 MB/s per shard). Writes over these are throttled
        (ProvisionedThroughputExceeded); the per-shard figures are fixed, the shard count
        is yours. Shards needed = ceil(max(write MB/s / 1, records/s / 1000,
        shared read MB/s / 2, largest fan-out consumer MB/s / 2)).
        Write throughput is the stream's `throughput` (else the sum of `throughput` on
        edges into it); records/s its `rate` (else the sum on edges in); shared reads its
        `read_throughput` (else the sum over edges out without `enhanced_fanout = true`
        of their `throughput`, or of the write throughput for an edge that declares
        none: a standard consumer reads every record, so three consumers of a 3 MB/s
        stream read 9 MB/s and need 5 shards). MB as AWS writes it (10^6 bytes).
        Checked 2026-11.
    """,
    fix="""
        Declare at least the shards needed, or use on-demand capacity mode (`type =
        on_demand`), which adds shards as traffic grows; use enhanced fan-out for several
        consumers.
    """,
    sources=[KINESIS_URL],
    failing=["clicks: kinesis { shards = 2, throughput = 5MB/s }",
             "clicks: kinesis { shards = 1, throughput = 500KB/s, rate = 3000/s }"],
    passing=["clicks: kinesis { shards = 5, throughput = 5MB/s, read_throughput = 10MB/s }"],
)
def kinesis_shards(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for stream in graph.of_kind("kinesis"):
        shards = stream.get("shards")
        if not isinstance(shards, int) or word(stream.get("type")) in ("on_demand", "ondemand"):
            continue
        into = [e for e in graph.in_edges(stream.id) if e.directed]
        out = [e for e in graph.out_edges(stream.id) if e.directed]
        write = _bps(stream.get("throughput"))
        write = _sum_bps(into, "throughput") if write is None else write
        records = per_second(stream.get("rate"))
        records = _sum_rate(into) if records is None else records
        read = _bps(stream.get("read_throughput"))
        shared = [e for e in out if e.get("enhanced_fanout") is not True]
        if read is None and shared:
            # A standard consumer reads every record: without its own figure, all of it.
            read = sum(b if (b := _bps(e.get("throughput"))) is not None else (write or 0)
                       for e in shared)
        fanout = [b for e in out if e.get("enhanced_fanout") is True
                  if (b := _bps(e.get("throughput"))) is not None]
        needs = {
            "write throughput": (write or 0) / SHARD_IN_BYTES,
            "records/s": (records or 0) / SHARD_IN_RECORDS,
            "shared read throughput": (read or 0) / SHARD_OUT_BYTES,
            "enhanced fan-out read": max(fanout, default=0) / SHARD_OUT_BYTES,
        }
        reason, exact = max(needs.items(), key=lambda item: item[1])
        needed = math.ceil(exact - 1e-9)
        if needed <= shards:
            continue
        detail = {
            "write throughput": f"{fmt(write or 0)} bytes/s in at 1 MB/s per shard",
            "records/s": f"{fmt(records or 0)} records/s in at 1,000 per shard",
            "shared read throughput": f"{fmt(read or 0)} bytes/s read"
                                      + (f" by {len(shared)} standard consumers" if len(shared) > 1 else "")
                                      + " at 2 MB/s per shard, shared",
            "enhanced fan-out read": "an enhanced fan-out consumer reading "
                                     f"{fmt(max(fanout))} bytes/s at 2 MB/s per shard"
            if fanout else "",
        }[reason]
        yield ctx.finding(
            stream,
            f"stream '{stream.id}' has {shards} shard(s) but needs {needed} for its "
            f"{reason} ({detail})",
            span=stream.attr_span("shards"),
            fix=f"set shards = {needed} or more on '{stream.id}', or use on-demand mode",
        )


RULES = (sqs_visibility, sqs_message_size, sqs_ranges, api_gateway_timeout,
         api_gateway_throttle, synchronous_coupling, kinesis_shards)
