"""A cache entry decodes to exactly the objects that were encoded: every field,
those that equality leaves out (edits, their safety, properties) included, so a
field the codec forgot shows here."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from archlint.language.document import Document
from archlint.model.findings import Edit, Finding, Severity
from archlint.model.graph import Span, Suppression
from archlint.run.cache_codec import decode, encode
from archlint.run.results import DocumentResult

FULL = Finding("REL004", Severity.INFO, "m", Span("d.md", 3, 2, 3, 9), element_id="db", fix="do x",
               rule_name="single-az-rds", source_line="db: rds", block="current",
               properties={"estimate": "99.9%", "path": ["a", "b"]},
               edits=(Edit(Span("d.md", 3, 9, 3, 9), " { multi_az = true }"),), fix_safe=False)
BARE = Finding("E101", Severity.ERROR, "unknown kind", Span("d.md", 1, 1, 1, 2))


def test_every_field_survives_the_round_trip() -> None:
    document = Document("d.md", "", 4, 2, 1, Path("/p/d.md"), "current")
    document.skip = True
    unused = Suppression(("REL001", "NET002"), "old", Span("d.md", 5, 1, 5, 30))
    stored = json.loads(json.dumps(encode([BARE], [DocumentResult(document, None, [FULL, BARE], [unused], True)])))
    errors, (result,) = decode(stored, Path("/p/d.md"))
    for before, after in zip([BARE, FULL, BARE], [*errors, *result.findings]):
        assert type(after) is Finding
        assert {f.name: getattr(after, f.name) for f in fields(Finding)} == \
               {f.name: getattr(before, f.name) for f in fields(Finding)}
    assert type(result.findings[0].severity) is Severity and result.unused_suppressions == [unused]
    assert (result.document.path, result.document.line_offset, result.document.column_offset,
            result.document.block, result.document.block_name, result.document.skip, result.empty) == \
           ("d.md", 4, 2, 1, "current", True, True)


@pytest.mark.parametrize("level", [0, 4, True])
def test_an_unknown_severity_is_not_a_finding(level: object) -> None:
    (stored_finding,) = encode([BARE], [])[0]
    stored_finding[1] = level
    with pytest.raises((TypeError, KeyError)):
        decode([[stored_finding], []], None)
