"""INT007 kinesis-shards: Kinesis stream with fewer shards than its declared throughput needs."""

from __future__ import annotations

import math
from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Graph
from archlint.model.readers import fmt, per_second, word
from archlint.model.values import Throughput
from archlint.model.edits import set_attribute
from archlint.registry import Autofix, RuleContext, rule


KINESIS_URL = "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html"
SHARD_IN_BYTES = 1_000_000      # "1 MB/s" per shard, as AWS writes it
SHARD_IN_RECORDS = 1_000
SHARD_OUT_BYTES = 2_000_000     # "2 MB/s" per shard, shared by standard consumers


def _sum_bps(edges: list[Edge], name: str) -> float | None:
    """Sum of a throughput attribute over edges; None if no edge declares it."""
    values = [v for e in edges if (v := _bps(e.get(name))) is not None]
    return sum(values) if values else None


def _sum_rate(edges: list[Edge]) -> float | None:
    values = [v for e in edges if (v := per_second(e.get("rate"))) is not None]
    return sum(values) if values else None


def _bps(value: object) -> float | None:
    return value.bytes_per_second if isinstance(value, Throughput) else None


@rule(
    id="INT007",
    name="kinesis-shards",
    title="Kinesis stream with fewer shards than its declared throughput needs",
    severity="error",
    why="""
        Each Kinesis Data Streams shard takes in at most 1 MB/s and 1,000 records/s, and
        serves 2 MB/s of reads shared by its standard consumers (an enhanced fan-out
        consumer gets its own 2 MB/s per shard). Writes over these are throttled
        (ProvisionedThroughputExceeded); the per-shard figures are fixed, the shard count
        is yours. Shards needed = ceil(max(write MB/s / 1, records/s / 1000,
        shared read MB/s / 2, largest fan-out consumer MB/s / 2)).
        Write throughput is the stream's `throughput` (else the sum of `throughput` on
        edges into it); records/s its `rate` (else the sum on edges in); shared reads its
        `read_throughput` (else the sum over edges out without `enhanced_fanout = true`
        of their `throughput`, or of the write throughput for an edge that declares
        none: a standard consumer reads every record, so three consumers of a 3 MB/s
        stream read 9 MB/s and need 5 shards). MB as AWS writes it (10^6 bytes).
        Checked 2026-11.
    """,
    fix="""
        Declare at least the shards needed, or use on-demand capacity mode (`type =
        on_demand`), which adds shards as traffic grows; use enhanced fan-out for several
        consumers.
    """,
    sources=[KINESIS_URL],
    autofix=Autofix("`shards` = the number needed for the declared throughput (the minimum "
                    "that stops the throttling)"),
    failing=["clicks: kinesis { shards = 2, throughput = 5MB/s }",
             "clicks: kinesis { shards = 1, throughput = 500KB/s, rate = 3000/s }"],
    passing=["clicks: kinesis { shards = 5, throughput = 5MB/s, read_throughput = 10MB/s }"],
)
def kinesis_shards(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for stream in graph.of_kind("kinesis"):
        shards = stream.get("shards")
        if not isinstance(shards, int) or word(stream.get("type")) in ("on_demand", "ondemand"):
            continue
        into = [e for e in graph.in_edges(stream.id) if e.directed]
        out = [e for e in graph.out_edges(stream.id) if e.directed]
        write = _bps(stream.get("throughput"))
        write = _sum_bps(into, "throughput") if write is None else write
        records = per_second(stream.get("rate"))
        records = _sum_rate(into) if records is None else records
        read = _bps(stream.get("read_throughput"))
        shared = [e for e in out if e.get("enhanced_fanout") is not True]
        if read is None and shared:
            # A standard consumer reads every record: without its own figure, all of it.
            read = sum(b if (b := _bps(e.get("throughput"))) is not None else (write or 0)
                       for e in shared)
        fanout = [b for e in out if e.get("enhanced_fanout") is True
                  if (b := _bps(e.get("throughput"))) is not None]
        needs = {
            "write throughput": (write or 0) / SHARD_IN_BYTES,
            "records/s": (records or 0) / SHARD_IN_RECORDS,
            "shared read throughput": (read or 0) / SHARD_OUT_BYTES,
            "enhanced fan-out read": max(fanout, default=0) / SHARD_OUT_BYTES,
        }
        reason, exact = max(needs.items(), key=lambda item: item[1])
        needed = math.ceil(exact - 1e-9)
        if needed <= shards:
            continue
        detail = {
            "write throughput": f"{fmt(write or 0)} bytes/s in at 1 MB/s per shard",
            "records/s": f"{fmt(records or 0)} records/s in at 1,000 per shard",
            "shared read throughput": f"{fmt(read or 0)} bytes/s read"
                                      + (f" by {len(shared)} standard consumers" if len(shared) > 1 else "")
                                      + " at 2 MB/s per shard, shared",
            "enhanced fan-out read": "an enhanced fan-out consumer reading "
                                     f"{fmt(max(fanout))} bytes/s at 2 MB/s per shard"
            if fanout else "",
        }[reason]
        yield ctx.finding(
            stream,
            f"stream '{stream.id}' has {shards} shard(s) but needs {needed} for its "
            f"{reason} ({detail})",
            span=stream.attr_span("shards"),
            fix=f"set shards = {needed} or more on '{stream.id}', or use on-demand mode",
            edits=set_attribute(stream, "shards", str(needed)),
        )
