"""REL002 single-az-placement:
Copies declared for redundancy, all placed in one Availability Zone.
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.placement import Placement, placement, zones_of
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph, Group, Node
from archlint.model.kinds import KINDS
from archlint.model.edits import set_attribute
from archlint.registry import Autofix, RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
EC2_SLA = "https://aws.amazon.com/compute/sla/"


def _judged(element: Element) -> bool:
    """Whether AZs matter for it: not a service AWS spreads by itself, nor one outside AWS."""
    kind = KINDS.get(element.kind)
    return kind is None or not (kind.managed_ha or kind.category == "external")


def _single_az(element: Element) -> Placement | None:
    """The 1-AZ placement of a component declared as several copies, if it is one."""
    if not _judged(element):
        return None
    where = placement(element)
    return where if where.azs == 1 else None


def _fed_zones(graph: Graph) -> dict[tuple[str, str], set[str]]:
    """(feeding element, kind) -> the single AZs of the components of that kind it
    feeds; two are kept at most, enough to find one that differs from any AZ.
    Once per graph and linear in the edges: comparing every pair of siblings was
    quadratic in the number of pools."""
    fed: dict[tuple[str, str], set[str]] = {}
    zones: dict[str, str | None] = {}   # per target: edges fan in
    for edge in graph.edges:
        target = edge.target_element
        if target is None:
            continue
        if edge.target not in zones:
            zones[edge.target] = zones_of(graph, target).single_zone
        zone = zones[edge.target]
        if zone is not None:
            found = fed.setdefault((edge.source, target.kind), set())
            if len(found) < 2:
                found.add(zone)
    return fed


def _has_twin_in_another_az(graph: Graph, node: Node, fed: dict[tuple[str, str], set[str]]) -> bool:
    """A same-kind pool fed by the same component but pinned to another AZ (per-AZ
    Auto Scaling groups behind one load balancer)."""
    zone = zones_of(graph, node).single_zone
    return any(other != zone for edge in graph.in_edges(node.id)
               for other in fed.get((edge.source, node.kind), ()))


def _single_az_finding(ctx: RuleContext, element: Element, where: Placement,
                       members: tuple[str, ...] = ()) -> Finding:
    """`members`: for a group, the components its copies are (REL001 may report some of
    them as single points of failure; the group's finding stays for the others)."""
    what = "group" if isinstance(element, Group) else "component"
    return ctx.finding(
        element,
        f"{what} '{element.id}' declares {element.count} copies (count = {element.count}) "
        f"but places them all in 1 AZ ({where.source}); an AZ failure takes all of them",
        span=element.attr_span("azs") if element.get("azs") is not None else element.span,
        fix=f"spread the copies of '{element.id}' over at least 2 AZs (azs = 2)",
        edits=set_attribute(element, "azs", "2") if where.source == "azs = 1" else (),
        yields_to=("REL001",),
        about=members,
    )


@rule(
    id="REL002",
    name="single-az-placement",
    title="Copies declared for redundancy, all placed in one Availability Zone",
    severity="warning",
    why="""
        Several copies of a component (`count = 2` or more on a node, or on an `asg` or
        `group`) survive the loss of one instance, but not the loss of their AZ when they
        are all in it: `azs = 1`, `zone = ...` on the component, or every copy inside one
        `az` group. AZs are the unit of failure AWS designs for; Auto Scaling groups,
        load balancers and Multi-AZ databases should span at least two. Reported
        for components that have no twin in another AZ: two pools of the same kind fed by
        the same component (`web_a` in AZ a, `web_b` in AZ b behind one load balancer)
        are redundant together. When every path passes through the component, REL001
        reports it as a single point of failure instead (when REL001 runs); a group's
        finding stays unless REL001 reports every member, since it speaks for the rest.
        Checked against AWS documentation in 2026-11.
    """,
    fix="""
        Spread the copies over at least two AZs (`azs = 2`; subnets in two AZs for an
        Auto Scaling group), with a load balancer or a Multi-AZ endpoint in front.
    """,
    sources=[EC2_SLA, MULTI_AZ_SOURCE],
    autofix=Autofix("`azs = 2` in place of the component's own `azs = 1` (copies placed by "
                    "`zone` or an `az` group get no automatic fix: where they go is yours)"),
    failing=[
        """
        users: users
        lb: alb
        web: ec2 { count = 3, azs = 1 }
        fallback: lambda
        db: dynamodb
        users -> lb -> [web, fallback] -> db
        """,
        """
        az a {
          asg web { count = 2
            app: ec2
          }
        }
        """,
    ],
    passing=[
        """
        users: users
        lb: alb
        web: ec2 { count = 3, azs = 3 }
        asg workers { count = 2, azs = 2
          worker: ec2
        }
        users -> lb -> web
        """,
        """
        users: users
        lb: alb
        az a { web_a: ec2 { count = 2 } }
        az b { web_b: ec2 { count = 2 } }
        db: dynamodb
        users -> lb -> [web_a, web_b] -> db
        """,
    ],
)
def single_az_placement(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    reported: set[int] = set()
    fed: dict[tuple[str, str], set[str]] | None = None   # read once a candidate needs it
    for group in graph.of_kind("asg", "group"):
        if group.count >= 2 and (where := _single_az(group)) is not None:
            reported.add(id(group))
            members = tuple(m.id for m in graph.members(group) if _judged(m))
            yield _single_az_finding(ctx, group, where, members)
    for node in graph.nodes.values():
        # the kind first: it is shared and in cache, a node's attributes are not
        if not _judged(node) or node.count < 2 or (where := _single_az(node)) is None:
            continue
        if node.get("azs") is None and any(id(g) in reported for g in node.ancestors()):
            continue  # the enclosing group's finding already says it
        if fed is None:   # O(edges), once, and only for a graph that has a candidate
            fed = _fed_zones(graph)
        if _has_twin_in_another_az(graph, node, fed):
            continue
        yield _single_az_finding(ctx, node, where)
