"""Parse results and graphs hold no reference cycles: they are freed the moment
the last reference goes, without CPython's cyclic garbage collector (which the
engine pauses while it checks a document, and which otherwise left about 100 MiB
per 100k-line parse waiting for a collection).

Each test runs with the collector disabled and watches the objects through weak
references.
"""

from __future__ import annotations

import gc
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from archlint.language.builder import build_graph
from archlint.language.parser import parse
from archlint.run.engine import check_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

SAMPLES = [p for p in sorted((ROOT / "samples").rglob("*.arch")) if "include" not in p.read_text()]


@pytest.fixture(autouse=True)
def no_cyclic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_parse_result_is_freed_without_the_cyclic_collector() -> None:
    tree = parse(generate.architecture(300), "big.arch")
    # statements and comments have slots and no weak references: each is held here
    # once more, so a tree kept alive by a cycle would show as one more reference
    last, comment = tree.statements[-1], tree.comments[0]
    before = sys.getrefcount(last), sys.getrefcount(comment)
    watched = weakref.ref(tree)
    del tree
    assert watched() is None
    assert (sys.getrefcount(last), sys.getrefcount(comment)) == (before[0] - 1, before[1] - 1)


@pytest.mark.parametrize("path", SAMPLES + [None], ids=lambda p: p.name if p else "generated")
def test_a_graph_is_freed_without_the_cyclic_collector(path: Path | None) -> None:
    text = path.read_text() if path else generate.architecture(300)
    tree = parse(text, "doc.arch")
    graph, errors = build_graph(tree.statements, tree.comments, "doc.arch")
    assert not errors
    nested = [n for n in graph.nodes.values() if n.parent is not None]
    assert nested or path is not None  # the generated document nests nodes in groups
    watched = [weakref.ref(graph)] + [weakref.ref(e) for e in graph.elements()]
    del tree, graph, nested
    assert all(w() is None for w in watched)


def test_the_parent_link_still_answers_while_the_graph_lives() -> None:
    tree = parse('region r { vpc v { web: ec2 } }\ndb: rds', "doc.arch")
    graph, _ = build_graph(tree.statements, tree.comments, "doc.arch")
    web = graph.nodes["web"]
    assert [g.id for g in web.ancestors()] == ["v", "r"]
    assert web.enclosing("region") is graph.groups["r"]
    assert graph.nodes["db"].parent is None and graph.groups["r"].parent is None


@pytest.mark.parametrize("path", SAMPLES + [None], ids=lambda p: p.name if p else "generated")
def test_a_checked_graph_is_freed_with_its_shared_analyses(path: Path | None) -> None:
    """Rules cache analyses per graph (archlint/analysis): the cache must let go."""
    text = path.read_text() if path else generate.architecture(300) + "\navailability = 99.99%"
    result = check_text(text, "doc.arch")
    assert result.graph is not None
    watched = weakref.ref(result.graph)
    del result
    assert watched() is None
