"""Checking many files: cache look-ups first, then the misses, on several cores
when there are enough of them to pay for the pool.

A process pool costs about 100 ms to start (more under load), so it is used only
for at least POOL_THRESHOLD files to check; below that, one process is faster.
Results come back in the order of `files`, whatever the order workers finish in,
so output never depends on scheduling. Graphs stay in the workers (results from
the pool and from the cache carry `graph=None`): reporters need only findings.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archlint.model.findings import Finding

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from archlint.catalogue import Selection
    from archlint.run.cache import Lookup, ResultCache
    from archlint.run.results import DocumentResult
    from archlint.registry import Rule
    from archlint.config.settings import Settings

POOL_THRESHOLD = 64
CHUNK = 16
INDEX_MIN_FILES = 32   # fewer files: their entries cost less to read than a run index


def auto_jobs(files: int) -> int:
    """Workers for `--jobs auto`: one per core, but only for many files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if files >= POOL_THRESHOLD and cores > 1 else 1


def check_files(files: list[Path], selection: "Selection", settings: "Settings", jobs: int | None,
                cache: "ResultCache | None") -> Iterator["tuple[list[Finding], list[DocumentResult]]"]:
    """(file errors, document results) for each file, in order. `jobs` None: auto.

    With a cache, each file is read at most once (not at all when the run index
    vouches for it): its bytes make the key and, on a miss, are the bytes checked
    (here or in a worker), so key and result always agree.
    The rules and the parser are imported only when some file missed."""
    lookups = _looked_up(files, cache) if cache is not None else None
    results: list = [None] * len(files) if lookups is None else [found.result for found in lookups]
    todo = [(i, None, None) if lookups is None else (i, lookups[i].data, lookups[i].shown)
            for i, result in enumerate(results) if result is None]

    if not todo:
        if cache is not None:
            cache.save()
        yield from results
        return
    from archlint.run.engine import check_file

    rules = selection.rules
    workers = auto_jobs(len(todo)) if jobs is None else min(jobs, len(todo))
    if workers > 1:
        computed = _in_pool([(files[i], data, shown) for i, data, shown in todo], rules, settings, workers)
    else:
        computed = (check_file(files[i], rules, settings, data, shown, keep_graphs=False)
                    for i, data, shown in todo)
    for (i, _, _), (errors, documents) in zip(todo, computed):
        if cache is not None and lookups is not None and lookups[i].key is not None:
            cache.put(lookups[i].key, errors, documents, lookups[i])  # type: ignore[arg-type]
        results[i] = (errors, documents)
    if cache is not None:
        cache.save()
    yield from results


def _looked_up(files: list[Path], cache: "ResultCache") -> "list[Lookup]":
    """Each file's cache look-up, in order (the run index for many files)."""
    from archlint.language.sources import display_path

    if len(files) >= INDEX_MIN_FILES:
        cache.use_index()
    folders: dict[str, str] = {}
    found = []
    for path in files:
        status = _lstat(path)   # one system call tells a link and signs the file
        real = _resolved(path, folders, status)
        found.append(cache.find(path, display_path(path, real), real, status))
    return found


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _resolved(path: Path, folders: dict[str, str], status: os.stat_result | None) -> str | None:
    """`path` (whose `lstat` is `status`) resolved once for both its shown path and
    its place in the project; None when it cannot be (each caller then falls back).

    Files of one folder share its resolution (`folders`): a file that is not itself
    a symbolic link resolves to its folder's real path plus its name, which costs
    no system call instead of one per folder on the way (1,000 files in a tree: 4,000).
    A string: building a `Path` per file cost more than the look-up it serves."""
    if status is None:
        return None
    try:
        folder, name = os.path.split(os.fspath(path))
        if name in ("", ".", "..") or stat.S_ISLNK(status.st_mode):
            return str(path.resolve())
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder or ".")
        return os.path.join(real, name)
    except (OSError, RuntimeError):   # a symlink loop
        return None


def _in_pool(files: list[tuple[Path, bytes | None, str | None]], rules: list["Rule"], settings: "Settings",
             workers: int) -> Iterator["tuple[list[Finding], list[DocumentResult]]"]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the already imported modules (no re-import per worker); it is
    # safe here because archlint starts no threads. Elsewhere, the platform default.
    method = "fork" if sys.platform == "linux" else None
    context = multiprocessing.get_context(method)
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                               initargs=(rules, settings))
    try:
        with _sigint_blocked():   # workers fork inside map(): see _init
            results = pool.map(_check_chunk, chunks)
        for chunk_results in results:
            yield from chunk_results
    except BaseException:   # Ctrl-C (or a failure): stop now, not after the queued chunks
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: "ProcessPoolExecutor") -> None:
    """Stop the pool at once, leaving nothing running for interpreter exit.

    Workers are terminated first, so the pool's manager thread sees them gone,
    fails what is left and closes its wake-up pipe; then it is joined. Not joining
    it (`wait=False`) let concurrent.futures' exit hook write to that pipe while the
    thread was closing it: now and then an "OSError: Bad file descriptor" traceback
    after "archlint: interrupted"."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Hold SIGINT back while workers fork; the parent receives it right after."""
    import signal   # only with a pool: `signal` builds three enums when imported

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


_worker: dict = {}


def _init(rules: list["Rule"], settings: "Settings") -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles
    # it (one message, exit 130, workers terminated); a worker would print a traceback.
    # Forked with SIGINT blocked, so that one arriving before this line is dropped too.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker["rules"], _worker["settings"] = rules, settings


def _check_chunk(files: list[tuple[Path, bytes | None, str | None]]) -> list:
    from archlint.run.engine import check_file

    out = []
    for path, data, shown in files:
        # graphs are large to send back and not needed
        out.append(check_file(path, _worker["rules"], _worker["settings"], data, shown,
                              keep_graphs=False))
    return out
