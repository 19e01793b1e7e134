"""AVL001 availability-budget: does the design's weakest serving path reach its target?"""

from __future__ import annotations

import textwrap
from typing import Iterator

from archlint.checks.availability._budget import Budget, route_text
from archlint.checks.availability._sla import Figure, SLAS, option_percent, pct, sla_table
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.model.values import Percent
from archlint.registry import Option, RuleContext, rule

MAX_FACTORS = 10   # factors shown in a message; the rest are multiplied together


def _fix(fig: Figure, element: Element) -> str:
    better = [t for t in (fig.sla.tiers if fig.sla else ()) if fig.tier and t.percent >
              fig.tier.percent]
    if better:
        tier = max(better, key=lambda t: t.percent)
        return (f"move '{element.id}' to the {fig.sla.service} {tier.name} tier "  # type: ignore
                f"({tier.percent:g}%), or add a second Regional stack, or lower the target")
    return (f"'{element.id}' is already at its service's best published figure: shorten the "
            "synchronous path (queue what need not finish in the request), add a second "
            "Regional stack behind Route 53, or lower the target")


@rule(
    id="AVL001",
    name="availability-budget",
    title="Weakest serving path below the declared availability target",
    severity="warning",
    why=textwrap.dedent("""
        A document may declare the availability it promises (`availability = 99.95%`).
        archlint estimates what the design can back with AWS's published SLAs and reports
        when the weakest serving path falls short. The message is one sentence with the
        estimate and the weakest component; the path and the arithmetic (each factor and
        the product, e.g. `lb (Elastic Load Balancing multi-AZ 99.99%) x db (Amazon RDS
        Single-AZ 99.5%) = 99.49%`) are in the finding's properties in JSON and SARIF
        output (`path`, `arithmetic`, `weakest_figure`, `no_sla`). The figures are SLA
        credit thresholds, not measured availability: AWS SLAs are service
        credits, not guarantees; a month below the figure earns a partial refund, so
        this is a budget for the design, not a prediction of uptime. Figures as published in late 2026 (checked 2026-11; the
        table is at the end).

        The model:
        - Serving paths run over request edges (`->`, `<-`, `<->`; not `--`, not
          `async = true`) from the entries (users, clients, Route 53, CloudFront...; if
          none, nodes that only send) to where a request ends: a data store, a sink, or
          a queue, stream or topic (work behind a queue is decoupled from the request).
          Edges to and from groups reach their members, as for REL001.
        - Each component gets its service's SLA figure for its deployment: EC2 / ECS /
          Fargate / EKS workers 99.99% with 2 or more copies over 2 or more AZs, else the
          99.5% single-instance figure (copies in one AZ share its fate, so they get no
          credit: AWS publishes no figure for them); RDS Multi-AZ 99.95% / Single-AZ 99.5%;
          Aurora Multi-AZ (a replica in another AZ) 99.99% / 99.9%; ELB 99.99% (99.9% with
          azs = 1); ElastiCache Multi-AZ 99.99% / 99.5%; DynamoDB 99.99%, 99.999% with
          global tables (regions >= 2); S3 Standard 99.9% (99.0% for IA, One Zone-IA,
          Intelligent-Tiering via `type`); Lambda and API Gateway 99.95%; CloudFront,
          SQS, SNS, Kinesis, Step Functions 99.9%; Route 53 100%; users and clients are
          outside the budget; a dependency outside AWS (`external`, `saas`,
          `onprem_system`) counts its declared `sla = 99.9%`, or is listed as having no
          figure.
        - In series, figures multiply. Independent copies combine in parallel as
          1 - (1 - a)^N: a stateless service in N Regions (`regions = N`), zonal copies
          over several AZs of a kind with no multi-AZ SLA tier (e.g. VPN connections),
          and targets of one kind in different Region groups (a Route 53 record per
          Regional stack: each stack's weakest path, combined).
        - Components with no published SLA (NAT gateway, WAF, DAX...) count as 100% and
          are listed; give them a figure with the `sla` option (kind -> percent).
        - The weakest path is found without listing paths: W(v) = a(v) x min W(successor)
          over the condensation of the graph (cycles, e.g. callbacks, become one step
          whose figure is the product of its members), in reverse topological order:
          linear in the size of the graph.

        Limits: one request often needs several stores at once (both must be up), which
        a single path does not multiply, so the estimate can be optimistic; parallel
        Regional stacks that share a global store count it once per stack (optimistic);
        SLAs exclude scheduled maintenance and your own code; and an active-passive
        failover's detection time is not modelled.
    """) + "\n" + sla_table(),
    fix="""
        Strengthen the weakest component (the message names its better tier, e.g. RDS
        Multi-AZ), spread copies over AZs (count >= 2, azs >= 2), remove needless hops
        from the synchronous path (queue work that need not finish in the request), or
        run a second Regional stack behind Route 53 failover or latency routing; or
        lower the target to what the design can back.
    """,
    sources=sorted({s.url for s in SLAS}),
    options=[Option("sla", {}, "availability percent per kind for services without a "
                    "published SLA or to replace the table's figure, e.g. {natgateway: 99.9}",
                    check="archlint.checks.availability._sla:check_sla_option")],
    failing=[
        """
        availability = 99.9%
        users: users
        lb: alb
        web: ec2 { count = 4, azs = 2 }
        db: rds { multi_az = false }
        users -> lb -> web -> db
        """,
    ],
    passing=[
        """
        availability = 99.9%
        users: users
        lb: alb
        web: ec2 { count = 4, azs = 2 }
        db: rds { multi_az = true }
        users -> lb -> web -> db
        """,
    ],
)
def availability_budget(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    target = graph.get("availability")
    if not isinstance(target, Percent):
        return
    table = ctx.options.get("sla")
    overrides = {str(k).lower(): p for k, v in (table if isinstance(table, dict) else {}).items()
                 if (p := option_percent(v)) is not None}
    budget = Budget(graph, overrides)
    budget.solve()
    found = budget.weakest()
    if found is None or found[0] >= target.fraction - 1e-12:
        return
    value, start = found
    shown, steps, counted = budget.path(start)
    on_path = set(shown)
    factors = [(f"{budget.flow.element[v].id} ({budget.fig[v].text})",  # type: ignore
                budget.fig[v].value) for v in shown
               if budget.fig[v].counted and budget.fig[v].value < 1]
    if len(factors) > MAX_FACTORS:   # long paths: the weakest factors, the rest as one product
        keep = sorted(factors, key=lambda f: f[1])[:MAX_FACTORS - 1]
        rest = 1.0
        for _, a in factors:
            rest *= a
        for _, a in keep:
            rest /= a
        factors = keep + [(f"{len(factors) - len(keep)} more components {pct(rest)}", rest)]
    shown_factors = [text for text, _ in factors] + steps
    unknown = [f"{budget.flow.element[v].id} ({budget.flow.element[v].kind})"  # type: ignore
               for v in counted if not budget.fig[v].counted and v in on_path]
    weakest_v = min((v for v in counted if budget.fig[v].counted),
                    key=lambda v: budget.fig[v].value, default=None)
    if weakest_v is None:
        return
    weakest = budget.flow.element[weakest_v]
    assert weakest is not None
    route = route_text([budget.flow.element[v].id for v in shown])  # type: ignore[union-attr]
    arithmetic = " x ".join(shown_factors) or "100%"
    if len(shown_factors) != 1 or not steps:
        arithmetic += f" = {pct(value)}"
    message = (f"by SLA credit thresholds (not measured availability) the weakest serving "
               f"path reaches {pct(value)}, below the {target} target; weakest component: "
               f"'{weakest.id}'")
    properties = {
        "estimate": pct(value), "target": str(target), "path": route,
        "arithmetic": arithmetic, "weakest": weakest.id,
        "weakest_figure": budget.fig[weakest_v].text,
        "no_sla": unknown,   # counted as 100%: give them a figure with the sla option
        "basis": "AWS SLA credit thresholds (and declared sla figures), not measured availability",
    }
    yield ctx.finding(weakest, message, span=weakest.span, properties=properties,
                      fix=_fix(budget.fig[weakest_v], weakest))
