"""CMP002 step-functions-duration: Step Functions workflow longer than its type allows."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.compute._durations import duration, shown_seconds
from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.values import Duration
from archlint.registry import RuleContext, rule


EXPRESS_MAX_SECONDS = 5 * 60
STANDARD_MAX_SECONDS = 365 * 86400
SFN_SOURCE = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html"


def _longest(holder: Element | Edge) -> tuple[str, Duration] | None:
    """The attribute (`timeout` first, then `duration`) with the longest time."""
    found = [(n, d) for n in ("timeout", "duration") if (d := duration(holder, n)) is not None]
    return max(found, key=lambda item: item[1].seconds) if found else None


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
            f"(= {shown_seconds(value)} s), over the {limit_text}",
            span=machine.attr_span(name),
            fix=fix,
        )
