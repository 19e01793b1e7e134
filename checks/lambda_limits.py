"""Compute duration limits: Lambda's 15-minute ceiling and Step Functions' maximums.

Both are hard limits: a job designed to run longer than its service allows does
not slow down, it is killed. The fix is a different service, so the check is
worth making while the design is still a document.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.registry import RuleContext, rule
from archlint.model.values import Duration

LAMBDA_MAX_SECONDS = 900
EXPRESS_MAX_SECONDS = 5 * 60
STANDARD_MAX_SECONDS = 365 * 86400

LAMBDA_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
LAMBDA_LIMITS_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
SFN_SOURCE = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html"


def _seconds(value: Duration) -> str:
    """34560000.0 -> '34,560,000'; keeps fractions such as 900.5."""
    seconds = value.seconds
    return f"{seconds:,.0f}" if seconds == int(seconds) else f"{seconds:,.3f}".rstrip("0")


def _duration(holder: Element | Edge, name: str) -> Duration | None:
    value = holder.get(name)
    return value if isinstance(value, Duration) else None


def _longest(holder: Element | Edge) -> tuple[str, Duration] | None:
    """The attribute (`timeout` first, then `duration`) with the longest time."""
    found = [(n, d) for n in ("timeout", "duration") if (d := _duration(holder, n)) is not None]
    return max(found, key=lambda item: item[1].seconds) if found else None


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
def lambda_timeout(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        over = [(n, d) for n in ("timeout", "duration")
                if (d := _duration(function, n)) is not None and d.seconds > LAMBDA_MAX_SECONDS]
        if over:
            yield _lambda_finding(ctx, function, function, *over[0], also=over[1:])
        for edge in graph.in_edges(function.id):
            expected = _duration(edge, "duration")
            if expected is not None and expected.seconds > LAMBDA_MAX_SECONDS:
                yield _lambda_finding(ctx, edge, function, "duration", expected)


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
        f"(= {_seconds(value)} s){extra}, over the 900 s (15 min) maximum; run it with "
        "Step Functions (Standard), ECS/Fargate or AWS Batch",
        span=subject.attr_span(name),
        fix=f"'{function.id}' cannot run past 15 minutes: split it into steps with Step "
            "Functions (Standard), or run it on ECS/Fargate or as an AWS Batch job",
    )


def _workflow_type(machine: Element) -> str:
    value = machine.get("type")
    return str(value).lower() if value is not None else "standard"


@rule(
    id="CMP002",
    name="step-functions-duration",
    title="Step Functions workflow longer than its type allows",
    severity="error",
    why="""
        An Express workflow runs for at most 5 minutes; a Standard workflow for at most
        1 year (365 days). Both are hard limits: an execution that reaches them fails.
        The type comes from `type = express` or `type = standard` (Standard is the
        default, as in AWS); the run time from `duration` or `timeout`. Checked against
        the AWS documentation in 2026-11.
    """,
    fix="""
        For Express workflows longer than 5 minutes, use a Standard workflow (up to a year,
        exactly-once, priced per state transition) or start a Standard child workflow for
        the long part. For work longer than a year, split it into chained executions
        (start a new execution before the old one ends).
    """,
    sources=[SFN_SOURCE],
    failing=[
        """
        orders: stepfunctions { type = express, duration = 10m }
        """,
        """
        retention: stepfunctions { type = standard, duration = 400d }
        """,
    ],
    passing=[
        """
        orders: stepfunctions { type = express, duration = 5m }
        approval: stepfunctions { duration = 30d }
        """,
    ],
)
def step_functions_duration(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for machine in graph.of_kind("stepfunctions"):
        kind = _workflow_type(machine)
        if kind not in ("express", "standard"):
            continue
        longest = _longest(machine)
        if longest is None:
            continue
        name, value = longest
        limit = EXPRESS_MAX_SECONDS if kind == "express" else STANDARD_MAX_SECONDS
        if value.seconds <= limit:
            continue
        if kind == "express":
            limit_text = "5 min maximum of an Express workflow"
            fix = (f"use a Standard workflow for '{machine.id}' (up to 1 year), or keep the "
                   "Express part under 5 minutes and start a Standard workflow for the rest")
        else:
            limit_text = "1 year (365 days) maximum of a Standard workflow"
            fix = (f"split '{machine.id}' into chained executions, each under a year "
                   "(start the next one before the current one ends)")
        yield ctx.finding(
            machine,
            f"{kind.capitalize()} Step Functions workflow '{machine.id}' has {name} {value} "
            f"(= {_seconds(value)} s), over the {limit_text}",
            span=machine.attr_span(name),
            fix=fix,
        )


RULES = (lambda_timeout, step_functions_duration)
