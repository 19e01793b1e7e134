"""Every construct of the language, parsed into the typed graph."""

from __future__ import annotations

import pytest

from archlint.run.engine import parse_document
from archlint.model.graph import Group, Node
from archlint.language.document import Document
from archlint.model.values import Duration, Name, Percent, Rate, Size, Throughput


def build(text: str):
    graph, errors = parse_document(Document("t.arch", text))
    assert errors == [], [f"{e.span}: {e.message}" for e in errors]
    assert graph is not None
    return graph


def test_document_attributes() -> None:
    graph = build('title = "Photo sharing"\navailability = 99.95%\n')
    assert graph.get("title") == "Photo sharing"
    assert graph.get("availability") == Percent(99.95, "99.95%")
    assert graph.attrs["availability"].span.line == 2


def test_node_with_label_and_attributes() -> None:
    graph = build('web: ec2 "Web tier" { count = 4, azs = 2 }')
    web = graph.nodes["web"]
    assert isinstance(web, Node)
    assert (web.kind, web.label, web.count, web.get("azs")) == ("ec2", "Web tier", 4, 2)
    assert (web.span.line, web.span.column, web.span.end_column) == (1, 1, 43)  # end column is exclusive


def test_node_kind_alias_is_canonicalised() -> None:
    assert build("gw: apigw").nodes["gw"].kind == "apigateway"


def test_groups_nest_and_carry_attributes() -> None:
    graph = build(
        'region use1 "us-east-1" {\n'
        '  vpc prod "Production" {\n'
        '    cidr = "10.0.0.0/16"\n'
        "    subnet a { az z1 { web: ec2 } }\n"
        "  }\n"
        "}\n"
    )
    prod = graph.groups["prod"]
    assert isinstance(prod, Group) and prod.kind == "vpc" and prod.label == "Production"
    assert prod.get("cidr") == "10.0.0.0/16"
    web = graph.nodes["web"]
    assert [g.id for g in web.ancestors()] == ["z1", "a", "prod", "use1"]
    assert web.enclosing("vpc") is prod
    assert [n.id for n in graph.members(graph.groups["use1"])] == ["web"]
    assert graph.roots == [graph.groups["use1"]]


@pytest.mark.parametrize("kind", ["region", "az", "vpc", "subnet", "account", "asg", "group"])
def test_every_group_kind(kind: str) -> None:
    graph = build(f"{kind} g {{ n: ec2 }}")
    assert graph.groups["g"].kind == kind


def test_group_without_body_or_label() -> None:
    graph = build("vpc empty")
    assert graph.groups["empty"].children == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("900s", Duration(900, "900s")),
        ("15m", Duration(900, "15m")),
        ("15min", Duration(900, "15min")),
        ("1.5h", Duration(5400, "1.5h")),
        ("250ms", Duration(0.25, "250ms")),
        ("2d", Duration(172800, "2d")),
        ("1y", Duration(365 * 86400, "1y")),
        ("100MB", Size(100_000_000, "100MB")),
        ("5GiB", Size(5 * 2**30, "5GiB")),
        ("400KB", Size(400_000, "400KB")),
        ("1MiB", Size(1_048_576, "1MiB")),
        ("48.8TiB", Size(48.8 * 2**40, "48.8TiB")),
        ("99.9%", Percent(99.9, "99.9%")),
        ("5MB/s", Throughput(5_000_000, "5MB/s")),
        ("3000/s", Rate(3000, "3000/s")),
        ("3000rps", Rate(3000, "3000rps")),
        ("1_000", 1000),
        ("2.5", 2.5),
        ('"text"', "text"),
        ('"say \\"hi\\""', 'say "hi"'),
        ("true", True),
        ("false", False),
        ("gp3", Name("gp3")),
        ("[a, 2, 3s]", [Name("a"), 2, Duration(3, "3s")]),
        ("[]", []),
        ("[1, 2,]", [1, 2]),
    ],
)
def test_values_are_typed(text: str, value: object) -> None:
    assert build(f"x: ec2 {{ note = {text} }}").nodes["x"].get("note") == value


