"""CMP001/CMP002: Lambda's 900 s maximum and Step Functions' workflow maximums."""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text
from archlint.model.findings import Finding


def check(text: str, rule: str) -> list[Finding]:
    result = check_text(text)
    errors = [f for f in result.findings if f.is_input_error]
    assert not errors, [f.message for f in errors]
    return [f for f in result.findings if f.rule_id == rule]


@pytest.mark.parametrize(("value", "fires"), [
    ("899s", False), ("900s", False), ("15m", False), ("0.25h", False), ("900000ms", False),
    ("900.5s", True), ("901s", True), ("16m", True), ("1h", True), ("1d", True),
])
@pytest.mark.parametrize("attribute", ["timeout", "duration"])
def test_lambda_boundary(attribute: str, value: str, fires: bool) -> None:
    found = check(f"f: lambda {{ {attribute} = {value} }}", "CMP001")
    assert bool(found) is fires
    if fires:
        assert value in found[0].message and "900 s (15 min) maximum" in found[0].message
        assert found[0].span.column == 13  # the attribute, not the node
        fix = found[0].fix or ""
        assert "Step Functions" in fix and "Fargate" in fix and "Batch" in fix


def test_one_finding_per_function_naming_both() -> None:
    found = check("f: lambda { timeout = 2h, duration = 45m }", "CMP001")
    assert len(found) == 1
    assert "timeout 2h" in found[0].message and "duration 45m" in found[0].message


def test_duration_only_over() -> None:
    found = check("f: lambda { timeout = 10m, duration = 20m }", "CMP001")
    assert len(found) == 1 and "expected to run for 20m" in found[0].message


def test_duration_on_an_invoking_edge() -> None:
    text = "q: sqs\nf: lambda { timeout = 5m }\nq -> f { duration = 30m }\n"
    found = check(text, "CMP001")
    assert len(found) == 1 and "edge q->f" in found[0].message
    assert check("q: sqs\nf: lambda\nq -> f { duration = 15m }\n", "CMP001") == []


def test_other_kinds_are_not_lambda() -> None:
    assert check("job: fargate { timeout = 2h }\nb: batch { duration = 1d }", "CMP001") == []


@pytest.mark.parametrize(("attrs", "fires"), [
    ("type = express, duration = 5m", False),
    ("type = express, duration = 300s", False),
    ("type = express, duration = 301s", True),
    ('type = "EXPRESS", timeout = 10m', True),
    ("type = standard, duration = 365d", False),
    ("type = standard, duration = 1y", False),
    ("type = standard, duration = 366d", True),
    ("duration = 400d", True),            # Standard is the default
    ("duration = 10m", False),
    ("type = express", False),            # no duration: nothing to compare
    ("type = other, duration = 10y", False),
])
def test_step_functions_boundaries(attrs: str, fires: bool) -> None:
    found = check(f"sm: stepfunctions {{ {attrs} }}", "CMP002")
    assert bool(found) is fires


def test_express_message_and_fix() -> None:
    found = check("sm: sfn { type = express, duration = 10m }", "CMP002")
    assert "Express" in found[0].message and "5 min" in found[0].message
    assert "Standard" in (found[0].fix or "")
