"""What SUP001 and SUP002 share: their source and how a comment's subject is named."""

from __future__ import annotations

from dataclasses import dataclass

from archlint.model.graph import Graph, Span, Suppression

SOURCE = "https://docs.aws.amazon.com/wellarchitected/latest/framework/oe-design-principles.html"


@dataclass(frozen=True)
class Subject:
    """What a finding is about: the element a suppression comment covers, if any."""

    id: str | None
    span: Span


def covered_lines(graph: Graph) -> dict[tuple[str, int], str]:
    """(file, line) -> id of the element written there, to name a comment's subject."""
    lines: dict[tuple[str, int], str] = {}
    for element in [*graph.groups.values(), *graph.nodes.values()]:
        lines.setdefault((element.span.file, element.span.line), element.id)
    return lines


def subject(suppression: Suppression, covered: dict[tuple[str, int], str]) -> Subject:
    s = suppression.span
    element = covered.get((s.file, s.line)) or covered.get((s.file, s.line + 1))
    return Subject(element, s)
