"""Read back the structure of a picture's DOT: nodes, clusters, edges and legend
rows, so rendering tests compare what is drawn, never pixels."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_ATTRS = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|<<.*?>>|[^\s\]]+)', re.S)
_NODE = re.compile(r'^\t*("?[@\w.-]+"?) \[(.*)\]$')
_EDGE = re.compile(r'^\t*("?[@\w.-]+"?) -> ("?[@\w.-]+"?) \[(.*)\]$')
_CLUSTER = re.compile(r'^\t*subgraph "?(cluster_[@\w.-]+)"? \{$')


def attrs(text: str) -> dict[str, str]:
    return {k: v[1:-1] if v.startswith('"') else v for k, v in _ATTRS.findall(text)}


@dataclass
class Structure:
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    clusters: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    legend: list[list[str]] = field(default_factory=list)

    def edge_labels(self) -> list[tuple[str, str, str]]:
        """(source, target, label) per drawn edge, an edge through a label node
        (`a -> @labelN -> b`) counted once with that node's label."""
        result = []
        for a, b, e in self.edges:
            if a.startswith("@label"):
                continue
            if b.startswith("@label"):
                (target,) = [y for x, y, _ in self.edges if x == b]
                result.append((a, target, self.nodes[b]["label"]))
            else:
                result.append((a, b, e.get("label", "")))
        return result

    def halves(self, a: str, b: str) -> list[dict[str, str]]:
        """The attributes of the edge(s) drawn from a to b: one, or two through a label node."""
        for x, y, e in self.edges:
            if x == a and y == b:
                return [e]
            if x == a and y.startswith("@label"):
                second = [f for m, n, f in self.edges if m == y and n == b]
                if second:
                    return [e, second[0]]
        return []

    def label(self, a: str, b: str) -> str:
        return next((text for x, y, text in self.edge_labels() if (x, y) == (a, b)), "")


def structure(dot: str) -> Structure:
    found = Structure()
    lines = dot.splitlines()
    for index, line in enumerate(lines):
        if match := _CLUSTER.match(line):
            found.clusters[match.group(1)] = attrs(lines[index + 1])
        elif match := _EDGE.match(line):
            found.edges.append((match.group(1).strip('"'), match.group(2).strip('"'),
                                attrs(match.group(3))))
        elif (match := _NODE.match(line)) and match.group(1) not in ("graph", "node", "edge"):
            found.nodes[match.group(1).strip('"')] = attrs(match.group(2))
    legend = found.clusters.get("cluster_@legend", {}).get("label", "")
    for row in re.findall(r"<tr>(.*?)</tr>", legend):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        found.legend.append(cells)
    return found
