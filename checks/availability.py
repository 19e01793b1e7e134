"""Availability budget: does the design's weakest serving path reach its target?

Each component on a path gets the Monthly Uptime Percentage AWS publishes in its
SLA for the way it is deployed (Multi-AZ or not, global tables or not...).
Components in series multiply; copies that fail independently combine in
parallel as 1 - (1 - a)^N. The weakest path from an entry to a data store is
found without enumerating paths: availabilities are in (0, 1], so the minimum
product over paths obeys W(v) = a(v) * min over successors W(s), computed once
per vertex in reverse topological order. Cycles are condensed first (Tarjan's
strongly connected components, iterative), so the whole check is linear in the
size of the graph.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Iterator

from archlint.checks._attrs import word
from archlint.checks.spof import FlowGraph, copies, flow_graph, placement
from archlint.model.findings import Finding
from archlint.model.kinds import KINDS
from archlint.model.graph import Element, Graph
from archlint.registry import Option, RuleContext, rule
from archlint.model.values import Percent

COMPUTE_SLA = "https://aws.amazon.com/compute/sla/"


@dataclass(frozen=True)
class Tier:
    """One figure of an SLA: the deployment it applies to and its percentage."""

    name: str
    percent: float
    confirmed: bool   # read on the stored AWS SLA page (else from AWS docs or other sources)
    note: str = ""    # how the figure is used, when it is a proxy


@dataclass(frozen=True)
class Sla:
    service: str
    kinds: tuple[str, ...]
    tiers: tuple[Tier, ...]
    url: str
    updated: str = ""   # the SLA page's "last updated" year, when confirmed

    def tier(self, name: str) -> Tier:
        return next((t for t in self.tiers if t.name == name), self.tiers[0])

    @property
    def multi_az(self) -> bool:
        return any("multi-az" in t.name.lower() for t in self.tiers)


def _t(name: str, percent: float, confirmed: bool = True, note: str = "") -> Tier:
    return Tier(name, percent, confirmed, note)


# Published Monthly Uptime Percentages (rules-facts.md, checked 2026-11). The first
# tier of each service is its default. Not here: services with no SLA figure found
# (e.g. NAT gateway): they come from the `sla` option, never from a guess.
SLAS: tuple[Sla, ...] = (
    Sla("Amazon EC2", ("ec2", "eks", "elasticbeanstalk"),
        (_t("multi-AZ", 99.99), _t("single instance", 99.5, confirmed=False)),
        COMPUTE_SLA, "2022"),
    Sla("Amazon ECS / AWS Fargate", ("ecs", "fargate"),
        (_t("multi-AZ", 99.99),
         _t("single instance", 99.5, confirmed=False,
            note="the EC2 instance-level figure, as a proxy: no task-level figure is published")),
        COMPUTE_SLA, "2022"),
    Sla("Amazon EBS", ("ebs",), (_t("single volume", 99.9), _t("multi-AZ", 99.99)),
        "https://aws.amazon.com/ebs/sla/", "2022"),
    Sla("Amazon EFS", ("efs",), (_t("Standard", 99.99), _t("One Zone", 99.9)),
        "https://aws.amazon.com/efs/sla/", "2022"),
    Sla("Amazon RDS", ("rds",), (_t("Single-AZ", 99.5), _t("Multi-AZ", 99.95)),
        "https://aws.amazon.com/rds/sla/", "2024"),
    Sla("Amazon Aurora", ("aurora",), (_t("Single-AZ", 99.9), _t("Multi-AZ", 99.99)),
        "https://aws.amazon.com/rds/aurora/sla/", "2022"),
    Sla("Amazon DynamoDB", ("dynamodb",),
        (_t("standard table", 99.99, False), _t("global table", 99.999, False)),
        "https://aws.amazon.com/dynamodb/sla/"),
    Sla("Amazon S3", ("s3",),
        (_t("Standard", 99.9), _t("Standard-IA, One Zone-IA or Intelligent-Tiering", 99.0)),
        "https://aws.amazon.com/s3/sla/", "2023"),
    Sla("AWS Lambda", ("lambda",), (_t("Region", 99.95, False),),
        "https://aws.amazon.com/lambda/sla/"),
    Sla("Elastic Load Balancing", ("alb", "nlb", "elb"),
        (_t("multi-AZ", 99.99), _t("single AZ", 99.9)),
        "https://aws.amazon.com/elasticloadbalancing/sla/", "2022"),
    Sla("Amazon Route 53", ("route53",), (_t("DNS queries", 100.0, False),),
        "https://aws.amazon.com/route53/sla/"),
    Sla("Amazon CloudFront", ("cloudfront",), (_t("distribution", 99.9),),
        "https://aws.amazon.com/cloudfront/sla/", "2022"),
    Sla("Amazon SQS / SNS", ("sqs", "sns"), (_t("Region", 99.9, False),),
        "https://aws.amazon.com/messaging/sla/"),
    Sla("Amazon API Gateway", ("apigateway",), (_t("Region", 99.95),),
        "https://aws.amazon.com/api-gateway/sla/", "2022"),
    Sla("Amazon ElastiCache", ("elasticache",),
        (_t("single-AZ", 99.5, False), _t("Multi-AZ or Serverless", 99.99, False)),
        "https://aws.amazon.com/elasticache/sla/"),
    Sla("Amazon EKS (cluster API endpoint)", (), (_t("control plane", 99.95),),
        "https://aws.amazon.com/eks/sla/", "2022"),
    Sla("Amazon Kinesis Data Streams", ("kinesis",), (_t("Region", 99.9),),
        "https://aws.amazon.com/kinesis/sla/", "2024"),
    Sla("AWS Step Functions", ("stepfunctions",), (_t("Region", 99.9, False),),
        "https://aws.amazon.com/step-functions/sla/"),
    Sla("AWS Transit Gateway", ("transitgateway",), (_t("Region", 99.99, False),),
        "https://aws.amazon.com/transit-gateway/sla/"),
    Sla("AWS Site-to-Site VPN", ("vpn",), (_t("connection", 99.95),),
        "https://aws.amazon.com/vpn/site-to-site-vpn-sla/", "2022"),
)
SLA_BY_KIND: dict[str, Sla] = {kind: sla for sla in SLAS for kind in sla.kinds}
COMPUTE = frozenset({"ec2", "ecs", "fargate", "eks", "elasticbeanstalk"})
MAX_FACTORS = 10   # factors shown in a message; the rest are multiplied together
MAX_ROUTE = 12
INFREQUENT_S3 = frozenset({"standard_ia", "onezone_ia", "one_zone_ia", "intelligent_tiering",
                           "ia"})


@dataclass(frozen=True)
class Figure:
    """A component's availability on a path and how it was reached."""

    value: float          # 0 < value <= 1
    text: str             # e.g. "RDS Single-AZ 99.5%"
    counted: bool = True  # False: no SLA figure (counted as 100%)
    sla: Sla | None = None
    tier: Tier | None = None


