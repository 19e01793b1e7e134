"""lark loads its cached grammar analysis with `pickle`, which runs code. The cache
folder sits in the shared temporary directory, so archlint uses it only when it is
a real directory of this user's that no one else may enter: a folder another user
made first (open to all, or a symbolic link) must never be read."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX user ids")

DESIGN = "web: ec2 { count = 2, azs = 2 }\n"


class _Planted:
    """What an attacker would plant: loading it creates the file `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (open, (str(self.marker), "w"))


def _check(tmp: Path, design: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.run([sys.executable, "-m", "archlint", "check", "--no-cache", str(design)],
                          env=env, capture_output=True, text=True, timeout=120)


def _plant(cache_file: Path, marker: Path) -> None:
    cache_file.write_bytes(b"0" * 64 + b"\n" + pickle.dumps(_Planted(marker)))


@pytest.fixture
def design(tmp_path: Path) -> Path:
    path = tmp_path / "design.arch"
    path.write_text(DESIGN)
    return path


def _own_cache(tmp: Path, design: Path) -> Path:
    """The cache file a first run writes in a fresh temporary directory."""
    tmp.mkdir()
    first = _check(tmp, design)
    assert first.returncode == 0, first.stderr
    folder = tmp / f"archlint-{os.getuid()}"
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    (cache_file,) = folder.glob("grammar-*.lark-cache")
    return cache_file


def test_the_cache_is_written_and_read_back_in_a_private_folder(tmp_path: Path, design: Path) -> None:
    cache_file = _own_cache(tmp_path / "tmp", design)
    written = cache_file.stat().st_mtime_ns
    again = _check(tmp_path / "tmp", design)
    assert again.returncode == 0 and "All checks passed" in again.stdout
    assert cache_file.stat().st_mtime_ns == written   # read, not rebuilt


def test_a_cache_folder_others_may_write_is_never_read(tmp_path: Path, design: Path) -> None:
    cache_file = _own_cache(tmp_path / "tmp", design)
    marker = tmp_path / "code-ran"
    _plant(cache_file, marker)
    cache_file.parent.chmod(0o777)   # as if another user had made the folder first
    result = _check(tmp_path / "tmp", design)
    assert not marker.exists(), "archlint unpickled a file from a folder others can write"
    assert result.returncode == 0 and "All checks passed" in result.stdout, result.stderr


def test_a_cache_folder_that_is_a_symbolic_link_is_never_read(tmp_path: Path, design: Path) -> None:
    cache_file = _own_cache(tmp_path / "tmp", design)
    marker = tmp_path / "code-ran"
    _plant(cache_file, marker)
    other = tmp_path / "other-tmp"
    other.mkdir()
    (other / cache_file.parent.name).symlink_to(cache_file.parent)   # a link planted to it
    result = _check(other, design)
    assert not marker.exists(), "archlint unpickled a file through a planted symbolic link"
    assert result.returncode == 0 and "All checks passed" in result.stdout, result.stderr
