"""What archlint checks: a `Document` is one architecture, a whole `.arch` file or
one ```archlint block of a Markdown file, with where it sits in its file; a
`LoadResult` is what reading one file gave. Its own module so that reading files
(sources.py) and finding blocks in Markdown (markdown.py) share it."""

from __future__ import annotations

from pathlib import Path

from archlint.model.findings import Finding
from archlint.model.record import Record

class Document(Record, eq=True):
    """One architecture to check: a whole `.arch` file or one Markdown block."""

    path: str              # as shown in messages (relative to the working directory)
    text: str
    line_offset: int       # lines before the document's first line in its file
    column_offset: int
    block: int | None      # 1-based index of the archlint block in a Markdown file
    real_path: Path | None
    block_name: str | None  # ```archlint name=current
    skip: bool             # ```archlint skip: parsed, not checked by rules
    error: Finding | None  # a mistake in the block's info string
    language: str          # the fence's word: a misspelt one is an error, never formatted
    keep_layout: bool = False   # tabs indent it past its list item's content: fmt leaves it

    def __init__(self, path: str, text: str, line_offset: int = 0, column_offset: int = 0,
                 block: int | None = None, real_path: Path | None = None,
                 block_name: str | None = None, skip: bool = False, error: Finding | None = None,
                 language: str = "archlint") -> None:
        self.path, self.text, self.line_offset, self.column_offset = path, text, line_offset, column_offset
        self.block, self.real_path, self.block_name = block, real_path, block_name
        self.skip, self.error, self.language = skip, error, language

    @property
    def block_key(self) -> str | None:
        """How outputs and baselines tell the blocks of one file apart: the block's
        name, else `block2`; None for a whole file."""
        if self.block is None:
            return None
        return self.block_name or f"block{self.block}"

    @property
    def name(self) -> str:
        return self.path if self.block is None else f"{self.path}#{self.block_key}"

class LoadResult(Record, eq=True):
    """The documents read from one file, and the errors that kept others from being read."""

    documents: list[Document]
    errors: list[Finding]

    def __init__(self, documents: list[Document] | None = None,
                 errors: list[Finding] | None = None) -> None:
        self.documents = [] if documents is None else documents
        self.errors = [] if errors is None else errors

