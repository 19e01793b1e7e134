"""DB001-DB005: DynamoDB items, RDS Proxy, read replicas, read scaling, Aurora Serverless v2."""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text
from archlint.model.findings import Severity
from archlint.config.settings import Settings


def findings(text: str, rule_id: str, **options: object) -> list:
    settings = Settings(options={rule_id: dict(options)} if options else {})
    result = check_text(text, settings=settings)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == rule_id]


@pytest.mark.parametrize(("size", "fires"), [
    ("400KiB", False), ("409600B", False), ("409601B", True), ("409599B", False),
    ("400KB", False), ("410KB", True), ("1MB", True),
])
def test_item_size_bound(size: str, fires: bool) -> None:
    assert bool(findings(f"t: dynamodb {{ item_size = {size} }}", "DB001")) is fires


def test_item_size_on_edge() -> None:
    found = findings("fn: lambda\nt: dynamodb\nfn -> t { item_size = 500KB }", "DB001")
    assert found and "edge fn->t" in found[0].message


@pytest.mark.parametrize(("text", "fires"), [
    ("fn: lambda\ndb: rds\nfn -> db", True),
    ("fn: lambda\ndb: aurora\ndb <- fn", True),
    ("fn: lambda\np: rdsproxy\ndb: rds\nfn -> p -> db", False),
    ("fn: lambda\ndb: aurora { data_api = true }\nfn -> db", False),
    ("fn: lambda\ndb: aurora\nfn -> db { data_api = true }", False),
    ("web: ec2\ndb: rds\nweb -> db", False),
    ("fn: lambda\ndb: dynamodb\nfn -> db", False),
])
def test_lambda_to_rds(text: str, fires: bool) -> None:
    found = findings(text, "DB002")
    assert bool(found) is fires
    if found:
        assert found[0].severity is Severity.WARNING


@pytest.mark.parametrize(("engine", "limit"), [
    ('"postgres"', 15), ('"mysql"', 15), ("mariadb", 15), (None, 15),
    ('"oracle-ee"', 5), ("oracle_se2", 5), ('"sqlserver-ee"', 5), ('"db2-se"', 3),
])
def test_replica_limit_by_engine(engine: str | None, limit: int) -> None:
    attr = f"engine = {engine}, " if engine else ""
    for count, fires in ((limit - 1, False), (limit, False), (limit + 1, True)):
        text = f"db: rds {{ {attr}read_replicas = {count} }}"
        assert bool(findings(text, "DB003")) is fires, (engine, count)


def test_replica_rule_is_for_rds_only() -> None:
    assert not findings("db: aurora { replicas = 20 }", "DB003")


@pytest.mark.parametrize(("text", "fires"), [
    ("db: rds { read_write_ratio = 10 }", False),          # at the threshold
    ("db: rds { read_write_ratio = 10.5 }", True),
    ("db: rds { read_write_ratio = 20, read_replicas = 1 }", False),
    ("db: aurora { read_write_ratio = 20, replicas = 2 }", False),
    ("db: aurora { read_write_ratio = 20, replicas = 0 }", True),
    ("db: dynamodb { read_write_ratio = 50 }", True),
    ("app: ecs\ndax: dax\ndb: dynamodb { read_write_ratio = 50 }\napp -> dax -> db", False),
    ("app: ecs\nc: elasticache\ndb: rds { read_write_ratio = 50 }\napp -> [c, db]", False),
    ("app: ecs\nc: elasticache\ndb: rds { read_write_ratio = 50 }\napp -> db\nc -> app", True),
    ("db: rds", False),
])
def test_read_heavy(text: str, fires: bool) -> None:
    assert bool(findings(text, "DB004")) is fires


def test_read_heavy_threshold_option() -> None:
    assert findings("db: rds { read_write_ratio = 4 }", "DB004", ratio=3)


@pytest.mark.parametrize(("attrs", "count"), [
    ("min_capacity = 0.5, max_capacity = 256", 0),
    ("min_capacity = 0.4", 1),
    ("min_capacity = 0", 1),
    ("min_capacity = 0, auto_pause = 300s", 0),
    ("min_capacity = 0, auto_pause = 299s", 1),
    ("min_capacity = 0, auto_pause = 86400s", 0),
    ("min_capacity = 0, auto_pause = 86401s", 1),
    ("min_capacity = 0, auto_pause = 24h", 0),
    ("max_capacity = 256.5", 1),
    ("max_capacity = 255.5", 0),
    ("min_capacity = 8, max_capacity = 4", 1),
    ("min_capacity = 0.5, max_capacity = 300, auto_pause = 1m", 2),
])
def test_aurora_serverless(attrs: str, count: int) -> None:
    assert len(findings(f"db: aurora {{ {attrs} }}", "DB005")) == count


def test_replica_nodes_are_found_per_primary_in_source_order() -> None:
    """The per-graph replica index (analysis/replicas.py) gives each primary its own
    replicas, in source order, wherever they are written (groups included)."""
    from archlint.analysis.replicas import replica_count, replica_nodes

    text = ('a: rds { read_replicas = 1 }\nb: rds\nc: aurora\n'
            'vpc v { b2: rds { replica_of = b }\n a1: rds { replica_of = a } }\n'
            'b1: rds { replica_of = b }\nc1: aurora { replica_of = c }\n')
    graph = check_text(text).graph
    by_id = {n.id: n for n in graph.nodes.values()}
    assert [n.id for n in replica_nodes(graph, by_id["b"])] == ["b2", "b1"]
    assert [n.id for n in replica_nodes(graph, by_id["a"])] == ["a1"]
    assert [n.id for n in replica_nodes(graph, by_id["c"])] == ["c1"]
    assert replica_nodes(graph, by_id["b1"]) == []
    assert replica_count(graph, by_id["a"]) == 2   # read_replicas plus the node
    replica_nodes(graph, by_id["b"]).clear()        # a copy: the index is not changed
    assert len(replica_nodes(graph, by_id["b"])) == 2
