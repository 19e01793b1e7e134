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
