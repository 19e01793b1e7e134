"""The export formats: each one's writer and file suffix, and `export`, which picks one.

Kept apart from `outline` (what every writer reads) so that the writers import the
outline and this module imports the writers, never the other way round.
"""

from __future__ import annotations

from typing import Callable, Iterable

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.output.export import d2, mermaid
from archlint.output.export.outline import Outline
from archlint.output.render.marks import collect
from archlint.output.render.options import flow_direction

WRITERS: dict[str, Callable[[Outline], str]] = {"mermaid": mermaid.write, "d2": d2.write}
FORMATS: tuple[str, ...] = tuple(WRITERS)
SUFFIXES = {"mermaid": "mmd", "d2": "d2"}


def export(fmt: str, graph: Graph, findings: Iterable[Finding] = (), direction: str | None = None,
           choice: str = "all") -> str:
    """The graph as Mermaid flowchart or D2 text; `direction` None: the document's, else LR."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return WRITERS[fmt](Outline(graph, collect(graph, findings, choice),
                                flow_direction(graph, direction)))
