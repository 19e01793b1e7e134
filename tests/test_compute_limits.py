"""CMP003-CMP007: Lambda memory, /tmp, payloads, concurrency; Step Functions type."""

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


@pytest.mark.parametrize(("memory", "fires"), [
    ("128MB", False), ("127MB", True), ("129MB", False),
    ("10240MB", False), ("10239MB", False), ("10241MB", True),
    ("10GiB", False), ("10241MiB", True), ("10GB", False), ("11GB", True),
])
def test_lambda_memory_bounds(memory: str, fires: bool) -> None:
    assert bool(findings(f"fn: lambda {{ memory = {memory} }}", "CMP003")) is fires


def test_memory_on_other_kinds_is_not_lambda_memory() -> None:
    assert not findings("db: ec2 { memory = 64GB }", "CMP003")


@pytest.mark.parametrize(("size", "fires"), [
    ("512MB", False), ("511MB", True), ("513MB", False),
    ("10240MB", False), ("10241MB", True), ("10GiB", False),
])
def test_ephemeral_storage_bounds(size: str, fires: bool) -> None:
    found = findings(f"fn: lambda {{ ephemeral_storage = {size} }}", "CMP004")
    assert bool(found) is fires
    if found:
        assert found[0].span.line == 1 and "ephemeral_storage" in found[0].message


@pytest.mark.parametrize(("payload", "fires"), [
    ("6MiB", False), ("6291456B", False), ("6291457B", True), ("6MB", False), ("7MB", True),
])
def test_sync_payload_bounds(payload: str, fires: bool) -> None:
    text = f"api: apigateway\nfn: lambda\napi -> fn {{ payload = {payload} }}"
    assert bool(findings(text, "CMP005")) is fires


@pytest.mark.parametrize(("source", "edge", "payload", "fires"), [
    ("sns", "", "1MiB", False), ("sns", "", "1048577B", True),
    ("eventbridge", "", "1MB", False), ("s3", "", "2MB", True),
    ("ec2", "async = true,", "1048577B", True), ("ec2", "", "1048577B", False),
    # SQS is polled by an event source mapping: synchronous invocation, 6 MB
    ("sqs", "", "2MB", False),
])
def test_async_payload_bounds(source: str, edge: str, payload: str, fires: bool) -> None:
    text = f"src: {source}\nfn: lambda\nsrc -> fn {{ {edge} payload = {payload} }}"
    found = findings(text, "CMP005")
    assert bool(found) is fires
    if found:
        assert "asynchronous" in found[0].message.lower()


def test_response_size_and_function_payload() -> None:
    text = "api: apigateway\nfn: lambda { payload = 7MB }\napi -> fn { response_size = 6291457B }"
    messages = [f.message for f in findings(text, "CMP005")]
    assert len(messages) == 2
    assert any("response" in m for m in messages) and any("request" in m for m in messages)


def test_async_response_is_not_checked() -> None:
    assert not findings("t: sns\nfn: lambda\nt -> fn { response_size = 9MB }", "CMP005")


def test_standard_workflow_for_short_high_volume() -> None:
    base = "sm: stepfunctions {{ {attrs} }}"
    assert findings(base.format(attrs="duration = 5m, rate = 101/s"), "CMP006")
    assert not findings(base.format(attrs="duration = 5m, rate = 100/s"), "CMP006")
    assert not findings(base.format(attrs="duration = 301s, rate = 500/s"), "CMP006")
    assert not findings(base.format(attrs="type = express, duration = 1s, rate = 500/s"),
                        "CMP006")
    # no duration: nothing to base the suggestion on
    assert not findings(base.format(attrs="rate = 500/s"), "CMP006")
    found = findings(base.format(attrs="duration = 1s, rate = 50/s"), "CMP006", rate=10)
    assert found and found[0].severity is Severity.INFO


def test_workflow_rate_from_edges() -> None:
    text = """
    a: eventbridge
    b: sqs
    sm: stepfunctions { timeout = 30s }
    a -> sm { rate = 60/s }
    b -> sm { rate = 60/s }
    """
    assert findings(text, "CMP006")


def test_concurrency_quota_boundaries() -> None:
    at = "a: lambda { concurrency = 600 }\nb: lambda { concurrency = 400 }"
    over = "a: lambda { concurrency = 601 }\nb: lambda { concurrency = 400 }"
    assert not findings(at, "CMP007")
    found = findings(over, "CMP007")
    assert len(found) == 1 and "1,001" in found[0].message and found[0].element_id == "a"
    assert not findings(over, "CMP007", quota=3000)


def test_concurrency_counts_copies_and_scopes_by_region() -> None:
    assert findings("a: lambda { concurrency = 300, count = 4 }", "CMP007")
    split = """
    region r1 { a: lambda { concurrency = 800 } }
    region r2 { b: lambda { concurrency = 800 } }
    """
    assert not findings(split, "CMP007")
    same = """
    region r1 { a: lambda { concurrency = 800 }
                b: lambda { concurrency = 800 } }
    """
    found = findings(same, "CMP007")
    assert found and "r1" in found[0].message