def pct(fraction: float) -> str:
    """0.99949 -> '99.949%': enough digits to compare with a target, no more."""
    for digits in range(4, 12):
        text = f"{fraction * 100:.{digits}f}".rstrip("0").rstrip(".")
        if fraction >= 1 or text != "100":
            return f"{text}%"
    return f"{fraction * 100!r}%"


def _option_percent(value: object) -> float | None:
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1])
        except ValueError:
            return None
    return None


def _tier_name(element: Element, sla: Sla) -> str:
    """Which of the service's SLA tiers this deployment falls under."""
    kind = element.kind
    n, azs = copies(element), placement(element).azs
    spread = n >= 2 and azs is not None and azs >= 2
    if kind == "ebs":
        return "multi-AZ" if spread else "single volume"
    if kind in COMPUTE:
        return "multi-AZ" if spread else "single instance"
    if kind in ("alb", "nlb", "elb"):
        return "single AZ" if azs == 1 else "multi-AZ"
    if kind == "rds":
        return "Multi-AZ" if element.get("multi_az") is True else "Single-AZ"
    if kind == "aurora":
        replicas = element.get("replicas")
        replicated = isinstance(replicas, int) and replicas >= 1 and azs != 1
        return "Multi-AZ" if element.get("multi_az") is True or replicated else "Single-AZ"
    if kind == "elasticache":
        managed = element.get("multi_az") is True or word(element.get("type")) == "serverless"
        return "Multi-AZ or Serverless" if managed else "single-AZ"
    if kind == "dynamodb":
        regions = element.get("regions")
        return "global table" if isinstance(regions, int) and regions >= 2 else "standard table"
    if kind == "efs":
        return "One Zone" if word(element.get("type")) in ("one_zone", "onezone") else "Standard"
    if kind == "s3":
        return sla.tiers[1].name if word(element.get("type")) in INFREQUENT_S3 else "Standard"
    return sla.tiers[0].name


