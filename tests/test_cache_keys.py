"""A cached result never differs from a fresh run (issue 11 "a gate that says pass",
issue 16 defect 4, issue 13 cache items). Each test fails on the 0.1 cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import archlint.run.cache as cache_module
from archlint.cli import main
from archlint.run.cache import ResultCache, code_fingerprint

FINDINGS = "web: ec2\ndb: rds\nweb -> db\n"        # single points of failure: exit 1
CLEAN = "# nothing yet\n"


def run(*args: str) -> int:
    return CliRunner().invoke(main, ["check", *args]).exit_code


def test_same_name_in_another_folder_is_not_served_its_neighbours_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    for folder in ("drafts", "prod"):
        (root / folder).mkdir(parents=True)
        (root / folder / "design.arch").write_text(FINDINGS)
    (root / ".archlint.yaml").write_text('per-file-ignores:\n  "drafts/*.arch": [ALL]\n')
    cache = str(tmp_path / "cache")
    monkeypatch.chdir(root / "drafts")
    assert run("design.arch", "--cache-dir", cache) == 0
    monkeypatch.chdir(root / "prod")
    assert run("design.arch", "--no-cache") == 1
    assert run("design.arch", "--cache-dir", cache) == 1


def test_cached_findings_name_the_file_as_this_run_shows_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "sub").mkdir(parents=True)
    (tmp_path / "repo" / ".archlint.yaml").write_text("{}\n")
    (tmp_path / "repo" / "sub" / "d.arch").write_text(FINDINGS)
    cache = str(tmp_path / "cache")
    monkeypatch.chdir(tmp_path / "repo")
    first = CliRunner().invoke(main, ["check", "sub/d.arch", "--cache-dir", cache])
    monkeypatch.chdir(tmp_path / "repo" / "sub")
    second = CliRunner().invoke(main, ["check", "d.arch", "--cache-dir", cache])
    assert "sub/d.arch:" in first.output
    assert "d.arch:" in second.output and "sub/d.arch" not in second.output


def test_key_and_check_use_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is edited right after it was read for the key: the result stored
    under that key must be the result of the bytes the key was made from."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".archlint.yaml").write_text("{}\n")
    design = root / "design.arch"
    design.write_text(FINDINGS)
    cache = str(tmp_path / "cache")
    original = ResultCache.key
    edits = []

    def key_then_edit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = original(self, *args, **kwargs)
        if not edits:
            edits.append(design.read_text())
            design.write_text(CLEAN)        # someone saves the file mid-run
        return found

    monkeypatch.setattr(ResultCache, "key", key_then_edit)
    run(str(design), "--cache-dir", cache)
    assert edits == [FINDINGS]
    monkeypatch.setattr(ResultCache, "key", original)
    design.write_text(FINDINGS)              # back to the content the key was made from
    assert run(str(design), "--no-cache") == 1
    assert run(str(design), "--cache-dir", cache) == 1


def test_fingerprint_covers_the_grammar_and_every_subpackage(tmp_path: Path) -> None:
    """Editing the grammar, a data file or a module in a subpackage changes the key."""
    import archlint
    import archlint.grammar

    covered = cache_module.source_files()
    names = {p.name for p in covered}
    assert "archlint.lark" in names
    for module in ("archlint/language/parser.py", "archlint/run/engine.py",
                   "archlint/config/loader.py", "archlint/output/reporters/text.py"):
        assert any(p.as_posix().endswith(module) for p in covered), module
    grammar_dir = Path(archlint.grammar.__path__[0])
    assert all(not p.name.endswith(".pyc") for p in covered)
    assert (grammar_dir / "archlint.lark") in covered


def test_editing_the_grammar_invalidates_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the installed package whose grammar gains a comment gets another key."""
    import archlint.grammar

    grammar = Path(archlint.grammar.__path__[0]) / "archlint.lark"
    copy = tmp_path / "grammar"
    shutil.copytree(grammar.parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint.__wrapped__()          # type: ignore[attr-defined]
    monkeypatch.setattr(archlint.grammar, "__path__", [str(copy)])
    same = code_fingerprint.__wrapped__()             # type: ignore[attr-defined]
    (copy / "archlint.lark").write_text(grammar.read_text() + "\n// edited\n")
    edited = code_fingerprint.__wrapped__()           # type: ignore[attr-defined]
    assert before == same != edited


def test_fingerprint_does_not_depend_on_code_objects(tmp_path: Path) -> None:
    """0.1 hashed `marshal` of each rule's code object, which changes with how the code
    was compiled (`-O` here; a profiler or coverage in the field), so every file then
    missed. The key depends on the source text only."""
    import subprocess
    import sys

    script = ("from archlint.run.cache import ResultCache\n"
              "from archlint.config.settings import Settings\n"
              "from archlint.run.engine import rules_for\n"
              "import pathlib, sys\n"
              "s = Settings(); print(ResultCache(pathlib.Path(sys.argv[1]), s, rules_for(s)).salt)\n")
    cache = str(tmp_path / "cache")
    plain = subprocess.run([sys.executable, "-c", script, cache], capture_output=True, text=True, check=True)
    optimized = subprocess.run([sys.executable, "-O", "-c", script, cache],
                            capture_output=True, text=True, check=True)
    assert plain.stdout and plain.stdout == optimized.stdout


def test_mtime_alone_does_not_change_the_key(tmp_path: Path) -> None:
    """Content, not size and time: a `touch` of a source file keeps the cache warm,
    and an edit of the same size with the same time does not."""
    files = cache_module.source_files()
    some = sorted(files)[0]
    before = code_fingerprint.__wrapped__()           # type: ignore[attr-defined]
    stat = some.stat()
    os.utime(some, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    try:
        assert code_fingerprint.__wrapped__() == before  # type: ignore[attr-defined]
    finally:
        os.utime(some, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def plugin_rule() -> str:
    """test_wheel's plugin rule, reading its prefix from a helper module beside it."""
    from test_wheel import PLUGIN_MODULE

    return (PLUGIN_MODULE.replace("import rule\n", "import rule\nfrom legplug.helper import PREFIX\n")
            .replace('startswith("legacy")', "startswith(PREFIX)"))


def test_editing_a_plugins_helper_module_invalidates_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin's rule module imports a helper beside it in its package: editing the
    helper changes the findings, so it must change the key (the rule module alone did)."""
    from gate_helpers import run_archlint

    site = tmp_path / "site"
    (site / "legplug").mkdir(parents=True)
    (site / "legplug" / "__init__.py").write_text("")
    (site / "legplug" / "rules.py").write_text(plugin_rule())
    (site / "legplug" / "helper.py").write_text('PREFIX = "legacy"\n')
    (site / "legplug-1.0.dist-info").mkdir()
    (site / "legplug-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: legplug\nVersion: 1.0\n")
    (site / "legplug-1.0.dist-info" / "entry_points.txt").write_text(
        "[archlint.rules]\nleg = legplug.rules:RULES\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    work = tmp_path / "work"
    (work / ".git").mkdir(parents=True)
    (work / "d.arch").write_text("old_db: rds { multi_az = true }\n")
    args = ("check", "--cache-dir", str(tmp_path / "cache"), "--fail-on", "warning", "d.arch")
    assert run_archlint(*args, cwd=work).returncode == 0
    (site / "legplug" / "helper.py").write_text('PREFIX = "old"\n')
    fresh = run_archlint("check", "--no-cache", "--fail-on", "warning", "d.arch", cwd=work)
    assert fresh.returncode == 1 and "LEG001" in fresh.stdout, fresh.stdout + fresh.stderr
    cached = run_archlint(*args, cwd=work)
    assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout)
