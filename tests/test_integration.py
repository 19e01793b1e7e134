"""INT001-INT007: SQS with Lambda, SQS sizes and ranges, API Gateway, coupling, Kinesis."""

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


def sqs_lambda(visibility: str | None, timeout: str | None, arrow: str = "q -> fn") -> str:
    q = f"{{ visibility_timeout = {visibility} }}" if visibility else ""
    fn = f"{{ timeout = {timeout} }}" if timeout else ""
    return f"q: sqs {q}\nfn: lambda {fn}\n{arrow}"


@pytest.mark.parametrize(("visibility", "timeout", "level"), [
    ("60s", "60s", Severity.WARNING),      # equal: accepted by AWS, below 6x
    ("59s", "60s", Severity.ERROR),
    ("359s", "60s", Severity.WARNING),
    ("360s", "60s", None),                 # exactly 6x
    ("6m", "1m", None),
    (None, None, None),                    # defaults: 30 s >= 6 x 3 s
    (None, "5s", None),                    # 30 s = 6 x 5 s
    (None, "6s", Severity.WARNING),        # 30 s < 36 s
    (None, "31s", Severity.ERROR),
    ("17s", None, Severity.WARNING),       # default timeout 3 s: 6x = 18 s
])
def test_visibility_vs_timeout(visibility: str | None, timeout: str | None,
                               level: Severity | None) -> None:
    found = findings(sqs_lambda(visibility, timeout), "INT001")
    assert [f.severity for f in found] == ([level] if level else [])


def test_visibility_edge_written_backwards_and_default_named() -> None:
    found = findings(sqs_lambda(None, "40s", "fn <- q"), "INT001")
    assert found and "30 s (default)" in found[0].message


def test_visibility_ignores_other_consumers() -> None:
    assert not findings("q: sqs { visibility_timeout = 1s }\nw: ec2\nq -> w", "INT001")


@pytest.mark.parametrize(("size", "fires"), [
    ("1MiB", False), ("1048576B", False), ("1048577B", True), ("1MB", False), ("256KiB", False),
])
def test_message_size_bound(size: str, fires: bool) -> None:
    assert bool(findings(f"q: sqs {{ message_size = {size} }}", "INT002")) is fires


def test_message_size_on_edges() -> None:
    text = "w: ec2\nq: sqs\nw -> q { message_size = 2MiB }"
    found = findings(text, "INT002")
    assert found and "edge w->q" in found[0].message


@pytest.mark.parametrize(("attrs", "count"), [
    ("visibility_timeout = 0s", 0), ("visibility_timeout = 43200s", 0),
    ("visibility_timeout = 43201s", 1), ("visibility_timeout = 12h", 0),
    ("retention = 60s", 0), ("retention = 59s", 1), ("retention = 61s", 0),
    ("retention = 14d", 0), ("retention = 1209601s", 1), ("retention = 1209599s", 0),
    ("visibility_timeout = 1d, retention = 30s", 2),
])
def test_sqs_ranges(attrs: str, count: int) -> None:
    assert len(findings(f"q: sqs {{ {attrs} }}", "INT003")) == count


def api(kind: str, backend: str, edge: str = "") -> str:
    return f"api: apigateway {kind}\nfn: lambda {{ {backend} }}\napi -> fn {edge}"


@pytest.mark.parametrize(("kind", "backend", "level"), [
    ("", "timeout = 29s", None),
    ("", "timeout = 30s", Severity.WARNING),
    ("{ type = rest }", "duration = 29500ms", Severity.WARNING),
    ("{ type = http }", "timeout = 30s", None),
    ("{ type = http }", "timeout = 31s", Severity.ERROR),
    ("{ type = http }", "timeout = 60s, duration = 2s", None),   # expected time wins
    ("{ type = rest, timeout = 60s }", "timeout = 50s", None),   # raised REST timeout
    ("{ type = rest, timeout = 60s }", "timeout = 61s", Severity.WARNING),
])
def test_api_gateway_timeouts(kind: str, backend: str, level: Severity | None) -> None:
    found = findings(api(kind, backend), "INT004")
    assert [f.severity for f in found] == ([level] if level else [])


def test_http_api_timeout_above_30s_is_an_error_and_capped() -> None:
    found = findings(api("{ type = http, timeout = 45s }", "timeout = 40s"), "INT004")
    assert len(found) == 2 and all(f.severity is Severity.ERROR for f in found)


def test_api_gateway_edge_timeout_and_async_edges() -> None:
    assert findings(api("", "duration = 5s", "{ timeout = 3s }"), "INT004")
    assert not findings(api("", "timeout = 5m", "{ async = true }"), "INT004")


@pytest.mark.parametrize(("rate", "fires"), [
    ("10000/s", False), ("10001/s", True), ("9999/s", False), ("10000", False),
])
def test_api_throttle(rate: str, fires: bool) -> None:
    assert bool(findings(f"api: apigateway {{ rate = {rate} }}", "INT005")) is fires


