"""STO001-STO003: S3 single-PUT limits and multipart upload shape, at exact boundaries."""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text
from archlint.model.findings import Finding

RULES = ("STO001", "STO002", "STO003")


def findings(text: str) -> list[Finding]:
    result = check_text(text)
    errors = [f for f in result.findings if f.is_input_error]
    assert not errors, [f.message for f in errors]
    return [f for f in result.findings if f.rule_id in RULES]


def upload(attrs: str, bucket: str = "") -> str:
    return f"app: ecs {{ count = 2, azs = 2 }}\nb: s3 {{ {bucket} }}\napp -> b {{ {attrs} }}\n"


def ids(text: str) -> list[str]:
    return sorted(f.rule_id for f in findings(text))


@pytest.mark.parametrize(("size", "expected"), [
    ("99MB", []),
    ("100MB", []),                  # "100 MB or larger": AWS's wording, decimal
    ("100000000B", []),
    ("100000001B", ["STO001"]),
    ("95MiB", []),                  # 99,614,720 bytes
    ("96MiB", ["STO001"]),          # 100,663,296 bytes: binary units are not decimal ones
    ("5GB", ["STO001"]),            # exactly the single-PUT maximum: allowed, still large
    ("5000000001B", ["STO002"]),    # STO002 replaces STO001: one finding per upload
    ("5GiB", ["STO002"]),           # 5,368,709,120 bytes > 5 GB
    ("8GB", ["STO002"]),
])
def test_single_put_boundaries(size: str, expected: list[str]) -> None:
    assert ids(upload(f"size = {size}")) == expected


def test_multipart_silences_the_put_rules() -> None:
    assert ids(upload("size = 8GB, multipart = true")) == []
    assert ids(upload("size = 800MB, multipart = true")) == []


def test_multipart_false_is_like_missing() -> None:
    assert ids(upload("size = 8GB, multipart = false")) == ["STO002"]


def test_object_size_preferred_on_edges() -> None:
    assert ids(upload("object_size = 8GB")) == ["STO002"]


def test_bucket_level_multipart_applies_to_edges_without_their_own() -> None:
    assert ids(upload("size = 8GB", bucket="multipart = true")) == []
    assert ids(upload("size = 8GB, multipart = false", bucket="multipart = true")) == ["STO002"]


def test_bucket_object_size_is_checked_once() -> None:
    text = "b: s3 { object_size = 2GB }\napp: ecs\napp -> b\n"
    found = findings(text)
    assert [(f.rule_id, f.element_id) for f in found] == [("STO001", "b")]


def test_bucket_size_is_total_data_not_an_object() -> None:
    assert findings("b: s3 { size = 10TB }") == []


def test_downloads_and_associations_are_not_uploads() -> None:
    text = "app: ecs\nb: s3\nb -> app { size = 8GB }\napp -- b { size = 8GB }\n"
    assert findings(text) == []


def test_bidirectional_edge_from_the_bucket_is_an_upload_too() -> None:
    assert ids("app: ecs\nb: s3\nb <-> app { size = 8GB }\n") == ["STO002"]


def test_finding_points_at_the_size() -> None:
    found = findings(upload("size = 800MB"))
    assert found[0].span.line == 3 and found[0].span.column > 1
    assert "800,000,000 bytes" in found[0].message


@pytest.mark.parametrize(("attrs", "fires"), [
    ("size = 1GB, part_size = 5MiB", False),
    ("size = 1GB, part_size = 5242879B", True),        # one byte under 5 MiB
    ("size = 1GB, part_size = 5MB", True),             # 5,000,000 B < 5 MiB
    ("size = 100GB, part_size = 5GiB", False),
    ("size = 100GB, part_size = 5368709121B", True),   # one byte over 5 GiB
    ("size = 100GB, part_size = 5GB", False),          # 5 GB < 5 GiB
    ("size = 52428800000B, part_size = 5MiB", False),  # exactly 10,000 parts
    ("size = 52428800001B, part_size = 5MiB", True),   # 10,001 parts
    ("size = 48TiB, part_size = 5GiB", False),
    ("size = 53687091200000B, part_size = 5GiB", False),  # 10,000 x 5 GiB: the maximum
    ("size = 53687091200001B", True),                  # over 48.8 TiB
    ("size = 50TiB", True),
    ("size = 1MB", False),                             # one small part is fine
])
def test_multipart_shape_boundaries(attrs: str, fires: bool) -> None:
    found = ids(upload(attrs + ", multipart = true"))
    assert found == (["STO003"] if fires else [])


def test_shape_reports_all_problems_once() -> None:
    found = findings(upload("size = 100GB, multipart = true, part_size = 4MiB"))
    assert len(found) == 1
    message = found[0].message
    assert "outside 5 MiB..5 GiB" in message and "23,842 parts" in message
    assert "part_size = 100MiB" in (found[0].fix or "")


def test_too_large_object_suggests_splitting() -> None:
    found = findings(upload("size = 60TB, multipart = true"))
    assert "48.8 TiB" in found[0].message and "split" in (found[0].fix or "")


def test_bucket_part_size_applies_to_edges() -> None:
    text = upload("size = 100GB, multipart = true", bucket="part_size = 5MiB")
    found = findings(text)
    assert [f.rule_id for f in found] == ["STO003"]
    assert found[0].span.line == 2  # where the part size is written
