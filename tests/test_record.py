"""`Record` gives a class what `@dataclass` would (repr, equality, hash, frozen), so
the records on the check path behave as the dataclasses they replaced."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from archlint.analysis.placement import Placement
from archlint.model.findings import Edit
from archlint.model.graph import Attribute, Edge, Graph, Group, Node, Span, Suppression
from archlint.model.kinds import GROUP_KINDS
from archlint.model.record import Record, assign
from archlint.model.values import Duration, Name, Percent, Size


class Point(Record, frozen=True):
    __slots__ = ("x", "y", "_note")
    x: int
    y: int
    _note: str   # bookkeeping: not shown, not compared

    def __init__(self, x: int, y: int, _note: str = "") -> None:
        assign(self, "x", x)
        assign(self, "y", y)
        assign(self, "_note", _note)


@dataclasses.dataclass(frozen=True)
class PointDataclass:
    x: int
    y: int


class Box(Record, eq=True):
    label: str
    items: list[int]

    def __init__(self, label: str, items: list[int]) -> None:
        self.label, self.items = label, items


class Plain(Record):
    name: str

    def __init__(self, name: str) -> None:
        self.name = name


def test_repr_is_a_dataclass_repr() -> None:
    assert repr(Point(1, 2)) == repr(PointDataclass(1, 2)).replace("PointDataclass", "Point")
    assert repr(Box("b", [1])) == "Box(label='b', items=[1])"
    assert repr(Duration(60, "1m")) == "Duration(seconds=60, text='1m')"


def test_equal_only_to_the_same_class_with_equal_fields() -> None:
    assert Point(1, 2) == Point(1, 2, "other note") and Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2) and Point(1, 2) != PointDataclass(1, 2)
    assert Size(5, "5B") != Duration(5, "5B")   # same field values, other types
    assert Name("gp3") == Name("gp3") and Name("gp3") != "gp3"
    assert Box("b", [1]) == Box("b", [1]) and Box("b", [1]) != Box("b", [2])


def test_hash_follows_equality_and_only_frozen_records_hash() -> None:
    assert hash(Point(1, 2)) == hash(Point(1, 2, "x"))
    assert len({Percent(99.9, "99.9%"), Percent(99.9, "99.9%")}) == 1
    with pytest.raises(TypeError):
        hash(Box("b", []))   # mutable with equality: unhashable, like a dataclass
    plain = Plain("p")
    assert plain != Plain("p") and plain == plain and {plain: 1}[plain] == 1   # identity


def test_frozen_records_refuse_assignment_and_deletion() -> None:
    point = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.y
    with pytest.raises(dataclasses.FrozenInstanceError):
        Edit(Span("a.arch", 1, 1, 1, 2), "x").text = "y"  # type: ignore[misc]
    assert (point.x, point.y) == (1, 2)


@pytest.mark.parametrize("record", [
    Point(1, 2), Duration(60, "1m"), Edit(Span("a.arch", 1, 1, 1, 2), "x"),
    Placement(frozenset({"a"}), 1, "az"), Box("b", [1]),
])
def test_copy_and_pickle_give_an_equal_record(record: Record) -> None:
    for made in (copy.copy(record), copy.deepcopy(record), pickle.loads(pickle.dumps(record))):
        assert type(made) is type(record) and made == record


def test_a_class_keeps_its_own_methods() -> None:
    kind = next(iter(GROUP_KINDS.values()))   # hashes without its style (a dict)
    assert hash(kind) == hash(copy.copy(kind)) and kind == copy.copy(kind)


def test_fields_are_the_annotations_bases_first_without_bookkeeping() -> None:
    assert Point._fields == ("x", "y")
    assert Group._fields == ("id", "kind", "label", "span", "attrs", "parent", "has_body")
    assert Graph._fields[:3] == ("file", "attrs", "nodes") and "_out" not in Graph._fields


def test_model_objects_keep_their_identity_semantics_and_defaults() -> None:
    span = Span("a.arch", 1, 1, 1, 5)
    one, two = Node("a", "ec2", None, span), Node("a", "ec2", None, span)
    assert one != two and len({one, two}) == 2   # elements are compared by identity
    assert one.attrs == {} and one.attrs is not two.attrs and one.parent is None
    group = Group("g", "vpc", None, span)
    group.adopt(one)
    assert group.children == [one] and one.parent is group
    edge = Edge("a", "b", span)
    assert (edge.label, edge.attrs, edge.directed, edge.bidirectional, edge.id) == (None, {}, True, False, "a->b")
    assert Attribute("n", 1, span) == Attribute("n", 1, span)
    graph = Graph("a.arch")
    assert (graph.nodes, graph.edges, graph.of_kind("ec2")) == ({}, [], [])


def test_a_suppression_with_fewer_ids_keeps_every_other_field() -> None:
    span = Span("a.arch", 2, 1, 2, 30)
    written = Suppression(("REL001", "NET002"), "why", span, False, Span("a.arch", 3, 1, 3, 4),
                          "# archlint: ignore[REL001, NET002] why", 2)
    left = written.with_ids(("NET002",))
    assert left.rule_ids == ("NET002",)
    assert all(getattr(left, name) == getattr(written, name)
               for name in Suppression._fields if name != "rule_ids")


def test_settings_defaults_are_fresh_containers_and_given_values_are_kept() -> None:
    from archlint.config.settings import Settings

    one, two = Settings(), Settings()
    assert one == two and one.select == ["ALL"] and one.fail_on is not None
    assert one.options is not two.options and one.ignore is not two.ignore
    given: list[str] = []
    assert Settings(select=given).select is given   # an empty selection stays empty


def test_an_edge_links_its_ends_without_making_them_fields() -> None:
    """`Graph.index()` links each edge to its end elements; an edge's repr (what a
    failing test or a debugger shows) still names its ends by id, not as whole elements."""
    span = Span("a.arch", 1, 1, 1, 5)
    graph = Graph("a.arch")
    web, db = Node("web", "ec2", None, span), Node("db", "rds", None, span)
    graph.nodes.update(web=web, db=db)
    graph.edges.append(Edge("web", "db", span))
    graph.index()
    edge = graph.edges[0]
    assert (edge.source_element, edge.target_element) == (web, db)
    assert "source_element" not in Edge._fields and "target_element" not in Edge._fields
    assert "Node(" not in repr(edge) and repr(edge).startswith("Edge(source='web', target='db'")
