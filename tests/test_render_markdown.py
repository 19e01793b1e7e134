"""`archlint render --update-markdown`: a marked image link right after each
```archlint block, refreshed in place, nothing else in the document touched;
`--check` fails while a picture or a link is stale."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint import registry
from archlint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is required")

DOC = """\
# Orders design

Some text that must stay as it is.  
(two trailing spaces above, a tab\there)

```archlint
title = "Orders [v1]"
api: lambda "API"
db: rds "DB"
api -> db
```

Between the blocks.

~~~~archlint
q: sqs "Jobs"
~~~~
Text right after the second block.
"""


@pytest.fixture(autouse=True)
def no_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: ())


def run(*args: str):
    return CliRunner().invoke(main, ["render", "--format", "svg", *args], catch_exceptions=False)


def only_links_added(before: str, after: str) -> bool:
    """Every change is an insertion of archlint's lines (marker, image, blank)."""
    old, new = before.split("\n"), after.split("\n")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op != "insert":
            return False
        if not all(line == "" or line.startswith(("<!-- archlint-render: block ", "![")) for line in new[j1:j2]):
            return False
    return True


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "design.md"
    path.write_text(DOC)
    return path


def test_links_go_right_after_each_block_and_nothing_else_changes(doc: Path) -> None:
    result = run("--update-markdown", str(doc))
    assert result.exit_code == 0, result.output
    text = doc.read_text()
    assert "```\n\n<!-- archlint-render: block 1 -->\n![Orders \\[v1\\]](design-block1.svg)\n\nBetween" in text
    # text glued to the closing fence gets a blank line, so it stays its own paragraph
    assert ("~~~~\n\n<!-- archlint-render: block 2 -->\n![Architecture of block 2](design-block2.svg)"
            "\n\nText right after the second block.\n") in text
    assert only_links_added(DOC, text)
    assert (doc.parent / "design-block1.svg").is_file() and (doc.parent / "design-block2.svg").is_file()


def test_a_second_run_changes_nothing(doc: Path) -> None:
    assert run("--update-markdown", str(doc)).exit_code == 0
    first = doc.read_bytes()
    again = run("--update-markdown", str(doc))
    assert again.exit_code == 0 and "image links updated" not in again.output
    assert doc.read_bytes() == first


def test_links_are_refreshed_in_place(doc: Path, tmp_path: Path) -> None:
    assert run("--update-markdown", str(doc)).exit_code == 0
    assert run("--update-markdown", "-o", str(tmp_path / "img"), str(doc)).exit_code == 0
    text = doc.read_text()
    assert text.count("<!-- archlint-render: block 1 -->") == 1
    assert "![Orders \\[v1\\]](img/design-block1.svg)" in text and "(design-block1.svg)" not in text
    assert only_links_added(DOC, text)


def test_windows_line_endings_are_kept(doc: Path) -> None:
    doc.write_bytes(DOC.replace("\n", "\r\n").encode())
    assert run("--update-markdown", str(doc)).exit_code == 0
    data = doc.read_bytes()
    assert b"\r\n<!-- archlint-render: block 1 -->\r\n![Orders" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_check_fails_on_a_missing_edited_or_stale_link(doc: Path) -> None:
    assert run(str(doc)).exit_code == 0                    # pictures, but no links yet
    missing = run("--check", "--update-markdown", str(doc))
    assert missing.exit_code == 1 and "design.md: image links missing or out of date" in missing.output
    assert doc.read_text() == DOC                          # --check writes nothing
    assert run("--update-markdown", str(doc)).exit_code == 0
    current = run("--check", "--update-markdown", str(doc))
    assert current.exit_code == 0, current.output
    doc.write_text(doc.read_text().replace("(design-block2.svg)", "(old.svg)"))
    assert run("--check", "--update-markdown", str(doc)).exit_code == 1
    assert run("--update-markdown", str(doc)).exit_code == 0
    doc.write_text(doc.read_text().replace('"Orders [v1]"', '"Orders v2"'))
    stale = run("--check", "--update-markdown", str(doc))
    assert stale.exit_code == 1
    assert "design-block1.svg: picture out of date" in stale.output
    assert "image links missing or out of date" in stale.output    # the alt text changed too


def test_an_unclosed_block_gets_no_link(tmp_path: Path) -> None:
    doc = tmp_path / "open.md"
    doc.write_text("Intro\n\n```archlint\na: ec2\n")
    result = run("--update-markdown", str(doc))
    assert "block 1 has no closing fence; no image link added" in result.output
    assert doc.read_text() == "Intro\n\n```archlint\na: ec2\n"


def test_dot_format_cannot_be_linked(doc: Path) -> None:
    result = CliRunner().invoke(main, ["render", "--format", "dot", "--update-markdown", str(doc)])
    assert result.exit_code == 2 and "use --format png or svg" in result.output
    assert doc.read_text() == DOC


def test_a_symlinked_document_is_updated_at_its_target_and_stays_a_link(tmp_path: Path) -> None:
    """The rename replaced the link with an updated copy; the real document kept no link."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    real = tmp_path / "docs" / "design.md"
    real.write_text(DOC)
    (tmp_path / "link.md").symlink_to("docs/design.md")
    result = run("--update-markdown", str(tmp_path / "link.md"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.md").is_symlink()
    assert "![Orders \\[v1\\]](../link-block1.svg)" in real.read_text()
    assert only_links_added(DOC, real.read_text())
