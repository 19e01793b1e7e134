"""The weakest serving path of a design, by the SLA figures of its components.

Components in series multiply; copies that fail independently combine in
parallel as 1 - (1 - a)^N. The weakest path from an entry to a data store is
found without enumerating paths: availabilities are in (0, 1], so the minimum
product over paths obeys W(v) = a(v) * min over successors W(s), computed once
per vertex in reverse topological order: as each vertex closes in one
depth-first pass when the serving paths have no cycle (the usual design), else
over the graph's cycles condensed first (Tarjan's strongly connected components,
iterative). Either way the computation is linear in the size of the graph.
"""

from __future__ import annotations

from itertools import count
from operator import itemgetter
from typing import Iterator, Sequence

from archlint.analysis.flow import FlowGraph, flow_graph
from archlint.checks.availability._sla import Figure, figure, pct
from archlint.model.graph import Graph
from archlint.model.kinds import KINDS

MAX_ROUTE = 12
MAX_NESTING = 1   # parallel Regions spelled out inside parallel Regions, at most
_first = itemgetter(0)   # an option's weakest product
# Kinds where every serving path ends (FlowGraph.is_sink's stores, and queues/streams).
_PATH_END_KINDS = frozenset(name for name, kind in KINDS.items()
                            if kind.stateful or kind.asynchronous)
_UNREACHED = Figure(1.0, counted=False)   # a vertex no entry reaches: never shown
_END: list[int] = []        # no way on (one shared list: `succ` is only read)
_NOT_CUT: list[int] = []    # not reached yet by the depth-first pass (never read)


def _has_async_edge(graph: Graph) -> bool:
    """Whether an edge says `async = true`. A plain loop, O(edges), stopping at the
    first: most graphs have none, and a generator in any() cost twice as much."""
    for edge in graph.edges:
        if "async" in edge.attrs and edge.get("async") is True:
            return True
    return False


class _Singletons(Sequence[list[int]]):
    """The components of a graph without cycles, one vertex each: component c is
    [order[c]], made only when read (a list per vertex cost more than the rest of
    closing a path's end)."""

    def __init__(self, order: list[int]) -> None:
        self.order = order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, c):  # type: ignore[no-untyped-def, override]
        if isinstance(c, slice):
            return [[v] for v in self.order[c]]
        return [self.order[c]]


