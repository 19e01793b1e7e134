"""Large S3 uploads: single-PUT limits and the shape of multipart uploads.

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
from dataclasses import dataclass
from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph, Span
from archlint.registry import RuleContext, rule
from archlint.model.values import Size

MULTIPART_RECOMMENDED = 100 * 10**6   # "100 MB or larger": decimal
SINGLE_PUT_MAX = 5 * 10**9            # "up to 5 GB": decimal
PART_MIN = 5 * 2**20                  # 5 MiB
PART_MAX = 5 * 2**30                  # 5 GiB
MAX_PARTS = 10_000
OBJECT_MAX = MAX_PARTS * PART_MAX     # 53,687,091,200,000 B = "48.8 TiB"

UPLOAD_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html"
MPU_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html"
QFACTS_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html"


@dataclass(frozen=True)
class Upload:
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


def uploads(graph: Graph) -> Iterator[Upload]:
    """Every sized write into a bucket: its in-edges with a size, then its own object_size."""
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
            yield Upload(
                edge, bucket, sized[0], sized[1],
                multipart if isinstance(multipart, bool) else bucket_multipart,
                part if isinstance(part, Size) else None, holder.attr_span("part_size"),
            )
        own = _size(bucket, ("object_size",))
        if own is not None:
            yield Upload(bucket, bucket, own[0], own[1], bucket_multipart,
                         bucket_part if isinstance(bucket_part, Size) else None,
                         bucket.attr_span("part_size"))


def _part_hint(size: float) -> str:
    """A part size that works: 100 MiB, or size / 10,000 rounded up to whole MiB if larger."""
    needed = max(5, math.ceil(size / MAX_PARTS / 2**20))
    return f"part_size = {min(max(needed, 100), 5 * 1024)}MiB"


def _bytes(count: float) -> str:
    return f"{count:,.0f} bytes"


@rule(
    id="STO001",
    name="multipart-recommended",
    title="S3 upload over 100 MB without multipart upload",
    severity="warning",
    why="""
        AWS recommends multipart upload for objects of 100 MB or more: parts upload in
        parallel, a failed part is retried alone instead of the whole object, and uploads
        can be paused and resumed. A single PUT of a large object over an unreliable or
        long link restarts from zero on every failure. "100 MB" is decimal (100,000,000
        bytes), as AWS writes it. archlint reports uploads over 100 MB, as the title and
        the exam notes put it, so an upload of exactly 100 MB passes. Over 5 GB a single PUT is impossible: STO002 reports
        that instead, so one upload gets one finding. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Upload with multipart upload (`multipart = true`): the AWS SDKs' transfer managers
        (e.g. boto3 `upload_file`, the AWS CLI `aws s3 cp`) switch to it automatically
        above a threshold.
    """,
    sources=[MPU_SOURCE, UPLOAD_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        media: s3
        app -> media : "video upload" { size = 800MB }
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        media: s3
        app -> media : "thumbnails" { size = 100MB }
        app -> media : "videos" { size = 800MB, multipart = true }
        """,
    ],
)
def multipart_recommended(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for upload in uploads(graph):
        size = upload.size.bytes
        if upload.multipart or not MULTIPART_RECOMMENDED < size <= SINGLE_PUT_MAX:
            continue
        yield ctx.finding(
            upload.subject,
            f"{upload.name} writes {upload.size} ({_bytes(size)}) in a single PUT; AWS "
            "recommends multipart upload from 100 MB (100,000,000 bytes)",
            span=upload.size_span,
            fix="set multipart = true and upload in parts (e.g. part_size = 100MiB): a failed "
                "part is retried alone; SDK transfer managers do this automatically",
        )


@rule(
    id="STO002",
    name="single-put-limit",
    title="S3 upload over 5 GB without multipart upload",
    severity="error",
    why="""
        A single PUT uploads an object of at most 5 GB (5,000,000,000 bytes, decimal as
        AWS writes it). Larger objects can only be written with multipart upload, so the
        design as written fails. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Use multipart upload (`multipart = true`), with parts of 5 MiB to 5 GiB and at
        most 10,000 parts; the SDKs' transfer managers do this for you.
    """,
    sources=[UPLOAD_SOURCE, QFACTS_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        backups: s3
        app -> backups : "nightly dump" { size = 20GB }
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        backups: s3
        app -> backups : "nightly dump" { size = 20GB, multipart = true }
        app -> backups : "index" { size = 5GB }
        """,
    ],
)
def single_put_limit(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for upload in uploads(graph):
        size = upload.size.bytes
        if upload.multipart or size <= SINGLE_PUT_MAX:
            continue
        yield ctx.finding(
            upload.subject,
            f"{upload.name} writes {upload.size} ({_bytes(size)}) without multipart "
            "upload; a single PUT is limited to 5 GB (5,000,000,000 bytes): use multipart "
            "upload",
            span=upload.size_span,
            fix=f"set multipart = true ({_part_hint(size)}; parts of 5 MiB to 5 GiB, at "
                "most 10,000 of them)",
        )


@rule(
    id="STO003",
    name="multipart-shape",
    title="Multipart upload with impossible part size, part count or object size",
    severity="error",
    why="""
        Multipart upload has hard limits: each part is 5 MiB to 5 GiB (the last part may
        be smaller), an upload has at most 10,000 parts, and an object is at most
        48.8 TiB (10,000 parts of 5 GiB = 53,687,091,200,000 bytes). So the part size
        must be at least object size / 10,000. Older notes say objects are limited to
        5 TiB; the current limits table says 48.8 TiB (checked 2026-11).
    """,
    fix="""
        Choose a part size between 5 MiB and 5 GiB that is at least the object size
        divided by 10,000 (e.g. 100 MiB parts for objects up to about 1 TB); split
        objects larger than 48.8 TiB into several objects.
    """,
    sources=[QFACTS_SOURCE, MPU_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        lake: s3
        app -> lake { size = 100GB, multipart = true, part_size = 5MiB }
        """,
        """
        lake: s3 { object_size = 1GB, multipart = true, part_size = 4MiB }
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        lake: s3
        app -> lake { size = 100GB, multipart = true, part_size = 16MiB }
        """,
    ],
)
def multipart_shape(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for upload in uploads(graph):
        if not upload.multipart:
            continue
        size = upload.size.bytes
        problems: list[str] = []
        span = upload.size_span
        part = upload.part_size
        if size > OBJECT_MAX:
            problems.append(f"the object is {upload.size} ({_bytes(size)}), over the 48.8 TiB "
                            f"maximum ({_bytes(OBJECT_MAX)})")
        elif part is not None:
            if not PART_MIN <= part.bytes <= PART_MAX:
                problems.append(f"part_size {part} ({_bytes(part.bytes)}) is outside "
                                "5 MiB..5 GiB")
                span = upload.part_span
            parts = math.ceil(size / part.bytes) if part.bytes > 0 else 0
            if parts > MAX_PARTS:
                smallest = max(math.ceil(size / MAX_PARTS / 2**20), 5)
                problems.append(f"{upload.size} in parts of {part} takes {parts:,} parts, "
                                f"over the 10,000-part maximum (parts of at least "
                                f"{smallest:,} MiB are needed)")
                span = upload.part_span
        if problems:
            fix = ("split the data into several objects of at most 48.8 TiB"
                   if size > OBJECT_MAX else
                   f"use a part size of 5 MiB to 5 GiB and at least 1/10,000 of the object "
                   f"({_part_hint(size)})")
            yield ctx.finding(upload.subject, f"{upload.name}: " + "; ".join(problems),
                              span=span, fix=fix)


RULES = (multipart_recommended, single_put_limit, multipart_shape)
