"""`check --fix` and `fmt` write a file back as it was written: CRLF or LF line ends,
a final newline or none, a UTF-8 BOM; atomically (a new file renamed over, its mode
kept); and `--diff` shows only the lines that change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.language.endings import Endings

BOM = "\ufeff"
ARCH = "web: ec2\r\nold: rds\r\nweb -- old"              # CRLF, no final newline
MARKDOWN = ("# Design\r\n\r\nProse.\r\n\r\n```archlint\r\nweb: ec2\r\nold: rds\r\nweb -- old\r\n```\r\n"
            "\r\n> ```archlint\r\n> db:rds\r\n> ```\r\n")


def run(*args: str) -> "object":
    return CliRunner().invoke(main, [*args])


@pytest.mark.parametrize("bom", ["", BOM])
def test_fix_keeps_crlf_bom_and_a_missing_final_newline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       bom: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.arch"
    path.write_bytes((bom + ARCH).encode())
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    result = run("check", "--no-cache", "--fix", "--select", "REL004", "a.arch")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert path.read_bytes() == (bom + ARCH.replace("old: rds", "old: rds { multi_az = true }")).encode()
    assert path.stat().st_ino != inode             # a new file renamed over the old one
    assert path.stat().st_mode & 0o777 == 0o640    # with the file's own mode


def test_fix_keeps_crlf_in_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "doc.md"
    path.write_bytes(MARKDOWN.encode())
    assert run("check", "--no-cache", "--fix", "--select", "REL004", "doc.md").exit_code == 0  # type: ignore[attr-defined]
    expected = MARKDOWN.replace("old: rds", "old: rds { multi_az = true }").replace(
        "> db:rds", "> db:rds { multi_az = true }")
    assert path.read_bytes() == expected.encode()


def test_diff_shows_the_change_and_no_line_end_noise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(MARKDOWN.encode())
    diff = run("check", "--no-cache", "--diff", "--select", "REL004", "doc.md").output  # type: ignore[attr-defined]
    assert "\r" not in diff
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-old: rds", "+old: rds { multi_az = true }",
                       "-> db:rds", "+> db:rds { multi_az = true }"]
    formatted = run("fmt", "--diff", "doc.md").output  # type: ignore[attr-defined]
    assert "\r" not in formatted and "-> db:rds\n+> db: rds\n" in formatted


@pytest.mark.parametrize("text", [MARKDOWN, BOM + MARKDOWN, MARKDOWN.rstrip("\r\n"),
                                  MARKDOWN.replace("\r\n", "\n")])
def test_fmt_keeps_line_ends_bom_and_final_newline(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(text.encode())
    assert run("fmt", str(path)).exit_code == 0  # type: ignore[attr-defined]
    assert path.read_bytes() == text.replace("> db:rds", "> db: rds").encode()


def test_endings_round_trip() -> None:
    for raw in ["a\r\nb\r\n", BOM + "a\nb", "a\r\nb", "", BOM]:
        endings = Endings.of(raw)
        assert endings.restore(endings.plain(raw)) == raw
