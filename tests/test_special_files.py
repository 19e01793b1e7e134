"""What is not a regular file inside the project is never read as input.

A directory walk yields only regular files inside the project: a symlink that
leaves it, a symlink loop, a FIFO or a device is skipped with a note on stderr.
A path named on the command line may be a pipe (`/dev/stdin`), but a symlink to
a regular file outside the project is an error. Sizes are enforced while
reading, so a symlink to /dev/zero cannot exhaust memory. (docs/security.md)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.safe_read import ReadRefused, TooLarge, read_bytes
from project_files import project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symlinks and FIFOs")

SECRET = "aws_secret_access_key = hunter2"


def run(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """archlint as a real process (a FIFO must not hang it: the timeout fails the test)."""
    return subprocess.run([sys.executable, "-m", "archlint", "check", "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, input=stdin)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "credentials").write_text(f"[default]\n{SECRET}\n")
    return project(tmp_path / "repo", {"ok.arch": "web: ec2\n"})


def test_walked_symlink_to_outside_is_skipped_with_a_note(repo: Path) -> None:
    (repo / "leak.arch").symlink_to(repo.parent / "home" / "credentials")
    result = run(".", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "archlint: note: skipped leak.arch: a symlink to a file outside the project" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr


def test_walked_symlink_inside_the_project_is_checked(repo: Path) -> None:
    (repo / "real").mkdir()
    (repo / "real" / "db.arch").write_text("db: ec3\n")
    (repo / "alias.arch").symlink_to(repo / "real" / "db.arch")
    result = run("alias.arch", cwd=repo)
    assert result.returncode == 2 and "unknown kind 'ec3'" in result.stdout


def test_named_symlink_to_outside_is_an_error_not_a_leak(repo: Path) -> None:
    (repo / "leak.arch").symlink_to(repo.parent / "home" / "credentials")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(repo / "leak.arch")])
    assert result.exit_code == 2
    assert "a symlink to a file outside the project" in result.output
    assert "hunter2" not in result.output


def test_symlink_loop_in_a_walked_directory_does_not_crash(repo: Path) -> None:
    (repo / "loop.arch").symlink_to(repo / "loop.arch")
    (repo / "a.md").symlink_to(repo / "b.md")
    (repo / "b.md").symlink_to(repo / "a.md")
    result = run(".", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "skipped loop.arch: a symlink loop" in result.stderr
    assert "skipped a.md: a symlink loop" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_broken_symlink_is_skipped(repo: Path) -> None:
    (repo / "gone.arch").symlink_to(repo / "nowhere.arch")
    result = run(".", cwd=repo)
    assert result.returncode == 0 and "skipped gone.arch: a broken symlink" in result.stderr


def test_fifo_in_a_walked_directory_does_not_hang(repo: Path) -> None:
    os.mkfifo(repo / "pipe.arch")
    result = run(".", cwd=repo, timeout=30)
    assert result.returncode == 0
    assert "skipped pipe.arch: not a regular file" in result.stderr


def test_walked_symlink_to_dev_zero_is_skipped(repo: Path) -> None:
    (repo / "zero.arch").symlink_to("/dev/zero")
    result = run(".", cwd=repo, timeout=30)
    assert result.returncode == 0 and "skipped zero.arch: not a regular file" in result.stderr


def test_named_dev_zero_stops_at_the_size_limit(repo: Path) -> None:
    (repo / "zero.arch").symlink_to("/dev/zero")
    result = run("zero.arch", cwd=repo, timeout=30)
    assert result.returncode == 2
    assert "zero.arch:1:1: E107 [error] cannot read file: over the 10 MiB limit" in result.stdout


def test_named_pipe_on_the_command_line_is_still_read(repo: Path) -> None:
    result = run("/dev/stdin", cwd=repo, stdin="a: ec3\n")
    assert result.returncode == 2 and "unknown kind 'ec3'" in result.stdout


def test_include_of_a_fifo_is_refused_without_blocking(repo: Path) -> None:
    os.mkfifo(repo / "pipe.arch")
    (repo / "main.arch").write_text('include "pipe.arch"\n')
    result = run("main.arch", cwd=repo, timeout=30)
    assert result.returncode == 2 and "E106" in result.stdout


def test_baseline_symlinked_to_dev_zero_is_a_clean_error(repo: Path) -> None:
    (repo / "baseline.json").symlink_to("/dev/zero")
    result = run("--baseline", "baseline.json", "ok.arch", cwd=repo, timeout=30)
    assert result.returncode == 2
    assert "cannot read baseline: over the 64 MiB limit" in result.stderr
    assert "Traceback" not in result.stderr


def test_stdin_closed_is_a_clean_error(repo: Path) -> None:
    result = subprocess.run(f"'{sys.executable}' -m archlint check --no-cache - <&-", shell=True,
                            cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "cannot read standard input" in result.stdout
    assert "internal error" not in result.stderr


# --- the one reading function ------------------------------------------------------

def test_read_bytes_refuses_special_files_unless_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ReadRefused, match="named pipe"):
        read_bytes(tmp_path / "fifo", 10)          # refused before opening: no hang
    with pytest.raises(ReadRefused, match="device"):
        read_bytes("/dev/zero", 10)
    with pytest.raises(ReadRefused, match="directory"):
        read_bytes(tmp_path, 10, special_ok=True)


def test_read_bytes_counts_while_reading(tmp_path: Path) -> None:
    with pytest.raises(TooLarge, match="over the 1 KiB limit"):
        read_bytes("/dev/zero", 1024, special_ok=True)   # stat says size 0
    (tmp_path / "f").write_bytes(b"x" * 1024)
    assert read_bytes(tmp_path / "f", 1024) == b"x" * 1024
    with pytest.raises(TooLarge):
        read_bytes(tmp_path / "f", 1023)


def test_render_skips_the_same_files_with_a_note(repo: Path) -> None:
    pytest.importorskip("diagrams")
    (repo / "leak.arch").symlink_to(repo.parent / "home" / "credentials")
    os.mkfifo(repo / "pipe.arch")
    result = subprocess.run([sys.executable, "-m", "archlint", "render", "--format", "dot", "."],
                            cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "note: skipped leak.arch: a symlink to a file outside the project" in result.stderr
    assert "note: skipped pipe.arch: not a regular file" in result.stderr
    assert (repo / "ok.dot").exists() and not (repo / "leak.dot").exists()


def test_a_folder_that_cannot_be_listed_is_noted_never_passed_over_in_silence(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A design folder the user may not list (a permission, as root cannot show:
    scandir is made to refuse it) is named on stderr, not skipped without a word."""
    (repo / "private").mkdir()
    (repo / "private" / "secret.arch").write_text("web: ec3\n")
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.path.basename(os.fspath(path)) == "private":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.chdir(repo)
    monkeypatch.setattr(os, "scandir", scandir)
    for command in (["check", "--no-cache", "."], ["fmt", "--check", "."]):
        result = CliRunner().invoke(main, command)
        assert ("archlint: note: skipped private: cannot list the folder (Permission denied); "
                "its files were not checked") in result.stderr, result.output
