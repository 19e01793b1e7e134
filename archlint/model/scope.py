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

from bisect import bisect_right
from typing import Iterable
from weakref import WeakKeyDictionary

from archlint.model.graph import Attribute, Graph, Span, Suppression
from archlint.model.record import Record

Position = tuple[int, int]


class Scope(Record):
    """One statement as written: where it is, the ids it writes (nodes, groups and
    edges) and the node or group it is or belongs to (a suppression's subject)."""

    file: str
    start: Position
    end: Position
    elements: set[str]
    subject: str | None

    def __init__(self, file: str, start: Position, end: Position,
                 elements: set[str] | None = None, subject: str | None = None) -> None:
        self.file = file
        self.start = start
        self.end = end
        self.elements = set() if elements is None else elements
        self.subject = subject


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


class _Index(Record, eq=True):
    """The anchored statements of one graph, for `covering`: by element id, and per
    file in start order with each one's nearest anchored statement around it."""

    by_element: dict[str, list[Suppression]]
    starts: dict[str, list[Position]]
    scopes: dict[str, list[Scope]]
    parents: dict[str, list[int]]
    held: dict[int, list[Suppression]]   # by id(scope)

    def __init__(self) -> None:
        self.by_element, self.starts, self.scopes, self.parents, self.held = {}, {}, {}, {}, {}


_INDEXES: "WeakKeyDictionary[Graph, _Index]" = WeakKeyDictionary()


def _index(graph: Graph) -> _Index:
    index = _INDEXES.get(graph)
    if index is not None:
        return index
    index = _INDEXES[graph] = _Index()
    found = scopes(graph)
    by_file: dict[str, dict[int, Scope]] = {}
    for suppression in graph.suppressions:
        scope = found.get(_key(suppression.span))
        if scope is None:
            continue
        index.held.setdefault(id(scope), []).append(suppression)
        by_file.setdefault(scope.file, {})[id(scope)] = scope
        for element in scope.elements:
            index.by_element.setdefault(element, []).append(suppression)
    for file, unique in by_file.items():
        ordered = sorted(unique.values(), key=lambda s: (s.start, (-s.end[0], -s.end[1])))
        parents, stack = [], []     # statements nest: a stack of the open ones
        for position, scope in enumerate(ordered):
            while stack and ordered[stack[-1]].end <= scope.start:
                stack.pop()
            parents.append(stack[-1] if stack else -1)
            stack.append(position)
        index.starts[file] = [s.start for s in ordered]
        index.scopes[file], index.parents[file] = ordered, parents
    return index


def covering(graph: Graph, finding_span: Span, element_id: str | None) -> list[Suppression]:
    """The suppressions whose statement holds `finding_span` or writes the finding's
    element or one of its enclosing groups; their ids decide whether it is suppressed.
    A finding about a suppression comment itself (SUP001, SUP002) sits where the
    statement the comment covers starts (the comment may be written just before it)."""
    index = _index(graph)
    own = scopes(graph).get(_key(finding_span))
    file, at = finding_span.file, (finding_span.line, finding_span.column)
    if own is not None:
        file, at = own.file, own.start
    out: dict[int, Suppression] = {}
    if element_id:
        element = graph.element(element_id)
        for key in (element_id, *(g.id for g in element.ancestors())) if element else (element_id,):
            out.update((id(s), s) for s in index.by_element.get(key, ()))
    if file in index.starts:
        # the anchored statement starting last at or before `at`; those holding `at`
        # are it or statements around it (statements nest)
        ordered, parents = index.scopes[file], index.parents[file]
        position = bisect_right(index.starts[file], at) - 1
        while position >= 0 and not ordered[position].end > at:
            position = parents[position]
        while position >= 0:
            out.update((id(s), s) for s in index.held[id(ordered[position])])
            position = parents[position]
    return list(out.values())
