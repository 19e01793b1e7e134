"""A wheel built from the checkout works in a fresh venv, not only the editable install.

`grammar/` and `checks/` live at the top of the repository but ship inside the
package (`archlint.grammar`, `archlint.checks`); this proves they are found.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from archlint.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("archlint-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_grammar_and_checks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "archlint/grammar/archlint.lark" in names
    assert "archlint/checks/__init__.py" in names
    assert "archlint/cli.py" in names
    assert not any(n.startswith(("tests/", "samples/", "bench/")) for n in names)
    # every module ships: a package left out of pyproject's list would lose its files
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "archlint").rglob("*.py")}
    sources |= {"archlint/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "checks").rglob("*.py")}
    assert sources <= names, sorted(sources - names)
    # and the preview page's files, which are data, not modules
    pages = {"archlint/output/preview/" + name for name in ("page.html", "page.js", "page.css")}
    assert pages <= names, sorted(pages - names)


@pytest.mark.slow
def test_wheel_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    work = tmp_path / "work"
    work.mkdir()
    (work / "bad.arch").write_text("web: ec3\n")
    (work / "ok.arch").write_text("web: ec2\n")
    archlint = str(venv / "bin" / "archlint")
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import archlint.grammar, archlint.checks; print(archlint.checks.__file__)"],
                           cwd=work, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout  # the installed copy, not the checkout
    ok = subprocess.run([archlint, "check", "ok.arch"], cwd=work, capture_output=True, text=True)
    assert ok.returncode in (0, 1), ok.stderr
    bad = subprocess.run([archlint, "check", "bad.arch"], cwd=work, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "bad.arch:1:6: E101 [error] unknown kind 'ec3'; did you mean 'ec2'?" in bad.stdout
    rules = subprocess.run([archlint, "rules"], cwd=work, capture_output=True, text=True)
    assert rules.returncode == 0 and rules.stdout.startswith("ID ")
    shipped = {line.split()[0] for line in rules.stdout.splitlines()[1:] if line.strip()}
    assert shipped == {r.id for r in all_rules()}   # every family's rules are found installed
