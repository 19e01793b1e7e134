"""SUP002 suppression-without-reason: a suppression comment that does not say why."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.suppressions._shared import SOURCE, covered_lines, subject
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import BEFORE_SUPPRESSIONS, RuleContext, SuppressionUse, rule


@rule(
    id="SUP002",
    name="suppression-without-reason",
    title="Suppression comment without a reason (with require-reason)",
    severity="warning",
    why="""
        A suppression is a decision someone made about a risk; without a reason,
        reviewers cannot audit it and nobody knows when it can go. Reported only
        when the configuration sets `require-reason: true`.
        """,
    fix="""
        Write why after the brackets: `# archlint: ignore[REL001] cache is rebuilt
        from S3 in 5 minutes, accepted by the design review`.
        """,
    sources=(SOURCE,),
    failing=("""
        db: rds  # archlint: ignore[REL001]
        """,),
    passing=("""
        db: rds  # archlint: ignore[REL001] dev environment, data is disposable
        """,),
    stage=BEFORE_SUPPRESSIONS,
)
def suppression_without_reason(graph: Graph, ctx: RuleContext,
                               use: SuppressionUse) -> Iterator[Finding]:
    """Every suppression without a reason, when `require-reason` is on."""
    if not use.require_reason:
        return
    covered = covered_lines(graph)
    for s in graph.suppressions:
        if not s.reason.strip():
            yield ctx.finding(subject(s, covered),  # type: ignore[arg-type]
                              f"suppression of {', '.join(s.rule_ids)} gives no reason; "
                              "say why after the brackets")
