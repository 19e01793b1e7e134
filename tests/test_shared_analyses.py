"""What bench/run.py times apart as "shared analyses" must be shared.

The per-rule goal of the speed issue compares each rule with all rule time, and
the cached analyses (`archlint.analysis.per_graph`) are timed on their own line,
charged to no rule. That is fair only for work several rules use: an analysis
that one rule alone asks for is that rule's own work, and counting it apart
would hide the rule's cost. Each rule runs here on fresh graphs of varied
documents, and the cached analyses it caused are recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archlint.analysis import ANALYSES
from archlint.config.settings import Settings
from archlint.language.builder import build_graph
from archlint.language.parser import parse
from archlint.model.graph import Graph
from archlint.run.engine import rules_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


def documents() -> list[str]:
    """Every rule's failing and passing examples, the samples without includes and
    generated documents of both shapes."""
    examples = [t for r in rules_for(Settings()) for t in (*r.failing, *r.passing)]
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.arch"))]
    return examples + [t for t in samples if "include" not in t] + [
        generate.architecture(400), generate.node_graph(400)]


def graph_of(text: str) -> Graph:
    tree = parse(text, "doc.arch")
    graph, errors = build_graph(tree.statements, tree.comments, "doc.arch")
    assert not errors, errors[:3]
    return graph


def askers() -> dict[str, set[str]]:
    """Cached analysis name -> ids of the rules that caused it to be computed."""
    rules = rules_for(Settings())
    asked: dict[str, set[str]] = {a.__qualname__: set() for a in ANALYSES}
    for text in documents():
        for rule in rules:
            graph = graph_of(text)   # fresh: nothing cached for it yet
            rule.run(graph)
            for analysis in ANALYSES:
                if analysis.computed_for(graph):  # type: ignore[attr-defined]
                    asked[analysis.__qualname__].add(rule.id)
    return asked


def test_every_cached_analysis_is_asked_for_by_at_least_two_rules() -> None:
    asked = askers()
    assert len(asked) >= 5, asked   # the recorder sees the analyses at all
    alone = {name: sorted(rules) for name, rules in asked.items() if len(rules) < 2}
    assert alone == {}, (
        f"cached analyses used by fewer than two rules: {alone}; make them the rule's "
        "own work (no @per_graph), so that bench/run.py charges them to it")


def test_the_recorder_sees_which_rule_asked() -> None:
    """The check above can fail: REL001 alone computes the flow graph on a fresh graph."""
    rel001 = next(r for r in rules_for(Settings()) if r.id == "REL001")
    graph = graph_of(generate.architecture(60))
    flow = next(a for a in ANALYSES if a.__qualname__ == "flow_graph")
    assert not flow.computed_for(graph)  # type: ignore[attr-defined]
    rel001.run(graph)
    assert flow.computed_for(graph)  # type: ignore[attr-defined]
