"""Cached findings keep their fixes: a warm run equals a fresh one, edits included,
and `check --fix` works from a warm cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import archlint.run.engine as engine
from archlint.cli import main
from archlint.config.settings import Settings
from archlint.run.runner import check_paths

# safe fixes (REL004, INT001, SUP001) and an unsafe one (INT003), in a file and a Markdown block
DESIGN = ("db: rds\njobs: sqs { visibility_timeout = 30s, retention = 30d }\n"
          "worker: lambda { timeout = 60s }\njobs -> worker\n"
          "cache: dax { nodes = 1 }  # archlint: ignore[REL011, CMP001] stale\n")
DOC = "# Design\r\n\r\n```archlint\r\nx: ec2\r\nold: rds\r\nx -- old\r\n```\r\n"


def everything(report) -> list:  # type: ignore[no-untyped-def]
    """Each finding with what equality leaves out: its edits and their safety."""
    return sorted((f.sort_key(), f.element_id, f.fix, f.block, f.edits, f.fix_safe)
                  for f in report.findings)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "design.arch").write_text(DESIGN)
    (tmp_path / "doc.md").write_bytes(DOC.encode())
    return tmp_path


def test_a_warm_run_equals_a_fresh_one_edits_included(project: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cache = tmp_path / "cache"
    fresh = check_paths([Path(".")], Settings())
    assert any(f.edits and not f.fix_safe for f in fresh.findings)
    assert len([f for f in fresh.findings if f.edits]) >= 4
    cold = check_paths([Path(".")], Settings(), cache_dir=cache)

    def no_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a warm run must be served from the cache")
    monkeypatch.setattr(engine, "check_document", no_check)
    warm = check_paths([Path(".")], Settings(), cache_dir=cache)
    assert everything(warm) == everything(cold) == everything(fresh)


def test_fix_on_a_warm_cache_fixes_the_files(project: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cache = str(tmp_path / "cache")
    runner = CliRunner()
    assert runner.invoke(main, ["check", ".", "--cache-dir", cache]).exit_code == 1   # warms it
    fixed = runner.invoke(main, ["check", ".", "--fix", "--cache-dir", cache])
    assert "archlint: fixed 3 findings in design.arch" in fixed.output, fixed.output
    assert "archlint: fixed 1 finding in doc.md" in fixed.output
    assert "1 more fix available with --unsafe-fixes" in fixed.output
    assert (project / "design.arch").read_text() == (
        "db: rds { multi_az = true }\n"
        "jobs: sqs { visibility_timeout = 6m, retention = 30d }\n"
        "worker: lambda { timeout = 60s }\njobs -> worker\n"
        "cache: dax { nodes = 1 }  # archlint: ignore[REL011] stale\n")
    assert (project / "doc.md").read_bytes() == DOC.replace("old: rds", "old: rds { multi_az = true }").encode()
    again = runner.invoke(main, ["check", ".", "--diff", "--cache-dir", cache])
    assert again.exit_code == 0 and "1 more fix available with --unsafe-fixes" in again.output
