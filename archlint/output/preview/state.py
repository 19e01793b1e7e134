"""What the preview page shows, rendered in memory: per document its SVG, its
findings, and for each finding the SVG elements to highlight.

Rebuilt from scratch on every change (the runner chooses and checks the files
exactly as `archlint check` does); `dot` runs again only for pictures whose
DOT changed, so a save in one document re-lays out only that one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archlint.output.render import RenderError, RenderOptions, build_dot, fingerprint, render
from archlint.output.render.edges import anchor_id, plan
from archlint.output.render.marks import collect, element_name
from archlint.output.render.options import GraphvizMissing

if TYPE_CHECKING:
    from archlint.config.settings import Settings
    from archlint.model.findings import Finding
    from archlint.model.graph import Graph


@dataclass
class Snapshot:
    """One build: JSON-ready documents and their SVGs by key."""

    version: int
    documents: list[dict[str, Any]] = field(default_factory=list)
    svgs: dict[str, bytes] = field(default_factory=dict)
    problem: str = ""


class Preview:
    """The latest snapshot, rebuilt by `refresh`, waited on by `wait_newer`."""

    def __init__(self, paths: list[Path], settings: "Settings", options: RenderOptions) -> None:
        self.paths, self.settings, self.options = paths, settings, options
        self._cache: dict[str, bytes] = {}
        self._changed = threading.Condition()
        self.snapshot = Snapshot(0)

    def refresh(self) -> Snapshot:
        from archlint.output.render.command import documents

        drawable, problems, _, _ = documents(self.paths, self.settings, self.options.findings != "none")
        snapshot = Snapshot(self.snapshot.version + 1)
        cache: dict[str, bytes] = {}
        for index, result in enumerate(drawable):
            assert result.graph is not None
            key = f"d{index}"
            entry = _describe(result.document.name, result.graph, result.findings, self.options.findings)
            entry["key"] = key
            dot = build_dot(result.graph, result.findings, self.options)
            mark = fingerprint(dot, self.options)
            try:
                svg = self._cache.get(mark) or render(dot, self.options).data
                cache[mark] = snapshot.svgs[key] = svg
            except GraphvizMissing as error:
                snapshot.problem = str(error)
            except RenderError as error:
                entry["error"] = str(error)
            snapshot.documents.append(entry)
        for problem in problems:
            snapshot.documents.append({"key": "", "name": problem.span.file, "findings": [],
                                       "error": f"{problem.span.file}:{problem.span.line}:"
                                                f"{problem.span.column}: {problem.rule_id} {problem.message}"})
        self._cache = cache
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()
        return snapshot

    def wait_newer(self, version: int, timeout: float) -> int:
        """The current version, after waiting up to `timeout` s for one newer than `version`."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version > version, timeout)
            return self.snapshot.version


def _describe(name: str, graph: "Graph", findings: list["Finding"], choice: str) -> dict[str, Any]:
    marks = collect(graph, findings, choice)
    return {"name": name, "findings": [
        {"rule": f.rule_id, "severity": str(f.severity), "message": f.message,
         "line": f.span.line, "element": element_name(graph, f.element_id),
         "targets": targets(graph, marks, f.element_id)}
        for f in marks.rows()]}


def targets(graph: "Graph", marks: Any, subject: str | None) -> list[str]:
    """The `<title>`s of the SVG groups that draw `subject` (Graphviz names each
    node, cluster and edge group by its DOT name)."""
    if not subject:
        return []
    if subject in graph.groups:
        return ["cluster_" + subject]
    if subject in graph.nodes:
        return [subject]
    found: list[str] = []
    for index, (edge, drawing) in enumerate(zip(graph.edges, plan(graph, marks))):
        if edge.id != subject:
            continue
        source = anchor_id(edge.source) if edge.source in graph.groups else edge.source
        target = anchor_id(edge.target) if edge.target in graph.groups else edge.target
        if drawing.label_node:
            middle = f"@label{index}"
            found += [f"{source}->{middle}", f"{middle}->{target}", middle]
        else:
            found.append(f"{source}->{target}")
    return found
