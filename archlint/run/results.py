"""What a run produces: a result per document and the report over all files.

Kept apart from the engine so that the cache, the pool and the reporters can name
results without importing the machinery that makes them.
"""

from __future__ import annotations

from pathlib import Path

from archlint.language.document import Document
from archlint.model.findings import Finding
from archlint.model.graph import Graph, Suppression
from archlint.model.record import Record


class DocumentResult(Record, eq=True):
    """One checked document: its findings and the suppressions that suppressed nothing."""

    document: Document
    graph: Graph | None
    findings: list[Finding]
    unused_suppressions: list[Suppression]
    empty: bool   # built cleanly but declares no node or group: worth a warning

    def __init__(self, document: Document, graph: Graph | None,
                 findings: list[Finding] | None = None,
                 unused_suppressions: list[Suppression] | None = None, empty: bool = False) -> None:
        self.document, self.graph, self.empty = document, graph, empty
        self.findings = [] if findings is None else findings
        self.unused_suppressions = [] if unused_suppressions is None else unused_suppressions


class Report(Record, eq=True):
    """Every document of a run, with the errors about files that could not be checked."""

    results: list[DocumentResult]
    file_errors: list[Finding]
    files: int
    notes: list[str]     # for stderr: files skipped and why
    inputs: list[Path]   # the files checked: never an output

    def __init__(self, results: list[DocumentResult] | None = None,
                 file_errors: list[Finding] | None = None, files: int = 0,
                 notes: list[str] | None = None, inputs: list[Path] | None = None) -> None:
        self.results = [] if results is None else results
        self.file_errors = [] if file_errors is None else file_errors
        self.files = files
        self.notes = [] if notes is None else notes
        self.inputs = [] if inputs is None else inputs

    @property
    def findings(self) -> list[Finding]:
        return sorted(self.unordered(), key=Finding.sort_key)

    def unordered(self) -> list[Finding]:
        """Every finding in no particular order, for questions that need none (any
        input error? how many of each severity?): sorting thousands costs a warm run."""
        return [f for r in self.results for f in r.findings] + self.file_errors

    def read_files(self) -> list[Path]:
        """Every file this run read: those it checked and those their includes (or a
        Terraform configuration's siblings) read. An output must never be one of them."""
        return [*self.inputs, *(Path(p) for r in self.results if r.graph is not None
                                for p in r.graph.included)]

    @property
    def empty_documents(self) -> list[Document]:
        """Documents that declare nothing, which would otherwise pass silently."""
        return [r.document for r in self.results if r.empty]

    @property
    def has_input_errors(self) -> bool:
        return any(f.is_input_error for f in self.unordered())
