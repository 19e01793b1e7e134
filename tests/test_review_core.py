"""Regressions found by using `archlint check` as a demanding user would:
Ctrl-C, standard input, a run with nothing to check, `--show-settings` layout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import EXIT_INTERRUPTED, main

from gate_helpers import use_test_rules


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    use_test_rules(monkeypatch)
    return tmp_path


def check(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args], input=stdin)


def test_ctrl_c_exits_130_not_1(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 means "findings" to a CI gate; click's default for Ctrl-C was 'Aborted!' and 1."""
    (project / "a.arch").write_text("a: ec2\n")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("archlint.run.runner.check_paths", interrupted)
    result = check("a.arch")
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert "archlint: interrupted" in result.stderr
    assert "Aborted!" not in result.output


def test_dash_reads_one_document_from_stdin(project: Path) -> None:
    (project / "b.arch").write_text("b: ec2 { flag = warning }\n")
    result = check("-", "b.arch", "--format", "json", "--no-cache",
                   stdin="a: ec2\nc: ec2 { flag = error }\n")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert [(f["file"], f["line"], f["rule"]) for f in document["findings"]] == [
        ("<stdin>", 2, "TST001"), ("b.arch", 1, "TST002")]
    assert document["summary"]["files"] == 2


def test_stdin_cannot_include_and_must_be_utf8(project: Path) -> None:
    (project / "x.arch").write_text("x: ec2\n")
    result = check("-", stdin='include "x.arch"\n')
    assert result.exit_code == 2
    assert result.stdout.startswith("<stdin>:1:1: E106 ")
    result = CliRunner().invoke(main, ["check", "-"], input=b"a: ec2\n\xff\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("<stdin>:2:1: E107 ")


def test_dash_with_a_pool_reads_stdin_in_this_process(tmp_path: Path) -> None:
    """Pool workers have no stdin (multiprocessing gives them /dev/null)."""
    (tmp_path / ".git").mkdir()
    for i in range(3):
        (tmp_path / f"f{i}.arch").write_text("u: users\n")
    result = subprocess.run(
        [sys.executable, "-m", "archlint", "check", "-", ".", "--jobs", "2", "--no-cache",
         "--select", "CMP001"],
        cwd=tmp_path, input="fn: lambda { timeout = 20m }\n", capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("<stdin>:1:")
    assert " CMP001 " in result.stdout
    assert result.stdout.rstrip().endswith("in 4 files.")


def test_nothing_to_check_warns_on_stderr(project: Path) -> None:
    (project / "empty").mkdir()
    result = check("empty")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed: 0 documents in 0 files.\n"
    assert "archlint: warning: no files to check" in result.stderr
    # pre-commit runs with --quiet and may pass only excluded files: stay silent
    assert check("empty", "-q").output == ""
    (project / "a.arch").write_text("a: ec2\n")
    assert "warning" not in check("a.arch").stderr


def test_no_rule_selected_warns_on_stderr(project: Path) -> None:
    """`select: []` or --ignore naming what --select chose ran no rule and said only
    "All checks passed"."""
    (project / "a.arch").write_text("a: ec2 { flag = error }\n")
    result = check("--select", "TST001", "--ignore", "TST", "a.arch")
    assert result.exit_code == 0 and result.stdout.startswith("All checks passed")
    assert ("archlint: warning: no rule runs: select (command line) and ignore (command line) "
            "leave none, so nothing was judged") in result.stderr
    (project / ".archlint.yaml").write_text("select: []\n")
    assert "select (.archlint.yaml) and ignore (default)" in check("a.arch").stderr
    assert check("a.arch", "-q").output == ""
    assert "no rule runs" not in check("--select", "TST001", "a.arch").stderr


def test_show_settings_comments_stay_aligned_with_a_family_severity(project: Path) -> None:
    """`severity: {TST: info}` expands to every TST rule; it used to push every
    `# source` comment of every line as far right as that longest value."""
    (project / ".archlint.yaml").write_text("severity:\n  TST: info\n")
    lines = check("--show-settings").stdout.splitlines()
    by_key = {line.split(" = ")[0]: line for line in lines if " = " in line}
    assert by_key["fail-on"] == 'fail-on = "error"       # default'
    assert by_key["severity"].startswith('severity = {"TST001": "info", ')
    assert by_key["severity"].endswith('}  # .archlint.yaml')
