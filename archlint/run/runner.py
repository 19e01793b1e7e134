"""Check many files: select them, then check each (cached, pooled or in this process)
and gather one report. The single-document work is in `archlint.run.engine`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from archlint.config.settings import Settings
from archlint.language import sources
from archlint.model.findings import Finding
from archlint.registry import Rule
from archlint.run.engine import check_file, rules_for
from archlint.run.results import DocumentResult, Report


def check_paths(paths: list[Path], settings: Settings | None = None,
                rules: tuple[Rule, ...] | None = None, *, jobs: int | None = 1,
                cache_dir: Path | None = None) -> Report:
    """Check every document in `paths` (files and directories).

    `jobs`: worker processes (None: a pool only for many files, see
    archlint/run/pool.py). `cache_dir`: keep per-file results there (archlint/run/cache.py).
    """
    settings = settings or Settings()
    active = rules_for(settings, rules)
    report = Report()
    # `-` (standard input) is read here, in this process: a worker has no stdin
    reads_stdin = any(str(p) == sources.STDIN for p in paths)
    paths = [p for p in paths if str(p) != sources.STDIN]
    explicit = {p for p in paths if not p.is_dir()}
    files = [path for path in sources.iter_files(paths)
             if settings.wants_file(path, explicit=path in explicit)]
    report.files = len(files) + reads_stdin
    if jobs == 1 and cache_dir is None:
        outcomes: Iterable[tuple[list[Finding], list[DocumentResult]]] = (
            check_file(path, active, settings) for path in files)
    else:
        from archlint.run.cache import ResultCache
        from archlint.run.pool import check_files

        cache = None if cache_dir is None else ResultCache(cache_dir, settings, active)
        outcomes = check_files(files, active, settings, jobs, cache)
    if reads_stdin:
        outcomes = (*outcomes, check_file(Path(sources.STDIN), active, settings))
    for errors, results in outcomes:
        report.file_errors.extend(errors)
        report.results.extend(results)
    return report
