"""DB005 aurora-serverless-capacity: Aurora Serverless v2 capacity outside AWS's range."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import fmt, seconds
from archlint.registry import RuleContext, rule


SERVERLESS_URL = ("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/"
                  "API_ServerlessV2ScalingConfiguration.html")


ACU_MIN, ACU_MAX = 0.5, 256
AUTO_PAUSE = (300.0, 86_400.0)


@rule(
    id="DB005",
    name="aurora-serverless-capacity",
    title="Aurora Serverless v2 capacity outside AWS's range",
    severity="error",
    why="""
        Aurora Serverless v2 capacity is set in ACUs: the minimum may be 0 only when
        auto-pause is on (`auto_pause`), otherwise at least 0.5; the maximum is at most
        256 ACUs (128 on older engine versions) and not below the minimum; auto-pause
        happens after 300 s to 86,400 s (5 min to 24 h) idle. Values outside are rejected.
        Applies to `aurora` nodes that declare `min_capacity`, `max_capacity` or
        `auto_pause`. Checked 2026-11.
    """,
    fix="""
        Set min_capacity = 0 with auto_pause between 5m and 24h to scale to zero, or at
        least 0.5 otherwise; keep max_capacity at most 256 (check your engine version's
        maximum) and split bigger workloads over readers.
    """,
    sources=[SERVERLESS_URL],
    failing=["reports: aurora { min_capacity = 0, max_capacity = 16 }",
             "reports: aurora { min_capacity = 0.5, max_capacity = 512 }"],
    passing=["reports: aurora { min_capacity = 0, max_capacity = 16, auto_pause = 10m }",
             "orders: aurora { min_capacity = 0.5, max_capacity = 256 }"],
)
def aurora_serverless_capacity(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("aurora"):
        low, high = db.get("min_capacity"), db.get("max_capacity")
        pause = seconds(db.get("auto_pause"))
        problems: list[tuple[str, str]] = []
        if isinstance(low, (int, float)):
            if low == 0 and pause is None:
                problems.append(("min_capacity", "min_capacity 0 ACU requires auto-pause "
                                 "(auto_pause); without it the minimum is 0.5 ACU"))
            elif 0 < low < ACU_MIN:
                problems.append(("min_capacity", f"min_capacity {fmt(low)} ACU is below the "
                                 "0.5 ACU minimum (0 is allowed only with auto-pause)"))
        if isinstance(high, (int, float)):
            if high > ACU_MAX:
                problems.append(("max_capacity", f"max_capacity {fmt(high)} ACU is over the "
                                 "256 ACU maximum"))
            if isinstance(low, (int, float)) and high < low:
                problems.append(("max_capacity", f"max_capacity {fmt(high)} ACU is below "
                                 f"min_capacity {fmt(low)} ACU"))
        if pause is not None and not AUTO_PAUSE[0] <= pause <= AUTO_PAUSE[1]:
            problems.append(("auto_pause", f"auto_pause {db.get('auto_pause')} (= {fmt(pause)} "
                             "s) is outside 300 s to 86,400 s"))
        for name, text in problems:
            yield ctx.finding(db, f"Aurora Serverless v2 '{db.id}': {text}",
                              span=db.attr_span(name))
