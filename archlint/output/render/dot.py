"""The DOT source of a picture, built through diagrams' classes.

Only the render package imports `diagrams`, and only inside functions, so that
the lint path (`archlint check`) never pays for it. The DOT is deterministic,
byte for byte, for one input: its fingerprint decides whether a picture is stale.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Iterable

from archlint.model.graph import Edge, Element, Graph, Group
from archlint.model.kinds import GROUP_KINDS, KINDS, lookup
from archlint.output.render.options import PAD_INCHES, RenderOptions

if TYPE_CHECKING:
    from archlint.model.findings import Finding

FINDING_COLOR = "#D62728"
_GENERIC = "diagrams.generic.blank.Blank"
_WRAP = 14
"""Characters per line of a node label: what fits under a 1.4 inch icon at 13 pt
(about 0.1 inch a character); longer lines ran over the borders of groups."""
_ICON_INCHES = 1.4
"""Width of a diagrams node, which its (square) icon fills."""
_LINE_INCHES = 0.22
"""Height of one line of a 13 pt node label."""
_FAN = 3
"""Edges from one node (or into one) sharing a label, from which the label is
drawn once: `bus -> [a, b, c, d] : "OrderPlaced"` would repeat it four times."""
_GROUP_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "region": ("Region", ("region",)),
    "az": ("AZ", ("az", "availability zone")),
    "vpc": ("VPC", ("vpc",)),
    "subnet": ("Subnet", ("subnet",)),
    "account": ("Account", ("account",)),
    "asg": ("Auto Scaling group", ("asg", "auto scaling")),
}
"""Kind named before a group's label (`VPC: Production`), and words that already
name it (`Legacy VPC`, `AZ a` stay as written). Colours alone do not tell a
region from an AZ or a VPC from a subnet."""



def _text(value: str, left: bool = False) -> str:
    """User text as a Graphviz label: backslashes literal, real newlines kept,
    never taken for an HTML label (`<b>` stays the four characters it is).
    `left` justifies every line left (`\\l`), as a group's title sits."""
    from graphviz import nohtml

    end = "\\l" if left and "\n" in value else "\\n"
    text = value.replace("\\", "\\\\").replace("\n", end)
    return nohtml(text + end if end == "\\l" else text)


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


def _marks(graph: Graph, findings: Iterable["Finding"]) -> tuple[dict[str, list[str]], list[str]]:
    """Rule ids per element or edge id, and ids of findings on the document itself."""
    by_subject: dict[str, set[str]] = {}
    document: set[str] = set()
    edge_ids = {edge.id for edge in graph.edges}
    for finding in findings:
        if finding.is_input_error:
            continue
        subject = finding.element_id
        if subject and (graph.element(subject) is not None or subject in edge_ids):
            by_subject.setdefault(subject, set()).add(finding.rule_id)
        else:
            document.add(finding.rule_id)
    return {k: sorted(v) for k, v in by_subject.items()}, sorted(document)


def _label(element: Element, marks: dict[str, list[str]], wrap: int | None = None) -> str:
    """Label, `xN` for copies, then the rule ids of findings on a line of their own.

    Node labels are wrapped (`wrap` characters a line): nodes have a fixed
    width, and Graphviz lets a longer label run over its neighbours.
    """
    text = element.display
    if element.count > 1:
        # a no-break space keeps the count with the last word: "Auth" / "service x3"
        text += f"\u00a0x{element.count}"
    if wrap:
        import textwrap

        # a word longer than a line stays whole: "recipes.example.com", not "...co" / "m"
        text = "\n".join(textwrap.wrap(text, wrap, break_on_hyphens=False,
                                         break_long_words=False)) or text
    text = text.replace("\u00a0", " ")
    if element.id in marks:
        text += "\n" + ", ".join(marks[element.id])
    return text


def _group_label(group: Group, marks: dict[str, list[str]]) -> str:
    """`VPC: Production x4`: the kind unless the label names it, and the count;
    below it the CIDR block if given, then the rule ids of findings.

    The CIDR has a line of its own: a wider title widens the box, and
    Graphviz then places edge labels over it."""
    text = group.display
    name = _GROUP_NAMES.get(group.kind)
    if name and not any(re.search(rf"\b{re.escape(word)}\b", text, re.I) for word in name[1]):
        text = f"{name[0]}: {text}"
    if group.count > 1:
        text += f" x{group.count}"
    cidr = group.get("cidr")
    if isinstance(cidr, str) and cidr:
        text += f"\n{cidr}"
    if group.id in marks:
        text += "\n" + ", ".join(marks[group.id])
    return text


