"""How many edge labels sit across a group's border, for each way of placing them.

    python bench/label_borders.py [FILES...]     # default: every sample

Each picture is laid out by Graphviz (`dot -Tjson`) once per strategy; a label
counts when any line of it overlaps a cluster's box without lying wholly
inside or wholly outside it (it is drawn across the border). Strategies:

- label:      Graphviz's `label` (the default before this measurement)
- xlabel:     `xlabel`, placed after layout, outside the edge's rank space
- labelfloat: `label` with `labelfloat=true`
- minlen2:    `label` with `minlen=2` on edges that leave or enter a group
- headlabel:  the text as `headlabel` near the arrow's head (end of the edge)
- labelnode:  what archlint draws: a text-only node in the innermost group
              holding both ends (archlint/output/render/edges.py)

Prints a table and the total per strategy; asserts nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from archlint.language import sources
from archlint.output.render import RenderOptions, build_dot, edges
from archlint.run.engine import check_document, rules_for
from archlint.config.settings import Settings

_EDGE = re.compile(r"^(\t*\S+ -> \S+ \[)(.*)\]$")


def _with(dot: str, change) -> str:
    out = []
    for line in dot.splitlines():
        match = _EDGE.match(line)
        out.append(match.group(1) + change(match.group(2)) + "]" if match else line)
    return "\n".join(out) + "\n"


def _crossing_edges(dot: str) -> set[str]:
    """Edge lines (by position) whose ends sit in different clusters."""
    owner: dict[str, str] = {}
    stack: list[str] = []
    for line in dot.splitlines():
        if (found := re.match(r'\t*subgraph "?(cluster_[^" ]+)"? \{', line)):
            stack.append(found.group(1))
        elif line.strip() == "}" and stack:
            stack.pop()
        elif (node := re.match(r'\t*("?[@\w.-]+"?) \[', line)) and "->" not in line:
            owner[node.group(1)] = stack[-1] if stack else ""
    return {line for line in dot.splitlines() if (m := re.match(r"\t*(\S+) -> (\S+) \[", line))
            and owner.get(m.group(1), "") != owner.get(m.group(2), "")}


STRATEGIES = {
    "label": lambda dot: dot,
    "xlabel": lambda dot: _with(dot, lambda a: re.sub(r"\blabel=", "xlabel=", a)),
    "labelfloat": lambda dot: _with(dot, lambda a: a + " labelfloat=true" if "label=" in a else a),
    "minlen2": lambda dot: "\n".join(
        line[:-1] + " minlen=2]" if line in _crossing_edges(dot) else line
        for line in dot.splitlines()) + "\n",
    "headlabel": lambda dot: _with(dot, lambda a: re.sub(r"\blabel=", "headlabel=", a)),
    "labelnode": None,
}


def _boxes(draw: list[dict]) -> list[tuple[float, float, float, float]]:
    size, boxes = 14.0, []
    for op in draw:
        if op.get("op") == "F":
            size = float(op["size"])
        elif op.get("op") == "T":
            x, y = op["pt"]
            width = float(op["width"])
            left = {"l": x, "r": x - width}.get(op.get("align", "c"), x - width / 2)
            boxes.append((left, y - size * 0.25, left + width, y + size * 0.8))
    return boxes


def _crosses(box, rect) -> bool:
    x0, y0, x1, y1 = box
    a0, b0, a1, b1 = rect
    overlaps = x0 < a1 and x1 > a0 and y0 < b1 and y1 > b0
    inside = x0 >= a0 and x1 <= a1 and y0 >= b0 and y1 <= b1
    return overlaps and not inside


def count(dot: str) -> tuple[int, int]:
    """(labels across a border, labels in all)."""
    layout = json.loads(subprocess.run(["dot", "-Tjson"], input=dot.encode(), capture_output=True,
                                       check=True).stdout)
    rects = [tuple(map(float, o["bb"].split(","))) for o in layout.get("objects", [])
             if str(o.get("name", "")).startswith("cluster_") and o["name"] != "cluster_@legend"]
    crossing = total = 0
    for node in layout.get("objects", []):
        if str(node.get("name", "")).startswith("@label"):
            total += 1
            crossing += any(_crosses(b, r) for b in _boxes(node.get("_ldraw_", [])) for r in rects)
    for edge in layout.get("edges", []):
        for key in ("_ldraw_", "_xldraw_", "_hldraw_", "_tldraw_"):
            boxes = _boxes(edge.get(key, []))
            if boxes:
                total += 1
                crossing += any(_crosses(b, r) for b in boxes for r in rects)
    return crossing, total


def main(paths: list[Path]) -> None:
    settings = Settings()
    rules = rules_for(settings)
    totals = dict.fromkeys(STRATEGIES, 0)
    print(f"{'document':44} " + " ".join(f"{name:>10}" for name in STRATEGIES))
    for path in paths:
        for document in sources.load(path).documents:
            result = check_document(document, rules, settings)
            if result.graph is None:
                continue
            for direction in ("LR", "TB"):
                edges.LABEL_NODES = False
                dot = build_dot(result.graph, result.findings, RenderOptions("dot", direction))
                edges.LABEL_NODES = True
                current = build_dot(result.graph, result.findings, RenderOptions("dot", direction))
                row = []
                for name, strategy in STRATEGIES.items():
                    crossing, total = count(strategy(dot) if strategy else current)
                    totals[name] += crossing
                    row.append(f"{crossing:>4}/{total:<5}")
                print(f"{document.name[-38:]:38} {direction:5} " + " ".join(f"{c:>10}" for c in row))
    print(f"{'total across a border':44} " + " ".join(f"{totals[n]:>10}" for n in STRATEGIES))


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    main([Path(a) for a in sys.argv[1:]] or sorted((root / "samples").rglob("*.arch"))
         + [root / "samples" / "design-doc.md"])
