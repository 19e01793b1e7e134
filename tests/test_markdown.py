"""```archlint blocks in Markdown: each is a document, positions map to the .md file."""

from __future__ import annotations

from pathlib import Path

from archlint.run.runner import check_paths
from archlint.language.markdown import markdown_blocks

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


def cli_errors(doc: Path) -> list[str]:
    """`path:line:col: ID` of each finding, as `archlint check` prints them."""
    from click.testing import CliRunner
    from archlint.cli import main

    result = CliRunner().invoke(main, ["check", "--no-cache", str(doc)])
    return [line.split(" [")[0].split("/")[-1] for line in result.output.splitlines() if " [" in line]


def test_line_indented_less_than_its_fence_keeps_its_column(tmp_path: Path) -> None:
    """A line indented less than its fence but not less than its list item's content
    (or the quote's) is still in the block, at its own column."""
    doc = tmp_path / "list.md"
    doc.write_text("1. step\n\n    ```archlint\n    a: ec2\n   b: ec3\n    c: ec4\n    ```\n")
    assert cli_errors(doc) == ["list.md:5:7: E101", "list.md:6:8: E101"]
    # one indented less than the item's content ends the item and the block (CommonMark)
    (block,) = markdown_blocks("1. step\n\n   ```archlint\n   a: ec2\n b: ec3\n   c: ec4\n", "d.md")
    assert block.text == "a: ec2"


def test_block_inside_a_quote_is_checked_with_file_columns(tmp_path: Path) -> None:
    doc = tmp_path / "quote.md"
    doc.write_text("> Note:\n>\n> ```archlint\n> a: ec2\n>  b: ec3\n> ```\n\n> > ```archlint\n> > c: ec5\n")
    assert cli_errors(doc) == ["quote.md:5:7: E101", "quote.md:9:8: E101"]


def test_block_in_a_quote_ends_with_the_quote(tmp_path: Path) -> None:
    doc = tmp_path / "quote.md"
    doc.write_text("> ```archlint\n> a: ec2\n\nprose: not architecture\n")
    (block,) = markdown_blocks(doc.read_text(), "quote.md")
    assert block.text.split() == ["a:", "ec2"]


def test_blocks_in_list_items_are_checked_with_file_columns(tmp_path: Path) -> None:
    """CommonMark fences inside list items (indented to the item's content, which may be
    4 spaces or more, as MkDocs writes them; or on the marker's own line) are blocks:
    skipping them would pass a design unchecked."""
    doc = tmp_path / "list.md"
    doc.write_text("1. Deploy:\n\n    ```archlint\n    a: ec3\n    ```\n\n"
                   "- a\n  - b\n\n    ```archlint\n    b: ec3\n    ```\n\n"
                   "- ```archlint\n  c: ec3\n  ```\n\n"
                   "10. ~~~archlint\n    d: ec3\n    ~~~\n\n"
                   "> - ```archlint\n>   e: ec3\n>   ```\n")
    assert cli_errors(doc) == ["list.md:4:8: E101", "list.md:11:8: E101", "list.md:15:6: E101",
                               "list.md:19:8: E101", "list.md:23:8: E101"]


def test_a_fence_indented_as_code_outside_a_list_is_not_a_block() -> None:
    """Four spaces outside a list item make an indented code block (CommonMark), also
    after a list has ended or after a thematic break that looks like list markers."""
    assert markdown_blocks("Prose.\n\n    ```archlint\n    a: ec2\n    ```\n", "d.md") == []
    assert markdown_blocks("- item\n\nprose\n\n    ```archlint\n    a: ec2\n    ```\n",
                           "d.md") == []
    assert markdown_blocks("* * *\n\n    ```archlint\n    a: ec2\n    ```\n", "d.md") == []


