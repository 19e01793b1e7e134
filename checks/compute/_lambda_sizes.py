"""Lambda memory and /tmp sizes, read as the author meant them (CMP003, CMP004)."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model.readers import fmt, is_binary
from archlint.model.values import Size
from archlint.registry import RuleContext


def lambda_megabytes(size: Size) -> float:
    """A memory or /tmp setting in Lambda's "MB" as the author meant it.

    Lambda's API takes a whole number of MB that are binary underneath (10,240 MB
    is 10 GiB). `1769MB` means the setting 1769 and `10GiB` means 10,240, so the
    count is taken in the unit family the author wrote.
    """
    return size.bytes / (2**20 if is_binary(size) else 10**6)


def out_of_range(graph: Graph, ctx: RuleContext, name: str, low: int, high: int,
                      what: str) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        value = function.get(name)
        if not isinstance(value, Size):
            continue
        mb = lambda_megabytes(value)
        if low <= mb <= high:
            continue
        side = "below the minimum" if mb < low else "over the maximum"
        yield ctx.finding(
            function,
            f"Lambda function '{function.id}' has {name} {value} (= {fmt(round(mb, 2))} MB), "
            f"{side} of {fmt(low if mb < low else high)} MB for {what}",
            span=function.attr_span(name),
        )
