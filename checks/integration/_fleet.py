"""How the integration rules name what is at an edge's end."""

from __future__ import annotations

from archlint.model.graph import Element, Graph
from archlint.model.kinds import GROUP_KINDS, has_trait, kinds_with


def fleet_kind(element: Element | None) -> str:
    """A node's kind; a group that stands for a fleet (an asg) counts as its kind (ec2)."""
    if element is None:
        return ""
    group = GROUP_KINDS.get(element.kind)
    return group.acts_as if group is not None and group.acts_as else element.kind


def fleets_with(graph: Graph, trait: str) -> list[Element]:
    """The elements whose `fleet_kind` has `trait`, from the by-kind index: a rule
    after a few kinds reads those, not every element (at 100k lines, 34,000 nodes
    whose kinds were read one by one for 3,400 front tiers)."""
    groups = [name for name, group in GROUP_KINDS.items()
              if group.acts_as and has_trait(group.acts_as, trait)]
    return graph.of_kind(*kinds_with(trait), *groups)