def test_inline_code_at_the_start_of_a_line_opens_no_fence(tmp_path: Path) -> None:
    """After a backtick fence the info string has no backtick (CommonMark): a line that
    starts with inline code (```` ```archlint ```` blocks...) is prose, and must not
    swallow the blocks after it."""
    doc = tmp_path / "prose.md"
    doc.write_text("Designs live in\n```` ```archlint ```` blocks.\n\n```archlint\na: ec3\n```\n")
    assert cli_errors(doc) == ["prose.md:5:4: E101"]


def test_tabs_indent_fences_in_list_items_as_commonmark_counts_them(tmp_path: Path) -> None:
    """A tab moves to the next multiple of 4 columns: a tab-indented fence (or one after
    `-<tab>`) in a list item is a block, and a tab-indented closing fence ends it;
    columns are still counted in characters, a tab being one."""
    doc = tmp_path / "tabs.md"
    doc.write_text("- item\n\n\t```archlint\n\ta: ec3\n\t```\n\n```archlint\nb: ec3\n```\n\n"
                   "1.\t```archlint\n\tc: ec3\n\t```\n")
    assert cli_errors(doc) == ["tabs.md:4:5: E101", "tabs.md:8:4: E101", "tabs.md:12:5: E101"]
    assert markdown_blocks("Prose.\n\n\t```archlint\n\ta: ec2\n\t```\n", "d.md") == []


def test_lazy_lines_stay_in_their_list_item_and_an_empty_item_ends_at_a_blank() -> None:
    """A paragraph line indented less than its item continues it (CommonMark's lazy
    continuation), so a fence after it is still in the item; an item with nothing on
    its marker's line and a blank line after it is over, so 4 spaces after are code."""
    lazy = "10. step\n  continuation\n    ```archlint\n    a: ec2\n    ```\n"
    (block,) = markdown_blocks(lazy, "d.md")
    assert (block.line_offset, block.column_offset, block.text) == (3, 4, "a: ec2")
    assert markdown_blocks("* x\ntext\n\t```archlint\n\ta: ec2\n\t```\n", "d.md")
    assert markdown_blocks("1)\n\n    ```archlint\n    a: ec2\n    ```\n", "d.md") == []


def test_a_fence_in_a_list_item_ends_with_the_item(tmp_path: Path) -> None:
    """CommonMark: a fence opened in a list item ends, unclosed, at the first non-blank
    line indented less than the item's content (a fence's lines are no paragraph, so
    none is a lazy continuation), or at the end of its `>` quote; that line may open
    the next fence. Running on would swallow the blocks after it and pass a failing gate."""
    from click.testing import CliRunner
    from archlint.cli import main

    doc = tmp_path / "r.md"
    doc.write_text("1. Build it:\n\n    ```sh\n    make\n2. Check below.\n\n```archlint\nweb -> (\n```\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(doc)])
    assert result.exit_code == 2 and "r.md:8:" in result.output and "E100" in result.output
    doc.write_text("- ~~~ also opens a fence\n\n```archlint\nweb: ec3\n```\n")
    assert cli_errors(doc) == ["r.md:4:6: E101"]
    doc.write_text("- ```sh\n  x\n```archlint\nweb: ec3\n```\n")   # the line that ends it opens one
    assert cli_errors(doc) == ["r.md:4:6: E101"]
    doc.write_text("> ```sh\n> x\n```archlint\nweb: ec3\n```\n")
    assert cli_errors(doc) == ["r.md:4:6: E101"]
    (block, after) = markdown_blocks("- ```archlint\n  a: ec3\nprose\n```archlint\nb: ec3", "d.md")
    assert (block.line_offset, block.column_offset, block.text) == (1, 2, "a: ec3")
    assert (after.line_offset, after.text) == (4, "b: ec3")


def test_a_tab_indented_block_in_a_list_item_loses_its_tab() -> None:
    """The indentation up to the item's content is removed as written, tabs too, so a
    block's text and columns are the same whether it is indented with tabs or spaces."""
    (block,) = markdown_blocks("-\tText\n\n\t```archlint\n\tx:  ec2\n\t```\n", "d.md")
    assert (block.column_offset, block.text) == (1, "x:  ec2")
