"""An imported architecture as an `.arch` document a team can start its design from.

Every element carries `source = "LogicalId"` (what `archlint diff` matches on) and a
comment with its resource type and template line; what was left out, unknown or
assumed is written as comments, so the document says what it does not know.
"""

from __future__ import annotations

import json

from archlint.importers.model import Imported
from archlint.model.graph import Edge, Element, Group
from archlint.model.values import Duration, Name, Percent, Rate, Size, Throughput, Value


def value_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Duration, Size, Percent, Rate, Throughput)):
        return value.text
    if isinstance(value, Name):
        return value.value
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _attrs(element: Element | Edge, extra: dict[str, str] | None = None) -> str:
    parts = [f"{k} = {value_text(a.value)}" for k, a in element.attrs.items()]
    parts += [f"{k} = {v}" for k, v in (extra or {}).items()]
    return ", ".join(parts)


class _Writer:
    def __init__(self, imported: Imported, title: str) -> None:
        self.imported = imported
        self.title = title
        self.lines: list[str] = []

    def write(self) -> str:
        graph, imported = self.imported.graph, self.imported
        self.lines += [f"# Imported by archlint from {graph.file}. Positions in findings on this",
                       "# document point here; check the template itself to point at the template.",
                       f"title = {json.dumps(self.title, ensure_ascii=False)}", ""]
        for element in graph.roots:
            self._element(element, 0)
        if graph.edges:
            self.lines.append("")
        for edge in graph.edges:
            self._edge(edge)
        self._trailer()
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def _comment(self, element: Element) -> str:
        imported = self.imported
        why = imported.synthetic.get(element.id)
        where = f"{imported.origin.get(element.id, '')} {imported.source.get(element.id, '')}".strip()
        text = f"  # {why}" if why else f"  # {where} (line {element.span.line})"
        notes = imported.unknown.get(element.id, []) + [f"assumes {a}" for a in imported.assumed.get(element.id, [])]
        return text + "".join(f"; {n}" for n in notes)

    def _source(self, element: Element) -> dict[str, str]:
        if element.id in self.imported.synthetic:
            return {}
        return {"source": json.dumps(self.imported.source.get(element.id, element.id))}

    def _element(self, element: Element, depth: int) -> None:
        pad = "  " * depth
        if isinstance(element, Group):
            attrs = _attrs(element, self._source(element))
            self.lines.append(f"{pad}{element.kind} {element.id} {{{self._comment(element)}")
            if attrs:
                self.lines.append(f"{pad}  {attrs}")
            for child in element.children:
                self._element(child, depth + 1)
            self.lines.append(f"{pad}}}")
            return
        attrs = _attrs(element, self._source(element))
        body = f" {{ {attrs} }}" if attrs else ""
        self.lines.append(f"{pad}{element.id}: {element.kind}{body}{self._comment(element)}")

    def _edge(self, edge: Edge) -> None:
        arrow = "<->" if edge.bidirectional else ("->" if edge.directed else "--")
        label = f" : {json.dumps(edge.label)}" if edge.label else ""
        attrs = _attrs(edge)
        body = f" {{ {attrs} }}" if attrs else ""
        self.lines.append(f"{edge.source} {arrow} {edge.target}{label}{body}  # line {edge.span.line}")

    def _trailer(self) -> None:
        omitted = self.imported.omitted
        if not omitted:
            return
        self.lines += ["", "# Left out (not components, or folded into the elements above):"]
        for what, names in sorted(omitted.items()):
            self.lines.append(f"#   {what}: {', '.join(names)}")


def to_arch(imported: Imported, title: str) -> str:
    """The `.arch` text of an import (formatted, commented, parseable)."""
    return _Writer(imported, title).write()
