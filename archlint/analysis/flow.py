"""The request-flow graph of an architecture, built once per Graph.

How the architecture becomes a flow graph:
- Every node is a vertex. `->`, `<-` and `<->` edges carry traffic (`<->` both
  ways); `--` edges are associations (a volume attached, a key used) and are left
  out. An edge between two network containers (vpc, region, account, subnet, az),
  such as a VPC peering, is plumbing, not traffic, and is left out too.
- An edge into or out of a group stands for traffic to or from its members. The
  group becomes two virtual vertices, "in" and "out": "in" leads to the members
  that nothing else inside the group calls (the group's front door, e.g. its load
  balancer), and the members that call nothing else inside the group lead to
  "out". This keeps the graph linear in size (no member-by-member expansion of
  every edge) and makes members, never groups, the components judged: two
  instances in an `asg` are two parallel paths, one instance is a dominator.

REL001 (through the dominators) and AVL001 (the weakest path) both read it.
"""

from __future__ import annotations

import functools

from archlint.analysis import per_graph
from archlint.model.graph import Element, Graph, Group, Node
from archlint.model.kinds import KINDS, has_trait

class FlowGraph:
    """Vertices 0..n-1: 0 is the virtual root; then nodes; then group in/out vertices."""

    ROOT = 0

    def __init__(self, graph: Graph) -> None:
        # The graph is read while building only: a flow graph is cached per graph,
        # weakly, and a reference back to it would keep every graph alive for ever.
        self.element: list[Node | None] = [None, *graph.nodes.values()]
        # vertex of each node, keyed by the node itself: hashing an object reads no
        # memory, hashing its id reads the string (at 100k lines, a cache miss)
        self.vertex: dict[Element, int] = {node: v for v, node in enumerate(self.element) if v}
        self.succ: list[list[int]] = [[] for _ in self.element]
        self.forward_in: list[int] = [0] * len(self.element)   # `<->` counted as written
        self.forward_out: list[int] = [0] * len(self.element)
        self._in: dict[str, int] = {}
        self._out: dict[str, int] = {}
        self._traffic_edges(graph)
        self._group_members(graph)
        self.pred: list[list[int]] = [[] for _ in self.succ]
        for v, targets in enumerate(self.succ):
            for w in targets:
                self.pred[w].append(v)
        self.entries = self._entries(graph)
        self.succ[self.ROOT] = self.entries
        for w in self.entries:
            self.pred[w].append(self.ROOT)

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Node id -> vertex, made when first asked for (no rule needs it)."""
        return {node.id: v for node, v in self.vertex.items()}

    def _virtual(self, table: dict[str, int], group_id: str) -> int:
        if group_id not in table:
            table[group_id] = len(self.element)
            self.element.append(None)
            self.succ.append([])
            self.forward_in.append(0)
            self.forward_out.append(0)
        return table[group_id]

    def _end(self, element: Element, incoming: bool) -> int | None:
        if isinstance(element, Group):
            return self._virtual(self._in if incoming else self._out, element.id)
        return self.vertex.get(element)

    def _traffic_edges(self, graph: Graph) -> None:
        end, vertex, link = self._end, self.vertex, self._link
        for edge in graph.edges:
            a, b = edge.source_element, edge.target_element
            if not edge.directed or a is None or b is None:
                continue
            u, v = vertex.get(a), vertex.get(b)
            if u is not None and v is not None:   # two nodes (most edges): their vertices,
                link(u, v)                        # found without reading either node
                if edge.bidirectional:
                    link(v, u, reply=True)
                continue
            if (isinstance(a, Group) and isinstance(b, Group) and has_trait(a.kind, "network")
                    and has_trait(b.kind, "network")):
                continue
            u, v = end(a, False), end(b, True)
            if u is not None and v is not None:
                self._link(u, v)
            if edge.bidirectional:   # the way back: a reply, not a new flow
                u, v = end(b, False), end(a, True)
                if u is not None and v is not None:
                    self._link(u, v, reply=True)

    def _link(self, u: int, v: int, reply: bool = False) -> None:
        """Add u -> v; the reverse direction of a `<->` edge is a reply, not a new flow."""
        self.succ[u].append(v)
        if not reply:
            self.forward_out[u] += 1
            self.forward_in[v] += 1

    def _group_members(self, graph: Graph) -> None:
        """Join group in/out vertices to the members that are the group's doors."""
        for group_id in sorted(set(self._in) | set(self._out)):
            group = graph.groups[group_id]
            members = list(graph.members(group))
            inside = {id(m) for m in members}
            stack: list[Element] = list(group.children)
            while stack:  # nested groups count as inside too
                element = stack.pop()
                inside.add(id(element))
                if isinstance(element, Group):
                    stack.extend(element.children)
            g_in, g_out = self._in.get(group_id), self._out.get(group_id)
            if not members:
                if g_in is not None and g_out is not None:
                    self._link(g_in, g_out)
                continue
            if g_in is not None:
                doors = [m for m in members if not any(
                    e.directed and id(e.source_element) in inside
                    for e in graph.in_edges(m.id))] or members
                for m in doors:
                    self._link(g_in, self.vertex[m])
            if g_out is not None:
                exits = [m for m in members if not any(
                    e.directed and id(e.target_element) in inside
                    for e in graph.out_edges(m.id))] or members
                for m in exits:
                    self._link(self.vertex[m], g_out)

    def _entries(self, graph: Graph) -> list[int]:
        """Entry-kind nodes; if there are none, nodes that only send (in-degree 0,
        not counting replies on `<->` edges)."""
        # the entries' kinds looked up in the graph's index, not each node's kind read:
        # at 100k lines a pass over every node read each from memory
        entry_kinds = [name for name, kind in KINDS.items() if kind.entry]
        marked = sorted(self.vertex[e] for e in graph.of_kind(*entry_kinds) if e in self.vertex)
        if marked:
            return marked
        return [v for v, e in enumerate(self.element)
                if e is not None and not self.forward_in[v] and self.forward_out[v]]

    def is_sink(self, v: int) -> bool:
        """A data store, or a node that sends nothing on (its kind is read only for
        those that do: at 100k lines each read of a node is a cache miss)."""
        element = self.element[v]
        return element is not None and (not self.forward_out[v]
                                        or KINDS[element.kind].stateful)


@per_graph
def flow_graph(graph: Graph) -> FlowGraph:
    """The graph's flow graph, built once per graph: REL001, REL003+ and AVL001 all
    read it. Callers must not mutate it."""
    return FlowGraph(graph)
