"""The weakest serving path of a design, by the SLA figures of its components.

Components in series multiply; copies that fail independently combine in
parallel as 1 - (1 - a)^N. The weakest path from an entry to a data store is
found without enumerating paths: availabilities are in (0, 1], so the minimum
product over paths obeys W(v) = a(v) * min over successors W(s), computed once
per vertex in reverse topological order. Cycles are condensed first (Tarjan's
strongly connected components, iterative), so the whole computation is linear
in the size of the graph.
"""

from __future__ import annotations

from archlint.analysis.flow import FlowGraph, flow_graph
from archlint.checks.availability._sla import Figure, figure, pct
from archlint.model.graph import Graph
from archlint.model.kinds import KINDS

MAX_ROUTE = 12
MAX_NESTING = 1   # parallel Regions spelled out inside parallel Regions, at most


class Budget:
    """The weakest-path computation over the flow graph, condensed to a DAG."""

    def __init__(self, graph: Graph, overrides: dict[str, float]) -> None:
        traffic = graph
        if any("async" in e.attrs and e.get("async") is True for e in graph.edges):   # re-index only if needed
            traffic = Graph(graph.file, graph.attrs, graph.nodes, graph.groups,
                            [e for e in graph.edges if e.get("async") is not True]).index()
        self.flow = flow = flow_graph(traffic)
        self.succ = [[] if self._stops(v) else flow.succ[v] for v in range(len(flow.element))]
        self.succ[FlowGraph.ROOT] = []
        self.comp, self.members = self._components()
        # figures only for what the entries reach
        unreached = Figure(1.0, counted=False)
        self.fig = [figure(flow.element[v], overrides) if self.comp[v] != -1 else unreached
                    for v in range(len(flow.element))]
        self.best: list[float] = [1.0] * len(self.members)
        self.choice: list[tuple | None] = [None] * len(self.members)
        self._paths: dict[tuple[int, int], tuple[list[int], list[str], list[int]]] = {}

    def _stops(self, v: int) -> bool:
        """A serving path ends at a data store, a sink, or a queue/stream (the
        request is accepted once the message is in; what follows is decoupled)."""
        element = self.flow.element[v]
        if element is None:
            return False
        return self.flow.is_sink(v) or KINDS[element.kind].asynchronous

    def _components(self) -> tuple[list[int], list[list[int]]]:
        """Tarjan's SCCs, iterative, over vertices reachable from the entries.
        Components come out successors-first (reverse topological order)."""
        n = len(self.succ)
        index, low, comp = [-1] * n, [0] * n, [-1] * n
        on_stack = [False] * n
        stack: list[int] = []
        members: list[list[int]] = []
        counter = 0
        for root in self.flow.entries:
            if index[root] != -1:
                continue
            work = [(root, 0)]
            while work:
                v, i = work.pop()
                if i == 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = True
                if i < len(self.succ[v]):
                    work.append((v, i + 1))
                    w = self.succ[v][i]
                    if index[w] == -1:
                        work.append((w, 0))
                    elif on_stack[w]:
                        low[v] = min(low[v], index[w])
                    continue
                if low[v] == index[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        comp[w] = len(members)
                        group.append(w)
                        if w == v:
                            break
                    members.append(group)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
        return comp, members

    def own(self, c: int) -> float:
        product = 1.0
        for v in self.members[c]:
            product *= self.fig[v].value
        return product

    def solve(self) -> None:
        """best[c] = weakest product from component c (itself included) to a path end."""
        comp, best = self.comp, self.best
        for c, group in enumerate(self.members):       # successors come first
            if len(group) == 1 and len(self.succ[group[0]]) <= 1:   # most components
                v = group[0]
                ws = [w for w in self.succ[v] if comp[w] != c]
                if ws:
                    self.choice[c] = ("next", comp[ws[0]])
                    best[c] = self.own(c) * best[comp[ws[0]]]
                else:
                    best[c] = self.own(c)
                continue
            options: list[tuple[float, tuple | None]] = []
            targets = sorted({w for v in group for w in self.succ[v] if self.comp[w] != c})
            by_kind: dict[str, list[int]] = {}
            for w in targets:
                element = self.flow.element[w]
                if element is not None:
                    by_kind.setdefault(element.kind, []).append(w)
                else:
                    options.append((self.best[self.comp[w]], ("next", self.comp[w])))
            for kind, ws in by_kind.items():
                options.extend(self._alternatives(kind, ws))
            if options:
                value, self.choice[c] = min(options, key=lambda o: o[0])
                self.best[c] = self.own(c) * value
            else:
                self.best[c] = self.own(c)

    def _alternatives(self, kind: str, ws: list[int]) -> list[tuple[float, tuple | None]]:
        """Targets of one kind: copies in different Regions are independent stacks
        (parallel); otherwise each target is its own path."""
        comps = sorted({self.comp[w] for w in ws})
        if len(comps) >= 2:   # one target needs no Region (a walk up its groups)
            regions = {self._region(w) for w in ws}
            if None not in regions and len(regions) == len(ws):
                fail = 1.0
                for c in comps:
                    fail *= 1 - self.best[c]
                return [(1 - fail, ("parallel", tuple(comps), 1 - fail))]
        return [(self.best[c], ("next", c)) for c in comps]

    def _region(self, v: int) -> str | None:
        element = self.flow.element[v]
        region = element.enclosing("region") if element is not None else None
        return region.id if region is not None else None

    def weakest(self) -> tuple[float, int] | None:
        starts = {self.comp[e] for e in self.flow.entries if self.comp[e] != -1}
        if not starts:
            return None
        # ties: the most upstream entry (Tarjan numbers it last), for a whole route
        value, negative = min((round(self.best[c], 12), -c) for c in starts)
        return self.best[-negative], -negative

    def path(self, start: int, depth: int = 0) -> tuple[list[int], list[str], list[int]]:
        """Vertices along the weakest path, parallel stacks shown as one step, and the
        vertices whose figure counts (for naming the weakest component).

        Memoized, and stacks nested deeper than MAX_NESTING are named without their
        own stacks: nested parallel Regions share their downstream stacks, and
        spelling each out again took time and text exponential in the nesting
        (12 levels: 160 s)."""
        key = (start, min(depth, MAX_NESTING + 1))
        if key not in self._paths:
            self._paths[key] = self._path(start, depth)
        return self._paths[key]

    def _path(self, start: int, depth: int) -> tuple[list[int], list[str], list[int]]:
        shown: list[int] = []
        steps: list[str] = []
        counted: dict[int, None] = {}   # ordered and without repeats
        c: int | None = start
        while c is not None:
            for v in sorted(self.members[c]):
                if self.flow.element[v] is not None:
                    shown.append(v)
                    if self.fig[v].counted or self.fig[v].text:
                        counted[v] = None
            choice = self.choice[c]
            if choice is None:
                break
            if choice[0] == "parallel":
                names = " | ".join(self._stack_text(k, depth + 1) for k in choice[1])
                steps.append(f"parallel Regions [{names}] = {pct(choice[2])}")
                for k in choice[1]:     # the weakest component may sit in a stack
                    counted.update((v, None) for v in self.path(k, depth + 1)[2]
                                   if self.fig[v].counted)
                break
            c = choice[1]
        return shown, steps, list(counted)

    def _stack_text(self, c: int, depth: int) -> str:
        shown, steps, _ = self.path(c, depth)
        ids = route_text([self.flow.element[v].id for v in shown])  # type: ignore[union-attr]
        if steps and depth > MAX_NESTING:
            steps = ["parallel Regions [...]"]
        return f"{ids} {pct(self.best[c])}" + (f" ({'; '.join(steps)})" if steps else "")


def route_text(ids: list[str]) -> str:
    """`a -> b -> c`, with the middle of very long routes elided."""
    if len(ids) > MAX_ROUTE:
        half = MAX_ROUTE // 2
        ids = ids[:half] + [f"... ({len(ids) - 2 * half + 1} more)"] + ids[-half + 1:]
    return " -> ".join(ids)
