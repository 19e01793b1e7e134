"""Single points of failure, found as dominators of the request-flow graph.

The question "which components does every path from the users to the data pass
through?" is exactly the dominator relation of a flow graph: with a virtual
root joined to every entry, vertex d dominates t when every path from the root
to t passes through d. The dominator tree is computed once with the
Lengauer-Tarjan algorithm (O(E log V), iterative: no Python recursion), and the
candidates are the dominators of every data store or sink: the union of their
paths to the root of the tree, marked in linear time.
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.flow import FlowGraph, flow_graph
from archlint.model.graph import Graph, Node
from archlint.model.record import Record


class DominatorTree(Record, eq=True):
    """idom[v] for every vertex reachable from the root (-1 otherwise); parent in DFS."""

    order: list[int]      # vertices in DFS preorder, root first
    idom: list[int]
    dfs_parent: list[int]

    def __init__(self, order: list[int], idom: list[int], dfs_parent: list[int]) -> None:
        self.order, self.idom, self.dfs_parent = order, idom, dfs_parent


def dominators(succ: list[list[int]], pred: list[list[int]], root: int = 0) -> DominatorTree:
    """Lengauer-Tarjan with path compression ("simple" version), O(E log V), iterative."""
    n = len(succ)
    semi = [-1] * n        # DFS number until replaced by the semidominator's number
    parent = [-1] * n
    order: list[int] = []
    stack, pushed_by = [root], [-1]   # two int lists: no tuple per edge
    while stack:           # iterative DFS: the last pusher of w is its tree parent
        v, p = stack.pop(), pushed_by.pop()
        if semi[v] != -1:
            continue
        semi[v] = len(order)
        order.append(v)
        parent[v] = p
        for w in reversed(succ[v]):
            if semi[w] == -1:
                stack.append(w)
                pushed_by.append(v)

    ancestor = [-1] * n
    label = list(range(n))
    idom = [-1] * n
    # buckets as linked lists in two int lists (first in bucket, next in bucket):
    # no list made per vertex
    first, after = [-1] * n, [-1] * n

    def evaluate(v: int) -> int:
        """The vertex of least semidominator on v's linked path, compressing it;
        called only when the path is longer than one link (the common cases,
        an unlinked vertex or one below a root of the forest, are inline)."""
        path = []
        x = v
        while ancestor[ancestor[x]] != -1:
            path.append(x)
            x = ancestor[x]
        for x in reversed(path):
            a = ancestor[x]
            if semi[label[a]] < semi[label[x]]:
                label[x] = label[a]
            ancestor[x] = ancestor[a]
        return label[v]

    for i in range(len(order) - 1, 0, -1):
        w = order[i]
        for v in pred[w]:
            if semi[v] == -1:
                continue   # not reachable from the root
            a = ancestor[v]
            u = v if a == -1 else label[v] if ancestor[a] == -1 else evaluate(v)
            if semi[u] < semi[w]:
                semi[w] = semi[u]
        s = order[semi[w]]
        first[s], after[w] = w, first[s]
        p = parent[w]
        ancestor[w] = p
        v, first[p] = first[p], -1
        while v != -1:
            a = ancestor[v]
            u = v if a == -1 else label[v] if ancestor[a] == -1 else evaluate(v)
            idom[v] = u if semi[u] < semi[v] else p
            v = after[v]
    for w in order[1:]:
        if idom[w] != order[semi[w]]:
            idom[w] = idom[idom[w]]
    if order:
        idom[root] = root
    return DominatorTree(order, idom, parent)


Dominated = tuple[Node, Node, Node]
"""A component every path from an entry to a sink passes through: (node, entry,
sink), a plain tuple since one is made per critical component (50,000 on the
bench's node graph, where a named tuple's `__new__` cost 8 ms)."""


def critical_components(graph: Graph) -> Iterator[Dominated]:
    """Nodes that dominate some reachable data store or sink, in source order.
    REL001's own work, so not cached per graph: bench/run.py charges a cached
    analysis to no rule, which is fair only when several rules use it
    (tests/test_shared_analyses.py)."""
    flow = flow_graph(graph)
    if not flow.entries:
        return
    tree = dominators(flow.succ, flow.pred, FlowGraph.ROOT)
    root, idom, parent = FlowGraph.ROOT, tree.idom, tree.dfs_parent
    entry_of = [-1] * len(flow.succ)
    for v in tree.order[1:]:
        p = parent[v]
        entry_of[v] = v if p == root else entry_of[p]
    sink_of = [-1] * len(flow.succ)
    is_sink = flow.is_sink
    for t in tree.order[1:]:
        if not is_sink(t):
            continue
        v = t
        while v != root and sink_of[v] == -1:
            sink_of[v] = t
            v = idom[v]
    element = flow.element   # None: the root and group doors, which are never entries or sinks
    for v in range(1, len(element)):
        if sink_of[v] != -1 and (node := element[v]) is not None:
            yield node, element[entry_of[v]], element[sink_of[v]]  # type: ignore[misc]
