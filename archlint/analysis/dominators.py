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

from typing import NamedTuple

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
    bucket: dict[int, list[int]] = {}

    def evaluate(v: int) -> int:
        if ancestor[v] == -1:
            return v
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
            u = evaluate(v)
            if semi[u] < semi[w]:
                semi[w] = semi[u]
        bucket.setdefault(order[semi[w]], []).append(w)
        p = parent[w]
        ancestor[w] = p
        for v in bucket.pop(p, ()):
            u = evaluate(v)
            idom[v] = u if semi[u] < semi[v] else p
    for w in order[1:]:
        if idom[w] != order[semi[w]]:
            idom[w] = idom[idom[w]]
    if order:
        idom[root] = root
    return DominatorTree(order, idom, parent)


class Dominated(NamedTuple):
    """A component every path from `entry` to `sink` passes through (a named tuple:
    one is made per critical component, 24,000 at 100k lines, where a frozen record's
    three guarded stores cost three times as much)."""

    node: Node
    entry: Node
    sink: Node


def critical_components(graph: Graph) -> list[Dominated]:
    """Nodes that dominate some reachable data store or sink, in source order.
    REL001's own work, so not cached per graph: bench/run.py charges a cached
    analysis to no rule, which is fair only when several rules use it
    (tests/test_shared_analyses.py)."""
    flow = flow_graph(graph)
    if not flow.entries:
        return []
    tree = dominators(flow.succ, flow.pred, FlowGraph.ROOT)
    entry_of = [-1] * len(flow.succ)
    for v in tree.order[1:]:
        p = tree.dfs_parent[v]
        entry_of[v] = v if p == FlowGraph.ROOT else entry_of[p]
    sink_of = [-1] * len(flow.succ)
    is_sink = flow.is_sink
    for t in tree.order[1:]:
        if not is_sink(t):
            continue
        v = t
        while v != FlowGraph.ROOT and sink_of[v] == -1:
            sink_of[v] = t
            v = tree.idom[v]
    found = []
    for v in range(1, len(flow.element)):
        node = flow.element[v]
        if node is not None and sink_of[v] != -1:
            entry, sink = flow.element[entry_of[v]], flow.element[sink_of[v]]
            assert entry is not None and sink is not None
            found.append(Dominated(node, entry, sink))
    return found