def figure(element: Element | None, overrides: dict[str, float]) -> Figure:
    """The availability archlint counts for one component on a path."""
    if element is None:                          # a group's door: not a component
        return Figure(1.0, "", counted=False)
    kind = KINDS.get(element.kind)
    if kind is None or kind.category == "external":
        return Figure(1.0, "", counted=False)    # users, clients: outside the budget
    sla = SLA_BY_KIND.get(element.kind)
    if element.kind in overrides:
        value, text, tier = overrides[element.kind], f"{element.kind} per the sla option", None
    elif sla is not None:
        tier = sla.tier(_tier_name(element, sla))
        value, text = tier.percent, f"{sla.service} {tier.name}"
    else:
        return Figure(1.0, f"{element.kind}: no published SLA", counted=False)
    a = value / 100
    # Copies that fail independently, in parallel: several Regions of a stateless
    # service, or zonal copies over several AZs where the SLA has no multi-AZ tier.
    n, azs = copies(element), placement(element).azs
    regions = element.get("regions")
    parallel = 1
    if isinstance(regions, int) and regions >= 2 and not kind.stateful:
        parallel, how = regions, f"{regions} Regions"
    elif not kind.managed_ha and not (sla and sla.multi_az) and azs and azs >= 2 and n >= 2:
        parallel, how = min(n, azs), f"{min(n, azs)} AZs"
    if parallel > 1:
        combined = 1 - (1 - a) ** parallel
        text = f"{text} {pct(a)} x{parallel} in parallel over {how}"
        a = combined
    return Figure(a, f"{text} {pct(a)}" if parallel == 1 else f"{text} = {pct(a)}",
                  sla=sla, tier=tier)


