"""STO002 single-put-limit: S3 upload over 5 GB without multipart upload."""

from __future__ import annotations

from typing import Iterator

from archlint.checks.storage._uploads import SINGLE_PUT_MAX, multipart_fix, part_hint, shown_bytes, uploads
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import Autofix, RuleContext, rule


UPLOAD_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html"
QFACTS_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html"


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
    autofix=Autofix("`multipart = true` on the upload (the edge into the bucket, or the bucket "
                    "for its own `object_size`)"),
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
            f"{upload.name} writes {upload.size} ({shown_bytes(size)}) without multipart "
            "upload; a single PUT is limited to 5 GB (5,000,000,000 bytes): use multipart "
            "upload",
            span=upload.size_span,
            edits=multipart_fix(graph, upload),
            fix=f"set multipart = true ({part_hint(size)}; parts of 5 MiB to 5 GiB, at "
                "most 10,000 of them)",
        )
