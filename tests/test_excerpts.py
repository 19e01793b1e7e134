"""Every input error shows the line it points at with a caret under the mistake,
not only syntax errors: in .arch files, in included files and in quoted Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from project_files import project


def excerpt(output: str, code: str) -> tuple[str, str]:
    """The source line and caret line printed under the first `code` error."""
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if f" {code} [error]" in line)
    return lines[at + 1][4:], lines[at + 2][4:]


def underlined(output: str, code: str) -> str:
    source, caret = excerpt(output, code)
    start = caret.index("^")
    return source[start:start + caret.count("^")]


def check(root: Path, *names: str) -> str:
    result = CliRunner().invoke(main, ["check", "--no-cache", *(str(root / n) for n in names)])
    assert result.exit_code == 2, result.output
    return result.output


@pytest.mark.parametrize("text, code, mistake", [
    ("u: usrs\n", "E101", "usrs"),
    ("w: ec2 { count = 2, azs = 2 }\nu: users\nu -> ww\n", "E103", "ww"),
    ("w: ec2 { count = 2, azs = 2 }\n# archlint: ignore[] no ids\n", "E100", "# archlint: ignore[] no ids"),
])
def test_builder_errors_underline_the_mistake(tmp_path: Path, text: str, code: str,
                                              mistake: str) -> None:
    root = project(tmp_path, {"a.arch": text})
    assert underlined(check(root, "a.arch"), code) == mistake


def test_an_error_in_an_included_file_shows_that_files_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"main.arch": 'include "parts/db.arch"\n',
                              "parts/db.arch": "db: rds\nreplica: rds { replica_of = dbb }\n"})
    output = check(root, "main.arch")
    assert "db.arch:2:" in output
    assert underlined(output, "E103").startswith("replica_of")


@pytest.mark.parametrize("block, code, mistake", [
    ("> w: ec2 { count = = 2 }\n", "E100", "="),
    ("> u: usrs\n", "E101", "usrs"),
])
def test_a_quoted_markdown_block_keeps_the_caret_on_the_mistake(tmp_path: Path, block: str,
                                                                code: str, mistake: str) -> None:
    root = project(tmp_path, {"doc.md": f"# Design\n\n> ```archlint\n{block}> ```\n"})
    output = check(root, "doc.md")
    source, caret = excerpt(output, code)
    column = int(output.split(f" {code} ")[0].rsplit(":", 3)[-2])
    assert caret.index("^") == column - 1          # the caret sits at the reported column
    assert underlined(output, code) == mistake
