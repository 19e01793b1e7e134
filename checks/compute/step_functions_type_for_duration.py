"""CMP006 step-functions-type-for-duration:
Standard workflow for short, high-volume executions (Express fits).
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.model.readers import fmt, per_second, seconds, word
from archlint.model.edits import set_attribute
from archlint.registry import Autofix, Option, RuleContext, rule


SFN_URL = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html"
EXPRESS_MAX_SECONDS = 300


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
    autofix=Autofix("`type = express` on the state machine: Express runs steps at least once, "
                    "not exactly once, so the workflow must be idempotent", safe=False),
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
def step_functions_type_for_duration(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
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
            edits=set_attribute(machine, "type", "express"),
        )
