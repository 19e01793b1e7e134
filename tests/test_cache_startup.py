"""The cheap start of a cached run (issue 13) stays exact: a cached result never differs
from a fresh run.

- The rule catalogue (archlint/catalogue.py) replaces importing the rules on a cache
  hit: settings and keys made from it equal those made from the rules, rule ids are
  still checked (exit 2), and it is not used for rules that discovery did not find.
- The source memo (archlint/run/fingerprint.py) spares reading archlint's files whose
  `stat` did not change: an edit of the grammar, a data file or a rule is seen even
  when it keeps the file's size and mtime.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.catalogue import RuleEntry, _read, _write, known_rules
from archlint.cli import main
from archlint.config.loader import load_settings
from archlint.registry import all_rules
from archlint.run import fingerprint
from archlint.run.cache import ResultCache
from gate_helpers import TEST_RULES, use_test_rules
from project_files import later_tick

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples").glob("*.arch")) + sorted((REPO / "samples").glob("*.md"))
CONFIG = """\
select: [ALL]
ignore: [OBS]
per-file-ignores:
  "drafts/*.arch": [REL001, single-az-rds]
severity: {NET: info, REL001: warning}
rules:
  NET001: {quota: 100}
  availability-budget: {sla: {rds: 99.95}}
"""


def catalogue_of(cache: Path) -> tuple:
    """The entries a later run reads (the first call writes them)."""
    known_rules(cache)
    fingerprint.code_fingerprint.cache_clear()
    entries = known_rules(cache)
    assert entries and all(isinstance(e, RuleEntry) for e in entries)
    return entries


def test_settings_and_key_from_the_catalogue_equal_those_from_the_rules(tmp_path: Path) -> None:
    (tmp_path / ".archlint.yaml").write_text(CONFIG)
    entries = catalogue_of(tmp_path / "cache")
    rules = all_rules()
    assert [e.id for e in entries] == [r.id for r in rules]
    for flags in ({}, {"select": ["REL", "NET00", "lambda-concurrency-quota"], "ignore": ["REL004"]}):
        from_rules = load_settings([tmp_path], **flags, rules=rules)
        from_catalogue = load_settings([tmp_path], **flags, rules=entries)
        assert from_rules == from_catalogue and from_rules.options["NET001"] == {"quota": 100}
        salt = ResultCache(tmp_path / "c", from_rules, rules).salt
        assert ResultCache(tmp_path / "c", from_catalogue, entries).salt == salt


@pytest.mark.parametrize("args, config, message", [
    (["--select", "NOPE001"], None, "--select: unknown rule or family 'NOPE001'"),
    (["--ignore", "single-point-of-failur"], None, "did you mean 'single-point-of-failure'?"),
    ([], "severity: {NOPE001: error}\n", "unknown rule or family 'NOPE001'"),
    ([], "rules: {NET001: {quot: 3}}\n", "unknown option 'quot' for NET001"),
    ([], "rules: {NET001: {quota: many}}\n", "rules.NET001.quota must be an integer"),
    ([], "per-file-ignores: {'*.arch': [NOPE]}\n", "unknown rule or family 'NOPE'"),
])
def test_rule_ids_are_checked_on_a_cache_hit(tmp_path: Path, args: list[str], config: str | None,
                                             message: str) -> None:
    """In a fresh process, with the catalogue and the file's entry in the cache."""
    (tmp_path / "d.arch").write_text("web: ec2\n")
    cache = tmp_path / "cache"
    run = [sys.executable, "-m", "archlint", "check", "--cache-dir", str(cache), "d.arch"]
    warm = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True)
    assert warm.returncode in (0, 1) and list((cache / "rules").glob("*.json"))
    if config is not None:
        (tmp_path / ".archlint.yaml").write_text(config)
    done = subprocess.run(run + args, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr


def test_the_catalogue_is_not_used_for_rules_discovery_did_not_find(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    catalogue_of(cache)                      # written for the real rules
    use_test_rules(monkeypatch)
    assert known_rules(cache) == all_rules()
    assert {r.id for r in known_rules(cache)} == {r.id for r in TEST_RULES}
    known_rules(tmp_path / "other")          # and they are never written as a catalogue
    assert not (tmp_path / "other" / "rules").exists()


def test_a_catalogue_that_would_not_read_back_exactly_is_not_written(tmp_path: Path) -> None:
    """TST004 has a duration default, which JSON cannot carry: no catalogue, the rules load."""
    plain = tuple(RuleEntry.of(r) for r in TEST_RULES if not r.options)
    _write(tmp_path, tmp_path / "plain.json", plain)
    assert _read(tmp_path / "plain.json") == plain
    _write(tmp_path, tmp_path / "typed.json", tuple(RuleEntry.of(r) for r in TEST_RULES))
    assert not (tmp_path / "typed.json").exists()


def test_a_planted_catalogue_is_read_as_data_or_ignored(tmp_path: Path) -> None:
    for junk in ("", "{", "[]", '{"format": 1, "rules": [[1, 2, 3, 4, []]]}', '{"format": 2, "rules": []}'):
        (tmp_path / "c.json").write_text(junk)
        assert _read(tmp_path / "c.json") is None


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_cached_runs_print_what_a_fresh_run_prints(tmp_path: Path, output_format: str) -> None:
    """Every sample, cold cache, warm cache (catalogue, no rule imported) and no cache."""
    cache = str(tmp_path / "cache")
    outputs = []
    for args in (["--no-cache"], ["--cache-dir", cache], ["--cache-dir", cache]):
        done = subprocess.run([sys.executable, "-m", "archlint", "check", "--format", output_format,
                               *args, *map(str, SAMPLES)], cwd=REPO, capture_output=True, text=True)
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0][0] in (0, 1) and outputs[0][1]
    assert outputs[0] == outputs[1] == outputs[2]


# --- the source memo ---------------------------------------------------------------------

@pytest.fixture()
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of archlint's three packages, which the fingerprint then covers; stat
    shortcuts are trusted at once (no racy window), so only the ctime can tell an edit."""
    target = tmp_path / "copy"
    packages = []
    for name, tops in fingerprint._packages():
        shutil.copytree(tops[0], target / name, ignore=shutil.ignore_patterns("__pycache__"))
        packages.append((name, [str(target / name)]))
    monkeypatch.setattr(fingerprint, "_packages", lambda: packages)
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 0)
    return target


@pytest.mark.parametrize("edited", ["archlint.grammar/archlint.lark",
                                    "archlint/output/preview/page.css",
                                    "archlint.checks/reliability/single_point_of_failure.py"])
def test_an_edit_keeping_size_and_mtime_changes_the_fingerprint(copied: Path, tmp_path: Path,
                                                                edited: str) -> None:
    memo = tmp_path / "cache"
    before = fingerprint.fingerprint(memo)
    assert fingerprint.fingerprint(memo) == before == fingerprint.fingerprint(None)
    path = copied / edited
    stat = path.stat()
    text = path.read_bytes()
    later_tick(tmp_path, path)
    path.write_bytes(text[:-1] + (b"x" if text[-1:] != b"x" else b"y"))   # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))               # same mtime
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    after = fingerprint.fingerprint(memo)
    assert after != before and after == fingerprint.fingerprint(None)


def test_the_memo_spares_reading_unchanged_files(copied: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    memo = tmp_path / "cache"
    first = fingerprint.fingerprint(memo)
    reads: list[str] = []
    original = fingerprint._file_hash
    monkeypatch.setattr(fingerprint, "_file_hash", lambda path: reads.append(path) or original(path))
    assert fingerprint.fingerprint(memo) == first and reads == []
    new = copied / "archlint" / "added.py"
    new.write_text("X = 1\n")
    assert fingerprint.fingerprint(memo) != first and reads == [str(new)]   # a new file counts


def test_racy_files_are_read_again(tmp_path: Path, copied: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed within RACY_SECONDS of the memo is never trusted by its stat."""
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 3600)
    memo = tmp_path / "cache"
    fingerprint.fingerprint(memo)
    (memo_file,) = memo.glob("sources-*.json")
    assert all(v[0] is None for v in json.loads(memo_file.read_text())["files"].values())
    reads: list[str] = []
    original = fingerprint._file_hash
    monkeypatch.setattr(fingerprint, "_file_hash", lambda path: reads.append(path) or original(path))
    fingerprint.fingerprint(memo)
    assert len(reads) == len(fingerprint.source_files())


def test_a_planted_memo_is_ignored(tmp_path: Path, copied: Path) -> None:
    memo = tmp_path / "cache"
    truth = fingerprint.fingerprint(None)
    memo.mkdir()
    for junk in ("", "{", "[]", '{"format": 1, "files": {"a": [1]}}', '{"format": 1, "files": []}'):
        for old in memo.glob("sources-*.json"):
            old.unlink()
        (memo / f"sources-{fingerprint._install_id()}.json").write_text(junk)
        assert fingerprint.fingerprint(memo) == truth


def test_the_cli_check_uses_the_memo_and_catalogue(tmp_path: Path) -> None:
    (tmp_path / "d.arch").write_text("web: ec2\ndb: rds\nweb -> db\n")
    cache = tmp_path / "cache"
    runner = CliRunner()
    first = runner.invoke(main, ["check", "--cache-dir", str(cache), str(tmp_path / "d.arch")])
    again = runner.invoke(main, ["check", "--cache-dir", str(cache), str(tmp_path / "d.arch")])
    assert first.exit_code == again.exit_code == 1 and first.output == again.output
    assert list(cache.glob("sources-*.json")) and list((cache / "rules").glob("*.json"))