class _Budget:
    """The weakest-path computation over the flow graph, condensed to a DAG."""

    def __init__(self, graph: Graph, overrides: dict[str, float]) -> None:
        traffic = graph
        if any(e.get("async") is True for e in graph.edges):   # re-index only if needed
            traffic = Graph(graph.file, graph.attrs, graph.nodes, graph.groups,
                            [e for e in graph.edges if e.get("async") is not True]).index()
        self.flow = flow = flow_graph(traffic)
        self.succ = [[] if self._stops(v) else flow.succ[v] for v in range(len(flow.element))]
        self.succ[FlowGraph.ROOT] = []
        self.comp, self.members = self._components()
        # figures only for what the entries reach
        unreached = Figure(1.0, "", counted=False)
        self.fig = [figure(flow.element[v], overrides) if self.comp[v] != -1 else unreached
                    for v in range(len(flow.element))]
        self.best: list[float] = [1.0] * len(self.members)
        self.choice: list[tuple | None] = [None] * len(self.members)

    def _stops(self, v: int) -> bool:
        """A serving path ends at a data store, a sink, or a queue/stream (the
        request is accepted once the message is in; what follows is decoupled)."""
        element = self.flow.element[v]
        if element is None:
            return False
        return self.flow.is_sink(v) or KINDS[element.kind].asynchronous

    def _components(self) -> tuple[list[int], list[list[int]]]:
        """Tarjan's SCCs, iterative, over vertices reachable from the entries.
        Components come out successors-first (reverse topological order)."""
        n = len(self.succ)
        index, low, comp = [-1] * n, [0] * n, [-1] * n
        on_stack = [False] * n
        stack: list[int] = []
        members: list[list[int]] = []
        counter = 0
        for root in self.flow.entries:
            if index[root] != -1:
                continue
            work = [(root, 0)]
            while work:
                v, i = work.pop()
                if i == 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = True
                if i < len(self.succ[v]):
                    work.append((v, i + 1))
                    w = self.succ[v][i]
                    if index[w] == -1:
                        work.append((w, 0))
                    elif on_stack[w]:
                        low[v] = min(low[v], index[w])
                    continue
                if low[v] == index[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        comp[w] = len(members)
                        group.append(w)
                        if w == v:
                            break
                    members.append(group)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
        return comp, members

    def own(self, c: int) -> float:
        product = 1.0
        for v in self.members[c]:
            product *= self.fig[v].value
        return product

    def solve(self) -> None:
        """best[c] = weakest product from component c (itself included) to a path end."""
        for c, group in enumerate(self.members):       # successors come first
            options: list[tuple[float, tuple | None]] = []
            targets = sorted({w for v in group for w in self.succ[v] if self.comp[w] != c})
            by_kind: dict[str, list[int]] = {}
            for w in targets:
                element = self.flow.element[w]
                if element is not None:
                    by_kind.setdefault(element.kind, []).append(w)
                else:
                    options.append((self.best[self.comp[w]], ("next", self.comp[w])))
            for kind, ws in by_kind.items():
                options.extend(self._alternatives(kind, ws))
            if options:
                value, self.choice[c] = min(options, key=lambda o: o[0])
                self.best[c] = self.own(c) * value
            else:
                self.best[c] = self.own(c)

    def _alternatives(self, kind: str, ws: list[int]) -> list[tuple[float, tuple | None]]:
        """Targets of one kind: copies in different Regions are independent stacks
        (parallel); otherwise each target is its own path."""
        comps = sorted({self.comp[w] for w in ws})
        regions = {self._region(w) for w in ws}
        if len(comps) >= 2 and None not in regions and len(regions) == len(ws):
            fail = 1.0
            for c in comps:
                fail *= 1 - self.best[c]
            return [(1 - fail, ("parallel", tuple(comps), 1 - fail))]
        return [(self.best[c], ("next", c)) for c in comps]

    def _region(self, v: int) -> str | None:
        element = self.flow.element[v]
        region = element.enclosing("region") if element is not None else None
        return region.id if region is not None else None

    def weakest(self) -> tuple[float, int] | None:
        starts = {self.comp[e] for e in self.flow.entries if self.comp[e] != -1}
        if not starts:
            return None
        # ties: the most upstream entry (Tarjan numbers it last), for a whole route
        value, negative = min((round(self.best[c], 12), -c) for c in starts)
        return self.best[-negative], -negative

    def path(self, start: int) -> tuple[list[int], list[str], list[int]]:
        """Vertices along the weakest path, parallel stacks shown as one step, and the
        vertices whose figure counts (for naming the weakest component)."""
        shown: list[int] = []
        steps: list[str] = []
        counted: list[int] = []
        c: int | None = start
        while c is not None:
            for v in sorted(self.members[c]):
                if self.flow.element[v] is not None:
                    shown.append(v)
                    if self.fig[v].counted or self.fig[v].text:
                        counted.append(v)
            choice = self.choice[c]
            if choice is None:
                break
            if choice[0] == "parallel":
                names = " | ".join(self._stack_text(k) for k in choice[1])
                steps.append(f"parallel Regions [{names}] = {pct(choice[2])}")
                for k in choice[1]:     # the weakest component may sit in a stack
                    counted.extend(v for v in self.path(k)[2] if self.fig[v].counted)
                break
            c = choice[1]
        return shown, steps, counted

    def _stack_text(self, c: int) -> str:
        shown, steps, _ = self.path(c)
        ids = _route([self.flow.element[v].id for v in shown])  # type: ignore[union-attr]
        return f"{ids} {pct(self.best[c])}" + (f" ({'; '.join(steps)})" if steps else "")


def sla_table() -> str:
    """The SLA table as text for `archlint explain` and docs/rules.md."""
    lines = ["The SLA table (Monthly Uptime Percentage per tier):"]
    for sla in SLAS:
        tiers = ", ".join(f"{t.name} {t.percent:g}%" for t in sla.tiers)
        if all(t.confirmed for t in sla.tiers):
            basis = f"read on the SLA page, last updated {sla.updated}"
        elif any(t.confirmed for t in sla.tiers):
            unread = ", ".join(t.name for t in sla.tiers if not t.confirmed)
            basis = (f"read on the SLA page, last updated {sla.updated}; {unread}: from AWS "
                     "documentation, not read on the SLA page")
        else:
            basis = "from AWS documentation; the SLA page itself was not read"
        used = "" if sla.kinds else " (listed, not used: EKS workers are EC2 or Fargate)"
        notes = "".join(f" {t.name}: {t.note}." for t in sla.tiers if t.note)
        lines.append(f"- {sla.service}: {tiers}{used}. {sla.url} ({basis}).{notes}")
    lines.append("- NAT gateway and other services not listed: no SLA figure found; "
                 "give one with the `sla` option.")
    return "\n".join(lines)


@rule(
    id="AVL001",
    name="availability-budget",
    title="Weakest serving path below the declared availability target",
    severity="warning",
    why=textwrap.dedent("""
        A document may declare the availability it promises (`availability = 99.95%`).
        archlint estimates what the design can back with AWS's published SLAs and reports
        when the weakest serving path falls short, showing the arithmetic and the weakest
        component. AWS SLAs are service credits, not guarantees: a month below the
        figure earns a partial refund, so this is a budget for the design, not a
        prediction of uptime. Figures as published in late 2026 (checked 2026-11; the
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
          outside the budget.
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
                    "published SLA or to replace the table's figure, e.g. {natgateway: 99.9}")],
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
                 if (p := _option_percent(v)) is not None}
    budget = _Budget(graph, overrides)
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
    route = _route([budget.flow.element[v].id for v in shown])  # type: ignore[union-attr]
    arithmetic = " x ".join(shown_factors) or "100%"
    if len(shown_factors) != 1 or not steps:
        arithmetic += f" = {pct(value)}"
    message = (f"weakest serving path {route} is estimated at {pct(value)} "
               f"({arithmetic}), below the "
               f"{target} target; weakest component: '{weakest.id}' ({budget.fig[weakest_v].text})")
    if unknown:
        message += ("; counted as 100% for lack of a published SLA (set the sla option): "
                    + ", ".join(unknown))
    yield ctx.finding(weakest, message, span=weakest.span, fix=_fix(budget.fig[weakest_v],
                                                                   weakest))


def _route(ids: list[str]) -> str:
    """`a -> b -> c`, with the middle of very long routes elided."""
    if len(ids) > MAX_ROUTE:
        half = MAX_ROUTE // 2
        ids = ids[:half] + [f"... ({len(ids) - 2 * half + 1} more)"] + ids[-half + 1:]
    return " -> ".join(ids)


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


RULES = (availability_budget,)
