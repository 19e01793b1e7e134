"""STO003 multipart-shape:
Multipart upload with impossible part size, part count or object size.
"""

from __future__ import annotations

import math
from typing import Iterator

from archlint.checks.storage._uploads import (
    MAX_PARTS, OBJECT_MAX, PART_MAX, PART_MIN, part_hint, shown_bytes, uploads,
)
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import RuleContext, rule


MPU_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html"
QFACTS_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html"


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
            problems.append(f"the object is {upload.size} ({shown_bytes(size)}), over the 48.8 TiB "
                            f"maximum ({shown_bytes(OBJECT_MAX)})")
        elif part is not None:
            if not PART_MIN <= part.bytes <= PART_MAX:
                problems.append(f"part_size {part} ({shown_bytes(part.bytes)}) is outside "
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
                   f"({part_hint(size)})")
            yield ctx.finding(upload.subject, f"{upload.name}: " + "; ".join(problems),
                              span=span, fix=fix)
