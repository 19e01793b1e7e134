"""OBS001 memory-metric-without-agent:
Scaling or alarms on EC2 memory without the CloudWatch agent.
"""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph, Group
from archlint.model.readers import words
from archlint.model.edits import set_attribute
from archlint.registry import Autofix, RuleContext, rule


AGENT_URL = ("https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/"
             "Install-CloudWatch-Agent.html")


AGENT_METRICS = {"memory": "memory", "mem": "memory", "ram": "memory", "disk": "disk space",
                 "disk_space": "disk space", "swap": "swap"}


def _agent(graph: Graph, element: Element) -> bool:
    """`cw_agent = true` on the element, an enclosing group, or (for a group) a member."""
    chain = [element, *element.ancestors()]
    if any(e.get("cw_agent") is True for e in chain):
        return True
    return isinstance(element, Group) and any(
        m.get("cw_agent") is True for m in graph.members(element))


@rule(
    id="OBS001",
    name="memory-metric-without-agent",
    title="Scaling or alarms on EC2 memory without the CloudWatch agent",
    severity="warning",
    why="""
        CloudWatch collects CPU, network and disk I/O for EC2 instances, but not memory
        use, disk space or swap: those come only from the CloudWatch agent running on the
        instance. A scaling policy (`scaling = memory`) or alarm (`alarm = memory`) on an
        EC2 instance or Auto Scaling group without the agent (`cw_agent = true`) has no
        data: it never fires and the group never scales. Checked against the AWS
        documentation in 2026-11 (the agent publishes mem_used_percent, disk_used_percent
        and swap_used_percent in its own CWAgent namespace).
    """,
    fix="""
        Install and configure the CloudWatch agent (e.g. through Systems Manager) to
        publish mem_used_percent / disk_used_percent, mark the fleet `cw_agent = true`,
        and scale on that metric; or scale on a metric EC2 publishes, such as CPU or the
        SQS backlog per instance.
    """,
    sources=[AGENT_URL],
    autofix=Autofix("`cw_agent = true` on the fleet: it declares that the agent is installed, "
                    "which only you can make true (scaling on CPU is the other way out)", safe=False),
    failing=["web: ec2 { count = 2, azs = 2, scaling = memory }",
             "asg fleet { scaling = [cpu, memory]\n  web: ec2 { count = 2, azs = 2 } }"],
    passing=["web: ec2 { count = 2, azs = 2, scaling = memory, cw_agent = true }",
             "asg fleet { scaling = memory\n  web: ec2 { count = 2, azs = 2, cw_agent = true } }"],
)
def memory_metric_without_agent(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for element in graph.of_kind("ec2", "asg"):
        for name in ("scaling", "alarm"):
            needs = sorted({AGENT_METRICS[w] for w in words(element.get(name))
                            if w in AGENT_METRICS})
            if not needs or _agent(graph, element):
                continue
            what = "scales on" if name == "scaling" else "alarms on"
            yield ctx.finding(
                element,
                f"'{element.id}' {what} {' and '.join(needs)}, which EC2 does not publish "
                "without the CloudWatch agent (cw_agent is not true)",
                span=element.attr_span(name),
                edits=set_attribute(element, "cw_agent", "true"),
            )
