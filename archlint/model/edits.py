"""Text edits that make a mechanical fix, computed from the model's spans alone.

A rule that knows its fix (REL004: `multi_az = true`) attaches these to its
finding; `archlint check --fix` and the language server's quick fix apply them,
and refuse any result that no longer parses.
"""

from __future__ import annotations

from archlint.model.findings import Edit
from archlint.model.graph import Edge, Element, Graph, Span

Owner = Element | Edge


def set_attribute(element: Owner, name: str, value: str) -> tuple[Edit, ...]:
    """Make `name = value` hold on `element`: replace the written attribute, else add
    it after the element's last attribute, else in (or as) the element's body."""
    return set_attributes(element, {name: value})


def set_attributes(owner: Owner, values: dict[str, str]) -> tuple[Edit, ...]:
    """Make every `name = value` of `values` hold on `owner`, in one fix whose edits
    never overlap: written attributes are replaced, the others added together."""
    edits = [Edit(owner.attrs[name].span, f"{name} = {value}")
             for name, value in values.items() if name in owner.attrs]
    missing = ", ".join(f"{name} = {value}" for name, value in values.items()
                        if name not in owner.attrs)
    if not missing:
        return tuple(edits)
    s = owner.span
    if owner.attrs:
        last = max((a.span for a in owner.attrs.values()), key=lambda s: (s.end_line, s.end_column))
        edits.append(Edit(_at(last.file, last.end_line, last.end_column), f", {missing}"))
    elif owner.has_body:     # before the closing brace
        edits.append(Edit(_at(s.file, s.end_line, s.end_column - 1), f" {missing} "))
    else:
        edits.append(Edit(_at(s.file, s.end_line, s.end_column), f" {{ {missing} }}"))
    return tuple(edits)


def set_edge_attributes(graph: Graph, edge: Edge, values: dict[str, str]) -> tuple[Edit, ...]:
    """As `set_attributes`, but nothing when the edge's statement also writes other
    edges (`a -> [b, c] { ... }`): its body is theirs too, so the fix is not mechanical."""
    if graph.shares_statement(edge):
        return ()
    return set_attributes(edge, values)


def quantity(seconds: float) -> str:
    """A duration as the language writes it, in the largest whole unit: 360 -> 6m."""
    whole = int(seconds)
    if whole != seconds:
        return f"{seconds:g}s"
    for unit, size in (("h", 3600), ("m", 60)):
        if whole and whole % size == 0:
            return f"{whole // size}{unit}"
    return f"{whole}s"


def _at(file: str, line: int, column: int) -> Span:
    return Span(file, line, column, line, column)
