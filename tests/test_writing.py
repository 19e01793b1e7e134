"""What archlint writes: reports and baselines go to regular files atomically;
the run's own stdout/stderr and the null device are written through (never
replaced by a rename); other devices, FIFOs and the run's inputs are refused; a
full disk is a clean exit 2. (docs/security.md, archlint/output/atomic.py)
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.output.atomic import OutputRefused, write_atomic
from project_files import project



def run(*args: str, cwd: Path, shell_tail: str = "") -> subprocess.CompletedProcess:
    command = " ".join([f"'{sys.executable}'", "-m", "archlint", *(f"'{a}'" for a in args)])
    return subprocess.run(command + shell_tail, shell=True, cwd=cwd, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return project(tmp_path / "repo", {"a.arch": "web: ec2\n", "b.arch": "db: ec3\n"})


def test_output_over_a_checked_input_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output", "a.arch", "a.arch"])
    assert result.exit_code == 2
    assert "cannot write a.arch: it is an input" in result.output
    assert (repo / "a.arch").read_text() == "web: ec2\n"


def test_output_over_a_markdown_input_found_by_walking_is_refused(repo: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "doc.md").write_text("# design\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output", "doc.md", "."])
    assert result.exit_code == 2 and (repo / "doc.md").read_text() == "# design\n"


def test_output_over_the_configuration_or_an_include_is_refused(repo: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "shared.arch").write_text("db: rds\n")
    (repo / "main.arch").write_text('include "shared.arch"\n')
    for target in (".archlint.yaml", "shared.arch"):
        result = CliRunner().invoke(main, ["check", "--no-cache", "--output", target, "main.arch"])
        assert result.exit_code == 2 and "it is an input" in result.output, target
    assert (repo / "shared.arch").read_text() == "db: rds\n"


def test_write_baseline_over_a_checked_input_is_refused(repo: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--write-baseline", "a.arch", "a.arch"])
    assert result.exit_code == 2 and (repo / "a.arch").read_text() == "web: ec2\n"


def test_output_to_dev_stdout_is_written_through(repo: Path) -> None:
    done = run("check", "--no-cache", "--output", "/dev/stdout", "b.arch", cwd=repo)
    assert done.returncode == 2
    assert "b.arch:1:5: E101 [error] unknown kind 'ec3'" in done.stdout


def test_output_to_dev_stdout_redirected_to_a_file(repo: Path) -> None:
    done = run("check", "--no-cache", "--output", "/dev/stdout", "b.arch", cwd=repo,
               shell_tail=" > report.txt")
    assert done.returncode == 2, done.stderr
    assert "unknown kind 'ec3'" in (repo / "report.txt").read_text()


def test_output_to_another_device_is_refused_and_the_device_stays(repo: Path) -> None:
    done = run("check", "--no-cache", "--output", "/dev/full", "a.arch", cwd=repo)
    assert done.returncode == 2
    assert "cannot write /dev/full: it is a device, FIFO" in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_is_refused_without_blocking(repo: Path) -> None:
    os.mkfifo(repo / "pipe")
    done = run("check", "--no-cache", "--output", "pipe", "a.arch", cwd=repo)
    assert done.returncode == 2 and "it is a device, FIFO" in done.stderr
    assert stat.S_ISFIFO(os.stat(repo / "pipe").st_mode)


def test_output_symlink_is_replaced_not_written_through(repo: Path, tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH\n")
    (repo / "report.json").symlink_to(victim)
    done = run("check", "--no-cache", "--format", "json", "--output", "report.json", "a.arch", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "export PATH\n"
    assert not (repo / "report.json").is_symlink() and '"findings"' in (repo / "report.json").read_text()


def test_stdout_on_a_full_disk_is_a_clean_exit_2(repo: Path) -> None:
    for args in (("check", "--no-cache", "a.arch"), ("check", "--no-cache", "--format", "sarif", "a.arch"),
                 ("rules",)):
        done = run(*args, cwd=repo, shell_tail=" > /dev/full")
        assert done.returncode == 2, args
        assert done.stderr == "archlint: error: cannot write standard output: No space left on device\n"


def test_write_atomic_never_renames_over_a_special_file(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OutputRefused):
        write_atomic(tmp_path / "pipe", "x")
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]   # no temporary left
