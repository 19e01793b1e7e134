"""Text edits that make a mechanical fix, computed from the model's spans alone.

A rule that knows its fix (REL004: `multi_az = true`) attaches these to its
finding; `archlint check --fix` and the language server's quick fix apply them,
and refuse any result that no longer parses.
"""

from __future__ import annotations

from archlint.model.findings import Edit
from archlint.model.graph import Attribute, Edge, Element, Graph, Span, new_span

Owner = Element | Edge


def set_attribute(element: Owner, name: str, value: str) -> tuple[Edit, ...]:
    """Make `name = value` hold on `element`: replace the written attribute, else add
    it after the element's last attribute, else in (or as) the element's body. (What
    `set_attributes` does for one name, without its table and lists.)"""
    written = element.attrs.get(name)
    if written is None:
        return (_added(element, f"{name} = {value}"),)
    return (Edit(written.span, f"{name} = {value}"),)


def set_attributes(owner: Owner, values: dict[str, str]) -> tuple[Edit, ...]:
    """Make every `name = value` of `values` hold on `owner`, in one fix whose edits
    never overlap: written attributes are replaced, the others added together. One
    pass over `values`: REL004 makes a fix for each of its findings (12,500 on the
    bench's 50k-node graph)."""
    attrs = owner.attrs
    edits: list[Edit] = []
    missing: list[str] = []
    for name, value in values.items():
        written = attrs.get(name)
        if written is None:
            missing.append(f"{name} = {value}")
        else:
            edits.append(Edit(written.span, f"{name} = {value}"))
    if missing:
        edits.append(_added(owner, ", ".join(missing)))
    return tuple(edits)


def _added(owner: Owner, text: str) -> Edit:
    """`text` after the owner's last attribute, else in (or as) the owner's body."""
    s = owner.span
    if owner.attrs:
        last = _last_written(owner.attrs)
        return Edit(_at(last.file, last.end_line, last.end_column), f", {text}")
    if owner.has_body:     # before the closing brace
        return Edit(_at(s.file, s.end_line, s.end_column - 1), f" {text} ")
    return Edit(_at(s.file, s.end_line, s.end_column), f" {{ {text} }}")


def _last_written(attrs: dict[str, Attribute]) -> Span:
    """The span that ends last: a table need not be in source order (an importer
    fills it as it reads), but one attribute is the usual case."""
    if len(attrs) == 1:
        return next(iter(attrs.values())).span
    return max((a.span for a in attrs.values()), key=lambda s: (s.end_line, s.end_column))


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
    return new_span(file, line, column, line, column)