def test_decimal_and_binary_sizes_differ() -> None:
    graph = build("a: s3 { note = 5GB }\nb: s3 { note = 5GiB }")
    assert graph.nodes["a"].get("note").bytes == 5 * 10**9
    assert graph.nodes["b"].get("note").bytes == 5 * 2**30


def test_edges_all_operators() -> None:
    graph = build("a: ec2\nb: ec2\na -> b\na <- b\na <-> b\na -- b\n")
    shapes = [(e.source, e.target, e.directed, e.bidirectional) for e in graph.edges]
    assert shapes == [
        ("a", "b", True, False),
        ("b", "a", True, False),  # `<-` is stored reversed
        ("a", "b", True, True),
        ("a", "b", False, False),
    ]


def test_chain_fan_out_label_and_attributes() -> None:
    graph = build(
        "u: users\nlb: alb\nw1: ec2\nw2: ec2\ndb: rds\n"
        'u -> lb -> [w1, w2] -> db : "sql" { protocol = tcp }\n'
    )
    pairs = [(e.source, e.target) for e in graph.edges]
    assert pairs == [("u", "lb"), ("lb", "w1"), ("lb", "w2"), ("w1", "db"), ("w2", "db")]
    assert all(e.label == "sql" and e.get("protocol") == Name("tcp") for e in graph.edges)
    assert graph.edges[0].span.line == 6


def test_edges_between_groups_and_forward_references() -> None:
    graph = build("a <-> b\nvpc a { x: ec2 }\nvpc b { y: ec2 }\n")
    assert [(e.source, e.target) for e in graph.edges] == [("a", "b")]
    assert [e.id for e in graph.out_edges("a")] == ["a<->b"]
    assert [e.source for e in graph.in_edges("b")] == ["a"]


def test_indexes() -> None:
    graph = build("a: ec2\nb: ec2\nc: rds\na -> c\nb -> c\n")
    assert [n.id for n in graph.of_kind("ec2")] == ["a", "b"]
    assert [n.id for n in graph.of_kind("ec2", "rds")] == ["a", "b", "c"]
    assert [n.id for n in graph.predecessors("c")] == ["a", "b"]
    assert [n.id for n in graph.successors("a")] == ["c"]
    assert len(graph) == 3


def test_count_on_groups_and_default_count() -> None:
    graph = build("account team { count = 50  vpc app { count = 4 } }\nsolo: ec2")
    assert graph.groups["team"].count == 50 and graph.groups["app"].count == 4
    assert graph.nodes["solo"].count == 1


def test_comments_and_separators() -> None:
    graph = build(
        "# hash comment\n// slash comment\na: ec2; b: ec2, c: ec2 # trailing\n"
        'd: ec2 { note = "# not a comment" }\n'
    )
    assert list(graph.nodes) == ["a", "b", "c", "d"]
    assert graph.nodes["d"].get("note") == "# not a comment"


def test_statements_may_span_lines() -> None:
    graph = build("web:\n  ec2\n  \"Web\"\n  {\n    count = 2\n  }\n")
    assert graph.nodes["web"].count == 2
    assert graph.nodes["web"].span.end_line == 6


def test_keywords_as_kinds_and_prefixes_of_names() -> None:
    # `vpc`-prefixed names and group words in the kind position are plain names.
    graph = build("vpcx: ec2\ngroupie: ec2\nazure: ec2\ntruely: ec2")
    assert list(graph.nodes) == ["vpcx", "groupie", "azure", "truely"]


def test_suppression_comments_are_captured_with_positions() -> None:
    graph = build("# archlint: ignore[REL001, spof] single box is fine for dev\ndb: rds\n")
    (suppression,) = graph.suppressions
    assert suppression.rule_ids == ("REL001", "spof")
    assert suppression.reason == "single box is fine for dev"
    assert (suppression.span.line, suppression.span.column) == (1, 1)


def test_empty_document() -> None:
    graph = build("")
    assert len(graph) == 0 and graph.edges == []
