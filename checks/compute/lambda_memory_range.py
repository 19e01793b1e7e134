"""CMP003 lambda-memory-range: Lambda memory outside 128 MB to 10,240 MB."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.compute._lambda_sizes import out_of_range
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import RuleContext, rule


LIMITS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
MEMORY_MB = (128, 10_240)


@rule(
    id="CMP003",
    name="lambda-memory-range",
    title="Lambda memory outside 128 MB to 10,240 MB",
    severity="error",
    why="""
        A Lambda function's memory can be set from 128 MB to 10,240 MB (hard limits; CPU
        is allocated in proportion to memory). A design that needs more memory than
        10,240 MB cannot run on Lambda. Lambda's MB are binary underneath (10,240 MB is
        10 GiB), so archlint counts the setting in the unit you wrote: `10240MB` and
        `10GiB` both pass, `10241MB` fails. Checked 2026-11.
    """,
    fix="""
        Keep memory between 128 MB and 10,240 MB; a job that needs more memory belongs
        on ECS/Fargate (up to 120 GB per task) or EC2.
    """,
    sources=[LIMITS_URL],
    failing=["resize: lambda { memory = 12GB }", "tiny: lambda { memory = 64MB }"],
    passing=["resize: lambda { memory = 10240MB }\nsmall: lambda { memory = 128MB }"],
)
def lambda_memory_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    yield from out_of_range(graph, ctx, "memory", *MEMORY_MB, "Lambda memory")