def test_api_throttle_sums_apis_and_edges_per_region() -> None:
    text = """
    u: users
    a: apigateway { rate = 6000/s }
    b: apigateway
    u -> b { rate = 5000/s }
    """
    found = findings(text, "INT005")
    assert found and "11,000" in found[0].message
    assert not findings(text, "INT005", quota=20000)
    split = """
    region r1 { a: apigateway { rate = 6000/s } }
    region r2 { b: apigateway { rate = 6000/s } }
    """
    assert not findings(split, "INT005")


COUPLED = """
lb: {door}
web: {front} {{ count = 2, azs = 2 }}
workers: ec2 {{ count = 2, azs = 2 }}
lb -> web
web -> workers {{ {edge} }}
"""


@pytest.mark.parametrize(("door", "front", "edge", "fires"), [
    ("alb", "ec2", "timeout = 10s", False),
    ("alb", "ec2", "timeout = 11s", True),
    ("apigateway", "ecs", "duration = 30s", True),
    ("alb", "ec2", "timeout = 60s, async = true", False),
    ("route53", "ec2", "timeout = 60s", False),     # not behind a load balancer or API
    ("alb", "ec2", "", False),                      # nothing says it is slow
])
def test_synchronous_coupling(door: str, front: str, edge: str, fires: bool) -> None:
    text = COUPLED.format(door=door, front=front, edge=edge)
    found = findings(text, "INT006")
    assert bool(found) is fires
    if found:
        assert found[0].severity is Severity.INFO


def test_coupling_through_internal_load_balancer_and_asg() -> None:
    text = """
    lb: alb
    asg front { web: ec2 { count = 2, azs = 2 } }
    inner: alb
    workers: ecs { count = 2, azs = 2, duration = 2m }
    lb -> front
    front -> inner -> workers
    """
    found = findings(text, "INT006")
    assert found and "workers" in found[0].message
    assert not findings(text, "INT006", threshold=300)


def test_coupling_queue_between_is_clean() -> None:
    text = "lb: alb\nweb: ec2\nq: sqs\nw: ec2 { duration = 5m }\nlb -> web -> q -> w"
    assert not findings(text, "INT006")


@pytest.mark.parametrize(("attrs", "needed"), [
    ("shards = 2, throughput = 2MB/s", None),
    ("shards = 2, throughput = 2000001B/s", 3),
    ("shards = 2, rate = 2000/s", None),
    ("shards = 2, rate = 2001/s", 3),
    ("shards = 2, read_throughput = 4MB/s", None),
    ("shards = 2, read_throughput = 4000001B/s", 3),
    ("shards = 1, throughput = 999KB/s", None),
    ("type = on_demand, shards = 1, throughput = 50MB/s", None),
    ("throughput = 50MB/s", None),            # no declared shards: nothing to compare
])
def test_kinesis_shard_bounds(attrs: str, needed: int | None) -> None:
    found = findings(f"s: kinesis {{ {attrs} }}", "INT007")
    if needed is None:
        assert not found
    else:
        assert found and f"needs {needed}" in found[0].message


def test_kinesis_from_edges_and_fan_out() -> None:
    text = """
    p1: ec2
    p2: ec2
    s: kinesis { shards = 2 }
    c1: lambda
    c2: lambda
    efo: lambda
    p1 -> s { throughput = 1MB/s, rate = 900/s }
    p2 -> s { throughput = 1MB/s, rate = 900/s }
    s -> c1 { throughput = 2MB/s }
    s -> c2 { throughput = 2MB/s }
    s -> efo { throughput = 4MB/s, enhanced_fanout = true }
    """
    assert not findings(text, "INT007")
    more = text.replace("rate = 900/s }\n    p2", "rate = 1200/s }\n    p2")
    found = findings(more, "INT007")
    assert found and "records/s" in found[0].message and "needs 3" in found[0].message
    reads = text.replace("s -> c2 { throughput = 2MB/s }", "s -> c2 { throughput = 3MB/s }")
    found = findings(reads, "INT007")
    assert found and "shared read" in found[0].message


def test_kinesis_standard_consumers_without_throughput_read_the_whole_stream() -> None:
    """Each standard consumer reads every record: 3 consumers of 3 MB/s read 9 MB/s."""
    text = ("web: client\ns: kinesis { shards = 3, throughput = 3MB/s }\n"
            "c1: lambda\nc2: lambda\nc3: firehose\nweb -> s -> [c1, c2, c3]\n")
    (found,) = findings(text, "INT007")
    assert "needs 5" in found.message and "9,000,000 bytes/s" in found.message
    assert "3 standard consumers" in found.message
    assert not findings(text.replace("shards = 3", "shards = 5"), "INT007")
    one = "web: client\ns: kinesis { shards = 2, throughput = 2MB/s }\nc1: lambda\nweb -> s -> c1\n"
    assert not findings(one, "INT007")
    efo = text.replace("web -> s -> [c1, c2, c3]", "web -> s -> c1\n"
                       "s -> [c2, c3] { enhanced_fanout = true }")
    assert not findings(efo, "INT007")
