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
# `wheel`: the session's one wheel, built from a copy of the checkout (tests/conftest.py)


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


PLUGIN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "archlint-plugin-legacy"
version = "1.0"

[project.entry-points."archlint.rules"]
legacy = "archlint_legacy:RULES"

[tool.setuptools]
py-modules = ["archlint_legacy"]
"""

PLUGIN_MODULE = '''\
from archlint.registry import rule


@rule(id="LEG001", name="legacy-name", title="a node is named legacy", severity="warning",
      why="Names starting with legacy mark parts due to be retired.",
      fix="Retire it or rename it.", sources=["https://example.org/legacy-policy"],
      failing=["legacy_db: rds"], passing=["db: rds"])
def legacy_name(graph, ctx):
    for node in graph.nodes.values():
        if node.id.startswith("legacy"):
            yield ctx.finding(node, f"'{node.id}' is named legacy")


RULES = (legacy_name,)
'''


@pytest.mark.slow
def test_a_plugin_distribution_adds_its_rule(wheel: Path, tmp_path: Path) -> None:
    """A real plugin package, built and installed beside archlint, is listed and run."""
    source = tmp_path / "plugin"
    source.mkdir()
    (source / "pyproject.toml").write_text(PLUGIN_PYPROJECT)
    (source / "archlint_legacy.py").write_text(PLUGIN_MODULE)
    built = tmp_path / "built"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(built), str(source)], check=True, capture_output=True, timeout=300)
    (plugin,) = built.glob("archlint_plugin_legacy-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    archlint = str(venv / "bin" / "archlint")
    work = tmp_path / "work"
    work.mkdir()
    (work / "design.arch").write_text("legacy_db: rds { multi_az = true }\n")
    cached = [archlint, "check", "--cache-dir", str(tmp_path / "cache"), "--fail-on", "warning", "design.arch"]
    before = subprocess.run(cached, cwd=work, capture_output=True, text=True)
    assert before.returncode == 0, before.stdout + before.stderr   # cached, with the rule catalogue
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(plugin)],
                   check=True, capture_output=True, timeout=300)
    for _ in range(2):   # a new plugin changes the key (a miss), then the same result is served
        after = subprocess.run(cached, cwd=work, capture_output=True, text=True)
        assert after.returncode == 1, after.stdout + after.stderr
        assert "design.arch:1:1: LEG001 [warning] 'legacy_db' is named legacy" in after.stdout

    rules = subprocess.run([archlint, "rules"], cwd=work, capture_output=True, text=True)
    assert rules.returncode == 0, rules.stderr
    assert any(line.startswith("LEG001") for line in rules.stdout.splitlines())
    found = subprocess.run([archlint, "check", "--no-cache", "--fail-on", "warning", "design.arch"],
                           cwd=work, capture_output=True, text=True)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "design.arch:1:1: LEG001 [warning] 'legacy_db' is named legacy" in found.stdout
    ignored = subprocess.run([archlint, "check", "--no-cache", "--ignore", "LEG001", "--fail-on",
                              "warning", "design.arch"], cwd=work, capture_output=True, text=True)
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr

    # a plugin that clashes with a built-in rule is a usage error, not a traceback
    (venv_module,) = (venv / "lib").glob("python*/site-packages/archlint_legacy.py")
    venv_module.write_text(PLUGIN_MODULE.replace('"LEG001"', '"REL001"'))
    # same size, maybe the same second: Python would trust the byte code of the old text
    for stale in venv_module.parent.glob("__pycache__/archlint_legacy.*.pyc"):
        stale.unlink()
    clash = subprocess.run([archlint, "rules"], cwd=work, capture_output=True, text=True)
    assert clash.returncode == 2
    assert "archlint: error: two rules share 'REL001'" in clash.stderr
    assert "Traceback" not in clash.stderr
