"""How each edge is drawn: its label (once per fan or chain), its ends at group
borders, its style and its findings.

A fan (`bus -> [a, b, c, d] : "OrderPlaced"`) and a chain (`a -> b -> c : "GET"`)
are one statement with one label; drawing it on every edge repeated it.
"""

from __future__ import annotations

from dataclasses import dataclass

from archlint.model.graph import Edge, Graph
from archlint.model.kinds import KINDS
from archlint.output.render.labels import text
from archlint.output.render.marks import Marks

LABEL_NODES = True
"""Draw labels of edges across group borders as nodes (see `plan`); off only to
measure the alternatives (bench/label_borders.py)."""
FAN = 3
"""Edges from one node (or into one) sharing a label, from which the label is
drawn once: `bus -> [a, b, c, d] : "OrderPlaced"` would repeat it four times."""


def anchor_id(group_id: str) -> str:
    """The invisible point node inside a group's cluster that edges to the group
    attach to. `@` cannot appear in a DSL id, so it never collides."""
    return "@" + group_id


def cluster_name(group_id: str) -> str:
    """Unique per group: the id, never the label (same-label siblings stay apart)."""
    return "cluster_" + group_id


def is_async(edge: Edge, graph: Graph) -> bool:
    """Into a queue, topic, stream or bus, or marked `async = true`."""
    if edge.get("async") is True:
        return True
    target = graph.nodes.get(edge.target)
    kind = KINDS.get(target.kind) if target is not None else None
    return bool(kind and kind.asynchronous)


@dataclass
class Drawing:
    """How one edge is drawn."""

    label: str
    attrs: dict[str, str]
    label_node: bool = False
    home: str | None = None
    """The innermost group holding both ends, where a label node goes (None: top)."""


def plan(graph: Graph, marks: Marks) -> list[Drawing]:
    """How each edge of `graph.edges` is drawn, in order.

    A labelled edge with an end in a group is drawn through a text-only node
    in the innermost group holding both ends: Graphviz keeps nodes out of the
    groups they are not in and grows a group around its own, while an
    edge label can land across a border (`python bench/label_borders.py`:
    4 labels across a border in the samples with `label`, 31 with `xlabel`,
    26 with `labelfloat`, 7 with `minlen=2`, none with label nodes).
    """
    fans = _fans(graph, marks)
    unlabelled = _chain_repeats(graph, marks, set(fans))
    result = []
    for index, edge in enumerate(graph.edges):
        attrs: dict[str, str] = {}
        labelled = index not in unlabelled
        if index in fans:
            attr, value, labelled = fans[index]
            attrs[attr] = value
        if edge.source in graph.groups and not _inside(graph, edge.target, edge.source):
            attrs["ltail"] = cluster_name(edge.source)
        if edge.target in graph.groups and not _inside(graph, edge.source, edge.target):
            attrs["lhead"] = cluster_name(edge.target)
        label = (edge.label or "") if labelled else ""
        if edge.id in marks:
            look = marks.look(edge.id)
            label = (label + "\n" if label else "") + marks.ids(edge.id)
            attrs.update(color=look.text, fontcolor=look.text, penwidth=look.penwidth,
                         tooltip=text(marks.tooltip(edge.id)))
        drawing = Drawing(label, attrs)
        if LABEL_NODES and label and not {"sametail", "samehead"} & attrs.keys():
            source, target = _groups(graph, edge.source), _groups(graph, edge.target)
            if source or target:
                common = [g for g in source if g in target]
                drawing.label_node, drawing.home = True, common[0] if common else None
        result.append(drawing)
    return result


def _fans(graph: Graph, marks: Marks) -> dict[int, tuple[str, str, bool]]:
    """Edges drawn as one labelled fan: index in `graph.edges` -> (`sametail` or
    `samehead`, its value, whether this edge carries the label).

    `FAN` or more edges with one label, one style and one shared end node are
    drawn leaving (or reaching) the same point, with the label on the middle
    edge only. Edges with findings keep their own label; group ends are
    clipped at cluster borders (`ltail`/`lhead`), so they are left alone too.
    Graphviz allows 5 such points per node; further fans keep every label.
    """
    result: dict[int, tuple[str, str, bool]] = {}
    for attr, end in (("sametail", "source"), ("samehead", "target")):
        fans: dict[tuple, list[int]] = {}
        for index, edge in enumerate(graph.edges):
            if (index in result or not edge.label or edge.id in marks
                    or edge.source in graph.groups or edge.target in graph.groups):
                continue
            key = (getattr(edge, end), edge.label, edge.directed, edge.bidirectional,
                   is_async(edge, graph))
            fans.setdefault(key, []).append(index)
        used: dict[str, int] = {}
        for key, indexes in fans.items():
            if len(indexes) < FAN or used.get(key[0], 0) >= 5:
                continue
            used[key[0]] = used.get(key[0], 0) + 1
            value = f"fan{used[key[0]]}"
            middle = indexes[len(indexes) // 2]
            for index in indexes:
                result[index] = (attr, value, index == middle)
    return result


def _chain_repeats(graph: Graph, marks: Marks, taken: set[int]) -> set[int]:
    """Edges of a chain statement (`a -> b -> c : "GET"`) that do not carry its
    label: all but the middle one (the first of two). A chain's edges come from
    one statement, so they share its position and label, and each starts where
    the one before ended. Edges with findings keep their label, as in fans."""
    chains: list[list[int]] = []
    for index, edge in enumerate(graph.edges):
        if not edge.label or index in taken or edge.id in marks:
            continue
        if chains:
            last = graph.edges[chains[-1][-1]]
            if (last.span == edge.span and last.label == edge.label
                    and last.target == edge.source and chains[-1][-1] == index - 1):
                chains[-1].append(index)
                continue
        chains.append([index])
    return {index for chain in chains if len(chain) > 1
            for index in chain if index != chain[(len(chain) - 1) // 2]}


def _groups(graph: Graph, end: str) -> list[str]:
    """The groups an edge's end sits in, innermost first (an edge to a group
    ends at a point inside it)."""
    element = graph.element(end)
    own = [end] if end in graph.groups else []
    return own + ([g.id for g in element.ancestors()] if element is not None else [])


def _inside(graph: Graph, element_id: str, group_id: str) -> bool:
    """Is `element_id` the group itself or inside it (then lhead/ltail would be invalid)?"""
    if element_id == group_id:
        return True
    element = graph.element(element_id)
    return element is not None and any(g.id == group_id for g in element.ancestors())
