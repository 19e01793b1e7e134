"""The VPC peering graph of one document, built once per Graph (linear).

A peering connection is any edge whose two ends are `vpc` groups (`a <-> b`,
`a -> b` or `a -- b`: peering is an association, its direction does not matter;
the same pair written twice is one connection). Counts multiply through
enclosing groups: `account team { count = 50  vpc app { count = 4 } }` is 200
`app` VPCs. An edge `app <-> shared` peers every `app` copy with `shared`; when
both ends sit in the same counted group, each copy of that group has its own
peering (the multiplicity counted is the one below the ends' common ancestor).
"""

from __future__ import annotations

from typing import TypeGuard

from archlint.analysis import per_graph
from archlint.model.graph import Edge, Element, Graph, Group
from archlint.model.record import Record


def is_vpc(element: Element | None) -> TypeGuard[Group]:
    return isinstance(element, Group) and element.kind == "vpc"


class Vpcs:
    """The VPC each element lives in (a VPC group is its own; otherwise the innermost
    enclosing one), from a table of the groups alone: an element's VPC is its group's. A table of every element (51,000 at 100k lines,
    filled by a walk down the whole tree) cost more than the network rules' look-ups.
    NET002 alone reads it, so it is made by that rule, not cached per graph."""

    def __init__(self, graph: Graph) -> None:
        self._of_group: dict[str, Group | None] = {}
        for group in graph.groups.values():
            self._group(group)

    def _group(self, group: Group) -> Group | None:
        """The group's VPC, walking up to the first group already known (iterative:
        groups may nest deeply); each group is walked over once."""
        known, path = self._of_group, []
        at: Group | None = group
        while at is not None and at.id not in known and not is_vpc(at):
            path.append(at)
            at = at.parent
        found = None if at is None else known.get(at.id, at)   # known, else `at` is a VPC
        if at is not None:
            known[at.id] = found
        for below in path:
            known[below.id] = found
        return found

    def of(self, element: Element) -> Group | None:
        """The VPC `element` is or lies in, or None."""
        group = element if isinstance(element, Group) else element.parent
        return None if group is None else self._group(group)


def relative_copies(element: Element, other: Element) -> int:
    """Copies of `element` per copy of the innermost group enclosing both ends."""
    shared = {id(g) for g in other.ancestors()}
    copies = element.count
    for group in element.ancestors():
        if id(group) in shared:
            break
        copies *= group.count
    return copies


class UnionFind:
    """Disjoint sets over string keys, iterative with path halving."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class Peerings(Record, eq=True):
    """The peering graph of one document, built once per graph (linear). It holds no
    reference to the graph: it is cached per graph, weakly."""

    pairs: dict[frozenset[str], Edge]
    neighbours: dict[str, dict[str, int]]  # vpc -> peer -> copies
    components: UnionFind

    def __init__(self) -> None:
        self.pairs, self.neighbours, self.components = {}, {}, UnionFind()

    @classmethod
    def of(cls, graph: Graph) -> "Peerings":
        peerings = cls()
        # a peering's source is a VPC: the VPCs' edges, not a walk over every edge (the
        # result does not depend on the order the pairs are found in)
        for edge in (e for vpc in graph.of_kind("vpc") for e in graph.out_edges(vpc.id)):
            a, b = edge.source_element, edge.target_element
            if not (is_vpc(a) and is_vpc(b)) or a is b:
                continue
            pair = frozenset((edge.source, edge.target))
            if pair in peerings.pairs:
                continue
            peerings.pairs[pair] = edge
            assert a is not None and b is not None
            peerings.neighbours.setdefault(a.id, {})[b.id] = relative_copies(b, a)
            peerings.neighbours.setdefault(b.id, {})[a.id] = relative_copies(a, b)
            peerings.components.union(a.id, b.id)
        return peerings

    def connections(self, vpc: str) -> int:
        """Peering connections of one copy of `vpc`."""
        return sum(self.neighbours.get(vpc, {}).values())

    def peered(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.pairs

    def connected(self, a: str, b: str) -> bool:
        return (a in self.neighbours and b in self.neighbours
                and self.components.find(a) == self.components.find(b))



@per_graph
def peering_graph(graph: Graph) -> Peerings:
    """The document's peering graph (callers must not mutate it)."""
    return Peerings.of(graph)
