"""`archlint.paths.under` gives what pathlib's `relative_to(...).as_posix()` gives
(shown paths and places are part of cache keys: two ways of naming must agree)."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from archlint.paths import under

CASES = [("/a/b/c.arch", "/a/b"), ("/a/b", "/a/b"), ("/a/bc/d.arch", "/a/b"), ("/a/b/c/d.md", "/a"),
         ("/x.arch", "/"), ("/", "/"), ("/a/b.arch", "/a/b.arch/c"), ("/a/b/ü ñ.arch", "/a"),
         ("/a/b\udcff.arch", "/a"), ("//net/x.arch", "/"), ("/net/x.arch", "//net")]


@pytest.mark.parametrize(("real", "base"), CASES)
def test_under_is_pathlibs_relative_to(real: str, base: str) -> None:
    try:
        expected: str | None = PurePath(real).relative_to(base).as_posix()
    except ValueError:
        expected = None
    assert under(real, base) == expected


def test_files_found_in_folders_come_in_the_order_paths_sort(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The walk sorts plain strings by their parts: the order `sorted(Path...)` gave,
    where `a/z.arch` comes before `a-b/x.arch` and `a.arch` (whole names compare)."""
    from archlint.language.sources import iter_files

    names = ["a/z.arch", "a-b/x.arch", "a.arch", "A.md", "a/b/c.arch", "a/a.arch", "ab.arch", "b/a.arch"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: ec2\n")
    assert list(iter_files([tmp_path])) == sorted(tmp_path / name for name in names)
