"""The source line an input error points at, so the text report can put a caret under it.

Syntax errors come from the parser with their line; the builder's errors (unknown
kind, undefined id, bad value...) get theirs here, from the text of the file they
are in. A Markdown block quoted with `> ` starts some columns in: its lines are
indented by that many columns so the caret lands under the right character.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

from archlint.model.findings import Finding
from archlint.model.record import Record


class SourceText(Record, eq=True):
    """One checked text as it sits in its file."""

    text: str
    line_offset: int
    column_offset: int

    def __init__(self, text: str, line_offset: int = 0, column_offset: int = 0) -> None:
        self.text, self.line_offset, self.column_offset = text, line_offset, column_offset

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.split("\n")   # once per text, however many errors it has

    def line(self, line: int) -> str | None:
        """File line `line` (1-based), shifted to its file column; None outside the text."""
        index = line - self.line_offset - 1
        lines = self._lines
        return " " * self.column_offset + lines[index] if 0 <= index < len(lines) else None


def with_source_lines(errors: list[Finding], texts: dict[str, SourceText]) -> list[Finding]:
    """`errors`, each with the line it points at (those that have one keep it)."""
    if not errors:
        return errors
    shown = []
    for error in errors:
        source = texts.get(error.span.file)
        line = source.line(error.span.line) if error.source_line is None and source else None
        shown.append(error if line is None else dataclasses.replace(error, source_line=line))
    return shown
