"""The run index: one read per run instead of one per file.

A warm run over many files used to open, read and hash every file and then open
and decode its entry: on this machine about 90 us a file, most of it system
calls. The index is one JSON file per run-wide key (the settings, rules, version
and code fingerprint: the cache's salt) and working directory. For each file a
run checked it holds a row: the file's `stat` signature (size, mtime, ctime,
inode, device), its entry key and the entry's results. A later run `lstat`s each
file; when the signature is the recorded one, the row's results are served
without reading the file or its entry.

Why a signature can stand for the content: every write, rename or `utime` moves
the ctime, which no program can set back, so an edit that keeps the size and the
mtime is still seen (as in `archlint.run.fingerprint`). Timestamps come from a
coarse clock, so a file whose mtime or ctime is within `RACY_SECONDS` of the
run's start is recorded without a signature: the next run reads its bytes, and
uses the row only if they give the recorded key (git's "racily clean" entries).
Symbolic links are never trusted by their `lstat` (the target may change).

Rows are looked up by the file's shown path and its place under the
configuration root, both computed afresh each run, so a file is never served a
row made for another name. Anything unexpected in the index is a miss, never a
crash. Rows of files this run did not visit are kept, so two runs over different
folders from one place do not undo each other's index.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path

from archlint.run import fingerprint
from archlint.run.cache_files import write_whole

FORMAT = 1

Signature = tuple[int, int, int, int, int]


def signature(status: os.stat_result | None) -> Signature | None:
    """(size, mtime, ctime, inode, device) from a file's `lstat`, for a regular file
    that is not a symbolic link; None for anything else (then only its content can
    be trusted)."""
    if status is None or not stat.S_ISREG(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev


class RunIndex:
    """The rows of one run-wide key; `save` writes them back when they changed."""

    def __init__(self, directory: Path, salt: str) -> None:
        where = f"{salt}\0{os.path.realpath(os.getcwd())}"
        self.file = directory / "runs" / f"{hashlib.sha256(where.encode('utf-8', 'surrogateescape')).hexdigest()}.json"
        self.directory = directory
        self.started = time.time_ns()   # before any file's lstat: see `_trusted`
        self.rows = _load(self.file)
        self.changed = False

    def served(self, place: str, sig: Signature | None) -> tuple[str, list] | None:
        """(key, results) recorded for `place` under exactly this signature."""
        row = self.rows.get(place)
        if sig is None or row is None or row[0] is None or tuple(row[0]) != sig:
            return None
        return row[1], row[2]

    def matching(self, place: str, key: str) -> list | None:
        """The results recorded for `place` when they are those of `key` (the content
        was read: a racy or changed signature, the same bytes)."""
        row = self.rows.get(place)
        return row[2] if row is not None and row[1] == key else None

    def record(self, place: str, sig: Signature | None, key: str, results: list) -> None:
        row = [list(sig) if sig is not None and self._trusted(sig) else None, key, results]
        if self.rows.get(place) != row:
            self.rows[place] = row
            self.changed = True

    def _trusted(self, sig: Signature) -> bool:
        """Not changed within the racy window before this run started: an edit made
        after the start gets a later ctime, whatever the clock's coarseness."""
        return max(sig[1], sig[2]) < self.started - fingerprint.RACY_SECONDS * 10**9

    def save(self) -> None:
        """Write the rows if this run changed any; an unwritable cache only costs reads."""
        if self.changed:
            text = json.dumps({"format": FORMAT, "rows": self.rows}, separators=(",", ":"))
            write_whole(self.directory, self.file, text)
            self.changed = False


def _load(file: Path) -> dict[str, list]:
    """place -> [signature or None, key, results]; rows of another shape are dropped."""
    try:
        with open(file, "rb") as stream:
            data = json.loads(stream.read())
        rows = data["rows"] if type(data) is dict and data.get("format") == FORMAT else {}
        if type(rows) is not dict:
            return {}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}
    return {place: row for place, row in rows.items() if _well_formed(row)}


def _well_formed(row: object) -> bool:
    """[signature, key, results]: the results themselves are checked when decoded."""
    if type(row) is not list or len(row) != 3 or type(row[1]) is not str or type(row[2]) is not list:
        return False
    sig = row[0]
    return sig is None or (type(sig) is list and len(sig) == 5 and all(type(v) is int for v in sig))
