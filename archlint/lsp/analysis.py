"""What the language server knows about one open file, computed exactly as
`archlint check` computes it: the same sources (a `.arch` file is one document, a
Markdown file has one per archlint block), the same engine and the nearest
configuration. Free of pygls, so that it is tested and benchmarked directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archlint.language import sources
from archlint.language.sources import Document
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.run.results import DocumentResult


@dataclass
class Analysis:
    """One file's documents, their results, and the graph of the last clean build."""

    path: Path
    shown: str                        # the path as spans name it
    text: str
    documents: list[Document] = field(default_factory=list)
    results: list[DocumentResult] = field(default_factory=list)
    config_error: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=Finding.sort_key)

    @property
    def graphs(self) -> list[Graph]:
        return [r.graph for r in self.results if r.graph is not None]

    def document_at(self, line: int) -> Document | None:
        """The document holding 1-based `line` (Markdown: the block around it)."""
        for document in self.documents:
            first = document.line_offset + 1
            if first <= line <= document.line_offset + document.text.count("\n") + 1:
                return document
        return None


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def analyse(path: Path, text: str) -> Analysis:
    """Check `text`, the editor's unsaved content of `path`, as `archlint check` would."""
    from archlint.config.loader import ConfigError, load_settings
    from archlint.config.settings import Settings
    from archlint.run.engine import check_document, rules_for

    shown = sources.display_path(path)
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    analysis = Analysis(path, shown, plain)
    try:
        settings = load_settings([path], None)
    except ConfigError as error:
        analysis.config_error = str(error)
        settings = Settings()
    if not settings.wants_file(path, explicit=True):
        return analysis            # excluded by the configuration: nothing to say
    if is_markdown(path):
        analysis.documents = sources.markdown_blocks(plain, shown, path)
    else:
        analysis.documents = [Document(shown, plain, real_path=path)]
    rules = rules_for(settings)
    analysis.results = [check_document(d, rules, settings) for d in analysis.documents]
    return analysis
