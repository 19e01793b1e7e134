"""S3 uploads: what is written into a bucket, and how (STO001, STO002, STO003).

An upload is an edge into an `s3` node carrying `object_size` (or `size`), or an
`s3` node's own `object_size` (the largest object written to the bucket). `size`
on an S3 *node* is not read: on a bucket it usually means the total data stored.
`multipart` and `part_size` come from the edge, else from the bucket.

AWS writes these limits in both unit systems, and archlint compares in the one
AWS used: "100 MB" and "5 GB" are decimal (10^6, 10^9 bytes); part sizes are
"5 MiB" to "5 GiB" (binary); the largest object is 10,000 parts of 5 GiB
(53,687,091,200,000 bytes), which AWS rounds to "48.8 TiB".
"""

from __future__ import annotations

import math
from typing import NamedTuple

from archlint.analysis import per_graph
from archlint.model.edits import set_attribute, set_edge_attributes
from archlint.model.findings import Edit
from archlint.model.graph import Edge, Element, Graph, Span
from archlint.model.values import Size


MULTIPART_RECOMMENDED = 100 * 10**6   # "100 MB or larger": decimal
SINGLE_PUT_MAX = 5 * 10**9            # "up to 5 GB": decimal
PART_MIN = 5 * 2**20                  # 5 MiB
PART_MAX = 5 * 2**30                  # 5 GiB
MAX_PARTS = 10_000
OBJECT_MAX = MAX_PARTS * PART_MAX     # 53,687,091,200,000 B = "48.8 TiB"


class Upload(NamedTuple):
    """One upload to check: what is written, where it is declared, how it is sent."""

    subject: Element | Edge
    bucket: Element
    size: Size
    size_span: Span
    multipart: bool
    part_size: Size | None
    part_span: Span

    @property
    def name(self) -> str:
        if isinstance(self.subject, Edge):
            return f"upload {self.subject.id}"
        return f"S3 bucket '{self.bucket.id}' (object_size)"


def _size(holder: Element | Edge, names: tuple[str, ...]) -> tuple[Size, Span] | None:
    for name in names:
        value = holder.get(name)
        if isinstance(value, Size):
            return value, holder.attr_span(name)
    return None


@per_graph
def uploads(graph: Graph) -> list[Upload]:
    """Every sized write into a bucket: its in-edges with a size, then its own
    object_size. Worked out once per graph for the three rules that read it (each
    walked every bucket's edges and attributes again); callers must not mutate it."""
    found: list[Upload] = []
    for bucket in graph.of_kind("s3"):
        bucket_multipart = bucket.get("multipart") is True
        bucket_part = bucket.get("part_size")
        writes = [e for e in graph.in_edges(bucket.id) if e.directed]
        writes += [e for e in graph.out_edges(bucket.id) if e.bidirectional]
        for edge in writes:
            sized = _size(edge, ("object_size", "size"))
            if sized is None:
                continue
            part = edge.get("part_size")
            holder: Element | Edge = edge if isinstance(part, Size) else bucket
            part = part if isinstance(part, Size) else bucket_part
            multipart = edge.get("multipart")
            found.append(Upload(
                edge, bucket, sized[0], sized[1],
                multipart if isinstance(multipart, bool) else bucket_multipart,
                part if isinstance(part, Size) else None, holder.attr_span("part_size"),
            ))
        own = _size(bucket, ("object_size",))
        if own is not None:
            found.append(Upload(bucket, bucket, own[0], own[1], bucket_multipart,
                                bucket_part if isinstance(bucket_part, Size) else None,
                                bucket.attr_span("part_size")))
    return found


def part_hint(size: float) -> str:
    """A part size that works: 100 MiB, or size / 10,000 rounded up to whole MiB if larger."""
    needed = max(5, math.ceil(size / MAX_PARTS / 2**20))
    return f"part_size = {min(max(needed, 100), 5 * 1024)}MiB"


def shown_bytes(count: float) -> str:
    return f"{count:,.0f} bytes"


def multipart_fix(graph: Graph, upload: Upload) -> tuple[Edit, ...]:
    """`multipart = true` where the upload declares how it is sent."""
    if isinstance(upload.subject, Edge):
        return set_edge_attributes(graph, upload.subject, {"multipart": "true"})
    return set_attribute(upload.subject, "multipart", "true")
