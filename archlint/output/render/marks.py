"""Findings as the picture shows them: which are drawn, their colours, the
rule ids under each element, the tooltips, and the legend table.

Severity is told three ways, so that it survives grey-scale print: the word
in the legend, the legend cell's fill (dark, middle, light grey when printed)
and the width of the pen around a marked group or along a marked edge. The
text colours are all dark enough to read on white (contrast at least 4.5:1).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from archlint.model.findings import Severity
from archlint.model.graph import Graph

if TYPE_CHECKING:
    from archlint.model.findings import Finding


@dataclass(frozen=True)
class Look:
    """How one severity is drawn."""

    text: str       # labels and edges
    fill: str       # the legend's severity cell
    on_fill: str    # text on that fill
    penwidth: str   # group borders and edges


LOOKS: dict[Severity, Look] = {
    Severity.ERROR: Look("#B2182B", "#B2182B", "#FFFFFF", "3"),
    Severity.WARNING: Look("#A6470A", "#E08214", "#000000", "2"),
    Severity.INFO: Look("#2B5C8A", "#DCE9F5", "#000000", "1.5"),
}
DOCUMENT = "(document)"
"""The legend's element column for a finding about the whole document."""


@dataclass
class Marks:
    """The findings to draw, by what they point at (element, group or edge id)."""

    by_subject: dict[str, list["Finding"]] = field(default_factory=dict)
    document: list["Finding"] = field(default_factory=list)

    def __contains__(self, subject: str) -> bool:
        return subject in self.by_subject

    def ids(self, subject: str) -> str:
        """`DB002, REL005`: the rule ids drawn under a label."""
        return ", ".join(sorted({f.rule_id for f in self.by_subject.get(subject, ())}))

    def worst(self, subject: str) -> Severity:
        return max(f.severity for f in self.by_subject[subject])

    def look(self, subject: str) -> Look:
        return LOOKS[self.worst(subject)]

    def tooltip(self, subject: str) -> str:
        """One line per finding, for SVG viewers' hover text."""
        return tooltip(self.by_subject[subject])

    def rows(self) -> list["Finding"]:
        """Every drawn finding once, worst first, then in source order."""
        every = [*self.document, *(f for found in self.by_subject.values() for f in found)]
        return sorted(every, key=lambda f: (-f.severity, f.sort_key()))


def tooltip(findings: Iterable["Finding"]) -> str:
    return "\n".join(f"{f.rule_id} [{f.severity}] {f.message}" for f in findings)


def collect(graph: Graph, findings: Iterable["Finding"], choice: str) -> Marks:
    """The findings `choice` draws, keyed by what they are about; input errors
    are never drawn (such a document is not drawn at all)."""
    marks = Marks()
    if choice == "none":
        return marks
    edge_ids = {edge.id for edge in graph.edges}
    for finding in findings:
        if finding.is_input_error or (choice == "errors" and finding.severity < Severity.ERROR):
            continue
        subject = finding.element_id
        if subject and (graph.element(subject) is not None or subject in edge_ids):
            marks.by_subject.setdefault(subject, []).append(finding)
        else:
            marks.document.append(finding)
    return marks


def legend(graph: Graph, marks: Marks, titles: dict[str, str]) -> str:
    """The legend as a Graphviz HTML-like table: rule, severity, element, one line.

    `titles` maps rule ids to their one-line titles; a rule missing there (a
    plugin not loaded here) shows the start of its message instead.
    """
    cells = ['<tr><td colspan="4" align="left"><b>Findings</b></td></tr>',
             "<tr><td>Rule</td><td>Severity</td><td>Element</td><td>What</td></tr>"]
    for finding in marks.rows():
        look = LOOKS[finding.severity]
        line = titles.get(finding.rule_id) or _shorten(finding.message)
        cells.append(
            f"<tr><td>{_esc(finding.rule_id)}</td>"
            f'<td bgcolor="{look.fill}"><font color="{look.on_fill}">{finding.severity}</font></td>'
            f'<td align="left">{_esc(element_name(graph, finding.element_id))}</td>'
            f'<td align="left">{_esc(line)}</td></tr>')
    return ('<<table border="0" cellborder="1" cellspacing="0" cellpadding="4" color="#7B8894">'
            + "".join(cells) + "</table>>")


def element_name(graph: Graph, subject: str | None) -> str:
    """What a reader sees in the picture: the label (`Ledger`), or both ends of an edge."""
    if not subject:
        return DOCUMENT
    element = graph.element(subject)
    if element is not None:
        return element.display
    for edge in graph.edges:
        if edge.id == subject:
            ends = [graph.element(end) for end in (edge.source, edge.target)]
            source, target = (e.display if e is not None else "?" for e in ends)
            arrow = "<->" if edge.bidirectional else ("->" if edge.directed else "--")
            return f"{source} {arrow} {target}"
    return DOCUMENT


def _shorten(text: str, limit: int = 70) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 3].rstrip() + "..."


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
