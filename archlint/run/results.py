"""What a run produces: a result per document and the report over all files.

Kept apart from the engine so that the cache, the pool and the reporters can name
results without importing the machinery that makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archlint.language.document import Document
from archlint.model.findings import Finding
from archlint.model.graph import Graph, Suppression


@dataclass
class DocumentResult:
    """One checked document: its findings and the suppressions that suppressed nothing."""

    document: Document
    graph: Graph | None
    findings: list[Finding] = field(default_factory=list)
    unused_suppressions: list[Suppression] = field(default_factory=list)
    empty: bool = False   # built cleanly but declares no node or group: worth a warning


@dataclass
class Report:
    """Every document of a run, with the errors about files that could not be checked."""

    results: list[DocumentResult] = field(default_factory=list)
    file_errors: list[Finding] = field(default_factory=list)
    files: int = 0
    notes: list[str] = field(default_factory=list)   # for stderr: files skipped and why
    inputs: list[Path] = field(default_factory=list)  # the files checked: never an output

    @property
    def findings(self) -> list[Finding]:
        return sorted(self.unordered(), key=Finding.sort_key)

    def unordered(self) -> list[Finding]:
        """Every finding in no particular order, for questions that need none (any
        input error? how many of each severity?): sorting thousands costs a warm run."""
        return [f for r in self.results for f in r.findings] + self.file_errors

    @property
    def empty_documents(self) -> list[Document]:
        """Documents that declare nothing, which would otherwise pass silently."""
        return [r.document for r in self.results if r.empty]

    @property
    def has_input_errors(self) -> bool:
        return any(f.is_input_error for f in self.unordered())
