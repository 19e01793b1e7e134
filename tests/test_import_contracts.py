"""The layering, enforced: import-linter's contracts (pyproject `[tool.importlinter]`)
and no import cycle among archlint's modules.

Both are checked on a real wheel install: in the editable install the rules live
in top-level `checks/` (setuptools `package-dir`), where import-linter's graph,
which walks the `archlint/` folder, never sees them. Each contract, and the cycle
check, is then broken on purpose in the installed copy to prove it can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Iterator

import pytest

try:
    import tomllib
except ModuleNotFoundError:   # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"

LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"
PACKAGES = """\
import json, sys, grimp
graph = grimp.build_graph("archlint", include_external_packages=True, cache_dir=None)
print(json.dumps({
    "children": sorted(graph.find_children("archlint")),
    "external": sorted(m for m in graph.modules if m.split(".")[0] != "archlint"
                       and m not in sys.stdlib_module_names),
}))
"""
CYCLES = """\
import graphlib, grimp
graph = grimp.build_graph("archlint", cache_dir=None)
imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
try:
    graphlib.TopologicalSorter(imports).prepare()
except graphlib.CycleError as error:
    print(" -> ".join(error.args[1]))
"""


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A venv holding the wheel's archlint, which also sees this interpreter's packages
    (import-linter, grimp) through a .pth line, so nothing is downloaded."""
    venv = tmp_path_factory.mktemp("contracts") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # a plain path line: the editable install's own .pth (its finder) is not run from there
    (Path(site) / "test-tools.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run([str(python), "-c", "import archlint.checks; print(archlint.checks.__file__)"],
                           capture_output=True, text=True, check=True, cwd=venv)
    assert where.stdout.startswith(site)   # the installed copy, not the checkout
    yield venv


def site_packages(venv: Path) -> Path:
    (found,) = (venv / "lib").glob("python*/site-packages")
    return found


def lint_imports(venv: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "python"), "-c", LINT_IMPORTS, "--config", str(CONFIG),
                           "--no-cache"], cwd=venv, capture_output=True, text=True, timeout=300)


def cycle(venv: Path) -> str:
    done = subprocess.run([str(venv / "bin" / "python"), "-c", CYCLES], cwd=venv,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class planted:
    """A line added to a module of the installed copy, taken out again on exit."""

    def __init__(self, venv: Path, module: str, line: str) -> None:
        self.path = site_packages(venv) / (module.replace(".", "/") + ".py")
        self.line = line

    def __enter__(self) -> None:
        self.original = self.path.read_text()
        self.path.write_text(self.original + "\n" + self.line + "\n")

    def __exit__(self, *exc: object) -> None:
        self.path.write_text(self.original)


@pytest.mark.slow
def test_every_contract_is_kept(installed: Path) -> None:
    done = lint_imports(installed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 5 kept, 0 broken." in done.stdout
    assert "BROKEN" not in done.stdout


# contract name (as lint-imports prints it) -> a module of the installed copy and the
# import that breaks it
BREAKS = {
    "The lint path never imports diagrams":
        ("archlint.run.results", "import diagrams"),
    "language and model import no run, output, cli, commands, lsp or config":
        ("archlint.language.lexer", "import archlint.cli"),
    "Rules import only model, analysis and the registry":
        ("archlint.checks.reliability.single_az_rds", "import archlint.run.results"),
    "The engine imports no rule module":
        ("archlint.run.engine", "import archlint.checks.reliability.single_az_rds"),
    "analysis imports no run, output or cli":
        ("archlint.analysis.flow", "import archlint.output.reporters"),
}


@pytest.mark.slow
@pytest.mark.parametrize("contract", sorted(BREAKS))
def test_each_contract_can_fail(installed: Path, contract: str) -> None:
    module, line = BREAKS[contract]
    with planted(installed, module, line):
        done = lint_imports(installed)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{contract} BROKEN" in done.stdout
    report = done.stdout.split("Broken contracts", 1)[1]
    assert module in report.split(contract, 1)[1]   # its report names the planted import


@pytest.mark.slow
def test_the_rules_contract_names_everything_but_model_analysis_and_registry(installed: Path) -> None:
    """"Rules import only model, analysis and the registry" is written as a forbidden
    list; it must name every other module of archlint and every third-party package
    archlint imports, or a new one would slip past it."""
    done = subprocess.run([str(installed / "bin" / "python"), "-c", PACKAGES], cwd=installed,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    contracts = tomllib.loads(CONFIG.read_text())["tool"]["importlinter"]["contracts"]
    (rules,) = [c for c in contracts if c["name"].startswith("Rules import only")]
    allowed = {"archlint.model", "archlint.analysis", "archlint.registry", "archlint.checks"}
    assert set(found["children"]) - allowed <= set(rules["forbidden_modules"])
    assert set(found["external"]) <= set(rules["forbidden_modules"])
    assert "archlint.run" in found["children"] and "lark" in found["external"]   # it saw them


@pytest.mark.slow
def test_no_import_cycle_among_archlint_modules(installed: Path) -> None:
    assert cycle(installed) == ""


@pytest.mark.slow
def test_an_import_cycle_is_found(installed: Path) -> None:
    with planted(installed, "archlint.model.values", "import archlint.model.graph"):
        found = cycle(installed)
    assert "archlint.model.values" in found and "archlint.model.graph" in found
