"""What a `# archlint: ignore[...]` comment covers: decided here and only here.

- A comment trailing a statement covers the statement it ends: `db: rds { }  # ...`
  covers `db`, and `}  # ...` the node or group that brace closes. Trailing a
  header or any other token of a statement that has not ended (`vpc g {  # ...`),
  it covers the statement it is inside.
- A comment on a line of its own covers the statement that starts at the next
  token; when that token starts none (`{`, `}`, a value), the statement it is in.
  At the end of the document it covers nothing (and SUP001 says so).

Covering a statement covers every finding written inside it and every finding
about an element it writes (for a group, also about its members). Only the order
of tokens and comments decides, never line numbers: `archlint fmt` moves line
breaks, never tokens or comments past tokens, so it cannot change what is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable
from weakref import WeakKeyDictionary

from archlint.model.graph import Attribute, Graph, Span, Suppression

Position = tuple[int, int]


@dataclass(eq=False)
class Scope:
    """One statement as written: where it is, the ids it writes (nodes, groups and
    edges) and the node or group it is or belongs to (a suppression's subject)."""

    file: str
    start: Position
    end: Position
    elements: set[str] = field(default_factory=set)
    subject: str | None = None

    def holds(self, span: Span) -> bool:
        return span.file == self.file and self.start <= (span.line, span.column) < self.end


_SCOPES: "WeakKeyDictionary[Graph, dict[tuple[str, int, int], Scope | None]]" = WeakKeyDictionary()


def _key(span: Span) -> tuple[str, int, int]:
    return span.file, span.line, span.column


def scopes(graph: Graph) -> dict[tuple[str, int, int], Scope | None]:
    """The statement each suppression of `graph` covers, keyed by the comment's place
    (copies of a suppression, such as SUP001's unused part, find theirs too)."""
    found = _SCOPES.get(graph)
    if found is None:
        found = _SCOPES[graph] = _anchor(graph) if graph.suppressions else {}
    return found


def scope_of(graph: Graph, suppression: Suppression) -> Scope | None:
    return scopes(graph).get(_key(suppression.span))


def _statements(graph: Graph) -> dict[str, list[Scope]]:
    """Every statement of the graph, per file (an edge chain is one statement)."""
    by_span: dict[Span, Scope] = {}

    def add(span: Span, element: str | None, subject: str | None) -> None:
        scope = by_span.get(span)
        if scope is None:
            scope = by_span[span] = Scope(span.file, (span.line, span.column),
                                          (span.end_line, span.end_column), subject=subject)
        if element is not None:
            scope.elements.add(element)

    def attributes(attrs: Iterable[Attribute], subject: str | None) -> None:
        for attribute in attrs:
            add(attribute.span, None, subject)

    for element in (*graph.groups.values(), *graph.nodes.values()):
        add(element.span, element.id, element.id)
        attributes(element.attrs.values(), element.id)
    for edge in graph.edges:
        add(edge.span, edge.id, None)
        attributes(edge.attrs.values(), None)
    attributes(graph.attrs.values(), None)
    files: dict[str, list[Scope]] = {}
    for scope in by_span.values():
        files.setdefault(scope.file, []).append(scope)
    return files


def _anchor(graph: Graph) -> dict[tuple[str, int, int], Scope | None]:
    """One sweep per file over statements (in start order, a stack of the open ones)
    and comments (in the order of the place each asks about)."""
    queries: dict[str, list[tuple[Position, bool, tuple[str, int, int]]]] = {}
    for s in graph.suppressions:
        if s.own_line:
            if s.next_token is None:
                continue          # nothing follows: it covers nothing
            at = s.next_token
        else:
            at = s.span
        queries.setdefault(at.file, []).append(((at.line, at.column), not s.own_line, _key(s.span)))
    out: dict[tuple[str, int, int], Scope | None] = {}
    for file, statements in _statements(graph).items():
        statements.sort(key=lambda s: (s.start, (-s.end[0], -s.end[1])))
        stack: list[Scope] = []
        closed: Scope | None = None       # the statement that ended last so far
        index = 0
        for at, trailing, key in sorted(queries.get(file, ())):
            while index < len(statements) and statements[index].start <= at:
                opened = statements[index]
                index += 1
                while stack and stack[-1].end <= opened.start:
                    closed = stack.pop()
                stack.append(opened)
            while stack and stack[-1].end <= at:
                closed = stack.pop()
            inner = stack[-1] if stack else None   # starts at `at` or is open there
            if trailing and closed is not None and (inner is None or closed.start >= inner.start):
                out[key] = closed                  # the comment ends that statement
            else:
                out[key] = inner
    return out


def covering(graph: Graph, finding_span: Span, element_id: str | None) -> list[Suppression]:
    """The suppressions whose statement holds `finding_span` or writes the finding's
    element or one of its enclosing groups; their ids decide whether it is suppressed.
    A finding about a suppression comment itself (SUP001, SUP002) sits where the
    statement the comment covers starts (the comment may be written just before it)."""
    found = scopes(graph)
    own = found.get(_key(finding_span))
    if own is not None:
        finding_span = Span(own.file, *own.start, *own.start)
    ids = set()
    if element_id:
        ids.add(element_id)
        element = graph.element(element_id)
        if element is not None:
            ids.update(g.id for g in element.ancestors())
    out = []
    for suppression in graph.suppressions:
        scope = found.get(_key(suppression.span))
        if scope is not None and (scope.holds(finding_span) or not ids.isdisjoint(scope.elements)):
            out.append(suppression)
    return out
