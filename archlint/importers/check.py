"""`archlint check` on a template: import it, then run every rule as on a design doc.

Findings point into the template; suppression comments (`# archlint: ignore[...]`
in YAML or HCL), per-file ignores and baselines work as for `.arch` files. A
finding on an element whose values rest on parameters says which values it assumed.
"""

from __future__ import annotations

from pathlib import Path

from archlint.config.settings import Settings
from archlint.importers import import_path
from archlint.importers.located import archlint_comments
from archlint.importers.model import annotate
from archlint.language.builder import GraphBuilder
from archlint.language.parser import Comment
from archlint.language.document import Document
from archlint.language.sources import display_path
from archlint.model.findings import Finding
from archlint.model.graph import Span
from archlint.registry import Rule
from archlint.run.engine import check_graph
from archlint.run.results import DocumentResult


def suppressions_from(files: dict[str, str], graph_file: str) -> tuple[list, list[Finding]]:
    """`# archlint: ignore[...]` comments in the template text(s), parsed as in `.arch` files."""
    comments = [Comment("# " + text, Span(shown, line, column + 1, line, column + 1 + len(text)),
                        own_line, next_at and Span(shown, *next_at, *next_at))
                for shown, text_all in files.items()
                for line, column, text, own_line, next_at in archlint_comments(text_all)]
    builder = GraphBuilder(graph_file)
    graph = builder.build([], comments)
    return graph.suppressions, builder.errors


def check_template(path: Path, rules: list[Rule], settings: Settings) -> tuple[list[Finding], list[DocumentResult]]:
    imported = import_path(path, settings.params)
    shown = display_path(path)
    document = Document(shown, "", real_path=path)
    if not imported.ok:
        return [], [DocumentResult(document, None, imported.findings)]
    suppressions, errors = suppressions_from(imported.texts, imported.graph.file)
    if errors:
        return [], [DocumentResult(document, None, imported.findings + errors)]
    imported.graph.suppressions = suppressions
    result = check_graph(document, imported.graph, rules, settings, imported.findings)
    result.findings = annotate(result.findings, imported)
    return [], [result]
