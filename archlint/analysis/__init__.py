"""Analyses of one architecture graph that rules share, most computed once per Graph.

- `flow`: the request-flow graph (traffic edges, group doors);
- `dominators`: the components every path to the data passes through (REL001's);
- `placement`: copies, AZ placement and the account/Region a quota counts in;
- `redundancy`: whether a component survives the loss of one instance or AZ;
- `peering`: the VPC peering graph.

Analyses import only `archlint.model`; rules (`archlint.checks`) import them.
A graph is not changed after it is built, so a result several rules ask for is
cached per graph object (`per_graph`; weakly: it goes with the graph) and callers
must not mutate it. What one rule alone asks for is not cached: bench/run.py times
the cached analyses apart from the rules, which is fair only for shared work
(tests/test_shared_analyses.py).
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar
from weakref import WeakKeyDictionary

from archlint.model.graph import Graph

T = TypeVar("T")

ANALYSES: list[Callable[[Graph], object]] = []  # every cached analysis, for bench/run.py


def per_graph(compute: Callable[[Graph], T]) -> Callable[[Graph], T]:
    """Cache `compute(graph)` for as long as the graph lives. The result must not
    refer to the graph (elements are fine): a weak key whose value holds it is
    never dropped, and every graph checked would stay in memory
    (tests/test_memory.py)."""
    results: "WeakKeyDictionary[Graph, T]" = WeakKeyDictionary()

    @functools.wraps(compute)
    def cached(graph: Graph) -> T:
        try:
            return results[graph]
        except KeyError:
            result = results[graph] = compute(graph)
            return result

    cached.computed_for = results.__contains__  # type: ignore[attr-defined]  # tests: who asked
    ANALYSES.append(cached)
    return cached
