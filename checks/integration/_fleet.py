"""How the integration rules name what is at an edge's end."""

from __future__ import annotations

from archlint.model.graph import Element

def fleet_kind(element: Element | None) -> str:
    """A node's kind; an `asg` group counts as the EC2 fleet it is."""
    if element is None:
        return ""
    return "ec2" if element.kind == "asg" else element.kind
