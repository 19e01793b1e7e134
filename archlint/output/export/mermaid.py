"""Mermaid flowchart text (https://mermaid.js.org/syntax/flowchart.html).

Groups are subgraphs, findings are classes (`classDef error ...`) on nodes and
subgraphs and `linkStyle` on edges, with the rule ids under the label as in a
picture. Asynchronous edges are dotted (`-.->`).
"""

from __future__ import annotations

from archlint.model.graph import Element, Group
from archlint.output.export.outline import Outline, safe_ids

_RESERVED = {"end", "subgraph", "graph", "flowchart", "class", "classdef", "click", "style",
             "linkstyle", "direction", "default", "call", "href", "interpolate"}
_DIRECTIONS = {"LR": "LR", "RL": "RL", "TB": "TB", "BT": "BT"}
_ARROWS = {  # (directed, bidirectional, async) -> arrow
    (True, False, False): "-->", (True, False, True): "-.->",
    (True, True, False): "<-->", (True, True, True): "<-.->",
    (False, False, False): "---", (False, False, True): "-.-",
}


def text(value: str) -> str:
    """A label inside `"..."`: quotes and angle brackets as entity codes, newlines as <br>."""
    value = value.replace("#", "#35;").replace('"', "#quot;")
    value = value.replace("<", "#lt;").replace(">", "#gt;")
    return value.replace("\n", "<br>")


def write(outline: Outline) -> str:
    graph = outline.graph
    ids = safe_ids([*graph.groups, *graph.nodes], _RESERVED)
    lines: list[str] = []
    if outline.title:
        lines += ["---", f"title: {_yaml(outline.title)}", "---"]
    lines.append(f"flowchart {_DIRECTIONS[outline.direction]}")
    classes: dict[str, list[str]] = {}

    def add(element: Element, depth: int) -> None:
        pad = "  " * depth
        name = ids[element.id]
        severity = outline.severity(element.id)
        if severity:
            classes.setdefault(severity, []).append(name)
        if isinstance(element, Group):
            lines.append(f'{pad}subgraph {name}["{text(outline.label(element.id))}"]')
            for child in element.children:
                add(child, depth + 1)
            lines.append(f"{pad}end")
        else:
            lines.append(f'{pad}{name}["{text(outline.label(element.id))}"]')

    for root in graph.roots:
        add(root, 1)
    styled: dict[str, list[str]] = {}
    for index, edge in enumerate(graph.edges):
        arrow = _ARROWS[(edge.directed, edge.bidirectional and edge.directed, outline.is_async(edge))]
        label = outline.edge_label(edge)
        between = f'|"{text(label)}"| ' if label else ""
        lines.append(f"  {ids[edge.source]} {arrow} {between}{ids[edge.target]}")
        severity = outline.severity(edge.id)
        if severity:
            styled.setdefault(severity, []).append(str(index))
    for severity, colour, width in outline.looks():
        if severity in classes:
            lines.append(f"  classDef {severity} stroke:{colour},stroke-width:{width}px,color:{colour}")
            lines.append(f"  class {','.join(classes[severity])} {severity}")
        if severity in styled:
            lines.append(f"  linkStyle {','.join(styled[severity])} "
                         f"stroke:{colour},stroke-width:{width}px,color:{colour}")
    return "\n".join(lines) + "\n"


def _yaml(value: str) -> str:
    """A one-line YAML string for the front matter's title."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
