"""STO001 multipart-recommended: S3 upload over 100 MB without multipart upload."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.storage._uploads import (
    MULTIPART_RECOMMENDED, SINGLE_PUT_MAX, multipart_fix, shown_bytes, uploads,
)
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import Autofix, RuleContext, rule


UPLOAD_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html"
MPU_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html"


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
    autofix=Autofix("`multipart = true` on the upload (the edge into the bucket, or the bucket "
                    "for its own `object_size`)"),
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
            f"{upload.name} writes {upload.size} ({shown_bytes(size)}) in a single PUT; AWS "
            "recommends multipart upload from 100 MB (100,000,000 bytes)",
            span=upload.size_span,
            edits=multipart_fix(graph, upload),
            fix="set multipart = true and upload in parts (e.g. part_size = 100MiB): a failed "
                "part is retried alone; SDK transfer managers do this automatically",
        )
