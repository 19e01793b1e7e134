"""Input text that cannot be printed as is: control bytes in a source line and
file names that are not UTF-8. Neither reaches the terminal raw, and neither
crashes a report (archlint/printable.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archlint.printable import printable
from project_files import project

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")

ODD = os.fsdecode(b"caf\xe9.arch")   # Latin-1 name: not UTF-8


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archlint", "check", "--no-cache", *args], cwd=cwd,
                          capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = project(tmp_path / "repo", {})
    (root / ODD).write_text("db: rds\nweb: ec2\nweb -> db\n")
    return root


@pytest.mark.parametrize("fmt", ["sarif", "json", "junit", "github", "text"])
def test_non_utf8_file_name_in_every_format(repo: Path, fmt: str) -> None:
    done = run("--format", fmt, ".", cwd=repo)
    assert done.returncode == 1, done.stderr
    escaped = {"json": b"caf\\\\xe9.arch", "sarif": b"caf%5Cxe9.arch"}.get(fmt, b"caf\\xe9.arch")
    assert escaped in done.stdout and b"internal error" not in done.stderr


def test_non_utf8_file_name_in_a_baseline_round_trip(repo: Path) -> None:
    written = run("--write-baseline", "baseline.json", ".", cwd=repo)
    assert written.returncode == 0, written.stderr
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["file"] for e in entries} == {"caf\\xe9.arch"}
    assert run("--baseline", "baseline.json", ".", cwd=repo).returncode == 0


def test_escape_bytes_in_a_source_line_never_reach_the_terminal(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"esc.arch": "a: ec2 \x1b]0;pwned\x07 {\n"})
    done = run("esc.arch", cwd=root)
    assert done.returncode == 2
    assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout
    excerpt, caret = done.stdout.decode().splitlines()[1:3]
    assert excerpt == "    a: ec2 \u241b]0;pwned\u2407 {"
    assert caret.index("^") == excerpt.index("\u241b")   # one column per control character


def test_control_characters_in_a_file_name(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"a\x1b[2Jb.arch": "x: ec3\n"})
    done = run(".", cwd=root)
    assert done.returncode == 2 and b"\x1b" not in done.stdout
    assert "a\u241b[2Jb.arch:1:4: E101" in done.stdout.decode()


def test_printable_keeps_ordinary_text() -> None:
    assert printable("région → ✓\ttab") == "région → ✓\ttab"
    assert printable("\x00\x1b\x7f\x85") == "\u2400\u241b\u2421\ufffd"
