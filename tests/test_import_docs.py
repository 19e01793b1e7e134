"""docs/import.md shows the mapping tables exactly as the data has them."""

from __future__ import annotations

from pathlib import Path

from archlint.importers.table_doc import tables

DOC = Path(__file__).resolve().parent.parent / "docs" / "import.md"


def test_mapping_tables_are_the_data() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, table in tables().items():
        assert table in text, f"regenerate the {name} table: python -m archlint.importers.table_doc"
