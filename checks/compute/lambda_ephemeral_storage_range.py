"""CMP004 lambda-ephemeral-storage-range:
Lambda /tmp (ephemeral storage) outside 512 MB to 10,240 MB.
"""

from __future__ import annotations

from typing import Iterator

from archlint.checks.compute._lambda_sizes import out_of_range
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import RuleContext, rule


LIMITS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
EPHEMERAL_URL = "https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html"
EPHEMERAL_MB = (512, 10_240)


@rule(
    id="CMP004",
    name="lambda-ephemeral-storage-range",
    title="Lambda /tmp (ephemeral storage) outside 512 MB to 10,240 MB",
    severity="error",
    why="""
        A Lambda function's /tmp (`ephemeral_storage`) can be set from 512 MB (the
        default) to 10,240 MB; the bounds are hard. Work that needs more scratch space
        than 10,240 MB cannot fit in /tmp. Counted in the unit you wrote, as for memory.
        Checked 2026-11.
    """,
    fix="""
        Stream the data instead of staging it, mount Amazon EFS on the function for larger
        working sets, or run the job on ECS/Fargate with larger storage.
    """,
    sources=[EPHEMERAL_URL, LIMITS_URL],
    failing=["unzip: lambda { ephemeral_storage = 20GB }"],
    passing=["unzip: lambda { ephemeral_storage = 10GiB }"],
)
def lambda_ephemeral_storage_range(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    yield from out_of_range(graph, ctx, "ephemeral_storage", *EPHEMERAL_MB,
                                 "Lambda ephemeral storage (/tmp)")