def _fans(graph: Graph, marks: dict[str, list[str]]) -> dict[int, tuple[str, str, bool]]:
    """Edges drawn as one labelled fan: index in `graph.edges` -> (`sametail` or
    `samehead`, its value, whether this edge carries the label).

    `_FAN` or more edges with one label, one style and one shared end node are
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
                   _is_async(edge, graph))
            fans.setdefault(key, []).append(index)
        used: dict[str, int] = {}
        for key, indexes in fans.items():
            if len(indexes) < _FAN or used.get(key[0], 0) >= 5:
                continue
            used[key[0]] = used.get(key[0], 0) + 1
            value = f"fan{used[key[0]]}"
            middle = indexes[len(indexes) // 2]
            for index in indexes:
                result[index] = (attr, value, index == middle)
    return result


def _is_async(edge: Edge, graph: Graph) -> bool:
    """Into a queue, topic, stream or bus, or marked `async = true`."""
    if edge.get("async") is True:
        return True
    target = graph.nodes.get(edge.target)
    kind = KINDS.get(target.kind) if target is not None else None
    return bool(kind and kind.asynchronous)


def anchor_id(group_id: str) -> str:
    """The invisible point node inside a group's cluster that edges to the group
    attach to. `@` cannot appear in a DSL id, so it never collides."""
    return "@" + group_id


def cluster_name(group_id: str) -> str:
    """Unique per group: the id, never the label (same-label siblings stay apart)."""
    return "cluster_" + group_id


def build_dot(graph: Graph, findings: Iterable["Finding"] = (), options: RenderOptions | None = None,
              title: str | None = None) -> str:
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
    marks, document_marks = _marks(graph, findings) if options.findings else ({}, [])
    heading = title if title is not None else _doc_title(graph)
    if document_marks:
        heading = (heading + "\n" if heading else "") + ", ".join(document_marks)
    graph_attr = {
        "splines": "spline",
        "compound": "true",
        "pad": str(PAD_INCHES),
        "label": _text(heading),
        "labelloc": "t",
    }
    if document_marks:
        graph_attr["fontcolor"] = FINDING_COLOR
    edge_endpoints = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    drawn: dict[str, object] = {}
    classes: dict[str, type] = {}

    diagram = Diagram(name=_text(heading), filename="archlint", direction=options.direction,
                      outformat="png", show=False, graph_attr=graph_attr)

    def add(element: Element) -> None:
        if isinstance(element, Group):
            style = dict(GROUP_KINDS[element.kind].style) if element.kind in GROUP_KINDS else {}
            style["label"] = _text(_group_label(element, marks), left=True)
            if element.id in marks:
                style.update(fontcolor=FINDING_COLOR, pencolor=FINDING_COLOR, penwidth="2")
            with Cluster(element.id, graph_attr=style):
                if element.id in edge_endpoints or not element.children:
                    drawn[element.id] = DiagramNode(
                        "", nodeid=anchor_id(element.id), shape="point", style="invis",
                        width="0.01", height="0.01", fixedsize="true")
                for child in element.children:
                    add(child)
            return
        attrs = {"fontcolor": FINDING_COLOR} if element.id in marks else {}
        cls = _class_for(element.kind, classes)
        label = _label(element, marks, wrap=_WRAP)
        if getattr(cls, "_icon", None):
            lines = label.count("\n")
            if options.direction in ("TB", "BT"):
                # edges meet the top and bottom of a node: with the icon centred
                # they stopped in blank space above it, so put it on top and
                # size the node to the icon and its label lines
                attrs["imagepos"] = "tc"
                attrs["height"] = f"{_ICON_INCHES + _LINE_INCHES * (lines + 1) + 0.05:.2f}"
            else:
                # diagrams grows a node per "\n" it sees; ours are escaped, so say it here
                attrs["height"] = f"{getattr(cls, '_height', 1.9) + 0.4 * lines:.1f}"
        drawn[element.id] = cls(_text(label), nodeid=element.id, **attrs)

    diagrams.setdiagram(diagram)
    try:
        for root in graph.roots:
            add(root)
        fans = _fans(graph, marks)
        for index, edge in enumerate(graph.edges):
            source, target = drawn.get(edge.source), drawn.get(edge.target)
            if source is None or target is None:
                continue
            attrs: dict[str, str] = {}
            labelled = True
            if index in fans:
                attr, value, labelled = fans[index]
                attrs[attr] = value
            if edge.source in graph.groups and not _inside(graph, edge.target, edge.source):
                attrs["ltail"] = cluster_name(edge.source)
            if edge.target in graph.groups and not _inside(graph, edge.source, edge.target):
                attrs["lhead"] = cluster_name(edge.target)
            label = (edge.label or "") if labelled else ""
            if edge.id in marks:
                label = (label + "\n" if label else "") + ", ".join(marks[edge.id])
                attrs.update(color=FINDING_COLOR, fontcolor=FINDING_COLOR)
            connector = DiagramEdge(
                label=_text(label) if label else "",
                forward=edge.directed,
                reverse=edge.bidirectional,
                style="dashed" if _is_async(edge, graph) else "",
                **attrs,
            )
            diagram.connect(source, target, connector)
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)
    return diagram.dot.source


def _inside(graph: Graph, element_id: str, group_id: str) -> bool:
    """Is `element_id` the group itself or inside it (then lhead/ltail would be invalid)?"""
    if element_id == group_id:
        return True
    element = graph.element(element_id)
    return element is not None and any(g.id == group_id for g in element.ancestors())


def _doc_title(graph: Graph) -> str:
    value = graph.get("title")
    return value if isinstance(value, str) else ""
