"""The `defer_to_rel001` option: leave REL001's single points of failure to REL001."""

from __future__ import annotations

from archlint.analysis.redundancy import single_points_of_failure
from archlint.model.graph import Graph
from archlint.registry import Option, RuleContext

DEFER = Option(
    "defer_to_rel001", True,
    "leave components that REL001 reports as single points of failure to REL001 (one "
    "finding per problem); set false if REL001 is disabled")


def deferred_to_rel001(graph: Graph, ctx: RuleContext) -> frozenset[str]:
    """Ids of the nodes REL001 reports, when this rule defers to it (else none).

    REL001 already says "single point of failure: a single-AZ DB instance" (or "no
    replicas") for a database on every serving path, with the same fix; a second
    finding on the same line would repeat it.
    """
    if not ctx.options.get("defer_to_rel001", True):
        return frozenset()
    return single_points_of_failure(graph)
