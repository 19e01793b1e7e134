"""D2 text (https://d2lang.com).

Groups are containers (nested keys: `region.vpc.node`), findings are classes
defined once (`classes: { error: ... }`) and set on shapes, containers and
connections, with the rule ids under the label as in a picture and each
finding's message as the tooltip. Asynchronous edges are dashed.
"""

from __future__ import annotations

from archlint.model.graph import Element, Group
from archlint.output.export.outline import Outline, safe_ids

_RESERVED = {"label", "shape", "style", "class", "classes", "direction", "near", "icon", "width",
             "height", "link", "tooltip", "vars", "layers", "scenarios", "steps", "constraint",
             "grid-rows", "grid-columns", "top", "left", "source-arrowhead", "target-arrowhead",
             "filled", "null", "true", "false", "_"}
_DIRECTIONS = {"LR": "right", "RL": "left", "TB": "down", "BT": "up"}


def text(value: str) -> str:
    """A double-quoted D2 string."""
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


def write(outline: Outline) -> str:
    graph = outline.graph
    ids = safe_ids([*graph.groups, *graph.nodes], _RESERVED)
    lines = [f"direction: {_DIRECTIONS[outline.direction]}"]
    if outline.title:
        lines.append(f"title: {text(outline.title)} {{near: top-center; shape: text; "
                      "style.font-size: 24}")
    looks = list(outline.looks())
    used = {outline.severity(s) for s in outline.marks.by_subject}
    if used:
        lines.append("classes: {")
        for severity, colour, width in looks:
            if severity in used:
                lines.append(f'  {severity}: {{style: {{stroke: "{colour}"; font-color: "{colour}"; '
                             f"stroke-width: {round(float(width))}}}}}")
        lines.append("}")

    def path(element_id: str) -> str:
        element = graph.element(element_id)
        assert element is not None
        chain = [element_id, *(g.id for g in element.ancestors())]
        return ".".join(ids[i] for i in reversed(chain))

    def extras(subject: str, dashed: bool = False) -> list[str]:
        parts = []
        severity = outline.severity(subject)
        if severity:
            parts += [f"class: {severity}", f"tooltip: {text(outline.marks.tooltip(subject))}"]
        if dashed:
            parts.append("style.stroke-dash: 3")
        return parts

    def block(parts: list[str]) -> str:
        return " {" + "; ".join(parts) + "}" if parts else ""

    def add(element: Element, depth: int) -> None:
        pad = "  " * depth
        head = f"{pad}{ids[element.id]}: {text(outline.label(element.id))}"
        if isinstance(element, Group):
            lines.append(head + " {")
            lines.extend(f"{pad}  {part}" for part in extras(element.id))
            for child in element.children:
                add(child, depth + 1)
            lines.append(f"{pad}}}")
        else:
            lines.append(head + block(extras(element.id)))

    for root in graph.roots:
        add(root, 0)
    for edge in graph.edges:
        arrow = "<->" if edge.bidirectional and edge.directed else ("->" if edge.directed else "--")
        label = outline.edge_label(edge)
        lines.append(f"{path(edge.source)} {arrow} {path(edge.target)}"
                     + (f": {text(label)}" if label else "")
                     + block(extras(edge.id, outline.is_async(edge))))
    return "\n".join(lines) + "\n"
