"""What SUP001 and SUP002 share: their source and how a comment's subject is named."""

from __future__ import annotations

from typing import NamedTuple

from archlint.model.graph import Graph, Span, Suppression

SOURCE = "https://docs.aws.amazon.com/wellarchitected/latest/framework/oe-design-principles.html"


class Subject(NamedTuple):
    """What a finding is about: the element a suppression comment covers, if any."""

    id: str | None
    span: Span


def covered_lines(graph: Graph) -> Graph:
    """What `subject` needs to name a comment's subject (the graph: scopes are cached)."""
    return graph


def subject(suppression: Suppression, covered: Graph) -> Subject:
    """The node or group the comment covers (or the one whose attribute it covers)."""
    from archlint.model.scope import scope_of

    scope = scope_of(covered, suppression)
    return Subject(scope.subject if scope else None, suppression.span)
