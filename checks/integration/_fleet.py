"""How the integration rules name what is at an edge's end."""

from __future__ import annotations

from archlint.model.graph import Element
from archlint.model.kinds import GROUP_KINDS


def fleet_kind(element: Element | None) -> str:
    """A node's kind; a group that stands for a fleet (an asg) counts as its kind (ec2)."""
    if element is None:
        return ""
    group = GROUP_KINDS.get(element.kind)
    return group.acts_as if group is not None and group.acts_as else element.kind
