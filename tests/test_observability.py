"""OBS001: scaling or alarms on EC2 memory need the CloudWatch agent."""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text


def findings(text: str) -> list:
    result = check_text(text)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == "OBS001"]


@pytest.mark.parametrize(("text", "count"), [
    ("web: ec2 { scaling = memory }", 1),
    ("web: ec2 { scaling = cpu }", 0),
    ("web: ec2 { scaling = memory, cw_agent = true }", 0),
    ("web: ec2 { scaling = memory, cw_agent = false }", 1),
    ('web: ec2 { alarm = ["cpu", "disk"] }', 1),
    ("web: ec2 { alarm = memory, scaling = memory }", 2),
    ("asg g { scaling = memory\n web: ec2 }", 1),
    ("asg g { scaling = memory, cw_agent = true\n web: ec2 }", 0),
    ("asg g { cw_agent = true\n web: ec2 { scaling = memory } }", 0),
    ("asg g { scaling = memory\n web: ec2 { cw_agent = true } }", 0),
    # ECS publishes memory utilisation itself
    ("svc: ecs { scaling = memory }", 0),
])
def test_memory_metrics(text: str, count: int) -> None:
    assert len(findings(text)) == count


def test_message_names_metric_and_points_at_attribute() -> None:
    found = findings("title = \"x\"\nweb: ec2 {\n  count = 2\n  alarm = [memory, disk]\n}")
    assert len(found) == 1
    assert "disk space and memory" in found[0].message and found[0].span.line == 4
