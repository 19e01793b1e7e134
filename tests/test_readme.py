"""The README's example is real: its architecture produces exactly the output shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_example_output_is_what_archlint_prints(tmp_path: Path) -> None:
    source = re.search(r"```archlint\n(.*?)```", README, re.S)
    shown = re.search(r"```\n\$ archlint check photo\.arch\n(.*?)```", README, re.S)
    assert source and shown, "the README lost its example"
    (tmp_path / "photo.arch").write_text(source[1])
    result = subprocess.run([sys.executable, "-m", "archlint", "check", "--no-color", "photo.arch"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == shown[1]


def test_ci_runs_the_readme_test_command_exactly() -> None:
    """CI must run what a person runs: the quick start's command 2, character for character."""
    quick_start = README[README.index("## Quick start"):README.index("## Commands")]
    commands = [line for line in quick_start.splitlines() if line.startswith(("python3 ", "bash "))]
    assert len(commands) == 2, commands
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line for line in ci.splitlines() if line and not line.startswith(("#", " "))]
    assert ci_commands[-1] == commands[1]
