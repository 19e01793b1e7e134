"""A hash of archlint's own files (every module, the rules, the grammar, data files),
part of every cache key: an edited checkout must never be served results of the code
it had before.

Hashing the content of ~180 files costs about 5-10 ms, a tenth of a cached run. So a
memo in the cache directory keeps each file's hash with its `stat` (size, mtime,
ctime, inode); a file whose `stat` is unchanged keeps its hash, any other is read
again. The ctime is what makes this safe: a process cannot set it, and every write,
rename or `utime` moves it, so an edit that keeps the size and restores the mtime is
still seen. Timestamps come from a coarse clock, so a file changed within
`RACY_SECONDS` of the memo being written is not trusted by its `stat` (it is read
again next time), as git does with "racily clean" index entries.

The hash is of file contents, never of code objects (`marshal` output differs with
how Python compiled the code, e.g. under a profiler or `-O`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from pathlib import Path

from archlint.run.cache_files import write_whole

RACY_SECONDS = 2   # a file changed this close to the memo's writing is read again
MEMO_FORMAT = 1


def source_files() -> list[Path]:
    """Every file of the installed archlint (modules of every subpackage, the grammar,
    data files); compiled `.pyc` files and caches are left out."""
    return [Path(entry.path) for _, entry in _sources()]


def _sources() -> list[tuple[str, os.DirEntry]]:
    """(name inside its package, directory entry), sorted by name so that the hash does
    not depend on where archlint is installed. Plain strings and `os.scandir`: pathlib
    costs more than the walk itself here."""
    found: dict[str, tuple[str, os.DirEntry]] = {}
    for package, tops in _packages():
        for top in tops:
            stack = [(top, package + "/")]
            while stack:
                directory, prefix = stack.pop()
                try:
                    entries = list(os.scandir(directory))
                except OSError:
                    continue
                for entry in entries:
                    if entry.is_dir():   # as os.walk: a link to a folder is not followed
                        if entry.name != "__pycache__" and not entry.is_symlink():
                            stack.append((entry.path, f"{prefix}{entry.name}/"))
                    elif not entry.name.endswith((".pyc", ".pyo")):
                        found.setdefault(entry.path, (prefix + entry.name, entry))
    return sorted(found.values(), key=lambda item: item[0])


def _packages() -> list[tuple[str, list[str]]]:
    import archlint
    import archlint.checks
    import archlint.grammar

    return [(p.__name__, list(p.__path__)) for p in (archlint, archlint.checks, archlint.grammar)]


def _file_hash(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return "unreadable"


def _combine(hashes: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for name, file_hash in hashes:
        digest.update(f"{name}\0{file_hash}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def code_fingerprint(memo_dir: Path | None = None) -> str:
    """The hash of the content of `source_files()`, once per process; with `memo_dir`
    (the cache directory), files whose `stat` did not change are not read again."""
    return fingerprint(memo_dir)


def fingerprint(memo_dir: Path | None = None) -> str:
    """`code_fingerprint` without the per-process memo (tests call this one)."""
    sources = _sources()
    if memo_dir is None:
        return _combine([(name, _file_hash(entry.path)) for name, entry in sources])
    memo_file = memo_dir / f"sources-{_install_id()}.json"
    known = _read_memo(memo_file)
    hashes, entries, changed = [], {}, False
    recorded = time.time_ns()
    for name, entry in sources:
        try:
            st = entry.stat()
            status = [entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        except OSError:
            status = None
        old = known.get(name)
        if status is not None and old is not None and old[:5] == status:
            file_hash = old[5]
        else:
            file_hash, changed = _file_hash(entry.path), True
        hashes.append((name, file_hash))
        racy = status is None or max(status[2], status[3]) > recorded - RACY_SECONDS * 10**9
        entries[name] = [None] * 5 + [file_hash] if racy else [*status, file_hash]
        changed = changed or entries[name] != old
    if changed or len(known) != len(entries):
        _write_memo(memo_file, entries)
    return _combine(hashes)


def _install_id() -> str:
    """Several installs (virtual environments, checkouts) may share one cache directory."""
    where = "\n".join(top for _, tops in _packages() for top in tops)
    return hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _read_memo(path: Path) -> dict[str, list]:
    """name -> [path, size, mtime_ns, ctime_ns, inode, hash]; anything odd is no memo."""
    try:
        memo = json.loads(path.read_text(encoding="utf-8"))
        files = memo["files"] if memo.get("format") == MEMO_FORMAT else {}
        if all(isinstance(v, list) and len(v) == 6 and isinstance(v[5], str) for v in files.values()):
            return files
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return {}


def _write_memo(path: Path, files: dict[str, list]) -> None:
    """A memo that cannot be written only costs the next run the reads."""
    write_whole(path.parent, path, json.dumps({"format": MEMO_FORMAT, "files": files}))
