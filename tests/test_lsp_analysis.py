"""What the language server keeps between keystrokes (archlint/lsp/analysis.py) and
where its diagnostics link (archlint/lsp/links.py): reuse never changes an answer."""

from __future__ import annotations

from pathlib import Path

from archlint.lsp import links
from archlint.lsp.analysis import Analysis, analyse

REPO = Path(__file__).resolve().parent.parent
MD = """# Design

```archlint
web: ec2
```

Between the blocks.

```archlint
db: rds
web2: ec2
web2 -> db
```
"""


def _said(analysis: Analysis) -> list[tuple]:
    return [(f.rule_id, f.span, f.message, f.block) for f in analysis.findings]


def test_unchanged_markdown_blocks_keep_their_results(tmp_path: Path) -> None:
    (tmp_path / ".archlint.yaml").write_text("select: [ALL]\n")
    path = tmp_path / "design.md"
    first = analyse(path, MD)
    assert first.rechecked == 2 and first.findings
    edited = MD.replace("db: rds", "db: rds { multi_az = true }")
    again = analyse(path, edited, first)
    assert again.rechecked == 1 and again.results[0] is first.results[0]
    assert _said(again) == _said(analyse(path, edited))      # the same as a fresh check

    moved = edited.replace("web: ec2", "web: ec2\nq: sqs")    # the second block moves down
    assert analyse(path, moved, again).rechecked == 2
    assert _said(analyse(path, moved, again)) == _said(analyse(path, moved))

    (tmp_path / ".archlint.yaml").write_text("select: [REL]\n")   # other settings
    other = analyse(path, edited, again)
    assert other.rechecked == 2 and _said(other) == _said(analyse(path, edited))


def test_a_block_with_an_include_is_always_checked_again(tmp_path: Path) -> None:
    (tmp_path / ".archlint.yaml").write_text("select: [ALL]\n")
    (tmp_path / "shared.arch").write_text("db: rds\n")
    path = tmp_path / "design.md"
    text = '```archlint\ninclude "shared.arch"\nweb: ec2\nweb -> db\n```\n'
    first = analyse(path, text)
    (tmp_path / "shared.arch").write_text("db: rds { multi_az = true }\n")
    again = analyse(path, text, first)
    assert again.rechecked == 1 and _said(again) == _said(analyse(path, text))
    assert _said(again) != _said(first)


def test_links_point_at_the_heading_of_each_code() -> None:
    rule = links.href("REL004")
    assert rule == (REPO / "docs" / "rules.md").as_uri() + "#rel004"
    error = links.href("E105")
    assert error == (REPO / "docs" / "language.md").as_uri() + "#e105-invalid-attribute-value"
    assert links.href("XYZ999") is None


def test_generated_pages_have_the_same_anchors_as_the_docs(tmp_path: Path) -> None:
    """What a wheel install (no docs/) links to."""
    pages = links.generated_pages(tmp_path / "docs")
    rules, errors = links.anchors(pages["rules"]), links.anchors(pages["errors"])
    assert rules == links.anchors(REPO / "docs" / "rules.md")
    assert errors == links.anchors(REPO / "docs" / "language.md")
    assert links.generated_pages(tmp_path / "docs") == pages     # written once
