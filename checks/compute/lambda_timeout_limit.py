"""CMP001 lambda-timeout-limit:
Lambda function configured or expected to run longer than 15 minutes.
"""

from __future__ import annotations

from typing import Iterator

from archlint.checks.compute._durations import duration, shown_seconds
from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.values import Duration
from archlint.registry import RuleContext, rule


LAMBDA_MAX_SECONDS = 900
LAMBDA_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
LAMBDA_LIMITS_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"


def _lambda_finding(ctx: RuleContext, subject: Element | Edge, function: Element,
                    name: str, value: Duration,
                    also: list[tuple[str, Duration]] | None = None) -> Finding:
    """One finding per function: the timeout first (Lambda rejects it), then the duration."""
    what = "is configured with timeout" if name == "timeout" else "is expected to run for"
    where = "" if subject is function else f" (edge {subject.id})"
    extra = "".join(f" and {n} {d}" for n, d in also or ())
    return ctx.finding(
        subject,
        f"Lambda function '{function.id}'{where} {what} {value} "
        f"(= {shown_seconds(value)} s){extra}, over the 900 s (15 min) maximum; run it with "
        "Step Functions (Standard), ECS/Fargate or AWS Batch",
        span=subject.attr_span(name),
        fix=f"'{function.id}' cannot run past 15 minutes: split it into steps with Step "
            "Functions (Standard), or run it on ECS/Fargate or as an AWS Batch job",
    )


@rule(
    id="CMP001",
    name="lambda-timeout-limit",
    title="Lambda function configured or expected to run longer than 15 minutes",
    severity="error",
    why="""
        A Lambda invocation runs for at most 900 seconds (15 minutes); the timeout can be
        set from 1 s to 900 s and defaults to 3 s. This is a hard limit: AWS does not raise
        it, and an invocation that reaches it is stopped mid-work. A function whose
        `timeout` or expected `duration` is over 900 s cannot work as designed. Exactly
        900 s is allowed. `duration` on an edge into a function (the run time of that
        invocation) is checked too. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Split the job into steps of under 15 minutes orchestrated by AWS Step Functions
        (Standard workflows run up to a year), or run it as a container task on ECS/Fargate,
        or as an AWS Batch job, which have no such limit.
    """,
    sources=[LAMBDA_SOURCE, LAMBDA_LIMITS_SOURCE],
    failing=[
        """
        uploads: s3
        transcode: lambda "Video transcoder" { timeout = 15m, duration = 40m }
        uploads -> transcode
        """,
        """
        report: lambda { timeout = 901s }
        """,
    ],
    passing=[
        """
        uploads: s3
        thumbs: lambda { timeout = 900s, duration = 2m }
        uploads -> thumbs
        """,
    ],
)
def lambda_timeout_limit(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        over = [(n, d) for n in ("timeout", "duration")
                if (d := duration(function, n)) is not None and d.seconds > LAMBDA_MAX_SECONDS]
        if over:
            yield _lambda_finding(ctx, function, function, *over[0], also=over[1:])
        for edge in graph.in_edges(function.id):
            expected = duration(edge, "duration")
            if expected is not None and expected.seconds > LAMBDA_MAX_SECONDS:
                yield _lambda_finding(ctx, edge, function, "duration", expected)
