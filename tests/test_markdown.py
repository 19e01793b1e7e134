"""```archlint blocks in Markdown: each is a document, positions map to the .md file."""

from __future__ import annotations

from pathlib import Path

from archlint.run.runner import check_paths
from archlint.language.sources import markdown_blocks

DOC = """# Design

Some prose.

```archlint
web: ec2
db: rds
web -> db
```

```python
print("not architecture")
```

~~~archlint
q: sqs
q -> nowhere
~~~

```archlint-error
ignored: info string is not exactly archlint
```
"""


def test_blocks_and_offsets() -> None:
    blocks = markdown_blocks(DOC, "doc.md")
    assert [b.block for b in blocks] == [1, 2]
    assert blocks[0].line_offset == 5 and blocks[0].text.startswith("web: ec2")
    assert blocks[1].line_offset == 15 and blocks[1].text.startswith("q: sqs")


def test_errors_point_at_lines_of_the_markdown_file(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC)
    report = check_paths([doc])
    assert len(report.results) == 2
    (error,) = [f for f in report.findings if f.is_input_error]
    assert (error.rule_id, error.span.line, error.span.column) == ("E103", 17, 6)
    assert error.span.file.endswith("doc.md")


def test_indented_fence_maps_columns(tmp_path: Path) -> None:
    doc = tmp_path / "list.md"
    doc.write_text("- item\n\n  ```archlint\n  a: ec3\n  ```\n")
    (error,) = check_paths([doc]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E101", 4, 6)


def test_indented_fence_maps_columns_on_every_line(tmp_path: Path) -> None:
    doc = tmp_path / "list.md"
    doc.write_text("1. step\n\n   ```archlint\n   a: ec2\n   b: ec3\n   ```\n")
    (error,) = check_paths([doc]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E101", 5, 7)


def test_info_string_with_attributes_and_longer_fences() -> None:
    text = "````archlint title=x\na: ec2\n```\nstill inside\n````\n"
    (block,) = markdown_blocks(text, "d.md")
    assert block.text == "a: ec2\n```\nstill inside"


def test_unclosed_block_runs_to_end_of_file() -> None:
    (block,) = markdown_blocks("```archlint\na: ec2\n", "d.md")
    assert block.text == "a: ec2\n"


def test_markdown_without_blocks_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\nNo architecture here.\n")
    report = check_paths([tmp_path])
    assert report.files == 1 and report.results == [] and report.findings == []
