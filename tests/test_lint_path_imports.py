"""`archlint check` must never import `diagrams` (or Graphviz's Python package,
or the renderer): every import on the lint path costs pre-commit latency.

Checked in a fresh interpreter with `-X importtime`, which lists every module
imported; the same harness on `archlint render` must see them, which proves the
check can fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archlint.run.pool import INDEX_MIN_FILES

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("diagrams", "graphviz", "archlint.output.render", "resources",
         "pygls", "lsprotocol", "archlint.lsp")   # the language server stays off the lint path

ARCH = """\
title = "Import probe"
users: users
region r "eu-west-1" {
  vpc prod "Production" {
    lb: alb
    web: ec2 { count = 2, azs = 2 }
    db: rds { multi_az = true }
  }
}
jobs: sqs
users -> lb -> web -> db
web -> jobs
"""


def imported_modules(*args: str, cwd: Path) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "archlint", *args],
                          capture_output=True, text=True, cwd=cwd)
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return done.returncode, modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_check_never_imports_diagrams(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "probe.arch").write_text(ARCH)
    (tmp_path / "doc.md").write_text(f"# Doc\n\n```archlint\n{ARCH}```\n")
    code, modules = imported_modules("check", "--format", output_format, ".",
                                     "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert code in (0, 1), code
    assert "archlint.run.engine" in modules          # the probe saw the lint path run (no hit)
    assert heavy(modules) == []


def loaded_modules(*args: str, cwd: Path) -> tuple[int, set[str]]:
    """Every module in `sys.modules` at exit: `-X importtime` does not list modules
    imported through importlib (how rules are discovered)."""
    listing = cwd / "modules.txt"
    script = ("import atexit, sys\n"
              f"atexit.register(lambda: open({str(listing)!r}, 'w').write('\\n'.join(sys.modules)))\n"
              "from archlint.cli import main\n"
              f"main({list(args)!r}, prog_name='archlint')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd)
    return done.returncode, set(listing.read_text().splitlines())


@pytest.mark.parametrize("files", [1, INDEX_MIN_FILES])   # entries, or the run index
def test_a_cache_hit_imports_no_rule_and_no_parser(tmp_path: Path, files: int) -> None:
    """A run whose every file is served from the cache needs neither the rules nor lark:
    their ids come from the catalogue in the cache directory (archlint/catalogue.py).
    The first run, a miss, imports both, which shows that the probe can see them."""
    for i in range(files):
        (tmp_path / f"probe{i}.arch").write_text(ARCH)
    cache = str(tmp_path / "cache")
    code, first = loaded_modules("check", ".", "--cache-dir", cache, cwd=tmp_path)
    assert code in (0, 1) and "lark" in first and "archlint.checks.reliability.single_point_of_failure" in first
    assert (Path(cache) / "runs").is_dir() == (files >= INDEX_MIN_FILES)
    again, second = loaded_modules("check", ".", "--cache-dir", cache, cwd=tmp_path)
    assert again == code
    loaded = sorted(m for m in second if m == "lark" or m.startswith(("lark.", "archlint.checks.",
                                                                     "archlint.run.engine")))
    assert loaded == []


def test_check_on_the_samples_never_imports_diagrams() -> None:
    samples = REPO / "samples"
    assert samples.is_dir()
    code, modules = imported_modules("check", str(samples), cwd=REPO)
    assert code in (0, 1), code
    assert heavy(modules) == []


def test_the_probe_sees_diagrams_when_rendering(tmp_path: Path) -> None:
    (tmp_path / "probe.arch").write_text(ARCH)
    code, modules = imported_modules("render", "--format", "dot", "probe.arch", cwd=tmp_path)
    assert code == 0
    assert "diagrams" in modules and "archlint.output.render" in modules



def test_a_check_does_not_import_importlib_resources(tmp_path: Path) -> None:
    """The grammar is read beside its package: importlib.resources would add zipfile
    and half a dozen modules to every start."""
    (tmp_path / "probe.arch").write_text(ARCH)
    code, modules = imported_modules("check", "--no-cache", "probe.arch", cwd=tmp_path)
    assert code in (0, 1), code
    assert "archlint.language.parser" in modules and "lark" in modules  # it parsed
    assert sorted(m for m in modules if m == "zipfile" or m.startswith("importlib.resources")) == []


def test_a_check_without_cache_imports_no_cache_machinery(tmp_path: Path) -> None:
    """`--no-cache` pays neither for the cache's modules nor for JSON."""
    (tmp_path / "probe.arch").write_text(ARCH)
    code, modules = imported_modules("check", "--no-cache", "probe.arch", cwd=tmp_path)
    assert code in (0, 1) and "archlint.language.parser" in modules
    assert sorted(m for m in modules if m in ("json", "archlint.run.cache",
                                              "archlint.run.fingerprint", "archlint.run.baseline")) == []
    _, cached = imported_modules("check", "probe.arch", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path)
    assert {"json", "archlint.run.cache", "archlint.run.fingerprint"} <= cached   # seen when used


def test_a_plain_check_imports_only_what_it_uses(tmp_path: Path) -> None:
    """One file, no configuration, no flag: no spelling suggestions (difflib), no
    configuration schema, no process pool's signal handling. Each is seen once it
    is needed: a misspelt attribute, a flag to validate, enough files for a pool."""
    (tmp_path / "probe.arch").write_text(ARCH)
    unused = {"difflib", "archlint.config.schema", "archlint.config.options", "signal"}
    code, modules = imported_modules("check", "--no-cache", "probe.arch", cwd=tmp_path)
    assert code in (0, 1) and "archlint.language.parser" in modules and "archlint.run.pool" in modules
    assert sorted(unused & modules) == []
    (tmp_path / "typo.arch").write_text(ARCH.replace("multi_az", "mutli_az"))
    code, modules = imported_modules("check", "--no-cache", "--select", "REL", "typo.arch", cwd=tmp_path)
    assert code == 2 and {"difflib", "archlint.config.schema"} <= modules
    (tmp_path / "many").mkdir()
    for i in range(2):   # `-j 2` pools two files
        (tmp_path / "many" / f"f{i}.arch").write_text(ARCH)
    code, modules = imported_modules("check", "--no-cache", "-j", "2", "many", cwd=tmp_path)
    assert code in (0, 1) and "signal" in modules
