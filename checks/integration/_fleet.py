"""How the integration rules name what is at an edge's end."""

from __future__ import annotations

from functools import lru_cache

from archlint.model.graph import Element, Graph
from archlint.model.kinds import GROUP_KINDS, KINDS, has_trait, kinds_with


def _as_fleet(kind: str) -> str:
    group = GROUP_KINDS.get(kind)
    return group.acts_as if group is not None and group.acts_as else kind


def fleet_kind(element: Element | None) -> str:
    """A node's kind; a group that stands for a fleet (an asg) counts as its kind (ec2)."""
    return "" if element is None else _as_fleet(element.kind)


@lru_cache(maxsize=None)
def fleet_kinds(trait: str) -> frozenset[str]:
    """The node and group kinds whose `fleet_kind` has `trait`: `element.kind in
    fleet_kinds(t)` is `has_trait(fleet_kind(element), t)` for a known kind, one set
    look-up where the rules ask it for every edge out of thousands of tiers."""
    return frozenset(kind for kind in (*KINDS, *GROUP_KINDS) if has_trait(_as_fleet(kind), trait))


def fleets_with(graph: Graph, trait: str) -> list[Element]:
    """The elements whose `fleet_kind` has `trait`, from the by-kind index: a rule
    after a few kinds reads those, not every element (at 100k lines, 34,000 nodes
    whose kinds were read one by one for 3,400 front tiers)."""
    groups = [name for name, group in GROUP_KINDS.items()
              if group.acts_as and has_trait(group.acts_as, trait)]
    return graph.of_kind(*kinds_with(trait), *groups)
