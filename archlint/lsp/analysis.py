"""What the language server knows about one open file, computed exactly as
`archlint check` computes it: the same sources (a `.arch` file is one document, a
Markdown file has one per archlint block), the same engine and the nearest
configuration. Free of pygls, so that it is tested and benchmarked directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from archlint.language import sources
from archlint.language.markdown import markdown_blocks
from archlint.language.document import Document
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
    settings: Any = None              # the Settings it was checked with
    rechecked: int = 0                # documents checked afresh (the others were reused)

    @cached_property
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


def analyse(path: Path, text: str, previous: Analysis | None = None, *, saved: bool = True) -> Analysis:
    """Check `text`, the editor's unsaved content of `path`, as `archlint check` would.

    `saved`: False for a buffer that is no file (`untitled:`): like standard input it
    has no folder, so it cannot include (its path would be read from the server's
    working directory).

    `previous`: the file's last analysis. A Markdown block whose text and place are
    unchanged, under equal settings, keeps its result instead of being checked again
    (a keystroke changes one block); a block with an `include` is always checked again,
    since the file it includes may have changed."""
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
    analysis.settings = settings
    if not settings.wants_file(path, explicit=True):
        return analysis            # excluded by the configuration: nothing to say
    real = path if saved else None
    if is_markdown(path):
        analysis.documents = markdown_blocks(plain, shown, real)
    else:
        analysis.documents = [Document(shown, plain, real_path=real)]
    kept = []
    if previous is not None and previous.settings == settings and is_markdown(path):
        kept = [r for r in previous.results if "include" not in r.document.text]
    rules = rules_for(settings)
    for document in analysis.documents:
        result = next((r for r in kept if r.document == document), None)
        if result is None:
            result = check_document(document, rules, settings)
            analysis.rechecked += 1
        analysis.results.append(result)
    return analysis
