"""What archlint checks: a `Document` is one architecture, a whole `.arch` file or
one ```archlint block of a Markdown file, with where it sits in its file; a
`LoadResult` is what reading one file gave. Its own module so that reading files
(sources.py) and finding blocks in Markdown (markdown.py) share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archlint.model.findings import Finding

@dataclass
class Document:
    """One architecture to check: a whole `.arch` file or one Markdown block."""

    path: str              # as shown in messages (relative to the working directory)
    text: str
    line_offset: int = 0   # lines before the document's first line in its file
    column_offset: int = 0
    block: int | None = None  # 1-based index of the archlint block in a Markdown file
    real_path: Path | None = None
    block_name: str | None = None  # ```archlint name=current
    skip: bool = False             # ```archlint skip: parsed, not checked by rules
    error: Finding | None = None   # a mistake in the block's info string
    language: str = "archlint"     # the fence's word: a misspelt one is an error, never formatted

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

@dataclass
class LoadResult:
    """The documents read from one file, and the errors that kept others from being read."""

    documents: list[Document] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)

