"""Names used before they are known: each edge's two ends and every `replica_of`,
resolved against the ids of the whole document (with its includes) once the builder
has read all of it, so that an edge may name an element written further down. An
undefined name is a positioned error with a "did you mean", within a budget.
"""

from __future__ import annotations

from typing import Protocol

from archlint.language.syntax_tree import Ref
from archlint.model.findings import INVALID_EDGE, INVALID_VALUE, UNDEFINED_REFERENCE, Edit
from archlint.model.graph import Edge, Element, Graph, Group, Node, Span

MAX_SUGGESTION_COMPARISONS = 200_000   # "did you mean" work per document (name pairs)


class Report(Protocol):
    """How the builder records an input error, with its "did you mean" as an edit."""

    def __call__(self, rule_id: str, message: str, span: Span, fix: Edit | None = None) -> None: ...


class References:
    """The names a document uses, resolved at its end (`resolve`, `check_replicas`)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # the edges `add` could not settle as they were read, with their two ends as written
        self.ends: list[tuple[Ref, Ref, Edge]] = []
        self.replicas: list[Node] = []   # nodes with `replica_of`, in source order (the builder's)
        self.unresolved_ok: set[str] = set()   # names whose definition already has an error
        self._suggestions: dict[str, str | None] = {}
        self._candidates: list[str] | None = None   # every id, sorted, for a did-you-mean
        self._budget = MAX_SUGGESTION_COMPARISONS

    def add(self, source: Ref, target: Ref, edge: Edge) -> None:
        """Resolve `edge` as the builder reads it, while it and its two names are in
        the cache: an edge between two nodes already defined (most) is settled now;
        one that names what is not yet defined, or touches a group (whose containment
        `resolve` checks), waits for `resolve`. Only waiting edges can be in error, and
        they wait in source order, so the errors come in the same order as from one
        pass at the end. At 100k lines that pass read every edge and its names back
        from memory (40 ms; 9 ms for the edges left to it)."""
        nodes = self.graph.nodes
        a = nodes.get(source.name)
        b = nodes.get(target.name)
        if a is None or b is None:   # a group, or a name not yet defined
            self.ends.append((source, target, edge))
            return
        edge.source, edge.target = a.id, b.id
        edge.source_element, edge.target_element = a, b

    def resolve(self, report: Report) -> None:
        """The ends `add` left, each looked up once: an end found takes the element's
        own id string (one string object per id, so later lookups by it compare
        pointers, not characters: at 100k lines each comparison of characters was a
        cache miss); an end not found is an error, and its edge is dropped. `report`
        is the builder's (not kept: it would make the builder and its graph a cycle)."""
        dangling: set[int] = set()
        nodes, groups = self.graph.nodes, self.graph.groups
        for source, target, edge in self.ends:
            a = nodes.get(source.name) or groups.get(source.name)
            b = nodes.get(target.name) or groups.get(target.name)
            if a is None or b is None:
                dangling.add(id(edge))
                for ref, found in ((source, a), (target, b)):
                    if found is None and ref.name not in self.unresolved_ok:  # else its
                        self._undefined(ref, report)   # definition already has an error: not repeated
                continue
            edge.source, edge.target = a.id, b.id
            edge.source_element, edge.target_element = a, b   # Graph.index() need not look
            if isinstance(a, Group) or isinstance(b, Group):
                self._check_containment(edge, a, b, dangling, report)
        if dangling:
            self.graph.edges = [e for e in self.graph.edges if id(e) not in dangling]

    def _undefined(self, ref: Ref, report: Report) -> None:
        if self._candidates is None:   # sorted once, for the first unknown name: the same
            self._candidates = sorted([*self.graph.nodes, *self.graph.groups])  # suggestion every run
        close = self._suggest(ref.name, self._candidates)
        hint = f"; did you mean '{close}'?" if close else (
            "; define it with 'ID: KIND' or a group" if self._candidates else "")
        report(UNDEFINED_REFERENCE, f"'{ref.name}' is not defined{hint}", ref.span,
               Edit(ref.span, close) if close else None)

    def check_replicas(self, report: Report) -> None:
        """`replica_of = db` names a database of the same kind in this document (the
        nodes that set it are those the builder put in `replicas`: a pass over every
        node's attributes read them all back from memory)."""
        node_ids: list[str] | None = None
        for node in self.replicas:
            attribute = node.attrs["replica_of"]
            value = attribute.value
            target_id = value if isinstance(value, str) else str(value)
            target = self.graph.nodes.get(target_id)
            if target is None:
                node_ids = sorted(self.graph.nodes) if node_ids is None else node_ids
                close = self._suggest(target_id, node_ids)
                hint = f"; did you mean '{close}'?" if close else ""
                report(UNDEFINED_REFERENCE, f"replica_of: '{target_id}' is not defined{hint}",
                       attribute.span, Edit(attribute.span, f"replica_of = {close}") if close else None)
            elif target is node or target.kind != node.kind or node.kind not in ("rds", "aurora"):
                report(INVALID_VALUE, f"replica_of: '{node.id}' ({node.kind}) cannot be a "
                       f"read replica of '{target.id}' ({target.kind}); a replica is an rds "
                       "or aurora node of the same kind as its primary", attribute.span)

    def _suggest(self, name: str, known: list[str]) -> str | None:
        """The closest defined id, within a budget of comparisons per document:
        comparing every undefined name with every id is quadratic (4,000 undefined
        references took 43 s); past the budget, the error simply has no suggestion."""
        if name not in self._suggestions:
            if self._budget < len(known):
                return None
            self._budget -= len(known)
            from archlint.spelling import closest

            self._suggestions[name] = closest(name, known, cutoff=0.75)
        return self._suggestions[name]

    @staticmethod
    def _check_containment(edge: Edge, source: Element, target: Element, dangling: set[int],
                           report: Report) -> None:
        """An edge between a group and something inside it has no meaning."""
        for outer, inner in ((source, target), (target, source)):
            if isinstance(outer, Group) and outer in inner.ancestors():
                report(INVALID_EDGE, f"edge between group '{outer.id}' and its own "
                       f"member '{inner.id}'", edge.span)
                dangling.add(id(edge))
                return
