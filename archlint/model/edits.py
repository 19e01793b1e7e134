"""Text edits that make a mechanical fix, computed from the model's spans alone.

A rule that knows its fix (REL004: `multi_az = true`) attaches these to its
finding; `archlint check --fix` and the language server's quick fix apply them,
and refuse any result that no longer parses.
"""

from __future__ import annotations

from archlint.model.findings import Edit
from archlint.model.graph import Element, Span


def set_attribute(element: Element, name: str, value: str) -> tuple[Edit, ...]:
    """Make `name = value` hold on `element`: replace the written attribute, else add
    it after the element's last attribute, else give the element a body."""
    written = element.attrs.get(name)
    if written is not None:
        return (Edit(written.span, f"{name} = {value}"),)
    if element.attrs:
        last = max((a.span for a in element.attrs.values()),
                   key=lambda s: (s.end_line, s.end_column))
        return (Edit(_at(last.file, last.end_line, last.end_column), f", {name} = {value}"),)
    s = element.span
    return (Edit(_at(s.file, s.end_line, s.end_column), f" {{ {name} = {value} }}"),)


def _at(file: str, line: int, column: int) -> Span:
    return Span(file, line, column, line, column)
