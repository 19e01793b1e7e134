"""DB001 dynamodb-item-size: DynamoDB item larger than 400 KB."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.model.readers import fmt, size_bytes
from archlint.registry import RuleContext, rule


DDB_URL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html"
DDB_MAX_ITEM = 400 * 1024          # "400 KB"; DynamoDB counts KB as 1,024 bytes


@rule(
    id="DB001",
    name="dynamodb-item-size",
    title="DynamoDB item larger than 400 KB",
    severity="error",
    why="""
        A DynamoDB item is at most 400 KB, attribute names included; the limit is hard
        and larger writes are rejected. AWS writes "400 KB" and DynamoDB counts its KB as
        1,024 bytes (as in its capacity units), so archlint takes the limit as 409,600
        bytes: `400KB` and `400KiB` pass, `401KB` passes (401,000 bytes), `410KB` fails.
        `item_size` is read on the table and on edges into it. Checked 2026-11.
    """,
    fix="""
        Store large attributes in S3 and keep the object key in the item, compress them,
        or split the item into several items under one partition key.
    """,
    sources=[DDB_URL],
    failing=["orders: dynamodb { item_size = 500KB }"],
    passing=["orders: dynamodb { item_size = 400KiB }"],
)
def dynamodb_item_size(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for table in graph.of_kind("dynamodb"):
        holders: list[Element | Edge] = [table, *graph.in_edges(table.id)]
        for holder in holders:
            size = size_bytes(holder.get("item_size"))
            if size is None or size <= DDB_MAX_ITEM:
                continue
            where = "" if holder is table else f" (edge {holder.id})"
            yield ctx.finding(
                holder,
                f"DynamoDB table '{table.id}'{where} has item_size {holder.get('item_size')} "
                f"(= {fmt(size)} bytes), over the 400 KB (409,600 bytes) item maximum",
                span=holder.attr_span("item_size"),
            )