class Budget:
    """The weakest-path computation over the flow graph, condensed to a DAG."""

    def __init__(self, graph: Graph, overrides: dict[str, float]) -> None:
        traffic = graph
        if _has_async_edge(graph):   # re-index only if needed
            traffic = Graph(graph.file, graph.attrs, graph.nodes, graph.groups,
                            [e for e in graph.edges if e.get("async") is not True]).index()
        self.flow = flow_graph(traffic)
        # each vertex's ways on, cut where a serving path ends (`_cut`): filled by the
        # depth-first pass for the vertices it reaches, or whole for Tarjan's
        self.succ: list[list[int]] = [_NOT_CUT] * len(self.flow.succ)
        self.overrides = overrides
        self._paths: dict[tuple[int, int], tuple[list[int], list[str], list[int]]] = {}
        self._start()

    def _start(self) -> None:
        """Nothing solved yet: no component, and the figure of an unreached vertex."""
        n = len(self.succ)
        self.comp: list[int] = [-1] * n
        self.members: Sequence[list[int]] = []
        self.fig: list[Figure] = [_UNREACHED] * n   # figures only for what the entries reach
        self.best: list[float] = []
        self.choice: list[tuple | None] = []

    def _cut(self) -> list[list[int]]:
        """The flow graph's successors, cut where a serving path ends: at a data store,
        a sink, or a queue/stream (the request is accepted once the message is in; what
        follows is decoupled). The root's edges go too: entries are walked from one by
        one. One pass, O(vertices), with the kinds that end a path known in advance."""
        succ = [self._ways_on(v) for v in range(len(self.flow.element))]
        succ[FlowGraph.ROOT] = _END
        return succ

    def _ways_on(self, v: int) -> list[int]:
        """Vertex v's successors, or none where a serving path ends (see `_cut`)."""
        element = self.flow.element[v]
        if element is not None and (not self.flow.forward_out[v] or element.kind in _PATH_END_KINDS):
            return _END
        return self.flow.succ[v]

    def _components(self) -> None:
        """Tarjan's SCCs, iterative, over vertices reachable from the entries.
        Components come out successors-first (reverse topological order).
        O(vertices + edges): each vertex is entered once and each edge read once,
        through one iterator per vertex on the work stack."""
        succ = self.succ = self._cut()
        n = len(succ)
        index, low, comp = [-1] * n, [0] * n, self.comp
        on_stack = [False] * n
        stack: list[int] = []
        members: list[list[int]] = []
        self.members = members
        work: list[tuple[int, Iterator[int]]] = []

        def enter(v: int) -> None:
            index[v] = low[v] = next(numbers)
            stack.append(v)
            on_stack[v] = True
            work.append((v, iter(succ[v])))

        numbers = count()   # vertices in the order entered
        for root in self.flow.entries:
            if index[root] != -1:
                continue
            enter(root)
            while work:
                v, successors = work[-1]
                for w in successors:
                    if index[w] == -1:
                        enter(w)
                        break
                    if on_stack[w] and index[w] < low[v]:
                        low[v] = index[w]
                else:   # every successor done: v closes its component, if it roots one
                    work.pop()
                    if low[v] == index[v]:
                        members.append(self._pop_component(v, stack, on_stack, comp, len(members)))
                    if work and low[v] < low[work[-1][0]]:
                        low[work[-1][0]] = low[v]

    @staticmethod
    def _pop_component(v: int, stack: list[int], on_stack: list[bool], comp: list[int],
                       number: int) -> list[int]:
        """Tarjan's stack down to `v`: one strongly connected component, numbered."""
        group = []
        while True:
            w = stack.pop()
            on_stack[w] = False
            comp[w] = number
            group.append(w)
            if w == v:
                return group

    def own(self, c: int) -> float:
        product = 1.0
        for v in self.members[c]:
            product *= self.fig[v].value
        return product

    def solve(self) -> None:
        """best[c] = weakest product from component c (itself included) to a path end,
        for every component the entries reach. Most designs have no cycle on their
        serving paths: one depth-first pass then numbers each vertex as its own
        component when it closes (as Tarjan's algorithm would) and solves it at once.
        A cycle found on the way starts over with Tarjan's condensation. Both are
        O(vertices + edges)."""
        if not self._solve_acyclic():
            self._start()
            self._components()
            self._solve_condensed()

    def _solve_acyclic(self) -> bool:
        """The pass without cycles; False (and half done) at the first cycle. A vertex
        closes when all its successors have (post-order), so they are solved first.
        A path's end (a store, a queue: no successor) closes as soon as it is
        reached, without a turn on the work stack: most vertices are ends. Each
        component is one vertex (`_Singletons`); `best` and `choice` are made for
        one component per vertex and cut to size at the end. Each vertex's ways on
        are cut (as `_cut` does) when the pass first meets it, while the figure it
        then needs reads the same node: a pass of its own over every vertex read
        each node from memory once more at 100k lines."""
        succ, comp, fig = self.succ, self.comp, self.fig
        element, overrides = self.flow.element, self.overrides
        ways, sends, ends = self.flow.succ, self.flow.forward_out, _PATH_END_KINDS
        best: list[float] = [1.0] * len(succ)
        choice: list[tuple | None] = [None] * len(succ)
        self.best, self.choice = best, choice
        order: list[int] = []   # component c is the vertex order[c]
        self.members = _Singletons(order)
        state = [0] * len(succ)   # 0 not entered, 1 on the depth-first path, 2 closed
        for root in self.flow.entries:
            if state[root]:
                continue
            state[root] = 1
            succ[root] = self._ways_on(root)
            work: list[tuple[int, Iterator[int]]] = [(root, iter(succ[root]))]
            while work:
                v, successors = work[-1]
                for w in successors:
                    seen = state[w]
                    if seen == 1:
                        return False   # w is on the path to v: a cycle
                    if seen:
                        continue
                    target = element[w]   # `_ways_on(w)`, inline: the innermost step
                    out = succ[w] = _END if target is not None and (
                        not sends[w] or target.kind in ends) else ways[w]
                    if out:
                        state[w] = 1
                        work.append((w, iter(out)))
                        break
                    state[w] = 2   # a path's end: closed at once
                    comp[w] = c = len(order)
                    order.append(w)
                    a = fig[w] = figure(element[w], overrides)
                    best[c] = a.value
                else:
                    work.pop()
                    state[v] = 2
                    comp[v] = c = len(order)
                    order.append(v)
                    a = fig[v] = figure(element[v], overrides)
                    out = succ[v]
                    if not out:
                        best[c] = a.value
                    elif len(out) == 1:
                        best[c] = a.value * best[comp[out[0]]]
                        choice[c] = ("next", comp[out[0]])
                    else:
                        self._choose(c, [v])
        del best[len(order):], choice[len(order):]
        return True

    def _solve_condensed(self) -> None:
        """The components Tarjan found, successors first: O(vertices + edges)."""
        comp, best, choice, fig = self.comp, self.best, self.choice, self.fig
        element, overrides = self.flow.element, self.overrides
        for v, c in enumerate(comp):
            if c != -1:
                fig[v] = figure(element[v], overrides)
        best.extend([1.0] * len(self.members))
        choice.extend([None] * len(self.members))
        for c, group in enumerate(self.members):
            if len(group) == 1:   # most components: one vertex, at most one way on
                v = group[0]
                out = self.succ[v]
                if not out:
                    best[c] = fig[v].value
                    continue
                if len(out) == 1 and comp[out[0]] != c:
                    choice[c] = ("next", comp[out[0]])
                    best[c] = fig[v].value * best[comp[out[0]]]
                    continue
            self._choose(c, group)

    def _choose(self, c: int, group: list[int]) -> None:
        """best[c] and choice[c] from the ways on (`_options`), when there are several."""
        if len(group) == 1 and (way := self._one_per_kind(c, group[0])) is not None:
            value, self.choice[c] = way
            self.best[c] = self.fig[group[0]].value * value
            return
        options = self._options(c, group)
        if options:
            value, self.choice[c] = min(options, key=_first)
            self.best[c] = self.own(c) * value
        else:
            self.best[c] = self.own(c)

    def _one_per_kind(self, c: int, v: int) -> tuple[float, tuple] | None:
        """The weakest way on from vertex v when its targets are components, each of a
        kind of its own: what `_options` then gives (a "next" per target, in vertex
        order) and `min` picks (the first weakest), without the options list. None
        otherwise (a group's door, two targets of one kind, no target)."""
        comp, best, element = self.comp, self.best, self.flow.element
        kinds: set[str] = set()
        found: tuple[float, int] | None = None
        for w in sorted(set(self.succ[v])):
            d = comp[w]
            if d == c:
                continue
            target = element[w]
            if target is None or target.kind in kinds:
                return None
            kinds.add(target.kind)
            if found is None or best[d] < found[0]:
                found = (best[d], d)
        return None if found is None else (found[0], ("next", found[1]))

    def _options(self, c: int, group: list[int]) -> list[tuple[float, tuple | None]]:
        """The ways on from component c: (weakest product, choice) per target, targets
        of one kind in several components judged together (`_alternatives`)."""
        comp, best, element = self.comp, self.best, self.flow.element
        options: list[tuple[float, tuple | None]] = []
        targets = sorted({w for v in group for w in self.succ[v] if comp[w] != c})
        by_kind: dict[str, list[int]] = {}
        for w in targets:
            target = element[w]
            if target is not None:
                by_kind.setdefault(target.kind, []).append(w)
            else:
                options.append((best[comp[w]], ("next", comp[w])))
        for kind, ws in by_kind.items():
            if len(ws) == 1:   # the usual case: what _alternatives gives for one target
                options.append((best[comp[ws[0]]], ("next", comp[ws[0]])))
            else:
                options.extend(self._alternatives(kind, ws))
        return options

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
        """The id of the innermost Region group around vertex v. A walk up the
        parents, without `ancestors()`'s generator or `enclosing()`'s next(): a CDN
        in front of thousands of Regional stacks asks once per stack."""
        element = self.flow.element[v]
        group = element.parent if element is not None else None
        while group is not None:
            if group.kind == "region":
                return group.id
            group = group.parent
        return None

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
