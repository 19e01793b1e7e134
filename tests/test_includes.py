"""`include`: statements from another file join the document, positions kept."""

from __future__ import annotations

from pathlib import Path

from archlint.run.engine import parse_document

from archlint.run.runner import check_paths
from archlint.language.document import Document
from project_files import project


def test_included_elements_join_the_graph(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "main.arch": 'include "net/shared.arch"\nweb: ec2\nweb -> shared_db\n',
        "net/shared.arch": "vpc shared { shared_db: rds { multi_az = true } }\n",
    })
    graph, errors = parse_document(Document("main.arch", (root / "main.arch").read_text(),
                                            real_path=root / "main.arch"))
    assert errors == []
    db = graph.nodes["shared_db"]
    assert db.parent is graph.groups["shared"]
    assert db.span.file.endswith("net/shared.arch") and db.span.line == 1
    assert [(e.source, e.target) for e in graph.edges] == [("web", "shared_db")]


def test_include_inside_a_group_nests_its_statements(tmp_path: Path) -> None:
    root = project(tmp_path, {"main.arch": 'vpc prod { include "tier.arch" }\n',
                              "tier.arch": "web: ec2\n"})
    graph, errors = parse_document(Document("main.arch", (root / "main.arch").read_text(),
                                            real_path=root / "main.arch"))
    assert errors == [] and graph.nodes["web"].parent is graph.groups["prod"]


def test_errors_in_included_file_point_into_it(tmp_path: Path) -> None:
    root = project(tmp_path, {"main.arch": 'include "bad.arch"\n', "bad.arch": "\nx: ec3\n"})
    (error,) = check_paths([root / "main.arch"]).findings
    assert error.rule_id == "E101" and error.span.file.endswith("bad.arch") and error.span.line == 2


def test_missing_include(tmp_path: Path) -> None:
    root = project(tmp_path, {"main.arch": 'a: ec2\ninclude "nope.arch"\n'})
    (error,) = check_paths([root / "main.arch"]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E106", 2, 1)
    assert error.message == 'include "nope.arch": no such file'


def test_include_of_a_directory_is_a_positioned_include_error(tmp_path: Path) -> None:
    root = project(tmp_path, {"main.arch": 'a: ec2\ninclude "."\n'})
    (error,) = check_paths([root / "main.arch"]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E106", 2, 1)
    assert error.message == "'.' is a directory; include names a .arch file"


def test_include_of_a_markdown_file_is_refused_not_parsed(tmp_path: Path) -> None:
    """Parsed whole, a Markdown file used to fail with E100 at its first fence."""
    doc = "# Shared\n\n```archlint\nshared_db: rds\n```\n"
    root = project(tmp_path, {"design.md": f'Intro.\n\n```archlint\nweb: ec2\ninclude "doc.md"\n```\n',
                              "doc.md": doc, "notes.MARKDOWN": doc})
    (error,) = check_paths([root / "design.md"]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E106", 5, 1)
    assert error.message == ("include reads .arch files; 'doc.md' is Markdown (put the shared part "
                             "in a .arch file and include that from the block)")
    (root / "main.arch").write_text('include "notes.MARKDOWN"\n')
    (error,) = check_paths([root / "main.arch"]).findings
    assert error.rule_id == "E106" and "'notes.MARKDOWN' is Markdown" in error.message


def test_include_cycle(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.arch": 'include "b.arch"\n', "b.arch": 'include "a.arch"\n'})
    (error,) = check_paths([root / "a.arch"]).findings
    assert error.rule_id == "E106" and error.message.startswith("include cycle: ")
    assert error.span.file.endswith("b.arch")


def test_include_outside_root(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'include "../secret.arch"\n'})
    (tmp_path / "secret.arch").write_text("x: ec2\n")
    (error,) = check_paths([root / "main.arch"]).findings
    assert error.rule_id == "E106" and "outside the project root" in error.message


def test_include_of_a_symlink_loop_is_a_positioned_include_error(tmp_path: Path) -> None:
    """Resolving the path used to raise RuntimeError: an internal error, not a position."""
    root = project(tmp_path, {"main.arch": 'a: ec2\ninclude "loop.arch"\n'})
    (root / "loop.arch").symlink_to(root / "loop.arch")
    (error,) = check_paths([root / "main.arch"]).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E106", 2, 1)
    assert error.message == 'include "loop.arch": a symlink loop'


def test_include_of_a_fifo_says_what_it_is(tmp_path: Path) -> None:
    """It was "no such file", for a file that is there."""
    import os

    root = project(tmp_path, {"main.arch": 'a: ec2\ninclude "pipe.arch"\n'})
    os.mkfifo(root / "pipe.arch")
    (error,) = check_paths([root / "main.arch"]).findings
    assert (error.rule_id, error.span.line) == ("E106", 2)
    assert error.message == 'include "pipe.arch": not a regular file (a FIFO, device or socket)'
