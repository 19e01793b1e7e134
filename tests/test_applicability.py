"""The kind -> attribute table (archlint/model/applicability.py) against what the rules
really read: the accessor every rule reads attributes through is instrumented while all
rules run on the samples, the docs' examples, every rule's examples and generated
documents."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from archlint.language import sources
from archlint.language.document import Document
from archlint.model import graph as model
from archlint.model.applicability import APPLIES, EDGE, attributes_for, kinds_for
from archlint.model.attributes import ATTRIBUTES
from archlint.model.graph import Attribute, Edge, Graph
from archlint.model.kinds import GROUP_KINDS, KINDS
from archlint.config.settings import Settings
from archlint.registry import all_rules
from archlint.run.engine import check_document, parse_document, rules_for, run_rules

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import architecture  # noqa: E402

SETTINGS = Settings()
RULES = rules_for(SETTINGS)


def corpus() -> list[Document]:
    found: list[Document] = []
    for path in sorted((ROOT / "samples").rglob("*")) + sorted((ROOT / "docs").glob("*.md")):
        if path.suffix in (".arch", ".md"):
            found += sources.load(path).documents
    found += [Document(f"<{r.id} example>", text)
              for r in all_rules() for text in (*r.failing, *r.passing)]
    found += [Document("<generated>", architecture(200))]
    return found


CORPUS = corpus()


def _row(owner: object) -> str:
    return EDGE if isinstance(owner, Edge) else owner.kind  # type: ignore[attr-defined]


def test_every_attribute_a_rule_reads_is_in_its_kinds_row(monkeypatch: pytest.MonkeyPatch) -> None:
    read: dict[str, set[str]] = defaultdict(set)
    get, attr_span = model._Attributed.get, model._Attributed.attr_span

    def record(owner: model._Attributed, name: str) -> None:
        if name in owner.attrs:           # written there, so the rule acts on it
            read[_row(owner)].add(name)

    monkeypatch.setattr(model._Attributed, "get",
                        lambda self, name, default=None: (record(self, name), get(self, name, default))[1])
    monkeypatch.setattr(model._Attributed, "attr_span",
                        lambda self, name: (record(self, name), attr_span(self, name))[1])
    for document in CORPUS:
        check_document(document, RULES, SETTINGS)
    assert read, "the instrumentation saw no read"
    missing = {kind: sorted(names - set(attributes_for(kind))) for kind, names in read.items()
               if names - set(attributes_for(kind))}
    assert not missing, f"rules read attributes their kind's row lacks: {missing}"


def _example(name: str) -> object:
    """The value of the attribute's own example (`timeout = 15m` -> 15 minutes)."""
    graph, errors = parse_document(Document("<example>", f"x: generic {{ {ATTRIBUTES[name].example} }}"))
    assert graph is not None and not errors, (name, errors)
    return graph.nodes["x"].attrs[name].value


def _outside_rows(graph: Graph) -> None:
    """Every element and edge gets every attribute outside its row, at its own span."""
    for owner in (*graph.nodes.values(), *graph.groups.values(), *graph.edges):
        row = set(attributes_for(_row(owner)))
        for name in ATTRIBUTES:
            if name not in row and name not in owner.attrs and name != "replica_of":
                owner.attrs[name] = Attribute(name, _example(name), owner.span)


@pytest.mark.parametrize("document", CORPUS, ids=lambda d: d.path)
def test_attributes_outside_a_row_change_no_finding(document: Document) -> None:
    """`replica_of` is left out: it names another node, so the builder checks it (E-errors)."""
    graph, errors = parse_document(document, ROOT)
    if graph is None or errors or document.skip:
        return
    before = [(f.rule_id, f.span, f.message) for f in run_rules(graph, RULES, SETTINGS)]
    # a graph of its own: analyses are cached per graph (archlint/analysis), and the
    # rules must read the added attributes afresh
    graph, _ = parse_document(document, ROOT)
    assert graph is not None
    _outside_rows(graph)
    after = [(f.rule_id, f.span, f.message) for f in run_rules(graph, RULES, SETTINGS)]
    assert after == before


def test_every_attribute_has_a_row_and_every_kind_a_few() -> None:
    assert set(APPLIES) == set(ATTRIBUTES) - {"availability"}   # the document's, not a kind's
    for kind in (*KINDS, *GROUP_KINDS):
        assert {"count", "azs", "zone"} <= set(attributes_for(kind))
    assert attributes_for("dynamo") == attributes_for("dynamodb")   # aliases read as the kind
    assert attributes_for("nope") == ()


def test_rows_say_what_a_person_expects() -> None:
    assert {"multi_az", "engine", "read_replicas", "iops"} <= set(attributes_for("rds"))
    assert {"timeout", "memory", "concurrency", "ephemeral_storage"} <= set(attributes_for("lambda"))
    assert "multi_az" not in attributes_for("lambda") and "timeout" not in attributes_for("rds")
    assert {"type", "timeout", "rate"} <= set(attributes_for("apigateway"))
    assert "async" in attributes_for(EDGE) and "async" not in attributes_for("ec2")
    assert "rds" in kinds_for("multi_az") and "lambda" not in kinds_for("multi_az")
