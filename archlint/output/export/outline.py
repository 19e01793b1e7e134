"""What both export formats say about a graph: the nesting, the labels (as
`archlint render` writes them), each edge's arrow and style, and the findings
by severity (the same `--findings` choice and severity looks as pictures)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from archlint.model.findings import Severity
from archlint.model.graph import Edge, Graph
from archlint.output.render.edges import is_async
from archlint.output.render.labels import group_label, node_label
from archlint.output.render.marks import LOOKS, Marks


@dataclass
class Outline:
    """A graph as the export writers need it."""

    graph: Graph
    marks: Marks
    direction: str

    def label(self, element_id: str) -> str:
        element = self.graph.element(element_id)
        assert element is not None
        if element_id in self.graph.groups:
            return group_label(self.graph.groups[element_id], self.marks)
        return node_label(element, self.marks, wrap=None)

    def edge_label(self, edge: Edge) -> str:
        label = edge.label or ""
        if edge.id in self.marks:
            label = (label + "\n" if label else "") + self.marks.ids(edge.id)
        return label

    def severity(self, subject: str) -> str | None:
        """`error`, `warning` or `info` for a marked element or edge, else None."""
        return str(self.marks.worst(subject)) if subject in self.marks else None

    def is_async(self, edge: Edge) -> bool:
        return is_async(edge, self.graph)

    @property
    def title(self) -> str:
        value = self.graph.get("title")
        return value if isinstance(value, str) else ""

    @staticmethod
    def looks() -> Iterable[tuple[str, str, str]]:
        """(severity, text colour, pen width), worst first."""
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            yield str(severity), LOOKS[severity].text, LOOKS[severity].penwidth


def safe_ids(ids: Iterable[str], reserved: set[str]) -> dict[str, str]:
    """A name per DSL id that the target language reads as a plain identifier:
    the id itself when it is one, else a made-up `n_...` name (never colliding)."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for original in ids:
        name = original
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) or name.lower() in reserved:
            name = "n_" + re.sub(r"[^A-Za-z0-9_]", "_", original)
        base, number = name, 2
        while name.lower() in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name.lower())
        result[original] = name
    return result
