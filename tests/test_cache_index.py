"""The run index (archlint/run/cache_index.py) serves unchanged files by their `stat`
without reading them, and never differs from a fresh run: each test here fails on
an index that trusts a signature it must not (size and mtime only, a racy file, a
symbolic link) or that is not keyed on the settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.run import cache_index, fingerprint
from archlint.run.cache import ResultCache
from archlint.run.pool import INDEX_MIN_FILES
from project_files import later_tick

# `availability = 99.9%` makes AVL001 judge the path; the `sla` option changes its figure
DESIGN = "availability = 99.9%\nusers: users\nweb: ec2 { count = 2, azs = 2 }\ndb: rds { multi_az = true }\n" \
         "users -> web -> db\n"
SPOF = "availability = 99.9%\nusers: users\nweb: ec2 { count = 1, azs = 2 }\ndb: rds { multi_az = true }\n" \
       "users -> web -> db\n"       # the same size as DESIGN, with findings
assert len(SPOF) == len(DESIGN)


def check(root: Path, cache: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args, str(root),
                                       *(["--cache-dir", str(cache)] if cache else ["--no-cache"])])
    return result.exit_code, result.output


def fresh(root: Path, *args: str) -> tuple[int, str]:
    return check(root, None, *args)   # type: ignore[arg-type]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / ".archlint.yaml").write_text("{}\n")
    for i in range(INDEX_MIN_FILES):
        (root / f"d{i:02}.arch").write_text(DESIGN)
    return root


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test are trusted by their stat at once (no racy window),
    so that a wrong index would serve them: what the tests below must catch."""
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 0)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the cache reads from now on."""
    seen: list[Path] = []
    original = ResultCache.read
    monkeypatch.setattr(ResultCache, "read", lambda self, path, shown: seen.append(path) or original(self, path, shown))
    return seen


def rows(cache: Path) -> dict[str, list]:
    (index,) = (cache / "runs").glob("*.json")
    return json.loads(index.read_text())["rows"]


def test_a_warm_run_reads_no_file(project: Path, tmp_path: Path, trusted: None,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = check(project, cache)
    read = reads(monkeypatch)
    assert check(project, cache) == first == fresh(project)
    assert read == [] and len(rows(cache)) == INDEX_MIN_FILES


def test_fewer_files_use_no_index(project: Path, tmp_path: Path) -> None:
    for extra in sorted(project.glob("*.arch"))[1:]:
        extra.unlink()
    cache = tmp_path / "cache"
    check(project, cache)
    assert not (cache / "runs").exists()


def test_an_edit_keeping_size_and_mtime_is_seen(project: Path, tmp_path: Path, trusted: None) -> None:
    cache = tmp_path / "cache"
    check(project, cache)
    check(project, cache)
    edited = project / "d07.arch"
    before = edited.stat()
    later_tick(tmp_path, edited)
    edited.write_text(SPOF)
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (edited.stat().st_size, edited.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and "d07.arch" in output


def test_a_racy_file_is_read_again(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A coarse clock stamps two writes alike: the file changed within the racy
    window of the run that recorded it, so its signature is not trusted."""
    stamp = cache_index.time.time_ns()    # every file's mtime and ctime, as a coarse clock gives

    def coarse(status: os.stat_result | None) -> cache_index.Signature | None:
        found = real_signature(status)
        return None if found is None else (found[0], stamp, stamp, found[3], found[4])

    real_signature = cache_index.signature
    monkeypatch.setattr(cache_index, "signature", coarse)
    monkeypatch.setattr("archlint.run.cache.signature", coarse)
    cache = tmp_path / "cache"
    check(project, cache)
    assert all(row[0] is None for row in rows(cache).values())   # racy: no signature kept
    (project / "d03.arch").write_text(SPOF)                        # same size, same (coarse) times
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and "d03.arch" in output


def test_changed_settings_and_rule_options_are_not_served_old_rows(project: Path, tmp_path: Path,
                                                                   trusted: None) -> None:
    cache = tmp_path / "cache"
    assert check(project, cache)[0] == 0
    (project / ".archlint.yaml").write_text("rules:\n  AVL001: {sla: {ec2: 50}}\n")
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and "AVL001" in output
    assert check(project, cache, "--ignore", "AVL001") == fresh(project, "--ignore", "AVL001")
    (project / ".archlint.yaml").write_text("severity: {AVL001: error}\nrules:\n  AVL001: {sla: {ec2: 50}}\n")
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and code == 1


def test_an_edited_include_is_seen(project: Path, tmp_path: Path, trusted: None) -> None:
    (project / "main.arch").write_text('include "parts/db.arch"\nusers: users\nusers -> db\n')
    (project / "parts").mkdir()
    (project / "parts" / "db.arch").write_text("db: rds { multi_az = true }\n")
    cache = tmp_path / "cache"
    check(project, cache)
    check(project, cache)
    (project / "parts" / "db.arch").write_text("db: rds3\n")
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and "E101" in output


def test_a_symbolic_link_is_not_trusted_by_its_own_stat(project: Path, tmp_path: Path, trusted: None) -> None:
    target = project / "real.txt"
    target.write_text(DESIGN)
    (project / "linked.arch").symlink_to(target.name)
    cache = tmp_path / "cache"
    check(project, cache)
    check(project, cache)
    later_tick(tmp_path, target)
    target.write_text(SPOF)      # the link itself is unchanged
    code, output = check(project, cache)
    assert (code, output) == fresh(project) and "linked.arch" in output


def test_rows_are_named_by_shown_path_and_place(project: Path, tmp_path: Path, trusted: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project, then from its parent: the same files, other names."""
    (project / "d05.arch").write_text(SPOF)
    cache = tmp_path / "cache"
    monkeypatch.chdir(project)
    check(Path("."), cache)
    check(Path("."), cache)
    monkeypatch.chdir(tmp_path)
    code, output = check(Path("project"), cache)
    assert (code, output) == fresh(Path("project")) and "project/d05.arch" in output


def test_two_folders_keep_their_rows(project: Path, tmp_path: Path, trusted: None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / ".archlint.yaml").write_text("{}\n")
    for i in range(INDEX_MIN_FILES):
        (other / f"o{i:02}.arch").write_text(SPOF)
    cache = tmp_path / "cache"
    for _ in range(2):
        check(project, cache)
        check(other, cache)
    read = reads(monkeypatch)
    assert check(project, cache) == fresh(project) and read == []


@pytest.mark.parametrize("junk", ["", "{", "[]", "null", '{"format": 1, "rows": []}',
                                  '{"format": 1, "rows": {"x": [null, "k", []]}}', "ROWS"])
def test_a_planted_index_is_ignored(project: Path, tmp_path: Path, trusted: None, junk: str) -> None:
    cache = tmp_path / "cache"
    expected = check(project, cache)
    (index,) = (cache / "runs").glob("*.json")
    if junk == "ROWS":   # well-formed rows whose results are not
        planted = {place: [row[0], row[1], [[["x"]], [5]]] for place, row in rows(cache).items()}
        junk = json.dumps({"format": cache_index.FORMAT, "rows": planted})
    index.write_text(junk)
    assert check(project, cache) == expected
