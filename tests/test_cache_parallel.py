"""The result cache and the process pool give the same report as a plain serial run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archlint.run.cache import ResultCache
from archlint.cli import main
from archlint.run.engine import rules_for
from archlint.run.runner import check_paths
from archlint.config.settings import Settings
from archlint.language.sources import display_path

DESIGN = "web: ec2\ndb: rds\nweb -> db\n"          # findings (single points of failure)
BROKEN = "web: ec3\n"                                # an input error


def shape(report) -> list:  # type: ignore[no-untyped-def]
    return [(f.rule_id, str(f.span), f.message, f.severity) for f in report.findings]


def tree(tmp_path: Path, files: int = 12) -> Path:
    root = tmp_path / "designs"
    root.mkdir()
    (root / ".archlint.yaml").write_text("{}\n")
    for i in range(files):
        (root / f"d{i:02}.arch").write_text(BROKEN if i == 3 else DESIGN.replace("db", f"db{i}"))
    (root / "doc.md").write_text("# doc\n\n```archlint\nq: sqs\nq -> nowhere\n```\n")
    return root


def test_pool_and_cache_match_the_serial_report(tmp_path: Path) -> None:
    root = tree(tmp_path)
    serial = check_paths([root])
    assert serial.findings and serial.has_input_errors
    cache = tmp_path / "cache"
    pooled = check_paths([root], jobs=2)
    cold = check_paths([root], jobs=None, cache_dir=cache)
    warm = check_paths([root], jobs=None, cache_dir=cache)
    assert shape(serial) == shape(pooled) == shape(cold) == shape(warm)
    assert serial.files == pooled.files == warm.files
    assert len(list(cache.glob("??/*.json"))) == serial.files   # one entry per file


def test_warm_run_reads_the_cache(tmp_path: Path) -> None:
    root = tree(tmp_path, 3)
    settings = Settings()
    rules = rules_for(settings)
    cache_dir = tmp_path / "cache"
    check_paths([root], settings, cache_dir=cache_dir)
    cache = ResultCache(cache_dir, settings, rules)
    keys = [cache.key(cache.read(p, display_path(p)) or b"", p, display_path(p))
            for p in sorted(root.glob("*.arch"))]
    hits = [cache.get(k or "") for k in keys]
    assert len(hits) == 3 and all(h is not None for h in hits) and cache.hits == 3


def test_changed_file_changed_settings_are_misses(tmp_path: Path) -> None:
    root = tree(tmp_path, 2)
    cache = tmp_path / "cache"
    check_paths([root], cache_dir=cache)
    (root / "d00.arch").write_text(BROKEN)
    assert "E101" in {f.rule_id for f in check_paths([root], cache_dir=cache).findings
                      if "d00" in f.span.file}
    quiet = Settings(ignore=["REL"])
    assert not any(f.rule_id.startswith("REL") for f in check_paths([root], quiet, cache_dir=cache).findings)


def test_files_with_includes_are_not_cached(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / ".archlint.yaml").write_text("{}\n")
    (root / "main.arch").write_text('include "db.arch"\nweb: ec2 { count = 2, azs = 2 }\nweb -> db\n')
    (root / "db.arch").write_text("db: rds { multi_az = true }\n")
    cache = tmp_path / "cache"
    first = check_paths([root / "main.arch"], cache_dir=cache)
    assert not first.has_input_errors
    (root / "db.arch").write_text("db: rds3\n")  # the included file changes
    second = check_paths([root / "main.arch"], cache_dir=cache)
    assert [f.rule_id for f in second.findings if f.is_input_error] == ["E101"]


def test_corrupt_or_planted_entries_are_ignored(tmp_path: Path) -> None:
    root = tree(tmp_path, 2)
    cache = tmp_path / "cache"
    expected = shape(check_paths([root], cache_dir=cache))
    entries = sorted(cache.rglob("*.json"))   # result entries, the rule catalogue, the source memo
    key = sorted(cache.glob("??/*.json"))[-1].stem
    garbage = [b"", b"{", b"\xff\xfe", b"[]", b'{"key": 1}', b"null",
               json.dumps({"key": key, "file_errors": [], "results": [{"path": 5}]}).encode(),
               json.dumps({"key": "other", "file_errors": [], "results": []}).encode()]
    for entry, junk in zip(entries * len(garbage), garbage):
        entry.write_bytes(junk)
        assert shape(check_paths([root], cache_dir=cache)) == expected


def test_unwritable_cache_dir_is_not_an_error(tmp_path: Path) -> None:
    root = tree(tmp_path, 2)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert shape(check_paths([root], cache_dir=blocker / "cache")) == shape(check_paths([root]))


def test_cli_options(tmp_path: Path) -> None:
    root = tree(tmp_path, 2)
    runner = CliRunner()
    plain = runner.invoke(main, ["check", "--no-cache", str(root)])
    cached = runner.invoke(main, ["check", "--cache-dir", str(tmp_path / "c"), "-j", "2", str(root)])
    again = runner.invoke(main, ["check", "--cache-dir", str(tmp_path / "c"), str(root)])
    assert plain.exit_code == cached.exit_code == again.exit_code == 2
    assert plain.output == cached.output == again.output
    assert (tmp_path / "c" / ".gitignore").read_text().strip().endswith("*")
    bad = runner.invoke(main, ["check", "-j", "0", str(root)])
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_tilde_in_the_cache_directory_is_the_home_directory(tmp_path: Path, monkeypatch) -> None:
    """A CI file that quotes '~/x' passes the tilde unexpanded: never make a folder '~'."""
    from click.testing import CliRunner
    from archlint.cli import main

    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / "a.arch").write_text("web: ec2\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    monkeypatch.setenv("ARCHLINT_CACHE_DIR", "~/env-cache")
    assert CliRunner().invoke(main, ["check", "a.arch"]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "--cache-dir", "~/flag-cache", "a.arch"]).exit_code == 0
    assert not (work / "~").exists()
    assert (home / "env-cache" / "CACHEDIR.TAG").exists() and (home / "flag-cache" / "CACHEDIR.TAG").exists()
