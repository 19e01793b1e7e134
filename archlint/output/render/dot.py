"""The DOT source of a picture, built through diagrams' classes.

Only the render package imports `diagrams`, and only inside functions, so that
the lint path (`archlint check`) never pays for it. The DOT is deterministic,
byte for byte, for one input: its fingerprint decides whether a picture is stale.
"""

from __future__ import annotations

import importlib
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Iterable

from archlint.model.graph import Element, Graph, Group
from archlint.model.kinds import GROUP_KINDS, KINDS, lookup
from archlint.output.render.edges import anchor_id, is_async, plan
from archlint.output.render.labels import group_label, node_label, text
from archlint.output.render.marks import Marks, collect, legend
from archlint.output.render.options import PAD_INCHES, RenderOptions, flow_direction

if TYPE_CHECKING:
    from archlint.model.findings import Finding

_GENERIC = "diagrams.generic.Generic"
_ICON_INCHES = 1.4
"""Width of a diagrams node, which its (square) icon fills."""
_LINE_INCHES = 0.22
"""Height of one line of a 13 pt node label."""
_TEXT = "#2D3436"
"""diagrams' colour for text."""
_LABEL_NODE = {"shape": "plaintext", "fixedsize": "false", "width": "0", "height": "0",
               "margin": "0.04,0.02", "labelloc": "c", "style": "", "fontsize": "13"}
"""A text-only node standing for an edge's label (see edges.plan)."""
LEGEND = "@legend"
"""The cluster around the picture whose label is the findings legend (`@`
cannot appear in a DSL id)."""


def _class_for(kind_name: str, cache: dict[str, type]) -> type:
    """The diagrams class that draws `kind_name`; the generic box if unknown."""
    kind = KINDS.get(kind_name) or lookup(kind_name)
    path = kind.diagram if kind else _GENERIC
    if path not in cache:
        module, _, name = path.rpartition(".")
        try:
            cache[path] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            if path == _GENERIC:
                raise
            cache[path] = _class_for("generic", cache)
    return cache[path]


