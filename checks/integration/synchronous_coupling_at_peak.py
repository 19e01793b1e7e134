"""INT006 synchronous-coupling-at-peak:
Front tier calls a slow worker tier synchronously, with no queue between.
"""

from __future__ import annotations

from typing import Iterator

from archlint.checks.integration._fleet import fleet_kinds, fleets_with
from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.kinds import lookup
from archlint.model.readers import fmt, seconds
from archlint.registry import Option, RuleContext, rule


SQS_SCALING_URL = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html"


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


def _is_front(graph: Graph, element: Element) -> bool:
    """A front tier: a compute fleet that a load balancer or API sends requests to."""
    if element.kind not in fleet_kinds("server_fleet"):
        return False
    parents = [element] + ([element.parent] if element.parent and element.parent.kind == "asg"
                           else [])
    routers = fleet_kinds("request_router")
    return any((source := e.source_element) is not None and source.kind in routers
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
def synchronous_coupling_at_peak(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    threshold = float(ctx.options["threshold"])
    fronts = [e for e in fleets_with(graph, "server_fleet") if _is_front(graph, e)]
    balancers, compute = fleet_kinds("load_balancer"), fleet_kinds("compute")
    for front in fronts:
        for edge in graph.out_edges(front.id):
            target = edge.target_element
            if target is None or not edge.directed:
                continue
            workers = [target]
            if target.kind in balancers:       # front -> internal LB -> workers
                workers = [w for e in graph.out_edges(target.id) if e.directed
                           if (w := e.target_element) is not None]
            # the kinds first: the edge's attributes are read only when it reaches a worker
            workers = [w for w in workers if w.kind in compute and w is not front]
            if not workers or edge.get("async") is True:
                continue
            for worker in workers:
                kind = lookup(worker.kind)
                if kind is not None and kind.asynchronous:
                    continue
                time = _call_time(edge, worker)
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