def build_dot(graph: Graph, findings: Iterable["Finding"] = (), options: RenderOptions | None = None,
              title: str | None = None, caption: str = "") -> str:
    """The DOT source of the picture: deterministic, byte for byte, for one input.

    Groups become clusters named by id. An edge that starts or ends at a group
    is drawn to an invisible point inside the group's cluster and clipped at the
    cluster's border (`compound=true` with `lhead`/`ltail`), so a VPC peering
    reads as a line between two boxes. A point is used rather than a member
    node so that empty groups work too, and every group gets one when it is
    empty, since Graphviz does not draw empty clusters.
    """
    import diagrams
    from diagrams import Cluster, Diagram
    from diagrams import Edge as DiagramEdge
    from diagrams import Node as DiagramNode

    options = options or RenderOptions()
    marks = collect(graph, findings, options.findings)
    heading = title if title is not None else _doc_title(graph)
    if caption:   # which block of a design doc this is
        heading = (heading + "\n" if heading else "") + caption
    graph_attr = {
        "splines": "spline",
        "compound": "true",
        "pad": str(PAD_INCHES),
        "label": text(heading),
        "labelloc": "t",
    }
    edge_endpoints = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    drawn: dict[str, object] = {}
    classes: dict[str, type] = {}

    direction = flow_direction(graph, options.direction)
    diagram = Diagram(name=text(heading), filename="archlint", direction=direction,
                      outformat="png", show=False, graph_attr=graph_attr)

    drawings = plan(graph, marks)

    def add_label_nodes(home: str | None) -> None:
        """Text-only nodes for the labels of edges whose innermost common group is `home`."""
        for index, drawing in enumerate(drawings):
            if drawing.label_node and drawing.home == home:
                drawn[f"@label{index}"] = DiagramNode(
                    text(drawing.label), nodeid=f"@label{index}", **_LABEL_NODE,
                    fontcolor=drawing.attrs.get("fontcolor", _TEXT),
                    **{k: v for k, v in drawing.attrs.items() if k == "tooltip"})

    def add(element: Element) -> None:
        if isinstance(element, Group):
            style = dict(GROUP_KINDS[element.kind].style) if element.kind in GROUP_KINDS else {}
            style["label"] = text(group_label(element, marks), left=True)
            style["labelloc"] = "t"   # not the legend's bottom, which subgraphs inherit
            if element.id in marks:
                look = marks.look(element.id)
                style.update(fontcolor=look.text, pencolor=look.text, penwidth=look.penwidth,
                             tooltip=text(marks.tooltip(element.id)))
            with Cluster(element.id, graph_attr=style):
                if element.id in edge_endpoints or not element.children:
                    drawn[element.id] = DiagramNode(
                        "", nodeid=anchor_id(element.id), shape="point", style="invis",
                        width="0.01", height="0.01", fixedsize="true")
                for child in element.children:
                    add(child)
                add_label_nodes(element.id)
            return
        attrs = {}
        if element.id in marks:
            attrs.update(fontcolor=marks.look(element.id).text, tooltip=text(marks.tooltip(element.id)))
        cls = _class_for(element.kind, classes)
        label = node_label(element, marks)
        if getattr(cls, "_icon", None):
            lines = label.count("\n")
            if direction in ("TB", "BT"):
                # edges meet the top and bottom of a node: with the icon centred
                # they stopped in blank space above it, so put it on top and
                # size the node to the icon and its label lines
                attrs["imagepos"] = "tc"
                attrs["height"] = f"{_ICON_INCHES + _LINE_INCHES * (lines + 1) + 0.05:.2f}"
            else:
                # diagrams grows a node per "\n" it sees; ours are escaped, so say it here
                attrs["height"] = f"{getattr(cls, '_height', 1.9) + 0.4 * lines:.1f}"
        drawn[element.id] = cls(text(label), nodeid=element.id, **attrs)

    diagrams.setdiagram(diagram)
    try:
        with _legend_around(graph, marks):
            for root in graph.roots:
                add(root)
            add_label_nodes(None)
        for index, (edge, drawing) in enumerate(zip(graph.edges, drawings)):
            source, target = drawn.get(edge.source), drawn.get(edge.target)
            if source is None or target is None:
                continue
            style = "dashed" if is_async(edge, graph) else ""
            attrs = {k: v for k, v in drawing.attrs.items() if k != "fontcolor" or not drawing.label_node}
            if not drawing.label_node:
                diagram.connect(source, target, DiagramEdge(
                    label=text(drawing.label) if drawing.label else "", forward=edge.directed,
                    reverse=edge.bidirectional, style=style, **attrs))
                continue
            middle = drawn[f"@label{index}"]
            diagram.connect(source, middle, DiagramEdge(
                forward=False, reverse=edge.bidirectional, style=style,
                **{k: v for k, v in attrs.items() if k != "lhead"}))
            diagram.connect(middle, target, DiagramEdge(
                forward=edge.directed, reverse=False, style=style,
                **{k: v for k, v in attrs.items() if k != "ltail"}))
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)
    return diagram.dot.source


def _legend_around(graph: Graph, marks: Marks) -> AbstractContextManager[object]:
    """A borderless cluster around the whole picture, labelled at its bottom
    with the legend table, so that Graphviz lays the legend out under the
    picture in every direction; nothing when no finding is drawn."""
    if not marks.rows():
        return nullcontext()
    from diagrams import Cluster

    from archlint.registry import all_rules

    titles = {r.id: r.title for r in all_rules()}
    return Cluster(LEGEND, graph_attr={
        "label": legend(graph, marks, titles), "labelloc": "b", "labeljust": "c",
        "pencolor": "transparent", "bgcolor": "transparent", "style": "solid"})


def _doc_title(graph: Graph) -> str:
    value = graph.get("title")
    return value if isinstance(value, str) else ""
